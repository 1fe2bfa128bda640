import ECSLintModel
import ECSLintSyntax
import Synchronization

/// A rule's metadata, documentation and examples, read from `rules/<family>/<CODE>-<name>.yaml`.
public struct RuleDescription: Sendable {
    public enum Scope: String, Sendable {
        case taskDefinition, service, cluster, iamRole
        /// IAM policy documents outside a role: `AWS::IAM::Policy` and the like, standalone IAM JSON.
        case iamPolicy
        /// The ECS service of a CodeDeploy AppSpec (its `Properties`, in canonical case).
        case appSpec
        /// Whole-file checks (duplicate keys, parse errors).
        case file

        static let allNames = "taskDefinition, service, cluster, iamRole, iamPolicy, appSpec, file"
    }

    public enum FixKind: String, Sendable {
        case none, safe, unsafe
    }

    public let code: String
    public let name: String
    /// Default severity; nil means the rule ships disabled (`off`).
    public let severity: Severity?
    public let summary: String
    public let rationale: String
    public let remediation: String
    public let references: [String]
    public let scope: [Scope]
    public let fix: FixKind
    /// The Swift type that implements the rule, or `pipeline` for findings the pipeline itself makes.
    public let implementation: String
    /// Name of a data table in `rules/data/` the rule reads.
    public let data: String?
    /// The examples, parsed on first use: a lint run never needs them.
    public var examples: [RuleExample] { exampleSource.examples }
    /// The declarative check (`check:`) when `implementation` is `check`; parsed by `PolicyParser`.
    public var check: Node? { exampleSource.check }
    private let exampleSource: RuleExamples
    /// Free-form labels (`security`, `correctness`, …); SARIF `properties.tags`.
    public let tags: [String]
    /// 0.0–10.0 for rules tagged `security`: how GitHub code scanning ranks the alert
    /// (≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low).
    public let securitySeverity: Double?
    /// Settings a user may give the rule under `rules: {CODE: {...}}` in `.ecs-lint.yaml`.
    public let parameters: [RuleParameter]
    /// The AWS Security Hub controls (Foundational Security Best Practices, `ECS.4`) the rule
    /// implements (`security-hub:` in its YAML; docs/security-hub.md).
    public let securityHubControls: [String]
    /// Where the description was read from (`rules/sizing/ECS101-invalid-fargate-cpu-memory.yaml`).
    public let sourcePath: String

    public static let pipelineImplementation = "pipeline"
    /// The implementation of rules written as a declarative `check:` block.
    public static let declarativeImplementation = "check"

    /// For the generated embedded catalog (`make generate`), which carries the metadata as Swift
    /// values so that start-up parses no YAML.
    public init(code: String, name: String, severity: Severity?, summary: String, rationale: String, remediation: String,
                references: [String], scope: [Scope], fix: FixKind, implementation: String, data: String?,
                tags: [String], securitySeverity: Double?, parameters: [RuleParameter], securityHubControls: [String] = [],
                sourcePath: String, examples: RuleExamples) {
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.rationale = rationale
        self.remediation = remediation
        self.references = references
        self.scope = scope
        self.fix = fix
        self.implementation = implementation
        self.data = data
        self.tags = tags
        self.securitySeverity = securitySeverity
        self.parameters = parameters
        self.securityHubControls = securityHubControls
        self.sourcePath = sourcePath
        self.exampleSource = examples
    }

    /// A Security Hub control ID: `ECS.` and a number.
    public static func isSecurityHubControl(_ text: String) -> Bool {
        text.hasPrefix("ECS.") && text.count > 4 && text.dropFirst(4).allSatisfy(\.isNumber)
    }
}

/// A rule's examples and declarative `check:` block, either parsed already or parsed from the
/// rule file's text on first use.
public final class RuleExamples: Sendable {
    private enum State {
        case parsed([RuleExample], check: Node?)
        case unparsed(text: String, sourcePath: String)
    }

