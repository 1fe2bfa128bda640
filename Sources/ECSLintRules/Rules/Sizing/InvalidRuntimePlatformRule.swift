import ECSLintEngine
import ECSLintModel

/// ECS109: a Windows task where Fargate cannot run it: on ARM64, or launched by a service of the
/// same template on FARGATE_SPOT (ECS-FACTS.md §1.3, §5.7). A Windows Fargate task below 1 vCPU
/// is ECS101's finding (the Windows rows of the Fargate size table start at 1024).
struct InvalidRuntimePlatformRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard TaskFacts.isWindows(task) else { return }
        if let architecture = task.properties["runtimePlatform"]?["cpuArchitecture"], architecture.string?.uppercased() == "ARM64",
           TaskFacts.isFargate(task, in: context) {
            context.report("Windows containers on Fargate run only on X86_64, not on cpuArchitecture \(architecture.string ?? "")",
                           at: architecture, in: task)
        }
        let taskName = task.logicalID ?? task.name ?? "the task definition"
        for service in context.services(running: task) {
            for item in service.properties["capacityProviderStrategy"]?.array ?? [] {
                guard let provider = item["capacityProvider"], provider.string?.uppercased() == "FARGATE_SPOT" else { continue }
                context.report("service \(service.logicalID ?? service.name ?? "") runs the Windows task definition \(taskName) on FARGATE_SPOT, which runs Linux tasks only; use the FARGATE capacity provider",
                               at: provider, in: service)
            }
        }
    }
}
