import ECSLintSyntax

/// JSON text inside a Terraform value (a heredoc, a `file()`, a plan's `container_definitions`
/// string): parsed, with every node placed through the text's origin.
enum TerraformJSON {
    /// The value JSON text stands for; nil when the text is not a JSON object or array, does not
    /// parse, or would take more than `budget` nodes or nest past the limit.
    static func decode(_ text: TemplateText, limits: ParseLimits, budget: inout Int, nesting: Int = 0) -> TerraformValue? {
        let bytes = Array(text.text.utf8)
        guard let first = bytes.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
              bytes[first] == UInt8(ascii: "{") || bytes[first] == UInt8(ascii: "["),
              let parsed = try? JSONParser.parse(SourceFile(path: "<json>", bytes: bytes), limits: limits),
              let root = parsed.documents.first, root.weight <= budget, root.depth + nesting <= limits.maxDepth else { return nil }
        budget -= root.weight
        func convert(_ node: Node) -> TerraformValue {
            let range = text.origin.range(node.range.start, node.range.end)
            switch node.content {
            case .scalar(let scalar):
                switch scalar.kind {
                case .string:
                    if scalar.text.contains(TemplateText.open) { return .unknown(.expression(text.restoring(scalar.text)), range) }
                    return .string(scalar.text, range, .computed(range, length: scalar.text.utf8.count))
                case .integer, .float: return .number(scalar.text, range)
                case .bool: return .bool(scalar.text == "true", range)
                case .null: return .null(range)
                }
            case .sequence(let items):
                return .tuple(items.map(convert), range)
            case .mapping(let entries):
                return .object(entries.map { entry in
                    let name = entry.key.text ?? ""
                    return TerraformMember(name: text.restoring(name), nameRange: text.origin.range(entry.key.range.start, entry.key.range.end),
                                           value: convert(entry.value))
                }, range)
            }
        }
        return convert(root)
    }

    /// Where each byte of a JSON string's value comes from in the file: `range` is the string
    /// token with its quotes. Escapes (`\\"`, `\\u00e9`, surrogate pairs) map to the whole escape.
    static func stringMap(_ bytes: [UInt8], token range: SourceRange) -> HCLTextMap {
        var runs: [HCLTextMap.Run] = []
        var text = 0
        var index = range.start + 1
        let end = max(index, range.end - 1)
        var runStart = index, runText = 0
        func closeRun() {
            if index > runStart { runs.append(.init(textOffset: runText, fileOffset: runStart, length: index - runStart)) }
        }
        while index < end, index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < end else {
                index += 1
                text += 1
                continue
            }
            closeRun()
            let escapeStart = index
            var produced = 1, length = 2
            if bytes[index + 1] == UInt8(ascii: "u") {
                length = 6
                let hex = index + 6 <= bytes.count ? String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self) : ""
                let code = UInt32(hex, radix: 16) ?? 0
                if (0xD800..<0xDC00).contains(code), index + 12 <= end, bytes[index + 6] == UInt8(ascii: "\\") {
                    length = 12
                    produced = 4
                } else {
                    produced = code < 0x80 ? 1 : code < 0x800 ? 2 : 3
                }
            }
            runs.append(.init(textOffset: text, fileOffset: escapeStart, length: produced, fileLength: length))
            text += produced
            index += length
            runStart = index
            runText = text
        }
        closeRun()
        return HCLTextMap(runs: runs)
    }
}
