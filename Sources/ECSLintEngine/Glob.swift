/// A gitignore/ruff-style path glob as written in the config file (`include`, `exclude`,
/// `per-file-ignores`, suppression `path`).
///
/// - `*` matches any run of characters except `/`; `?` matches exactly one Unicode scalar except `/`.
/// - `[abc]`, `[a-z]`, `[!a-z]`, `[^a-z]` match one Unicode scalar (never `/`); a `]` right after the
///   opening `[` (or `[!`, `[^`) is literal.
/// - `{json,yaml,yml}` matches any alternative; alternatives may nest and may contain `*`, `**` and `/`.
/// - `**` as a whole segment matches zero or more segments (`a/**/b`, `**/x.json`, `dir/**`);
///   anywhere else it behaves like `*`.
/// - `\` makes the next character literal.
/// - A pattern without `/` (ignoring a trailing one) matches at any depth, as if prefixed by `**/`.
///   Otherwise it is anchored to the base directory; a leading `/` or `./` is stripped and anchors.
/// - A trailing `/` restricts the match to directories, i.e. to proper ancestors of the path.
///
/// Matching is case-sensitive and compares Unicode scalars exactly (no normalization).
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let program: [Instruction]
    private let matchesDirectoriesOnly: Bool

    public init(_ pattern: String) throws(GlobError) {
        self.pattern = pattern
        var scalars = Array(pattern.unicodeScalars)
        let originalCount = scalars.count
        var isAnchored = false
        while true {
            if scalars.first == "/" {
                scalars.removeFirst()
                isAnchored = true
            } else if scalars.count >= 2, scalars[0] == ".", scalars[1] == "/" {
                scalars.removeFirst(2)
                isAnchored = true
            } else {
                break
            }
        }
        let strippedPrefixLength = originalCount - scalars.count
        var matchesDirectoriesOnly = false
        while scalars.last == "/", !Self.isEscaped(scalars, at: scalars.count - 1) {
            scalars.removeLast()
            matchesDirectoriesOnly = true
        }
        guard !scalars.isEmpty else { throw GlobError(pattern: pattern, message: "empty pattern") }
        if scalars.contains("/") { isAnchored = true }

        var parser = Parser(scalars: scalars, pattern: pattern, offsetInPattern: strippedPrefixLength)
        let body = try parser.parse()
        var compiler = Compiler()
        if !isAnchored { compiler.emit(.anyDirectories) }
        compiler.emit(body)
        compiler.program.append(.accept)
        self.program = compiler.program
        self.matchesDirectoriesOnly = matchesDirectoriesOnly
    }

    /// `path` is relative to the directory the pattern is relative to, '/'-separated, no leading "./".
    /// True when the pattern matches the path itself or any of its ancestor directories
    /// (so "legacy" and "legacy/**" both match "legacy/a/b.json").
    public func matches(_ path: String) -> Bool {
        // A Pike VM: every live position in the program advances in lockstep over the path, so the
        // cost is O(path length × pattern length) however many `*` or `**` the pattern has.
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        let acceptPC = program.count - 1
        current.add(0, in: program)
        for scalar in path.unicodeScalars {
            // Checking before consuming a separator is what makes ancestor directories match.
            if scalar == "/", current.contains(acceptPC) { return true }
            next.clear()
            for pc in current.pcs where program[pc].consumes(scalar) {
                next.add(pc + 1, in: program)
            }
            swap(&current, &next)
            if current.pcs.isEmpty { return false }
        }
        return !matchesDirectoriesOnly && current.contains(acceptPC)
    }

    public var description: String { pattern }

    // The program is derived from the pattern, so the text alone decides identity.
    public static func == (lhs: Glob, rhs: Glob) -> Bool { lhs.pattern == rhs.pattern }
    public func hash(into hasher: inout Hasher) { hasher.combine(pattern) }

    private static func isEscaped(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var backslashes = 0
        var cursor = index - 1
        while cursor >= 0, scalars[cursor] == "\\" {
            backslashes += 1
            cursor -= 1
        }
        return backslashes % 2 == 1
    }
}

public struct GlobError: Error, Sendable, CustomStringConvertible {
    public let pattern: String
    public let message: String
    public var description: String { "invalid glob \"\(pattern)\": \(message)" }
}

// The parser, compiler and matcher are nested so their short names cannot collide with module
// types such as ECSLintSyntax.Node.
extension Glob {
    // MARK: Parsing