    private let state: Mutex<State>
    /// The `check:` block as compact JSON, embedded beside the rule file so that a run reads
    /// only the check, never the file with all its examples (libyaml on every declarative rule
    /// file cost a pre-commit run more than all the rules together).
    /// nil for a rule without a check; not used for rules parsed from their file.
    private let checkJSON: String?
    private let embedded: Bool
    private let parsedCheck = Mutex<Node??>(nil)

    public init(_ examples: [RuleExample], check: Node? = nil) {
        state = Mutex(.parsed(examples, check: check))
        checkJSON = nil
        embedded = false
    }

    /// `text` is the whole rule file. It must be one `RuleCatalog(files:)` accepted (the
    /// generator and CatalogTests see to that); if it somehow is not, the rule has no examples.
    /// `checkJSON` is its `check:` (nil: the rule has none).
    public init(parsingLazilyFrom text: String, sourcePath: String, checkJSON: String?) {
        state = Mutex(.unparsed(text: text, sourcePath: sourcePath))
        self.checkJSON = checkJSON
        embedded = true
    }

    var examples: [RuleExample] { parsed().examples }

    var check: Node? {
        guard embedded else { return parsed().check }
        guard let checkJSON else { return nil }
        return parsedCheck.withLock { cached in
            if let cached { return cached }
            let node = try? JSONParser.parse(SourceFile(path: "check.json", text: checkJSON)).documents.first
            cached = .some(node)
            return node
        }
    }

    private func parsed() -> (examples: [RuleExample], check: Node?) {
        state.withLock { state in
            switch state {
            case .parsed(let examples, let check):
                return (examples, check)
            case .unparsed(let text, let sourcePath):
                let root = try? YAMLLoader.parse(SourceFile(path: sourcePath, text: text, lineBreaks: .yaml)).documents.first
                let examples = (try? RuleExamples.parse(root?["examples"], sourcePath: sourcePath)) ?? []
                state = .parsed(examples, check: root?["check"])
                return (examples, root?["check"])
            }
        }
    }

    static func parse(_ node: Node?, sourcePath: String) throws(CatalogError) -> [RuleExample] {
        var examples: [RuleExample] = []
        for (index, item) in (node?.items ?? []).enumerated() {
            examples.append(try RuleExample(node: item, index: index, sourcePath: sourcePath))
        }
        return examples
    }
}

public struct CatalogError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let message: String
    /// Byte offset in the rule file of what is wrong, when known.
    public let offset: Int?
    /// Line and column of `offset`, filled in by the catalog that has the file's text.
    public var position: SourcePosition?

    public init(path: String, message: String, offset: Int? = nil) {
        self.path = path
        self.message = message
        self.offset = offset
    }

    public var description: String {
        guard let position else { return "\(path): \(message)" }
        return "\(path):\(position.line):\(position.column): \(message)"
    }

    func located(in text: String) -> CatalogError {
        guard position == nil, let offset else { return self }
        var located = self
        located.position = SourceFile(path: path, text: text).position(of: offset)
        return located
    }
}

