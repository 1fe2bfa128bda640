/// A parser for HCL2's native syntax (Terraform `.tf` files): bodies, blocks, attributes and the
/// whole expression language (literals, quoted templates with `${…}`/`%{…}`, heredocs, tuples,
/// objects, traversals and splats, function calls, operators, conditionals, `for`
/// expressions), with byte ranges. Bad input is a `SyntaxError` with its offset, never a crash:
/// nesting is bounded by `ParseLimits.maxDepth`.
///
/// Grammar: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md (read 2026-11).
public struct HCLParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    private let maxDepth: Int
    /// Whether a newline ends the expression being read: yes in an attribute and an object
    /// constructor, no inside parentheses, brackets, call arguments, interpolations and `for`
    /// expressions (hclsyntax's "include newlines" stack).
    private var newlineStack: [Bool] = [true]
    private var newlinesEnd: Bool { newlineStack.last ?? true }
    /// Comments in file order (the parser may read a stretch twice; each is kept once).
    private var comments: [HCLComment] = []

    public static func parse(_ source: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> HCLBody {
        try parseFile(source, limits: limits).body
    }

    /// The body and every comment of the file (suppression directives are comments).
    public static func parseFile(_ source: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> HCLFile {
        var parser = HCLParser(bytes: source.bytes, maxDepth: limits.maxDepth)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        let body = try parser.body(closing: nil, opening: 0)
        return HCLFile(body: body, comments: parser.comments)
    }

    /// A whole file read as template text, as Terraform's `templatefile` reads it: literal text
    /// with `${…}` interpolations and `%{…}` directives, no quotes and no escapes but `$${`/`%%{`.
    public static func parseTemplate(_ source: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> HCLTemplate {
        var parser = HCLParser(bytes: source.bytes, maxDepth: limits.maxDepth)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        var builder = LiteralBuilder()
        while parser.position < parser.bytes.count {
            try parser.templateCharacter(into: &builder)
        }
        builder.closeRun(at: parser.position)
        builder.flush()
        return HCLTemplate(parts: builder.parts, isHeredoc: true)
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    // MARK: Bodies

    /// Attributes and blocks up to `closing` (`}`, opened at `opening`) or the end of the file.
    private mutating func body(closing: UInt8?, opening: Int) throws(SyntaxError) -> HCLBody {
        let start = position
        var items: [HCLBody.Item] = []
        while true {
            skipSpace(newlines: true)
            guard position < bytes.count else {
                if closing != nil { throw error("missing '}' to close the block opened here", at: opening) }
                break
            }
            if let closing, bytes[position] == closing { break }
            guard let (name, nameRange) = identifier() else {
                throw error("expected an attribute name or a block type, found \(describe(position))")
            }
            skipSpace(newlines: false)
            if peek() == UInt8(ascii: "=") && peek(1) != UInt8(ascii: "=") {
                position += 1
                let value = try expression()
                try endOfItem()
                items.append(.attribute(HCLAttribute(name: name, nameRange: nameRange, value: value,
                                                     range: SourceRange(start: nameRange.start, end: value.range.end))))
                continue
            }
            var labels: [HCLBlock.Label] = []
            while true {
                skipSpace(newlines: false)
                if peek() == UInt8(ascii: "\"") {
                    let labelStart = position
                    let template = try quotedTemplate()
                    guard let text = template.literalText else { throw error("a block label cannot hold interpolations", at: labelStart) }
                    labels.append(.init(text: text, range: SourceRange(start: labelStart, end: position)))
                } else if let (label, range) = identifier() {
                    labels.append(.init(text: label, range: range))
                } else {
                    break
                }
            }
            guard peek() == UInt8(ascii: "{") else {
                throw error("expected '=' after the attribute name or '{' to open the \(name) block, found \(describe(position))")
            }
            let open = position
            position += 1
            try enter(at: open)
            let inner = try body(closing: UInt8(ascii: "}"), opening: open)
            leave()
            position += 1  // }
            try endOfItem()
            items.append(.block(HCLBlock(type: name, typeRange: nameRange, labels: labels, body: inner,
                                         range: SourceRange(start: nameRange.start, end: position))))
        }
        return HCLBody(items: items, range: SourceRange(start: start, end: position))
    }

    /// An attribute or block ends at a newline, a comment, the end of the file or a closing brace.
    private mutating func endOfItem() throws(SyntaxError) {
        skipSpace(newlines: false)
        guard position < bytes.count else { return }
        switch bytes[position] {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
        case UInt8(ascii: "}"): return
        default: throw error("expected a new line after the attribute or block, found \(describe(position))")
        }
    }

    // MARK: Expressions

    private mutating func expression() throws(SyntaxError) -> HCLExpression {
        let start = position
        try enter(at: start)
        defer { leave() }
        let condition = try binary(level: 0)
        skipSpace(newlines: !newlinesEnd)
        guard peek() == UInt8(ascii: "?") else { return condition }
        position += 1
        let then = try expressionAcrossLines()
        skipSpace(newlines: true)
        guard peek() == UInt8(ascii: ":") else { throw error("expected ':' in the conditional expression, found \(describe(position))") }
        position += 1
        let otherwise = try expressionAcrossLines()
        return HCLExpression(kind: .conditional(condition: condition, then: then, else: otherwise), range: SourceRange(start: condition.range.start, end: otherwise.range.end))
    }

    private mutating func expressionAcrossLines() throws(SyntaxError) -> HCLExpression {
        skipSpace(newlines: true)
        return try expression()
    }

    /// Binary operators by precedence, lowest first.
    private static let operatorLevels: [[String]] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]]

    private mutating func binary(level: Int) throws(SyntaxError) -> HCLExpression {
        guard level < Self.operatorLevels.count else { return try unary() }
        var left = try binary(level: level + 1)
        // Each operator of a chain (`1 + 1 + … + 1`) nests the tree one level deeper on the
        // left, so it counts against the nesting limit like a bracket: an unbounded chain would
        // overflow the stack when the tree is freed, or when the evaluator walks it.
        var chained = 0
        defer { for _ in 0..<chained { leave() } }
        while true {
            skipSpace(newlines: !newlinesEnd)
            guard let symbol = Self.operatorLevels[level].first(where: { matches($0) }) else { return left }
            // `=>` in a for expression and `==`'s first byte are not `=`; `->` does not exist.
            if symbol == ">" || symbol == "<" || symbol == "-" || symbol == "*" || symbol == "/" {
                if symbol == "/" && (peek(1) == UInt8(ascii: "/") || peek(1) == UInt8(ascii: "*")) { return left }
            }
            try enter(at: position)
            chained += 1
            position += symbol.utf8.count
            skipSpace(newlines: true)
            let right = try binary(level: level + 1)
            left = HCLExpression(kind: .binary(operator: symbol, left, right), range: SourceRange(start: left.range.start, end: right.range.end))
        }
    }

    private mutating func unary() throws(SyntaxError) -> HCLExpression {
        skipSpace(newlines: !newlinesEnd)
        let start = position
        if peek() == UInt8(ascii: "!") || peek() == UInt8(ascii: "-") {
            let symbol = String(UnicodeScalar(bytes[position]))
            position += 1
            try enter(at: start)
            defer { leave() }
            let operand = try unary()
            return HCLExpression(kind: .unary(operator: symbol, operand), range: SourceRange(start: start, end: operand.range.end))
        }
        return try postfix(try primary())
    }

    /// Attribute access, indexes and splats after a primary expression.
    private mutating func postfix(_ base: HCLExpression) throws(SyntaxError) -> HCLExpression {
        var steps: [HCLTraverser] = []
        while true {
            let save = position
            skipSpace(newlines: !newlinesEnd)
            if peek() == UInt8(ascii: "."), peek(1) != UInt8(ascii: ".") {
                position += 1
                if peek() == UInt8(ascii: "*") {
                    position += 1
                    steps.append(.splat)
                } else if let (name, range) = identifier() {
                    steps.append(.attribute(name, range))
                } else if let digits = digitRun() {
                    // The legacy index form `list.0`.
                    steps.append(.index(HCLExpression(kind: .number(digits.text), range: digits.range)))
                } else {
                    throw error("expected an attribute name after '.', found \(describe(position))")
                }
            } else if peek() == UInt8(ascii: "[") {
                position += 1
                newlineStack.append(false)
                defer { newlineStack.removeLast() }
                skipSpace(newlines: true)
                if peek() == UInt8(ascii: "*") {
                    position += 1
                    skipSpace(newlines: true)
                    try expect(UInt8(ascii: "]"), "to close the splat")
                    steps.append(.splat)
                } else {
                    let index = try expression()
                    skipSpace(newlines: true)
                    try expect(UInt8(ascii: "]"), "to close the index")
                    steps.append(.index(index))
                }
            } else {
                position = save
                break
            }
        }
        guard !steps.isEmpty else { return base }
        return HCLExpression(kind: .traversal(base, steps), range: SourceRange(start: base.range.start, end: position))
    }

    private mutating func primary() throws(SyntaxError) -> HCLExpression {
        skipSpace(newlines: !newlinesEnd)
        let start = position
        guard position < bytes.count else { throw error("expected an expression, found the end of the file") }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "\""):
            let template = try quotedTemplate()
            return HCLExpression(kind: .template(template), range: SourceRange(start: start, end: position))
        case UInt8(ascii: "<") where peek(1) == UInt8(ascii: "<"):
            let template = try heredoc()
            return HCLExpression(kind: .template(template), range: SourceRange(start: start, end: position))
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        case UInt8(ascii: "["):
            position += 1
            if let forExpression = try forExpression(start: start, object: false) { return forExpression }
            return try tuple(start: start)
        case UInt8(ascii: "{"):
            position += 1
            if let forExpression = try forExpression(start: start, object: true) { return forExpression }
            return try object(start: start)
        case UInt8(ascii: "("):
            position += 1
            newlineStack.append(false)
            defer { newlineStack.removeLast() }
            let inner = try expressionAcrossLines()
            skipSpace(newlines: true)
            try expect(UInt8(ascii: ")"), "to close the parenthesis")
            return HCLExpression(kind: .parenthesized(inner), range: SourceRange(start: start, end: position))
        default:
            guard var (name, _) = identifier() else { throw error("expected an expression, found \(describe(start))") }
            // Provider-defined functions: `provider::name::function(…)`.
            while matches("::"), let (more, _) = { position += 2; return identifier() }() { name += "::" + more }
            switch name {
            case "true": return HCLExpression(kind: .bool(true), range: SourceRange(start: start, end: position))
            case "false": return HCLExpression(kind: .bool(false), range: SourceRange(start: start, end: position))
            case "null": return HCLExpression(kind: .null, range: SourceRange(start: start, end: position))
            default: break
            }
            let save = position
            skipSpace(newlines: !newlinesEnd)
            if peek() == UInt8(ascii: "(") {
                position += 1
                return try call(name, start: start)
            }
            position = save
            return HCLExpression(kind: .variable(name), range: SourceRange(start: start, end: position))
        }
    }

    private mutating func call(_ name: String, start: Int) throws(SyntaxError) -> HCLExpression {
        newlineStack.append(false)
        defer { newlineStack.removeLast() }
        var arguments: [HCLExpression] = []
        var expands = false
        while true {
            skipSpace(newlines: true)
            if peek() == UInt8(ascii: ")") { position += 1; break }
            arguments.append(try expression())
            skipSpace(newlines: true)
            if matches("...") { position += 3; expands = true; skipSpace(newlines: true) }
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: ")"), "to close the arguments of \(name)()")
            break
        }
        return HCLExpression(kind: .call(name: name, arguments: arguments, expandsFinal: expands), range: SourceRange(start: start, end: position))
    }

    private mutating func tuple(start: Int) throws(SyntaxError) -> HCLExpression {
        newlineStack.append(false)
        defer { newlineStack.removeLast() }
        var items: [HCLExpression] = []
        while true {
            skipSpace(newlines: true)
            if peek() == UInt8(ascii: "]") { position += 1; break }
            items.append(try expression())
            skipSpace(newlines: true)
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"), "to close the list")
            break
        }
        return HCLExpression(kind: .tuple(items), range: SourceRange(start: start, end: position))
    }

    private mutating func object(start: Int) throws(SyntaxError) -> HCLExpression {
        newlineStack.append(true)
        defer { newlineStack.removeLast() }
        var items: [HCLObjectItem] = []
        while true {
            skipSpace(newlines: true)
            if peek() == UInt8(ascii: "}") { position += 1; break }
            let key = try expression()
            skipSpace(newlines: false)
            guard peek() == UInt8(ascii: "=") || peek() == UInt8(ascii: ":") else {
                throw error("expected '=' or ':' after the object key, found \(describe(position))")
            }
            position += 1
            let value = try expressionAcrossLines()
            items.append(HCLObjectItem(key: key, value: value))
            skipSpace(newlines: false)
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") { continue }
            try expect(UInt8(ascii: "}"), "to close the object")
            break
        }
        return HCLExpression(kind: .object(items), range: SourceRange(start: start, end: position))
    }

    /// `for k, v in collection : …` after `[` or `{`; nil (position unchanged) when it is none.
    private mutating func forExpression(start: Int, object: Bool) throws(SyntaxError) -> HCLExpression? {
        let save = position
        skipSpace(newlines: true)
        guard let (keyword, _) = identifier(), keyword == "for" else { position = save; return nil }
        newlineStack.append(false)
        defer { newlineStack.removeLast() }
        skipSpace(newlines: false)
        guard let (first, _) = identifier() else { position = save; return nil }
        var keyVariable: String?
        var valueVariable = first
        skipSpace(newlines: false)
        if peek() == UInt8(ascii: ",") {
            position += 1
            skipSpace(newlines: false)
            guard let (second, _) = identifier() else { throw error("expected a variable name after ',' in the for expression") }
            keyVariable = first
            valueVariable = second
            skipSpace(newlines: false)
        }
        guard let (inKeyword, _) = identifier(), inKeyword == "in" else { throw error("expected 'in' in the for expression, found \(describe(position))") }
        let collection = try expressionAcrossLines()
        skipSpace(newlines: true)
        try expect(UInt8(ascii: ":"), "after the for expression's collection")
        var key: HCLExpression?
        var value = try expressionAcrossLines()
        skipSpace(newlines: true)
        var grouped = false
        if object {
            guard matches("=>") else { throw error("expected '=>' in the object for expression, found \(describe(position))") }
            position += 2
            key = value
            value = try expressionAcrossLines()
            skipSpace(newlines: true)
            if matches("...") { position += 3; grouped = true; skipSpace(newlines: true) }
        }
        var condition: HCLExpression?
        let save2 = position
        if let (ifKeyword, _) = identifier(), ifKeyword == "if" {
            condition = try expressionAcrossLines()
            skipSpace(newlines: true)
        } else {
            position = save2
        }
        try expect(object ? UInt8(ascii: "}") : UInt8(ascii: "]"), "to close the for expression")
        let details = HCLFor(keyVariable: keyVariable, valueVariable: valueVariable, collection: collection, key: key, value: value,
                             condition: condition, grouped: grouped)
        return HCLExpression(kind: .forExpression(details), range: SourceRange(start: start, end: position))
    }

    private mutating func number() throws(SyntaxError) -> HCLExpression {
        let start = position
        _ = digitRun()
        if peek() == UInt8(ascii: "."), let next = peek(1), isDigit(next) {
            position += 1
            _ = digitRun()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard digitRun() != nil else { throw error("expected digits in the number's exponent", at: start) }
        }
        return HCLExpression(kind: .number(text(start, position)), range: SourceRange(start: start, end: position))
    }

    // MARK: Templates

    /// `"…"` with escapes, `${…}` interpolations and `%{…}` directives.
    private mutating func quotedTemplate() throws(SyntaxError) -> HCLTemplate {
        let open = position
        position += 1
        var builder = LiteralBuilder()
        while true {
            guard position < bytes.count, bytes[position] != UInt8(ascii: "\n") else {
                throw error("the string is not closed (a quoted string ends on the line it starts)", at: open)
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                builder.closeRun(at: position)
                position += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                let escapeStart = position
                position += 1
                guard position < bytes.count else { throw error("the string is not closed", at: open) }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): builder.add([0x0A], from: escapeStart, to: escapeStart + 2)
                case UInt8(ascii: "r"): builder.add([0x0D], from: escapeStart, to: escapeStart + 2)
                case UInt8(ascii: "t"): builder.add([0x09], from: escapeStart, to: escapeStart + 2)
                case UInt8(ascii: "\""): builder.add([0x22], from: escapeStart, to: escapeStart + 2)
                case UInt8(ascii: "\\"): builder.add([0x5C], from: escapeStart, to: escapeStart + 2)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = escaped == UInt8(ascii: "u") ? 4 : 8
                    let digits = position + count <= bytes.count ? text(position, position + count) : ""
                    guard digits.utf8.count == count, digits.allSatisfy(\.isHexDigit), let code = UInt32(digits, radix: 16),
                          let scalar = UnicodeScalar(code) else { throw error("invalid \\\(UnicodeScalar(escaped)) escape", at: escapeStart) }
                    builder.add(Array(String(scalar).utf8), from: escapeStart, to: position + count)
                    position += count
                default:
                    throw error("invalid escape '\\\(UnicodeScalar(escaped))' in the string", at: escapeStart)
                }
                continue
            }
            try templateCharacter(into: &builder)
        }
        builder.flush()
        return HCLTemplate(parts: builder.parts, isHeredoc: false)
    }

    private enum Marker {
        case none
        /// `$${` or `%%{`: the literal text `${` / `%{`.
        case escaped
        /// `${` or `%{`.
        case opening
    }

    /// Reads one piece of template text at the position: an escaped marker, an interpolation or
    /// directive, or one byte copied from the file.
    private mutating func templateCharacter(into builder: inout LiteralBuilder) throws(SyntaxError) {
        switch marker() {
        case .escaped:
            builder.add([bytes[position], UInt8(ascii: "{")], from: position, to: position + 3)
            position += 3
        case .opening:
            let start = position
            builder.part(try templatePart(), at: start)
        case .none:
            builder.copy(bytes[position], from: position)
            position += 1
        }
    }

    /// What template syntax starts at the position (nothing is consumed).
    private func marker() -> Marker {
        let byte = bytes[position]
        guard byte == UInt8(ascii: "$") || byte == UInt8(ascii: "%") else { return .none }
        if peek(1) == byte, peek(2) == UInt8(ascii: "{") { return .escaped }
        return peek(1) == UInt8(ascii: "{") ? .opening : .none
    }

    /// Reads the `${…}` interpolation or `%{…}` directive at the position.
    private mutating func templatePart() throws(SyntaxError) -> HCLTemplate.Part {
        let start = position
        let isInterpolation = bytes[position] == UInt8(ascii: "$")
        position += 2
        if peek() == UInt8(ascii: "~") { position += 1 }
        if isInterpolation {
            newlineStack.append(false)
            defer { newlineStack.removeLast() }
            let inner = try expressionAcrossLines()
            skipSpace(newlines: true)
            if peek() == UInt8(ascii: "~") { position += 1 }
            try expect(UInt8(ascii: "}"), "to close the interpolation")
            return .interpolation(inner)
        }
        // A directive: skip to its closing brace, minding strings and nesting.
        var nesting = 0
        while position < bytes.count {
            let current = bytes[position]
            if current == UInt8(ascii: "\"") { _ = try quotedTemplate(); continue }
            if current == UInt8(ascii: "{") { nesting += 1 }
            if current == UInt8(ascii: "}") {
                if nesting == 0 { position += 1; return .directive(SourceRange(start: start, end: position)) }
                nesting -= 1
            }
            position += 1
        }
        throw error("the template directive is not closed", at: start)
    }

    /// Builds a template's literal text, remembering where each verbatim run comes from.
    private struct LiteralBuilder {
        var parts: [HCLTemplate.Part] = []
        var text: [UInt8] = []
        var runs: [HCLTextMap.Run] = []
        var runStart: Int?

        mutating func copy(_ byte: UInt8, from offset: Int) {
            if runStart == nil { runStart = offset }
            text.append(byte)
        }

        /// Text that is not a copy of the file (an escape): it maps to the whole escape.
        mutating func add(_ bytes: [UInt8], from start: Int, to end: Int) {
            closeRun(at: start)
            runs.append(.init(textOffset: text.count, fileOffset: start, length: bytes.count, fileLength: end - start))
            text += bytes
        }

        mutating func closeRun(at end: Int) {
            if let start = runStart, end > start { runs.append(.init(textOffset: text.count - (end - start), fileOffset: start, length: end - start)) }
            runStart = nil
        }

        mutating func part(_ part: HCLTemplate.Part, at offset: Int) {
            closeRun(at: offset)
            flush()
            parts.append(part)
        }

        mutating func flush() {
            if !text.isEmpty { parts.append(.literal(String(decoding: text, as: UTF8.self), HCLTextMap(runs: runs))) }
            text = []
            runs = []
        }
    }

    /// `<<EOF` / `<<-EOF` … `EOF`: lines of template text; `<<-` removes the indentation common
    /// to every line.
    private mutating func heredoc() throws(SyntaxError) -> HCLTemplate {
        let open = position
        position += 2
        let indented = peek() == UInt8(ascii: "-")
        if indented { position += 1 }
        guard let (delimiter, _) = identifier() else { throw error("expected the heredoc's delimiter after '<<'", at: open) }
        skipSpace(newlines: false)
        if peek() == UInt8(ascii: "\r") { position += 1 }
        guard peek() == UInt8(ascii: "\n") else { throw error("expected a new line after the heredoc delimiter \(delimiter)", at: open) }
        position += 1
        // The lines up to the closing delimiter.
        var lines: [(start: Int, end: Int)] = []
        var closed = false
        while position < bytes.count {
            let lineStart = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            var lineEnd = position
            if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let trimmed = text(lineStart, lineEnd).drop { $0 == " " || $0 == "\t" }
            if trimmed == delimiter {
                position = lineEnd
                closed = true
                break
            }
            lines.append((lineStart, position < bytes.count ? position + 1 : position))
            if position < bytes.count { position += 1 }
        }
        guard closed else { throw error("the heredoc is not closed: no line '\(delimiter)'", at: open) }
        var strip = 0
        if indented {
            strip = lines.filter { line in text(line.start, line.end).contains { $0 != " " && $0 != "\n" && $0 != "\r" } }
                .map { line in (line.start..<line.end).prefix { bytes[$0] == UInt8(ascii: " ") }.count }.min() ?? 0
        }
        // The lines' text is read as a template in place, so that interpolations keep their
        // file positions.
        var builder = LiteralBuilder()
        let end = position
        var cursor = 0
        for line in lines {
            // An interpolation may span lines: the text resumes after it.
            if cursor >= line.end { continue }
            let spaces = (line.start..<line.end).prefix { bytes[$0] == UInt8(ascii: " ") }.count
            position = cursor > line.start ? cursor : line.start + min(strip, spaces)
            while position < line.end {
                try templateCharacter(into: &builder)
            }
            builder.closeRun(at: min(position, line.end))
            cursor = position
        }
        builder.flush()
        position = end
        return HCLTemplate(parts: builder.parts, isHeredoc: true)
    }

    // MARK: Lexical helpers

    /// Spaces, tabs and comments; newlines too when `newlines` (a `#`/`//` comment ends at the
    /// newline, which it leaves in place otherwise).
    private mutating func skipSpace(newlines: Bool) {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                position += 1
            case UInt8(ascii: "\r") where peek(1) == UInt8(ascii: "\n") && newlines, UInt8(ascii: "\n") where newlines:
                position += 1
            case let byte where byte == UInt8(ascii: "#") || (byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/")):
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                var end = position
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                record(SourceRange(start: start, end: end))
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                let start = position
                position += 2
                while position < bytes.count, !(bytes[position] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) { position += 1 }
                position = min(position + 2, bytes.count)
                record(SourceRange(start: start, end: position))
            default:
                return
            }
        }
    }

    private mutating func record(_ range: SourceRange) {
        if let last = comments.last, last.range.start >= range.start { return }
        var lineStart = range.start
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        if lineStart == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = 3 }
        let ownLine = bytes[lineStart..<range.start].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        comments.append(HCLComment(range: range, text: text(range.start, range.end), isOwnLine: ownLine))
    }

    /// Letters, digits, `_` and `-`, starting with a letter or `_` (HCL identifiers; non-ASCII
    /// letters are accepted as Terraform does).
    private mutating func identifier() -> (String, SourceRange)? {
        let start = position
        guard position < bytes.count, isIdentifierStart(bytes[position]) else { return nil }
        position += 1
        while position < bytes.count, isIdentifierStart(bytes[position]) || isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "-") {
            position += 1
        }
        return (text(start, position), SourceRange(start: start, end: position))
    }

    private mutating func digitRun() -> (text: String, range: SourceRange)? {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return position > start ? (text(start, position), SourceRange(start: start, end: position)) : nil
    }

    private func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func matches(_ symbol: String) -> Bool {
        let utf8 = Array(symbol.utf8)
        guard position + utf8.count <= bytes.count else { return false }
        return bytes[position..<position + utf8.count].elementsEqual(utf8)
    }

    private mutating func expect(_ byte: UInt8, _ purpose: String) throws(SyntaxError) {
        guard peek() == byte else { throw error("expected '\(UnicodeScalar(byte))' \(purpose), found \(describe(position))") }
        position += 1
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<min(end, bytes.count)], as: UTF8.self)
    }

    private func describe(_ offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "a new line"
        case 0x21...0x7E: return "'\(UnicodeScalar(byte))'"
        default: return "byte 0x\(String(byte, radix: 16))"
        }
    }

    private mutating func enter(at offset: Int) throws(SyntaxError) {
        depth += 1
        if depth > maxDepth { throw SyntaxError(.limit, "nesting deeper than \(maxDepth) levels", at: offset) }
    }

    private mutating func leave() { depth -= 1 }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(.syntax, message, at: offset ?? position)
    }
}
