import ECSLintEngine
import ECSLintModel

/// IAM102: a trust policy (or another policy that names principals) trusts a whole account —
/// its root, `arn:aws:iam::123456789012:root` or the bare ID `123456789012` — with no
/// `sts:ExternalId` or other condition narrowing which of that account's principals.
///
/// Which account is the role's own is rarely in the input: a CloudFormation template, an ACK
/// object or a `create-role` input do not say it. So every account root counts as another
/// account unless the run says it is the same one: the role's (or policy's) own `arn`
/// (`get-role` output), the account of customer managed policies and permissions boundary it
/// names (which must be its own account's), or the ARN a task definition of the run uses to
/// name the role. `${AWS::AccountId}` in a `!Sub` is unresolved, so ecs-lint stays silent.
struct BroadCrossAccountTrustRule: Rule {
    /// Keys that narrow a trusted account to some of its principals, or to a caller that knows a
    /// secret (`sts:ExternalId`, for third parties). checkov's CKV_AWS_61 ignores them
    /// (bridgecrewio/checkov#7209).
    static let narrowingKeys: Set = [
        "sts:externalid", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths", "aws:principaltag/", "aws:userid",
        "aws:username",
    ]

    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        let items = PolicyDocuments.of(resource, context.document).filter { $0.document.kind != .identity }
        guard !items.isEmpty else { return }
        let own = Self.ownAccounts(resource, in: context)
        for item in items {
            // `Principal: "*"` is IAM101's.
            for statement in item.document.statements where statement.isAllow && !statement.namesAnyPrincipal {
                guard statement.narrowingConditions(on: Self.narrowingKeys).isEmpty, !statement.hasUnreadableConditions else { continue }
                for principal in statement.principals(ofType: "AWS") {
                    guard let text = principal.string, let account = Self.rootAccount(text), !own.contains(account) else { continue }
                    let others = statement.conditions.isEmpty ? ""
                        : "; its conditions (\(statement.conditions.map(\.text).joined(separator: "; "))) do not narrow which principals"
                    let what = item.document.kind == .trust ? "assume the role and use its permissions" : "use what it allows"
                    context.report("\(item.name(of: statement)) trusts all of account \(account) (\(text)), which ecs-lint takes for another account since nothing in the run says it is this one's: every user and role that account lets call sts:AssumeRole can \(what)\(others). Add a condition: sts:ExternalId for a third party, aws:PrincipalArn for the roles that need it (or name those roles as principals)",
                                   at: principal, in: resource)
                }
            }
        }
    }

    /// The account an account principal names: `123456789012` or `arn:PARTITION:iam::123456789012:root`.
    static func rootAccount(_ text: String) -> String? {
        if isAccountID(text) { return text }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty, isAccountID(parts[4]), parts[5] == "root" else { return nil }
        return parts[4]
    }

    static func isAccountID(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The accounts the run says the resource is in (see the type's comment).
    static func ownAccounts(_ resource: Resource, in context: RuleContext) -> Set<String> {
        var values: [Value] = []
        let properties = resource.properties
        if let arn = properties["arn"] { values.append(arn) }
        // A boundary is an ARN in templates, `{PermissionsBoundaryArn: …}` in `get-role` output.
        if let boundary = properties["permissionsBoundary"] { values.append(boundary["permissionsBoundaryArn"] ?? boundary) }
        values += properties["managedPolicyArns"]?.array ?? []
        if resource.kind == .iamRole, let entry = context.workspace.entry(for: resource, in: context.displayPath) {
            for use in context.workspace.uses(of: entry) {
                if let value = use.taskDefinition.resource.properties[use.field] { values.append(value) }
            }
        }
        var accounts: Set<String> = []
        for value in values {
            let parts = (value.string ?? "").split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if parts.count == 6, parts[0] == "arn", isAccountID(String(parts[4])) { accounts.insert(String(parts[4])) }
        }
        return accounts
    }
}
