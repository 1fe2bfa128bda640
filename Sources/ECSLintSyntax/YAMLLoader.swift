import CYAML

/// Builds `Node` trees from libyaml's event stream. Events (not libyaml's composed documents)
/// give start and end marks, tags exactly as written (`!Ref`), scalar styles and anchors, and let
/// aliases share the anchored node instead of copying it, under an expansion budget.
public struct YAMLLoader {
    private static let mergeTag = "tag:yaml.org,2002:merge"

    private enum Frame {
        case sequence(start: Int, tag: String?, anchor: String?, items: [Node])
        case mapping(MappingFrame)
    }

    private struct MappingFrame {
        let start: Int
        let tag: String?
        let anchor: String?
        var entries: [Node.Entry] = []
        var pendingKey: Node?
        var seen: [String: Node] = [:]
    }

    private let source: SourceFile
    private let limits: ParseLimits
    private var stack: [Frame] = []
    private var anchors: [String: Node] = [:]
    private var documents: [Node] = []
    private var documentRoot: Node?
    private var duplicates: [DuplicateKey] = []
    private var aliasExpansion = 0

    public static func parse(_ file: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> ParsedFile {
        let source = file.withLineBreaks(.yaml)
        var loader = YAMLLoader(source: source, limits: limits)
        let failure: SyntaxError? = source.bytes.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return SyntaxError(.limit, "out of memory initialising the YAML parser", at: 0)
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
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
        return ParsedFile(source: source, documents: loader.documents, duplicateKeys: loader.duplicates)
    }

    private init(source: SourceFile, limits: ParseLimits) {
        self.source = source
        self.limits = limits
    }

    private func offset(_ mark: yaml_mark_t) -> Int {
        source.offset(line: Int(mark.line), column: Int(mark.column))
    }

    private func parserError(_ parser: yaml_parser_t) -> SyntaxError {
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
            let node = Node(.scalar(.init(text: text, kind: kind, style: style)), tag: tag,
                            range: .init(start: start, end: offset(event.end_mark)))
            try complete(node, anchor: Self.string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            try push(.sequence(start: start, tag: Self.string(data.tag), anchor: Self.string(data.anchor), items: []))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            try push(.mapping(MappingFrame(start: start, tag: Self.string(data.tag), anchor: Self.string(data.anchor))))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let end = offset(event.end_mark)
            switch stack.removeLast() {
            case .sequence(let frameStart, let tag, let anchor, let items):
                try complete(Node(.sequence(items), tag: tag, range: .init(start: frameStart, end: end)), anchor: anchor)
            case .mapping(let frame):
                let entries = Self.applyMergeKeys(frame.entries)
                try complete(Node(.mapping(entries), tag: frame.tag, range: .init(start: frame.start, end: end)), anchor: frame.anchor)
            }
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
            try complete(target, anchor: nil)
        default:
            break
        }
    }

    private mutating func push(_ frame: Frame) throws(SyntaxError) {
        if stack.count >= limits.maxDepth {
            let start: Int
            switch frame {
            case .sequence(let offset, _, _, _): start = offset
            case .mapping(let mapping): start = mapping.start
            }
            throw SyntaxError(.limit, "nesting deeper than \(limits.maxDepth) levels", at: start)
        }
        stack.append(frame)
    }

    /// Attaches a finished node to its parent (or makes it the document root).
    private mutating func complete(_ node: Node, anchor: String?) throws(SyntaxError) {
        if let anchor { anchors[anchor] = node }
        guard let top = stack.popLast() else {
            documentRoot = node
            return
        }
        switch top {
        case .sequence(let start, let tag, let frameAnchor, var items):
            items.append(node)
            stack.append(.sequence(start: start, tag: tag, anchor: frameAnchor, items: items))
        case .mapping(var frame):
            if let key = frame.pendingKey {
                frame.pendingKey = nil
                if let text = key.text, !Self.isMergeKey(key) {
                    if let first = frame.seen[text] {
                        duplicates.append(DuplicateKey(key: key, first: first))
                    } else {
                        frame.seen[text] = key
                    }
                }
                frame.entries.append(Node.Entry(key: key, value: node))
            } else {
                frame.pendingKey = node
            }
            stack.append(.mapping(frame))
        }
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
