import ECSLintEngine
import ECSLintModel

/// ECS505: a container `healthCheck` with `interval`, `timeout`, `retries` or `startPeriod`
/// outside the documented ranges (ECS-FACTS.md §5.5: timeout is 2–60, not the 2–120 often
/// quoted), a `timeout` not shorter than the `interval` (info; defaults 5 and 30 count), or a `command`
/// that does not start with `CMD`, `CMD-SHELL` or `NONE`.
struct InvalidHealthCheckRule: Rule {
    struct Bound {
        let field: String
        let range: ClosedRange<Double>
        let defaultValue: Double?
    }

    static let bounds = [
        Bound(field: "interval", range: 5...300, defaultValue: 30),
        Bound(field: "timeout", range: 2...60, defaultValue: 5),
        Bound(field: "retries", range: 1...10, defaultValue: 3),
        Bound(field: "startPeriod", range: 0...300, defaultValue: nil),
    ]
    static let commandKinds = ["CMD", "CMD-SHELL", "NONE"]

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let healthCheck = container["healthCheck"], healthCheck.members != nil else { continue }
            let name = TaskContainers.label(container)
            var inRange: [String: Bool] = [:]
            for bound in Self.bounds {
                guard let value = healthCheck[bound.field], let number = Self.number(value) else { continue }
                inRange[bound.field] = bound.range.contains(number)
                if !bound.range.contains(number) {
                    let unit = bound.field == "retries" ? "" : " seconds"
                    context.report("container \(name) sets healthCheck.\(bound.field) to \(value.scalarText ?? ""); it must be \(Self.format(bound.range.lowerBound))–\(Self.format(bound.range.upperBound))\(unit)",
                                   at: value, in: task)
                }
            }
            checkTimeoutAgainstInterval(healthCheck, container: name, inRange: inRange, task: task, context: context)
            checkCommand(healthCheck["command"], container: name, task: task, context: context)
        }
    }

    /// A timeout as long as the interval or longer. Docker runs the probes one after another and
    /// starts the interval after each has finished (moby `daemon/health.go`), so nothing
    /// overlaps: a hanging check only spaces the checks by the timeout instead of the interval.
    /// ECS accepts it and AWS's own App Mesh samples use it, so this part is info.
    private func checkTimeoutAgainstInterval(_ healthCheck: Value, container name: String, inRange: [String: Bool], task: Resource, context: RuleContext) {
        let timeoutValue = healthCheck["timeout"], intervalValue = healthCheck["interval"]
        // Out-of-range values have their finding; unknown ones decide nothing; with neither
        // written the defaults (5 < 30) hold.
        guard inRange["timeout"] != false, inRange["interval"] != false else { return }
        guard timeoutValue != nil || intervalValue != nil else { return }
        guard let timeout = timeoutValue.map(Self.number) ?? 5, let interval = intervalValue.map(Self.number) ?? 30 else { return }
        guard timeout >= interval, let anchor = timeoutValue ?? intervalValue else { return }
        let shownInterval = intervalValue == nil ? "the default interval of 30" : "its interval of \(Self.format(interval))"
        let shownTimeout = timeoutValue == nil ? "the default timeout of 5" : "a timeout of \(Self.format(timeout))"
        context.report("container \(name)'s healthCheck has \(shownTimeout) seconds, not shorter than \(shownInterval) seconds: a hanging check delays the next one by the timeout, not the interval; a timeout shorter than the interval keeps checks on schedule",
                       at: anchor, in: task, atMost: .info)
    }

    private func checkCommand(_ command: Value?, container name: String, task: Resource, context: RuleContext) {
        // Missing is ECS006's, a non-list ECS004's, an unresolved one unknown.
        guard let command, let items = command.array else { return }
        guard let first = items.first else {
            context.report("container \(name)'s healthCheck.command is empty; start it with CMD or CMD-SHELL", at: command, in: task)
            return
        }
        guard let text = first.string, !Self.commandKinds.contains(text) else { return }
        let hint = Suggestion.closest(to: text, among: Self.commandKinds, ignoringCase: true, maxDistance: 1)
        let shown = text.count > 40 ? String(text.prefix(37)) + "…" : text
        context.report("container \(name)'s healthCheck.command starts with \"\(shown)\"; the first item must be CMD, CMD-SHELL or NONE\(Suggestion.hint(hint))",
                       at: first, in: task)
    }

    /// A literal number (CloudFormation may write it as a string); nil when unknown.
    static func number(_ value: Value) -> Double? {
        guard !value.isUnresolved, let text = value.scalarText else { return nil }
        return Double(text)
    }

    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
