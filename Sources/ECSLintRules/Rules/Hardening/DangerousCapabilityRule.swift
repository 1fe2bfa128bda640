import ECSLintEngine
import ECSLintModel

/// ECS206: `linuxParameters.capabilities.add` grants a capability from the dangerous list in
/// `rules/data/linux-capabilities.yaml`. Names compare without a `CAP_` prefix and case; each
/// entry says why it is dangerous and may lower its own severity (SYS_PTRACE: warning). The
/// fix removes the capability from `add`: unsafe, since the container may need it.
struct DangerousCapabilityRule: Rule {
    struct Danger: Sendable {
        let reason: String
        let severity: Severity?
    }

    let dangers: [String: Danger]

    init(setup: RuleSetup) throws {
        guard let items = try setup.requireData()["dangerous"]?.items else {
            throw RuleSetup.DataError(message: "linux-capabilities: no 'dangerous' list")
        }
        var dangers: [String: Danger] = [:]
        for item in items {
            guard let name = item["name"]?.text, let reason = item["reason"]?.text else {
                throw RuleSetup.DataError(message: "linux-capabilities: 'dangerous' items need name and reason")
            }
            let severity = try item["severity"]?.text.map { text in
                guard let severity = Severity(rawValue: text) else { throw RuleSetup.DataError(message: "linux-capabilities: unknown severity '\(text)'") }
                return severity
            }
            dangers[Self.canonical(name)] = Danger(reason: reason, severity: severity)
        }
        self.dangers = dangers
    }

    /// `cap_sys_admin` → `SYS_ADMIN`: ECS documents names without the prefix, the Fargate page
    /// and Docker accept it.
    static func canonical(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let name = TaskFacts.containerName(container)
            guard let list = container["linuxParameters"]?["capabilities"]?["add"] else { continue }
            for added in list.array ?? [] {
                guard let capability = added.string, let danger = dangers[Self.canonical(capability)] else { continue }
                let fix = context.removing(item: added, from: list).map { Fix("remove \(capability) from capabilities.add", applicability: .unsafe, edits: [$0]) }
                context.report("container \(name) adds the kernel capability \(capability): \(danger.reason)",
                               at: added, in: task, atMost: danger.severity, fix: fix)
            }
        }
    }
}