    fileprivate indirect enum Node {
        case scalar(Unicode.Scalar)
        case anyScalarExceptSeparator
        /// `*`
        case anyRunExceptSeparator
        /// A trailing or lone `**`: everything, separators included.
        case anyRun
        /// `**/`: zero or more whole directories.
        case anyDirectories
        case characterClass(CharacterClass)
        case sequence([Node])
        case alternatives([Node])
    }

    fileprivate struct CharacterClass: Sendable {
        var ranges: [ClosedRange<Unicode.Scalar>]
        var isNegated: Bool

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            if scalar == "/" { return false }
            return ranges.contains { $0.contains(scalar) } != isNegated
        }
    }

    fileprivate struct Parser {
        let scalars: [Unicode.Scalar]
        let pattern: String
        /// How many leading scalars (`/`, `./`) were stripped, so error offsets point into `pattern`.
        let offsetInPattern: Int
        var index = 0
        var braceDepth = 0

        init(scalars: [Unicode.Scalar], pattern: String, offsetInPattern: Int) {
            self.scalars = scalars
            self.pattern = pattern
            self.offsetInPattern = offsetInPattern
        }

        mutating func parse() throws(GlobError) -> Node {
            let (node, _) = try parseSequence(startsSegment: true)
            if index < scalars.count {
                // Outside braces, only a `}` stops parseSequence early.
                throw error("unmatched '}' at offset \(index + offsetInPattern)")
            }
            return node
        }

        /// Returns the sequence and whether it ends at a segment boundary, which decides whether a
        /// following `**` is a whole segment.
        private mutating func parseSequence(startsSegment: Bool) throws(GlobError) -> (Node, endsSegment: Bool) {
            var nodes: [Node] = []
            var atSegmentStart = startsSegment
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "}" || (braceDepth > 0 && scalar == ",") { break }
                switch scalar {
                case "\\":
                    guard index + 1 < scalars.count else { throw error("dangling '\\' at end of pattern") }
                    nodes.append(.scalar(scalars[index + 1]))
                    index += 2
                    atSegmentStart = scalars[index - 1] == "/"
                case "/":
                    nodes.append(.scalar("/"))
                    index += 1
                    atSegmentStart = true
                case "?":
                    nodes.append(.anyScalarExceptSeparator)
                    index += 1
                    atSegmentStart = false
                case "[":
                    nodes.append(.characterClass(try parseCharacterClass()))
                    atSegmentStart = false
                case "{":
                    let (group, endsSegment) = try parseAlternatives(startsSegment: atSegmentStart)
                    nodes.append(group)
                    atSegmentStart = endsSegment
                case "*":
                    let starCount = countStars()
                    if starCount == 2, atSegmentStart, endsSegmentAfterStars() {
                        if index < scalars.count, scalars[index] == "/" {
                            nodes.append(.anyDirectories)
                            index += 1
                            atSegmentStart = true
                        } else {
                            nodes.append(.anyRun)
                            atSegmentStart = false
                        }
                    } else {
                        // Consecutive stars that are not a whole segment are one `*`, as in gitignore.
                        nodes.append(.anyRunExceptSeparator)
                        atSegmentStart = false
                    }
                default:
                    nodes.append(.scalar(scalar))
                    index += 1
                    atSegmentStart = false
                }
            }
            return (.sequence(nodes), atSegmentStart)
        }

        private mutating func parseAlternatives(startsSegment: Bool) throws(GlobError) -> (Node, endsSegment: Bool) {
            let openingIndex = index
            index += 1
            braceDepth += 1
            var alternatives: [Node] = []
            var allEndSegment = true
            while true {
                let (alternative, endsSegment) = try parseSequence(startsSegment: startsSegment)
                alternatives.append(alternative)
                allEndSegment = allEndSegment && endsSegment
                guard index < scalars.count else { throw error("unclosed '{' at offset \(openingIndex + offsetInPattern)") }
                let delimiter = scalars[index]
                index += 1
                if delimiter == "}" { break }
            }
            braceDepth -= 1
            return (.alternatives(alternatives), allEndSegment)
        }

        private mutating func parseCharacterClass() throws(GlobError) -> CharacterClass {
            let openingIndex = index
            index += 1
            var isNegated = false
            if index < scalars.count, scalars[index] == "!" || scalars[index] == "^" {
                isNegated = true
                index += 1
            }
            var ranges: [ClosedRange<Unicode.Scalar>] = []
            var isFirst = true
            while true {
                guard index < scalars.count else { throw error("unclosed '[' at offset \(openingIndex + offsetInPattern)") }
                if scalars[index] == "]", !isFirst {
                    index += 1
                    return CharacterClass(ranges: ranges, isNegated: isNegated)
                }
                isFirst = false
                let lower = try classMember(openingIndex: openingIndex)
                if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                    index += 1
                    let upper = try classMember(openingIndex: openingIndex)
                    guard lower <= upper else { throw error("invalid range '\(lower)-\(upper)' in character class") }
                    ranges.append(lower...upper)
                } else {
                    ranges.append(lower...lower)
                }
            }
        }

        private mutating func classMember(openingIndex: Int) throws(GlobError) -> Unicode.Scalar {
            if scalars[index] == "\\" {
                guard index + 1 < scalars.count else { throw error("unclosed '[' at offset \(openingIndex + offsetInPattern)") }
                index += 2
                return scalars[index - 1]
            }
            index += 1
            return scalars[index - 1]
        }

        private mutating func countStars() -> Int {
            var count = 0
            while index < scalars.count, scalars[index] == "*" {
                count += 1
                index += 1
            }
            return count
        }

        private func endsSegmentAfterStars() -> Bool {
            guard index < scalars.count else { return true }
            let scalar = scalars[index]
            return scalar == "/" || (braceDepth > 0 && (scalar == "," || scalar == "}"))
        }

        private func error(_ message: String) -> GlobError {
            GlobError(pattern: pattern, message: message)
        }
    }

    // MARK: Compiling and running

    fileprivate enum Instruction: Sendable {
        case scalar(Unicode.Scalar)
        case anyScalarExceptSeparator
        case anyScalar
        case characterClass(CharacterClass)
        case split(Int, Int)
        case jump(Int)
        case accept

        func consumes(_ input: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let expected): expected == input
            case .anyScalarExceptSeparator: input != "/"
            case .anyScalar: true
            case .characterClass(let characterClass): characterClass.contains(input)
            case .split, .jump, .accept: false
            }
        }
    }

    fileprivate struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) {
            switch node {
            case .scalar(let scalar):
                program.append(.scalar(scalar))
            case .anyScalarExceptSeparator:
                program.append(.anyScalarExceptSeparator)
            case .anyRunExceptSeparator:
                emitLoop(over: .anyScalarExceptSeparator)
            case .anyRun:
                emitLoop(over: .anyScalar)
            case .anyDirectories:
                // (.*/)? — the optional group is what lets `a/**/b` match `a/b`.
                let split = program.count
                program.append(.split(split + 1, -1))
                emitLoop(over: .anyScalar)
                program.append(.scalar("/"))
                program[split] = .split(split + 1, program.count)
            case .characterClass(let characterClass):
                program.append(.characterClass(characterClass))
            case .sequence(let nodes):
                for node in nodes { emit(node) }
            case .alternatives(let alternatives):
                var jumpsToEnd: [Int] = []
                for (position, alternative) in alternatives.enumerated() {
                    let isLast = position == alternatives.count - 1
                    let split = program.count
                    if !isLast { program.append(.split(split + 1, -1)) }
                    emit(alternative)
                    if !isLast {
                        jumpsToEnd.append(program.count)
                        program.append(.jump(-1))
                        program[split] = .split(split + 1, program.count)
                    }
                }
                for jump in jumpsToEnd { program[jump] = .jump(program.count) }
            }
        }

        private mutating func emitLoop(over instruction: Instruction) {
            let split = program.count
            program.append(.split(split + 1, split + 3))
            program.append(instruction)
            program.append(.jump(split))
        }
    }

    /// The set of program positions alive at one input position; `isMember` deduplicates so the set
    /// never exceeds the program size.
    fileprivate struct ThreadList {
        private(set) var pcs: [Int] = []
        private var isMember: [Bool]
        private var pending: [Int] = []

        init(capacity: Int) {
            isMember = Array(repeating: false, count: capacity)
            pcs.reserveCapacity(capacity)
        }

        mutating func clear() {
            for pc in pcs { isMember[pc] = false }
            pcs.removeAll(keepingCapacity: true)
        }

        /// Adds `start` and everything reachable from it without consuming input.
        mutating func add(_ start: Int, in program: [Instruction]) {
            pending.append(start)
            while let pc = pending.popLast() {
                guard !isMember[pc] else { continue }
                isMember[pc] = true
                pcs.append(pc)
                switch program[pc] {
                case .split(let first, let second):
                    pending.append(second)
                    pending.append(first)
                case .jump(let target):
                    pending.append(target)
                default:
                    break
                }
            }
        }

        func contains(_ pc: Int) -> Bool { isMember[pc] }
    }
}
