import ECSLintEngine
import ECSLintModel

/// IAM001: `taskRoleArn` and `executionRoleArn` resolve to the same role.
struct SharedTaskAndExecutionRoleRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard let taskRole = task.properties["taskRoleArn"], let executionRole = task.properties["executionRoleArn"],
              let document = context.document,
              let taskIdentity = RoleIdentity(taskRole, in: document),
              let executionIdentity = RoleIdentity(executionRole, in: document),
              taskIdentity.isSameRole(as: executionIdentity, in: document) else { return }
        context.report("taskRoleArn and executionRoleArn are the same role (\(taskIdentity)); give the application its own task role so it cannot use the execution role's access to secrets, images and logs",
                       at: taskRole, in: task)
    }
}
