import ECSLintEngine
import ECSLintModel

/// ECS708: a `dependsOn` entry with condition `COMPLETE` or `SUCCESS` whose target is essential
/// (`essential` omitted means true). ECS does not allow those conditions on an essential
/// container: when it exits, the task stops.
struct EssentialContainerAwaitedRule: Rule {
    static let exitConditions: Set<String> = ["COMPLETE", "SUCCESS"]

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        let index = TaskContainers(task)
        for container in index.containers {
            for dependency in container["dependsOn"]?.array ?? [] {
                guard let conditionValue = dependency["condition"], let condition = conditionValue.string?.uppercased(),
                      Self.exitConditions.contains(condition),
                      let target = TaskContainers.reference(dependency["containerName"]), let awaited = index.byName[target],
                      TaskContainers.isEssential(awaited) == true else { continue }
                let shown = TaskContainers.shown(target)
                let omitted = awaited["essential"].map { $0.isNull } ?? true
                let why = omitted ? "essential (essential is omitted, which means true)" : "essential"
                context.report("container \(TaskContainers.label(container)) waits for \(shown) to \(condition), but \(shown) is \(why); ECS allows \(condition) only on a container with essential: false",
                               at: conditionValue, in: task)
            }
        }
    }
}
