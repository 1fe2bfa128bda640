import ECSLintEngine
import ECSLintModel

/// IAM010: task definitions of different families use one task role, so each application holds
/// the union of what all of them need. The role is the run's role the `taskRoleArn` resolves
/// to, or, for a role the run does not hold, the same role name (and account, when both say
/// one). Revisions of one family share their role by design. A CloudFormation task definition
/// without `Family` gets a family of its own; a family that is not a literal is unknown and
/// counts for nothing.
struct TaskRoleSharedAcrossFamiliesRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        guard let value = task.properties["taskRoleArn"], let document = context.document,
              let entry = context.workspace.entry(for: task, in: context.displayPath), let family = Self.family(of: entry) else { return }
        let users: [Workspace.Entry]
        let roleLabel: String
        if let role = context.workspace.role(value, from: task, in: context.displayPath) {
            users = RoleUses.asTaskRole(role, in: context.workspace)
            roleLabel = RoleUses.label(role: role)
        } else if let identity = RoleIdentity(value, in: document)?.resolved(in: document), case .named(let name, _) = identity {
            users = context.workspace.taskDefinitions(usingTaskRole: identity)
            roleLabel = "\"\(name)\""
        } else {
            return
        }
        let others = users.filter { other in Self.family(of: other).map { $0 != family } ?? false }
        guard !others.isEmpty else { return }
        var families: [String: [Workspace.Entry]] = [:]
        var order: [String] = []
        for other in others {
            guard let key = Self.family(of: other) else { continue }
            if families[key] == nil { order.append(key) }
            families[key, default: []].append(other)
        }
        let listed = order.compactMap { families[$0]?.first }
        let noun = listed.count == 1 ? "family" : "families"
        context.report("task role \(roleLabel) is also the task role of \(noun) \(RoleUses.labels(listed)): every container of these tasks gets the permissions all of them need; give each family its own task role with only its own permissions",
                       at: value, in: task)
    }

    /// What tells families apart: the `family` as written, or, for a CloudFormation task
    /// definition without one, the resource itself (CloudFormation names its family); nil when
    /// the family is not a literal.
    static func family(of task: Workspace.Entry) -> String? {
        guard let family = task.resource.properties["family"], !family.isNull else {
            return "\u{0}\(task.file)\u{0}\(task.resource.range.start)"
        }
        return family.string
    }
}
