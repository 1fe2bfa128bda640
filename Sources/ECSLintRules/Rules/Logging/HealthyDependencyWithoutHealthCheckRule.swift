import ECSLintEngine
import ECSLintModel

/// ECS506: a `dependsOn` entry with `condition: HEALTHY` whose target container has no
/// `healthCheck`: its health never becomes HEALTHY, so the dependent container never starts
/// (ECS-FACTS.md §5.6). A target the task does not have is ECS705's finding.
struct HealthyDependencyWithoutHealthCheckRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        let containers = TaskContainers(task)
        for container in containers.containers {
            for dependency in container["dependsOn"]?.array ?? [] {
                guard let condition = dependency["condition"], condition.string == "HEALTHY",
                      let targetName = TaskContainers.reference(dependency["containerName"]),
                      let target = containers.byName[targetName] else { continue }
                // A health check from a parameter or a condition may be there.
                if let healthCheck = target["healthCheck"], !healthCheck.isNull { continue }
                context.report("container \(TaskContainers.label(container)) waits for container \(TaskContainers.shown(targetName)) to be HEALTHY, but \(TaskContainers.shown(targetName)) has no healthCheck, so it never becomes healthy and \(TaskContainers.label(container)) never starts; add a healthCheck to \(TaskContainers.shown(targetName)) or wait for START",
                               at: condition, in: task)
            }
        }
    }
}
