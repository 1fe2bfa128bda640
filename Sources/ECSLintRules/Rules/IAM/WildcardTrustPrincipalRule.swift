import ECSLintEngine
import ECSLintModel

/// IAM101: a trust policy (or another policy that names principals) lets any AWS principal in:
/// `Principal: "*"` or `{"AWS": "*"}` on an `Allow`, with no condition that narrows who.
///
/// Conditions on the keys that name the caller's organization, account or ARN (or, for a
/// service acting for someone, the source account and ARN) narrow it, when they are positive
/// matches on literal values (`ConditionOperator.matchesPositively`, `Condition.narrows`):
/// checkov's CKV_AWS_60 ignores them (bridgecrewio/checkov#6839, #7304), ecs-lint must not.
struct WildcardTrustPrincipalRule: Rule {
    /// Keys whose value says who the caller is, or on whose behalf a service calls.
    static let narrowingKeys: Set = [
        "aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths",
        "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths",
    ]

    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        for item in PolicyDocuments.of(resource, context.document) where item.document.kind != .identity {
            for statement in item.document.statements where statement.isAllow && statement.namesAnyPrincipal {
                guard statement.narrowingConditions(on: Self.narrowingKeys).isEmpty, !statement.hasUnreadableConditions,
                      let principals = statement.principals else { continue }
                let star = statement.principals(ofType: "AWS").first { $0.string == "*" } ?? principals.value
                let others = statement.conditions.isEmpty ? ""
                    : "; its conditions (\(statement.conditions.map(\.text).joined(separator: "; "))) do not say who the caller is"
                let what = item.document.kind == .trust
                    ? "lets any AWS principal, in any account, assume the role and use its permissions (a task role's permissions are the application's)"
                    : "grants what it allows to any AWS principal, in any account"
                context.report("\(item.name(of: statement)) has Principal \"*\" and \(what)\(others). Name the principal (Service: ecs-tasks.amazonaws.com for task and execution roles, or the account or role ARNs) or add a condition on aws:PrincipalOrgID, aws:PrincipalArn or aws:SourceAccount",
                               at: star, in: resource)
            }
        }
    }
}
