import ECSLintEngine
import ECSLintModel

/// IAM111: a permissions policy allows an action that reads secrets or data, or assumes roles,
/// on `Resource: "*"`: every secret, parameter, key, object or role the account (and accounts
/// that share with it) has. The list is cloudsplaining's data-exfiltration actions plus
/// `kms:Decrypt` and `sts:AssumeRole`.
///
/// Also through wildcards (`ssm:GetParameter*`, `s3:Get*`, `s3:*`); the bare `*` is IAM103's and
/// IAM104's. A statement with conditions still fires, as a warning, and the message shows them:
/// whether a condition scopes the resources (`aws:ResourceTag/…`, `kms:ViaService`) or not
/// (`aws:SourceVpc`) is for the reader to judge, not for ecs-lint to guess.
struct SensitiveActionOnAllResourcesRule: Rule {
    /// The actions, what `*` gives with each, and what to name instead.
    static let actions: [(name: String, reach: String, names: String)] = [
        ("secretsmanager:GetSecretValue", "read every secret in Secrets Manager", "the secrets' ARNs"),
        ("ssm:GetParameter", "read every SSM parameter, SecureString values decrypted", "the parameters' ARNs or path"),
        ("ssm:GetParameters", "read every SSM parameter, SecureString values decrypted", "the parameters' ARNs or path"),
        ("ssm:GetParametersByPath", "read every SSM parameter, SecureString values decrypted", "the parameters' ARNs or path"),
        ("kms:Decrypt", "decrypt with every KMS key whose key policy trusts the account", "the key ARNs"),
        ("s3:GetObject", "read every object of every bucket, also other accounts' buckets that allow it", "the buckets and prefixes"),
        ("sts:AssumeRole", "assume every role whose trust policy allows the account", "the role ARNs"),
    ]

    /// The listed actions an `Action` pattern covers.
    static func covered(by pattern: String) -> [(name: String, reach: String, names: String)] {
        actions.filter { IAMPattern.actionMatches(pattern, $0.name) }
    }

    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        for item in PolicyDocuments.of(resource, context.document) where item.document.kind == .identity {
            for statement in item.document.statements where statement.isAllow && statement.onAllResources {
                for (value, text) in statement.namedActions {
                    let covered = Self.covered(by: text)
                    guard !covered.isEmpty else { continue }
                    var reaches: [String] = []
                    var names: [String] = []
                    for action in covered {
                        if !reaches.contains(action.reach) { reaches.append(action.reach) }
                        if !names.contains(action.names) { names.append(action.names) }
                    }
                    let via = covered.count == 1 && covered[0].name.lowercased() == text.lowercased()
                        ? "" : " (\(PolicyDocuments.listed(covered.map(\.name), limit: 7)))"
                    let conditional = statement.conditionValue != nil
                    let judge = conditional ? "; check that the conditions limit it to what the task needs, or" : ";"
                    context.report("\(item.name(of: statement)) allows \(text)\(via) on Resource \"*\"\(statement.conditionsNote): a task using the role can \(PolicyDocuments.listed(reaches)), not only its own\(judge) name \(PolicyDocuments.listed(names)) the task uses",
                                   at: value, in: resource, atMost: conditional ? .warning : nil)
                }
            }
        }
    }
}
