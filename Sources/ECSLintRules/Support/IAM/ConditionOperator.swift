import ECSLintModel

/// An IAM condition operator as written (`StringEquals`, `ForAnyValue:StringLike`,
/// `ArnLikeIfExists`): the set qualifier, the base operator and the `IfExists` suffix.
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
struct ConditionOperator {
    /// Every base operator IAM knows, as AWS spells them.
    static let names = [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
    ]
    static let qualifiers = ["ForAllValues", "ForAnyValue"]

    /// The operators that hold only when the key has one of the values: the ones that can
    /// narrow an `Allow` to named principals or accounts.
    static let positiveMatches: Set = ["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"]

    let text: String
    /// `ForAllValues` or `ForAnyValue` as written, when the operator has a `…:` prefix.
    let qualifier: String?
    /// The operator without its qualifier and `IfExists`.
    let base: String
    let ifExists: Bool

    init(_ text: String) {
        self.text = text
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":") {
            qualifier = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        } else {
            qualifier = nil
        }
        let suffix = "IfExists"
        if rest.count > suffix.count, rest.lowercased().hasSuffix(suffix.lowercased()) {
            ifExists = true
            rest = rest.dropLast(suffix.count)
        } else {
            ifExists = false
        }
        base = String(rest)
    }

    /// The base operator as AWS spells it; nil when IAM has no such operator. Compared without
    /// regard to case: ecs-lint does not report a spelling IAM may accept.
    var knownBase: String? {
        let lowered = base.lowercased()
        return Self.names.first { $0.lowercased() == lowered }
    }

    /// Whether IAM accepts the operator: a known base, a known qualifier, and no `IfExists` on
    /// `Null` (which tests existence itself).
    var isKnown: Bool {
        guard let known = knownBase else { return false }
        if let qualifier, !Self.qualifiers.contains(where: { $0.lowercased() == qualifier.lowercased() }) { return false }
        return !(ifExists && known == "Null")
    }

    /// Whether the test holds only when the key is present and equal to (or like) one of the
    /// values. `IfExists` also holds when the key is missing, and `ForAllValues:` holds for an
    /// empty set of values, so neither narrows anything.
    var matchesPositively: Bool {
        guard !ifExists, Self.positiveMatches.contains(base.lowercased()) else { return false }
        return qualifier == nil || qualifier?.lowercased() == "foranyvalue"
    }
}

extension PolicyStatement.Condition {
    /// Whether the test narrows its key to named values: a positive match whose every value is
    /// something other than wildcards (an ARN needs a literal account: `arn:aws:iam::*:role/x`
    /// matches a role anyone can create in their own account). An unresolved value (a `Ref` to
    /// the template's account) is unknown and counts as narrowing: ecs-lint stays silent on it.
    var narrows: Bool {
        guard ConditionOperator(`operator`).matchesPositively, !values.isEmpty else { return false }
        return values.allSatisfy { value in
            if value.isUnresolved { return true }
            guard let text = value.string ?? value.scalarText else { return false }
            if text.allSatisfy({ $0 == "*" || $0 == "?" }) { return false }
            let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if parts.count == 6, parts[0] == "arn", parts[4].contains(where: { $0 == "*" || $0 == "?" }) { return false }
            return true
        }
    }
}

extension PolicyStatement {
    /// The conditions that narrow an `Allow` on one of `keys` (lower-case; a key ending in `/`
    /// stands for every key it starts, `aws:principaltag/`).
    func narrowingConditions(on keys: Set<String>) -> [Condition] {
        conditions.filter { condition in
            let key = condition.normalizedKey
            let named = keys.contains(key) || keys.contains { $0.hasSuffix("/") && key.hasPrefix($0) }
            return named && condition.narrows
        }
    }

    /// Whether the `Condition` block has tests that cannot be read (an `Fn::If` in place of the
    /// block or of an operator's keys): a condition that may narrow the statement is unknown.
    /// Unresolved values of a readable key are not: the key says what the test is about.
    var hasUnreadableConditions: Bool {
        guard let conditionValue else { return false }
        guard let tests = conditionValue.members else { return true }
        return tests.contains { $0.value.members == nil }
    }
}
