import ECSLintEngine

/// Everything a reporter needs about one run. Reporters only see findings and rule metadata,
/// never input formats.
public struct RunReport: Sendable {
    public let files: [FileReport]
    public let catalog: RuleCatalog
    /// Absolute path of the directory the findings' relative paths start from.
    public let workingDirectory: String
    /// Absolute path of the repository root: GitHub annotations and SARIF URIs (`%SRCROOT%`)
    /// are relative to it, whatever directory the run started in.
    public let sourceRoot: String
    /// A baseline was applied, so findings are either new or unchanged.
    public let baselineInUse: Bool

    public init(files: [FileReport], catalog: RuleCatalog, workingDirectory: String, sourceRoot: String? = nil, baselineInUse: Bool = false) {
        self.files = files
        self.catalog = catalog
        self.workingDirectory = workingDirectory
        self.sourceRoot = sourceRoot ?? workingDirectory
        self.baselineInUse = baselineInUse
    }

    /// A finding's path relative to `sourceRoot`, or nil when the file lies outside it (then the
    /// absolute path is in `absolutePath`).
    public func pathFromSourceRoot(_ displayPath: String) -> String? {
        let absolute = absolutePath(displayPath)
        let root = Self.normalize(sourceRoot)
        if root == "/" { return String(absolute.dropFirst()) }
        return absolute.hasPrefix(root + "/") ? String(absolute.dropFirst(root.count + 1)) : nil
    }

    public func absolutePath(_ displayPath: String) -> String {
        Self.normalize(displayPath.hasPrefix("/") ? displayPath : workingDirectory + "/" + displayPath)
    }

    /// Resolves `.`, `..` and repeated slashes in an absolute path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Every finding, sorted by file, line, column and rule.
    public var allFindings: [Diagnostic] { Diagnostic.sortedForReport(files.flatMap(\.diagnostics)) }

    /// Findings that count: neither suppressed nor baselined.
    public var activeFindings: [Diagnostic] { allFindings.filter(\.isActive) }
}
