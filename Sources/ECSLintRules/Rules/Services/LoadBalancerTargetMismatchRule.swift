import ECSLintEngine
import ECSLintModel

/// ECS310: a service's load balancer entries must name a container of its task definition and
/// one of that container's ports; awsvpc tasks need `ip` target groups; dynamic host ports need
/// the target group to health-check the traffic port (ECS-FACTS.md §2.4, §5.6, §6.7). An AppSpec's
/// `LoadBalancerInfo` is checked against the task definition it deploys the same way.
struct LoadBalancerTargetMismatchRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        let entries: [Value]
        if service.kind == .appSpec {
            entries = service.properties["loadBalancerInfo"].map { [$0] } ?? []
        } else {
            entries = service.properties["loadBalancers"]?.array ?? []
        }
        guard !entries.isEmpty else { return }
        let links = ServiceLinks(service, in: context)
        let task = links.taskLabel(from: context.displayPath)
        for entry in entries {
            guard let containers = links.containersByName, let nameValue = entry["containerName"], let name = nameValue.string else { continue }
            guard let container = containers[name] else {
                let known = containers.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                context.report("\(task) has no container named \"\(name)\" (its containers: \(known)); the load balancer cannot route to it",
                               at: nameValue, in: service)
                continue
            }
            guard let portValue = entry["containerPort"], let port = portValue.scalarText.flatMap({ Int($0) }) else { continue }
            guard let mappings = ContainerPort.mappings(of: container) else { continue }
            guard let mapping = mappings.first(where: { $0.contains(port) }) else {
                let exposed = mappings.map(\.description).joined(separator: ", ")
                context.report("container \"\(name)\" of \(task) does not expose port \(port) (\(exposed.isEmpty ? "it has no portMappings" : "its ports: \(exposed)"))",
                               at: portValue, in: service)
                continue
            }
            checkTargetGroup(entry, mapping: mapping, links: links, service: service, context: context)
        }
    }

    private func checkTargetGroup(_ entry: Value, mapping: ContainerPort, links: ServiceLinks, service: Resource, context: RuleContext) {
        guard let arn = entry["targetGroupArn"], let group = context.referenced(arn, kind: .targetGroup, from: service),
              let mode = links.networkMode else { return }
        let properties = group.resource.properties
        let groupName = group.resource.logicalID ?? "the target group"
        if mode == "awsvpc" {
            let type = properties["targetType"]
            guard type == nil || type?.string != nil else { return }
            let targetType = type?.string ?? "instance"
            if targetType.lowercased() != "ip" {
                context.report("target group \(groupName) has TargetType \(targetType)\(type == nil ? " (the default)" : ""); awsvpc tasks are registered by IP address, so it must be TargetType: ip",
                               at: arn, in: service)
            }
        } else if mode == "bridge", mapping.isDynamic, let healthPort = properties["healthCheckPort"], let text = healthPort.scalarText,
                  !healthPort.isUnresolved, text != "traffic-port" {
            context.report("container port \(mapping.description) gets a dynamic host port, but target group \(groupName) health-checks port \(text); use HealthCheckPort: traffic-port",
                           at: arn, in: service)
        }
    }
}
