/// A strict JSON (RFC 8259) parser that keeps a byte range for every node, keeps duplicate keys,
/// accepts a UTF-8 BOM and enforces an explicit nesting limit instead of overflowing the stack.
///
/// The input is assumed to have passed `InputCheck` (valid UTF-8, no NUL).
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: ParseLimits
    private var index: Int
    private var depth = 0
    private var duplicates: [DuplicateKey] = []

    public static func parse(_ source: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> ParsedFile {
        let result: Result<(Node, [DuplicateKey]), SyntaxError> = source.bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, limits: limits, index: source.contentStart)
            do {
                parser.skipWhitespace()
                let root = try parser.parseValue()
                parser.skipWhitespace()
                if parser.index < buffer.count {
                    throw parser.error("unexpected content after the end of the JSON value")
                }
                return .success((root, parser.duplicates))
            } catch let error as SyntaxError {
                return .failure(error)
            } catch {
                return .failure(SyntaxError(.syntax, "\(error)", at: 0))
            }
        }
        switch result {
        case .success(let (root, duplicates)):
            return ParsedFile(source: source, documents: [root], duplicateKeys: duplicates)
        case .failure(let error):
            throw error
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: ParseLimits, index: Int) {
        self.bytes = bytes
        self.limits = limits
        self.index = index
    }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(.syntax, message, at: offset ?? index)
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "character 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(SyntaxError) -> Node {
        guard index < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let start = index
            let text = try parseString()
            return Node(.scalar(.init(text: text, kind: .string, style: .doubleQuoted)), range: .init(start: start, end: index))
        case UInt8(ascii: "t"): return try parseLiteral("true", kind: .bool)
        case UInt8(ascii: "f"): return try parseLiteral("false", kind: .bool)
        case UInt8(ascii: "n"): return try parseLiteral("null", kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected \(describeCurrent()); expected a JSON value")
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > limits.maxDepth {
            throw SyntaxError(.limit, "nesting deeper than \(limits.maxDepth) levels", at: index)
        }
    }

    private mutating func parseObject() throws(SyntaxError) -> Node {
        let start = index
        try enter()
        index += 1
        var entries: [Node.Entry] = []
        var seen: [String: Node] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return Node(.mapping(entries), range: .init(start: start, end: index))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()); expected a string key")
            }
            let keyStart = index
            let keyText = try parseString()
            let key = Node(.scalar(.init(text: keyText, kind: .string, style: .doubleQuoted)), range: .init(start: keyStart, end: index))
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()); expected ':' after the key")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            if let first = seen[keyText] {
                duplicates.append(DuplicateKey(key: key, first: first))
            } else {
                seen[keyText] = key
            }
            entries.append(Node.Entry(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input; expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                break
            }
            throw error("unexpected \(describeCurrent()); expected ',' or '}'")
        }
        depth -= 1
        return Node(.mapping(entries), range: .init(start: start, end: index))
    }

    private mutating func parseArray() throws(SyntaxError) -> Node {
        let start = index
        try enter()
        index += 1
        var items: [Node] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return Node(.sequence(items), range: .init(start: start, end: index))
        }
        while true {
            skipWhitespace()
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input; expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                break
            }
            throw error("unexpected \(describeCurrent()); expected ',' or ']'")
        }
        depth -= 1
        return Node(.sequence(items), range: .init(start: start, end: index))
    }

    private mutating func parseLiteral(_ word: StaticString, kind: ScalarKind) throws(SyntaxError) -> Node {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count && (0..<count).allSatisfy { bytes[index + $0] == word.utf8Start[$0] }
        guard matches else { throw error("unexpected \(describeCurrent()); expected a JSON value") }
        index += count
        return Node(.scalar(.init(text: word.description, kind: kind, style: .plain)), range: .init(start: start, end: index))
    }

    private func isDigit(_ offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] >= UInt8(ascii: "0") && bytes[offset] <= UInt8(ascii: "9")
    }

    private mutating func parseNumber() throws(SyntaxError) -> Node {
        let start = index
        var kind = ScalarKind.integer
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error("invalid number: expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("invalid number: leading zeros are not allowed") }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            kind = .float
            index += 1
            guard isDigit(index) else { throw error("invalid number: expected a digit after '.'") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            kind = .float
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("invalid number: expected a digit in the exponent") }
            while isDigit(index) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if let problem = NumberRange.problem(text, kind: kind) { throw SyntaxError(.limit, problem, at: start) }
        return Node(.scalar(.init(text: text, kind: kind, style: .plain)), range: .init(start: start, end: index))
    }

    /// Parses a string starting at the opening quote; leaves `index` after the closing quote.
    private mutating func parseString() throws(SyntaxError) -> String {
        let open = index
        index += 1
        let contentStart = index
        // Fast path: no escapes, one copy.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacterError(byte) }
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string", at: open) }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            }
            if byte < 0x20 { throw controlCharacterError(byte) }
            if byte != UInt8(ascii: "\\") {
                decoded.append(byte)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5C)
            case UInt8(ascii: "/"): decoded.append(0x2F)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalarValue = try parseHex4(at: index + 1, escapeStart: escapeStart)
                index += 4
                if (0xD800...0xDBFF).contains(scalarValue) {
                    guard index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u") else {
                        throw error("invalid \\u escape: unpaired surrogate", at: escapeStart)
                    }
                    let low = try parseHex4(at: index + 3, escapeStart: escapeStart)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw error("invalid \\u escape: unpaired surrogate", at: escapeStart)
                    }
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                } else if (0xDC00...0xDFFF).contains(scalarValue) {
                    throw error("invalid \\u escape: unpaired surrogate", at: escapeStart)
                }
                decoded.append(contentsOf: Array(String(Character(Unicode.Scalar(scalarValue)!)).utf8))
            default:
                throw error("invalid escape sequence '\\\(describeEscaped())' in string", at: escapeStart)
            }
            index += 1
        }
        throw error("unterminated string", at: open)
    }

    private func describeEscaped() -> String {
        guard index < bytes.count else { return "" }
        let end = min(bytes.count, index + 1)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
    }

    private func parseHex4(at offset: Int, escapeStart: Int) throws(SyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("invalid \\u escape: expected 4 hex digits", at: escapeStart) }
        var value: UInt32 = 0
        for position in offset..<offset + 4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape: expected 4 hex digits", at: escapeStart)
            }
            value = value << 4 | digit
        }
        return value
    }

    private func controlCharacterError(_ byte: UInt8) -> SyntaxError {
        byte == 0x0A || byte == 0x0D
            ? error("unterminated string (a line break must be written as \\n)")
            : error("control character 0x\(String(byte, radix: 16, uppercase: true)) must be escaped in a string")
    }
}
