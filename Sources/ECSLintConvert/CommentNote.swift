import ECSLintSyntax

/// Comments are not part of the model, so no conversion carries them; a YAML input with
/// comments gets a note (not a loss: they never were values).
enum CommentNote {
    /// `directivesCarriedAs`: where the target keeps `# ecs-lint:` directives, if it does.
    static func note(_ input: ConversionInput, directivesCarriedAs carrier: String? = nil) -> String? {
        guard input.source.lineBreaks == .yaml else { return nil }
        let comments = YAMLComments.scan(input.parsed, containing: "")
        guard !comments.isEmpty else { return nil }
        let directives = comments.filter { $0.text.contains("ecs-lint:") }.count
        var note = "\(input.source.path): \(comments.count) comment\(comments.count == 1 ? " is" : "s are") not carried (comments are not part of the model)"
        if directives > 0 {
            let what = "\(directives) of them \(directives == 1 ? "is an ecs-lint directive" : "are ecs-lint directives")"
            if let carrier {
                note += "; \(what), written as \(carrier) instead"
            } else {
                note += "; \(what): move suppressions to the configuration's suppressions to keep them"
            }
        }
        return note
    }
}
