import Synchronization

/// A file's bytes plus the line table that turns byte offsets into 1-based line/column positions.
///
/// Nodes store byte offsets only; lines and columns are computed on demand so that parsing never
/// pays for positions nobody asks for. Columns count Unicode scalars (as libyaml does), and a
/// leading UTF-8 byte-order mark is not counted.
public final class SourceFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Offset of the first byte after a UTF-8 BOM (0 or 3).
    public let contentStart: Int
    public let lineBreaks: LineBreaks

    public enum LineBreaks: Sendable {
        /// LF, CR LF and a lone CR.
        case json
        /// YAML 1.1 breaks as libyaml counts them: LF, CR LF, CR, NEL, LS, PS.
        case yaml
    }

    public init(path: String, bytes: [UInt8], lineBreaks: LineBreaks = .json) {
        self.path = path
        self.bytes = bytes
        self.contentStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.lineBreaks = lineBreaks
    }

    public convenience init(path: String, text: String, lineBreaks: LineBreaks = .json) {
        self.init(path: path, bytes: Array(text.utf8), lineBreaks: lineBreaks)
    }

    public func withLineBreaks(_ breaks: LineBreaks) -> SourceFile {
        breaks == lineBreaks ? self : SourceFile(path: path, bytes: bytes, lineBreaks: breaks)
    }

    /// Start offsets of every line, computed on first use: parsing needs none, and a file with
    /// no findings never pays for them. The lock lets threads share one file.
    public var lineStarts: [Int] { positionTable.starts }

    /// The line starts, and how many characters (Unicode scalars) precede every
    /// `checkpointSpacing`-th byte: a column is then found by counting at most that many bytes,
    /// not the whole line, so many findings on one long line (minified JSON, a Terraform plan)
    /// cost linear time, not quadratic.
    private struct PositionTable {
        let starts: [Int]
        let scalarsBeforeCheckpoint: [Int]
    }

    private static let checkpointSpacing = 512

    private var positionTable: PositionTable {
        lineTable.withLock { table in
            if let table { return table }
            let computed = PositionTable(starts: SourceFile.computeLineStarts(bytes, from: contentStart, breaks: lineBreaks),
                                         scalarsBeforeCheckpoint: SourceFile.computeCheckpoints(bytes))
            table = computed
            return computed
        }
    }

    private let lineTable = Mutex<PositionTable?>(nil)

    private static func computeCheckpoints(_ bytes: [UInt8]) -> [Int] {
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / checkpointSpacing + 1)
        var scalars = 0
        bytes.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count {
                if index % checkpointSpacing == 0 { checkpoints.append(scalars) }
                // Continuation bytes (10xxxxxx) do not start a character.
                if buffer[index] & 0xC0 != 0x80 { scalars += 1 }
            }
        }
        // The end of the file is a position too.
        if bytes.count % checkpointSpacing == 0 { checkpoints.append(scalars) }
        return checkpoints
    }

    /// Characters in `bytes[0..<offset]`.
    private func scalars(before offset: Int, _ checkpoints: [Int]) -> Int {
        let block = offset / Self.checkpointSpacing
        var count = checkpoints[block]
        var index = block * Self.checkpointSpacing
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    private static func computeLineStarts(_ bytes: [UInt8], from contentStart: Int, breaks lineBreaks: LineBreaks) -> [Int] {
        var starts = [contentStart]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            var index = contentStart
            let count = buffer.count
            while index < count {
                let byte = buffer[index]
                if byte == 0x0A {
                    starts.append(index + 1)
                } else if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(index + 1)
                } else if lineBreaks == .yaml, byte == 0xC2, index + 1 < count, buffer[index + 1] == 0x85 {
                    index += 1
                    starts.append(index + 1)
                } else if lineBreaks == .yaml, byte == 0xE2, index + 2 < count, buffer[index + 1] == 0x80,
                          buffer[index + 2] == 0xA8 || buffer[index + 2] == 0xA9 {
                    index += 2
                    starts.append(index + 1)
                }
                index += 1
            }
        }
        return starts
    }

    /// 1-based line and column of a byte offset.
    public func position(of offset: Int) -> SourcePosition {
        let table = positionTable
        let starts = table.starts
        let clamped = max(contentStart, min(offset, bytes.count))
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let column = 1 + scalars(before: clamped, table.scalarsBeforeCheckpoint)
            - scalars(before: starts[low], table.scalarsBeforeCheckpoint)
        return SourcePosition(offset: clamped, line: low + 1, column: column)
    }

    public func range(_ range: SourceRange) -> (start: SourcePosition, end: SourcePosition) {
        (position(of: range.start), position(of: range.end))
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return text(SourceRange(start: start, end: end))
    }

    /// The source text of a byte range (lossy only for invalid UTF-8, which never gets this far).
    public func text(_ range: SourceRange) -> String {
        let lower = max(0, min(range.start, bytes.count)), upper = max(lower, min(range.end, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}

/// A half-open byte range in a `SourceFile`.
public struct SourceRange: Hashable, Sendable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let line: Int
    public let column: Int
    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}
