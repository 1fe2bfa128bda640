import ECSLintSyntax

/// Whether two canonical value trees say the same thing, whatever file and format they came from:
/// source ranges, written member names and key positions are ignored. This is the check that
/// verifies a conversion (and a fix): load the output again and compare it with what was meant.
///
/// Equal means: the same members in the same order with equal values (a member whose value is
/// null counts as absent: null is "not set" to the ECS API); numbers equal as numbers
/// (`8080`, `+8080` and `0x1F90` are one number, as YAML and JSON spell it differently); strings,
/// booleans and nulls equal; unresolved values of the same kind with equal text, or intrinsic
/// functions with the same function and equivalent arguments (`!GetAtt A.B` is
/// `{"Fn::GetAtt": ["A", "B"]}`, and `!Condition C` is `{"Condition": "C"}`).
public enum ModelComparison {
    /// Stricter comparisons, for fixes (which must keep what the author wrote) and tests.
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Members must also be spelled alike as written (`Image` is not `image` then).
        public static let writtenNames = Options(rawValue: 1 << 0)
        /// Members may come in another order (a writer that sorts keys).
        public static let anyMemberOrder = Options(rawValue: 1 << 1)
        /// Resources must have the same CloudFormation logical IDs and names.
        public static let resourceNames = Options(rawValue: 1 << 2)
    }

    public struct Difference: Sendable, CustomStringConvertible {
        /// Logical path of the value, as the expected tree names it.
        public let path: String
        public let expected: String
        public let actual: String
        public var description: String { "\(path.isEmpty ? "(root)" : path): expected \(expected), found \(actual)" }
    }

    /// The first `limit` places where `actual` differs from `expected`.
    public static func differences(expected: Value, actual: Value, options: Options = [], limit: Int = 20) -> [Difference] {
        var found: [Difference] = []
        compare(expected, actual, options: options, into: &found, limit: limit)
        return found
    }

    public static func equivalent(_ first: Value, _ second: Value, options: Options = []) -> Bool {
        differences(expected: first, actual: second, options: options, limit: 1).isEmpty
    }

    /// The first difference between two lists of resources (kind, properties and, with
    /// `.resourceNames`, names, in order), as `label: difference`; nil when they are the same.
    public static func difference(expected: [Resource], actual: [Resource], options: Options = []) -> String? {
        guard expected.count == actual.count else {
            return "\(expected.count) resource\(expected.count == 1 ? "" : "s") vs \(actual.count)"
        }
        for (left, right) in zip(expected, actual) {
            let label = left.logicalID ?? left.name ?? left.kind.rawValue
            guard left.kind == right.kind else { return "\(label): a \(left.kind.rawValue) vs a \(right.kind.rawValue)" }
            if options.contains(.resourceNames), left.logicalID != right.logicalID || left.name != right.name {
                return "\(label): named \(left.logicalID ?? left.name ?? "-") vs \(right.logicalID ?? right.name ?? "-")"
            }
            if let found = differences(expected: left.properties, actual: right.properties, options: options, limit: 1).first {
                return "\(label): \(found)"
            }
        }
        return nil
    }

    private static func compare(_ expected: Value, _ actual: Value, options: Options, into found: inout [Difference], limit: Int) {
        guard found.count < limit else { return }
        func differ() {
            found.append(Difference(path: expected.path, expected: summary(expected), actual: summary(actual)))
        }
        switch (expected.content, actual.content) {
        case (.string(let left), .string(let right)):
            if left != right { differ() }
        case (.number(let left), .number(let right)):
            if !sameNumber(left, right) { differ() }
        case (.bool(let left), .bool(let right)):
            if left != right { differ() }
        case (.null, .null):
            break
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { return differ() }
            for (item, other) in zip(left, right) { compare(item, other, options: options, into: &found, limit: limit) }
        case (.object(let allLeft), .object(let allRight)):
            // A null member is "not set" (ECS API), as is a missing one.
            var left = allLeft.filter { !$0.value.isNull }, right = allRight.filter { !$0.value.isNull }
            if options.contains(.anyMemberOrder) {
                left.sort { $0.name < $1.name }
                right.sort { $0.name < $1.name }
            }
            guard left.map(\.name) == right.map(\.name) else { return differ() }
            for (member, other) in zip(left, right) {
                if options.contains(.writtenNames), member.writtenName != other.writtenName {
                    found.append(Difference(path: member.value.path, expected: "written '\(member.writtenName)'", actual: "'\(other.writtenName)'"))
                    if found.count >= limit { return }
                    continue
                }
                compare(member.value, other.value, options: options, into: &found, limit: limit)
            }
        case (.unresolved(let left), .unresolved(let right)):
            if !sameUnresolved(left, right) { differ() }
        case (.unresolved(.intrinsic(let intrinsic)), .object), (.object, .unresolved(.intrinsic(let intrinsic))):
            // `!Condition C` in YAML is `{"Condition": "C"}` in JSON, which the loader reads as an object.
            let object = expected.unresolved == nil ? expected : actual
            guard intrinsic.function == "Condition", let members = object.members, members.count == 1, members[0].name == "Condition",
                  equivalent(intrinsic.argument, members[0].value) else { return differ() }
        default:
            differ()
        }
    }

    private static func sameUnresolved(_ left: Unresolved, _ right: Unresolved) -> Bool {
        switch (left, right) {
        case (.placeholder(let a), .placeholder(let b)), (.dynamicReference(let a), .dynamicReference(let b)):
            return a == b
        case (.objectReference(let a), .objectReference(let b)):
            return a == b
        case (.objectReference, .intrinsic(let reference)), (.intrinsic(let reference), .objectReference):
            // A Kubernetes reference written into a template as a `Ref` to the object's resource.
            return reference.function == "Ref"
        case (.intrinsic(let a), .intrinsic(let b)):
            guard a.function == b.function else { return false }
            if a.function == "Fn::GetAtt", let first = getAttParts(a.argument), let second = getAttParts(b.argument) {
                return first == second
            }
            return equivalent(a.argument, b.argument)
        default:
            return false
        }
    }

    /// `"A.B.C"` and `["A", "B.C"]` both name attribute `B.C` of `A`.
    private static func getAttParts(_ argument: Value) -> [String]? {
        if let text = argument.string, let dot = text.firstIndex(of: ".") {
            return [String(text[..<dot]), String(text[text.index(after: dot)...])]
        }
        if let items = argument.array, items.count == 2, let target = items[0].string, let attribute = items[1].string {
            return [target, attribute]
        }
        return nil
    }

    static func sameNumber(_ left: String, _ right: String) -> Bool {
        if left == right { return true }
        if let first = integer(left), let second = integer(right) { return first == second }
        if let first = Double(left.hasPrefix("+") ? String(left.dropFirst()) : left),
           let second = Double(right.hasPrefix("+") ? String(right.dropFirst()) : right) {
            return first == second
        }
        return false
    }

    /// A decimal, `0x` or `0o` integer with an optional sign, as JSON and YAML's core schema write them.
    public static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let magnitude: Int?
        if digits.hasPrefix("0x") {
            magnitude = Int(digits.dropFirst(2), radix: 16)
        } else if digits.hasPrefix("0o") {
            magnitude = Int(digits.dropFirst(2), radix: 8)
        } else if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            magnitude = Int(digits)
        } else {
            magnitude = nil
        }
        return magnitude.map { negative ? -$0 : $0 }
    }

    /// A short description of a value for a difference message; strings are not quoted in full.
    static func summary(_ value: Value) -> String {
        switch value.content {
        case .string(let text): return "string \"\(text.count > 40 ? text.prefix(40) + "…" : Substring(text))\""
        case .number(let text): return "number \(text)"
        case .bool(let flag): return "\(flag)"
        case .null: return "null"
        case .array(let items): return "a list of \(items.count)"
        case .object(let members): return "an object with \(members.count == 0 ? "no members" : members.map(\.name).joined(separator: ", "))"
        case .unresolved(.intrinsic(let intrinsic)): return intrinsic.function
        case .unresolved(.placeholder(let text)): return "placeholder \(text)"
        case .unresolved(.dynamicReference(let text)): return "dynamic reference \(text)"
        case .unresolved(.objectReference(let reference)): return "reference to \(reference.name ?? "a selected object")"
        }
    }
}

/// A value of a loaded file, by logical path and source range: two members with one key (a
/// duplicate) share a path but not a range.
public struct ValueLocation: Hashable, Sendable {
    public let path: String
    public let range: SourceRange
    public init(path: String, range: SourceRange) {
        self.path = path
        self.range = range
    }
    public init(_ value: Value) {
        self.init(path: value.path, range: value.range)
    }
}

extension Value {
    /// The same tree without the values at `locations` (members and list items removed; what
    /// follows a removed item moves up). Nil when this value itself is removed. Unresolved values
    /// are leaves: their arguments are not searched.
    public func removing(_ locations: Set<ValueLocation>) -> Value? {
        if locations.isEmpty { return self }
        if locations.contains(ValueLocation(self)) { return nil }
        switch content {
        case .array(let items):
            return Value(.array(items.compactMap { $0.removing(locations) }), range: range, path: path)
        case .object(let members):
            let kept = members.compactMap { member in
                member.value.removing(locations).map {
                    Value.Member(name: member.name, value: $0, writtenName: member.writtenName, keyRange: member.keyRange)
                }
            }
            return Value(.object(kept), range: range, path: path)
        default:
            return self
        }
    }
}
