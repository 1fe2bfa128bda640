import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// A list of task-definition fields that a launch type or operating system does not support,
/// read from `rules/data/unsupported-fields.yaml` (ECS106 reads `fargate`, ECS107 `windows`).
struct UnsupportedFields: Sendable {
    struct Field: Sendable {
        /// How messages name the field.
        let name: String
        /// Where it is, from the task definition's properties.
        let path: PolicyPath
        /// Values that are no use of the field (upper-cased; numbers and booleans as written).
        let allowed: [String]
        let reason: String?
        /// The network modes the field is invalid in (the `network-modes` list, ECS303).
        let modes: [String]
        /// A lower severity for this field's findings (`warning`), where the fact is less sure.
        let atMost: Severity?
    }

    /// A use of a field: the value to report on.
    struct Use {
        let field: Field
        let value: Value
    }

    let fields: [Field]

    /// The list under `key` in the rule's data table.
    init(setup: RuleSetup, key: String) throws {
        guard let items = try setup.requireData()[key]?.items, !items.isEmpty else {
            throw RuleSetup.DataError(message: "\(setup.description.code): data table has no '\(key)' list")
        }
        fields = try items.map { item in
            guard let name = item["field"]?.text, let pathText = item["path"]?.text else {
                throw RuleSetup.DataError(message: "\(setup.description.code): '\(key)' entries need field and path")
            }
            let path: PolicyPath
            do {
                path = try PolicyPath(pathText)
            } catch let error as PolicyPath.SyntaxError {
                throw RuleSetup.DataError(message: "\(setup.description.code): invalid path '\(pathText)': \(error.message)")
            }
            var atMost: Severity?
            if let severity = item["severity"]?.text {
                guard let parsed = Severity(rawValue: severity) else {
                    throw RuleSetup.DataError(message: "\(setup.description.code): '\(key)' entry \(name) has an unknown severity '\(severity)'")
                }
                atMost = parsed
            }
            return Field(name: name, path: path, allowed: (item["allowed"]?.items ?? []).compactMap(\.text).map { $0.uppercased() },
                         reason: item["reason"]?.text, modes: (item["modes"]?.items ?? []).compactMap(\.text), atMost: atMost)
        }
    }

    /// Fields of this list except those that lie in (or are) a field of `other`: the other
    /// rule reports them.
    func excluding(_ other: UnsupportedFields) -> [Field] {
        fields.filter { field in
            let path = field.path.description
            return !other.fields.contains { covering in
                let outer = covering.path.description
                return path == outer || path.hasPrefix(outer + ".") || path.hasPrefix(outer + "[")
            }
        }
    }

    /// Every known, set value of `fields` in `task`.
    static func uses(of fields: [Field], in task: Resource, context: RuleContext) -> [Use] {
        let scope = PolicyScope(resource: task, context: context)
        var uses: [Use] = []
        for field in fields {
            for value in field.path.select(from: task.properties, in: scope).values where isUse(value, allowed: field.allowed) {
                uses.append(Use(field: field, value: value))
            }
        }
        return uses.sorted { $0.value.range.start < $1.value.range.start }
    }

    /// Set and known: not unresolved, not an empty list or object, not an allowed value.
    static func isUse(_ value: Value, allowed: [String]) -> Bool {
        switch value.content {
        case .unresolved, .null: return false
        case .array(let items): return !items.isEmpty
        case .object(let members): return !members.isEmpty
        case .string, .number, .bool:
            guard let text = value.scalarText?.uppercased() else { return false }
            return !allowed.contains { $0 == text || (Double($0) != nil && Double($0) == Double(text)) }
        }
    }

    /// "container web sets privileged to true, which Fargate does not support: …".
    /// - Parameter refusal: "Fargate does not support".
    static func message(for use: Use, in task: Resource, refusal: String) -> String {
        let setting: String
        switch use.value.content {
        case .string, .number, .bool:
            let text = use.value.scalarText ?? "?"
            // An entry of a list of strings (a capability): it is listed, not set.
            setting = use.field.path.steps.last == .everyItem ? "lists \(text) in \(use.field.name)" : "sets \(use.field.name) to \(text)"
        default:
            setting = "sets \(use.field.name)"
        }
        let reason = use.field.reason.map { "; \($0)" } ?? ""
        return "\(owner(of: use.value, in: task)) \(setting), which \(refusal)\(reason)"
    }

    /// "container web", "volume data" or "task family", from where the value sits.
    static func owner(of value: Value, in task: Resource) -> String {
        for (list, noun) in [("containerDefinitions", "container"), ("volumes", "volume")] {
            let prefix = list + "["
            guard value.path.hasPrefix(prefix) else { continue }
            let digits = value.path.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let index = Int(digits), let items = task.properties[list]?.array, index < items.count else { continue }
            let item = items[index]
            return "\(noun) \(item["name"]?.scalarText ?? item.path)"
        }
        return (task.properties["family"]?.scalarText ?? task.logicalID).map { "task \($0)" } ?? "the task"
    }
}
