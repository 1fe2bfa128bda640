import ECSLintEngine
import ECSLintModel

/// ECS004: a value of the wrong JSON type for its field. ECS JSON goes to the API as written,
/// so `cpu: "256"` on a container or `essential: "true"` is rejected; CloudFormation converts
/// scalars (`Cpu: 256` for a string, `"512"` for an integer, `"true"` for a boolean), so only
/// what it cannot convert is a finding there (ECS-FACTS.md §7.3). Unresolved values and `null`
/// (which the API treats as absent) are never findings.
struct WrongTypeRule: Rule {
    let schema: FieldSchema

    init(setup: RuleSetup) throws {
        schema = try FieldSchema.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        guard let format = context.document?.format else { return }
        let converts = format.isCloudFormation
        schema.walk(resource, format: format, member: { visit in
            guard !visit.field.readOnly, !visit.field.outputOnly else { return }
            check(visit.member.value, as: visit.field.type, name: visit.member.writtenName, converts: converts, resource: resource, context: context)
        })
    }

    private func check(_ value: Value, as type: FieldSchema.FieldType, name: String, converts: Bool, resource: Resource, context: RuleContext) {
        guard let problem = Self.problem(value, type, converts: converts) else {
            // Lists and maps: their items are values of the field too.
            switch (type, value.content) {
            case (.list(let items), .array(let values)):
                for item in values { check(item, as: items.type, name: name, converts: converts, resource: resource, context: context) }
            case (.map(let entries), .object(let members)):
                for member in members { check(member.value, as: entries.type, name: member.name, converts: converts, resource: resource, context: context) }
            default:
                break
            }
            return
        }
        context.report("\(value.path.isEmpty ? name : value.path) \(problem)", at: value, in: resource)
    }

    static func describe(_ type: FieldSchema.FieldType) -> String {
        switch type {
        case .string: return "a string"
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "a boolean"
        case .timestamp: return "a timestamp"
        case .json: return "a value"
        case .list: return "a list"
        case .map, .structure: return "an object"
        }
    }

    static func describe(_ value: Value) -> String {
        switch value.content {
        case .string(let text): return "the string \"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .number(let text): return "the number \(text)"
        case .bool(let flag): return "the boolean \(flag)"
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        case .unresolved: return "an unresolved value"
        }
    }

    /// What is wrong with `value` as a `type`, or nil when nothing is (or nothing is known).
    static func problem(_ value: Value, _ type: FieldSchema.FieldType, converts: Bool) -> String? {
        if value.isUnresolved || value.isNull { return nil }
        let fits: Bool
        switch (type, value.content) {
        case (.json, _), (.timestamp, _): fits = true
        case (.string, .string): fits = true
        case (.string, .number), (.string, .bool): fits = converts
        case (.integer, .number(let text)): fits = Int(text) != nil
        case (.integer, .string(let text)): fits = converts && Int(text.trimmingSpaces) != nil
        case (.number, .number): fits = true
        case (.number, .string(let text)): fits = converts && Double(text.trimmingSpaces) != nil
        case (.boolean, .bool): fits = true
        case (.boolean, .string(let text)): fits = converts && ["true", "false"].contains(text.lowercased())
        case (.list, .array): fits = true
        case (.map, .object), (.structure, .object): fits = true
        default: fits = false
        }
        guard !fits else { return nil }
        var message = "must be \(describe(type)), not \(describe(value))"
        if !converts, case .string(let text) = value.content {
            switch type {
            case .integer where Int(text.trimmingSpaces) != nil: message += ": ECS JSON needs the number without quotes (\(text.trimmingSpaces))"
            case .boolean where ["true", "false"].contains(text.lowercased()): message += ": ECS JSON needs \(text.lowercased()) without quotes"
            default: break
            }
        } else if !converts, case .number(let text) = value.content, case .string = type {
            message += ": ECS JSON needs it quoted (\"\(text)\")"
        }
        return message
    }
}

private extension String {
    var trimmingSpaces: String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
