import ECSLintSyntax
import Synchronization

/// Every rule description and data table, read from `rules/` (or its embedded copy).
public struct RuleCatalog: Sendable {
    public let rules: [RuleDescription]
    private let dataTables: DataTables

    /// A data table from `rules/data/`, by file name without extension.
    public func data(_ name: String) -> Node? { dataTables.table(name) }

    /// The catalog compiled into ecs-lint: metadata generated from `files` by `make generate`,
    /// examples and data tables parsed from `files` only when something asks for them.
    public init(embedded rules: [RuleDescription], files: [(path: String, text: String)]) {
        self.rules = rules
        var texts: [String: (path: String, text: String)] = [:]
        for file in files where Self.isDataTable(file.path) { texts[Self.tableName(file.path)] = file }
        dataTables = DataTables(unparsed: texts)
    }

    private static func isDataTable(_ path: String) -> Bool { path.contains("/data/") }

    /// Rule files and hand-written tables are YAML; generated tables (`ecs-schema.json`) are
    /// JSON, which the JSON parser reads several times faster than libyaml would.
    fileprivate static func parse(_ source: SourceFile) throws(SyntaxError) -> ParsedFile {
        source.path.hasSuffix(".json") ? try JSONParser.parse(source) : try YAMLLoader.parse(source)
    }

    private static func tableName(_ path: String) -> String {
        String(path.split(separator: "/").last!.split(separator: ".").first!)
    }

    /// Builds the catalog from `(path relative to the repository, text)` pairs, checking everything.
    public init(files: [(path: String, text: String)]) throws(CatalogError) {
        let (rules, data) = try Self.read(files)
        try Self.validate(rules, data: { data[$0] }, files: files)
        self.rules = rules.sorted { $0.code < $1.code }
        self.dataTables = DataTables(parsed: data)
    }

    /// The built-in catalog plus a user's rules (`--rules-dir`, `custom-rules:`): declarative
    /// checks only, with codes in the user range (`X…`) that no built-in rule uses, and data
    /// tables (files under a `data/` folder) that do not shadow built-in ones.
    public init(base: RuleCatalog, customFiles files: [(path: String, text: String)]) throws(CatalogError) {
        let (custom, data) = try Self.read(files)
        let texts = Dictionary(files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        for rule in custom {
            let text = texts[rule.sourcePath] ?? ""
            guard rule.code.hasPrefix(Self.customCodePrefix), rule.code.count > 1,
                  rule.code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw CatalogError(path: rule.sourcePath, message: "custom rule codes start with '\(Self.customCodePrefix)' followed by capital letters and digits (X001, XACME12), not '\(rule.code)'", offset: 0).located(in: text)
            }
            if base.rule(rule.code) != nil {
                throw CatalogError(path: rule.sourcePath, message: "code \(rule.code) is a built-in rule's", offset: 0).located(in: text)
            }
            guard rule.implementation == RuleDescription.declarativeImplementation else {
                throw CatalogError(path: rule.sourcePath, message: "custom rules are declarative: replace 'implementation' with a 'check' block (rules/README.md)", offset: 0).located(in: text)
            }
        }
        for file in files where Self.isDataTable(file.path) && base.data(Self.tableName(file.path)) != nil {
            throw CatalogError(path: file.path, message: "data table '\(Self.tableName(file.path))' has the name of a built-in table; rename it")
        }
        try Self.validate(base.rules + custom, data: { data[$0] ?? base.data($0) }, files: files)
        self.rules = (base.rules + custom).sorted { $0.code < $1.code }
        self.dataTables = DataTables(parsed: data, fallback: base.dataTables)
    }

    public static let customCodePrefix = "X"

    /// A user's rule (`--rules-dir`, `custom-rules:`): built-in codes never take the custom
    /// prefix, which `init(base:customFiles:)` enforces.
    public static func isCustom(_ rule: RuleDescription) -> Bool {
        rule.code.hasPrefix(customCodePrefix)
    }

    private static func read(_ files: [(path: String, text: String)]) throws(CatalogError) -> ([RuleDescription], [String: Node]) {
        var rules: [RuleDescription] = []
        var data: [String: Node] = [:]
        for file in files {
            let parsed: ParsedFile
            do {
                parsed = try Self.parse(SourceFile(path: file.path, text: file.text))
            } catch {
                let position = SourceFile(path: file.path, text: file.text).position(of: error.offset)
                throw CatalogError(path: file.path, message: "\(position): \(error.message)")
            }
            guard let root = parsed.documents.first else { throw CatalogError(path: file.path, message: "empty file") }
            // Examples may repeat keys on purpose (ECS002's do); the metadata may not.
            let examples = root["examples"]?.range
            if let duplicate = parsed.duplicateKeys.first(where: { duplicate in
                examples.map { !($0.start <= duplicate.key.range.start && duplicate.key.range.start < $0.end) } ?? true
            }) {
                throw CatalogError(path: file.path, message: "duplicate key '\(duplicate.key.text ?? "")'", offset: duplicate.key.range.start)
                    .located(in: file.text)
            }
            if Self.isDataTable(file.path) {
                data[Self.tableName(file.path)] = root
            } else {
                do {
                    rules.append(try RuleDescription(node: root, sourcePath: file.path))
                } catch {
                    throw error.located(in: file.text)
                }
            }
        }
        return (rules, data)
    }

    /// Unique codes, existing data tables, and declarative checks that compile: a broken one
    /// stops the load with its position instead of surfacing when a run enables the rule.
    private static func validate(_ rules: [RuleDescription], data: @escaping (String) -> Node?, files: [(path: String, text: String)]) throws(CatalogError) {
        var seen = Set<String>()
        let texts = Dictionary(files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        for rule in rules {
            guard seen.insert(rule.code).inserted else {
                throw CatalogError(path: rule.sourcePath, message: "code \(rule.code) is used twice")
            }
            if let table = rule.data, data(table) == nil {
                throw CatalogError(path: rule.sourcePath, message: "data table '\(table)' not found in rules/data/")
            }
            if let check = rule.check {
                do {
                    _ = try PolicyParser.parse(check, data: data)
                } catch {
                    throw CatalogError(path: rule.sourcePath, message: error.message, offset: error.offset).located(in: texts[rule.sourcePath] ?? "")
                }
            }
        }
    }

    public func rule(_ code: String) -> RuleDescription? {
        rules.first { $0.code == code }
    }
}

/// Data tables by name, parsed on first use when they come from the embedded copy.
private final class DataTables: Sendable {
    private let parsed: Mutex<[String: Node]>
    private let unparsed: [String: (path: String, text: String)]
    /// The built-in tables, under a user's.
    private let fallback: DataTables?

    init(parsed: [String: Node], fallback: DataTables? = nil) {
        self.parsed = Mutex(parsed)
        self.unparsed = [:]
        self.fallback = fallback
    }

    init(unparsed: [String: (path: String, text: String)]) {
        self.parsed = Mutex([:])
        self.unparsed = unparsed
        self.fallback = nil
    }

    func table(_ name: String) -> Node? {
        if let fallback, let table = fallback.table(name) { return table }
        return parsed.withLock { parsed in
            if let table = parsed[name] { return table }
            guard let file = unparsed[name],
                  let root = try? RuleCatalog.parse(SourceFile(path: file.path, text: file.text, lineBreaks: .yaml)).documents.first
            else { return nil }
            parsed[name] = root
            return root
        }
    }
}
