import ECSLintEngine

/// Counts over one run, shared by every reporter. Severities count active findings only;
/// suppressed and baselined ones have their own counts.
public struct RunSummary: Sendable {
    /// Files that were checked or failed to parse.
    public let files: Int
    /// Files that were not ECS/CloudFormation documents.
    public let skipped: Int
    public let errors: Int
    public let warnings: Int
    public let infos: Int
    public let suppressed: Int
    public let baselined: Int
    /// Files that could not be parsed or hit an input limit.
    public let parseErrors: Int

    public init(reports: [FileReport]) {
        var files = 0, skipped = 0, parseErrors = 0
        for report in reports {
            switch report.status {
            case .skipped: skipped += 1
            case .configuration: break
            case .failed:
                files += 1
                parseErrors += 1
            case .linted: files += 1
            }
        }
        self.files = files
        self.skipped = skipped
        self.parseErrors = parseErrors
        let all = reports.flatMap(\.diagnostics)
        let active = all.filter(\.isActive)
        errors = active.filter { $0.severity == .error }.count
        warnings = active.filter { $0.severity == .warning }.count
        infos = active.filter { $0.severity == .info }.count
        suppressed = all.filter { $0.suppression != nil }.count
        baselined = all.filter { $0.suppression == nil && $0.baselined }.count
    }
}
