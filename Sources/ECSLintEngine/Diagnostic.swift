import ECSLintSyntax

/// One finding, with its position already resolved to lines and columns.
public struct Diagnostic: Sendable {
    public let code: String
    public let name: String
    public let severity: Severity
    public let message: String
    /// The file as the user named it (or as found under a directory they named).
    public let file: String
    public let range: SourceRange
    public let start: SourcePosition
    public let end: SourcePosition
    /// Canonical path inside the resource (`containerDefinitions[0].cpu`); nil for file-level findings.
    public let logicalPath: String?
    /// CloudFormation logical ID, task family or service name.
    public let resource: String?

    public init(code: String, name: String, severity: Severity, message: String, file: String, range: SourceRange,
                start: SourcePosition, end: SourcePosition, logicalPath: String?, resource: String?) {
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.start = start
        self.end = end
        self.logicalPath = logicalPath
        self.resource = resource
    }

    /// File, line, column, rule: the order every reporter uses.
    public static func sortedForReport(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            ($0.file, $0.start.line, $0.start.column, $0.code) < ($1.file, $1.start.line, $1.start.column, $1.code)
        }
    }
}
