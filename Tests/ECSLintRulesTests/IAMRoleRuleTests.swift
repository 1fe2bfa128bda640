@testable import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
@testable import ECSLintRules
import ECSLintSyntax
import Testing

/// The IAM0xx rules beyond their examples: the helpers they are built from (secret ARN readings,
/// what an execution role needs), decisions with several policies, and findings across files.
@Suite struct IAMRoleRuleTests {
    static func document(_ json: String) throws -> PolicyDocument {
        let source = SourceFile(path: "policy.json", text: json)
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(source)),
              let value = documents.first?.resources.first?.properties["policyDocument"] else {
            throw Failure(message: "does not load as a policy document")
        }
        return PolicyDocument(value, kind: .identity)
    }

    struct Failure: Error { let message: String }

    // MARK: PolicyEvaluation

    /// An unconditional Allow makes a conditional Allow of the same action moot; a conditional
    /// Deny still leaves the answer open.
    @Test(arguments: [
        (#"[{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]"#, Decision.allowed),
        (#"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]"#, .allowedWithConditions(["Bool aws:SecureTransport = true"])),
        (#"[{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]"#, .allowedWithConditions(["unless denied when Bool aws:SecureTransport = false"])),
    ])
    func conditionsOnlyMatterWithoutAnUnconditionalAllow(_ statements: String, _ expected: Decision) throws {
        let document = try Self.document(#"{"Version": "2012-10-17", "Statement": \#(statements)}"#)
        #expect(PolicyEvaluation.decide("s3:GetObject", on: nil, in: [document], complete: true) == expected)
    }

    // MARK: Secret ARNs (IAM006)

    /// A name that ends like a suffix may be complete or partial; any other name is partial.
    @Test(arguments: [
        ("db-AbCdEf", 2), ("my-secret", 2), ("web/db", 1), ("db", 1), ("db-AbCdE", 1), ("db-AbCd_f", 1), ("-AbCdEf", 1),
    ])
    func secretNamesHaveOneOrTwoReadings(_ name: String, _ count: Int) {
        let readings = SecretARN.readings(name: name, partition: "aws", region: "us-east-1", account: "123456789012")
        #expect(readings.count == count)
        #expect(readings.last?.unknownSuffix == true)
    }

    /// Whether a policy allows `secretsmanager:GetSecretValue` on what a `valueFrom` stands for:
    /// `nil` when it does or may (silent), else the finding's decision.
    @Test(arguments: [
        // Complete ARNs.
        ("secret:db-AbCdEf", "secret:db-AbCdEf", nil),
        ("secret:db-AbCdEf", "secret:db-??????", nil),
        ("secret:db-AbCdEf", "secret:db-*", nil),
        ("secret:db-AbCdEf", "secret:db", Decision.notAllowed),
        ("secret:db-AbCdEf", "secret:api-*", .notAllowed),
        ("secret:db-AbCdEf:password::", "secret:db-??????", nil),
        // Partial ARNs: the suffix is unknown.
        ("secret:db", "secret:db-??????", nil),
        ("secret:db", "secret:db*", nil),
        ("secret:db", "secret:db-AbCdEf", nil),
        ("secret:db", "secret:db-Ab*", nil),
        ("secret:db", "secret:db", .notAllowed),
        ("secret:db", "secret:db-AbCdE", .notAllowed),
        ("secret:db", "secret:dbx-??????", .notAllowed),
        // A name that looks complete may be partial.
        ("secret:my-secret", "secret:my-secret-??????", nil),
        ("secret:my-secret", "secret:my-secret", nil),
        ("secret:my-secret", "secret:my-*", nil),
        ("secret:my-secret", "secret:other-*", .notAllowed),
    ] as [(String, String, Decision?)])
    func secretReferencesAgainstPolicies(_ reference: String, _ allowed: String, _ expected: Decision?) throws {
        let prefix = "arn:aws:secretsmanager:us-east-1:123456789012:"
        let need = try #require(ExecutionRoleCannotReadRule.valueFromNeed(Value(.string(prefix + reference), range: SourceRange(start: 0, end: 0), path: "")))
        let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "\#(prefix + allowed)"}]}"#
        #expect(Self.verdict(need, policies: [policy]) == expected)
    }

    /// SSM parameters: a name leaves the Region and account open, so only the parameter part
    /// can rule a policy out; `/path/name` is `parameter/path/name`.
    @Test(arguments: [
        ("/web/db", "arn:aws:ssm:*:*:parameter/web/*", nil),
        ("/web/db", "arn:aws:ssm:us-east-1:123456789012:parameter/web/db", nil),
        ("/web/db", "arn:aws:ssm:us-east-1:123456789012:parameter/api/*", Decision.notAllowed),
        ("/web/db", "arn:aws:ssm:us-east-1:123456789012:parameter//web/db", .notAllowed),
        ("db", "arn:aws:ssm:us-east-1:123456789012:parameter/db", nil),
        ("arn:aws:ssm:us-east-1:123456789012:parameter/web/db", "arn:aws:ssm:us-east-1:123456789012:parameter/web/*", nil),
        ("arn:aws:ssm:us-east-1:123456789012:parameter/web/db", "arn:aws:ssm:eu-west-1:123456789012:parameter/web/*", .notAllowed),
        ("/aws/reference/secretsmanager/db", "arn:aws:ssm:us-east-1:123456789012:parameter/other", nil),
    ] as [(String, String, Decision?)])
    func parameterReferencesAgainstPolicies(_ reference: String, _ allowed: String, _ expected: Decision?) throws {
        let value = Value(.string(reference), range: SourceRange(start: 0, end: 0), path: "")
        guard let need = ExecutionRoleCannotReadRule.valueFromNeed(value) else {
            #expect(expected == nil)
            return
        }
        let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "\#(allowed)"}]}"#
        #expect(Self.verdict(need, policies: [policy]) == expected)
    }

    static func verdict(_ need: ExecutionRoleCannotReadRule.Need, policies: [String]) -> Decision? {
        let documents = policies.compactMap { try? document($0) }
        var denied = false
        for reading in need.readings {
            switch PolicyEvaluation.decide(need.action, on: reading.probe, in: documents, complete: true) {
            case .allowed, .allowedWithConditions, .unknown: return nil
            case .denied: denied = true
            case .notAllowed:
                if reading.unknownSuffix, SecretARN.someAllowMayMatch(reading, action: need.action, in: documents) { return nil }
            }
        }
        return denied ? .denied : .notAllowed
    }

    // MARK: What an execution role needs (IAM004)

    static let applicationPermissions: ApplicationPermissionsOnExecutionRoleRule = {
        let catalog = Repository.catalog
        let description = catalog.rule("IAM004")!
        return try! ApplicationPermissionsOnExecutionRoleRule(setup: RuleSetup(description: description, data: catalog.data("execution-role-actions"),
                                                                                table: { catalog.data($0) }))
    }()

    @Test(arguments: [
        ("ecr:GetAuthorizationToken", false),
        ("ECR:getauthorizationtoken", false),
        ("ssm:GetParameters", false),
        ("logs:CreateLogGroup", false),
        ("s3:GetObject", false),
        ("ecr:GetDownloadUrlFor*", false),
        ("ecr:BatchGet*", true),
        ("ecr:*", true),
        ("s3:Get*", true),
        ("ssm:GetParameter*", true),
        ("logs:DescribeLogStreams", true),
        ("sqs:SendMessage", true),
        ("bedrock:InvokeModel", true),
        ("*", true),
        ("ecr:GetAuthorisationToken", false),
        ("not-an-action", false),
    ])
    func actionsBeyondTheAgents(_ pattern: String, _ beyond: Bool) {
        #expect((Self.applicationPermissions.beyond(pattern) != nil) == beyond)
    }

    // MARK: Across files

    static let trust = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#

    static func lint(_ files: [(String, String)]) -> [String: [Diagnostic]] {
        let reports = Repository.linter.lint(files.map { SourceFile(path: $0.0, text: $0.1) })
        // The rules of how tasks use roles; the documents' own findings (IAM1xx: a missing
        // Version, `ecr:*`) are not these tests' business.
        return Dictionary(uniqueKeysWithValues: reports.map { ($0.path, $0.diagnostics.filter { $0.code.hasPrefix("IAM0") }) })
    }

    /// A permission written in a policy file of its own is that file's finding; the role's file
    /// says nothing of it. Without the task definition nothing is a task role.
    @Test func findingsStayInTheFileWhereThePermissionIsWritten() throws {
        let task = #"{"family": "web", "taskRoleArn": "arn:aws:iam::123456789012:role/web-task", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#
        let role = #"{"RoleDetailList": [{"RoleName": "web-task", "AssumeRolePolicyDocument": \#(Self.trust), "RolePolicyList": [{"PolicyName": "pull", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}}], "AttachedManagedPolicies": []}]}"#
        let logs = #"{"RoleName": "web-task", "PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}}"#
        let found = Self.lint([("taskdef.json", task), ("role.json", role), ("logs.json", logs)])
        let iam003 = found.values.flatMap { $0 }.filter { $0.code == "IAM003" }
        #expect(iam003.map(\.file) == ["logs.json"], "\(iam003.map(\.message))")
        #expect(iam003.first?.message.contains("web (taskdef.json:1:1)") == true)
        #expect(iam003.first?.logicalPath == "policyDocument.Statement[0].Action")
        let alone = Self.lint([("role.json", role), ("logs.json", logs)])
        #expect(alone.values.allSatisfy { $0.isEmpty })
    }

    /// `get-role` output lists no policies: the role's permissions are unknown, and rules that
    /// report a missing permission stay silent; its trust policy is known.
    @Test func getRoleOutputHasUnknownPermissions() throws {
        let task = #"{"family": "web", "executionRoleArn": "web-execution", "containerDefinitions": [{"name": "web", "image": "nginx", "secrets": [{"name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf"}]}]}"#
        let role = #"{"Role": {"RoleName": "web-execution", "Arn": "arn:aws:iam::123456789012:role/web-execution", "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}}"#
        let found = Self.lint([("taskdef.json", task), ("role.json", role)])
        #expect(found["taskdef.json"]?.isEmpty == true)
        #expect(found["role.json"]?.map(\.code) == ["IAM007"])
    }

    /// ECS Exec: the task definition and its role in other files than the service; a role whose
    /// permissions are complete but lack the channels is named with its place.
    @Test func execPermissionsAcrossFiles() throws {
        let service = #"{"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 1, "enableExecuteCommand": true}"#
        let task = #"{"family": "web", "taskRoleArn": "web-task", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#
        let details = #"{"RoleDetailList": [{"RoleName": "web-task", "AssumeRolePolicyDocument": \#(Self.trust), "RolePolicyList": [{"PolicyName": "exec", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": ["ssmmessages:CreateControlChannel", "ssmmessages:OpenControlChannel"], "Resource": "*"}]}}], "AttachedManagedPolicies": []}]}"#
        let found = Self.lint([("service.json", service), ("taskdef.json", task), ("iam.json", details)])
        let finding = try #require(found["service.json"]?.first)
        #expect(finding.code == "IAM005")
        #expect(finding.message.contains("ssmmessages:CreateDataChannel and ssmmessages:OpenDataChannel"))
        #expect(finding.message.contains("\"web-task\" (iam.json:1:21)"))
        #expect(Self.lint([("service.json", service), ("taskdef.json", task)])["service.json"]?.isEmpty == true)
    }

    /// IAM008's errors are errors whatever the rule's default, until the configuration lowers it.
    @Test func clusterScopedSourceArnIsAnError() throws {
        let task = #"{"family": "web", "taskRoleArn": "web-task", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#
        let role = #"{"RoleName": "web-task", "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod"}}}]}}"#
        let found = Self.lint([("taskdef.json", task), ("role.json", role)])
        let finding = try #require(found["role.json"]?.first { $0.code == "IAM008" })
        #expect(finding.severity == .error)
    }

    /// A Crossplane `RolePolicyAttachment` that attaches the execution policy to a task role:
    /// the finding is on the attachment's `policyArn`, where it is written.
    @Test func anAttachmentObjectCarriesTheFinding() throws {
        let task = #"{"family": "web", "taskRoleArn": "arn:aws:iam::123456789012:role/web-task", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#
        let objects = """
            apiVersion: iam.aws.crossplane.io/v1beta1
            kind: Role
            metadata: {name: web-task}
            spec:
              forProvider:
                assumeRolePolicyDocument: |
                  {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
            ---
            apiVersion: iam.aws.crossplane.io/v1beta1
            kind: RolePolicyAttachment
            metadata: {name: web-task-execution-policy}
            spec:
              forProvider:
                policyArn: arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
                roleNameRef: {name: web-task}
            """
        let found = Self.lint([("taskdef.json", task), ("iam.yaml", objects)])
        let finding = try #require(found["iam.yaml"]?.first { $0.code == "IAM003" })
        #expect(finding.logicalPath == "policyArn")
        #expect(finding.start.line == 14)
        #expect(found["iam.yaml"]?.filter { $0.code == "IAM003" }.count == 1)
    }
}
