import ECSLintSyntax
import Testing

/// Lines and columns of byte offsets: characters (Unicode scalars) counted from the line start,
/// without the byte-order mark, whatever the line's length.
@Suite struct SourceFileTests {
    /// The definition, counted one byte at a time: the line and column of every offset, in
    /// one forward pass (a line starts after LF, CR LF or a lone CR; continuation bytes start
    /// no character).
    static func naivePositions(_ bytes: [UInt8]) -> [(line: Int, column: Int)] {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var positions = Array(repeating: (line: 1, column: 1), count: bytes.count + 1)
        var line = 1, column = 1
        for index in start..<bytes.count {
            positions[index] = (line, column)
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        positions[bytes.count] = (line, column)
        return positions
    }

    static let texts: [String] = [
        // One long line with multi-byte characters across many checkpoint blocks (minified JSON).
        "{" + (0..<3_000).map { #""k\#($0)": "é€😀x""# }.joined(separator: ",") + "}",
        // Many short lines, CR LF and lone CR.
        (0..<2_000).map { "line \($0) ü\r\n" }.joined() + "last\rline",
        "\u{FEFF}" + String(repeating: "añ", count: 700),
        "",
        String(repeating: "a", count: 1_024),
    ]

    @Test(arguments: texts.indices)
    func columnsCountCharactersFromTheLineStart(_ index: Int) {
        let bytes = Array(Self.texts[index].utf8)
        let source = SourceFile(path: "t.json", bytes: bytes)
        let positions = Self.naivePositions(bytes)
        // Every offset at a character boundary, the end of the file included.
        for offset in 0...bytes.count where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
            guard offset >= source.contentStart else { continue }
            let position = source.position(of: offset)
            let expected = positions[offset]
            #expect(position.line == expected.line && position.column == expected.column, "offset \(offset)")
            if position.line != expected.line || position.column != expected.column { return }
        }
    }
}
