import CYAML

/// Builds `Node` trees from libyaml's event stream. Events (not libyaml's composed documents)
/// give start and end marks, tags exactly as written (`!Ref`), scalar styles and anchors, and let
/// aliases share the anchored node instead of copying it, under an expansion budget.
public struct YAMLLoader {
    private static let mergeTag = "tag:yaml.org,2002:merge"

    /// An open sequence or mapping. Mutated in place on the stack: enum payloads would be copied
    /// out and back for every child.
    private struct Frame {
        let isMapping: Bool
        let start: Int
        let tag: String?
        let anchor: String?
        var items: [Node] = []
        var entries: [Node.Entry] = []
        var pendingKey: Node?
        /// Keys seen so far, by text, for duplicate detection; built only once a mapping is
        /// large enough that scanning `entries` would cost more than hashing.
        var seen: [String: Node]?
    }

    /// Mappings up to this size find duplicate keys by scanning their entries.
    private static let linearDuplicateScanLimit = 12

    private let source: SourceFile
    private let limits: ParseLimits
    private var stack: [Frame] = []
    private var anchors: [String: Node] = [:]
    private var documents: [Node] = []
    private var documentRoot: Node?
    private var duplicates: [DuplicateKey] = []
    private var aliasExpansion = 0
    private var aliasedRanges: [SourceRange] = []
    private var offsets: MarkOffsets

