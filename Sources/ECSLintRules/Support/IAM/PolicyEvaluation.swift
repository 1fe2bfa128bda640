import ECSLintModel

/// Yes, no, or cannot be known statically (a policy variable, an unresolved value, a resource
/// whose region or account the task definition does not say).
enum Match: Equatable {
    case yes, no, unknown

    var negated: Match {
        switch self {
        case .yes: return .no
        case .no: return .yes
        case .unknown: return .unknown
        }
    }

    static func && (left: Match, right: Match) -> Match {
        if left == .no || right == .no { return .no }
        if left == .unknown || right == .unknown { return .unknown }
        return .yes
    }
}

/// IAM's wildcard matching: `*` any run of characters, `?` one character. Actions compare
/// without regard to case, resources (ARNs) with it.
enum IAMPattern {
    static func matches(_ pattern: String, _ text: String, caseSensitive: Bool) -> Bool {
        let pattern = Array((caseSensitive ? pattern : pattern.lowercased()).unicodeScalars)
        let text = Array((caseSensitive ? text : text.lowercased()).unicodeScalars)
        return glob(pattern, text, same: ==)
    }

    /// Linear-time glob matching with one backtrack point (the last `*`); `same` says whether a
    /// pattern character matches a text character (IAM006 lets a placeholder match letters).
    static func glob(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar], same: (Unicode.Scalar, Unicode.Scalar) -> Bool) -> Bool {
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == "?" || same(pattern[p], text[t]) {
                p += 1; t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p; mark = t; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// Whether an `Action` pattern covers `action` (`service:Name`).
    static func actionMatches(_ pattern: String, _ action: String) -> Bool {
        pattern == "*" || matches(pattern, action, caseSensitive: false)
    }

    /// Whether a `Resource` pattern covers a resource. The resource may leave parts unknown
    /// (`nil`: the region and account of an SSM parameter given by name); a pattern then covers
    /// it only when its part is `*`. Policy variables (`${aws:username}`) make the answer unknown.
    static func resourceMatches(_ pattern: String, _ resource: ResourceName) -> Match {
        if pattern == "*" { return .yes }
        if pattern.contains("${") { return .unknown }
        let parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6 else {
            // A short pattern (`arn:aws:ssm:*`): its last part's `*` may span the rest.
            if matches(pattern, resource.text, caseSensitive: true) { return .yes }
            guard resource.parts.contains(where: { $0 == nil }) else { return .no }
            // With parts unknown, only a known part before the last that differs says no.
            for (index, part) in parts.dropLast().enumerated() {
                if let known = resource.parts[index], !matches(part, known, caseSensitive: true) { return .no }
            }
            return .unknown
        }
        var result = Match.yes
        for (index, part) in parts.enumerated() {
            if let known = resource.parts[index] {
                if !matches(part, known, caseSensitive: true) { return .no }
            } else if !part.allSatisfy({ $0 == "*" }) {
                result = .unknown
            }
        }
        return result
    }
}

/// An ARN to test against `Resource` patterns; parts the input does not say are nil.
struct ResourceName: CustomStringConvertible {
    /// partition, service, region, account, resource (the resource part may hold colons), as
    /// six entries: `arn`, partition, service, region, account, resource.
    let parts: [String?]

    init?(arn: String) {
        let split = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard split.count == 6, split[0] == "arn" else { return nil }
        parts = split
    }

    init(service: String, resource: String, partition: String? = nil, region: String? = nil, account: String? = nil) {
        parts = ["arn", partition, service, region, account, resource]
    }

    var text: String { parts.map { $0 ?? "*" }.joined(separator: ":") }
    var description: String { text }
}

/// What a set of policy documents says about one action on one resource.
enum Decision: Equatable {
    /// An `Allow` matches without conditions, and no `Deny` matches.
    case allowed
    /// Only statements with conditions allow it (or a conditional `Deny` may refuse it): the
    /// conditions are shown, not guessed.
    case allowedWithConditions([String])
    /// An unconditional `Deny` matches.
    case denied
    /// No statement allows it, and every statement is known.
    case notAllowed
    /// A statement that may match cannot be read (unresolved action, resource, effect).
    case unknown
}

enum PolicyEvaluation {
    /// The decision of `documents` (all the identity policies of one principal) for `action` on
    /// `resource` (nil: any resource the action is asked for, i.e. only `Resource: "*"`-style
    /// patterns that cover everything count). `complete`: whether the documents are all the
    /// principal has; when not, nothing is `notAllowed`, only `unknown`.
    static func decide(_ action: String, on resource: ResourceName?, in documents: [PolicyDocument], complete: Bool) -> Decision {
        var allowed = false
        var conditions: [String] = []
        var maybe = !complete
        var maybeDenied = false
        for document in documents {
            if !document.unresolvedStatements.isEmpty { maybe = true }
            for statement in document.statements {
                let match = matches(statement, action: action, resource: resource)
                guard match != .no else { continue }
                let conditional = statement.conditionValue != nil
                if statement.isDeny {
                    if match == .yes, !conditional { return .denied }
                    // A Deny that may match: the answer is no longer sure either way.
                    if match == .unknown, !conditional { maybeDenied = true; continue }
                    conditions += statement.conditions.map { "unless denied when \($0.text)" }
                } else if statement.isAllow {
                    if match == .unknown { maybe = true; continue }
                    if conditional {
                        conditions += statement.conditions.map(\.text)
                        if statement.conditions.isEmpty { maybe = true }
                    } else {
                        allowed = true
                    }
                } else {
                    maybe = true  // an unresolved or misspelt Effect
                }
            }
        }
        // An unconditional Allow makes conditional Allows moot; only a conditional Deny can
        // still refuse it.
        if allowed, maybeDenied { return .unknown }
        if allowed {
            let denials = conditions.filter { $0.hasPrefix("unless ") }
            return denials.isEmpty ? .allowed : .allowedWithConditions(denials)
        }
        if !conditions.isEmpty, !conditions.allSatisfy({ $0.hasPrefix("unless ") }) { return .allowedWithConditions(conditions) }
        return maybe ? .unknown : .notAllowed
    }

    /// Whether a statement's action and resource elements cover the request.
    static func matches(_ statement: PolicyStatement, action: String, resource: ResourceName?) -> Match {
        guard let actions = statement.actions else { return .no }
        var actionMatch: Match = actions.strings.contains { IAMPattern.actionMatches($0, action) } ? .yes : .no
        if actionMatch == .no, !actions.unresolved.isEmpty { actionMatch = .unknown }
        if actions.negated { actionMatch = actionMatch.negated }
        guard actionMatch != .no else { return .no }
        guard let resources = statement.resources else { return .no }
        var resourceMatch: Match = .no
        for pattern in resources.strings {
            let match: Match = resource.map { IAMPattern.resourceMatches(pattern, $0) } ?? (pattern == "*" ? .yes : .no)
            if match == .yes { resourceMatch = .yes; break }
            if match == .unknown { resourceMatch = .unknown }
        }
        if resourceMatch == .no, !resources.unresolved.isEmpty { resourceMatch = .unknown }
        if resources.negated {
            // A request without a resource of its own (an action that takes only `*`): a
            // `NotResource` that excludes `*` leaves it out; one that names ARNs is not sure.
            if resource == nil {
                resourceMatch = resources.strings.contains("*") ? .no : .unknown
            } else {
                resourceMatch = resourceMatch.negated
            }
        }
        return actionMatch && resourceMatch
    }
}
