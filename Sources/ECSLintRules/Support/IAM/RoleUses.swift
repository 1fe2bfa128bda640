import ECSLintEngine
import ECSLintModel

/// What the IAM0xx rules share about roles and the task definitions that use them: how messages
/// name them, which task definitions use a role as which role, which roles a policy resource
/// gives its permissions to, and in which resource a permission is written (a rule reports only
/// in the file it checks, so a statement of a policy in another file is that policy's finding).
enum RoleUses {
    /// How messages name a task definition: its family (or logical ID) and where it is.
    static func label(_ task: Workspace.Entry) -> String {
        "\(family(of: task) ?? "task definition") (\(task.place))"
    }

    /// "web (taskdef.json:1:1) and api (api.json:1:1)": at most `limit` named, one per family.
    static func labels(_ tasks: [Workspace.Entry], limit: Int = 5) -> String {
        var seen: Set<String> = []
        var distinct: [Workspace.Entry] = []
        for task in tasks {
            let key = "\(family(of: task) ?? "")\u{0}\(task.file)\u{0}\(task.resource.range.start)"
            guard seen.insert(key).inserted else { continue }
            distinct.append(task)
        }
        // Places (line and column) only for those shown: a shared role may have thousands.
        let listed = distinct.prefix(limit).map { label($0) }
        let more = distinct.count > limit ? " and \(distinct.count - limit) more" : ""
        guard listed.count > 1 else { return (listed.first ?? "") + more }
        return more.isEmpty ? listed.dropLast().joined(separator: ", ") + " and " + listed[listed.count - 1] : listed.joined(separator: ", ") + more
    }

    /// "task definition web (…)" or "task definitions web (…) and api (…)".
    static func taskDefinitions(_ tasks: [Workspace.Entry]) -> String {
        (tasks.count == 1 ? "task definition " : "task definitions ") + labels(tasks)
    }

    /// How messages name a role: `"name" (file:line:column)`.
    static func label(role: Workspace.Entry) -> String {
        let name = role.resource.properties["roleName"]?.string ?? role.resource.name ?? role.resource.logicalID ?? "role"
        return "\"\(name)\" (\(role.place))"
    }

    /// A task definition's family as written; nil when absent or unresolved.
    static func family(of task: Workspace.Entry) -> String? {
        task.resource.properties["family"]?.string ?? task.resource.logicalID
    }

    /// Whether two entries are the same resource of the run.
    static func same(_ left: Workspace.Entry, _ right: Workspace.Entry) -> Bool {
        left.file == right.file && left.resource.kind == right.resource.kind && left.resource.range == right.resource.range
    }

    /// The task definitions using `role` as their task role (`taskRoleArn`).
    static func asTaskRole(_ role: Workspace.Entry, in workspace: Workspace) -> [Workspace.Entry] {
        workspace.uses(of: role).filter(\.isTaskRole).map(\.taskDefinition)
    }

    /// The task definitions using `role` as their execution role (`executionRoleArn`).
    static func asExecutionRole(_ role: Workspace.Entry, in workspace: Workspace) -> [Workspace.Entry] {
        workspace.uses(of: role).filter { !$0.isTaskRole }.map(\.taskDefinition)
    }

    /// The roles of the run whose permissions include `policy` (attached by `Roles`/`RoleName`,
    /// named in a role's `managedPolicyArns`, or an attachment's `policyArn`), among the roles
    /// `where` accepts (checked first: building a role's permissions costs more).
    static func roles(including policy: Workspace.Entry, workspace: Workspace, data: IAMData,
                      where accepts: (Workspace.Entry) -> Bool) -> [RolePermissions] {
        var found: [RolePermissions] = []
        // Only the roles the workspace links to the policy (an index, not a scan of every role).
        let candidates = policy.resource.kind == .iamRole ? [policy] : workspace.roles(attachedTo: policy)
        for entry in candidates where accepts(entry) {
            let permissions = RolePermissions(role: entry, workspace: workspace, data: data)
            if permissions.sources.contains(where: { isWritten($0, in: policy, role: entry) }) { found.append(permissions) }
        }
        return found
    }

    /// Whether a permissions source is written in `entry`: the role's inline policies and its
    /// `managedPolicyArns` items are in the role; a policy resource's document and an
    /// attachment's `policyArn` are in that policy resource.
    static func isWritten(_ source: RolePermissions.Source, in entry: Workspace.Entry, role: Workspace.Entry) -> Bool {
        switch source.origin {
        case .inline:
            return same(entry, role)
        case .policyResource(let policy):
            return same(entry, policy)
        case .managed(_, let arn, _):
            let candidates: [Value]
            if same(entry, role) {
                candidates = entry.resource.properties["managedPolicyArns"]?.array ?? []
            } else {
                candidates = [entry.resource.properties["policyArn"]].compactMap { $0 }
            }
            return candidates.contains { $0.range == arn.range && $0.path == arn.path }
        }
    }

    /// "sts:AssumeRole, ecr:GetAuthorizationToken and 3 more".
    static func listed(_ items: [String], limit: Int = 4) -> String {
        let shown = Array(items.prefix(limit))
        if items.count > limit { return shown.joined(separator: ", ") + " and \(items.count - limit) more" }
        guard shown.count > 1 else { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown[shown.count - 1]
    }
}
