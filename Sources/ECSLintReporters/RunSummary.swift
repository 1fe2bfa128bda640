import ECSLintEngine

/// Counts over one run, shared by every reporter.
public struct RunSummary: Sendable {
    /// Files that were checked or failed to parse.
    public let files: Int
    /// Files that were not ECS/CloudFormation documents.
    public let skipped: Int
    public let errors: Int
    public let warnings: Int
    public let infos: Int

    public init(reports: [FileReport]) {
        skipped = reports.filter { if case .skipped = $0.status { return true } else { return false } }.count
        files = reports.count - skipped
        let all = reports.flatMap(\.diagnostics)
        errors = all.filter { $0.severity == .error }.count
        warnings = all.filter { $0.severity == .warning }.count
        infos = all.filter { $0.severity == .info }.count
    }
}
