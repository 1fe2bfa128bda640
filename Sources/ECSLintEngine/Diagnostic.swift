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
    /// The line-independent location (containers by name) that fingerprints and suppression
    /// targets use.
    public let location: LogicalLocation
    /// Stable identity across line moves: rule, project-relative path and logical location
    /// (see `Fingerprint`). Set by the linter once it knows the file's project path.
    public internal(set) var fingerprint: String = ""
    /// Set when a comment, CloudFormation Metadata or the configuration suppresses the finding.
    public internal(set) var suppression: Suppression?
    /// Set when the baseline already holds the finding.
    public internal(set) var baselined = false
    /// How to repair it, when the rule knows.
    public let fix: Fix?

    public init(code: String, name: String, severity: Severity, message: String, file: String, range: SourceRange,
                start: SourcePosition, end: SourcePosition, logicalPath: String?, resource: String?,
                location: LogicalLocation? = nil, fix: Fix? = nil) {
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
        self.location = location ?? LogicalLocation(resource: resource, segments: [])
        self.fix = fix
    }

    /// Counts toward the exit status and the plain reports: neither suppressed nor baselined.
    public var isActive: Bool { suppression == nil && !baselined }

    /// File, line, column, rule: the order every reporter uses.
    public static func sortedForReport(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted {
            ($0.file, $0.start.line, $0.start.column, $0.code) < ($1.file, $1.start.line, $1.start.column, $1.code)
        }
    }
}

/// Why a finding is not reported as active.
public struct Suppression: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// `# ecs-lint: ignore[CODE] -- reason` on or above the line.
        case comment
        /// `# ecs-lint: ignore-file[CODE] -- reason`.
        case fileComment = "file-comment"
        /// CloudFormation `Metadata: {ecs-lint: {ignore: [...]}}` on the resource or template.
        case metadata
        /// A Kubernetes-style object's `ecs-lint.io/ignore` or `ignore-check.ecs-lint.io/CODE`
        /// annotation.
        case annotation
        /// `suppressions:` or `per-file-ignores`-style entries in `.ecs-lint.yaml`.
        case config
    }

    public let kind: Kind
    public let reason: String?
    /// Where the suppression is written, as `path:line:column`.
    public let source: String

    public init(kind: Kind, reason: String?, source: String) {
        self.kind = kind
        self.reason = reason
        self.source = source
    }

    /// Written in the linted file itself (SARIF's `inSource`) rather than in configuration.
    public var isInSource: Bool { kind != .config }
}

/// The identity of a finding that survives edits elsewhere in the file: a hash of the rule, the
/// file's path relative to the project root and the finding's logical location. Never line numbers,
/// so moved lines stay matched; never just the resource name, so findings in two files never merge
/// (checkov's baseline collapses them, checkov #7647).
public enum Fingerprint {
    public static let version = "v1"

    public static func compute(rule: String, projectPath: String, location: LogicalLocation) -> String {
        let digest = SHA256.hex([version, rule, projectPath, location.description].joined(separator: "\u{0}"))
        return String(digest.prefix(32))
    }
}
