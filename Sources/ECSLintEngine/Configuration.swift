import ECSLintSyntax

/// The lowest severity that makes a run fail.
public enum FailOn: String, Sendable, CaseIterable {
    case error, warning, info, never

    public var threshold: Severity? {
        switch self {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        case .never: return nil
        }
    }
}

/// A problem in `.ecs-lint.yaml` or a command-line option: a usage error (exit 2), printed with
/// the file, line and column.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let path: String?
    public let position: SourcePosition?
    public let message: String

    public init(path: String?, position: SourcePosition?, message: String) {
        self.path = path
        self.position = position
        self.message = message
    }

    public var description: String {
        guard let path else { return message }
        guard let position else { return "\(path): \(message)" }
        return "\(path):\(position.line):\(position.column): \(message)"
    }
}

/// `.ecs-lint.yaml`: which files and rules a run covers, rule settings, and the suppressions and
/// baseline that keep known findings from failing it. Keys are kebab-case and mirror the flags.
public struct Configuration: Sendable {
    public static let fileNames = [".ecs-lint.yaml", ".ecs-lint.yml"]
    public static let keys = ["version", "include", "exclude", "select", "ignore", "severity", "fail-on", "rules",
                              "per-file-ignores", "suppressions", "baseline", "limits", "custom-rules"]
    public static let limitKeys = ["max-file-size", "max-depth", "max-alias-expansion", "max-findings-per-rule"]

    public struct SeverityOverride: Sendable {
        public let selector: RuleSelector
        /// nil turns the rules off.
        public let severity: Severity?
    }

    public struct PerFileIgnore: Sendable {
        public let glob: Glob
        public let selectors: [RuleSelector]
    }

    /// A `suppressions:` entry: for raw ECS JSON (which allows no comments or extra keys) and
    /// anything else a team prefers to suppress centrally.
    public struct FileSuppression: Sendable {
        public let path: Glob
        public let selectors: [RuleSelector]
        public let target: SuppressionTarget?
        public let reason: String?
        /// `YYYY-MM-DD`; the suppression stops applying after this day.
        public let expires: String?
        /// Where the entry is written, for ECS008/ECS009 findings about it.
        public let position: SourcePosition
    }

    /// The configuration file (as displayed); nil for the defaults.
    public var file: String?
    /// The file's path relative to the project root (for fingerprints of findings about it).
    public var projectPath: String?
    public var include: [Glob] = []
    public var exclude: [Glob] = []
    /// nil: the rules that are on by default.
    public var select: [RuleSelector]?
    public var ignore: [RuleSelector] = []
    public var severity: [SeverityOverride] = []
    public var failOn: FailOn?
    /// Rule code → parameter name → value (checked against the rule's declared parameters).
    public var ruleParameters: [String: [String: Node]] = [:]
    /// The safety limits of ECS012 (file size, nesting, YAML alias expansion).
    public var limits = ParseLimits.default
    /// Findings of one rule listed per file; past it, one finding says how many were left out.
    public var maxFindingsPerRule = 500
    /// Directories of the team's own rule files, relative to the configuration file.
    public var customRules: [String] = []
    public var perFileIgnores: [PerFileIgnore] = []
    public var suppressions: [FileSuppression] = []
    /// As written, relative to the project root.
    public var baseline: String?

    public init() {}

    // MARK: Rule resolution

    /// The severity a rule runs with, or nil when it does not run. Exact codes and names beat
    /// Security Hub controls, which beat the `security-hub` preset, which beats prefixes; longer
    /// prefixes beat shorter ones, and on a tie `ignore` wins. Rules that ship `off` run only
    /// when named exactly, selected with `ALL`, the preset or their control, or given a severity.
    public func severity(for rule: RuleDescription) -> Severity? {
        let override = severity.filter { $0.selector.matches(rule) }.max { $0.selector.specificity < $1.selector.specificity }
        if rule.implementation == RuleDescription.pipelineImplementation, Self.alwaysOn.contains(rule.code) {
            return override?.severity ?? rule.severity ?? .error
        }
        if let override, override.severity == nil { return nil }
        let selectedBy: Int?
        if let select {
            selectedBy = select.filter { selector in
                selector.matches(rule) && (rule.severity != nil || selector.enablesRulesOffByDefault)
            }.map(\.specificity).max()
        } else {
            selectedBy = rule.severity != nil || override != nil ? -1 : nil
        }
        guard let selectedBy else { return nil }
        if let ignoredBy = ignore.filter({ $0.matches(rule) }).map(\.specificity).max(), ignoredBy >= selectedBy {
            return nil
        }
        return override?.severity ?? rule.severity ?? .warning
    }

