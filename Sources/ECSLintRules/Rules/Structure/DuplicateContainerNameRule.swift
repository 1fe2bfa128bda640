import ECSLintEngine
import ECSLintModel

/// ECS702: two container definitions with the same `name`. Every repeat is reported at its name,
/// naming where the name was first used; unresolved names are nobody's duplicate.
struct DuplicateContainerNameRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        var first: [String: Value] = [:]
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let nameValue = container["name"], let name = TaskContainers.name(of: container) else { continue }
            if let earlier = first[name] {
                context.report("container name \(TaskContainers.shown(name)) is used twice (first at \(earlier.path)); names must be unique within a task definition",
                               at: nameValue, in: task)
            } else {
                first[name] = container
            }
        }
    }
}
