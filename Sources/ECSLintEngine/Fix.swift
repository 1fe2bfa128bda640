import ECSLintSyntax

/// How a finding can be repaired: text edits to its file. Safe fixes keep the meaning the author
/// evidently intended (a case fix, dropping what ECS would reject or ignore); unsafe ones may
/// change behaviour. `ecs-lint --fix` (issue 9) applies them; the JSON and SARIF reports carry
/// them today.
public struct Fix: Sendable, Hashable {
    public enum Applicability: String, Sendable {
        case safe, unsafe
    }

    /// What the fix does, as a short imperative ("rename 'Image' to 'image'").
    public let title: String
    public let applicability: Applicability
    public let edits: [TextEdit]
    /// Where each edit's range starts and ends, as lines and columns (set when reported).
    public internal(set) var spans: [Span] = []

    public struct Span: Sendable, Hashable {
        public let start: SourcePosition
        public let end: SourcePosition
    }

    public init(_ title: String, applicability: Applicability = .safe, edits: [TextEdit]) {
        self.title = title
        self.applicability = applicability
        self.edits = edits
    }
}
