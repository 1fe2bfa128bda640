import ECSLintEngine
import ECSLintModel

/// ECS308: a service's `networkConfiguration` must match its task definition's network mode:
/// required (with subnets) for awsvpc, not supported otherwise; ≤16 subnets, ≤5 security groups
/// (ECS-FACTS.md §2.4).
struct ServiceNetworkConfigurationRule: Rule {
    static let maxSubnets = 16
    static let maxSecurityGroups = 5

    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        let properties = service.properties
        let awsvpc = properties["networkConfiguration"]?["awsvpcConfiguration"]
        checkCounts(awsvpc, service: service, context: context)
        // With the EXTERNAL controller, task sets carry the network configuration.
        guard ServiceLinks.deploymentController(of: service) != "EXTERNAL" else { return }
        let links = ServiceLinks(service, in: context)
        let needsAwsvpc = links.networkMode == "awsvpc" || ServiceLinks.platform(of: service) == .fargate
        if needsAwsvpc {
            guard let awsvpc, !awsvpc.isNull else {
                if properties["networkConfiguration"]?.isUnresolved == true { return }
                let byTask = links.networkMode == "awsvpc"
                let why = byTask ? "\(links.taskLabel(from: context.displayPath)) uses awsvpc" : "it runs on Fargate, which uses awsvpc"
                let anchor = byTask ? properties["taskDefinition"] : properties["launchType"] ?? properties["capacityProviderStrategy"]
                context.report("the service needs networkConfiguration.awsvpcConfiguration with subnets: \(why)",
                               at: properties["networkConfiguration"] ?? anchor ?? properties, in: service)
                return
            }
            if let subnets = awsvpc["subnets"], let items = subnets.array, items.isEmpty {
                context.report("awsvpcConfiguration.subnets is empty: an awsvpc service needs at least one subnet", at: subnets, in: service)
            }
        } else if let mode = links.networkMode, let awsvpc, !awsvpc.isNull, let configuration = properties["networkConfiguration"] {
            context.report("\(links.taskLabel(from: context.displayPath)) uses network mode \"\(mode)\"; networkConfiguration is only for awsvpc tasks: remove it",
                           at: configuration, in: service)
        }
    }

    private func checkCounts(_ awsvpc: Value?, service: Resource, context: RuleContext) {
        for (field, limit) in [("subnets", Self.maxSubnets), ("securityGroups", Self.maxSecurityGroups)] {
            guard let list = awsvpc?[field], let items = list.array else { continue }
            // An `Fn::If` item may turn into nothing; every other item is one entry.
            let certain = items.filter { item in
                if case .intrinsic(let intrinsic)? = item.unresolved { return intrinsic.function != "Fn::If" }
                return true
            }
            if certain.count > limit {
                context.report("awsvpcConfiguration.\(field) has \(certain.count) entries; ECS allows at most \(limit)", at: list, in: service)
            }
        }
    }
}
