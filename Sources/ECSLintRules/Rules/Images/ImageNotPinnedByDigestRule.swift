import ECSLintEngine
import ECSLintModel

/// ECS602 (off by default): an image without an `@sha256:` digest, so the bytes behind its tag
/// can change between deployments.
struct ImageNotPinnedByDigestRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let image = ImageReference.of(container), case .success(let reference) = image.parsed,
                  reference.digest == nil else { continue }
            context.report("container \(TaskContainers.label(container)) uses image \(image.text) without a digest; append @sha256:<digest> to pin the exact image",
                           at: image.value, in: task)
        }
    }
}
