import ECSLintEngine
import ECSLintModel

/// ECS402: `secrets[].valueFrom` and `logConfiguration.secretOptions[].valueFrom` must be a
/// Secrets Manager secret ARN (with optional selectors) or an SSM parameter name or ARN
/// (ECS-FACTS §4.1). A warning when the ARNs of one task definition point at more than one
/// Region or account.
struct InvalidSecretReferenceRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        var firstARN: (arn: AWSARN, path: String)?
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let label = TaskContainers.label(container)
            let lists = [("secrets", container["secrets"]), ("logConfiguration.secretOptions", container["logConfiguration"]?["secretOptions"])]
            for (field, list) in lists {
                for item in list?.array ?? [] {
                    guard let valueFrom = item["valueFrom"] else { continue }
                    let subject = "container \(label): \(field) \"\(item["name"]?.string ?? "?")\""
                    if case .dynamicReference? = valueFrom.unresolved {
                        // CloudFormation would put the secret's value here, where ECS needs where it is (§4.6).
                        context.report("\(subject) takes valueFrom from a CloudFormation dynamic reference, which resolves to the secret's value; valueFrom needs the secret's ARN or the parameter's name",
                                       at: valueFrom, in: task)
                        continue
                    }
                    guard let text = valueFrom.string, !PlaceholderText.isUnknown(text) else { continue }
                    switch SecretReference.classify(valueFrom: text) {
                    case .failure(let problem):
                        context.report("\(subject) has valueFrom \(Self.describe(problem))", at: valueFrom, in: task)
                    case .success(.secretsManager(let arn)), .success(.ssmParameterARN(let arn)):
                        if let first = firstARN {
                            if let mixed = Self.mixed(arn, first.arn) {
                                context.report("\(subject) points at \(mixed.this), \(first.path) at \(mixed.first); a task reading secrets from several Regions or accounts is usually a copy-paste slip (a Region or account of another environment)",
                                               at: valueFrom, in: task, atMost: .warning)
                            }
                        } else {
                            firstARN = (arn, valueFrom.path)
                        }
                    case .success(.ssmParameterName):
                        break
                    }
                }
            }
        }
    }

    /// How two ARNs differ in Region and account, as "Region us-west-2" and "Region us-east-1".
    static func mixed(_ arn: AWSARN, _ first: AWSARN) -> (this: String, first: String)? {
        var this: [String] = [], other: [String] = []
        if arn.region != first.region {
            this.append("Region \(arn.region)")
            other.append("Region \(first.region)")
        }
        if arn.account != first.account {
            this.append("account \(arn.account)")
            other.append("account \(first.account)")
        }
        return this.isEmpty ? nil : (this.joined(separator: " and "), other.joined(separator: " and "))
    }

    static func describe(_ problem: SecretReference.Problem) -> String {
        switch problem {
        case .malformedARN(let kind):
            return "that is not a well-formed \(kind) ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, with a Region and a 12-digit account)"
        case .otherService(let service):
            return "that is an ARN of \(service.isEmpty ? "no service" : service); ECS reads secrets only from Secrets Manager (arn:…:secretsmanager:…:secret:NAME) and SSM Parameter Store (arn:…:ssm:…:parameter/NAME or the parameter's name)"
        case .stageAndVersionID:
            return "that names both a version stage and a version ID; give one of them (…:json-key:version-stage: or …:json-key::version-id)"
        case .secretName:
            return "that looks like a Secrets Manager secret name; ECS needs the secret's full ARN (an SSM parameter name with levels starts with \"/\")"
        case .notAName:
            return "that is neither an ARN nor an SSM parameter name (letters, digits, _ . - and / between levels)"
        }
    }
}
