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
            (pattern, try Regex("^(?:\(pattern))$", caseInsensitive: true))
        }
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard !allowed.isEmpty else { return }
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let image = ImageReference.of(container), case .success(let reference) = image.parsed else { continue }
            let registry = reference.registry
            var undecided = false
            var matched = false
            for (pattern, regex) in allowed {
                switch regex.decide(registry) {
                case true?: matched = true
                case false?: break
                case nil:
                    undecided = true
                    context.notePatternOutOfBudget(pattern, kind: "allowed-registries pattern", on: "the registry of container \(TaskContainers.label(container))'s image",
                                                   at: image.value.range.start, outcome: "the image was not reported")
                }
                if matched { break }
            }
            guard !matched, !undecided else { continue }
            context.report("container \(TaskContainers.label(container)) pulls image \(image.text) from \(registry), which no allowed-registries pattern of the configuration allows",
                           at: image.value, in: task)
        }
    }
}
