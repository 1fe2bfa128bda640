import ECSLintEngine
import ECSLintSyntax
import Testing
@testable import ECSLintRules

@Suite struct SecretNameTests {
    static let rule: SecretDetector = {
        let description = Repository.catalog.rule("ECS401")!
        return try! SecretDetector(setup: RuleSetup(description: description, data: Repository.catalog.data("secret-patterns")))
    }()

    @Test(arguments: [
        ("DB_PASSWORD", true), ("PASSWORD", true), ("dbPassword", true), ("db-password", true),
        ("AWS_SECRET_ACCESS_KEY", true), ("AWS_ACCESS_KEY_ID", true), ("AWS_SESSION_TOKEN", true),
        ("GITHUB_TOKEN", true), ("SECRET_KEY_BASE", true), ("NEXTAUTH_SECRET", true), ("CLIENT_SECRET", true),
        ("DB_PASS", true), ("PGPASSWORD", true), ("JWTSECRET", true), ("DB_PASSWORD2", true), ("API_KEY1", true), ("APIKey", true), ("STRIPE_API_KEY", true), ("ECS_ENGINE_AUTH_DATA", true), ("DB_PWD", true),
        ("TOKENIZER_MODEL", false), ("PASSWORD_MIN_LENGTH", false), ("DB_PASSWORD_FILE", false),
        ("DB_SECRET_ARN", false), ("API_KEY_SECRET_NAME", false), ("PWD", false), ("OLDPWD", false),
        ("BYPASS_CACHE", false), ("PASSENGER_COUNT", false), ("TOKEN_TTL", false), ("KEYCLOAK_URL", false),
    ])
    func secretNames(_ name: String, _ isSecret: Bool) {
        #expect(Self.rule.isSecretName(name) == isSecret)
    }

    @Test(arguments: [("dbPassword", "DB_PASSWORD"), ("APIKey", "API_KEY"), ("db.password-v2", "DB_PASSWORD_V2"), ("Jwt__Key", "JWT_KEY"), ("Db_-Password", "DB_PASSWORD"), ("X", "X")])
    func normalization(_ name: String, _ normalized: String) {
        #expect(SecretDetector.normalize(name) == normalized)
    }

    /// A user's catastrophic extra-name-patterns entry fails closed: the variable is a finding
    /// that says the name could not be judged, naming the pattern but never the value.
    @Test func aCatastrophicExtraNamePatternFailsClosed() throws {
        let configuration = try ConfigurationTests.parse("rules:\n  ECS401: {extra-name-patterns: ['^(A+)+$']}")
        let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations, configuration: configuration)
        let name = String(repeating: "A", count: 3_000) + "!"
        let task = #"{"family": "web", "containerDefinitions": [{"name": "a", "image": "x", "environment": [{"name": "\#(name)", "value": "hunter2"}, {"name": "DB_PASSWORD", "value": "hunter2"}]}]}"#
        let report = linter.lint(SourceFile(path: "task.json", text: task, lineBreaks: .json))
        let found = report.diagnostics.filter { $0.code == "ECS401" }.map(\.message)
        #expect(found.count == 2)
        #expect(found.contains { $0.contains("could not be decided: the name pattern '^(A+)+$'") }, "\(found)")
        #expect(found.allSatisfy { !$0.contains("hunter2") })
    }
}
