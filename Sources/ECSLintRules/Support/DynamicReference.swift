import ECSLintModel

/// CloudFormation dynamic references (`{{resolve:service:…}}`, ECS-FACTS §4.6).
enum DynamicReference {
    /// The services whose references hold secrets: CloudFormation resolves them before the
    /// task definition is registered, so the value ends up there in plain text.
    static let secretServices = ["{{resolve:secretsmanager:", "{{resolve:ssm-secure:"]

    static func isSecret(_ text: String) -> Bool {
        secretServices.contains { text.contains($0) }
    }

    /// Every secret dynamic reference in a value: the value itself, or strings inside an
    /// intrinsic (`!Sub "postgres://app:{{resolve:secretsmanager:db}}@db"`, `!Join`, `!If`).
    static func secretReferences(in value: Value) -> [Value] {
        switch value.content {
        case .unresolved(.dynamicReference(let text)):
            return isSecret(text) ? [value] : []
        case .unresolved(.intrinsic(let intrinsic)):
            // The Sub template is kept verbatim; its dynamic references are inside it.
            if let template = intrinsic.template, isSecret(template) { return [value] }
            return secretReferences(in: intrinsic.argument).isEmpty ? [] : [value]
        case .array(let items):
            return items.flatMap(secretReferences)
        case .object(let members):
            return members.flatMap { secretReferences(in: $0.value) }
        default:
            return []
        }
    }
}
