import ECSLintEngine
import ECSLintModel

/// ECS809: a capacity provider strategy (a service's, or a cluster's default) that ECS rejects:
/// `base` on more than one item, several items all weighted 0, Fargate mixed with Auto Scaling
/// group providers, or a provider the cluster does not associate (ECS-FACTS.md §6.1).
struct InvalidCapacityProviderStrategyRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        let field = resource.kind == .cluster ? "defaultCapacityProviderStrategy" : "capacityProviderStrategy"
        guard let strategy = resource.properties[field], let items = strategy.array, !items.isEmpty else { return }
        checkBases(items, resource: resource, context: context)
        checkWeights(items, strategy: strategy, resource: resource, context: context)
        checkMixedProviders(items, strategy: strategy, resource: resource, context: context)
        checkAssociation(items, resource: resource, context: context)
    }

    private func checkBases(_ items: [Value], resource: Resource, context: RuleContext) {
        let withBase = items.compactMap { item -> Value? in
            guard let base = item["base"], let number = base.scalarText.flatMap(Double.init), number > 0 else { return nil }
            return base
        }
        for base in withBase.dropFirst() {
            context.report("only one capacity provider of a strategy may set base; \(withBase.count) do", at: base, in: resource)
        }
    }

    private func checkWeights(_ items: [Value], strategy: Value, resource: Resource, context: RuleContext) {
        guard items.count > 1 else { return }
        for item in items {
            guard let weight = item["weight"] else { continue }  // absent: 0
            guard let number = weight.scalarText.flatMap(Double.init), !weight.isUnresolved else { return }
            if number > 0 { return }
        }
        context.report("every capacity provider of the strategy has weight 0 (the default); with several providers at least one needs a weight above 0, or ECS rejects the strategy",
                       at: strategy, in: resource)
    }

    private func checkMixedProviders(_ items: [Value], strategy: Value, resource: Resource, context: RuleContext) {
        var fargate: [String] = []
        var others: [String] = []
        for item in items {
            guard let provider = item["capacityProvider"] else { continue }
            if let name = provider.string {
                if ServiceLinks.fargateProviders.contains(name) { fargate.append(name) } else { others.append(name) }
            } else if let target = Workspace.CapacityProviderName(provider), case .resource(let logicalID) = target {
                others.append(logicalID)  // an AWS::ECS::CapacityProvider: an Auto Scaling group or Managed Instances
            }
        }
        if !fargate.isEmpty, !others.isEmpty {
            context.report("the strategy mixes Fargate (\(fargate.joined(separator: ", "))) with instance capacity providers (\(others.joined(separator: ", "))); a strategy may use only one kind",
                           at: strategy, in: resource)
        }
    }

    private func checkAssociation(_ items: [Value], resource: Resource, context: RuleContext) {
        let cluster = resource.kind == .cluster ? context.workspace.entry(for: resource, in: context.displayPath) : context.cluster(of: resource)
        guard let cluster, let associated = context.workspace.capacityProviders(of: cluster) else { return }
        let clusterName = cluster.resource.properties["clusterName"]?.string ?? cluster.resource.logicalID ?? "the cluster"
        for item in items {
            guard let provider = item["capacityProvider"], let name = Workspace.CapacityProviderName(provider), !associated.contains(name) else { continue }
            let shown: String
            switch name {
            case .name(let text): shown = text
            case .resource(let logicalID): shown = logicalID
            }
            context.report("capacity provider \(shown) is not associated with cluster \(clusterName); add it to the cluster's capacityProviders (or a ClusterCapacityProviderAssociations)",
                           at: provider, in: resource)
        }
    }
}
