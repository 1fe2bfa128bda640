import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// Tells secrets from other values, from `rules/data/secret-patterns.yaml`: names that say a
/// value is a secret (normalised to upper snake case first), values shaped like a credential
/// whatever they are called, and values that are never secrets (booleans, references,
/// placeholder text). ECS401 (environment), ECS406 (log options), ECS407 (commands and labels)
/// and ECS409 (template parameters) share it, so one set of patterns, measured on
/// `testdata/secrets/`, decides for all of them.
struct SecretDetector: Sendable {
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
    /// How many entries away from an access key ID a 40-character value still counts as its
    /// secret key ("next to one").
    let secretAccessKeyDistance: Int

    /// `extraNamePatterns` are a user's additions to the secret names (ECS401's
    /// `extra-name-patterns`).
    init(setup: RuleSetup, extraNamePatterns: [String] = []) throws {
        let data = try setup.requireData()
        // The configuration's patterns are a user's: their exhausted matches are limited per run.
        secretNames = try setup.patterns("secret-names") + extraNamePatterns.map { try Regex($0, exhaustionLimit: Regex.userPatternExhaustionLimit) }
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
        secretAccessKeyDistance = data["aws-secret-access-key-distance"]?.text.flatMap { Int($0) } ?? 2
    }

    /// What credential the text looks like ("an AWS access key ID"), if any. Works on literal
    /// values and on partly templated ones: the patterns skip placeholder syntax where a
    /// secret would sit.
    func credential(in text: String) -> String? {
        credentialValues.first { $0.regex.matches(text) }?.label
    }

    /// A literal that is never a secret, whatever its name: a boolean, a reference (ARN, path,
    /// injector reference, shell variable), placeholder text, an algorithm name.
    func isNotSecretValue(_ text: String) -> Bool {
        text.isEmpty || notSecretValues.contains { $0.matches(text) }
    }

    /// Whether a literal value under this name is a secret, and what kind: a credential by its
    /// shape first, then by its name. `nextToAccessKeyID` says an AWS access key ID sits next
    /// to it (a 40-character base64 value is then its secret key). `undecided` hears of each
    /// name pattern that ran out of its match budget.
    func classify(name: String, literal: String, nextToAccessKeyID: Bool = false, undecided: (String) -> Void = { _ in }) -> String? {
        guard !literal.isEmpty else { return nil }
        if let credential = credential(in: literal) { return "holds what looks like \(credential)" }
        if nextToAccessKeyID, secretAccessKey.matches(literal) { return "holds what looks like an AWS secret access key" }
        guard !isNotSecretValue(literal), isSecretName(name, undecided: undecided) else { return nil }
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

    /// The indices of `literals` that sit within `secretAccessKeyDistance` entries of an AWS
    /// access key ID.
    func indicesNextToAccessKeyIDs(_ literals: [String?]) -> Set<Int> {
        var result: Set<Int> = []
        for (index, literal) in literals.enumerated() where literal.map(accessKeyID.matches) ?? false {
            let low = max(0, index - secretAccessKeyDistance)
            let high = min(literals.count - 1, index + secretAccessKeyDistance)
            if low <= high { result.formUnion((low...high).filter { $0 != index }) }
        }
        return result
    }

    /// `dbPassword`, `db-password`, `DB.Password` → `DB_PASSWORD`; `APIKey` → `API_KEY`;
    /// `Jwt__Key` (.NET's section separator) → `JWT_KEY`. The name patterns are written against
    /// this form so word boundaries are plain, single underscores.
    static func normalize(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        var result = ""
        func separate() {
            if !result.hasSuffix("_") { result.append("_") }
        }
        for (index, scalar) in scalars.enumerated() {
            if scalar == "-" || scalar == "." || scalar == " " || scalar == "_" {
                separate()
                continue
            }
            if scalar.properties.isUppercase, index > 0 {
                let previous = scalars[index - 1]
                let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
                if previous.properties.isLowercase || (previous.properties.isUppercase && nextIsLower) {
                    separate()
                }
            }
            result.append(contentsOf: String(scalar).uppercased())
        }
        return result
    }

    /// A literal string or number (a YAML `DB_PASSWORD: 1234` is a number); nil otherwise.
    static func literal(_ value: Value?) -> String? {
        switch value?.content {
        case .string(let text)?, .number(let text)?: return text
        default: return nil
        }
    }
}
