import ECSLintEngine
import ECSLintModel

/// ECS408: a CloudFormation dynamic reference to Secrets Manager or a SecureString parameter in
/// an `environment` value. CloudFormation resolves it before the task definition is registered,
/// so the secret lands there in plain text (ECS-FACTS §4.6).
struct ResolvedSecretInEnvironmentRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            for entry in container["environment"]?.array ?? [] {
                guard let value = entry["value"], !DynamicReference.secretReferences(in: value).isEmpty else { continue }
                let name = entry["name"]?.string.map { "\"\($0)\"" } ?? entry.path
                context.report("container \(TaskContainers.label(container)): environment variable \(name) takes a secret through a {{resolve:…}} dynamic reference, which CloudFormation resolves into plain text in the registered task definition; use \"secrets\" with the secret's ARN as valueFrom",
                               at: value, in: task)
            }
        }
    }
}
