import ECSLintSyntax

/// A mistake in a `check:` block, at a byte offset of the rule file.
public struct PolicyParseError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public var description: String { message }
}

/// Reads a rule file's `check:` block into a `PolicyCheck`, rejecting anything it does not
/// understand with the place and what was expected: a rule that means something other than what
/// its author wrote would fail silently, which is worse than not loading.
public enum PolicyParser {
    public static let checkKeys = ["for-each", "when", "assert", "message", "report-at"]
    public static let operators = ["exists", "absent", "equals", "one-of", "contains", "matches", "range", "count", "unique-by", "table",
                                   "at-most", "at-least", "each"]
    public static let placeholders = ["value", "path", "container", "family", "resource", "name", "bound"]

    /// - Parameter data: the named data tables (`rules/data/<name>.yaml`) a `table:` may use.
    public static func parse(_ node: Node, data: @escaping (String) -> Node? = { _ in nil }) throws(PolicyParseError) -> PolicyCheck {
        var parser = Parser(data: data)
        return try parser.check(node)
    }

    private struct Parser {
        let data: (String) -> Node?
        var tableColumns: [String] = []
        /// Every message with its node, checked once all table columns are known.
        var messages: [(text: String, node: Node)] = []

        func fail(_ message: String, at node: Node) -> PolicyParseError {
            PolicyParseError(message: message, offset: node.range.start)
        }

        func entries(_ node: Node, what: String) throws(PolicyParseError) -> [Node.Entry] {
            guard let entries = node.entries else { throw fail("\(what) must be a mapping", at: node) }
            return entries
        }

        mutating func check(_ node: Node) throws(PolicyParseError) -> PolicyCheck {
            var forEach: PolicyPath?
            var when: PolicyCondition?
            var assertion: PolicyCondition?
            var message: String?
            var reportAt: PolicyPath?
            for entry in try entries(node, what: "check") {
                switch entry.key.text ?? "" {
                case "for-each": forEach = try path(entry.value)
                case "when": when = try condition(entry.value)
                case "assert": assertion = try condition(entry.value)
                case "message": message = try self.message(entry.value)
                case "report-at": reportAt = try path(entry.value)
                default:
                    throw fail("unknown key '\(entry.key.text ?? "")' in check; expected one of: \(PolicyParser.checkKeys.joined(separator: ", "))", at: entry.key)
                }
            }
            guard let assertion else { throw fail("check needs 'assert'", at: node) }
            guard message != nil || Self.hasMessageForEveryFailure(assertion) else {
                throw fail("check needs 'message' (or a message on every condition that can fail)", at: node)
            }
            for (text, messageNode) in messages { try validatePlaceholders(text, at: messageNode) }
            return PolicyCheck(forEach: forEach, when: when, assertion: assertion, message: message, reportAt: reportAt)
        }

        mutating func message(_ node: Node) throws(PolicyParseError) -> String {
            guard let text = node.string, !text.isEmpty else { throw fail("message must be a non-empty string", at: node) }
            messages.append((text, node))
            return text
        }

        /// Whether each way `condition` can fail comes with its own message (a `not` drops the
        /// messages inside it).
        static func hasMessageForEveryFailure(_ condition: PolicyCondition) -> Bool {
            switch condition {
            case .described: return true
            case .test(let test):
                if case .each(let inner) = test.operation { return hasMessageForEveryFailure(inner) }
                return false
            case .not: return false
            case .all(let conditions), .any(let conditions): return conditions.allSatisfy(hasMessageForEveryFailure)
            }
        }

        func path(_ node: Node) throws(PolicyParseError) -> PolicyPath {
            guard let text = node.string ?? node.text else { throw fail("a path must be a string such as containerDefinitions[*].image", at: node) }
            do {
                return try PolicyPath(text)
            } catch {
                throw fail("invalid path '\(text)': \(error.message) (at character \(error.offset + 1))", at: node)
            }
        }

        /// A condition, with its own `message` when the mapping has one.
        mutating func condition(_ node: Node) throws(PolicyParseError) -> PolicyCondition {
            var entries = try entries(node, what: "a condition")
            var ownMessage: String?
            if let index = entries.firstIndex(where: { $0.key.text == "message" }) {
                ownMessage = try message(entries[index].value)
                entries.remove(at: index)
            }
            let parsed = try bareCondition(node, entries: entries)
            return ownMessage.map { .described(parsed, message: $0) } ?? parsed
        }

