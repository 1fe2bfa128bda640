import ECSLintEngine
import ECSLintModel

/// ECS603: with `allowed-registries` configured, an image whose registry (host and port;
/// `docker.io` for Docker Hub's short names) matches none of the patterns. Each pattern must
/// match the whole registry, without regard to case (host names have none). Silent until
/// configured.
struct DisallowedRegistryRule: Rule {
    let allowed: [(pattern: String, regex: Regex)]

    init(setup: RuleSetup) throws {
        allowed = try setup.strings(parameter: "allowed-registries").map { pattern in
            (pattern, try Regex("^(?:\(pattern))$", caseInsensitive: true, exhaustionLimit: Regex.userPatternExhaustionLimit))
        }
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard !allowed.isEmpty else { return }
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let image = ImageReference.of(container), case .success(let reference) = image.parsed else { continue }
            let registry = reference.registry
            var undecided: String?
            var matched = false
            for (pattern, regex) in allowed {
                switch regex.decide(registry) {
                case true?: matched = true
                case false?: break
                case nil: undecided = undecided ?? pattern
                }
                if matched { break }
            }
            guard !matched else { continue }
            // Fails closed: an image no pattern could judge is not passed as allowed.
            if let pattern = undecided {
                context.report("could not decide whether container \(TaskContainers.label(container))'s image registry \(registry) is allowed: the allowed-registries pattern '\(pattern)' ran out of its match budget; simplify the pattern (nested quantifiers such as (a+)+ backtrack exponentially)",
                               at: image.value, in: task)
                continue
            }
            context.report("container \(TaskContainers.label(container)) pulls image \(image.text) from \(registry), which no allowed-registries pattern of the configuration allows",
                           at: image.value, in: task)
        }
    }
}
