import ECSLintEngine
import ECSLintModel

/// ECS601: an image without a tag (which means `latest`) or tagged `latest`, and without a
/// digest. Placeholders (`<IMAGE1_NAME>`), parameters and `!Sub` strings are unknown values, not
/// images; an invalid reference is ECS604's.
struct MutableImageTagRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let image = ImageReference.of(container), case .success(let reference) = image.parsed,
                  reference.digest == nil else { continue }
            let name = TaskContainers.label(container)
            if reference.tag == nil {
                context.report("container \(name) uses image \(image.text) without a tag, which pulls whatever latest is at the time; pin a version tag or a digest",
                               at: image.value, in: task)
            } else if reference.tag == "latest" {
                context.report("container \(name) uses image \(image.text) with the mutable tag latest; pin a version tag or a digest",
                               at: image.value, in: task)
            }
        }
    }
}
