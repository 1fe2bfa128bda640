@testable import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
@testable import ECSLintRules
import ECSLintSyntax
import Testing

/// What the IAM1xx rules (IAM101–IAM111) build on: the documents a role or policy holds
/// (`PolicyDocuments`), condition operators, and the corners of the policy model and catalog
/// they rely on. The rules' own behaviour is proved by their examples (rules/iam/IAM1*.yaml).
@Suite struct IAMPolicyDocumentTests {
    static func resources(_ path: String, _ text: String) throws -> [(Resource, Document)] {
        let source = SourceFile(path: path, text: text)
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(source)) else {
            Issue.record("\(path) does not load")
            return []
        }
        return documents.flatMap { document in document.resources.map { ($0, document) } }
    }

    static func documents(_ path: String, _ text: String) throws -> [(kind: PolicyDocument.Kind, label: String, path: String)] {
        try resources(path, text).flatMap { resource, document in
            PolicyDocuments.of(resource, document).map { ($0.document.kind, $0.label, $0.document.value.path) }
        }
    }

    static let readStatement = #"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#
    static let trustStatement = #"{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}"#

    // MARK: PolicyDocuments

    @Test func aRoleHasItsTrustPolicyAndInlinePoliciesButNotAnFnIfItem() throws {
        let template = """
            Conditions:
              Extra: !Equals [!Ref "AWS::Region", us-east-1]
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [\(Self.trustStatement)]}
                  Policies:
                    - {PolicyName: app, PolicyDocument: {Version: "2012-10-17", Statement: [\(Self.readStatement)]}}
                    - !If [Extra, {PolicyName: extra, PolicyDocument: {Statement: []}}, !Ref "AWS::NoValue"]
                    - {PolicyDocument: '{"Statement": []}'}
                  ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
            """
        let found = try Self.documents("template.yaml", template)
        #expect(found.map(\.kind) == [.trust, .identity, .identity])
        #expect(found.map(\.label) == ["the trust policy", "inline policy \"app\"", "inline policy policies[2]"])
        #expect(found.map(\.path) == ["assumeRolePolicyDocument", "policies[0].policyDocument", "policies[2].policyDocument"])
    }

    /// A bare IAM JSON document is a resource policy when it names principals (a trust policy
    /// file, a bucket policy), a permissions policy otherwise; documents with a name or a role,
    /// and `get-policy-version` output, are permissions policies whatever they hold.
    @Test(arguments: [
        (#"{"Version": "2012-10-17", "Statement": [\#(trustStatement)]}"#, PolicyDocument.Kind.resource, "the policy document"),
        (#"{"Version": "2012-10-17", "Statement": \#(readStatement)}"#, .identity, "the policy document"),
        (#"{"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": [\#(trustStatement)]}, "VersionId": "v2"}}"#, .identity, "the policy document"),
        (#"{"RoleName": "web", "PolicyName": "app", "PolicyDocument": {"Statement": [\#(trustStatement)]}}"#, .identity, "policy \"app\""),
        (#"{"PolicyName": "app", "PolicyDocument": {"Statement": [\#(readStatement)]}}"#, .identity, "policy \"app\""),
    ])
    func standaloneDocumentsWithPrincipalsAreResourcePolicies(_ json: String, _ kind: PolicyDocument.Kind, _ label: String) throws {
        let found = try Self.documents("policy.json", json)
        #expect(found.map(\.kind) == [kind])
        #expect(found.map(\.label) == [label])
    }

    @Test func aPolicyResourceOfATemplateIsAPermissionsPolicyAndOtherResourcesHaveNone() throws {
        let template = """
            Resources:
              Managed:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  ManagedPolicyName: deploy
                  PolicyDocument: {Version: "2012-10-17", Statement: [\(Self.trustStatement)]}
              Unknown:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyName: unknown
                  PolicyDocument: !If [Extra, {Statement: []}, {Statement: []}]
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ContainerDefinitions: [{Name: web, Image: nginx}]
            """
        let found = try Self.documents("template.yaml", template)
        #expect(found.map(\.kind) == [.identity, .identity])
        #expect(found.map(\.label) == ["policy \"deploy\"", "policy \"unknown\""])
        // The unresolved document is listed, and unknown: the rules see no statements in it.
        let unknown = try #require(try Self.resources("template.yaml", template).first { $0.0.name == "Unknown" })
        let document = try #require(PolicyDocuments.of(unknown.0, unknown.1).first).document
        #expect(document.statements.isEmpty && !document.isComplete)
    }

    @Test func statementsAreNamedByTheirSid() throws {
        let json = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, \#(Self.readStatement)]}"#
        let (resource, document) = try #require(try Self.resources("policy.json", json).first)
        let item = try #require(PolicyDocuments.of(resource, document).first)
        #expect(item.document.statements.map(item.name(of:)) == ["statement \"Read\" of the policy document", "a statement of the policy document"])
    }

    @Test(arguments: [
        ([String](), ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c"),
        (["a", "b", "c", "d"], "a, b, c and d"), (["a", "b", "c", "d", "e", "f", "g", "h"], "a, b, c, d, e, f and 2 more"),
    ])
    func namesAreListed(_ names: [String], _ text: String) {
        #expect(PolicyDocuments.listed(names) == text)
    }

    // MARK: Statement helpers

    static func statement(_ json: String) throws -> PolicyStatement {
        let (resource, document) = try #require(try Self.resources("policy.json", #"{"Version": "2012-10-17", "Statement": [\#(json)]}"#).first)
        return try #require(PolicyDocuments.of(resource, document).first?.document.statements.first)
    }

    /// `*` (and `*:*`) is IAM103's and IAM104's: the other rules look only at named actions.
    @Test(arguments: [
        (#""Action": ["*", "s3:GetObject", "*:*", "iam:*"]"#, ["s3:GetObject", "iam:*"]),
        (#""NotAction": ["s3:GetObject"]"#, []),
    ])
    func namedActionsLeaveOutTheBareWildcard(_ element: String, _ expected: [String]) throws {
        let statement = try Self.statement(#"{"Effect": "Allow", \#(element), "Resource": "*"}"#)
        #expect(statement.namedActions.map(\.text) == expected)
    }

    @Test(arguments: [
        (#""Resource": "*""#, true), (#""Resource": ["arn:aws:s3:::b/*", "*"]"#, true),
        (#""Resource": "arn:aws:s3:::*""#, false), (#""NotResource": "*""#, false),
    ])
    func onAllResourcesIsTheLiteralStar(_ element: String, _ expected: Bool) throws {
        let statement = try Self.statement(#"{"Effect": "Allow", "Action": "s3:GetObject", \#(element)}"#)
        #expect(statement.onAllResources == expected)
        #expect((statement.allResourcesItem != nil) == expected)
    }

    @Test(arguments: [
        ("", ""),
        (#", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}"#, " (under the conditions StringEquals aws:SourceAccount = 123456789012)"),
        (#", "Condition": {"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}"#,
         " (under the conditions Bool aws:SecureTransport = true; IpAddress aws:SourceIp = [10.0.0.0/8, 192.168.0.0/16])"),
    ])
    func conditionsAreShownAsWritten(_ condition: String, _ note: String) throws {
        let statement = try Self.statement(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"\#(condition)}"#)
        #expect(statement.conditionsNote == note)
    }

    // MARK: Condition operators

    @Test(arguments: [
        ("StringEquals", true, true), ("stringequals", true, true), ("StringLike", true, true), ("ArnLike", true, true),
        ("ArnEquals", true, true), ("StringEqualsIgnoreCase", true, true), ("ForAnyValue:StringLike", true, true),
        ("ForAllValues:StringEquals", true, false), ("StringEqualsIfExists", true, false), ("StringNotEquals", true, false),
        ("ArnNotLike", true, false), ("Null", true, false), ("Bool", true, false), ("BoolIfExists", true, false),
        ("NumericLessThanEquals", true, false), ("DateGreaterThan", true, false), ("IpAddress", true, false),
        ("NotIpAddress", true, false), ("BinaryEquals", true, false),
        ("StringEqual", false, false), ("NullIfExists", false, false), ("ForAnyValues:StringLike", false, false),
        ("IfExists", false, false), ("", false, false), ("StringLikeIfExist", false, false),
    ])
    func conditionOperators(_ text: String, _ known: Bool, _ positive: Bool) {
        let parsed = ConditionOperator(text)
        #expect(parsed.isKnown == known)
        #expect(parsed.matchesPositively == positive)
    }

    /// What counts as narrowing an `Allow` to named callers (IAM101, IAM102).
    @Test(arguments: [
        (#"{"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#, true),
        (#"{"StringEquals": {"AWS:principalorgid": "o-a1b2c3d4e5"}}"#, true),
        (#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:role/ci-*"}}"#, true),
        (#"{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci"}}"#, false),
        (#"{"ArnLike": {"aws:PrincipalArn": ["arn:aws:iam::123456789012:role/ci", "arn:aws:iam::*:role/ci"]}}"#, false),
        (#"{"StringLike": {"aws:PrincipalOrgID": "*"}}"#, false),
        (#"{"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}"#, false),
        (#"{"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}"#, false),
        (#"{"StringEquals": {"aws:SecureTransport": "true"}}"#, false),
        (#"{"StringEquals": {"aws:PrincipalTag/team": "ops"}}"#, true),
        (#"{"StringEquals": {"aws:SourceAccount": []}}"#, false),
    ])
    func narrowingConditions(_ condition: String, _ narrows: Bool) throws {
        let statement = try Self.statement(#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": \#(condition)}"#)
        let keys: Set = ["aws:principalorgid", "aws:principalarn", "aws:principalaccount", "aws:sourceaccount", "aws:principaltag/"]
        #expect(statement.narrowingConditions(on: keys).isEmpty == !narrows)
    }

    @Test func aConditionFromAParameterNarrowsAndAnFnIfBlockIsUnreadable() throws {
        let template = """
            Conditions:
              Strict: !Equals [!Ref "AWS::Region", us-east-1]
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - {Effect: Allow, Principal: "*", Action: sts:AssumeRole, Condition: {StringEquals: {aws:SourceAccount: !Ref "AWS::AccountId"}}}
                      - {Effect: Allow, Principal: "*", Action: sts:AssumeRole, Condition: {StringEquals: !If [Strict, {a: b}, {c: d}]}}
                      - {Effect: Allow, Principal: "*", Action: sts:AssumeRole, Condition: !If [Strict, {}, {}]}
                      - {Effect: Allow, Principal: "*", Action: sts:AssumeRole, Condition: {Bool: {aws:SecureTransport: !Ref Flag}}}
            """
        let (resource, document) = try #require(try Self.resources("template.yaml", template).first)
        let statements = try #require(PolicyDocuments.of(resource, document).first).document.statements
        #expect(statements.map { !$0.narrowingConditions(on: ["aws:sourceaccount"]).isEmpty } == [true, false, false, false])
        #expect(statements.map(\.hasUnreadableConditions) == [false, true, true, false])
    }

    // MARK: Rule helpers

    @Test(arguments: [
        ("123456789012", "123456789012"), ("arn:aws:iam::123456789012:root", "123456789012"),
        ("arn:aws-cn:iam::123456789012:root", "123456789012"), ("arn:aws:iam::123456789012:role/ci", nil),
        ("12345678901", nil), ("arn:aws:iam::12345678901a:root", nil), ("arn:aws:sts::123456789012:root", nil), ("*", nil),
    ] as [(String, String?)])
    func accountRoots(_ principal: String, _ account: String?) {
        #expect(BroadCrossAccountTrustRule.rootAccount(principal) == account)
    }

    @Test(arguments: [
        ("*", true), ("**", true), ("arn:aws:iam::123456789012:role/*", true), ("arn:aws:iam::*:role/*", true),
        ("arn:aws:iam::123456789012:*", true), ("arn:*:iam::123456789012:role*", true),
        ("arn:aws:iam::123456789012:role/web-*", false), ("arn:aws:iam::123456789012:role/web", false),
        ("arn:aws:s3:::*", false), ("web-task", false),
    ])
    func passRoleResourcesThatCoverAnyRole(_ pattern: String, _ any: Bool) {
        #expect(PassRoleToAnyRoleRule.coversAnyRole(pattern) == any)
    }

    @Test(arguments: [
        ("s3:GetObject", true), ("s3:Get*", true), ("execute-api:Invoke", true), ("ecr:Batch?etImage", true), ("*:*", true),
        ("s3GetObject", false), ("s3::GetObject", false), ("s3:", false), (":GetObject", false), ("s3:Get Object", false),
        ("s3/GetObject", false),
    ])
    func actionGrammar(_ text: String, _ valid: Bool) {
        #expect(InvalidPolicyDocumentRule.isAction(text) == valid)
    }

    @Test(arguments: [
        ("s3:*", "s3"), ("iam:**", "iam"), ("s3:Get*", nil), ("*", nil), ("*:*", nil), ("s*:*", nil), ("s3:", nil),
    ] as [(String, String?)])
    func wholeServiceWildcards(_ text: String, _ service: String?) {
        #expect(WildcardActionRule.wholeService(text) == service)
    }

    // MARK: Evaluator and catalog corners the rules rely on

    /// Actions compare without regard to case, and a wildcard covers what it matches (IAM106,
    /// IAM107, IAM111 find iam:PassRole in `iam:*`, `iam:Pass*`, `IAM:passrole`).
    @Test(arguments: [
        ("iam:*", "iam:PassRole", true), ("iam:Pass*", "iam:PassRole", true), ("IAM:passrole", "iam:PassRole", true),
        ("iam:P?ssRole", "iam:PassRole", true), ("*", "iam:PassRole", true), ("iam:Put*", "iam:PassRole", false),
        ("ssm:GetParameter*", "ssm:GetParametersByPath", true), ("s3:Get*", "s3:GetObject", true), ("s3:*Object", "s3:GetObject", true),
        ("sts:*", "s3:GetObject", false),
    ])
    func actionPatterns(_ pattern: String, _ action: String, _ covers: Bool) {
        #expect(IAMPattern.actionMatches(pattern, action) == covers)
    }

    /// IAM107 takes an action out when an unconditional `Deny` on `*` covers it: with no
    /// resource asked for, only statements whose resources cover everything match.
    @Test(arguments: [
        (#"{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}"#, Match.yes),
        (#"{"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::123456789012:role/web"}"#, .no),
        (#"{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}"#, .yes),
        (#"{"Effect": "Deny", "Action": "iam:Attach*", "Resource": "*"}"#, .no),
        // Not sure either way (the evaluation's reading of NotResource without a resource): no Deny.
        (#"{"Effect": "Deny", "Action": "iam:PutRolePolicy", "NotResource": "arn:aws:iam::123456789012:role/web"}"#, .unknown),
        (#"{"Effect": "Deny", "Action": "iam:PutRolePolicy", "NotResource": "*"}"#, .no),
    ])
    func deniesOnEveryResource(_ json: String, _ match: Match) throws {
        let statement = try Self.statement(json)
        #expect(PolicyEvaluation.matches(statement, action: "iam:PutRolePolicy", resource: nil) == match)
    }

    static let data: IAMData? = {
        guard let rule = Repository.catalog.rule("IAM105") else { return nil }
        return IAMData.shared(RuleSetup(description: rule, data: nil, table: { Repository.catalog.data($0) }))
    }()

    /// IAM105 reports a wildcard when one of the actions it covers takes ARNs; IAM110 when it
    /// covers none; both look actions up without regard to case.
    @Test(arguments: [
        ("ssm:GetParameter*", ["ssm:GetParameter", "ssm:GetParameterHistory", "ssm:GetParameters", "ssm:GetParametersByPath"]),
        ("s3:GetObjects*", []), ("ssmmessages:*", ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                                                     "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]),
        ("examplecorp:*", []),
    ])
    func wildcardsExpandOverTheCatalog(_ pattern: String, _ actions: [String]) throws {
        let data = try #require(Self.data)
        #expect(data.actions(matching: pattern) == actions)
    }

    @Test(arguments: [("S3:getobject", true), ("s3:GetObjects", false), ("ecr:GetParameters", false), ("examplecorp:InvokeThing", false), ("bedrock:InvokeModel", true)])
    func catalogLookupsIgnoreCase(_ action: String, _ known: Bool) throws {
        let data = try #require(Self.data)
        #expect((data.action(action) != nil) == known)
    }

    @Test func wildcardResourceLeavesOutActionsThatTakeOnlyStar() throws {
        let rule = try #require(Repository.catalog.rule("IAM105"))
        let wildcard = try WildcardResourceRule(setup: RuleSetup(description: rule, data: nil, table: { Repository.catalog.data($0) }))
        #expect(wildcard.scopableActions("ecr:GetAuthorizationToken").isEmpty)
        #expect(wildcard.scopableActions("ssmmessages:*").isEmpty)
        #expect(wildcard.scopableActions("secretsmanager:GetSecretValue").isEmpty, "IAM111's")
        #expect(wildcard.scopableActions("iam:PassRole").isEmpty, "IAM106's")
        #expect(wildcard.scopableActions("ssm:GetParameter*").map(\.name) == ["ssm:GetParameterHistory"])
        #expect(wildcard.scopableActions("DynamoDB:getitem").map(\.name) == ["dynamodb:GetItem"])
        #expect(wildcard.scopableActions("dynamodb:GetItem").map(\.types) == ["table"])
    }

    // MARK: The run decides which account is the role's own (IAM102)

    static let trust = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}"#

    @Test(arguments: [
        // get-role output says the role's ARN.
        ([("role.json", #"{"Role": {"RoleName": "web", "Arn": "arn:aws:iam::123456789012:role/web", "AssumeRolePolicyDocument": \#(trust)}}"#)], false),
        ([("role.json", #"{"Role": {"RoleName": "web", "Arn": "arn:aws:iam::999999999999:role/web", "AssumeRolePolicyDocument": \#(trust)}}"#)], true),
        // A task definition of the run names the role by an ARN in that account.
        ([("role.json", #"{"RoleName": "web", "AssumeRolePolicyDocument": \#(trust)}"#),
          ("taskdef.json", #"{"family": "web", "taskRoleArn": "arn:aws:iam::123456789012:role/web", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#)], false),
        ([("role.json", #"{"RoleName": "web", "AssumeRolePolicyDocument": \#(trust)}"#),
          ("taskdef.json", #"{"family": "web", "taskRoleArn": "web", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#)], true),
        // The permissions boundary, as get-role writes it.
        ([("role.json", #"{"Role": {"RoleName": "web", "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/boundary"}, "AssumeRolePolicyDocument": \#(trust)}}"#)], false),
    ])
    func ownAccountFromTheRun(_ files: [(String, String)], _ fires: Bool) throws {
        let sources = files.map { SourceFile(path: $0.0, text: $0.1) }
        let reports = Repository.linter.lint(sources)
        let findings = reports.flatMap(\.diagnostics).filter { $0.code == "IAM102" }
        #expect(findings.isEmpty == !fires, "\(findings.map(\.message))")
        for report in reports { #expect(report.status == .linted, "\(report.path)") }
    }

    // MARK: Severities the examples cannot show

    /// The findings of the IAM1xx rules on a role with one inline policy, as (code, severity).
    static func severities(_ policy: String, trust: String = #"{"Version": "2012-10-17", "Statement": [\#(trustStatement)]}"#) -> [String] {
        let template = #"{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": \#(trust), "Policies": [{"PolicyName": "app", "PolicyDocument": \#(policy)}]}}}}"#
        let report = Repository.linter.lint(SourceFile(path: "template.json", text: template))
        return report.diagnostics.filter { $0.code.hasPrefix("IAM1") }.map { "\($0.code) \($0.severity.rawValue)" }.sorted()
    }

    @Test(arguments: [
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#, ["IAM109 warning"]),
        (#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#, ["IAM109 error"]),
        (#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#, ["IAM109 warning"]),
        (#"{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}"#, ["IAM109 error"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]}"#, ["IAM103 error"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:us-east-1:123456789012:q"}]}"#, ["IAM103 warning"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}"#, ["IAM106 error"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::123456789012:role/web"}]}"#, ["IAM106 warning"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}"#, ["IAM111 error"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "ssm.us-east-1.amazonaws.com"}}}]}"#, ["IAM111 warning"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ssmmessages:OpenDataChannel"], "Resource": "*"}]}"#, []),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}"#, ["IAM105 warning"]),
    ])
    func severities(_ policy: String, _ expected: [String]) {
        #expect(Self.severities(policy) == expected)
    }

    /// IAM110 explains S3 API operations instead of guessing a near name.
    @Test func s3APIOperationsNameTheirAction() {
        let template = #"{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [\#(Self.trustStatement)]}, "Policies": [{"PolicyName": "app", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListObjectsV2", "s3:CopyObject"], "Resource": "arn:aws:s3:::b"}]}}]}}}}"#
        let messages = Repository.linter.lint(SourceFile(path: "template.json", text: template)).diagnostics.filter { $0.code == "IAM110" }.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.first?.contains("IAM authorizes it with s3:ListBucket") == true, "\(messages)")
        #expect(messages.last?.contains("s3:GetObject on the source and s3:PutObject on the target") == true, "\(messages)")
    }

    /// A bare document that names principals (a trust policy file, a bucket policy) is judged as
    /// a resource policy: who may act (IAM101, IAM102) and its grammar, never the permission
    /// rules, whose `"*"` would mean the resource itself.
    @Test(arguments: [
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}"#, ["IAM101 error"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
         ["IAM102 warning"]),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["s3:*", "kms:Decrypt"], "Resource": "*"}]}"#,
         []),
        (#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}, {"Effect": "Allow", "Action": "s3:GetObject"}]}"#,
         ["IAM109 error"]),
    ])
    func standaloneResourcePolicies(_ json: String, _ expected: [String]) {
        let report = Repository.linter.lint(SourceFile(path: "policy.json", text: json))
        #expect(report.diagnostics.filter { $0.code.hasPrefix("IAM1") }.map { "\($0.code) \($0.severity.rawValue)" }.sorted() == expected)
    }
}
