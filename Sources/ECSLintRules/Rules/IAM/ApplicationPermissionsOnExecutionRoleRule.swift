import ECSLintEngine
import ECSLintModel

/// IAM004: a role used only as task execution role allows actions the ECS agent never performs
/// with it. The agent pulls images, ships awslogs and reads secrets, parameters, KMS keys and S3
/// environment files (`rules/data/execution-role-actions.yaml`, ECS-FACTS §3.2/§3.3); anything
/// else is usually an application permission put on the wrong role, and it widens what a
/// compromised agent credential can do.
///
/// Each `Action` item (or a `NotAction`, which allows everything it does not list) that allows
/// more is reported where it is written: in the role, or in the policy resource that gives it
/// to the role; an AWS managed policy at its ARN. A role that is also some task definition's
/// task role is left alone: those permissions may be the application's (IAM001 reports the
/// sharing).
struct ApplicationPermissionsOnExecutionRoleRule: Rule {
    let data: IAMData
    /// The actions the agent uses, lower-cased.
    let allowed: Set<String>

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
        let items = try setup.requireData()["actions"]?.items ?? []
        allowed = Set(items.compactMap { $0["action"]?.text?.lowercased() })
        guard !allowed.isEmpty else { throw RuleSetup.DataError(message: "\(setup.description.code): the data table lists no actions") }
    }

    func check(_ resource: Resource, in context: RuleContext) {
        guard let entry = context.workspace.entry(for: resource, in: context.displayPath) else { return }
        let workspace = context.workspace
        if resource.kind == .iamRole {
            guard Self.isExecutionRoleOnly(entry, in: workspace) else { return }
            check(RolePermissions(role: entry, workspace: workspace, data: data), writtenIn: entry, resource: resource, context: context)
        } else {
            let roles = RoleUses.roles(including: entry, workspace: workspace, data: data) { Self.isExecutionRoleOnly($0, in: workspace) }
            // One policy may serve several execution roles; its items are reported once.
            guard let permissions = roles.first else { return }
            check(permissions, writtenIn: entry, resource: resource, context: context, alsoFor: roles.dropFirst().map(\.role))
        }
    }

    static func isExecutionRoleOnly(_ role: Workspace.Entry, in workspace: Workspace) -> Bool {
        let uses = workspace.uses(of: role)
        return !uses.isEmpty && !uses.contains(where: \.isTaskRole)
    }

    private func check(_ permissions: RolePermissions, writtenIn entry: Workspace.Entry, resource: Resource, context: RuleContext,
                       alsoFor others: [Workspace.Entry] = []) {
        let role = permissions.role
        let tasks = RoleUses.asExecutionRole(role, in: context.workspace)
        var roleText = "execution role \(RoleUses.label(role: role)) of \(RoleUses.taskDefinitions(tasks))"
        if !others.isEmpty { roleText += " (and of \(others.count) other execution role\(others.count == 1 ? "" : "s"))" }
        let advice = "the ECS agent only pulls images, writes logs and reads secrets, parameters, KMS keys and S3 environment files with it; move application permissions to the task role (taskRoleArn)"
        for source in permissions.sources where RoleUses.isWritten(source, in: entry, role: role) {
            if case .managed(_, let arn, _) = source.origin {
                var extra: [String] = []
                for statement in source.document.statements where statement.isAllow {
                    extra += beyond(statement)
                }
                guard !extra.isEmpty else { continue }
                context.report("\(source.label) on \(roleText) allows \(summary(Array(Set(extra)).sorted())), beyond what ECS needs: \(advice)",
                               at: arn, in: resource)
                continue
            }
            for statement in source.document.statements where statement.isAllow {
                guard let actions = statement.actions else { continue }
                if actions.negated {
                    context.report("NotAction with Allow on \(roleText) allows every action it does not list, beyond what ECS needs: \(advice)",
                                   at: actions.value, in: resource)
                    continue
                }
                for item in actions.items {
                    guard let pattern = item.string, let extra = beyond(pattern) else { continue }
                    let what = extra == [pattern] ? pattern : "\(pattern) (\(summary(extra)))"
                    context.report("\(roleText) allows \(what), beyond what ECS needs: \(advice)", at: item, in: resource)
                }
            }
        }
    }

    /// A few actions by name, or for many their number and some of the most consequential
    /// (writes, then permissions management): "166 actions, among them s3:PutObject, …".
    private func summary(_ actions: [String]) -> String {
        guard actions.count > 4 else { return RoleUses.listed(actions) }
        // Writes first, then permissions management; the shortest names are the best known.
        let rank = ["Write": 0, "Permissions management": 1, "Tagging": 2, "Read": 3, "List": 4]
        func key(_ action: String) -> (Int, Int, String) { (rank[data.action(action)?.level ?? ""] ?? 5, action.count, action) }
        let examples = actions.sorted { key($0) < key($1) }.prefix(3)
        return "\(actions.count) actions, among them \(examples.joined(separator: ", "))"
    }

    /// The actions a statement's `Action` allows beyond the agent's (for a `NotAction`, every
    /// action it does not list).
    private func beyond(_ statement: PolicyStatement) -> [String] {
        guard let actions = statement.actions else { return [] }
        if actions.negated { return ["every action except \(actions.strings.joined(separator: ", "))"] }
        return actions.strings.flatMap { beyond($0) ?? [] }
    }

    /// The actions an `Action` pattern allows beyond the agent's; nil when none, or when the
    /// pattern names nothing the catalog knows in a service it covers (a misspelling is for
    /// the IAM1xx rules). A service the catalog does not cover is beyond: none of the agent's
    /// actions are there.
    func beyond(_ pattern: String) -> [String]? {
        if allowed.contains(pattern.lowercased()) { return nil }
        let expanded = data.actions(matching: pattern)
        if expanded.isEmpty {
            guard let colon = pattern.firstIndex(of: ":") else { return nil }
            let service = String(pattern[..<colon])
            guard !service.isEmpty, !service.contains("*"), !service.contains("?"), !data.knows(service: service) else { return nil }
            return [pattern]
        }
        let extra = expanded.filter { !allowed.contains($0.lowercased()) }
        return extra.isEmpty ? nil : extra
    }
}
