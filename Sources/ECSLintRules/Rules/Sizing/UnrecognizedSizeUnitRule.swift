import ECSLintEngine
import ECSLintModel

/// ECS011: task `cpu`/`memory` written in a form ECS does not document (`"2 GiB"`, `"2048MB"`).
struct UnrecognizedSizeUnitRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        if let cpu = task.properties["cpu"], TaskSize.cpu(cpu) == .unrecognized {
            context.report("task cpu \"\(cpu.scalarText ?? "")\" is not a form ECS documents; write CPU units (\"1024\") or vCPUs (\"1 vCPU\")",
                           at: cpu, in: task)
        }
        if let memory = task.properties["memory"], TaskSize.memory(memory) == .unrecognized {
            context.report("task memory \"\(memory.scalarText ?? "")\" is not a form ECS documents; write MiB (\"2048\") or GB (\"2 GB\")",
                           at: memory, in: task)
        }
    }
}
