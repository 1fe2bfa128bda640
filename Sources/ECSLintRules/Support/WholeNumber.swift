import ECSLintModel

/// A whole number (a port, a percentage) as written: JSON numbers, and numbers as strings in
/// CloudFormation (`"8080"`). Nil when unknown (unresolved, not a whole number).
enum WholeNumber {
    static func of(_ value: Value?) -> Int? {
        guard let value else { return nil }
        switch value.content {
        case .number(let text), .string(let text):
            if let number = Int(text) { return number }
            // `8080.0` is a whole number; anything else is ECS004's wrong type.
            if let number = Double(text), number == number.rounded(), abs(number) < 1e9 { return Int(number) }
            return nil
        default:
            return nil
        }
    }
}
