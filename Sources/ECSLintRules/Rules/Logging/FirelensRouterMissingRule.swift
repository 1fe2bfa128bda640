import ECSLintEngine
import ECSLintModel

/// ECS504: containers log with `awsfirelens` but no container is the FireLens log router
/// (`firelensConfiguration`); more than one router; a router that maps port 24224, where
/// FireLens listens (ECS-FACTS.md §5.6). "No router" needs every container to be known: a
/// container list with an unresolved item may hold the router.
struct FirelensRouterMissingRule: Rule {
    static let firelensPort = 24224

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard let list = task.properties["containerDefinitions"]?.array else { return }
        let containers = list.filter { $0.members != nil }
        let routers = containers.filter { Self.isRouter($0) }
        let complete = !list.contains { $0.isUnresolved }

        if routers.isEmpty, complete {
            for container in containers {
                guard let driver = container["logConfiguration"]?["logDriver"], driver.string == "awsfirelens" else { continue }
                context.report("container \(TaskContainers.label(container)) sends its logs to awsfirelens, but no container in the task has a firelensConfiguration; add a log router container (Fluent Bit or Fluentd) with one",
                               at: driver, in: task)
            }
        }

        if let first = routers.first {
            for extra in routers.dropFirst() {
                guard let configuration = extra["firelensConfiguration"] else { continue }
                context.report("container \(TaskContainers.label(extra)) is a second FireLens log router (container \(TaskContainers.label(first)) is one); a task has one log router",
                               at: configuration, in: task)
            }
        }

        for router in routers {
            for mapping in router["portMappings"]?.array ?? [] {
                for field in ["containerPort", "hostPort"] {
                    guard let port = mapping[field], port.scalarText.flatMap(Int.init) == Self.firelensPort else { continue }
                    context.report("log router \(TaskContainers.label(router)) maps port \(Self.firelensPort) (\(field)), where FireLens listens for the task's logs; remove the mapping so the router is not reachable from outside the task",
                                   at: port, in: task)
                }
            }
        }
    }

    /// A container with a `firelensConfiguration` (also one from a parameter).
    static func isRouter(_ container: Value) -> Bool {
        guard let configuration = container["firelensConfiguration"] else { return false }
        return !configuration.isNull
    }
}
