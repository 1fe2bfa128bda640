import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// ECS101: a Fargate task whose (cpu, memory) pair is not one Fargate offers. The table of valid
/// pairs is data: `rules/data/fargate-task-sizes.yaml`.
struct InvalidFargateCpuMemoryRule: Rule {
    struct Size: Sendable {
        let cpu: Int
        let memory: [Int]
        let windows: Bool
    }

    let sizes: [Size]

    init(setup: RuleSetup) throws {
        sizes = try Self.sizes(from: try setup.requireData())
    }

    /// Reads the `sizes` table: each row has `cpu`, `memory` (a list or `{from, to, step}`) and `os`.
    static func sizes(from data: Node) throws -> [Size] {
        guard let rows = data["sizes"]?.items else { throw RuleSetup.DataError(message: "fargate-task-sizes: no 'sizes' list") }
        return try rows.map { row in
            guard let cpu = row["cpu"]?.text.flatMap({ Int($0) }) else {
                throw RuleSetup.DataError(message: "fargate-task-sizes: a row without an integer cpu")
            }
            var memory: [Int] = []
            if let list = row["memory"]?.items {
                memory = list.compactMap { $0.text.flatMap { Int($0) } }
            } else if let range = row["memory"], let from = range["from"]?.text.flatMap({ Int($0) }),
                      let to = range["to"]?.text.flatMap({ Int($0) }), let step = range["step"]?.text.flatMap({ Int($0) }), step > 0 {
                memory = Array(stride(from: from, through: to, by: step))
            }
            guard !memory.isEmpty else { throw RuleSetup.DataError(message: "fargate-task-sizes: cpu \(cpu) has no memory values") }
            let systems = row["os"]?.items?.compactMap(\.text) ?? ["linux"]
            return Size(cpu: cpu, memory: memory, windows: systems.contains("windows"))
        }
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard TaskFacts.isFargate(task, in: context),
              let cpuValue = task.properties["cpu"], let memoryValue = task.properties["memory"],
              case .amount(let cpu)? = TaskSize.cpu(cpuValue), case .amount(let memory)? = TaskSize.memory(memoryValue) else {
            return
        }
        let windows = TaskFacts.isWindows(task)
        let candidates = sizes.filter { !windows || $0.windows }
        let platform = windows ? "Windows on Fargate" : "Fargate"
        let cpuText = TaskSize.format(cpu), memoryText = TaskSize.format(memory)
        guard let row = candidates.first(where: { Double($0.cpu) == cpu }) else {
            let valid = candidates.map { String($0.cpu) }.joined(separator: ", ")
            context.report("task cpu \(cpuText) is not a size \(platform) offers; valid cpu values: \(valid)", at: cpuValue, in: task)
            return
        }
        guard !row.memory.contains(where: { Double($0) == memory }) else { return }
        context.report("task memory \(memoryText) MiB is not valid with cpu \(cpuText) on \(platform); valid memory values: \(Self.describe(row.memory))",
                       at: cpuValue, in: task)
    }

    /// "512, 1024, 2048" or "2048–8192 in steps of 1024".
    static func describe(_ memory: [Int]) -> String {
        guard memory.count > 3 else { return memory.map(String.init).joined(separator: ", ") }
        let step = memory[1] - memory[0]
        let regular = zip(memory, memory.dropFirst()).allSatisfy { $1 - $0 == step }
        return regular ? "\(memory.first!)–\(memory.last!) in steps of \(step)" : memory.map(String.init).joined(separator: ", ")
    }
}
