import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// ECS007: `describe-task-definition` output used as input. The response-only members
/// (`revision`, `status`, `registeredAt`, …) and the `{"taskDefinition": …}` wrapper make
/// `register-task-definition --cli-input-json` fail; CloudFormation's read-only properties
/// (`TaskDefinitionArn`, a service's `Name`) are output too. The safe fix strips them.
/// (A service's describe output is only read, never registered, so its runtime fields are left
/// alone: ECS-FACTS.md §7.4.)
struct ReadOnlyFieldRule: Rule {
    let schema: FieldSchema

    init(setup: RuleSetup) throws {
        schema = try FieldSchema.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        guard let document = context.document else { return }
        if document.format == .ecsTaskDefinitionDescribe { reportWrapper(document.root, resource: resource, context: context) }
        schema.walk(resource, format: document.format, member: { visit in
            guard visit.field.readOnly else { return }
            let name = visit.member.writtenName
            let fix = context.removing(visit.member, from: visit.parent).map { Fix("remove '\(name)'", edits: [$0]) }
            let origin = document.format.isCloudFormation
                ? "a read-only property: CloudFormation sets it and rejects it as input"
                : "describe-task-definition output: register-task-definition does not accept it"
            context.report("'\(name)' is \(origin)", atKeyOf: visit.member, in: resource, fix: fix)
        })
    }

    /// `{"taskDefinition": {...}}`: the fix unwraps it when nothing else sits beside it (with
    /// `--include TAGS` the `tags` beside it belong inside, which takes a person) and the task
    /// definition is a flow mapping (JSON; a YAML block would need re-indenting).
    private func reportWrapper(_ root: Node, resource: Resource, context: RuleContext) {
        guard let entries = root.entries, let wrapper = entries.last(where: { $0.key.text == "taskDefinition" }) else { return }
        var fix: Fix?
        var advice = "register the object inside it"
        if entries.count == 1 {
            fix = context.unwrapping(wrapper.value, from: root).map { Fix("unwrap the task definition", edits: $0) }
        } else {
            let others = entries.compactMap(\.key.text).filter { $0 != "taskDefinition" }
            advice += " (move \(others.map { "'\($0)'" }.joined(separator: ", ")) into it, or drop)"
        }
        context.report("the file is describe-task-definition output wrapped in {\"taskDefinition\": …}: \(advice)",
                       range: wrapper.key.range, logicalPath: nil, resource: resource, fix: fix)
    }
}
