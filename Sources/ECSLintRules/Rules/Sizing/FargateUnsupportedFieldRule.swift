import ECSLintEngine
import ECSLintModel

/// ECS106: a task that runs on Fargate uses a field Fargate does not support, from the
/// `fargate` list of `rules/data/unsupported-fields.yaml` (ECS-FACTS.md §5.7). One finding per
/// use, naming the field. On a Windows task the fields of the `windows` list are ECS107's.
struct FargateUnsupportedFieldRule: Rule {
    let fields: [UnsupportedFields.Field]
    /// The fargate list without the fields ECS107 reports on Windows tasks.
    let fieldsForWindows: [UnsupportedFields.Field]

    init(setup: RuleSetup) throws {
        let fargate = try UnsupportedFields(setup: setup, key: "fargate")
        fields = fargate.fields
        fieldsForWindows = fargate.excluding(try UnsupportedFields(setup: setup, key: "windows"))
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard TaskFacts.isFargate(task, in: context) else { return }
        let checked = TaskFacts.isWindows(task) ? fieldsForWindows : fields
        for use in UnsupportedFields.uses(of: checked, in: task, context: context) {
            context.report(UnsupportedFields.message(for: use, in: task, refusal: "Fargate does not support"), at: use.value, in: task)
        }
    }
}
