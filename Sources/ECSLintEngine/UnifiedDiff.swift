/// A unified diff of two texts (`diff -u`, what `ecs-lint --diff` prints): `---`/`+++` with the
/// path, `@@` hunks with three lines of context, and `\ No newline at end of file` where a text
/// ends without one, so `patch -p0` and `git apply -p0` apply it.
public enum UnifiedDiff {
    public static let contextLines = 3

    /// Empty when the texts are equal.
    public static func render(old: [UInt8], new: [UInt8], oldPath: String, newPath: String, context: Int = contextLines) -> String {
        guard old != new else { return "" }
        let a = lines(old), b = lines(new)
        let script = editScript(a, b)
        var output = "--- \(oldPath)\n+++ \(newPath)\n"
        for hunk in hunks(script, context: context) {
            output += hunk.header
            for line in hunk.lines {
                output += line.marker + line.text.text
                if !line.text.endsWithNewline { output += "\n\\ No newline at end of file" }
                output += "\n"
            }
        }
        return output
    }

    /// One line with its line break (`\n`, or `\r\n` kept as written); the last line may have none.
    struct Line: Equatable {
        let bytes: ArraySlice<UInt8>
        var endsWithNewline: Bool { bytes.last == 0x0A }
        /// The line without its `\n` (a `\r` stays, as diff prints it).
        var text: String { String(decoding: endsWithNewline ? bytes.dropLast() : bytes, as: UTF8.self) }
    }

    static func lines(_ bytes: [UInt8]) -> [Line] {
        var result: [Line] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x0A {
            result.append(Line(bytes: bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { result.append(Line(bytes: bytes[start...])) }
        return result
    }

    enum Operation: Equatable { case keep, delete, insert }

    struct Step {
        let operation: Operation
        /// Where the step is in the old and the new lines (for an insertion, the old line it
        /// comes before; for a deletion, the new line).
        let oldIndex: Int
        let newIndex: Int
        let line: Line
    }

    /// The shortest edit script (Myers' O((N+M)D) algorithm) between the lines after their common
    /// start and end; when the texts differ in more than `maximumDistance` lines, the middle is
    /// replaced as one block (still a correct diff, just not the smallest).
    static func editScript(_ a: [Line], _ b: [Line], maximumDistance: Int = 2048) -> [Step] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var steps: [Step] = (0..<prefix).map { Step(operation: .keep, oldIndex: $0, newIndex: $0, line: a[$0]) }
        let oldMiddle = prefix..<(a.count - suffix), newMiddle = prefix..<(b.count - suffix)
        steps += middle(a, oldMiddle, b, newMiddle, maximumDistance: maximumDistance)
            ?? oldMiddle.map { Step(operation: .delete, oldIndex: $0, newIndex: newMiddle.lowerBound, line: a[$0]) }
                + newMiddle.map { Step(operation: .insert, oldIndex: oldMiddle.upperBound, newIndex: $0, line: b[$0]) }
        steps += (0..<suffix).map {
            Step(operation: .keep, oldIndex: a.count - suffix + $0, newIndex: b.count - suffix + $0, line: a[a.count - suffix + $0])
        }
        return steps
    }

    private static func middle(_ a: [Line], _ oldRange: Range<Int>, _ b: [Line], _ newRange: Range<Int>, maximumDistance: Int) -> [Step]? {
        let n = oldRange.count, m = newRange.count
        let maxD = n + m
        guard maxD > 0 else { return [] }
        let offset = maxD
        var v = [Int](repeating: 0, count: 2 * maxD + 2)
        // Each step keeps only the diagonals it can have reached (k in -d...d), so the trace
        // holds about D² numbers, not D × (n + m).
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...min(maxD, maximumDistance) {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[oldRange.lowerBound + x] == b[newRange.lowerBound + y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    found = true
                    break outer
                }
            }
        }
        guard found else { return nil }
        // Walk back through the trace.
        var steps: [Step] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let row = trace[d]
            func reached(_ k: Int) -> Int { row[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && reached(k - 1) < reached(k + 1))) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : reached(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                steps.append(Step(operation: .keep, oldIndex: oldRange.lowerBound + x, newIndex: newRange.lowerBound + y,
                                  line: a[oldRange.lowerBound + x]))
            }
            if d > 0 {
                if x == previousX {
                    y -= 1
                    steps.append(Step(operation: .insert, oldIndex: oldRange.lowerBound + x, newIndex: newRange.lowerBound + y,
                                      line: b[newRange.lowerBound + y]))
                } else {
                    x -= 1
                    steps.append(Step(operation: .delete, oldIndex: oldRange.lowerBound + x, newIndex: newRange.lowerBound + y,
                                      line: a[oldRange.lowerBound + x]))
                }
            }
        }
        return steps.reversed()
    }

    struct Hunk {
        let header: String
        let lines: [(marker: String, text: Line)]
    }

    /// Groups changes with `context` lines around them; changes closer than twice that share a hunk.
    static func hunks(_ steps: [Step], context: Int) -> [Hunk] {
        let changed = steps.indices.filter { steps[$0].operation != .keep }
        guard !changed.isEmpty else { return [] }
        var groups: [ClosedRange<Int>] = []
        var start = changed[0], end = changed[0]
        for index in changed.dropFirst() {
            if index - end - 1 <= 2 * context {
                end = index
            } else {
                groups.append(start...end)
                start = index
                end = index
            }
        }
        groups.append(start...end)
        return groups.map { group in
            let first = max(0, group.lowerBound - context), last = min(steps.count - 1, group.upperBound + context)
            let slice = steps[first...last]
            let oldCount = slice.filter { $0.operation != .insert }.count
            let newCount = slice.filter { $0.operation != .delete }.count
            // A range's start is its first line, or the line before it when it is empty.
            let oldStart = oldCount == 0 ? slice.first!.oldIndex : slice.first { $0.operation != .insert }!.oldIndex + 1
            let newStart = newCount == 0 ? slice.first!.newIndex : slice.first { $0.operation != .delete }!.newIndex + 1
            func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
            let header = "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            return Hunk(header: header, lines: slice.map { step in
                switch step.operation {
                case .keep: return (" ", step.line)
                case .delete: return ("-", step.line)
                case .insert: return ("+", step.line)
                }
            })
        }
    }
}
