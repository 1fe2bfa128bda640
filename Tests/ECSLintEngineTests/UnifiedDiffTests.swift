import ECSLintEngine
import Testing

/// `ecs-lint --diff` output: exactly `diff -u`'s shape on small cases, and on many generated
/// pairs a diff that, applied to the old text, gives the new one.
@Suite struct UnifiedDiffTests {
    static func diff(_ old: String, _ new: String) -> String {
        UnifiedDiff.render(old: Array(old.utf8), new: Array(new.utf8), oldPath: "t.json", newPath: "t.json")
    }

    @Test func equalTextsHaveNoDiff() {
        #expect(Self.diff("a\nb\n", "a\nb\n") == "")
        #expect(Self.diff("", "") == "")
    }

    @Test func oneChangedLineWithThreeLinesOfContext() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n"
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n"
        #expect(Self.diff(old, new) == """
        --- t.json
        +++ t.json
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +five
         6
         7
         8

        """)
    }

    @Test func distantChangesMakeTwoHunksAndCloseOnesOne() {
        let old = (1...20).map { "\($0)\n" }.joined()
        let twoHunks = old.replacingOccurrences(of: "2\n3\n", with: "2\nthree\n").replacingOccurrences(of: "\n18\n", with: "\neighteen\n")
        #expect(Self.diff(old, twoHunks).components(separatedBy: "\n@@ ").count == 3)
        #expect(Self.diff(old, twoHunks).contains("@@ -1,6 +1,6 @@\n"))
        #expect(Self.diff(old, twoHunks).contains("@@ -15,6 +15,6 @@\n"))
        // Six unchanged lines between two changes: their contexts touch, one hunk.
        let oneHunk = old.replacingOccurrences(of: "\n3\n", with: "\nthree\n").replacingOccurrences(of: "\n10\n", with: "\nten\n")
        #expect(Self.diff(old, oneHunk).components(separatedBy: "\n@@ ").count == 2)
        #expect(Self.diff(old, oneHunk).contains("@@ -1,13 +1,13 @@\n"))
    }

    @Test func filesWithoutTrailingNewline() {
        #expect(Self.diff("a\nb", "a\nc") == """
        --- t.json
        +++ t.json
        @@ -1,2 +1,2 @@
         a
        -b
        \\ No newline at end of file
        +c
        \\ No newline at end of file

        """)
        // Only the newline at the end changes.
        #expect(Self.diff("a\nb", "a\nb\n") == """
        --- t.json
        +++ t.json
        @@ -1,2 +1,2 @@
         a
        -b
        \\ No newline at end of file
        +b

        """)
        // The last line is unchanged context without a newline.
        #expect(Self.diff("x\na\nb", "y\na\nb") == """
        --- t.json
        +++ t.json
        @@ -1,3 +1,3 @@
        -x
        +y
         a
         b
        \\ No newline at end of file

        """)
    }

    @Test func insertionsAndDeletionsOfWholeTexts() {
        #expect(Self.diff("", "a\n") == "--- t.json\n+++ t.json\n@@ -0,0 +1 @@\n+a\n")
        #expect(Self.diff("a\nb\n", "") == "--- t.json\n+++ t.json\n@@ -1,2 +0,0 @@\n-a\n-b\n")
    }

    @Test func carriageReturnsStayInTheLines() {
        #expect(Self.diff("a\r\nb\r\n", "a\r\nc\r\n") == "--- t.json\n+++ t.json\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n")
    }

    /// Many generated pairs (a fixed pseudo-random sequence): the diff applied to the old text
    /// gives the new text, and its hunks keep no more than three lines of context at each end.
    @Test(arguments: 0..<200)
    func generatedDiffsApply(_ seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        let words = ["a", "b", "c", "d", "{", "}", "  \"x\": 1,", ""]
        var old = (0..<random.next(below: 40)).map { _ in words[random.next(below: words.count)] }
        var new = old
        for _ in 0..<random.next(below: 6) {
            switch random.next(below: 3) {
            case 0 where !new.isEmpty: new.remove(at: random.next(below: new.count))
            case 1: new.insert(words[random.next(below: words.count)], at: random.next(below: new.count + 1))
            default: if !new.isEmpty { new[random.next(below: new.count)] = "changed" }
            }
        }
        func text(_ lines: [String], newline: Bool) -> String { lines.isEmpty ? "" : lines.joined(separator: "\n") + (newline ? "\n" : "") }
        if old.isEmpty { old = ["only"] }
        let oldText = text(old, newline: random.next(below: 2) == 0), newText = text(new, newline: random.next(below: 2) == 0)
        let diff = Self.diff(oldText, newText)
        #expect(try Patch.apply(diff, to: oldText) == newText, "\(diff)")
    }
}

/// A small deterministic generator (SplitMix64), so the generated cases are the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return bound == 0 ? 0 : Int(z % UInt64(bound))
    }
}

/// Applies a unified diff the way `patch` does, strictly: context and removed lines must match,
/// line endings included (`\ No newline at end of file` takes the newline off the line before).
enum Patch {
    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    /// The text's lines, each with its `\n` (the last may have none).
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text.unicodeScalars {
            current.unicodeScalars.append(character)
            if character == "\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func apply(_ diff: String, to old: String) throws -> String {
        if diff.isEmpty { return old }
        let oldLines = lines(old)
        var diffLines = lines(diff)
        guard diffLines.count >= 2, diffLines[0].hasPrefix("--- "), diffLines[1].hasPrefix("+++ ") else {
            throw Mismatch(description: "no ---/+++ header")
        }
        diffLines.removeFirst(2)
        var output = ""
        var position = 0
        var index = 0
        while index < diffLines.count {
            let header = diffLines[index].dropLast()
            guard header.hasPrefix("@@ -"), header.hasSuffix(" @@") else { throw Mismatch(description: "bad hunk header \(header)") }
            let oldRange = header.dropFirst(4).split(separator: " ")[0].split(separator: ",").map { Int($0)! }
            let oldStart = oldRange[0], oldCount = oldRange.count > 1 ? oldRange[1] : 1
            let firstOld = oldCount == 0 ? oldStart : oldStart - 1
            guard firstOld >= position, firstOld <= oldLines.count else { throw Mismatch(description: "hunk at \(oldStart) out of order") }
            output += oldLines[position..<firstOld].joined()
            position = firstOld
            index += 1
            while index < diffLines.count, !diffLines[index].hasPrefix("@@ ") {
                let line = diffLines[index]
                var body = String(line.dropFirst())
                if index + 1 < diffLines.count, diffLines[index + 1].hasPrefix("\\ No newline at end of file") {
                    body.removeLast()
                    index += 1
                }
                switch line.first {
                case " ", "-":
                    guard position < oldLines.count, oldLines[position] == body else {
                        throw Mismatch(description: "old line \(position + 1) does not match the diff's \(body.debugDescription)")
                    }
                    position += 1
                    if line.first == " " { output += body }
                case "+":
                    output += body
                default:
                    throw Mismatch(description: "bad diff line \(line.debugDescription)")
                }
                index += 1
            }
        }
        return output + oldLines[position...].joined()
    }
}
