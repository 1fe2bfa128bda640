public enum ECSLintVersion {
    public static let current = "0.1.0"
    public static let toolName = "ecs-lint"
}
