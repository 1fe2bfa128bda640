import ECSLintEngine
import ECSLintModel

/// IAM104: administrator access. Two shapes:
/// - a permissions policy statement that allows `*` on `*` (whoever holds it is an
///   administrator), in any document;
/// - an AWS managed policy that amounts to it (`AdministratorAccess`; `PowerUserAccess`, all but
///   IAM and Organizations; `IAMFullAccess`, which can grant itself the rest) in
///   `managedPolicyArns` of a role a task definition of the run uses as its task or execution
///   role. A role no task of the run uses is not reported for its managed policies: ecs-lint
///   judges what the task gets, and admin roles for people are another tool's business.
struct AdminAccessRule: Rule {
    /// AWS managed policies (by name in rules/data/aws-managed-policies.json) that make the
    /// holder an administrator, and why.
    static let adminPolicies: [String: String] = [
        "AdministratorAccess": "every action on every resource",
        "PowerUserAccess": "every action outside IAM and Organizations",
        "IAMFullAccess": "every IAM action, with which it can grant itself any other",
    ]

    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        for item in PolicyDocuments.of(resource, context.document) where item.document.kind == .identity {
            for statement in item.document.statements where statement.isAllow {
                guard statement.actions?.namesEverything == true, statement.resources?.namesEverything == true else { continue }
                context.report("\(item.name(of: statement)) allows every action on every resource (Action \"*\", Resource \"*\")\(statement.conditionsNote): whoever holds it is an administrator of the account, and a task using the role can read every secret, change IAM and delete anything. Grant the actions and resources the application needs",
                               at: statement.value, in: resource)
            }
        }
        guard resource.kind == .iamRole, let arns = resource.properties["managedPolicyArns"]?.array,
              let entry = context.workspace.entry(for: resource, in: context.displayPath) else { return }
        let uses = context.workspace.uses(of: entry)
        guard !uses.isEmpty else { return }
        let users = uses.map { use in
            let name = use.taskDefinition.resource.properties["family"]?.string ?? use.taskDefinition.resource.name
            let family = name.map { " \"\($0)\"" } ?? ""
            return "the \(use.isTaskRole ? "task" : "execution") role of task definition\(family) (\(use.taskDefinition.place))"
        }
        for value in arns {
            guard let arn = IAMData.managedPolicyARN(value), let policy = data.managedPolicy(arn: arn),
                  let grants = Self.adminPolicies[policy.name] else { continue }
            context.report("the role has the AWS managed policy \(policy.name), \(grants), and is \(PolicyDocuments.listed(users, limit: 3)): every container of the task can use it. Replace it with a policy of the actions and resources the task needs",
                           at: value, in: resource)
        }
    }
}
