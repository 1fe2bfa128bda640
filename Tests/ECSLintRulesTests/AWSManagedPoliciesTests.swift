import ECSLintEngine
@testable import ECSLintRules
import ECSLintSyntax
import Testing

/// rules/data/aws-managed-policies.json (docs/aws-managed-policies.md): the AWS managed policies
/// the IAM rules know by ARN. The facts the rules depend on are pinned here.
@Suite struct AWSManagedPoliciesTests {
    static let table = Repository.catalog.data("aws-managed-policies")
    static let data = IAMInputTests.data

    @Test func everyEntryIsAnAWSManagedPolicyWithADocument() throws {
        let entries = try #require(Self.table?["policies"]?.entries)
        #expect(entries.count >= 10)
        for entry in entries {
            let arn = try #require(entry.key.text)
            #expect(arn.hasPrefix("arn:aws:iam::aws:policy/"), "\(arn)")
            #expect(arn.hasSuffix("/" + (entry.value["name"]?.text ?? "?")), "\(arn)")
            #expect(entry.value["url"]?.text?.hasPrefix("https://") == true, "\(arn)")
            let policy = try #require(Self.data.managedPolicy(arn: arn), "\(arn) does not load")
            #expect(!PolicyDocument(policy.document, kind: .identity).statements.isEmpty, "\(arn)")
        }
    }

    /// The five the issue names, in any partition.
    @Test(arguments: ["service-role/AmazonECSTaskExecutionRolePolicy", "AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "ReadOnlyAccess"])
    func isKnown(_ name: String) {
        #expect(Self.data.managedPolicy(arn: "arn:aws:iam::aws:policy/\(name)") != nil)
        #expect(Self.data.managedPolicy(arn: "arn:aws-cn:iam::aws:policy/\(name)") != nil)
    }

    /// ECS-FACTS §3.3: exactly six actions on `*`, and none of what features add.
    @Test func taskExecutionRolePolicy() throws {
        let policy = try #require(Self.data.managedPolicy(arn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"))
        let document = PolicyDocument(policy.document, kind: .identity)
        #expect(Set(document.statements.flatMap { $0.actions?.strings ?? [] }) == [
            "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
            "logs:CreateLogStream", "logs:PutLogEvents",
        ])
        for action in ["secretsmanager:GetSecretValue", "ssm:GetParameters", "kms:Decrypt", "s3:GetObject", "logs:CreateLogGroup"] {
            #expect(PolicyEvaluation.decide(action, on: nil, in: [document], complete: true) == .notAllowed, "\(action)")
        }
    }

    @Test(arguments: [
        ("AdministratorAccess", "iam:PassRole", true), ("PowerUserAccess", "iam:PassRole", false), ("PowerUserAccess", "s3:GetObject", true),
        ("IAMFullAccess", "iam:PutRolePolicy", true), ("ReadOnlyAccess", "secretsmanager:GetSecretValue", false),
        ("ReadOnlyAccess", "ssm:GetParameters", true), ("ReadOnlyAccess", "kms:Decrypt", false),
    ])
    func grants(_ name: String, _ action: String, _ allowed: Bool) throws {
        let policy = try #require(Self.data.managedPolicy(arn: "arn:aws:iam::aws:policy/\(name)"))
        let decision = PolicyEvaluation.decide(action, on: nil, in: [PolicyDocument(policy.document, kind: .identity)], complete: true)
        #expect((decision == .allowed) == allowed, "\(name) \(action): \(decision)")
    }
}
