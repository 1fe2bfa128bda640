import ECSLintEngine
import ECSLintModel

/// IAM008: a role used as a task role trusts `ecs-tasks.amazonaws.com` in a statement without
/// `aws:SourceAccount` or `aws:SourceArn`, which AWS recommends against the confused-deputy
/// problem (ECS-FACTS §3.4). An error, not a note, for conditions that break the role: an
/// `aws:SourceArn` naming a cluster (ECS does not support it: use `arn:aws:ecs:REGION:ACCOUNT:*`),
/// or an `aws:SourceArn` whose account differs from `aws:SourceAccount` in the same statement.
///
/// Never for execution roles (AWS's own execution-role trust policies have no condition, and
/// whether the agent supplies the keys is not documented), nor for a statement that also trusts
/// `ec2.amazonaws.com` (EC2 does not send these keys: the condition would lock the instances
/// out, prowler-cloud/prowler#2810). A `Condition` that cannot be read is unknown: silent.
struct MissingConfusedDeputyConditionRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ role: Resource, in context: RuleContext) {
        guard let entry = context.workspace.entry(for: role, in: context.displayPath),
              let written = role.properties["assumeRolePolicyDocument"] else { return }
        let tasks = RoleUses.asTaskRole(entry, in: context.workspace)
        guard !tasks.isEmpty else { return }
        let usedAs = "the task role of \(RoleUses.taskDefinitions(tasks))"
        let trust = PolicyDocument(written, kind: .trust)
        for statement in trust.statements where statement.isAllow {
            let services = statement.principals(ofType: "Service").compactMap { $0.string?.lowercased() }
            guard services.contains(where: { WrongTrustPrincipalRule.isECSTasks($0) }), !services.contains("ec2.amazonaws.com") else { continue }
            let sourceArns = statement.conditions(on: "aws:SourceArn").filter { !Self.isNegated($0) }
            let sourceAccounts = statement.conditions(on: "aws:SourceAccount").filter { !Self.isNegated($0) }
            if statement.conditions(on: "aws:SourceArn").isEmpty, statement.conditions(on: "aws:SourceAccount").isEmpty {
                guard statement.conditionValue?.containsUnresolved != true else { continue }
                context.report("role \(RoleUses.label(role: entry)) is \(usedAs) and lets \(WrongTrustPrincipalRule.service) assume it without an aws:SourceAccount or aws:SourceArn condition: add StringEquals aws:SourceAccount = ACCOUNT and ArnLike aws:SourceArn = arn:aws:ecs:REGION:ACCOUNT:* so that only your account's tasks can get its credentials (confused-deputy protection)",
                               at: statement.value, in: role)
                continue
            }
            let accounts = Set(sourceAccounts.flatMap(\.strings).filter(Self.isAccount))
            for condition in sourceArns {
                for value in condition.values {
                    guard let text = value.string, let arn = AWSARN(text) else { continue }
                    if arn.service == "ecs", arn.resource.hasPrefix("cluster/") {
                        context.report("aws:SourceArn \(text) names a cluster, which ECS does not support for task roles: tasks cannot assume role \(RoleUses.label(role: entry)) (\(usedAs)); use arn:\(arn.partition):ecs:\(arn.region):\(arn.account):*",
                                       at: value, in: role, raisedTo: .error)
                    } else if Self.isAccount(arn.account), !accounts.isEmpty, !accounts.contains(arn.account) {
                        context.report("aws:SourceArn \(text) is in account \(arn.account), but aws:SourceAccount allows only \(accounts.sorted().joined(separator: ", ")) in the same statement: no request matches both, so tasks cannot assume role \(RoleUses.label(role: entry)) (\(usedAs)); use one account in both",
                                       at: value, in: role, raisedTo: .error)
                    }
                }
            }
        }
    }

    /// `StringNotEquals`, `ArnNotLike`, …: excludes what it names.
    static func isNegated(_ condition: PolicyStatement.Condition) -> Bool {
        condition.operator.lowercased().contains("not")
    }

    static func isAccount(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy(\.isASCIIDigit)
    }
}
