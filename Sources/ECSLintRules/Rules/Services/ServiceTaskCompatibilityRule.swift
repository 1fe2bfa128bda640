import ECSLintEngine
import ECSLintModel

/// ECS802: where the service launches its tasks must be a place the task definition is
/// registered for: Fargate needs `FARGATE` in `requiresCompatibilities`; EC2 and EXTERNAL cannot
/// run a FARGATE-only task definition (ECS-FACTS.md §2.1, §6.1).
struct ServiceTaskCompatibilityRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        guard let platform = ServiceLinks.platform(of: service) else { return }
        let links = ServiceLinks(service, in: context)
        guard let task = links.task, let listed = task.resource.properties["requiresCompatibilities"]?.array, !listed.isEmpty,
              listed.allSatisfy({ $0.string != nil }) else { return }
        let compatibilities = TaskFacts.compatibilities(task.resource)
        let anchor = service.properties["launchType"] ?? service.properties["capacityProviderStrategy"] ?? service.properties
        let label = links.taskLabel(from: context.displayPath)
        let shown = compatibilities.joined(separator: ", ")
        switch platform {
        case .fargate:
            if !compatibilities.contains("FARGATE") {
                context.report("the service runs on Fargate, but \(label) requires \(shown); add FARGATE to its requiresCompatibilities (with awsvpc and a Fargate cpu/memory size)",
                               at: anchor, in: service)
            }
        case .instances, .external:
            if compatibilities == ["FARGATE"] {
                let launch = platform == .external ? "EXTERNAL (ECS Anywhere)" : "EC2 instances"
                context.report("the service runs on \(launch), but \(label) requires only FARGATE; add \(platform == .external ? "EXTERNAL" : "EC2") to its requiresCompatibilities or launch on Fargate",
                               at: anchor, in: service)
            }
        }
    }
}