        mutating func bareCondition(_ node: Node, entries: [Node.Entry]) throws(PolicyParseError) -> PolicyCondition {
            let keys = entries.compactMap(\.key.text)
            for combinator in ["all", "any", "not"] where keys.contains(combinator) {
                guard entries.count == 1, let value = entries.first?.value else {
                    throw fail("'\(combinator)' stands alone in its mapping (besides 'message')", at: node)
                }
                if combinator == "not" { return .not(try condition(value)) }
                guard let items = value.items, !items.isEmpty else { throw fail("'\(combinator)' takes a non-empty list of conditions", at: value) }
                var conditions: [PolicyCondition] = []
                for item in items { conditions.append(try condition(item)) }
                return combinator == "all" ? .all(conditions) : .any(conditions)
            }
            return .test(try test(node, entries: entries))
        }

        mutating func test(_ node: Node, entries: [Node.Entry]) throws(PolicyParseError) -> PolicyTest {
            var testPath: PolicyPath?
            var operation: (name: String, value: Node)?
            var flags: Node?
            for entry in entries {
                let key = entry.key.text ?? ""
                if key == "path" {
                    testPath = try path(entry.value)
                } else if key == "flags" {
                    flags = entry.value
                } else if PolicyParser.operators.contains(key) {
                    if let operation {
                        throw fail("one operator per condition ('\(operation.name)' and '\(key)'); combine them with all/any", at: entry.key)
                    }
                    operation = (key, entry.value)
                } else {
                    throw fail("unknown key '\(key)' in a condition; expected path, message, all, any, not or one of: \(PolicyParser.operators.joined(separator: ", "))", at: entry.key)
                }
            }
            guard let operation else {
                throw fail("a condition needs an operator: \(PolicyParser.operators.joined(separator: ", ")), or all/any/not", at: node)
            }
            if let flags, operation.name != "matches" { throw fail("'flags' goes with 'matches' only", at: flags) }
            let value = operation.value
            switch operation.name {
            case "exists", "absent":
                guard value.scalar?.kind == .bool, value.text == "true" else { throw fail("write '\(operation.name): true'", at: value) }
                return PolicyTest(path: testPath, operation: operation.name == "exists" ? .exists : .absent)
            case "equals":
                return PolicyTest(path: testPath, operation: .equals(try literal(value)))
            case "contains":
                return PolicyTest(path: testPath, operation: .contains(try literal(value)))
            case "one-of":
                guard let items = value.items, !items.isEmpty else { throw fail("one-of takes a non-empty list", at: value) }
                var literals: [String] = []
                for item in items { literals.append(try literal(item)) }
                return PolicyTest(path: testPath, operation: .oneOf(literals))
            case "matches":
                return PolicyTest(path: testPath, operation: .matches(try regex(value, flags: flags)))
            case "range":
                let (min, max) = try bounds(value, what: "range")
                return PolicyTest(path: testPath, operation: .range(min: min, max: max))
            case "count":
                let (min, max) = try bounds(value, what: "count")
                guard min.map({ $0 == $0.rounded() && $0 >= 0 }) ?? true, max.map({ $0 == $0.rounded() && $0 >= 0 }) ?? true else {
                    throw fail("count bounds are whole numbers", at: value)
                }
                return PolicyTest(path: testPath, operation: .count(min: min.map { Int($0) }, max: max.map { Int($0) }))
            case "unique-by":
                return PolicyTest(path: testPath, operation: .uniqueBy(try path(value)))
            case "at-most":
                return PolicyTest(path: testPath, operation: .atMost(try path(value)))
            case "at-least":
                return PolicyTest(path: testPath, operation: .atLeast(try path(value)))
            case "each":
                return PolicyTest(path: testPath, operation: .each(try condition(value)))
            default:
                guard testPath == nil else { throw fail("a table names its paths under 'columns'; drop 'path'", at: node) }
                return PolicyTest(path: nil, operation: .table(try table(value)))
            }
        }

        func literal(_ node: Node) throws(PolicyParseError) -> String {
            guard let text = node.text, node.scalar?.kind != .null else { throw fail("expected a string, number or boolean", at: node) }
            return text
        }

        func regex(_ node: Node, flags: Node?) throws(PolicyParseError) -> Regex {
            guard let pattern = node.text else { throw fail("matches takes a regular expression (PCRE2) as a string", at: node) }
            var options = Regex.Options()
            for flag in flags?.text ?? "" {
                switch flag {
                case "i": options.insert(.caseInsensitive)
                case "m": options.insert(.multiline)
                case "s": options.insert(.dotAll)
                case "x": options.insert(.extended)
                default: throw fail("unknown flag '\(flag)'; flags are i (ignore case), m (multiline), s (dot matches newline), x (extended)", at: flags!)
                }
            }
            do {
                return try Regex(pattern, options: options, exhaustionLimit: Regex.userPatternExhaustionLimit)
            } catch {
                throw fail("invalid regular expression: \(error.message) at offset \(error.offset)", at: node)
            }
        }

