import ECSLintModel
import ECSLintSyntax

/// What an HCL expression evaluates to, as far as it can be known without running Terraform.
/// Ranges are in the loaded document's space: its own bytes, then its attachments
/// (`SourceAttachment`).
indirect enum TerraformValue: Sendable {
    /// A string and where each of its characters comes from (JSON inside it is placed by that).
    case string(String, SourceRange, TextOrigin)
    case number(String, SourceRange)
    case bool(Bool, SourceRange)
    case null(SourceRange)
    case tuple([TerraformValue], SourceRange)
    case object([TerraformMember], SourceRange)
    /// `jsonencode(value)`: JSON text whose value is known; attributes holding JSON read it.
    case json(TerraformValue, SourceRange)
    /// A template with unknown interpolations: its text with a marker for each, so that JSON
    /// inside can still be read (the marked strings stay unknown).
    case partial(TemplateText, SourceRange)
    case unknown(TerraformUnknown, SourceRange)

    var range: SourceRange {
        switch self {
        case .string(_, let range, _), .number(_, let range), .bool(_, let range), .null(let range), .tuple(_, let range),
             .object(_, let range), .json(_, let range), .partial(_, let range), .unknown(_, let range):
            return range
        }
    }

    /// The value of a member, for objects.
    subscript(name: String) -> TerraformValue? {
        guard case .object(let members, _) = self else { return nil }
        return members.last { $0.name == name }?.value
    }

    var stringValue: String? {
        if case .string(let text, _, _) = self { return text }
        return nil
    }

    var isKnown: Bool {
        switch self {
        case .unknown, .partial: return false
        default: return true
        }
    }
}

struct TerraformMember: Sendable {
    let name: String
    /// Where the name is written; nil for members ecs-lint adds (a data source's defaults).
    let nameRange: SourceRange?
    let value: TerraformValue
}

enum TerraformUnknown: Sendable {
    /// Another resource's attribute (`aws_iam_role.exec.arn`).
    case reference(ObjectReference)
    /// Anything else, as written (`var.image`, `each.value`, `module.vpc.id`).
    case expression(String)
}

/// Where the characters of a computed string come from: pieces of text, each copied from a
/// source (through an `HCLTextMap`) or standing for one expression's range.
struct TextOrigin: Sendable {
    struct Piece: Sendable {
        let textStart: Int
        let length: Int
        let place: Place
    }

    enum Place: Sendable {
        /// Copied verbatim: text offsets map through the runs, then `base` is added.
        case copied(HCLTextMap, base: Int)
        /// Produced by an expression (an interpolation): every character is at its range.
        case computed(SourceRange)
    }

    var pieces: [Piece] = []

    static func computed(_ range: SourceRange, length: Int) -> TextOrigin {
        TextOrigin(pieces: [Piece(textStart: 0, length: length, place: .computed(range))])
    }

    /// A whole file's text (after any byte-order mark) at `base`.
    static func file(_ source: SourceFile, base: Int) -> TextOrigin {
        let length = source.bytes.count - source.contentStart
        let map = HCLTextMap(runs: [.init(textOffset: 0, fileOffset: source.contentStart, length: length)])
        return TextOrigin(pieces: [Piece(textStart: 0, length: length, place: .copied(map, base: base))])
    }

    mutating func append(_ other: TextOrigin, at offset: Int) {
        pieces += other.pieces.map { Piece(textStart: $0.textStart + offset, length: $0.length, place: $0.place) }
    }

    /// The last piece starting at or before a text offset (pieces are in text order).
    private func piece(at textOffset: Int) -> Piece? {
        pieces.lastStarting(atOrBefore: textOffset, start: \.textStart)
    }

    /// The document offset of a text offset.
    func offset(_ textOffset: Int) -> Int {
        guard let piece = piece(at: textOffset) else { return 0 }
        switch piece.place {
        case .copied(let map, let base): return base + map.fileOffset(textOffset - piece.textStart)
        case .computed(let range): return range.start
        }
    }

    /// The document range of a text range: exact where the text was copied, the expression's
    /// range where it was computed.
    func range(_ start: Int, _ end: Int) -> SourceRange {
        guard let first = piece(at: start) else { return SourceRange(start: 0, end: 0) }
        if case .computed(let range) = first.place { return range }
        let lower = offset(start)
        var upper = lower
        if end > start, let last = piece(at: end - 1) {
            switch last.place {
            case .copied(let map, let base): upper = base + map.fileEnd(ofByteAt: end - 1 - last.textStart)
            case .computed(let range): upper = range.end
            }
        }
        return SourceRange(start: lower, end: max(lower, upper))
    }
}

/// A template's text with its unknown interpolations marked (`\u{E000}n\u{E001}`), where
/// `holes[n]` is the interpolation as written.
struct TemplateText: Sendable {
    var text: String
    var origin: TextOrigin
    var holes: [String]
    /// The template as written (`"app-${var.env}"`), for a placeholder of the whole.
    var written: String = ""

    static let open: Character = "\u{E000}"
    static let close: Character = "\u{E001}"

    /// `text` with each marker put back as `${…}`.
    func restoring(_ text: String) -> String {
        guard text.contains(Self.open) else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: Self.open), let close = rest[open...].firstIndex(of: Self.close) {
            result += rest[..<open]
            let index = Int(rest[rest.index(after: open)..<close]) ?? -1
            result += holes.indices.contains(index) ? "${\(holes[index])}" : "${…}"
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
