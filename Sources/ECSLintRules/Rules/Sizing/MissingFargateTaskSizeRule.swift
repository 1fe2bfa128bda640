import ECSLintEngine
import ECSLintModel

/// ECS102: a Fargate task without task-level `cpu` or `memory`.
struct MissingFargateTaskSizeRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard TaskFacts.isFargate(task, in: context) else { return }
        let missing = ["cpu", "memory"].filter { task.properties[$0] == nil || task.properties[$0]?.content.isNull == true }
        guard !missing.isEmpty else { return }
        let fields = missing.joined(separator: " and ")
        context.report("Fargate task has no task-level \(fields); Fargate requires both cpu and memory at task level",
                       at: TaskFacts.anchor(task), in: task)
    }
}

extension Value.Content {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
