import ECSLintEngine
import ECSLintModel

/// ECS103: the containers reserve more than the task has (ECS-FACTS.md §1.6): Σ container `cpu`
/// over task `cpu`, Σ (`memoryReservation` ?? `memory`) over task `memory`, or one container's
/// `memory` hard limit over task `memory`. Equality is allowed.
///
/// Unknown container values (intrinsics, placeholders) count as nothing: cpu and memory are never
/// negative, so a known part that already exceeds the task is a certain finding, and a sum
/// that exceeds only through a guess is never made.
struct ContainerResourcesExceedTaskRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard let containers = task.properties["containerDefinitions"]?.array else { return }
        if let cpu = task.properties["cpu"], case .amount(let taskCPU)? = TaskSize.cpu(cpu) {
            checkCPU(containers, taskCPU: taskCPU, at: cpu, in: task, context: context)
        }
        if let memory = task.properties["memory"], case .amount(let taskMemory)? = TaskSize.memory(memory) {
            checkMemory(containers, taskMemory: taskMemory, at: memory, in: task, context: context)
        }
    }

    private func checkCPU(_ containers: [Value], taskCPU: Double, at cpu: Value, in task: Resource, context: RuleContext) {
        var total = 0.0
        var parts: [String] = []
        for container in containers {
            guard case .known(let units, _) = ContainerAmount(container["cpu"]) else { continue }
            total += units
            parts.append("\(TaskFacts.containerName(container)) \(TaskSize.format(units))")
        }
        guard total > taskCPU else { return }
        context.report("the containers reserve \(TaskSize.format(total)) CPU units (\(parts.joined(separator: ", "))), more than the task cpu of \(TaskSize.format(taskCPU)) units",
                       at: cpu, in: task)
    }

    private func checkMemory(_ containers: [Value], taskMemory: Double, at memory: Value, in task: Resource, context: RuleContext) {
        var total = 0.0
        var parts: [String] = []
        // A container whose own reservation exceeds the task and whose hard limit was reported:
        // the sum then says nothing new (one mistake, one finding).
        var explained = false
        for container in containers {
            let name = TaskFacts.containerName(container)
            let limit = ContainerAmount(container["memory"])
            let reservation = ContainerAmount(container["memoryReservation"])
            let accounted: ContainerAmount
            if case .absent = reservation { accounted = limit } else { accounted = reservation }
            if case .known(let mebibytes, let value) = limit, mebibytes > taskMemory {
                context.report("container \(name) has a memory hard limit of \(TaskSize.format(mebibytes)) MiB, more than the task memory of \(TaskSize.format(taskMemory)) MiB",
                               at: value, in: task)
                if accounted.lowerBound > taskMemory { explained = true }
            }
            if case .known(let mebibytes, _) = accounted {
                total += mebibytes
                parts.append("\(name) \(TaskSize.format(mebibytes))")
            }
        }
        guard total > taskMemory, !explained else { return }
        context.report("the containers reserve \(TaskSize.format(total)) MiB of memory (\(parts.joined(separator: ", ")); memoryReservation, else memory), more than the task memory of \(TaskSize.format(taskMemory)) MiB",
                       at: memory, in: task)
    }
}
