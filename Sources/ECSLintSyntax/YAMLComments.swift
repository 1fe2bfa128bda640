/// A `#` comment in a YAML file. libyaml's event API drops comments, so they are found by
/// scanning the text and keeping only `#` characters that no scalar contains (a `#` inside a
/// quoted string or a block scalar is content, not a comment).
public struct YAMLComment: Sendable {
    /// Byte offset of the `#`.
    public let offset: Int
    /// The text from `#` to the end of the line.
    public let text: String
    /// Nothing but white space precedes it on its line.
    public let isOwnLine: Bool

    public init(offset: Int, text: String, isOwnLine: Bool) {
        self.offset = offset
        self.text = text
        self.isOwnLine = isOwnLine
    }
}

public enum YAMLComments {
    /// Comments whose text contains `marker` (all comments when it is empty). The file is searched
    /// for the marker first, so files without it cost one scan.
    public static func scan(_ parsed: ParsedFile, containing marker: String) -> [YAMLComment] {
        let bytes = parsed.source.bytes
        let markerBytes = Array(marker.utf8)
        guard contains(bytes[...], markerBytes) else { return [] }
        let scalars = scalarRanges(parsed.documents)
        var comments: [YAMLComment] = []
        var index = parsed.source.contentStart  // past a byte-order mark
        var onlySpaceSoFar = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                onlySpaceSoFar = true
                index += 1
                continue
            }
            if byte == UInt8(ascii: "#"), onlySpaceSoFar || isSpace(bytes[index - 1]), !isInside(index, scalars) {
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
                let text = String(decoding: bytes[index..<end], as: UTF8.self)
                if contains(bytes[index..<end], markerBytes) {
                    comments.append(YAMLComment(offset: index, text: text, isOwnLine: onlySpaceSoFar))
                }
                index = end
                continue
            }
            if !isSpace(byte) { onlySpaceSoFar = false }
            index += 1
        }
        return comments
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Sorted, non-overlapping ranges of every scalar (keys included).
    private static func scalarRanges(_ documents: [Node]) -> [SourceRange] {
        var ranges: [SourceRange] = []
        var seen = Set<ObjectIdentifier>()
        var stack = documents
        while let node = stack.popLast() {
            // Aliases share nodes; visit each once.
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            switch node.content {
            case .scalar: ranges.append(node.range)
            case .sequence(let items): stack.append(contentsOf: items)
            case .mapping(let entries):
                for entry in entries { stack.append(entry.key); stack.append(entry.value) }
            }
        }
        return ranges.sorted { $0.start < $1.start }
    }

    private static func isInside(_ offset: Int, _ ranges: [SourceRange]) -> Bool {
        // The last range starting at or before the offset is the only candidate (scalars never overlap).
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].start <= offset { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return false }
        let candidate = ranges[low - 1]
        return offset < candidate.end
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        while index <= haystack.endIndex - needle.count {
            var matched = 0
            while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
            if matched == needle.count { return true }
            index += 1
        }
        return false
    }
}
