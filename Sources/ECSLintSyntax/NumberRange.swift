/// Numbers the grammar accepts but no 64-bit integer or float can hold (`1e999`,
/// `99999999999999999999`). Rules read such a value as unknown and would say nothing, so the
/// parsers report it as an input limit (ECS012) at the number instead.
public enum NumberRange {
    /// What is wrong with a resolved integer or float scalar, or nil when it is representable
    /// (or is not a number literal at all, e.g. a badly tagged `!!int abc`).
    public static func problem(_ text: String, kind: ScalarKind) -> String? {
        switch kind {
        case .integer:
            // Seventeen characters cannot overflow in any radix used here (0x + 15 hex digits is 60
            // bits): the common case costs nothing.
            guard text.utf8.count > 17, let (digits, radix) = integerDigits(text), Int64(digits, radix: radix) == nil else { return nil }
            return "integer \(abbreviated(text)) does not fit in 64 bits"
        case .float:
            // `.inf` is a deliberate YAML infinity, not an overflow.
            guard let value = Double(text), value.isInfinite, text.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            return "number \(abbreviated(text)) is too large for a 64-bit float"
        case .string, .bool, .null:
            return nil
        }
    }

    /// The signed digits and radix of a JSON or YAML 1.2 integer literal (`-12`, `+7`, `0x1F`, `0o17`).
    private static func integerDigits(_ text: String) -> (String, Int)? {
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        var radix = 10
        if body.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) } else if body.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        guard !body.isEmpty, body.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else { return nil }
        return (sign + body, radix)
    }

    private static func abbreviated(_ text: String) -> String {
        text.count <= 32 ? text : "\(text.prefix(24))… (\(text.utf8.count) characters)"
    }
}
