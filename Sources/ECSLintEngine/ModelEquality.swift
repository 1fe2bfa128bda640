import ECSLintModel

/// Whether two canonical models say the same thing, whatever text they were read from: value
/// trees are compared by content, never by source range. A fix is checked this way against the
/// model its example expects, and a conversion against the model it started from (the check
/// that verifies a fix is the one that verifies a conversion, ANCHORS.md §B7).
public enum ModelEquality {
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Members must also be written the same way (`Image` vs `image` in a template): a fix
        /// that renames a key changes nothing else.
        public static let writtenNames = Options(rawValue: 1 << 0)
        /// Members may come in another order (a writer that sorts keys).
        public static let anyMemberOrder = Options(rawValue: 1 << 1)
        /// Resources must have the same CloudFormation logical IDs and names.
        public static let resourceNames = Options(rawValue: 1 << 2)
    }

    /// Nil when the values are equal; otherwise the first difference, as "path: what differs".
    public static func difference(_ left: Value, _ right: Value, options: Options = []) -> String? {
        func describe(_ value: Value) -> String {
            switch value.content {
            case .string(let text): return "\"\(text)\""
            case .number(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            case .null: return "null"
            case .array(let items): return "a list of \(items.count)"
            case .object(let members): return "an object with \(members.map(\.writtenName).joined(separator: ", "))"
            case .unresolved(.intrinsic(let intrinsic)): return intrinsic.function
            case .unresolved(.placeholder(let text)): return "placeholder \(text)"
            case .unresolved(.dynamicReference(let text)): return "dynamic reference \(text)"
            case .unresolved(.objectReference(let reference)): return "reference to \(reference.name ?? "a selected object")"
            }
        }
        func differs(_ detail: String? = nil) -> String {
            "\(left.path.isEmpty ? "the resource" : left.path): \(detail ?? "\(describe(left)) vs \(describe(right))")"
        }
        switch (left.content, right.content) {
        case (.string(let a), .string(let b)), (.number(let a), .number(let b)):
            return a == b ? nil : differs()
        case (.bool(let a), .bool(let b)):
            return a == b ? nil : differs()
        case (.null, .null):
            return nil
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return differs() }
            for (x, y) in zip(a, b) {
                if let found = difference(x, y, options: options) { return found }
            }
            return nil
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return differs() }
            let pairs: [(Value.Member, Value.Member)]
            if options.contains(.anyMemberOrder) {
                let sortedA = a.sorted { $0.name < $1.name }, sortedB = b.sorted { $0.name < $1.name }
                pairs = Array(zip(sortedA, sortedB))
            } else {
                pairs = Array(zip(a, b))
            }
            for (x, y) in pairs {
                guard x.name == y.name else { return differs("member '\(x.name)' vs '\(y.name)'") }
                if options.contains(.writtenNames), x.writtenName != y.writtenName {
                    return differs("member written '\(x.writtenName)' vs '\(y.writtenName)'")
                }
                if let found = difference(x.value, y.value, options: options) { return found }
            }
            return nil
        case (.unresolved(let a), .unresolved(let b)):
            switch (a, b) {
            case (.intrinsic(let x), .intrinsic(let y)):
                guard x.function == y.function, x.template == y.template else { return differs() }
                return difference(x.argument, y.argument, options: options)
            case (.placeholder(let x), .placeholder(let y)), (.dynamicReference(let x), .dynamicReference(let y)):
                return x == y ? nil : differs()
            case (.objectReference(let x), .objectReference(let y)):
                return x == y ? nil : differs()
            default:
                return differs()
            }
        default:
            return differs()
        }
    }

    /// Nil when both lists hold the same resources (kind and properties, in order).
    public static func difference(_ left: [Resource], _ right: [Resource], options: Options = []) -> String? {
        guard left.count == right.count else {
            return "\(left.count) resource\(left.count == 1 ? "" : "s") vs \(right.count)"
        }
        for (a, b) in zip(left, right) {
            let label = a.logicalID ?? a.name ?? a.kind.rawValue
            guard a.kind == b.kind else { return "\(label): a \(a.kind.rawValue) vs a \(b.kind.rawValue)" }
            if options.contains(.resourceNames), a.logicalID != b.logicalID || a.name != b.name {
                return "\(label): named \(a.logicalID ?? a.name ?? "-") vs \(b.logicalID ?? b.name ?? "-")"
            }
            if let found = difference(a.properties, b.properties, options: options) { return "\(label): \(found)" }
        }
        return nil
    }
}
