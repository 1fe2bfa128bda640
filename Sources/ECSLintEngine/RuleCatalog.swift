import ECSLintSyntax

/// Every rule description and data table, read from `rules/` (or its embedded copy).
public struct RuleCatalog: Sendable {
    public let rules: [RuleDescription]
    /// Data tables from `rules/data/`, by file name without extension.
    public let data: [String: Node]

    /// Builds the catalog from `(path relative to the repository, text)` pairs.
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
            if file.path.contains("/data/") {
                let name = String(file.path.split(separator: "/").last!.split(separator: ".").first!)
                data[name] = root
            } else {
                rules.append(try RuleDescription(node: root, sourcePath: file.path))
            }
        }
        var seen = Set<String>()
        for rule in rules {
            guard seen.insert(rule.code).inserted else {
                throw CatalogError(path: rule.sourcePath, message: "code \(rule.code) is used twice")
            }
            if let table = rule.data, data[table] == nil {
                throw CatalogError(path: rule.sourcePath, message: "data table '\(table)' not found in rules/data/")
            }
        }
        self.rules = rules.sorted { $0.code < $1.code }
        self.data = data
    }

    public func rule(_ code: String) -> RuleDescription? {
        rules.first { $0.code == code }
    }
}
