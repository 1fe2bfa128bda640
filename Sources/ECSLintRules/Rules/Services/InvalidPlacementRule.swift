import ECSLintEngine
import ECSLintModel

/// ECS804: service placement ECS rejects (ECS-FACTS.md §6.2, §5.2): any placement on Fargate,
/// a strategy field that does not fit its type, more than 5 strategies or 10 constraints, a
/// `distinctInstance` constraint with an expression or a `memberOf` constraint without one.
struct InvalidPlacementRule: Rule {
    static let maximumStrategies = 5
    static let maximumConstraints = 10

    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        let label = ServiceSettings.label(service)
        let properties = service.properties
        let strategies = properties["placementStrategy"]
        let constraints = properties["placementConstraints"]
        if TaskFacts.runsOnFargate(service) {
            // Fargate places tasks itself; the items' details do not matter there.
            for (list, kind) in [(strategies, "placement strategies"), (constraints, "placement constraints")] {
                guard let list, ServiceSettings.knownList(list) != nil else { continue }
                context.report("\(label) runs on Fargate, which does not support \(kind): Fargate spreads tasks across Availability Zones itself",
                               at: list, in: service)
            }
            return
        }
        if let strategies, let items = ServiceSettings.knownList(strategies) {
            if Self.certainCount(items) > Self.maximumStrategies {
                context.report("\(label) has \(Self.certainCount(items)) placement strategies; ECS allows at most \(Self.maximumStrategies)",
                               at: strategies, in: service)
            }
            for item in items { checkStrategy(item, service: service, context: context) }
        }
        if let constraints, let items = ServiceSettings.knownList(constraints) {
            if Self.certainCount(items) > Self.maximumConstraints {
                context.report("\(label) has \(Self.certainCount(items)) placement constraints; ECS allows at most \(Self.maximumConstraints) per task",
                               at: constraints, in: service)
            }
            for item in items { checkConstraint(item, service: service, context: context) }
        }
    }

    /// Items a condition cannot remove (an `Fn::If` item may be `AWS::NoValue`).
    static func certainCount(_ items: [Value]) -> Int {
        items.count { !$0.isUnresolved }
    }

    private func checkStrategy(_ strategy: Value, service: Resource, context: RuleContext) {
        guard let type = strategy["type"]?.string?.lowercased() else { return }
        // An empty field is none (`--generate-cli-skeleton` writes every string as "").
        let field = strategy["field"].flatMap { Self.isSet($0) ? $0 : nil }
        let fieldText = field?.string
        switch type {
        case "binpack":
            // The API documents lower-case names; case is not known to matter, so it is not judged.
            if let field, let fieldText, !["cpu", "memory"].contains(fieldText.lowercased()) {
                context.report("the binpack placement strategy packs by cpu or memory, not \"\(fieldText)\"", at: field, in: service)
            }
        case "spread":
            if let field, let fieldText, !["instanceid", "host"].contains(fieldText.lowercased()), !fieldText.hasPrefix("attribute:") {
                context.report("the spread placement strategy spreads by instanceId, host or attribute:<name> (such as attribute:ecs.availability-zone), not \"\(fieldText)\"",
                               at: field, in: service)
            }
        case "random":
            if let field {
                context.report("the random placement strategy takes no field: remove it", at: field, in: service)
            }
        default:
            return  // ECS005 reports an unknown type
        }
    }

    private func checkConstraint(_ constraint: Value, service: Resource, context: RuleContext) {
        guard let type = constraint["type"]?.string else { return }
        let expression = constraint["expression"]
        switch type.lowercased() {
        case "distinctinstance":
            if let expression, Self.isSet(expression) {
                context.report("a distinctInstance placement constraint takes no expression: remove it, or use memberOf", at: expression, in: service)
            }
        case "memberof":
            if expression == nil || expression?.isNull == true || expression?.string?.isEmpty == true {
                context.report("a memberOf placement constraint needs an expression in the cluster query language (such as attribute:ecs.instance-type =~ t3.*)",
                               at: expression ?? constraint, in: service)
            }
        default:
            return
        }
    }

    /// Known and not empty (an empty expression is the same as none).
    private static func isSet(_ value: Value) -> Bool {
        if value.isNull || value.isUnresolved { return false }
        return value.string.map { !$0.isEmpty } ?? true
    }
}
