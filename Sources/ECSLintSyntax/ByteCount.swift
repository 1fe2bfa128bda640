/// Byte sizes as people write them in configuration and read them in messages.
public enum ByteCount {
    /// `8388608`, `8MiB`, `512KiB`, `5MB`, `200kB`; nil when it is none of those or not positive.
    public static func parse(_ text: String) -> Int? {
        let units: [(suffix: String, factor: Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
                                                      ("kB", 1000), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)]
        let trimmed = text.trimmingSpaces
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            let number = trimmed.dropLast(unit.suffix.count).trimmingSpaces
            guard let value = Int(number), value > 0 else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit.factor)
            return overflow ? nil : product
        }
        guard let value = Int(trimmed), value > 0 else { return nil }
        return value
    }

    /// The largest file-size limit one can set: a file is read whole into memory, and a limit
    /// beyond this only ever meant a device or a pipe read without end
    /// (`--max-file-size 9223372036854775807 /dev/zero`).
    public static let largestFileSizeLimit = 1 << 30

    /// A `max-file-size` setting as written, or why it is not one.
    public static func fileSizeLimit(_ text: String) -> Result<Int, FileSizeLimitError> {
        guard let size = parse(text) else {
            return .failure(FileSizeLimitError(message: "must be a size such as 8MiB, 500kB or 1048576 (bytes)"))
        }
        guard size <= largestFileSizeLimit else {
            return .failure(FileSizeLimitError(message: "must be at most \(describe(largestFileSizeLimit)), not \(describe(size))"))
        }
        return .success(size)
    }

    public struct FileSizeLimitError: Error, Sendable {
        public let message: String
    }

    /// `8 MiB (8,388,608 bytes)`, or just `123 bytes` below a KiB.
    public static func describe(_ count: Int) -> String {
        let bytes = "\(grouped(count)) byte\(count == 1 ? "" : "s")"
        if count >= 1 << 30 { return "\(oneDecimal(Double(count) / Double(1 << 30))) GiB (\(bytes))" }
        if count >= 1 << 20 { return "\(oneDecimal(Double(count) / Double(1 << 20))) MiB (\(bytes))" }
        if count >= 1 << 10 { return "\(oneDecimal(Double(count) / Double(1 << 10))) KiB (\(bytes))" }
        return bytes
    }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    private static func grouped(_ count: Int) -> String {
        var digits = String(count)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return digits
    }
}

private extension StringProtocol {
    var trimmingSpaces: Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " }), let last = text.lastIndex(where: { $0 != " " }) else { return "" }
        return text[first...last]
    }
}