        func bounds(_ node: Node, what: String) throws(PolicyParseError) -> (Double?, Double?) {
            var min: Double?, max: Double?
            for entry in try entries(node, what: what) {
                guard let key = entry.key.text, key == "min" || key == "max" else {
                    throw fail("\(what) takes 'min' and/or 'max'", at: entry.key)
                }
                guard [.integer, .float].contains(entry.value.scalar?.kind), let number = entry.value.text.flatMap(Double.init) else {
                    throw fail("\(key) must be a number", at: entry.value)
                }
                if key == "min" { min = number } else { max = number }
            }
            guard min != nil || max != nil else { throw fail("\(what) needs 'min' or 'max'", at: node) }
            if let min, let max, min > max { throw fail("min is greater than max", at: node) }
            return (min, max)
        }

        mutating func table(_ node: Node) throws(PolicyParseError) -> PolicyTable {
            var columns: [PolicyTable.Column] = []
            var rowsNode: Node?
            var dataName: String?
            var rowsKey: Node?
            for entry in try entries(node, what: "table") {
                switch entry.key.text ?? "" {
                case "columns":
                    for column in try entries(entry.value, what: "columns") {
                        guard let name = column.key.text, !name.isEmpty else { throw fail("a column needs a name", at: column.key) }
                        columns.append(.init(name: name, path: try path(column.value)))
                    }
                case "rows": rowsKey = entry.value
                case "data":
                    guard let name = entry.value.text else { throw fail("data names a table in rules/data/", at: entry.value) }
                    dataName = name
                default:
                    throw fail("unknown key '\(entry.key.text ?? "")' in table; expected columns, rows and optionally data", at: entry.key)
                }
            }
            guard !columns.isEmpty else { throw fail("table needs 'columns' (column name: path)", at: node) }
            guard let rowsKey else { throw fail("table needs 'rows': a list, or with 'data' the key of the list in that table", at: node) }
            if let dataName {
                guard let table = data(dataName) else { throw fail("no data table '\(dataName)'", at: node) }
                guard let key = rowsKey.text, let list = table[key] else { throw fail("data table '\(dataName)' has no list '\(rowsKey.text ?? "?")'", at: rowsKey) }
                rowsNode = list
            } else {
                rowsNode = rowsKey
            }
            guard let rowItems = rowsNode?.items, !rowItems.isEmpty else { throw fail("rows must be a non-empty list", at: rowsKey) }
            var rows: [[String: PolicyTable.Cell]] = []
            for row in rowItems {
                var cells: [String: PolicyTable.Cell] = [:]
                for column in columns {
                    guard let cell = row[column.name] else { continue }
                    cells[column.name] = try self.cell(cell)
                }
                rows.append(cells)
            }
            tableColumns += columns.flatMap { [$0.name, "valid-" + $0.name] }
            return PolicyTable(columns: columns, rows: rows)
        }

        func cell(_ node: Node) throws(PolicyParseError) -> PolicyTable.Cell {
            if let items = node.items {
                var values: [String] = []
                for item in items { values.append(try literal(item)) }
                return .values(values)
            }
            if node.entries != nil {
                func number(_ key: String) throws(PolicyParseError) -> Double {
                    guard let value = node[key]?.text.flatMap(Double.init) else { throw fail("a range cell needs a number '\(key)'", at: node) }
                    return value
                }
                let step = try number("step")
                guard step > 0 else { throw fail("step must be positive", at: node) }
                return .steps(from: try number("from"), to: try number("to"), step: step)
            }
            return .values([try literal(node)])
        }

        func validatePlaceholders(_ message: String, at node: Node) throws(PolicyParseError) {
            var rest = Substring(message)
            while let open = rest.firstIndex(of: "{") {
                guard let close = rest[open...].firstIndex(of: "}") else { throw fail("'{' without '}' in message", at: node) }
                let name = String(rest[rest.index(after: open)..<close])
                guard PolicyParser.placeholders.contains(name) || tableColumns.contains(name) else {
                    let known = (PolicyParser.placeholders + tableColumns).map { "{\($0)}" }.joined(separator: ", ")
                    throw fail("unknown placeholder {\(name)} in message; known: \(known)", at: node)
                }
                rest = rest[rest.index(after: close)...]
            }
        }
    }
}
