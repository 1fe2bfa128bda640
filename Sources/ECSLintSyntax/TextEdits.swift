/// A replacement of a byte range of a source file: the unit fixes are made of.
public struct TextEdit: Sendable, Hashable {
    public let range: SourceRange
    public let replacement: String

    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }

    /// The bytes with every edit applied, or nil when two edits overlap (the caller applies
    /// one set, re-reads the result and tries the rest again).
    public static func apply(_ edits: [TextEdit], to bytes: [UInt8]) -> [UInt8]? {
        let sorted = edits.sorted { ($0.range.start, $0.range.end) < ($1.range.start, $1.range.end) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for edit in sorted {
            guard edit.range.start >= position, edit.range.end <= bytes.count, edit.range.start <= edit.range.end else { return nil }
            output += bytes[position..<edit.range.start]
            output += Array(edit.replacement.utf8)
            position = edit.range.end
        }
        output += bytes[position...]
        return output
    }
}

/// Edits that need to know how JSON and YAML lay text out: they live in the syntax layer so
/// that rules can ask for a fix without looking at text.
public enum SourceEdits {
    /// Replaces `old` with `new` inside the text of `range` (a key or a scalar as written, with
    /// its quotes): nil when `old` is not written there literally exactly once (an escaped key).
    public static func replacing(_ old: String, with new: String, in range: SourceRange, of source: SourceFile) -> TextEdit? {
        let written = source.text(range)
        let occurrences = written.ranges(of: old)
        guard occurrences.count == 1, let occurrence = occurrences.first else { return nil }
        var replacement = written
        replacement.replaceSubrange(occurrence, with: new)
        return TextEdit(range: range, replacement: replacement)
    }

    /// Removes one `key: value` entry of a mapping, with the comma or the lines it needs, so the
    /// rest stays valid and keeps its layout. `nextKey` is where the next entry of the same
    /// mapping starts, if there is one. Nil when the layout is not one this understands.
    public static func removingEntry(key: SourceRange, value: SourceRange, nextKey: Int?, in source: SourceFile) -> TextEdit? {
        let bytes = source.bytes
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var before = key.start - 1
        while before >= 0, isBlank(bytes[before]) { before -= 1 }
        // The value's last character: libyaml ends block nodes where the next token starts.
        var last = value.end - 1
        while last > key.start, isBlank(bytes[last]) { last -= 1 }
        var after = last + 1
        while after < bytes.count, isBlank(bytes[after]) { after += 1 }
        let previous = before >= 0 ? bytes[before] : 0
        let next = after < bytes.count ? bytes[after] : 0

        if previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",") {
            // Flow mapping (JSON, or YAML `{a: 1, b: 2}`).
            if next == UInt8(ascii: ",") {
                var end = after + 1
                while end < bytes.count, isBlank(bytes[end]) { end += 1 }
                return TextEdit(range: SourceRange(start: key.start, end: end), replacement: "")
            }
            if previous == UInt8(ascii: ",") {
                return TextEdit(range: SourceRange(start: before, end: last + 1), replacement: "")
            }
            // The only entry: leave `{}`.
            return TextEdit(range: SourceRange(start: before + 1, end: after), replacement: "")
        }