extension RuleDescription {
    init(node: Node, sourcePath: String) throws(CatalogError) {
        /// At the value of `key` when it is there, else at the start of the rule.
        func fail(_ message: String, at key: String? = nil) -> CatalogError {
            CatalogError(path: sourcePath, message: message, offset: (key.flatMap { node[$0] } ?? node).range.start)
        }
        func required(_ key: String) throws(CatalogError) -> String {
            guard let text = node[key]?.text, !text.isEmpty else { throw fail("missing '\(key)'", at: key) }
            return text
        }
        code = try required("code")
        name = try required("name")
        let severityText = try required("severity")
        if severityText == "off" {
            severity = nil
        } else if let parsed = Severity(rawValue: severityText) {
            severity = parsed
        } else {
            throw fail("severity must be error, warning, info or off, not '\(severityText)'", at: "severity")
        }
        summary = try required("summary")
        rationale = try required("rationale")
        remediation = try required("remediation")
        references = node["references"]?.items?.compactMap(\.text) ?? []
        var scopes: [Scope] = []
        for item in node["scope"]?.items ?? [] {
            guard let text = item.text, let scope = Scope(rawValue: text) else {
                throw CatalogError(path: sourcePath, message: "unknown scope '\(item.text ?? "?")'; expected one of: \(Scope.allNames)", offset: item.range.start)
            }
            scopes.append(scope)
        }
        guard !scopes.isEmpty else { throw fail("missing 'scope'", at: "scope") }
        scope = scopes
        guard let fixKind = FixKind(rawValue: node["fix"]?.text ?? "none") else { throw fail("fix must be none, safe or unsafe", at: "fix") }
        fix = fixKind
        if let check = node["check"] {
            guard node["implementation"] == nil else { throw fail("a rule has either 'check' or 'implementation', not both", at: "implementation") }
            guard check.entries != nil else { throw fail("'check' must be a mapping", at: "check") }
            implementation = Self.declarativeImplementation
        } else {
            implementation = try required("implementation")
        }
        data = node["data"]?.text
        let examples = try RuleExamples.parse(node["examples"], sourcePath: sourcePath)
        if fixKind == .none, let index = examples.firstIndex(where: { $0.fixed != nil }) {
            throw CatalogError(path: sourcePath, message: "example \(index + 1): 'fixed' needs a rule with 'fix: safe' or 'fix: unsafe'",
                               offset: node["examples"]?.items?[index].range.start)
        }
        exampleSource = RuleExamples(examples, check: node["check"])
        tags = node["tags"]?.items?.compactMap(\.text) ?? []
        if let text = node["security-severity"]?.text {
            guard let value = Double(text), (0...10).contains(value) else { throw fail("security-severity must be a number from 0 to 10", at: "security-severity") }
            securitySeverity = value
        } else {
            securitySeverity = nil
        }
        guard tags.contains("security") == (securitySeverity != nil) else {
            throw fail("rules tagged 'security' need a security-severity, and only they", at: "tags")
        }
        var parameters: [RuleParameter] = []
        for item in node["parameters"]?.items ?? [] {
            guard let name = item["name"]?.text, let kindText = item["type"]?.text,
                  let kind = RuleParameter.Kind(rawValue: kindText), let summary = item["description"]?.text else {
                throw fail("parameters need name, type (\(RuleParameter.Kind.allCases.map(\.rawValue).joined(separator: ", "))) and description", at: "parameters")
            }
            parameters.append(RuleParameter(name: name, kind: kind, description: summary))
        }
        self.parameters = parameters
        var controls: [String] = []
        for item in node["security-hub"]?.items ?? [] {
            guard let text = item.text, Self.isSecurityHubControl(text) else {
                throw CatalogError(path: sourcePath, message: "security-hub lists Security Hub control IDs such as ECS.4, not '\(item.text ?? "?")'",
                                   offset: item.range.start)
            }
            controls.append(text)
        }
        securityHubControls = controls
        self.sourcePath = sourcePath
        let expectedFileName = "\(code)-\(name).yaml"
        guard sourcePath.hasSuffix("/" + expectedFileName) || sourcePath == expectedFileName else {
            throw fail("file name must be \(expectedFileName)", at: "code")
        }
    }
}

/// A setting of one rule, given in `.ecs-lint.yaml` under `rules: {CODE: {name: value}}`.
public struct RuleParameter: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case stringList = "string-list"
        /// A list of PCRE2 patterns, compiled when the configuration is read.
        case patternList = "pattern-list"
        case boolean, integer, string
    }

    public let name: String
    public let kind: Kind
    public let description: String

    public init(name: String, kind: Kind, description: String) {
        self.name = name
        self.kind = kind
        self.description = description
    }
}
