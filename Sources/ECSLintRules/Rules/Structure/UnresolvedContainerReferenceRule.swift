import ECSLintEngine
import ECSLintModel

/// ECS705: a reference to a container that the task definition does not have, or a container
/// that refers to itself: `dependsOn[].containerName`, `links[]` (`name` or `name:alias`),
/// `volumesFrom[].sourceContainer`, and the task's `proxyConfiguration.containerName`. "Names no
/// container" needs every container name to be known (`TaskContainers.isComplete`); a reference
/// to the container itself is wrong whatever the other names are.
struct UnresolvedContainerReferenceRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        let index = TaskContainers(task)
        for container in index.containers {
            let own = TaskContainers.name(of: container)
            let subject = TaskContainers.label(container)
            func check(_ value: Value, target: String?, relation: String, selfRelation: String) {
                guard let target else { return }
                if target == own {
                    context.report("container \(subject) \(selfRelation)", at: value, in: task)
                } else if index.isComplete, index.byName[target] == nil {
                    context.report("container \(subject) \(relation) \(TaskContainers.shown(target)), which is not a container of this task definition (containers: \(index.listed()))",
                                   at: value, in: task)
                }
            }
            for dependency in container["dependsOn"]?.array ?? [] {
                guard let value = dependency["containerName"] else { continue }
                check(value, target: TaskContainers.reference(value), relation: "depends on", selfRelation: "depends on itself")
            }
            for link in container["links"]?.array ?? [] {
                let target = TaskContainers.reference(link).map(Self.linkedName)
                check(link, target: target, relation: "links to", selfRelation: "links to itself")
            }
            for source in container["volumesFrom"]?.array ?? [] {
                guard let value = source["sourceContainer"] else { continue }
                check(value, target: TaskContainers.reference(value), relation: "mounts the volumes of",
                      selfRelation: "mounts volumes from itself (volumesFrom)")
            }
        }
        if let value = task.properties["proxyConfiguration"]?["containerName"], let target = TaskContainers.reference(value),
           index.isComplete, index.byName[target] == nil {
            context.report("proxyConfiguration names the container \(TaskContainers.shown(target)), which is not a container of this task definition (containers: \(index.listed()))",
                           at: value, in: task)
        }
    }

    /// The container a `links` entry names: `db` in `db` and in `db:database`.
    static func linkedName(_ link: String) -> String {
        String(link.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
