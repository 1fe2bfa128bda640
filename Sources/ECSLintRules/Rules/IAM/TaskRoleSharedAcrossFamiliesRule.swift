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
        let groupKey: String
        let users: () -> [Workspace.Entry]
        let roleLabel: String
        if let role = context.workspace.role(value, from: task, in: context.displayPath) {
            groupKey = "IAM010 role \(role.file)#\(role.resource.range.start)"
            users = { RoleUses.asTaskRole(role, in: context.workspace) }
            roleLabel = RoleUses.label(role: role)
        } else if let identity = RoleIdentity(value, in: document)?.resolved(in: document), case .named(let name, let account) = identity {
            groupKey = "IAM010 name \(name.lowercased())#\(account ?? "")"
            users = { context.workspace.taskDefinitions(usingTaskRole: identity) }
            roleLabel = "\"\(name)\""
        } else {
            return
        }
        // The families using the role and the first task definition of each, once per role:
        // each of thousands of task definitions sharing a role only picks from it.
        let families = context.workspace.memo(groupKey) { Self.families(users()) }
        let others = families.filter { $0.family != family }
        guard !others.isEmpty else { return }
        let shown = 5
        let listed = RoleUses.labels(others.prefix(shown).map(\.first)) + (others.count > shown ? " and \(others.count - shown) more" : "")
        let noun = others.count == 1 ? "family" : "families"
        context.report("task role \(roleLabel) is also the task role of \(noun) \(listed): every container of these tasks gets the permissions all of them need; give each family its own task role with only its own permissions",
                       at: value, in: task)
    }

    /// What tells families apart: the `family` as written, or, for a CloudFormation task
    /// definition without one, the resource itself (CloudFormation names its family); nil when
    /// the family is not a literal.
    struct Family: Sendable {
        let family: String
        let first: Workspace.Entry
    }

    /// Each family among the task definitions, in order, with its first task definition.
    static func families(_ tasks: [Workspace.Entry]) -> [Family] {
        var seen: Set<String> = []
        var families: [Family] = []
        for task in tasks {
            guard let family = family(of: task), seen.insert(family).inserted else { continue }
            families.append(Family(family: family, first: task))
        }
        return families
    }

    static func family(of task: Workspace.Entry) -> String? {
        guard let family = task.resource.properties["family"], !family.isNull else {
            return "\u{0}\(task.file)\u{0}\(task.resource.range.start)"
        }
        return family.string
    }
}