    public static func parse(_ file: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> ParsedFile {
        let source = file.withLineBreaks(.yaml)
        var loader = YAMLLoader(source: source, limits: limits)
        let failure: SyntaxError? = source.bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return SyntaxError(.limit, "out of memory initialising the YAML parser", at: 0)
            }
            defer { yaml_parser_delete(&parser) }
            // InputCheck has already required UTF-8; never let libyaml guess UTF-16, whose
            // character indexes would not map back onto these bytes. With the encoding set,
            // libyaml no longer skips a byte-order mark, so the input starts after it.
            let text = UnsafeBufferPointer(rebasing: buffer[source.contentStart...])
            yaml_parser_set_input_string(&parser, text.baseAddress, text.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return loader.parserError(parser)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                do {
                    try loader.handle(event)
                } catch let error as SyntaxError {
                    return error
                } catch {
                    return SyntaxError(.syntax, "\(error)", at: 0)
                }
            }
        }
        if let failure { throw failure }
        return ParsedFile(source: source, documents: loader.documents, duplicateKeys: loader.duplicates, aliasedRanges: loader.aliasedRanges)
    }

    private init(source: SourceFile, limits: ParseLimits) {
        self.source = source
        self.limits = limits
        self.offsets = MarkOffsets(source)
    }

    private mutating func offset(_ mark: yaml_mark_t) -> Int {
        offsets.byteOffset(ofCharacter: Int(mark.index))
    }

    private mutating func parserError(_ parser: yaml_parser_t) -> SyntaxError {
        var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if let context = parser.context {
            message += " (\(String(cString: context)))"
        }
        let mark = parser.problem != nil ? parser.problem_mark : parser.mark
        if parser.error == YAML_MEMORY_ERROR {
            return SyntaxError(.limit, "out of memory while parsing YAML", at: offset(mark))
        }
        return SyntaxError(.syntax, message, at: offset(mark))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }

    private mutating func handle(_ event: yaml_event_t) throws(SyntaxError) {
        let start = offset(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll(keepingCapacity: true)
            documentRoot = nil
        case YAML_DOCUMENT_END_EVENT:
            if let documentRoot { documents.append(documentRoot) }
            documentRoot = nil
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let tag = Self.string(data.tag)
            let style = Self.style(data.style)
            let kind = Self.resolve(text, tag: tag, style: style)
            // An explicit core tag must fit its text (`!!int abc` is no integer): YAML processors
            // refuse it, and read as a number it could never be written back as one.
            if tag != nil, kind != .string, !Self.fits(text, kind) {
                throw SyntaxError(.syntax, "'\(text.count > 40 ? String(text.prefix(40)) + "…" : text)' is tagged \(Self.shortTag(kind)) but is not \(Self.article(kind))", at: start)
            }
            if kind == .integer || kind == .float, let problem = NumberRange.problem(text, kind: kind) {
                throw SyntaxError(.limit, problem, at: start)
            }
            let node = Node(.scalar(.init(text: text, kind: kind, style: style)), tag: tag,
                            range: .init(start: start, end: offset(event.end_mark)))
            try complete(node, anchor: Self.string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            try push(Frame(isMapping: false, start: start, tag: Self.string(data.tag), anchor: Self.string(data.anchor)))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            try push(Frame(isMapping: true, start: start, tag: Self.string(data.tag), anchor: Self.string(data.anchor)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let end = offset(event.end_mark)
            let frame = stack.removeLast()
            let content: Node.Content = frame.isMapping ? .mapping(Self.applyMergeKeys(frame.entries)) : .sequence(frame.items)
            try complete(Node(content, tag: frame.tag, range: .init(start: frame.start, end: end)), anchor: frame.anchor)
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                throw SyntaxError(.syntax, "undefined alias '*\(name)'", at: start)
            }
            aliasExpansion += target.weight
            if aliasExpansion > limits.maxAliasExpansion {
                throw SyntaxError(.limit, "YAML aliases expand to more than \(limits.maxAliasExpansion) nodes (alias bomb?)", at: start)
            }
            // An alias nests its whole target here; chained aliases must not build a tree deeper
            // than the limit, or walking it later would overflow the stack.
            if stack.count + target.depth > limits.maxDepth {
                throw SyntaxError(.limit, "YAML aliases nest deeper than \(limits.maxDepth) levels", at: start)
            }
            aliasedRanges.append(target.range)
            try complete(target, anchor: nil)
        default:
            break
        }
    }

    private mutating func push(_ frame: Frame) throws(SyntaxError) {
        if stack.count >= limits.maxDepth {
            throw SyntaxError(.limit, "nesting deeper than \(limits.maxDepth) levels", at: frame.start)
        }
        stack.append(frame)
    }

    /// Attaches a finished node to its parent (or makes it the document root).
    private mutating func complete(_ node: Node, anchor: String?) throws(SyntaxError) {
        if let anchor { anchors[anchor] = node }
        let top = stack.count - 1
        guard top >= 0 else {
            documentRoot = node
            return
        }
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        if let text = key.text, !Self.isMergeKey(key), let first = Self.earlierKey(key, text: text, in: &stack[top]) {
            duplicates.append(DuplicateKey(key: key, first: first))
        }
        stack[top].entries.append(Node.Entry(key: key, value: node))
    }

    /// The earlier key with this text in the mapping being built, if any; otherwise records `key`.
    private static func earlierKey(_ key: Node, text: String, in frame: inout Frame) -> Node? {
        if frame.seen == nil {
            if frame.entries.count < linearDuplicateScanLimit {
                return frame.entries.first { $0.key.text == text && !isMergeKey($0.key) }?.key
            }
            var seen: [String: Node] = [:]
            for entry in frame.entries.reversed() {  // reversed, so the first of any repeats wins
                if let earlier = entry.key.text, !isMergeKey(entry.key) { seen[earlier] = entry.key }
            }
            frame.seen = seen
        }
        if let first = frame.seen?[text] { return first }
        frame.seen?[text] = key
        return nil
    }

    private static func isMergeKey(_ key: Node) -> Bool {
        guard let scalar = key.scalar, scalar.text == "<<" else { return false }
        return key.tag == mergeTag || (key.tag == nil && scalar.style == .plain)
    }

    /// Resolves `<<: *base` / `<<: [*a, *b]`: explicit keys win, then earlier merged mappings.
    private static func applyMergeKeys(_ entries: [Node.Entry]) -> [Node.Entry] {
        guard entries.contains(where: { isMergeKey($0.key) }) else { return entries }
        var result = entries.filter { !isMergeKey($0.key) }
        var present = Set(result.compactMap { $0.key.text })
        for entry in entries where isMergeKey(entry.key) {
            let sources = entry.value.items ?? [entry.value]
            for source in sources {
                for merged in source.entries ?? [] {
                    guard let text = merged.key.text, !present.contains(text) else { continue }
                    present.insert(text)
                    result.append(merged)
                }
            }
        }
        return result
    }

    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    /// YAML 1.2 core schema for untagged plain scalars; explicit standard tags win.
    /// Whether `text`, written plain, reads as `kind` (an integer also fits a float).
    private static func fits(_ text: String, _ kind: ScalarKind) -> Bool {
        let plain = resolve(text, tag: nil, style: .plain)
        return plain == kind || (kind == .float && plain == .integer)
    }

    private static func shortTag(_ kind: ScalarKind) -> String {
        switch kind {
        case .null: return "!!null"
        case .bool: return "!!bool"
        case .integer: return "!!int"
        case .float: return "!!float"
        case .string: return "!!str"
        }
    }

    private static func article(_ kind: ScalarKind) -> String {
        switch kind {
        case .null: return "null"
        case .bool: return "true or false"
        case .integer: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        }
    }

    static func resolve(_ text: String, tag: String?, style: ScalarStyle) -> ScalarKind {
        switch tag {
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool": return .bool
        case "tag:yaml.org,2002:int": return .integer
        case "tag:yaml.org,2002:float": return .float
        case nil: break
        default: return .string
        }
        guard style == .plain else { return .string }
        // Most plain scalars are words; only these first characters can start a null, bool or number.
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            break
        default:
            return .string
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN": return .float
        default: break
        }
        return numberKind(text) ?? .string
    }

    private static func numberKind(_ text: String) -> ScalarKind? {
        var utf8 = Substring(text).utf8[...]
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        guard !utf8.isEmpty else { return nil }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if utf8.starts(with: "0x".utf8) || utf8.starts(with: "0o".utf8) {
            let digits = utf8.dropFirst(2)
            let valid = utf8.starts(with: "0x".utf8)
                ? digits.allSatisfy { isDigit($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0 | 0x20) }
                : digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }
            return valid && !digits.isEmpty ? .integer : nil
        }
        if utf8.allSatisfy(isDigit) { return .integer }
        // [0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)? with at least one digit in the mantissa
        var index = utf8.startIndex
        var mantissaDigits = 0
        while index < utf8.endIndex, isDigit(utf8[index]) { mantissaDigits += 1; index = utf8.index(after: index) }
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: ".") {
            index = utf8.index(after: index)
            while index < utf8.endIndex, isDigit(utf8[index]) { mantissaDigits += 1; index = utf8.index(after: index) }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < utf8.endIndex, utf8[index] | 0x20 == UInt8(ascii: "e") {
            index = utf8.index(after: index)
            if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") { index = utf8.index(after: index) }
            var exponentDigits = 0
            while index < utf8.endIndex, isDigit(utf8[index]) { exponentDigits += 1; index = utf8.index(after: index) }
            guard exponentDigits > 0 else { return nil }
        }
        return index == utf8.endIndex ? .float : nil
    }
}

