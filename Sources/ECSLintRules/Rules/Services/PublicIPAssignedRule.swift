import ECSLintEngine
import ECSLintModel

/// ECS309: `assignPublicIp: ENABLED` puts the tasks on the internet; off Fargate it does not
/// even work, since ENIs of tasks on EC2 instances never get public addresses (ECS-FACTS.md §2.4).
struct PublicIPAssignedRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        guard let value = service.properties["networkConfiguration"]?["awsvpcConfiguration"]?["assignPublicIp"],
              let text = value.string, text.uppercased() == "ENABLED" else { return }
        switch ServiceLinks.platform(of: service) {
        case .instances?, .external?:
            context.report("assignPublicIp ENABLED is only supported on Fargate: tasks on EC2 instances never get a public IP, and ECS rejects the service; use DISABLED and a NAT gateway or VPC endpoints",
                           at: value, in: service, raisedTo: .error)
        default:
            context.report("assignPublicIp ENABLED gives every task a public IP address; prefer private subnets with a NAT gateway or VPC endpoints, and reach the service through a load balancer",
                           at: value, in: service)
        }
    }
}
