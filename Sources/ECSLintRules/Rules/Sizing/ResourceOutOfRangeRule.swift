import ECSLintEngine
import ECSLintModel

/// ECS110: task `cpu` outside 128–196608 units on a task that does not run on Fargate (ECS101
/// checks Fargate sizes), and a container `memory` below the 6 MiB Docker reserves (a warning)
/// (ECS-FACTS.md §1.6, §1.7). GPU `resourceRequirements` on Fargate are ECS106's finding.
struct ResourceOutOfRangeRule: Rule {
    static let taskCPU = 128.0...196_608.0
    static let minimumMemory = 6.0

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        if let cpu = task.properties["cpu"], case .amount(let units)? = TaskSize.cpu(cpu), !Self.taskCPU.contains(units),
           !TaskFacts.isFargate(task, in: context) {
            context.report("task cpu \(TaskSize.format(units)) units is outside 128–196608 (0.125 to 192 vCPU), the range ECS supports for EC2 and external tasks",
                           at: cpu, in: task)
        }
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard case .known(let mebibytes, let value) = ContainerAmount(container["memory"]), mebibytes < Self.minimumMemory else { continue }
            context.report("container \(TaskFacts.containerName(container)) has a memory hard limit of \(TaskSize.format(mebibytes)) MiB; Docker reserves at least 6 MiB for a container, so set 6 or more",
                           at: value, in: task, atMost: .warning)
        }
    }
}