/// Turns libyaml's mark indexes (characters from the start of the text, a BOM not counted, CR LF
/// counted as two) into byte offsets. Marks arrive in nearly increasing order, so one cursor walks
/// the bytes about once; an ASCII file needs no walk at all.
private struct MarkOffsets {
    private let bytes: [UInt8]
    private let contentStart: Int
    private let isASCII: Bool
    private var cursorCharacter = 0
    private var cursorOffset: Int

    init(_ source: SourceFile) {
        bytes = source.bytes
        contentStart = source.contentStart
        isASCII = bytes.withUnsafeBufferPointer { buffer in
            var combined: UInt8 = 0
            for byte in buffer[source.contentStart...] { combined |= byte }
            return combined < 0x80
        }
        cursorOffset = contentStart
    }

    mutating func byteOffset(ofCharacter target: Int) -> Int {
        if isASCII { return min(contentStart + target, bytes.count) }
        let count = bytes.count
        while cursorCharacter < target, cursorOffset < count {
            cursorOffset += 1
            while cursorOffset < count, bytes[cursorOffset] & 0xC0 == 0x80 { cursorOffset += 1 }
            cursorCharacter += 1
        }
        while cursorCharacter > target, cursorOffset > contentStart {
            cursorOffset -= 1
            while cursorOffset > contentStart, bytes[cursorOffset] & 0xC0 == 0x80 { cursorOffset -= 1 }
            cursorCharacter -= 1
        }
        return cursorOffset
    }
}
