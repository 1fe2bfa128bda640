import ECSLintEngine
import ECSLintModel

/// IAM007: a role that task definitions use as task or execution role, whose trust policy has no
/// `Allow` statement letting the service principal `ecs-tasks.amazonaws.com` call
/// `sts:AssumeRole` (ECS-FACTS §3.1, §3.4). ECS cannot assume it for the task. The usual
/// mistakes are `ecs.amazonaws.com` (the ECS service itself, whose service-linked role is
/// another role) and `ec2.amazonaws.com` (container instances).
///
/// A statement that cannot be read (an unresolved principal, action, effect or statement), and
/// a trust policy the run does not show, are unknown: silent. `Principal: "*"` lets the service
/// assume the role too (whether that is wise is for the trust-policy rules).
struct WrongTrustPrincipalRule: Rule {
    init(setup: RuleSetup) {}

    static let service = "ecs-tasks.amazonaws.com"

    func check(_ role: Resource, in context: RuleContext) {
        guard let entry = context.workspace.entry(for: role, in: context.displayPath),
              let written = role.properties["assumeRolePolicyDocument"] else { return }
        let uses = context.workspace.uses(of: entry)
        guard !uses.isEmpty else { return }
        let trust = PolicyDocument(written, kind: .trust)
        guard trust.unresolvedStatements.isEmpty, !Self.mayLetTasksAssume(trust) else { return }
        let usedAs = Self.describe(uses)
        let allows = trust.statements.filter { $0.isAllow && $0.principals?.negated == false }
        guard !allows.isEmpty else {
            context.report("role \(RoleUses.label(role: entry)) is \(usedAs), but its trust policy lets no one assume it: ECS cannot hand it to the task; add an Allow statement with Principal {Service: \(Self.service)} and Action sts:AssumeRole",
                           at: written, in: role)
            return
        }
        for statement in allows {
            guard let principals = statement.principals else { continue }
            let names = principals.strings
            let verb: String
            if names.contains(where: { Self.isECSTasks($0) }) {
                let actions = statement.actions.map { ($0.negated ? "all but " : "") + RoleUses.listed($0.strings, limit: 3) } ?? "nothing"
                verb = " lets \(Self.service) call \(actions), not sts:AssumeRole"
            } else if names.isEmpty {
                verb = " does not let \(Self.service) assume it"
            } else {
                verb = " trusts \(RoleUses.listed(names, limit: 3)), not \(Self.service)"
            }
            let mistake = Self.mistake(names).map { " (\($0))" } ?? ""
            context.report("role \(RoleUses.label(role: entry)) is \(usedAs), but its trust policy\(verb)\(mistake): ECS cannot hand it to the task; trust the service principal \(Self.service) with sts:AssumeRole",
                           at: principals.value, in: role)
        }
    }

    /// Whether some statement lets `ecs-tasks.amazonaws.com` assume the role, or may (it cannot
    /// be read).
    static func mayLetTasksAssume(_ trust: PolicyDocument) -> Bool {
        for statement in trust.statements {
            if statement.effect?.isUnresolved ?? false { return true }
            guard statement.isAllow else { continue }
            guard let actions = statement.actions, let principals = statement.principals else { continue }
            if !actions.unresolved.isEmpty || !principals.unresolved.isEmpty { return true }
            let named = actions.strings.contains { IAMPattern.actionMatches($0, "sts:AssumeRole") }
            guard actions.negated ? !named : named else { continue }
            // `NotPrincipal` with Allow names everyone it does not list.
            if principals.negated { return !principals.strings.contains { $0.lowercased() == service } }
            if statement.namesAnyPrincipal { return true }
            if statement.principals(ofType: "Service").contains(where: { isECSTasks($0.string) }) { return true }
        }
        return false
    }

    /// `ecs-tasks.amazonaws.com` (and the China partitions' `ecs-tasks.amazonaws.com.cn`).
    static func isECSTasks(_ principal: String?) -> Bool {
        guard let principal = principal?.lowercased() else { return false }
        return principal == service || principal == service + ".cn"
    }

    /// What a principal commonly written by mistake is.
    static func mistake(_ principals: [String]) -> String? {
        let lowered = Set(principals.map { $0.lowercased() })
        if lowered.contains("ecs.amazonaws.com") {
            return "ecs.amazonaws.com is the ECS service itself, which uses its service-linked role, not the task's roles"
        }
        if lowered.contains("ec2.amazonaws.com") {
            return "ec2.amazonaws.com is for the container instance role, which EC2 instances assume"
        }
        return nil
    }

    /// "the task role of web (…) and the execution role of api (…)".
    static func describe(_ uses: [Workspace.RoleUse]) -> String {
        let task = uses.filter(\.isTaskRole).map(\.taskDefinition)
        let execution = uses.filter { !$0.isTaskRole }.map(\.taskDefinition)
        var parts: [String] = []
        if !task.isEmpty { parts.append("the task role of \(RoleUses.taskDefinitions(task))") }
        if !execution.isEmpty { parts.append("the execution role of \(RoleUses.taskDefinitions(execution))") }
        return parts.joined(separator: " and ")
    }
}