    /// Parse errors and input limits always run and always fail: a file ecs-lint cannot read is
    /// never a pass.
    public static let alwaysOn: Set<String> = ["ECS001", "ECS012"]

    /// Rules ignored for a file by `per-file-ignores` (`path` is relative to the project root).
    public func ignoredRules(forPath path: String) -> [RuleSelector] {
        guard Self.isInsideProject(path) else { return [] }
        return perFileIgnores.filter { $0.glob.matches(path) }.flatMap(\.selectors)
    }

    /// Project paths of files outside the project root stay absolute; configuration globs never
    /// apply to them.
    public static func isInsideProject(_ projectPath: String) -> Bool {
        !projectPath.isEmpty && !projectPath.hasPrefix("/")
    }
}

// MARK: Parsing

extension Configuration {
    /// Reads a configuration file. Unknown keys and bad values are errors with a position and,
    /// where one is close, a suggestion.
    public static func parse(_ source: SourceFile, displayPath: String, catalog: RuleCatalog) throws(ConfigurationError) -> Configuration {
        let parsed: ParsedFile
        do throws(SyntaxError) {
            // Invalid UTF-8 and NUL bytes are found here with their position; libyaml would say 1:1.
            if let problem = InputCheck.validate(source.bytes, limits: .default) { throw problem }
            parsed = try YAMLLoader.parse(source)
        } catch {
            throw ConfigurationError(path: displayPath, position: source.position(of: error.offset), message: error.message)
        }
        let reader = ConfigurationReader(source: source, displayPath: displayPath, catalog: catalog)
        if let duplicate = parsed.duplicateKeys.first {
            throw reader.error("key '\(duplicate.key.text ?? "")' is given twice", at: duplicate.key)
        }
        var configuration = Configuration()
        configuration.file = displayPath
        guard let root = parsed.documents.first else { return configuration }
        if case .scalar(let scalar) = root.content, scalar.kind == .null { return configuration }
        guard parsed.documents.count == 1 else { throw reader.error("expected one YAML document", at: parsed.documents[1]) }
        let entries = try reader.mapping(root, what: "the configuration")
        for entry in entries {
            let key = try reader.key(entry, allowed: keys, what: "configuration key")
            let value = entry.value
            switch key {
            case "version":
                guard value.text == "1" else { throw reader.error("version must be 1", at: value) }
            case "include":
                configuration.include = try reader.globs(value)
            case "exclude":
                configuration.exclude = try reader.globs(value)
            case "select":
                let selected = try reader.selectors(value)
                // An empty list would silently turn every rule off and pass every file.
                guard !selected.isEmpty else { throw reader.error("select is empty, which would run no rules; remove it to run the default rules", at: value) }
                configuration.select = selected
            case "ignore":
                configuration.ignore = try reader.selectors(value)
            case "severity":
                for item in try reader.mapping(value, what: "severity") {
                    let selector = try reader.selector(item.key)
                    let level = try reader.choice(item.value, Severity.allCases.map(\.rawValue) + ["off"], what: "severity")
                    configuration.severity.append(SeverityOverride(selector: selector, severity: Severity(rawValue: level)))
                }
            case "fail-on":
                configuration.failOn = FailOn(rawValue: try reader.choice(value, FailOn.allCases.map(\.rawValue), what: "fail-on"))
            case "rules":
                for item in try reader.mapping(value, what: "rules") {
                    let (code, parameters) = try reader.ruleParameters(item)
                    configuration.ruleParameters[code, default: [:]].merge(parameters) { $1 }
                }
            case "per-file-ignores":
                for item in try reader.mapping(value, what: "per-file-ignores") {
                    configuration.perFileIgnores.append(PerFileIgnore(glob: try reader.glob(item.key), selectors: try reader.selectors(item.value)))
                }
            case "suppressions":
                for item in try reader.sequence(value, what: "suppressions") {
                    configuration.suppressions.append(try reader.fileSuppression(item))
                }
            case "baseline":
                configuration.baseline = try reader.string(value, what: "baseline")
            case "custom-rules":
                configuration.customRules = try Self.customRuleDirectories(value, reader: reader)
            case "limits":
                for item in try reader.mapping(value, what: "limits") {
                    switch try reader.key(item, allowed: limitKeys, what: "limit") {
                    case "max-file-size":
                        guard let text = item.value.text else {
                            throw reader.error("max-file-size must be a size such as 8MiB, 500kB or 1048576 (bytes)", at: item.value)
                        }
                        switch ByteCount.fileSizeLimit(text) {
                        case .success(let size): configuration.limits.maxFileSize = size
                        case .failure(let problem): throw reader.error("max-file-size \(problem.message)", at: item.value)
                        }
                    case "max-depth":
                        configuration.limits.maxDepth = try reader.count(item.value, what: "max-depth", in: 2...1_000)
                    case "max-findings-per-rule":
                        configuration.maxFindingsPerRule = try reader.count(item.value, what: "max-findings-per-rule", in: 1...1_000_000)
                    default:
                        configuration.limits.maxAliasExpansion = try reader.count(item.value, what: "max-alias-expansion", in: 0...100_000_000)
                    }
                }
            default:
                break
            }
        }
        return configuration
    }
}

