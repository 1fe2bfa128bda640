import ECSLintEngine
import ECSLintModel

/// ECS202: a container whose `user` is root (`root`, `0`, `0:0`, `root:root`, `0:<gid>`); with
/// `require-user: true` also one without `user`, which runs as the image's user (usually root).
/// Windows containers have no `user`, so Windows tasks are not checked.
struct ContainerRunsAsRootRule: Rule {
    let requireUser: Bool

    init(setup: RuleSetup) {
        requireUser = setup.bool(parameter: "require-user") ?? false
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard !TaskFacts.isWindows(task) else { return }
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let name = TaskFacts.containerName(container)
            guard let user = container["user"], !user.isNull else {
                if requireUser, container.members != nil {
                    context.report("container \(name) sets no user, so it runs as the image's user, which is usually root", at: container, in: task)
                }
                continue
            }
            // A parameter or placeholder is unknown; a number is a UID (YAML `user: 0`).
            guard let text = user.scalarText, !user.isUnresolved else { continue }
            if Self.isRoot(text) {
                context.report("container \(name) runs as root (user \"\(text)\")", at: user, in: task)
            }
        }
    }

    /// The user part (before `:`) is `root` or UID 0.
    static func isRoot(_ user: String) -> Bool {
        let name = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return name == "root" || (!name.isEmpty && name.allSatisfy { ("0"..."9").contains($0) } && Int(name) == 0)
    }
}
