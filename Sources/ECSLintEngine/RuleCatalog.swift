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

    private static func tableName(_ path: String) -> String {
        String(path.split(separator: "/").last!.split(separator: ".").first!)
    }

    /// Builds the catalog from `(path relative to the repository, text)` pairs, checking everything.
    public init(files: [(path: String, text: String)]) throws(CatalogError) {
        var rules: [RuleDescription] = []
        var data: [String: Node] = [:]
        for file in files {
            let parsed: ParsedFile
            do {
                parsed = try YAMLLoader.parse(SourceFile(path: file.path, text: file.text))
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
                throw CatalogError(path: file.path, message: "duplicate key '\(duplicate.key.text ?? "")'")
            }
            if Self.isDataTable(file.path) {
                data[Self.tableName(file.path)] = root
            } else {
                rules.append(try RuleDescription(node: root, sourcePath: file.path))
            }
        }
        var seen = Set<String>()
        let texts = Dictionary(files.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        for rule in rules {
            guard seen.insert(rule.code).inserted else {
                throw CatalogError(path: rule.sourcePath, message: "code \(rule.code) is used twice")
            }
            if let table = rule.data, data[table] == nil {
                throw CatalogError(path: rule.sourcePath, message: "data table '\(table)' not found in rules/data/")
            }
            // A declarative check is compiled here once, so that a broken one stops the load
            // with its position instead of surfacing when a run enables the rule.
            if let check = rule.check {
                do {
                    _ = try PolicyParser.parse(check) { data[$0] }
                } catch {
                    let position = SourceFile(path: rule.sourcePath, text: texts[rule.sourcePath] ?? "").position(of: error.offset)
                    throw CatalogError(path: rule.sourcePath, message: "\(position): \(error.message)")
                }
            }
        }
        self.rules = rules.sorted { $0.code < $1.code }
        self.dataTables = DataTables(parsed: data)
    }

    public func rule(_ code: String) -> RuleDescription? {
        rules.first { $0.code == code }
    }
}

/// Data tables by name, parsed on first use when they come from the embedded copy.
private final class DataTables: Sendable {
    private let parsed: Mutex<[String: Node]>
    private let unparsed: [String: (path: String, text: String)]

    init(parsed: [String: Node]) {
        self.parsed = Mutex(parsed)
        self.unparsed = [:]
    }

    init(unparsed: [String: (path: String, text: String)]) {
        self.parsed = Mutex([:])
        self.unparsed = unparsed
    }

    func table(_ name: String) -> Node? {
        parsed.withLock { parsed in
            if let table = parsed[name] { return table }
            guard let file = unparsed[name],
                  let root = try? YAMLLoader.parse(SourceFile(path: file.path, text: file.text, lineBreaks: .yaml)).documents.first
            else { return nil }
            parsed[name] = root
            return root
        }
    }
}
