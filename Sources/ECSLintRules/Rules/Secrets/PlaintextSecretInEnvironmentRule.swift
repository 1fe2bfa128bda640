import ECSLintEngine
import ECSLintModel

/// ECS401: an `environment` entry whose literal value is a secret, told by its name or by the
/// shape of its value. Patterns are PCRE2 data in `rules/data/secret-patterns.yaml`. The message
/// names the variable and never prints the value.
struct PlaintextSecretInEnvironmentRule: Rule {
    struct CredentialPattern: Sendable {
        let label: String
        let regex: Regex
    }

    let secretNames: [Regex]
    let notSecretNames: [Regex]
    let notSecretValues: [Regex]
    let credentialValues: [CredentialPattern]
    let accessKeyID: Regex
    let secretAccessKey: Regex

    init(setup: RuleSetup) throws {
        let data = try setup.requireData()
        // Users add their own secret names with `rules: {ECS401: {extra-name-patterns: [...]}}`.
        secretNames = try setup.patterns("secret-names") + setup.strings(parameter: "extra-name-patterns").map { try Regex($0) }
        notSecretNames = try setup.patterns("not-secret-names")
        notSecretValues = try setup.patterns("not-secret-values")
        credentialValues = try (data["credential-values"]?.items ?? []).map { item in
            guard let label = item["label"]?.text, let pattern = item["pattern"]?.text else {
                throw RuleSetup.DataError(message: "secret-patterns: credential-values items need label and pattern")
            }
            return CredentialPattern(label: label, regex: try Regex(pattern))
        }
        guard let accessKey = data["aws-access-key-id"]?.text, let secretKey = data["aws-secret-access-key"]?.text else {
            throw RuleSetup.DataError(message: "secret-patterns: aws-access-key-id and aws-secret-access-key are required")
        }
        accessKeyID = try Regex(accessKey)
        secretAccessKey = try Regex(secretKey)
    }

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let entries = container["environment"]?.array ?? []
            let literals = entries.map(Self.literalText)
            let hasAccessKeyID = literals.contains { $0.map(accessKeyID.matches) ?? false }
            for (entry, literal) in zip(entries, literals) {
                guard let name = entry["name"]?.string else { continue }
                let message: String?
                if let literal, !literal.isEmpty {
                    message = finding(name: name, value: literal, pairedWithAccessKey: hasAccessKeyID) { pattern in
                        // Only names reach the note: the value may be the secret.
                        context.notePatternOutOfBudget(pattern, kind: "name pattern", on: "the variable \"\(name)\"", at: entry.range.start,
                                                       outcome: "it counted as no match (extra-name-patterns in .ecs-lint.yaml)")
                    }
                } else if case .placeholder(let text)? = entry["value"]?.unresolved {
                    // `postgres://app:pw@${HOST}` is partly templated, but the password is literal.
                    message = credentialFinding(text)
                } else {
                    message = nil
                }
                if let message {
                    context.report("environment variable \"\(name)\" \(message); move it to \"secrets\" with \"valueFrom\" (Secrets Manager or SSM Parameter Store)",
                                   at: entry, in: task)
                }
            }
        }
    }

    /// A literal string or number value.
    private static func literalText(_ entry: Value) -> String? {
        switch entry["value"]?.content {
        case .string(let text)?, .number(let text)?: return text
        default: return nil
        }
    }

    private func credentialFinding(_ value: String) -> String? {
        credentialValues.first { $0.regex.matches(value) }.map { "holds what looks like \($0.label)" }
    }

    private func finding(name: String, value: String, pairedWithAccessKey: Bool, undecided: (String) -> Void) -> String? {
        if let credential = credentialFinding(value) { return credential }
        if pairedWithAccessKey, secretAccessKey.matches(value) {
            return "holds what looks like an AWS secret access key"
        }
        guard !notSecretValues.contains(where: { $0.matches(value) }), isSecretName(name, undecided: undecided) else { return nil }
        return "has a literal value, and its name says it is a secret"
    }

    /// `undecided` hears of each name pattern that ran out of its match budget (a user's
    /// `extra-name-patterns` can be catastrophic); such a pattern counts as no match.
    func isSecretName(_ name: String, undecided: (String) -> Void = { _ in }) -> Bool {
        let normalized = Self.normalize(name)
        func matches(_ regex: Regex) -> Bool {
            guard let decided = regex.decide(normalized) else {
                undecided(regex.pattern)
                return false
            }
            return decided
        }
        return secretNames.contains(where: matches) && !notSecretNames.contains(where: matches)
    }

    /// `dbPassword`, `db-password`, `DB.Password` → `DB_PASSWORD`; `APIKey` → `API_KEY`. The name
    /// patterns are written against this form so word boundaries are plain underscores.
    static func normalize(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "-" || scalar == "." || scalar == " " {
                result.append("_")
                continue
            }
            if scalar.properties.isUppercase, index > 0 {
                let previous = scalars[index - 1]
                let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
                if previous.properties.isLowercase || (previous.properties.isUppercase && nextIsLower) {
                    result.append("_")
                }
            }
            result.append(contentsOf: String(scalar).uppercased())
        }
        return result
    }
}
