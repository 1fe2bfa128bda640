import ECSLintEngine
import ECSLintModel

/// How a service is scheduled and deployed, with the API's defaults (ECS-FACTS.md §6.3, §6.4),
/// for the ECS8xx rules. A setting that is unresolved is nil: rules stay silent on it.
struct ServiceSettings {
    enum Scheduling: String {
        case replica = "REPLICA", daemon = "DAEMON"
    }

    enum Controller: String {
        case ecs = "ECS", codeDeploy = "CODE_DEPLOY", external = "EXTERNAL"
    }

    let scheduling: Scheduling?
    let controller: Controller?

    init(_ service: Resource) {
        scheduling = Self.enumeration(service.properties["schedulingStrategy"], default: .replica)
        let controllerValue = service.properties["deploymentController"]
        controller = controllerValue?.isUnresolved == true ? nil : Self.enumeration(controllerValue?["type"], default: .ecs)
    }

    /// The value as written (case aside), its default when absent, nil when unknown.
    private static func enumeration<T: RawRepresentable>(_ value: Value?, default fallback: T) -> T? where T.RawValue == String {
        guard let value, !value.isNull else { return fallback }
        return value.string.flatMap { T(rawValue: $0.uppercased()) }
    }

    /// How messages name a service: its logical ID or `serviceName`.
    static func label(_ service: Resource) -> String {
        if let id = service.logicalID { return "service \(id)" }
        // A --generate-cli-skeleton leaves serviceName empty.
        if let name = service.properties["serviceName"]?.string, !name.isEmpty { return "service \(name)" }
        return "the service"
    }

    /// A list that is set and has known items; nil when absent, empty or unresolved.
    static func knownList(_ value: Value?) -> [Value]? {
        guard let items = value?.array, !items.isEmpty else { return nil }
        return items
    }
}
