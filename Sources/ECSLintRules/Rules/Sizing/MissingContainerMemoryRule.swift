import ECSLintEngine
import ECSLintModel

/// ECS105: no task-level `memory`, and a container with neither `memory` nor
/// `memoryReservation` (ECS-FACTS.md §1.6).
///
/// Swift rather than a declarative check because the rule must know what it cannot see: a bare
/// `containerDefinitions` array (the JSON Terraform reads with `file()`) has its task, and any
/// task-level memory, somewhere else, where a declarative `$.memory` reads it as absent.
struct MissingContainerMemoryRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        if context.document?.format == .ecsContainerDefinitions { return }
        // Set, or unknown (a parameter): either way not missing.
        if let memory = task.properties["memory"], !memory.isNull { return }
        // A Fargate task needs task-level memory whatever its containers say: ECS102's finding.
        if TaskFacts.isFargate(task, in: context) { return }
        for container in task.properties["containerDefinitions"]?.array ?? [] where container.members != nil {
            let isSet = ["memory", "memoryReservation"].contains { field in container[field].map { !$0.isNull } ?? false }
            guard !isSet else { continue }
            context.report("container \(TaskFacts.containerName(container)) sets neither memory nor memoryReservation, and the task has no task-level memory",
                           at: container, in: task)
        }
    }
}