        // Block mapping: what precedes the key on its line decides.
        var lineStart = key.start
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        let indentation = bytes[lineStart..<key.start]
        var lineEnd = last + 1
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
        let throughNewline = min(lineEnd + 1, bytes.count)
        if indentation.allSatisfy({ $0 == 0x20 }) {
            guard !trailingContent(bytes, from: last + 1, to: lineEnd) else { return nil }
            return TextEdit(range: SourceRange(start: lineStart, end: throughNewline), replacement: "")
        }
        if indentation.allSatisfy({ $0 == 0x20 || $0 == UInt8(ascii: "-") }), indentation.contains(UInt8(ascii: "-")) {
            // `- key: value` opens a list item: the next entry moves up onto the dash.
            if let nextKey { return TextEdit(range: SourceRange(start: key.start, end: nextKey), replacement: "") }
            return TextEdit(range: SourceRange(start: key.start, end: lineEnd), replacement: "{}")
        }
        return nil
    }

    /// Removes one item of a sequence, with the comma or the lines it needs, so the rest stays
    /// valid and keeps its layout: `[a, b]` → `[b]`, a block item `- …` with its lines. `item`
    /// ends where the item's text ends (not where libyaml ends a block node, at the next token).
    /// The only item of a block sequence is not removed (the key would be left without a value,
    /// which is null, not an empty list); nil then, and for layouts this does not understand.
    public static func removingItem(_ item: SourceRange, onlyItem: Bool, in source: SourceFile) -> TextEdit? {
        let bytes = source.bytes
        guard item.start < item.end, item.end <= bytes.count else { return nil }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var before = item.start - 1
        while before >= 0, isBlank(bytes[before]) { before -= 1 }
        var after = item.end
        while after < bytes.count, isBlank(bytes[after]) { after += 1 }
        let previous = before >= 0 ? bytes[before] : 0
        let next = after < bytes.count ? bytes[after] : 0

        if previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",") {
            // Flow sequence (JSON, or YAML `[a, b]`).
            if next == UInt8(ascii: ",") {
                var end = after + 1
                while end < bytes.count, isBlank(bytes[end]) { end += 1 }
                return TextEdit(range: SourceRange(start: item.start, end: end), replacement: "")
            }
            guard next == UInt8(ascii: "]") else { return nil }
            if previous == UInt8(ascii: ",") {
                return TextEdit(range: SourceRange(start: before, end: item.end), replacement: "")
            }
            return TextEdit(range: SourceRange(start: before + 1, end: after), replacement: "")
        }

        // Block sequence: `- ` opens the item's first line, and only indentation precedes it.
        guard previous == UInt8(ascii: "-"), !onlyItem else { return nil }
        var lineStart = before
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard bytes[lineStart..<before].allSatisfy({ $0 == 0x20 }) else { return nil }
        var last = item.end - 1
        while last > item.start, isBlank(bytes[last]) { last -= 1 }
        var lineEnd = last + 1
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
        guard !trailingContent(bytes, from: last + 1, to: lineEnd) else { return nil }
        return TextEdit(range: SourceRange(start: lineStart, end: min(lineEnd + 1, bytes.count)), replacement: "")
    }

    /// Replaces a mapping by one of its values (`{"taskDefinition": {...}}` → `{...}`) with two
    /// deletions around the value, and moves the value's lines left by the indentation of the
    /// line it starts on, so it sits where the mapping was. Only whitespace at the start of lines
    /// is removed, never the value's own text. Nil unless the value is a flow mapping or sequence
    /// (JSON, or YAML `{…}`): a block value's indentation is its structure.
    public static func unwrapping(_ value: Node, from container: Node, in source: SourceFile) -> [TextEdit]? {
        let bytes = source.bytes
        guard container.range.start <= value.range.start, value.range.end <= container.range.end,
              value.range.start < value.range.end, value.range.end <= bytes.count,
              [UInt8(ascii: "{"), UInt8(ascii: "[")].contains(bytes[value.range.start]) else { return nil }
        var edits = [TextEdit(range: SourceRange(start: container.range.start, end: value.range.start), replacement: "")]
        var lineStart = value.range.start
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var indentation = 0
        while lineStart + indentation < value.range.start, bytes[lineStart + indentation] == 0x20 { indentation += 1 }
        if indentation > 0 {
            for index in value.range.start..<value.range.end where bytes[index] == 0x0A {
                var spaces = 0
                while spaces < indentation, index + 1 + spaces < value.range.end, bytes[index + 1 + spaces] == 0x20 { spaces += 1 }
                if spaces > 0 { edits.append(TextEdit(range: SourceRange(start: index + 1, end: index + 1 + spaces), replacement: "")) }
            }
        }
        edits.append(TextEdit(range: SourceRange(start: value.range.end, end: container.range.end), replacement: ""))
        return edits
    }

    /// Whether anything but blanks and a comment follows on the line.
    private static func trailingContent(_ bytes: [UInt8], from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D { index += 1 }
        return index < end && bytes[index] != UInt8(ascii: "#")
    }
}
