import ECSLintEngine
import ECSLintModel

/// ECS805: rolling-deployment percentages that are invalid or leave a deployment nothing to do
/// (ECS-FACTS.md §6.3): a negative percentage; `minimumHealthyPercent` above `maximumPercent`;
/// or a pair that lets the scheduler neither stop an old task nor start a new one, so every
/// deployment stalls. Omitted percentages take their defaults (REPLICA 100/200, DAEMON 0/100).
/// Only the ECS controller uses them: CODE_DEPLOY and EXTERNAL replace them with the defaults
/// (EC2) or ignore them (Fargate), so those services are not judged.
struct InvalidDeploymentConfigurationRule: Rule {
    init(setup: RuleSetup) {}

    /// A percentage as written, or its default; `value` is nil for a default.
    private struct Percent {
        let number: Int
        let value: Value?
        var shown: String { value == nil ? "\(number) (the default)" : "\(number)" }
    }

    func check(_ service: Resource, in context: RuleContext) {
        let settings = ServiceSettings(service)
        guard settings.controller == .ecs, let scheduling = settings.scheduling else { return }
        let configuration = service.properties["deploymentConfiguration"]
        if let configuration, configuration.isUnresolved { return }
        let label = ServiceSettings.label(service)
        let daemon = scheduling == .daemon
        guard let minimum = percent(configuration?["minimumHealthyPercent"], default: daemon ? 0 : 100),
              let maximum = percent(configuration?["maximumPercent"], default: daemon ? 100 : 200) else { return }
        var negative = false
        for (name, item) in [("minimumHealthyPercent", minimum), ("maximumPercent", maximum)] where item.number < 0 {
            if let value = item.value {
                context.report("\(label) sets \(name) to \(item.number); a percentage of the desired count cannot be negative", at: value, in: service)
            }
            negative = true
        }
        guard !negative else { return }
        if minimum.number > maximum.number {
            // At the value written; where one is a default, at the other.
            let target = minimum.value ?? maximum.value ?? service.properties
            context.report("\(label) sets minimumHealthyPercent \(minimum.shown) above maximumPercent \(maximum.shown): "
                               + "ECS can neither stop an old task nor start a new one, so deployments cannot progress",
                           at: target, in: service)
            return
        }
        // DAEMON deployments replace one task per instance in place; the rule below is the
        // replica scheduler's.
        guard !daemon, minimum.value != nil || maximum.value != nil else { return }
        let desired = desiredCount(service)
        guard let stalled = Self.stalls(minimum: minimum.number, maximum: maximum.number, desired: desired) else { return }
        let target = maximum.value ?? minimum.value ?? service.properties
        let count = stalled == 0 ? "any desiredCount" : "desiredCount \(stalled)"
        context.report("\(label) sets minimumHealthyPercent \(minimum.shown) and maximumPercent \(maximum.shown): with \(count) ECS may "
                           + "stop no running task and start no extra one, so deployments cannot progress; lower minimumHealthyPercent or raise maximumPercent",
                       at: target, in: service)
    }

    /// The desired count that makes the pair stall (0: every count from 1 up), or nil when the
    /// pair lets a deployment progress. Minimum healthy tasks round up, the maximum rounds down.
    static func stalls(minimum: Int, maximum: Int, desired: Int?) -> Int? {
        if minimum >= 100, maximum <= 100 { return 0 }
        guard let desired, desired > 0 else { return nil }
        let keep = (desired * minimum + 99) / 100
        let allowed = desired * maximum / 100
        return keep >= desired && allowed <= desired ? desired : nil
    }

    private func percent(_ value: Value?, default fallback: Int) -> Percent? {
        guard let value, !value.isNull else { return Percent(number: fallback, value: nil) }
        return WholeNumber.of(value).map { Percent(number: $0, value: value) }
    }

    private func desiredCount(_ service: Resource) -> Int? {
        guard let value = service.properties["desiredCount"] else { return nil }
        return WholeNumber.of(value)
    }
}
