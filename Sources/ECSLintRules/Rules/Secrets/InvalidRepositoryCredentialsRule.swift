import ECSLintEngine
import ECSLintModel

/// ECS405: `repositoryCredentials.credentialsParameter` must be a Secrets Manager secret ARN
/// (ECS-FACTS §4.3). A bare secret name works through the API in the task's Region only, so it
/// is a warning; anything else (an SSM parameter, another service's ARN, a dynamic reference)
/// is an error.
struct InvalidRepositoryCredentialsRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let parameter = container["repositoryCredentials"]?["credentialsParameter"] else { continue }
            let subject = "container \(TaskContainers.label(container)): repositoryCredentials.credentialsParameter"
            if case .dynamicReference? = parameter.unresolved {
                context.report("\(subject) is a CloudFormation dynamic reference, which resolves to the secret's value; give the secret's ARN",
                               at: parameter, in: task)
                continue
            }
            guard let text = parameter.string, !PlaceholderText.isUnknown(text) else { continue }
            if let arn = AWSARN(text) {
                guard arn.service == "secretsmanager" else {
                    context.report("\(subject) is an ARN of \(arn.service.isEmpty ? "no service" : arn.service); private registry credentials come only from a Secrets Manager secret (arn:…:secretsmanager:REGION:ACCOUNT:secret:NAME) holding username and password",
                                   at: parameter, in: task)
                    continue
                }
                if SecretReference.secretsManagerProblem(arn, allowSelectors: false) != nil {
                    context.report("\(subject) is not a well-formed Secrets Manager secret ARN (arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME)",
                                   at: parameter, in: task)
                }
            } else if SecretReference.isSecretName(text) {
                context.report("\(subject) is a secret name, not its ARN; a name works only through the API or CLI for a secret in the task's Region (the console and other accounts need the ARN), so use the full ARN",
                               at: parameter, in: task, atMost: .warning)
            } else {
                context.report("\(subject) is neither a Secrets Manager secret ARN nor a secret name", at: parameter, in: task)
            }
        }
    }
}
