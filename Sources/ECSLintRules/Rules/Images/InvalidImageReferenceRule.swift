import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// ECS604: an `image` that is not a valid image reference (distribution reference grammar, with
/// ECS's sha256-only digests and 255 characters before `@`). Such a task registers, but every
/// pull fails with "invalid reference format".
struct InvalidImageReferenceRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let image = ImageReference.of(container), case .failure(let invalid) = image.parsed else { continue }
            context.report("container \(TaskContainers.label(container)) has image \(Self.shown(image.text)), which is not a valid image reference: \(invalid.reason)",
                           at: image.value, in: task)
        }
    }

    /// The image as a message shows it: quoted with JSON escapes (whitespace stays visible),
    /// shortened when long.
    static func shown(_ text: String) -> String {
        JSONWriter.quote(text.count > 80 ? String(text.prefix(77)) + "…" : text)
    }
}
