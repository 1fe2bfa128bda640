import ECSLintEngine
import ECSLintModel

/// ECS108: `ephemeralStorage.sizeInGiB` outside 21–200 (an error), or ephemeral storage on a task
/// that cannot run on Fargate, where it has no effect (a warning) (ECS-FACTS.md §1.5).
struct InvalidEphemeralStorageRule: Rule {
    static let sizes = 21.0...200.0

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard let storage = task.properties["ephemeralStorage"], !storage.isNull, !storage.isUnresolved else { return }
        if let size = storage["sizeInGiB"], case .known(let gibibytes, _) = ContainerAmount(size), !Self.sizes.contains(gibibytes) {
            context.report("ephemeralStorage.sizeInGiB is \(TaskSize.format(gibibytes)); ECS accepts 21 to 200 GiB (without ephemeralStorage a Fargate task gets 20 GiB)",
                           at: size, in: task)
            return
        }
        guard let requirement = Self.nonFargateRequirement(task), !TaskFacts.isFargate(task, in: context) else { return }
        context.report("task requires \(requirement) only, but ephemeralStorage sizes the storage of Fargate tasks and has no effect there",
                       at: storage, in: task, atMost: .warning)
    }

    /// "EC2" or "EC2, EXTERNAL" when `requiresCompatibilities` is known and lists only launch
    /// types without configurable ephemeral storage. nil when it is absent (ECS then works out
    /// the compatibilities itself, FARGATE included when the task qualifies), unknown, or
    /// lists FARGATE or MANAGED_INSTANCES (not documented either way).
    static func nonFargateRequirement(_ task: Resource) -> String? {
        guard let entries = task.properties["requiresCompatibilities"]?.array, !entries.isEmpty else { return nil }
        let names = entries.compactMap { $0.string?.uppercased() }
        guard names.count == entries.count, names.allSatisfy({ $0 == "EC2" || $0 == "EXTERNAL" }) else { return nil }
        return names.joined(separator: ", ")
    }
}