extension Configuration {
    /// Only the `custom-rules:` directories of a configuration file: the rules in them must be in
    /// the catalog before the rest of the file, which may select or configure them, is read.
    public static func customRuleDirectories(in source: SourceFile, displayPath: String, catalog: RuleCatalog) throws(ConfigurationError) -> [String] {
        // Most configurations have none; do not parse them twice for nothing.
        guard String(decoding: source.bytes, as: UTF8.self).containsBytes("custom-rules"),
              let root = try? YAMLLoader.parse(source).documents.first, let value = root["custom-rules"] else { return [] }
        return try customRuleDirectories(value, reader: ConfigurationReader(source: source, displayPath: displayPath, catalog: catalog))
    }

    fileprivate static func customRuleDirectories(_ value: Node, reader: ConfigurationReader) throws(ConfigurationError) -> [String] {
        var directories: [String] = []
        for item in value.items ?? [value] {
            guard let text = item.string, !text.isEmpty else {
                throw reader.error("custom-rules lists directories of rule files (relative to this file)", at: item)
            }
            directories.append(text)
        }
        return directories
    }
}

/// Turns configuration nodes into values, with positioned errors.
struct ConfigurationReader {
    let source: SourceFile
    let displayPath: String
    let catalog: RuleCatalog

    func error(_ message: String, at node: Node) -> ConfigurationError {
        ConfigurationError(path: displayPath, position: source.position(of: node.range.start), message: message)
    }

    func mapping(_ node: Node, what: String) throws(ConfigurationError) -> [Node.Entry] {
        guard let entries = node.entries else { throw error("\(what) must be a mapping", at: node) }
        return entries
    }

    func sequence(_ node: Node, what: String) throws(ConfigurationError) -> [Node] {
        if let items = node.items { return items }
        throw error("\(what) must be a list", at: node)
    }

    func string(_ node: Node, what: String) throws(ConfigurationError) -> String {
        guard let scalar = node.scalar, scalar.kind != .null, !scalar.text.isEmpty else {
            throw error("\(what) must be a non-empty string", at: node)
        }
        return scalar.text
    }

