/// Checks every file passes before either parser sees it: size, binary content, strict UTF-8.
/// Each failure is a `.limit` error (ECS012) at the first offending byte.
public enum InputCheck {
    public static func validate(_ bytes: [UInt8], limits: ParseLimits = .default) -> SyntaxError? {
        if bytes.count > limits.maxFileSize {
            return SyntaxError(.limit, "file is \(ByteCount.describe(bytes.count)), over the \(ByteCount.describe(limits.maxFileSize)) limit (limits.max-file-size, --max-file-size)", at: 0)
        }
        if let encoding = otherUnicodeEncoding(bytes) {
            return SyntaxError(.limit, "\(encoding) text (it starts with a byte-order mark); ecs-lint reads UTF-8 only: save the file as UTF-8", at: 0)
        }
        return bytes.withUnsafeBufferPointer { firstProblem(in: $0) }
    }

    /// Editors on Windows save UTF-16 readily; its NUL bytes would otherwise read as binary content.
    private static func otherUnicodeEncoding(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE, 0, 0]) { return "UTF-32 (little-endian)" }
        if bytes.starts(with: [0, 0, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        return nil
    }

    private static func firstProblem(in buffer: UnsafeBufferPointer<UInt8>) -> SyntaxError? {
        let count = buffer.count
        var index = 0
        while index < count {
            let byte = buffer[index]
            if byte < 0x80 {
                if byte == 0 {
                    return SyntaxError(.limit, "binary content: NUL byte; not a text file", at: index)
                }
                index += 1
                continue
            }
            let length: Int
            var lowerBound: UInt8 = 0x80, upperBound: UInt8 = 0xBF
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lowerBound = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upperBound = 0x9F  // no UTF-16 surrogates
            case 0xF0: length = 4; lowerBound = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upperBound = 0x8F  // nothing above U+10FFFF
            default: return invalid(at: index)
            }
            guard index + length <= count else { return invalid(at: index) }
            let second = buffer[index + 1]
            guard second >= lowerBound, second <= upperBound else { return invalid(at: index) }
            for next in 2..<length where buffer[index + next] & 0xC0 != 0x80 { return invalid(at: index) }
            index += length
        }
        return nil
    }

    private static func invalid(at offset: Int) -> SyntaxError {
        SyntaxError(.limit, "invalid UTF-8 byte sequence; ecs-lint reads UTF-8 text only", at: offset)
    }
}
