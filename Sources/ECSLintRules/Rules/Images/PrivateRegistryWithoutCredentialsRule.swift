import ECSLintEngine
import ECSLintModel

/// ECS605 (info): an image from a registry that is neither Amazon ECR nor a known public
/// registry (`rules/data/image-registries.yaml`) nor on the instance's loopback, in a container
/// without `repositoryCredentials`.
struct PrivateRegistryWithoutCredentialsRule: Rule {
    /// ECR and loopback registries.
    let ecr: [Regex]
    let publicRegistries: Set<String>

    init(setup: RuleSetup) throws {
        let data = try setup.requireData()
        // ECR and loopback registries: neither takes repositoryCredentials.
        ecr = try ["ecr", "local"].flatMap { key in
            try (data[key]?.items ?? []).map { item in
                guard let pattern = item.text else { throw RuleSetup.DataError(message: "image-registries: '\(key)' holds a non-pattern item") }
                return try Regex("^(?:\(pattern))$", caseInsensitive: true)
            }
        }
        guard let hosts = data["public"]?.items?.compactMap(\.text), !hosts.isEmpty, !ecr.isEmpty else {
            throw RuleSetup.DataError(message: "image-registries: needs 'ecr' and 'public' lists")
        }
        publicRegistries = Set(hosts.map { $0.lowercased() })
    }

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let image = ImageReference.of(container), case .success(let reference) = image.parsed else { continue }
            if let credentials = container["repositoryCredentials"], !credentials.isNull { continue }
            let registry = reference.registry
            guard !publicRegistries.contains(registry.lowercased()), !ecr.contains(where: { $0.matches(registry) }) else { continue }
            context.report("container \(TaskContainers.label(container)) pulls image \(image.text) from \(registry), which is neither Amazon ECR nor a public registry, without repositoryCredentials; add repositoryCredentials.credentialsParameter (a Secrets Manager secret) if the registry needs a login",
                           at: image.value, in: task)
        }
    }
}
