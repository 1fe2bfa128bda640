import ECSLintEngine
import ECSLintModel

/// ECS407: a credential in `command`, `entryPoint`, `healthCheck.command` or a `dockerLabels`
/// value: a value shaped like a credential (`SecretDetector`'s patterns), or a command-line
/// option named like a secret with a literal value (`--password=hunter2`, `--api-key=…`).
struct SecretInCommandRule: Rule {
    let detector: SecretDetector

    init(setup: RuleSetup) throws {
        detector = try SecretDetector(setup: setup)
    }

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let label = TaskContainers.label(container)
            let arguments: [(String, [Value])] = [
                ("command", container["command"]?.array ?? []),
                ("entryPoint", container["entryPoint"]?.array ?? []),
                ("healthCheck.command", container["healthCheck"]?["command"]?.array ?? []),
                ("dockerLabels", container["dockerLabels"]?.members?.map(\.value) ?? []),
            ]
            for (field, values) in arguments {
                for value in values {
                    guard let what = finding(value) else { continue }
                    context.report("container \(label): \(field) \(what); pass it as a secret (secrets with valueFrom) and read it from the environment, where it stays out of the task definition",
                                   at: value, in: task)
                }
            }
        }
    }

    private func finding(_ value: Value) -> String? {
        let text: String
        switch value.content {
        case .string(let string): text = string
        // A templated argument may still hold a literal credential next to its placeholder.
        case .unresolved(.placeholder(let string)): text = string
        default: return nil
        }
        if let credential = detector.credential(in: text) { return "holds what looks like \(credential)" }
        if let option = secretOption(in: text) { return "passes \(option) a literal value" }
        return nil
    }

    /// The first `--name=value` (or `-name=value`) in the text whose name says secret and whose
    /// value is a literal: not empty, not a shell expansion (`$DB_PASSWORD`, `$(cat …)`), not a
    /// placeholder or reference.
    func secretOption(in text: String) -> String? {
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            guard token.hasPrefix("-"), let equals = token.firstIndex(of: "=") else { continue }
            let name = token[..<equals].drop { $0 == "-" }
            var value = Substring(token[token.index(after: equals)...])
            value = value.drop { $0 == "\"" || $0 == "'" }
            while let last = value.last, last == "\"" || last == "'" || last == ";" { value = value.dropLast() }
            guard !name.isEmpty, !value.isEmpty, !value.hasPrefix("$"), !value.hasPrefix("{{"), !value.hasPrefix("%"),
                  !detector.isNotSecretValue(String(value)), detector.isSecretName(String(name)) else { continue }
            return "--\(name)"
        }
        return nil
    }
}
