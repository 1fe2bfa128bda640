import ECSLintEngine

/// Everything a reporter needs about one run. Reporters only see findings and rule metadata,
/// never input formats.
public struct RunReport: Sendable {
    public let files: [FileReport]
    public let catalog: RuleCatalog
    /// Absolute path of the directory relative paths start from (SARIF's `%SRCROOT%`).
    public let workingDirectory: String
    /// A baseline was applied, so findings are either new or unchanged.
    public let baselineInUse: Bool

    public init(files: [FileReport], catalog: RuleCatalog, workingDirectory: String, baselineInUse: Bool = false) {
        self.files = files
        self.catalog = catalog
        self.workingDirectory = workingDirectory
        self.baselineInUse = baselineInUse
    }

    /// Every finding, sorted by file, line, column and rule.
    public var allFindings: [Diagnostic] { Diagnostic.sortedForReport(files.flatMap(\.diagnostics)) }

    /// Findings that count: neither suppressed nor baselined.
    public var activeFindings: [Diagnostic] { allFindings.filter(\.isActive) }
}
