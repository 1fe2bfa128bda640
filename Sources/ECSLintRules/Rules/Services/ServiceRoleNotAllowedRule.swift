import ECSLintEngine
import ECSLintModel

/// ECS312: the service `role` (for Classic-era load balancer registration) is only allowed with a
/// load balancer and a task definition that does not use awsvpc (ECS-FACTS.md §2.4).
struct ServiceRoleNotAllowedRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        // An empty string (generate-cli-skeleton output) sets nothing.
        guard let role = service.properties["role"], !role.isNull, role.string != "" else { return }
        let balancers = service.properties["loadBalancers"]
        // With the EXTERNAL controller the load balancers belong to the task sets.
        if balancers == nil || balancers?.array?.isEmpty == true, ServiceLinks.deploymentController(of: service) != "EXTERNAL" {
            context.report("the service sets role but has no loadBalancers; the role is only for registering tasks with a load balancer: remove it",
                           at: role, in: service)
            return
        }
        let links = ServiceLinks(service, in: context)
        if links.networkMode == "awsvpc" {
            context.report("\(links.taskLabel(from: context.displayPath)) uses awsvpc, which registers tasks with the service-linked role; ECS rejects a service role here: remove role",
                           at: role, in: service)
        }
    }
}