    func count(_ node: Node, what: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard node.scalar?.kind == .integer, let text = node.text, let value = Int(text), range.contains(value) else {
            throw error("\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: node)
        }
        return value
    }

    func key(_ entry: Node.Entry, allowed: [String], what: String) throws(ConfigurationError) -> String {
        let name = entry.key.text ?? ""
        guard allowed.contains(name) else {
            throw error("unknown \(what) '\(name)'\(Suggestion.hint(Suggestion.closest(to: name, among: allowed)))"
                + "; expected one of: \(allowed.joined(separator: ", "))", at: entry.key)
        }
        return name
    }

    func choice(_ node: Node, _ allowed: [String], what: String) throws(ConfigurationError) -> String {
        let text = try string(node, what: what)
        guard allowed.contains(text) else {
            throw error("\(what) must be one of \(allowed.joined(separator: ", ")), not '\(text)'"
                + Suggestion.hint(Suggestion.closest(to: text, among: allowed, ignoringCase: true)), at: node)
        }
        return text
    }

    func glob(_ node: Node) throws(ConfigurationError) -> Glob {
        let text = try string(node, what: "a path pattern")
        do {
            return try Glob(text)
        } catch let failure {
            throw error("bad path pattern '\(text)': \(failure.message)", at: node)
        }
    }

    func globs(_ node: Node) throws(ConfigurationError) -> [Glob] {
        var globs: [Glob] = []
        for item in node.items ?? [node] { globs.append(try glob(item)) }
        return globs
    }

    func selector(_ node: Node) throws(ConfigurationError) -> RuleSelector {
        try selector(try string(node, what: "a rule code, name or prefix"), at: node)
    }

    func selector(_ text: String, at node: Node) throws(ConfigurationError) -> RuleSelector {
        guard let selector = RuleSelector(text, catalog: catalog) else {
            throw error("'\(text.trimmingWhitespace)' names no rule\(Suggestion.hint(RuleSelector.suggestion(for: text, catalog: catalog)))", at: node)
        }
        return selector
    }

    /// A list, one string, or comma-separated codes (`ignore: "ECS104, ECS105"`, like the CLI).
    func selectors(_ node: Node) throws(ConfigurationError) -> [RuleSelector] {
        var selectors: [RuleSelector] = []
        for item in node.items ?? [node] {
            let text = try string(item, what: "a rule code, name or prefix")
            for part in text.split(separator: ",") {
                selectors.append(try selector(String(part), at: item))
            }
        }
        return selectors
    }

    /// `ECS401: {extra-name-patterns: [...]}` checked against the rule's declared parameters.
    func ruleParameters(_ entry: Node.Entry) throws(ConfigurationError) -> (String, [String: Node]) {
        let selector = try selector(entry.key)
        guard selector.isExact, let rule = catalog.rules.first(where: selector.matches) else {
            throw error("rule settings need one rule's code or name, not '\(selector.text)'", at: entry.key)
        }
        let declared = rule.parameters
        var values: [String: Node] = [:]
        for item in try mapping(entry.value, what: "settings of \(rule.code)") {
            let name = item.key.text ?? ""
            guard let parameter = declared.first(where: { $0.name == name }) else {
                let known = declared.map(\.name)
                let expected = known.isEmpty ? "; \(rule.code) has no settings" : "; \(rule.code) has: \(known.joined(separator: ", "))"
                throw error("unknown setting '\(name)' for \(rule.code)\(Suggestion.hint(Suggestion.closest(to: name, among: known)))\(expected)",
                            at: item.key)
            }
            try check(item.value, against: parameter, of: rule)
            values[name] = item.value
        }
        return (rule.code, values)
    }

    private func check(_ value: Node, against parameter: RuleParameter, of rule: RuleDescription) throws(ConfigurationError) {
        let label = "\(rule.code) \(parameter.name)"
        switch parameter.kind {
        case .stringList, .patternList:
            let items = try sequence(value, what: label)
            for item in items {
                let text = try string(item, what: "each item of \(label)")
                if parameter.kind == .patternList {
                    do {
                        _ = try Regex(text)
                    } catch let failure {
                        throw error("\(label): invalid pattern: \(failure)", at: item)
                    }
                }
            }
        case .boolean:
            guard value.scalar?.kind == .bool else { throw error("\(label) must be true or false", at: value) }
        case .integer:
            guard value.scalar?.kind == .integer else { throw error("\(label) must be an integer", at: value) }
        case .string:
            _ = try string(value, what: label)
        }
    }

    static let suppressionKeys = ["path", "rule", "target", "reason", "expires"]

    func fileSuppression(_ node: Node) throws(ConfigurationError) -> Configuration.FileSuppression {
        var path: Glob?
        var selectors: [RuleSelector] = []
        var target: SuppressionTarget?
        var reason: String?
        var expires: String?
        for entry in try mapping(node, what: "a suppression") {
            switch try key(entry, allowed: Self.suppressionKeys, what: "suppression key") {
            case "path": path = try glob(entry.value)
            case "rule": selectors = try self.selectors(entry.value)
            case "target":
                let text = try string(entry.value, what: "target")
                do {
                    target = try SuppressionTarget(text)
                } catch let failure {
                    throw error(failure.message, at: entry.value)
                }
            case "reason":
                reason = entry.value.text?.trimmingWhitespace
                if reason?.isEmpty == true { reason = nil }
            case "expires":
                let text = entry.value.text ?? ""
                guard ExpiryDate.isValid(text) else { throw error("expires must be a date written YYYY-MM-DD, not '\(text)'", at: entry.value) }
                expires = text
            default: break
            }
        }
        guard let path else { throw error("a suppression needs 'path'", at: node) }
        guard !selectors.isEmpty else { throw error("a suppression needs 'rule'", at: node) }
        return .init(path: path, selectors: selectors, target: target, reason: reason, expires: expires,
                     position: source.position(of: node.range.start))
    }
}

/// `YYYY-MM-DD` dates for suppression expiry; compared as text, which orders them correctly.
public enum ExpiryDate {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(month) && day >= 1 && day <= days[month - 1]
    }

    /// The suppression no longer applies once `today` is past `expires`.
    public static func hasExpired(_ expires: String?, today: String) -> Bool {
        guard let expires else { return false }
        return today > expires
    }
}
