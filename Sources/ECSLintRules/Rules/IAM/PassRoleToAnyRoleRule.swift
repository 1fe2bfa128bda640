import ECSLintEngine
import ECSLintModel

/// IAM106: `iam:PassRole` (also through `iam:*`, `iam:Pass*`) in a permissions policy.
/// - On any role (`Resource: "*"`, `arn:aws:iam::123456789012:role/*`): an error. Whoever holds
///   it can hand any role to a service that runs code (an ECS task, a Lambda function, an EC2
///   instance) and act with that role's permissions; an `iam:PassedToService` condition limits
///   the services, not the roles, so the finding stays (and shows the condition).
/// - On named roles (or roles a positive `iam:ResourceTag/…` condition picks) without an
///   `iam:PassedToService` condition: a warning. The roles can be
///   handed to any service that accepts them, not only to ECS.
/// The bare `*` action is IAM103's and IAM104's; `NotAction`/`NotResource` are IAM108's.
struct PassRoleToAnyRoleRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        for item in PolicyDocuments.of(resource, context.document) where item.document.kind == .identity {
            for statement in item.document.statements where statement.isAllow {
                guard let resources = statement.resources, !resources.negated else { continue }
                for (value, text) in statement.namedActions where IAMPattern.actionMatches(text, "iam:PassRole") {
                    let via = text.lowercased() == "iam:passrole" ? "" : " (which includes iam:PassRole)"
                    if let any = Self.anyRole(statement) {
                        context.report("\(item.name(of: statement)) allows \(text)\(via) on Resource \"\(any)\"\(statement.conditionsNote): whoever holds it can pass any role of the account, an administrator role too, to an ECS task, a Lambda function or an EC2 instance and act with its permissions. Name the roles it passes (the task and execution roles) and add StringEquals iam:PassedToService = ecs-tasks.amazonaws.com",
                                       at: value, in: resource)
                    } else if statement.conditions(on: "iam:PassedToService").isEmpty, !statement.hasUnreadableConditions {
                        context.report("\(item.name(of: statement)) allows \(text)\(via) without an iam:PassedToService condition: the roles it names can be passed to any service that runs code, not only to ECS. Add StringEquals iam:PassedToService = ecs-tasks.amazonaws.com (or the service that needs them)",
                                       at: value, in: resource, atMost: .warning)
                    }
                }
            }
        }
    }

    /// The `Resource` item that lets the statement pass any role, unless a condition on the
    /// roles' tags (`iam:ResourceTag/…`, `aws:ResourceTag/…`, a positive match) limits which.
    static func anyRole(_ statement: PolicyStatement) -> String? {
        guard let resources = statement.resources, !resources.negated,
              let any = resources.strings.first(where: coversAnyRole) else { return nil }
        return limitsRolesByTag(statement) ? nil : any
    }

    /// Whether a condition limits the roles by their tags: what copilot and CDK do with
    /// `Resource: "*"`. The roles are then as named as an ARN would name them.
    static func limitsRolesByTag(_ statement: PolicyStatement) -> Bool {
        !statement.narrowingConditions(on: ["iam:resourcetag/", "aws:resourcetag/"]).isEmpty
    }

    /// `*`, or a role ARN pattern whose name part is only `*` (every role of an account, or of
    /// every account).
    static func coversAnyRole(_ pattern: String) -> Bool {
        if pattern.allSatisfy({ $0 == "*" }) { return true }
        let parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", IAMPattern.matches(String(parts[2]), "iam", caseSensitive: true) else { return false }
        return ["*", "role/*", "role*", "role/**"].contains(String(parts[5]))
    }
}
