import ECSLintSyntax

/// Comments are not part of the model, so no conversion carries them; a YAML input with
/// comments gets a note (not a loss: they never were values).
enum CommentNote {
    static func note(_ input: ConversionInput) -> String? {
        guard input.source.lineBreaks == .yaml else { return nil }
        let comments = YAMLComments.scan(input.parsed, containing: "")
        guard !comments.isEmpty else { return nil }
        let directives = comments.filter { $0.text.contains("ecs-lint:") }.count
        var note = "\(input.source.path): \(comments.count) comment\(comments.count == 1 ? " is" : "s are") not carried (comments are not part of the model)"
        if directives > 0 {
            note += "; \(directives) of them \(directives == 1 ? "is an ecs-lint directive" : "are ecs-lint directives"): "
                + "move suppressions to Metadata.ecs-lint or the configuration's suppressions to keep them"
        }
        return note
    }
}
