import ECSLintEngine
import ECSLintModel

/// ECS502: a container whose `awslogs` log configuration lacks `awslogs-group` or
/// `awslogs-region` (and `awslogs-stream-prefix` on Fargate), sets both multiline options, or has
/// a `mode` other than `non-blocking`/`blocking`. An `awslogs-*` key the driver is not known to
/// have is only info, with a did-you-mean: the documented list is not closed (ECS-FACTS.md §5.9),
/// and treating it as closed is how cfn-lint's E3046 rejects valid keys.
struct InvalidAwslogsOptionsRule: Rule {
    let knownKeys: [String]
    let modes: [String]

    init(setup: RuleSetup) throws {
        let data = try setup.requireData()
        guard let known = data["known"]?.items?.compactMap(\.text), !known.isEmpty,
              let modes = data["modes"]?.items?.compactMap(\.text), !modes.isEmpty else {
            throw RuleSetup.DataError(message: "awslogs-options: needs 'known' and 'modes' lists")
        }
        knownKeys = known
        self.modes = modes
    }

    func check(_ task: Resource, in context: RuleContext) {
        let onFargate = TaskFacts.isFargate(task, in: context)
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let log = container["logConfiguration"], log.members != nil,
                  log["logDriver"]?.string == "awslogs" else { continue }
            let name = TaskFacts.containerName(container)
            let options = log["options"]
            // Options from a parameter or a condition are unknown; a non-object is ECS004's.
            if let options, options.isUnresolved || !(options.isNull || options.members != nil) { continue }
            let members = options?.members ?? []
            let keys = Set(members.map(\.name))

            var missing = ["awslogs-group", "awslogs-region"].filter { !keys.contains($0) }
            if onFargate, !keys.contains("awslogs-stream-prefix") { missing.append("awslogs-stream-prefix") }
            if !missing.isEmpty {
                let fargateNote = missing.contains("awslogs-stream-prefix") ? " (awslogs-stream-prefix is required on Fargate)" : ""
                let anchor = options.flatMap { $0.isNull ? nil : $0 } ?? log
                context.report("container \(name) uses the awslogs log driver without the option\(missing.count == 1 ? "" : "s") \(Self.listed(missing))\(fargateNote)",
                               at: anchor, in: task)
            }

            if keys.contains("awslogs-datetime-format"), let pattern = members.first(where: { $0.name == "awslogs-multiline-pattern" }) {
                context.report("container \(name) sets both awslogs-datetime-format and awslogs-multiline-pattern; ECS allows only one of them",
                               at: pattern.value, in: task)
            }

            if let mode = members.first(where: { $0.name == "mode" })?.value, let text = mode.string, !modes.contains(text) {
                let hint = Suggestion.hint(Suggestion.closest(to: text, among: modes, ignoringCase: true))
                context.report("container \(name) sets the awslogs mode to \"\(text)\"; it must be non-blocking or blocking\(hint)", at: mode, in: task)
            }

            for member in members where member.name.lowercased().hasPrefix("awslogs") && !knownKeys.contains(member.name) {
                let suggestion = Suggestion.closest(to: member.name, among: knownKeys, ignoringCase: true)
                let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? "; check the spelling against the awslogs driver's options"
                context.report("container \(name) sets the awslogs option '\(member.name)', which the awslogs driver is not known to have\(hint)",
                               at: member.value, in: task, atMost: .info)
            }
        }
    }

    /// "a", "a and b", "a, b and c".
    static func listed(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}
