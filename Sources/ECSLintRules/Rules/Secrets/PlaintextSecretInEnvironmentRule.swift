import ECSLintEngine
import ECSLintModel

/// ECS401: an `environment` entry whose literal value is a secret, told by its name or by the
/// shape of its value (`SecretDetector`, patterns in `rules/data/secret-patterns.yaml`). The
/// message names the variable and never prints the value.
struct PlaintextSecretInEnvironmentRule: Rule {
    let detector: SecretDetector

    init(setup: RuleSetup) throws {
        // Users add their own secret names with `rules: {ECS401: {extra-name-patterns: [...]}}`.
        detector = try SecretDetector(setup: setup, extraNamePatterns: setup.strings(parameter: "extra-name-patterns"))
    }

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let entries = container["environment"]?.array ?? []
            let literals = entries.map { SecretDetector.literal($0["value"]) }
            let nextToAccessKeyIDs = detector.indicesNextToAccessKeyIDs(literals)
            for (index, (entry, literal)) in zip(entries, literals).enumerated() {
                guard let name = entry["name"]?.string else { continue }
                var message: String?
                if let literal {
                    var undecided: String?
                    message = detector.classify(name: name, literal: literal, nextToAccessKeyID: nextToAccessKeyIDs.contains(index)) { pattern in
                        undecided = undecided ?? pattern
                    }
                    // Fails closed: a name no pattern could judge is reported, never passed.
                    // Only the name reaches the message: the value may be the secret.
                    if message == nil, let pattern = undecided {
                        message = "has a literal value, and whether its name says it is a secret could not be decided: the name pattern '\(pattern)' (extra-name-patterns in .ecs-lint.yaml) ran out of its match budget; simplify the pattern"
                    }
                } else if case .placeholder(let text)? = entry["value"]?.unresolved {
                    // `postgres://app:pw@${HOST}` is partly templated, but the password is literal.
                    message = detector.credential(in: text).map { "holds what looks like \($0)" }
                } else {
                    message = nil
                }
                if let message {
                    context.report("environment variable \"\(name)\" \(message); move it to \"secrets\" with \"valueFrom\" (Secrets Manager or SSM Parameter Store)",
                                   at: entry, in: task)
                }
            }
        }
    }
}
