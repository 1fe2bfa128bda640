import ECSLintSyntax
import Testing

@Suite struct JSONParserTests {
    func parse(_ text: String, limits: ParseLimits = .default) throws -> (SourceFile, Node, [DuplicateKey]) {
        let source = SourceFile(path: "t.json", text: text)
        let parsed = try JSONParser.parse(source, limits: limits)
        return (source, parsed.documents[0], parsed.duplicateKeys)
    }

    @Test func scalarsAndTheirKinds() throws {
        let (_, root, _) = try parse(#"{"s": "a\u00e9\n", "i": -12, "f": 1.5e3, "t": true, "n": null, "u": "\ud83d\ude00"}"#)
        #expect(root["s"]?.string == "aé\n")
        #expect(root["i"]?.scalar?.kind == .integer && root["i"]?.text == "-12")
        #expect(root["f"]?.scalar?.kind == .float)
        #expect(root["t"]?.scalar?.kind == .bool)
        #expect(root["n"]?.scalar?.kind == .null)
        #expect(root["u"]?.string == "😀")
    }

    @Test func rangesAndPositionsWithBOMCRLFTabsAndMultibyte() throws {
        let (source, root, _) = try parse("\u{FEFF}{\r\n\t\"é\": \"x\",\r\n\t\"cpu\": \"256\"\r\n}")
        let cpu = try #require(root["cpu"])
        #expect(source.text(cpu.range) == "\"256\"")
        #expect(source.position(of: cpu.range.start).line == 3)
        #expect(source.position(of: cpu.range.start).column == 9)  // tab counts as one column
        let first = try #require(root.entries?.first)
        #expect(source.position(of: first.value.range.start).column == 7)  // "é" is one column
        #expect(source.position(of: root.range.start) == SourcePosition(offset: 3, line: 1, column: 1))
    }

    @Test func duplicateKeysAreKeptAndTheLaterWins() throws {
        let (source, root, duplicates) = try parse("{\"a\": 1,\n \"a\": 2}")
        #expect(root["a"]?.text == "2")
        #expect(root.entries?.count == 2)
        #expect(duplicates.count == 1)
        #expect(source.position(of: duplicates[0].key.range.start).line == 2)
        #expect(source.position(of: duplicates[0].first.range.start).line == 1)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 1, 9, "expected a string key"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("{\"a\": tru}", 1, 7, "expected a JSON value"),
        ("\"abc", 1, 1, "unterminated string"),
        ("{\"a\": \"\\q\"}", 1, 8, "invalid escape"),
        ("01", 1, 2, "leading zeros"),
        ("{} []", 1, 4, "unexpected content"),
        ("", 1, 1, "unexpected end of input"),
        ("\"\\ud800\"", 1, 2, "unpaired surrogate"),
        ("\"a\tb\"", 1, 3, "control character"),
    ])
    func syntaxErrorsHaveAPositionAndAMessage(_ text: String, _ line: Int, _ column: Int, _ message: String) {
        let source = SourceFile(path: "t.json", text: text)
        #expect {
            try JSONParser.parse(source)
        } throws: { error in
            guard let error = error as? SyntaxError else { return false }
            let position = source.position(of: error.offset)
            return error.kind == .syntax && position.line == line && position.column == column && error.message.contains(message)
        }
    }

    @Test func nestingLimitIsAnInputLimitNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect {
            try JSONParser.parse(SourceFile(path: "t.json", text: deep))
        } throws: { error in
            (error as? SyntaxError)?.kind == .limit && (error as? SyntaxError)?.offset == ParseLimits.default.maxDepth
        }
    }
}

@Suite struct InputCheckTests {
    @Test(arguments: [
        ([0x7B, 0x00, 0x7D] as [UInt8], 1, "NUL"),
        ([0x7B, 0xFF, 0x7D], 1, "invalid UTF-8"),
        ([0x22, 0xC3], 1, "invalid UTF-8"),           // truncated sequence
        ([0xC0, 0xAF], 0, "invalid UTF-8"),           // overlong
        ([0xED, 0xA0, 0x80], 0, "invalid UTF-8"),     // UTF-16 surrogate
        ([0xFF, 0xFE, 0x7B, 0x00], 0, "UTF-16 (little-endian) text"),
        ([0xFE, 0xFF, 0x00, 0x7B], 0, "UTF-16 (big-endian) text"),
        ([0xFF, 0xFE, 0x00, 0x00, 0x7B, 0, 0, 0], 0, "UTF-32 (little-endian) text"),
    ])
    func rejectsBinaryAndInvalidUTF8(_ bytes: [UInt8], _ offset: Int, _ message: String) throws {
        let problem = try #require(InputCheck.validate(bytes))
        #expect(problem.kind == .limit && problem.offset == offset && problem.message.contains(message))
    }

    @Test func acceptsValidUTF8AndEnforcesTheSizeLimit() {
        #expect(InputCheck.validate(Array("{\"é\": \"😀\"}".utf8)) == nil)
        var limits = ParseLimits.default
        limits.maxFileSize = 4
        #expect(InputCheck.validate(Array("12345".utf8), limits: limits)?.message.contains("limit") == true)
    }
}

@Suite struct NumberRangeTests {
    @Test(arguments: [
        ("9223372036854775807", ScalarKind.integer, false),
        ("9223372036854775808", .integer, true),
        ("-9223372036854775808", .integer, false),
        ("-9223372036854775809", .integer, true),
        ("0x7FFFFFFFFFFFFFFF", .integer, false),
        ("0x8000000000000000", .integer, true),
        ("0o777777777777777777777", .integer, false),
        ("0o7777777777777777777777", .integer, true),
        ("+00000000000000000000001", .integer, false),  // long but small
        ("not-a-number-at-all-really", .integer, false),  // a badly tagged !!int is not an overflow
        ("1e308", .float, false),
        ("1e309", .float, true),
        ("-1e99999", .float, true),
        ("1e-99999", .float, false),  // underflow to zero is representable
        (".inf", .float, false),
        ("-.Inf", .float, false),
        ("99999999999999999999999", .string, false),
    ])
    func flagsOnlyWhatNo64BitNumberHolds(_ text: String, _ kind: ScalarKind, _ overflows: Bool) {
        #expect((NumberRange.problem(text, kind: kind) != nil) == overflows)
    }
}
