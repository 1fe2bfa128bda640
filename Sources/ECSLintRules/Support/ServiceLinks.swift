import ECSLintEngine
import ECSLintModel

/// What service rules need to know beyond the service itself: the task definition it runs (when
/// the run has it, `Workspace`), that task's network mode and containers, and where the service
/// launches its tasks. Every answer may be unknown (nil); rules stay silent then.
struct ServiceLinks {
    let service: Resource
    /// The task definition the service (or AppSpec) runs, when the run resolves it exactly.
    let task: Workspace.Entry?

    /// The task's network mode (`TaskNetworkMode`); nil when the task or its mode is unknown.
    let networkMode: TaskNetworkMode?

    init(_ service: Resource, in context: RuleContext) {
        self.service = service
        task = context.taskDefinition(of: service)
        networkMode = task.flatMap { TaskNetworkMode(of: $0.resource, onFargate: TaskFacts.isFargate($0, in: context.workspace)) }
    }

    /// The task's containers by name; nil when the task is unknown or a name is unresolved (a
    /// name this rule cannot see might be the one a reference means).
    var containersByName: [String: Value]? {
        guard let containers = task?.resource.properties["containerDefinitions"]?.array else { return nil }
        var byName: [String: Value] = [:]
        for container in containers {
            guard let name = container["name"]?.string else { return nil }
            byName[name] = container
        }
        return byName
    }

    /// Where a service launches its tasks.
    enum Platform: Equatable {
        case fargate
        /// EC2 instances: the EC2 launch type, or Auto Scaling group / Managed Instances providers.
        case instances
        case external
    }

    /// From `launchType` or the capacity providers of `capacityProviderStrategy`; nil when
    /// neither says (the cluster's default strategy decides) or a provider is unresolved. A
    /// provider that is not FARGATE/FARGATE_SPOT runs on instances.
    static func platform(of service: Resource) -> Platform? {
        if let launchType = service.properties["launchType"], !launchType.isNull {
            switch launchType.string?.uppercased() {
            case "FARGATE": return .fargate
            case "EC2", "MANAGED_INSTANCES": return .instances
            case "EXTERNAL": return .external
            default: return nil
            }
        }
        guard let items = service.properties["capacityProviderStrategy"]?.array, !items.isEmpty else { return nil }
        var platforms: Set<Bool> = []  // true: Fargate
        for item in items {
            guard let provider = item["capacityProvider"] else { return nil }
            if let name = provider.string {
                platforms.insert(Self.fargateProviders.contains(name))
            } else if provider.isUnresolved {
                return nil
            }
        }
        guard platforms.count == 1, let fargate = platforms.first else { return nil }
        return fargate ? .fargate : .instances
    }

    static let fargateProviders: Set<String> = ["FARGATE", "FARGATE_SPOT"]

    /// `deploymentController.type`, upper-cased; `ECS` when absent.
    static func deploymentController(of service: Resource) -> String? {
        guard let type = service.properties["deploymentController"]?["type"], !type.isNull else { return "ECS" }
        return type.string?.uppercased()
    }

    /// How messages name the task definition the service runs: its family, and its file when it
    /// is another file than the service's.
    func taskLabel(from file: String) -> String {
        guard let task else { return "the task definition" }
        let name = task.resource.properties["family"]?.string ?? task.resource.logicalID ?? "the task definition"
        return task.file == file ? "task definition \(name)" : "task definition \(name) (\(task.place))"
    }
}
