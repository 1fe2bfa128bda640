import ECSLintEngine
import ECSLintModel

/// ECS005: a value outside its field's enumeration (the API's, ECS-FACTS.md §5.3, also for
/// CloudFormation, whose schemas lag it). A value that differs only in case gets a safe fix, and
/// one within two edits of a valid value is a typo: errors. Any other value may be newer than
/// the embedded model: a warning that names the model's date. `known-values` declares such
/// values until ecs-lint is updated. Task `networkMode` is ECS301's, which says more about it.
struct InvalidEnumValueRule: Rule {
    let schema: FieldSchema
    /// `rules: {ECS005: {known-values: [...]}}`: `VALUE` for any field, or `FIELD=VALUE` where
    /// FIELD is a member name or a path (`containerDefinitions[].resourceRequirements[].type`).
    let knownValues: Set<String>

    init(setup: RuleSetup) throws {
        schema = try FieldSchema.shared(setup)
        knownValues = Set(setup.strings(parameter: "known-values"))
    }

    private func isDeclared(_ text: String, at value: Value) -> Bool {
        guard !knownValues.isEmpty else { return false }
        let pattern = FieldSchema.pattern(value.path)
        // A list item's path ends in its index; its field is the list's.
        let field = pattern.hasSuffix("[]") ? String(pattern.dropLast(2)) : pattern
        let name = field.split(separator: ".").last.map(String.init) ?? field
        return knownValues.contains(text) || knownValues.contains("\(field)=\(text)") || knownValues.contains("\(name)=\(text)")
    }

    func check(_ resource: Resource, in context: RuleContext) {
        guard let format = context.document?.format else { return }
        schema.walk(resource, format: format, member: { visit in
            guard !visit.field.readOnly, !visit.field.outputOnly else { return }
            if resource.kind == .taskDefinition, visit.member.value.path == "networkMode" { return }
            let source = schema.source(for: format, enumeration: true)
            switch visit.field.type {
            case .string(let allowed?):
                check(visit.member.value, allowed: allowed, source: source, resource: resource, context: context)
            case .list(let items):
                guard case .string(let allowed?) = items.type else { return }
                for item in visit.member.value.array ?? [] { check(item, allowed: allowed, source: source, resource: resource, context: context) }
            default:
                return
            }
        })
    }

    private func check(_ value: Value, allowed: [String], source: String, resource: Resource, context: RuleContext) {
        // Wrong types are ECS004's; unresolved values are unknown.
        guard let text = value.string, !allowed.contains(text), !isDeclared(text, at: value) else { return }
        let valid = allowed.joined(separator: ", ")
        if let match = Suggestions.caseMatch(text, in: allowed) {
            let fix = context.replacing(value, text: text, with: match).map { Fix("replace '\(text)' with '\(match)'", edits: [$0]) }
            context.report("\(value.path) is '\(text)', which ECS does not accept; values are case-sensitive: '\(match)'", at: value, in: resource, fix: fix)
        } else if let nearest = Suggestions.nearest(text, among: allowed) {
            context.report("\(value.path) is '\(text)', not one of \(valid) (did you mean '\(nearest)'?)", at: value, in: resource)
        } else {
            context.report("\(value.path) is '\(text)', not one of \(valid) in \(source); if AWS added it after that, update ecs-lint or declare it (ECS005's known-values parameter)",
                           at: value, in: resource, atMost: .warning)
        }
    }
}
