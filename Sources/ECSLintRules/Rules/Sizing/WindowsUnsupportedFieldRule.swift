import ECSLintEngine
import ECSLintModel

/// ECS107: a Windows task definition (`runtimePlatform.operatingSystemFamily` `WINDOWS_*`) uses a
/// field Windows containers do not support, from the `windows` list of
/// `rules/data/unsupported-fields.yaml` (ECS-FACTS.md §5.8). One finding per use.
struct WindowsUnsupportedFieldRule: Rule {
    let fields: [UnsupportedFields.Field]

    init(setup: RuleSetup) throws {
        fields = try UnsupportedFields(setup: setup, key: "windows").fields
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard TaskFacts.isWindows(task) else { return }
        for use in UnsupportedFields.uses(of: fields, in: task, context: context) {
            context.report(UnsupportedFields.message(for: use, in: task, refusal: "Windows containers do not support"), at: use.value, in: task)
        }
    }
}
