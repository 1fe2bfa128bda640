import ECSLintEngine
import ECSLintModel

/// IAM003: a role that task definitions use as their task role carries the execution role's
/// permissions: `AmazonECSTaskExecutionRolePolicy` attached, or documents that allow all six of
/// its actions (ECS-FACTS §3.3). Every container of the task can then pull any ECR image and
/// write any log stream, which only the ECS agent needs.
///
/// A role that the same task definition also uses as its execution role is IAM001's finding
/// (two roles are the fix, not a smaller policy), so those uses do not count here.
struct ExecutionPolicyOnTaskRoleRule: Rule {
    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    static let policyName = "AmazonECSTaskExecutionRolePolicy"
    /// The actions of AmazonECSTaskExecutionRolePolicy, all on `Resource: "*"` (§3.3).
    static let actions = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                          "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"]

    func check(_ resource: Resource, in context: RuleContext) {
        guard let entry = context.workspace.entry(for: resource, in: context.displayPath) else { return }
        let workspace = context.workspace
        if resource.kind == .iamRole {
            let users = Self.taskRoleUsers(of: entry, in: workspace)
            guard !users.isEmpty else { return }
            check(RolePermissions(role: entry, workspace: workspace, data: data), users: users, writtenIn: entry, resource: resource, context: context)
        } else {
            let roles = RoleUses.roles(including: entry, workspace: workspace, data: data) { !Self.taskRoleUsers(of: $0, in: workspace).isEmpty }
            for permissions in roles {
                check(permissions, users: Self.taskRoleUsers(of: permissions.role, in: workspace), writtenIn: entry, resource: resource, context: context)
            }
        }
    }

    /// The task definitions that use the role as their task role and not also as their
    /// execution role.
    static func taskRoleUsers(of role: Workspace.Entry, in workspace: Workspace) -> [Workspace.Entry] {
        let execution = RoleUses.asExecutionRole(role, in: workspace)
        return RoleUses.asTaskRole(role, in: workspace).filter { task in !execution.contains { RoleUses.same($0, task) } }
    }

    private func check(_ permissions: RolePermissions, users: [Workspace.Entry], writtenIn entry: Workspace.Entry, resource: Resource, context: RuleContext) {
        let role = permissions.role
        let usedBy = "the task role of \(RoleUses.taskDefinitions(users))"
        let attached = permissions.sources.filter { source in
            if case .managed(let name, _, true) = source.origin { return name == Self.policyName }
            return false
        }
        if !attached.isEmpty {
            for source in attached where RoleUses.isWritten(source, in: entry, role: role) {
                guard case .managed(_, let arn, _) = source.origin else { continue }
                context.report("\(permissions.label) is \(usedBy) and has \(Self.policyName) attached: every container of its tasks can pull any ECR image and write to any log stream, which only the ECS agent needs; detach it here and attach it to the execution role (executionRoleArn)",
                               at: arn, in: resource)
            }
            return
        }
        // Denied or only allowed under conditions: not the execution policy's unconditional grant.
        guard Self.actions.allSatisfy({ permissions.decide($0, on: nil) == .allowed }) else { return }
        guard let (source, statement) = completing(permissions), RoleUses.isWritten(source, in: entry, role: role) else { return }
        let at: Value
        switch source.origin {
        case .managed(_, let arn, _): at = arn
        case .inline, .policyResource: at = statement.actions?.value ?? statement.value
        }
        let via: String
        if case .managed = source.origin { via = "with \(source.label), " } else { via = "with this statement, " }
        context.report("\(via)\(permissions.label) allows all six actions of \(Self.policyName) (\(Self.actions.joined(separator: ", "))) and is \(usedBy): the application can pull any ECR image and write to any log stream like the ECS agent; remove these permissions from the task role and keep them on the execution role",
                       at: at, in: resource)
    }

    /// The source and statement that complete the set of six actions, in the order the role's
    /// documents are read: each action counts once an unconditional `Allow` on every resource
    /// grants it.
    private func completing(_ permissions: RolePermissions) -> (RolePermissions.Source, PolicyStatement)? {
        var covered: Set<String> = []
        for source in permissions.sources {
            for statement in source.document.statements where statement.isAllow && statement.conditionValue == nil {
                for action in Self.actions where PolicyEvaluation.matches(statement, action: action, resource: nil) == .yes {
                    covered.insert(action)
                }
                if covered.count == Self.actions.count { return (source, statement) }
            }
        }
        return nil
    }
}
