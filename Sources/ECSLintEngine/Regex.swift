import CPCRE2
import Synchronization

/// A PCRE2 regular expression, compiled once and matched under limits so a user-supplied pattern
/// cannot hang a run. Safe to share between threads: each match gets its own match data.
///
/// JIT compilation costs far more than a few interpreted matches of the short strings rules test
/// (a one-file pre-commit run spent 8% of its instructions in it), so a pattern is JIT-compiled
/// only once it has been used `jitThreshold` times, on a private copy that is then published:
/// threads never match against code that is being compiled.
public final class Regex: @unchecked Sendable {
    public let pattern: String
    private let code: OpaquePointer
    private let context: OpaquePointer?
    private let uses = Atomic<Int>(0)
    /// The JIT-compiled copy of `code` once there is one (its address; 0 until then).
    private let jitCode = Atomic<UInt>(0)

    /// Backtracking budget per match; generous for real patterns, fatal for catastrophic ones.
    public static let matchLimit: UInt32 = 1_000_000
    /// Matches after which JIT compilation pays for itself.
    public static let jitThreshold = 500
    /// How many matches of a user's pattern (a rule file's `matches`, a rule parameter) may run
    /// out of their step budget in one run before the pattern decides nothing more: a
    /// catastrophic pattern over 10,000 values would otherwise spend its per-match budget 10,000
    /// times (41 s). Counting exhausted matches, not time, keeps a pattern that never exhausts
    /// untouched and its answers the same from run to run.
    public static let userPatternExhaustionLimit = 16

    /// This pattern's limit of exhausted matches in its lifetime (a run); nil: none.
    private let exhaustionLimit: Int?
    private let exhaustedMatches = Atomic<Int>(0)

    public struct CompileError: Error, CustomStringConvertible {
        public let pattern: String
        public let message: String
        public let offset: Int
        public var description: String { "invalid regular expression \(pattern) at offset \(offset): \(message)" }
    }

    /// PCRE2 compile options a rule may ask for (`flags: imsx` in a declarative check).
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: 1)
        /// `^` and `$` match at line breaks too.
        public static let multiline = Options(rawValue: 2)
        /// `.` matches line breaks too.
        public static let dotAll = Options(rawValue: 4)
        /// Whitespace and `#` comments in the pattern are ignored.
        public static let extended = Options(rawValue: 8)
    }

    public convenience init(_ pattern: String, caseInsensitive: Bool = false, exhaustionLimit: Int? = nil) throws(CompileError) {
        try self.init(pattern, options: caseInsensitive ? .caseInsensitive : [], exhaustionLimit: exhaustionLimit)
    }

    /// - Parameter exhaustionLimit: how many matches may run out of their step budget in this
    ///   pattern's lifetime (one run) before every later match is undecided at once.
    public init(_ pattern: String, options regexOptions: Options, exhaustionLimit: Int? = nil) throws(CompileError) {
        self.pattern = pattern
        self.exhaustionLimit = exhaustionLimit
        var errorCode: Int32 = 0
        var errorOffset = 0
        var options = PCRE2_UTF | PCRE2_UCP
        if regexOptions.contains(.caseInsensitive) { options |= PCRE2_CASELESS }
        if regexOptions.contains(.multiline) { options |= PCRE2_MULTILINE }
        if regexOptions.contains(.dotAll) { options |= PCRE2_DOTALL }
        if regexOptions.contains(.extended) { options |= PCRE2_EXTENDED }
        let compiled: OpaquePointer? = pattern.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) { bytes in
                pcre2_compile_8(bytes, pattern.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            var buffer = [UInt8](repeating: 0, count: 256)
            let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
            let message = String(decoding: buffer.prefix(max(0, Int(length))), as: UTF8.self)
            throw CompileError(pattern: pattern, message: message, offset: errorOffset)
        }
        code = compiled
        context = pcre2_match_context_create_8(nil)
        if let context {
            pcre2_set_match_limit_8(context, Self.matchLimit)
            pcre2_set_depth_limit_8(context, 10_000)
        }
    }

    deinit {
        if let context { pcre2_match_context_free_8(context) }
        if let jitted = OpaquePointer(bitPattern: jitCode.load(ordering: .acquiring)) { pcre2_code_free_8(jitted) }
        pcre2_code_free_8(code)
    }

    /// The code to match with: the JIT-compiled copy when it exists, else the interpreted original.
    private func codeForMatch() -> OpaquePointer {
        if let jitted = OpaquePointer(bitPattern: jitCode.load(ordering: .acquiring)) { return jitted }
        let count = uses.wrappingAdd(1, ordering: .relaxed).newValue
        guard count == Self.jitThreshold, let copy = pcre2_code_copy_8(code) else { return code }
        // Without JIT support the copy is useless; the interpreter keeps serving.
        guard pcre2_jit_compile_8(copy, PCRE2_JIT_COMPLETE) == 0 else {
            pcre2_code_free_8(copy)
            return code
        }
        jitCode.store(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(copy))), ordering: .releasing)
        return copy
    }

    /// Whether the pattern matches anywhere in `text`. A match that exceeds the limits counts as
    /// no match.
    public func matches(_ text: String) -> Bool {
        firstMatch(in: text) != nil
    }

    /// Whether the pattern matches anywhere in `text`; nil when the match ran out of its
    /// backtracking budget (a catastrophic pattern on this text), so the caller can treat the
    /// answer as unknown instead of as "no match".
    public func decide(_ text: String) -> Bool? {
        switch match(text) {
        case .found: return true
        case .notFound: return false
        case .undecided: return nil
        }
    }

    private enum MatchResult {
        case found(Range<Int>)
        case notFound
        /// A limit stopped the match, or match data could not be allocated.
        case undecided
    }

    private func match(_ text: String) -> MatchResult {
        guard let limit = exhaustionLimit else { return matchWithinStepLimit(text) }
        guard exhaustedMatches.load(ordering: .relaxed) < limit else { return .undecided }
        let result = matchWithinStepLimit(text)
        if case .undecided = result { exhaustedMatches.wrappingAdd(1, ordering: .relaxed) }
        return result
    }

    private func matchWithinStepLimit(_ text: String) -> MatchResult {
        let code = codeForMatch()
        guard let matchData = pcre2_match_data_create_from_pattern_8(code, nil) else { return .undecided }
        defer { pcre2_match_data_free_8(matchData) }
        var utf8 = text
        return utf8.withUTF8 { buffer -> MatchResult in
            let result = pcre2_match_8(code, buffer.baseAddress, buffer.count, 0, 0, matchData, context)
            guard result > 0 else { return result == PCRE2_ERROR_NOMATCH ? .notFound : .undecided }
            let ovector = pcre2_get_ovector_pointer_8(matchData)!
            return .found(ovector[0]..<ovector[1])
        }
    }


    /// The UTF-8 byte range of the first match.
    public func firstMatch(in text: String) -> Range<Int>? {
        if case .found(let range) = match(text) { return range }
        return nil
    }

}
