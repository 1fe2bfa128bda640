public enum ECSLintVersion {
    public static let current = "0.1.0"
    public static let toolName = "ecs-lint"
    /// Where the project lives; SARIF's `informationUri` and each rule's `helpUri` point here.
    public static let repositoryURL = "https://github.com/ecs-lint/ecs-lint"

    /// The rule's documentation page (generated from its YAML into docs/rules/).
    public static func documentationURL(for rule: RuleDescription) -> String {
        "\(repositoryURL)/blob/main/docs/rules/\(rule.code)-\(rule.name).md"
    }
}
