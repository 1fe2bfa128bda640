import ECSLintEngine
import ECSLintModel

/// ECS005: a value outside its field's enumeration (the API's, ECS-FACTS.md §5.3, also for
/// CloudFormation, whose schemas lag it). A value that differs only in case gets a safe fix.
/// Task `networkMode` is ECS301's, which says more about it.
struct InvalidEnumValueRule: Rule {
    let schema: FieldSchema

    init(setup: RuleSetup) throws {
        schema = try FieldSchema.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        guard let format = context.document?.format else { return }
        schema.walk(resource, format: format, member: { visit in
            guard !visit.field.readOnly, !visit.field.outputOnly else { return }
            if resource.kind == .taskDefinition, visit.member.value.path == "networkMode" { return }
            switch visit.field.type {
            case .string(let allowed?):
                check(visit.member.value, allowed: allowed, resource: resource, context: context)
            case .list(let items):
                guard case .string(let allowed?) = items.type else { return }
                for item in visit.member.value.array ?? [] { check(item, allowed: allowed, resource: resource, context: context) }
            default:
                return
            }
        })
    }

    private func check(_ value: Value, allowed: [String], resource: Resource, context: RuleContext) {
        // Wrong types are ECS004's; unresolved values are unknown.
        guard let text = value.string, !allowed.contains(text) else { return }
        let valid = allowed.joined(separator: ", ")
        if let match = Suggestions.caseMatch(text, in: allowed) {
            let fix = context.replacing(value, text: text, with: match).map { Fix("replace '\(text)' with '\(match)'", edits: [$0]) }
            context.report("\(value.path) is '\(text)', which ECS does not accept; values are case-sensitive: '\(match)'", at: value, in: resource, fix: fix)
        } else {
            context.report("\(value.path) is '\(text)', not one of \(valid)\(Suggestions.hint(text, among: allowed))", at: value, in: resource)
        }
    }
}
