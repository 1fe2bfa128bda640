import ECSLintEngine
import ECSLintModel

/// ECS302: in `awsvpc` or `host` mode a container's port is the port on the network interface,
/// so `hostPort` may only repeat `containerPort` (ECS-FACTS.md §2.2). The safe fix removes
/// `hostPort`: ECS then sets it to `containerPort`, and any other value is rejected anyway.
struct HostPortMismatchRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard let mode = TaskNetworkMode(of: task, in: context), mode.sharesNamespace else { return }
        for container in TaskContainers(task).containers {
            for mapping in container["portMappings"]?.array ?? [] {
                guard let members = mapping.members,
                      let hostPortMember = members.last(where: { $0.name == "hostPort" }),
                      let hostPort = WholeNumber.of(hostPortMember.value),
                      let containerPort = WholeNumber.of(mapping["containerPort"]) else { continue }
                // 0 asks for no particular port, as an omitted hostPort does: ECS sets it to
                // containerPort (tools such as ecs-cli write it for every mode).
                guard hostPort != 0, hostPort != containerPort else { continue }
                let fix = context.removing(hostPortMember, from: mapping).map { Fix("remove hostPort", edits: [$0]) }
                context.report(
                    "container \(TaskContainers.label(container)) maps hostPort \(hostPort) to containerPort \(containerPort), "
                        + "but in \(mode.rawValue) network mode the host port must equal the container port: remove hostPort",
                    at: hostPortMember.value, in: task, fix: fix)
            }
        }
    }
}
