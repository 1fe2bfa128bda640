import ECSLintEngine
import ECSLintModel

/// ECS803: a DAEMON service with what the daemon scheduler does not support (ECS-FACTS.md
/// §6.4): Fargate, the CODE_DEPLOY or EXTERNAL deployment controller, a `desiredCount`, placement
/// strategies, or `maximumPercent` above 100. Placement strategies on Fargate are ECS804's.
struct InvalidDaemonServiceRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        let properties = service.properties
        let settings = ServiceSettings(service)
        guard settings.scheduling == .daemon, let strategy = properties["schedulingStrategy"] else { return }
        let label = ServiceSettings.label(service)
        let onFargate = TaskFacts.runsOnFargate(service)
        if onFargate {
            context.report("\(label) uses DAEMON scheduling on Fargate, which supports only REPLICA; Fargate has no instances to run one task on each",
                           at: strategy, in: service)
        }
        if let type = properties["deploymentController"]?["type"], let controller = settings.controller, controller != .ecs {
            context.report("\(label) uses DAEMON scheduling with the \(controller.rawValue) deployment controller, which supports only REPLICA",
                           at: type, in: service)
        }
        if let count = properties["desiredCount"], !count.isNull, !count.isUnresolved {
            context.report("\(label) sets desiredCount with DAEMON scheduling, which runs one task on each instance: remove desiredCount",
                           at: count, in: service)
        }
        if !onFargate, let strategies = properties["placementStrategy"], ServiceSettings.knownList(strategies) != nil {
            context.report("\(label) sets placement strategies with DAEMON scheduling, which does not support them (placement constraints are honoured)",
                           at: strategies, in: service)
        }
        if let maximum = properties["deploymentConfiguration"]?["maximumPercent"], let percent = WholeNumber.of(maximum), percent > 100 {
            context.report("\(label) sets maximumPercent \(percent) with DAEMON scheduling, which allows at most 100 (one task per instance)",
                           at: maximum, in: service)
        }
    }
}
