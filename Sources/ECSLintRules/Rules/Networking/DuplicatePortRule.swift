import ECSLintEngine
import ECSLintModel

/// ECS305: a port mapped twice where it can be bound only once (ECS-FACTS.md §2.2): the same
/// `containerPort` and protocol twice in one container; across the containers of an `awsvpc` or
/// `host` task, which share one network namespace (in host mode `hostPort` equals
/// `containerPort`, so this also catches a host port used twice there); and a static `hostPort`
/// used twice in a bridge task, which ECS rejects ("host port is mapped multiple times in task").
/// The same port over tcp and udp is two ports. One finding per mapping, at its later use. A
/// mapping that repeats an earlier one of its container exactly gets a safe fix removing it:
/// ECS refuses the repeat, and the port is still mapped as written.
struct DuplicatePortRule: Rule {
    init(setup: RuleSetup) {}

    private struct Key: Hashable {
        let port: Int
        let proto: String
    }

    func check(_ task: Resource, in context: RuleContext) {
        let mode = TaskNetworkMode(of: task, in: context)
        var taskPorts: [Key: String] = [:]   // first container to use a port in a shared namespace
        var hostPorts: [Key: String] = [:]   // first container to bind a static host port (bridge)
        for container in TaskContainers(task).containers {
            let label = TaskContainers.label(container)
            var containerPorts: [Key: Value] = [:]
            let mappings = container["portMappings"]
            for mapping in mappings?.array ?? [] where mapping.members != nil {
                guard let proto = InvalidPortRule.protocolName(mapping) else { continue }
                var reported = false
                if let value = mapping["containerPort"], let port = WholeNumber.of(value), ContainerPort.ports.contains(port) {
                    let key = Key(port: port, proto: proto)
                    if let earlier = containerPorts[key] {
                        let fix = ModelComparison.equivalent(earlier, mapping, options: [.writtenNames])
                            ? mappings.flatMap { context.removing(item: mapping, from: $0) }.map { Fix("remove the repeated port mapping", edits: [$0]) }
                            : nil
                        context.report("container \(label) maps containerPort \(port)/\(proto) twice", at: value, in: task, fix: fix)
                        reported = true
                    } else if let mode, mode.sharesNamespace, let first = taskPorts[key] {
                        context.report("containers \(first) and \(label) both use port \(port)/\(proto); in \(mode.rawValue) mode the containers "
                                           + "of a task share one network namespace, so only one can bind it",
                                       at: value, in: task)
                        reported = true
                    } else if taskPorts[key] == nil {
                        taskPorts[key] = label
                    }
                    if containerPorts[key] == nil { containerPorts[key] = mapping }
                }
                guard mode == .bridge, !reported, let value = mapping["hostPort"], let port = WholeNumber.of(value),
                      port != 0, ContainerPort.ports.contains(port) else { continue }
                let key = Key(port: port, proto: proto)
                if let first = hostPorts[key] {
                    let owners = first == label ? "container \(label) maps" : "containers \(first) and \(label) both map"
                    context.report("\(owners) host port \(port)/\(proto); a host port can be bound once per instance", at: value, in: task)
                } else {
                    hostPorts[key] = label
                }
            }
        }
    }
}
