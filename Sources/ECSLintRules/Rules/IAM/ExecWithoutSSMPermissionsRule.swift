import ECSLintEngine
import ECSLintModel

/// IAM005: a service turns on ECS Exec (`enableExecuteCommand: true`), and the task definition
/// it runs has no task role, or a task role whose permissions the run shows completely and that
/// does not allow the four `ssmmessages` actions the SSM agent in the containers needs
/// (ECS-FACTS §3.2, §3.5). `aws ecs execute-command` then fails for every task of the service.
///
/// An unresolved task role (a parameter, a role outside the run), permissions the run does not
/// show completely, and actions allowed only under conditions are unknown: silent.
struct ExecWithoutSSMPermissionsRule: Rule {
    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    /// The channel actions of ECS Exec; they take only `Resource: "*"`.
    static let actions = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                          "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]

    func check(_ service: Resource, in context: RuleContext) {
        guard let enabled = service.properties["enableExecuteCommand"], enabled.bool == true,
              let task = context.taskDefinition(of: service) else { return }
        let taskLabel = "task definition \(RoleUses.label(task))"
        guard let taskRole = task.resource.properties["taskRoleArn"], !taskRole.isNull, !(taskRole.string?.isEmpty ?? false) else {
            context.report("ECS Exec is on, but \(taskLabel) has no task role: the SSM agent in its containers cannot open a session without \(RoleUses.listed(Self.actions)); set taskRoleArn to a role that allows them on Resource \"*\"",
                           at: enabled, in: service)
            return
        }
        guard let role = context.workspace.role(taskRole, from: task.resource, in: task.file) else { return }
        let permissions = RolePermissions(role: role, workspace: context.workspace, data: data)
        guard permissions.isComplete else { return }
        var missing: [String] = []
        var denied: [String] = []
        for action in Self.actions {
            switch permissions.decide(action, on: nil) {
            case .notAllowed: missing.append(action)
            case .denied: denied.append(action)
            case .allowed, .allowedWithConditions, .unknown: break
            }
        }
        guard !missing.isEmpty || !denied.isEmpty else { return }
        var reasons: [String] = []
        if !missing.isEmpty { reasons.append("does not allow \(RoleUses.listed(missing, limit: 4))") }
        if !denied.isEmpty { reasons.append("denies \(RoleUses.listed(denied, limit: 4))") }
        context.report("ECS Exec is on, but the task role \(RoleUses.label(role: role)) of \(taskLabel) \(reasons.joined(separator: " and ")): the SSM agent in its containers cannot open a session; allow them on Resource \"*\"",
                       at: enabled, in: service)
    }
}
