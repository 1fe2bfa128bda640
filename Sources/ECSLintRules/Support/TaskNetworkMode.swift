import ECSLintEngine
import ECSLintModel

/// The network mode a task definition's containers get (ECS-FACTS.md §2.1), for the rules that
/// judge fields per mode (ECS302–ECS306).
enum TaskNetworkMode: String {
    case bridge, host, awsvpc, none
    /// Windows without `networkMode`: Docker's `nat` network, which has no name in the API.
    case windowsDefault

    /// The mode, or nil when it cannot be known: `networkMode` is unresolved or not one of the
    /// four values (ECS301's finding), or it is omitted where ECS gives no default (Fargate and
    /// Managed Instances must set one: ECS301 again). Only the case of a value may be wrong:
    /// `AWSVPC` is read as `awsvpc`, the mode its author meant and ECS301's fix writes.
    init?(of task: Resource, in context: RuleContext) {
        self.init(of: task, onFargate: TaskFacts.isFargate(task, in: context))
    }

    /// `onFargate`: the task runs on Fargate (`TaskFacts.isFargate`, for a task of any file).
    init?(of task: Resource, onFargate: Bool) {
        if let written = task.properties["networkMode"], !written.isNull {
            guard let text = written.string, let mode = TaskNetworkMode(rawValue: text.lowercased()), mode != .windowsDefault else {
                return nil
            }
            self = mode
            return
        }
        if TaskFacts.isWindows(task) {
            self = .windowsDefault
            return
        }
        // An unresolved list of launch types may hold one that has no default mode.
        if let compatibilities = task.properties["requiresCompatibilities"], compatibilities.containsUnresolved { return nil }
        let launchTypes = TaskFacts.compatibilities(task)
        if onFargate || launchTypes.contains("MANAGED_INSTANCES") { return nil }
        self = .bridge
    }

    /// How messages name the mode.
    var shownName: String { self == .windowsDefault ? "the Windows default (no networkMode)" : "\"\(rawValue)\"" }

    /// Containers share one network namespace: the task's (awsvpc) or the instance's (host).
    var sharesNamespace: Bool { self == .awsvpc || self == .host }
}
