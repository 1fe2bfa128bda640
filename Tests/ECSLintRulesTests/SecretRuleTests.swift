import ECSLintEngine
import ECSLintSyntax
import Testing
@testable import ECSLintRules

/// What the examples of ECS402–ECS409, IAM002 and IAM009 do not show: the grammar of secret
/// references and role references case by case, and which findings are warnings.
@Suite struct SecretRuleTests {
    static func findings(_ text: String, path: String = "task.json", codes: Set<String>) -> [Diagnostic] {
        let report = Repository.linter.lint(SourceFile(path: path, text: text, lineBreaks: path.hasSuffix(".json") ? .json : .yaml))
        return report.diagnostics.filter { codes.contains($0.code) }
    }

    static func task(_ container: String, extra: String = "") -> String {
        #"{"family": "web"\#(extra), "containerDefinitions": [{"name": "web", "image": "app:1.0", \#(container)}]}"#
    }

    @Test(arguments: [
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", true),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::", true),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf::AWSCURRENT:", true),
        ("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-AbCdEf", true),
        ("arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db", true),
        ("arn:aws:ssm:eu-west-1:123456789012:parameter/db", true),
        ("/prod/db/password", true), ("db_password", true), ("db.password-v2", true),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password", false),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:1234", false),
        ("arn:aws:secretsmanager:us-east-1:123456789012:secret:", false),
        ("arn:aws:secretsmanager:us-east-1:12345678901:secret:db-AbCdEf", false),
        ("arn:aws:secretsmanager:us-east-1:123456789012:db-AbCdEf", false),
        ("arn:aws:ssm:eu-west-1:123456789012:parameter:prod/db", false),
        ("arn:aws:ssm:eu-west-1:123456789012:parameter//db", false),
        ("arn:aws:ssm:eu-west-1:123456789012:parameter/", false),
        ("arn:aws:s3:::bucket/secret.txt", false),
        ("arn:aws:kms:us-east-1:123456789012:key/abc", false),
        ("arn:secretsmanager:us-east-1:123456789012:secret:db", false),
        ("prod/db", false), ("/prod//db", false), ("my secret", false), ("", false),
    ])
    func valueFromGrammar(_ text: String, _ valid: Bool) {
        let result = SecretReference.classify(valueFrom: text)
        if case .success = result { #expect(valid, "\(text) passed") } else { #expect(!valid, "\(text): \(result)") }
    }

    @Test(arguments: [
        ("arn:aws:iam::123456789012:role/app", nil),
        ("arn:aws:iam::123456789012:role/service-role/app", nil),
        ("arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS", nil),
        ("app", nil), ("/ecs/app", nil), ("app+ci=1,a.b@c_d-e", nil),
        ("arn:aws:iam::123456789012:instance-profile/app", "instance profile"),
        ("arn:aws:iam::aws:policy/AdministratorAccess", "a policy"),
        ("arn:aws:iam::123456789012:user/deploy", "a user"),
        ("arn:aws:iam::123456789012:group/ops", "a group"),
        ("arn:aws:iam::123456789012:role/", "well-formed"),
        ("arn:aws:iam:us-east-1:123456789012:role/app", "well-formed"),
        ("arn:aws:sts::123456789012:assumed-role/app/session", "not of IAM"),
        ("my role", "neither"), (String(repeating: "r", count: 65), "neither"),
    ] as [(String, String?)])
    func roleReferenceGrammar(_ text: String, _ problem: String?) {
        let found = InvalidRoleReferenceRule.problem(literal: text)
        if let problem {
            #expect(found?.contains(problem) == true, "\(text): \(found ?? "no problem")")
        } else {
            #expect(found == nil, "\(text): \(found ?? "")")
        }
    }

    @Test(arguments: [
        ("arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/ecs", true),
        ("arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${PolicyName}", true),
        ("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${RoleName}", false),
        ("arn:aws:iam::${AWS::AccountId}:${Kind}/x", false),
        ("${RoleArn}", false),
    ])
    func roleReferenceInSub(_ template: String, _ fires: Bool) {
        #expect((InvalidRoleReferenceRule.problem(subTemplate: template) != nil) == fires)
    }

    @Test(arguments: [
        ("mysql --password=Hunter2-pw -h db", "--password"),
        ("app --db-password='S3cr3t-pw'", "--db-password"),
        ("app -api-key=abc123def456", "--api-key"),
        ("app --password=$DB_PASSWORD", nil), ("app --password=\"$DB_PASSWORD\"", nil),
        ("app --password=$(cat /run/secrets/db)", nil), ("app --password-file=/run/secrets/db", nil),
        ("app --password=", nil), ("app --token-ttl=300", nil), ("app --use-token=true", nil),
        ("app --max-tokens=4096", nil), ("echo password=hunter2", nil),
    ] as [(String, String?)])
    func commandLineOptions(_ text: String, _ option: String?) throws {
        let rule = try SecretInCommandRule(setup: RuleSetup(description: #require(Repository.catalog.rule("ECS407")),
                                                            data: Repository.catalog.data("secret-patterns")))
        #expect(rule.secretOption(in: text) == option)
    }

    /// Findings that are warnings although the rule is an error, and the other way round.
    @Test(arguments: [
        ("ECS402", task(#""secrets": [{"name": "A", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/a"}, {"name": "B", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/b"}]"#), Severity.warning),
        ("ECS402", task(#""secrets": [{"name": "A", "valueFrom": "prod/a"}]"#), .error),
        ("ECS404", task(#""environmentFiles": [{"value": "arn:aws:s3:::bucket/app.txt", "type": "s3"}]"#), .warning),
        ("ECS404", task(#""environmentFiles": [{"value": "s3://bucket/app.env", "type": "s3"}]"#), .error),
        ("ECS405", task(#""repositoryCredentials": {"credentialsParameter": "registry"}"#), .warning),
        ("ECS405", task(#""repositoryCredentials": {"credentialsParameter": "arn:aws:ssm:us-east-1:123456789012:parameter/r"}"#), .error),
        ("IAM002", task(#""logConfiguration": {"logDriver": "awslogs"}"#), .warning),
        ("IAM002", task(#""logConfiguration": {"logDriver": "awslogs"}"#, extra: #", "requiresCompatibilities": ["FARGATE"]"#), .error),
        ("IAM002", task(#""logConfiguration": {"logDriver": "awslogs"}"#, extra: #", "requiresCompatibilities": ["EXTERNAL"]"#), .error),
        ("IAM002", #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1", "secrets": [{"name": "A", "valueFrom": "/a"}]}]}"#, .error),
        ("IAM002", #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"}]}"#, .warning),
    ])
    func severities(_ code: String, _ text: String, _ severity: Severity) {
        let found = Self.findings(text, codes: [code])
        #expect(found.map(\.severity) == [severity], "\(found.map(\.message))")
    }

    @Test(arguments: [
        ("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0", true),
        ("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app@sha256:abc", true),
        ("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app", true),
        ("public.ecr.aws/nginx/nginx:1.27", false), ("nginx:1.27", false),
        ("registry.example.com/app:1.0", false), ("12345.dkr.ecr.us-east-1.amazonaws.com/app", false),
    ])
    func privateECRImages(_ image: String, _ isPrivate: Bool) {
        #expect(MissingExecutionRoleRule.isPrivateECR(image) == isPrivate)
    }

    /// The secret rules name where a secret is, never what it is.
    @Test func messagesNeverShowSecretValues() {
        let text = """
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "app:1.0",
          "command": ["app", "--password=Hunter2-pw-77"],
          "dockerLabels": {"hook": "https://hooks.slack.com/services/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"},
          "logConfiguration": {"logDriver": "splunk", "options": {"splunk-token": "Sp1unk-t0ken-99"}}}]}
        """
        let found = Self.findings(text, codes: ["ECS406", "ECS407"])
        #expect(found.count == 3, "\(found.map(\.message))")
        for secret in ["Hunter2-pw-77", "Xw9Yv8Ut7Sr6Qp5On4Ml3Kj2", "Sp1unk-t0ken-99"] {
            #expect(found.allSatisfy { !$0.message.contains(secret) })
        }
    }

    /// Words where an ARN's Region or account go, and templating the loaders leave as text, are
    /// unknown to the shape rules; the `aws` account of managed policies is not a placeholder.
    @Test func placeholdersOfDocumentationAreUnknown() {
        for text in ["arn:aws:iam::aws_account_id:role/x", "arn:aws:ssm:region:123456789012:parameter/x", "$$$EXECUTION_ROLE$$$", "arn:aws:iam::<account>:role/x"] {
            #expect(PlaceholderText.isUnknown(text), "\(text)")
        }
        for text in ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::123456789012:role/x", "prod/db"] {
            #expect(!PlaceholderText.isUnknown(text), "\(text)")
        }
    }
}
