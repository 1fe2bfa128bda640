import ECSLintEngine
import ECSLintModel

/// ECS313: Cloud Map registries: at most one per service; bridge and host tasks must name the
/// container and port to register; awsvpc tasks give either container and port or `port`, not
/// both; a named container and port must exist (ECS-FACTS.md §2.4, §5.6).
struct InvalidServiceRegistryRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        guard let registries = service.properties["serviceRegistries"]?.array, !registries.isEmpty else { return }
        if registries.count > 1 {
            context.report("a service can have only one service registry; this is number \(registries.count)", at: registries[1], in: service)
        }
        let links = ServiceLinks(service, in: context)
        let label = links.taskLabel(from: context.displayPath)
        for registry in registries {
            let containerName = registry["containerName"], containerPort = registry["containerPort"], port = registry["port"]
            switch links.networkMode {
            case "bridge"?, "host"?:
                if containerName == nil || containerPort == nil {
                    let mode = links.networkMode ?? ""
                    context.report("\(label) uses \(mode) networking: the service registry must give containerName and containerPort (SRV records point at the host port)",
                                   at: registry, in: service)
                    continue
                }
            case "awsvpc"?:
                if let port, containerName != nil || containerPort != nil {
                    context.report("give either containerName and containerPort or port in a service registry, not both", at: port, in: service)
                    continue
                }
            default:
                break
            }
            checkTarget(containerName, containerPort, links: links, label: label, service: service, context: context)
        }
    }

    private func checkTarget(_ nameValue: Value?, _ portValue: Value?, links: ServiceLinks, label: String, service: Resource, context: RuleContext) {
        guard let nameValue, let name = nameValue.string, let containers = links.containersByName else { return }
        guard let container = containers[name] else {
            context.report("\(label) has no container named \"\(name)\"", at: nameValue, in: service)
            return
        }
        guard let portValue, let port = portValue.scalarText.flatMap({ Int($0) }),
              let mappings = ContainerPort.mappings(of: container) else { return }
        if !mappings.contains(where: { $0.contains(port) }) {
            context.report("container \"\(name)\" of \(label) does not expose port \(port)", at: portValue, in: service)
        }
    }
}
