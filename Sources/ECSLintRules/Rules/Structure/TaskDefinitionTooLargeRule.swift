import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// ECS710: the task definition, as ECS JSON without whitespace, is larger than the quota (64 KiB,
/// ECS-FACTS.md §5.2), counted in UTF-8 bytes. The canonical values are written with `JSONWriter`;
/// a value resolved only at deploy time (an intrinsic function, a placeholder, a dynamic
/// reference) counts as an empty string, the least it can add, so the rule reports a template
/// only when it is too large whatever its parameters turn out to be.
struct TaskDefinitionTooLargeRule: Rule {
    static let quota = 65_536
    let limit: Int

    init(setup: RuleSetup) {
        limit = setup.parameters["max-bytes"]?.text.flatMap { Int($0) } ?? Self.quota
    }

    func check(_ task: Resource, in context: RuleContext) {
        let size = Self.registeredSize(task.properties)
        guard size > limit else { return }
        let unresolved = task.properties.containsUnresolved ? " (values resolved at deploy time counted as empty)" : ""
        context.report("the task definition is \(Self.describe(size)) as ECS JSON\(unresolved), over the \(Self.describe(limit)) limit; move large values (scripts, configuration, many environment variables) to S3 environment files, SSM parameters or the image",
                       at: task.properties, in: task)
    }

    /// UTF-8 bytes of the values as compact JSON.
    static func registeredSize(_ value: Value) -> Int {
        JSONWriter.compact(node(value)).utf8.count
    }

    /// "65,600 bytes (64.1 KiB)".
    static func describe(_ bytes: Int) -> String {
        let kib = Double(bytes) / 1024
        let rounded = (kib * 10).rounded() / 10
        let shownKiB = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(grouped(bytes)) bytes (\(shownKiB) KiB)"
    }

    static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return groups.joined(separator: ",")
    }

    /// The canonical value as a syntax node for `JSONWriter`; unresolved values become "".
    static func node(_ value: Value) -> Node {
        let range = value.range
        func scalar(_ text: String, _ kind: ScalarKind) -> Node {
            Node(.scalar(.init(text: text, kind: kind, style: .plain)), range: range)
        }
        switch value.content {
        case .string(let text): return scalar(text, .string)
        case .number(let text): return scalar(text, Int(text) != nil ? .integer : .float)
        case .bool(let flag): return scalar(flag ? "true" : "false", .bool)
        case .null: return scalar("null", .null)
        case .unresolved: return scalar("", .string)
        case .array(let items): return Node(.sequence(items.map(node)), range: range)
        case .object(let members):
            return Node(.mapping(members.map { .init(key: scalar($0.name, .string), value: node($0.value)) }), range: range)
        }
    }
}
