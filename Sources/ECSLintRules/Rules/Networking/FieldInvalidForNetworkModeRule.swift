import ECSLintEngine
import ECSLintModel

/// ECS303: a container field that the task's network mode does not support, from the
/// `network-modes` list of `rules/data/unsupported-fields.yaml` (ECS-FACTS.md §2.3). Several of
/// these fields are unsupported on Fargate or on Windows whatever the mode; there ECS106 and
/// ECS107 report them, so that one mistake gives one finding.
struct FieldInvalidForNetworkModeRule: Rule {
    let fields: [UnsupportedFields.Field]
    /// The fields left to ECS106 on a Fargate task and to ECS107 on a Windows task.
    let fieldsOffFargate: [UnsupportedFields.Field]
    let fieldsOffWindows: [UnsupportedFields.Field]

    init(setup: RuleSetup) throws {
        let all = try UnsupportedFields(setup: setup, key: "network-modes")
        fields = all.fields
        fieldsOffFargate = all.excluding(try UnsupportedFields(setup: setup, key: "fargate"))
        fieldsOffWindows = all.excluding(try UnsupportedFields(setup: setup, key: "windows"))
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard let mode = TaskNetworkMode(of: task, in: context) else { return }
        var checked = fields.filter { $0.modes.contains(mode.rawValue) }
        if TaskFacts.isFargate(task, in: context) {
            checked = checked.filter { field in fieldsOffFargate.contains { $0.path.description == field.path.description } }
        }
        if TaskFacts.isWindows(task) {
            checked = checked.filter { field in fieldsOffWindows.contains { $0.path.description == field.path.description } }
        }
        for use in UnsupportedFields.uses(of: checked, in: task, context: context) {
            let message = UnsupportedFields.message(for: use, in: task, refusal: "the \(mode.rawValue) network mode does not support")
            context.report(message, at: use.value, in: task, atMost: use.field.atMost)
        }
    }
}
