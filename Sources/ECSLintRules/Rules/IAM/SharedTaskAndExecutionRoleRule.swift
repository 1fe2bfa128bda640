import ECSLintEngine
import ECSLintModel

/// IAM001: `taskRoleArn` and `executionRoleArn` resolve to the same role.
struct SharedTaskAndExecutionRoleRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard let taskRole = task.properties["taskRoleArn"], let executionRole = task.properties["executionRoleArn"],
              let document = context.document else { return }
        let description: String
        if let taskIdentity = RoleIdentity(taskRole, in: document), let executionIdentity = RoleIdentity(executionRole, in: document),
           taskIdentity.isSameRole(as: executionIdentity, in: document) {
            description = "\(taskIdentity)"
        } else if let role = context.workspace.role(taskRole, from: task, in: context.displayPath),
                  let other = context.workspace.role(executionRole, from: task, in: context.displayPath),
                  role.resource.range == other.resource.range, role.file == other.file {
            // Written differently (a Kubernetes reference and the role's name), the same role of the run.
            description = RolePermissions.label(role)
        } else {
            return
        }
        context.report("taskRoleArn and executionRoleArn are the same role (\(description)); give the application its own task role so it cannot use the execution role's access to secrets, images and logs",
                       at: taskRole, in: task)
    }
}
