/// Picks rules the way `select`, `ignore`, `severity` and suppressions name them: an exact code
/// (`ECS201`), a rule name (`privileged-container`), a code prefix (`ECS2`, `IAM`), `ALL`,
/// `security-hub` (the rules that implement an AWS Security Hub ECS control) or one control
/// (`ECS.4`).
public struct RuleSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case all
        case code(String)
        case name(String)
        case prefix(String)
        /// Every rule that implements a Security Hub control.
        case securityHub
        /// The rules that implement one Security Hub control (`ECS.4`).
        case securityHubControl(String)
    }

    /// The name of the Security Hub preset.
    public static let securityHubPreset = "security-hub"

    public let kind: Kind
    public let text: String

    public var description: String { text }

    /// Parses `text` against the catalog; nil when it names no rule (callers say so with a
    /// suggestion from `RuleSelector.suggestion`).
    public init?(_ text: String, catalog: RuleCatalog) {
        let trimmed = text.trimmingWhitespace
        self.text = trimmed
        let upper = trimmed.uppercased()
        if upper == "ALL" {
            kind = .all
        } else if trimmed.lowercased() == Self.securityHubPreset {
            kind = .securityHub
        } else if RuleDescription.isSecurityHubControl(upper), catalog.rules.contains(where: { $0.securityHubControls.contains(upper) }) {
            kind = .securityHubControl(upper)
        } else if let rule = catalog.rules.first(where: { $0.code == upper }) {
            kind = .code(rule.code)
        } else if let rule = catalog.rules.first(where: { $0.name == trimmed.lowercased() }) {
            kind = .name(rule.name)
        } else if !upper.isEmpty, upper.first!.isLetter, catalog.rules.contains(where: { $0.code.hasPrefix(upper) }) {
            kind = .prefix(upper)
        } else {
            return nil
        }
    }

    public func matches(_ rule: RuleDescription) -> Bool {
        switch kind {
        case .all: return true
        case .code(let code): return rule.code == code
        case .name(let name): return rule.name == name
        case .prefix(let prefix): return rule.code.hasPrefix(prefix)
        case .securityHub: return !rule.securityHubControls.isEmpty
        case .securityHubControl(let control): return rule.securityHubControls.contains(control)
        }
    }

    /// Names exactly one rule (a code or a name), as opposed to a group.
    public var isExact: Bool {
        switch kind {
        case .code, .name: return true
        case .all, .prefix, .securityHub, .securityHubControl: return false
        }
    }

    /// Selects rules that are off by default too: `ALL`, a preset and a control name rules by
    /// what they are for, as an exact code or name does, not by where they are filed.
    public var enablesRulesOffByDefault: Bool {
        switch kind {
        case .all, .securityHub, .securityHubControl, .code, .name: return true
        case .prefix: return false
        }
    }

    /// Longer prefixes are more specific; exact codes and names beat every prefix, so
    /// `ignore: [ECS2]` with `select: [ECS201]` keeps ECS201 (ruff's rule).
    public var specificity: Int {
        switch kind {
        case .all: return 0
        // A named set says more than any code prefix (`ignore: [security-hub]` wins over
        // `select: [ECS]`), less than an exact code.
        case .securityHub: return 100
        case .securityHubControl: return 200
        case .prefix(let prefix): return prefix.count
        case .code, .name: return 1_000
        }
    }

    /// "did you mean …?" for a selector that matched nothing.
    public static func suggestion(for text: String, catalog: RuleCatalog) -> String? {
        Suggestion.closest(to: text, among: catalog.rules.flatMap { [$0.code, $0.name] } + [securityHubPreset], ignoringCase: true)
    }
}

/// Picks the closest known word for "did you mean" hints.
public enum Suggestion {
    /// The candidate within an edit distance of about a third of its length (at least 2), or
    /// `maxDistance` when given, or one that differs only in case; nil when nothing is close.
    public static func closest(to text: String, among candidates: [String], ignoringCase: Bool = false, maxDistance: Int? = nil) -> String? {
        let probe = ignoringCase ? text.lowercased() : text
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let compared = ignoringCase ? candidate.lowercased() : candidate
            if compared == probe { return candidate }
            if candidate.lowercased() == text.lowercased() { return candidate }
            let distance = editDistance(Array(probe), Array(compared))
            let allowed = maxDistance ?? max(2, compared.count / 3)
            if distance <= allowed, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ left: [Character], _ right: [Character]) -> Int {
        if left.isEmpty { return right.count }
        if right.isEmpty { return left.count }
        var previous = Array(0...right.count)
        var current = Array(repeating: 0, count: right.count + 1)
        for i in 1...left.count {
            current[0] = i
            for j in 1...right.count {
                let substitution = previous[j - 1] + (left[i - 1] == right[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }

    /// " (did you mean 'x'?)" or "".
    public static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}

extension String {
    var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
