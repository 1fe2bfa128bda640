import ECSLintEngine
import ECSLintModel

/// ECS406: `logConfiguration.options` holds a secret (an option named like one, `splunk-token`,
/// `apikey`, `HTTP_Passwd`, with a literal value, or a value shaped like a credential) where
/// `secretOptions` would keep it out of the task definition. Names and values are judged by
/// `SecretDetector`, the patterns ECS401 is measured with.
struct SecretInLogOptionsRule: Rule {
    let detector: SecretDetector

    init(setup: RuleSetup) throws {
        detector = try SecretDetector(setup: setup)
    }

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            for option in container["logConfiguration"]?["options"]?.members ?? [] {
                let name = option.writtenName
                let what: String?
                if let literal = SecretDetector.literal(option.value) {
                    what = detector.classify(name: name, literal: literal)
                } else if case .placeholder(let text)? = option.value.unresolved {
                    // `https://user:pw@${HOST}` is partly templated, but the password is literal.
                    what = detector.credential(in: text).map { "holds what looks like \($0)" }
                } else if case .dynamicReference(let text)? = option.value.unresolved, DynamicReference.isSecret(text) {
                    // CloudFormation resolves it before registration: the value is in plain text (§4.6).
                    what = "takes a secret through a CloudFormation dynamic reference, which puts its value in the task definition"
                } else {
                    what = nil
                }
                guard let what else { continue }
                context.report("container \(TaskContainers.label(container)): log option \"\(name)\" \(what); pass it in logConfiguration.secretOptions with valueFrom (Secrets Manager or SSM Parameter Store) instead",
                               at: option.value, in: task)
            }
        }
    }
}
