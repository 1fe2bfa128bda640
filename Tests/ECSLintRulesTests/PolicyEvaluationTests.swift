import ECSLintLoaders
import ECSLintModel
@testable import ECSLintRules
import ECSLintSyntax
import Testing

/// The policy evaluation the IAM rules share: IAM's wildcards, `NotAction`/`NotResource`,
/// explicit `Deny`, conditions shown but not guessed, and unknown where the input cannot say.
@Suite struct PolicyEvaluationTests {
    @Test(arguments: [
        ("s3:Get*", "s3:GetObject", true), ("S3:getobject", "s3:GetObject", true), ("s3:Get?bject", "s3:GetObject", true),
        ("s3:*Object", "s3:GetObject", true), ("*", "kms:Decrypt", true), ("s3:Get*", "s3:PutObject", false),
        ("s3:GetObject", "s3:GetObjectAcl", false), ("ssm:GetParameter*", "ssm:GetParameters", true), ("*:Get*", "s3:GetObject", true),
    ])
    func actionPatterns(_ pattern: String, _ action: String, _ matches: Bool) {
        #expect(IAMPattern.actionMatches(pattern, action) == matches)
    }

    @Test(arguments: [
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b.env", Match.yes),
        ("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/a.env", .no),
        ("arn:aws:secretsmanager:*:123456789012:secret:db-*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", .yes),
        ("arn:aws:secretsmanager:us-east-1:111111111111:secret:*", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", .no),
        ("arn:aws:s3:::${aws:username}/*", "arn:aws:s3:::bob/key", .unknown),
        ("*", "arn:aws:sqs:us-east-1:123456789012:q", .yes),
    ])
    func resourcePatterns(_ pattern: String, _ arn: String, _ expected: Match) throws {
        #expect(IAMPattern.resourceMatches(pattern, try #require(ResourceName(arn: arn))) == expected)
    }

    /// A parameter named without its region and account: only `*` there is sure to cover it.
    @Test func resourcesWithUnknownParts() {
        let parameter = ResourceName(service: "ssm", resource: "parameter/app/db")
        #expect(IAMPattern.resourceMatches("arn:aws:ssm:*:*:parameter/app/*", parameter) == .unknown, "partition aws is not known either")
        #expect(IAMPattern.resourceMatches("arn:*:ssm:*:*:parameter/app/*", parameter) == .yes)
        #expect(IAMPattern.resourceMatches("arn:aws:ssm:us-east-1:123456789012:parameter/app/db", parameter) == .unknown)
        #expect(IAMPattern.resourceMatches("arn:*:ssm:*:*:parameter/other/*", parameter) == .no)
    }

    /// A short pattern (`arn:aws:ssm:*`) against a resource with unknown parts: unknown, unless
    /// a part the resource does say differs.
    @Test func shortPatternsAgainstUnknownParts() {
        let parameter = ResourceName(service: "ssm", resource: "parameter/app/db")
        #expect(IAMPattern.resourceMatches("arn:aws:ssm:*", parameter) == .unknown)
        #expect(IAMPattern.resourceMatches("arn:*", parameter) == .yes)
        #expect(IAMPattern.resourceMatches("arn:aws:s3:*", parameter) == .no)
        #expect(IAMPattern.resourceMatches("arn:aws:ssm:*", ResourceName(arn: "arn:aws:ssm:us-east-1:1:parameter/x")!) == .yes)
    }

    /// For an action that takes only `*` (no resource of its own), NotResource naming ARNs is
    /// not sure; NotResource `*` excludes it.
    @Test func notResourceWithoutAResource() throws {
        let named = try Self.documents(#"{"Statement": [{"Effect": "Allow", "Action": "ssmmessages:*", "NotResource": "arn:aws:s3:::nothing"}]}"#)
        #expect(PolicyEvaluation.decide("ssmmessages:OpenDataChannel", on: nil, in: named, complete: true) == .unknown)
        let everything = try Self.documents(#"{"Statement": [{"Effect": "Allow", "Action": "ssmmessages:*", "NotResource": "*"}]}"#)
        #expect(PolicyEvaluation.decide("ssmmessages:OpenDataChannel", on: nil, in: everything, complete: true) == .notAllowed)
    }

    /// An unconditional Deny that may match (its resource unknown) makes an Allow unsure.
    @Test func aDenyThatMayMatch() throws {
        let documents = try Self.documents(#"{"Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}, {"Effect": "Deny", "Action": "ecr:*", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/${aws:PrincipalTag/team}"}]}"#)
        #expect(PolicyEvaluation.decide("ecr:BatchGetImage", on: ResourceName(arn: "arn:aws:ecr:us-east-1:123456789012:repository/app"), in: documents, complete: true) == .unknown)
    }

    static func documents(_ json: String) throws -> [PolicyDocument] {
        let root = try #require(try JSONParser.parse(SourceFile(path: "p.json", text: json)).documents.first)
        let value = try #require(Loader.load(root, as: .iamJSON).resources.first?.properties["policyDocument"])
        return [PolicyDocument(value, kind: .identity)]
    }

    static let secret = ResourceName(arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf")

    @Test(arguments: [
        // Allowed, on the resource or on everything.
        (#"{"Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:secret:db-*"}]}"#, Decision.allowed),
        (#"{"Statement": [{"Effect": "Allow", "Action": ["secretsmanager:*"], "Resource": ["*"]}]}"#, .allowed),
        // Another secret, another action: not allowed.
        (#"{"Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:*:*:secret:api-*"}]}"#, .notAllowed),
        (#"{"Statement": [{"Effect": "Allow", "Action": "secretsmanager:DescribeSecret", "Resource": "*"}]}"#, .notAllowed),
        // NotAction / NotResource.
        (#"{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}"#, .allowed),
        (#"{"Statement": [{"Effect": "Allow", "NotAction": "secretsmanager:*", "Resource": "*"}]}"#, .notAllowed),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:secretsmanager:*:*:secret:db-*"}]}"#, .notAllowed),
        // An explicit Deny wins; a conditional one is shown.
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}"#, .denied),
        (#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "secretsmanager:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}"#,
         .allowedWithConditions(["unless denied when Bool aws:SecureTransport = false"])),
        // Conditions are recorded, not guessed.
        (#"{"Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/app": "web"}}}]}"#,
         .allowedWithConditions(["StringEquals aws:ResourceTag/app = web"])),
        // A misspelt or missing Effect allows nothing for sure.
        (#"{"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}"#, .unknown),
    ])
    func decisions(_ json: String, _ expected: Decision) throws {
        #expect(PolicyEvaluation.decide("secretsmanager:GetSecretValue", on: Self.secret, in: try Self.documents(json), complete: true) == expected)
    }

    /// Without every policy of the principal, nothing is surely missing.
    @Test func incompleteIsNeverNotAllowed() throws {
        let documents = try Self.documents(#"{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#)
        #expect(PolicyEvaluation.decide("kms:Decrypt", on: nil, in: documents, complete: false) == .unknown)
        #expect(PolicyEvaluation.decide("s3:GetObject", on: nil, in: documents, complete: false) == .allowed)
    }

    /// Unresolved values (an intrinsic, a placeholder) make the statement's answer unknown.
    @Test func unresolvedValuesAreUnknown() throws {
        let template = """
            Resources:
              R:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {}
                  Policies:
                    - PolicyName: p
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: secretsmanager:GetSecretValue
                            Resource: !Ref SecretArn
                          - !If [HasExtra, {Effect: Allow, Action: "*", Resource: "*"}, !Ref AWS::NoValue]
            """
        guard case .loaded(let loaded) = Loader.load(try SyntaxKind.parse(SourceFile(path: "t.yaml", text: template))) else {
            Issue.record("does not load")
            return
        }
        let value = try #require(loaded.first?.resources.first?.properties["policies"]?.array?.first?["policyDocument"])
        let document = PolicyDocument(value, kind: .identity)
        #expect(document.unresolvedStatements.count == 1 && !document.isComplete)
        #expect(PolicyEvaluation.decide("secretsmanager:GetSecretValue", on: Self.secret, in: [document], complete: true) == .unknown)
        #expect(PolicyEvaluation.decide("kms:Decrypt", on: nil, in: [document], complete: true) == .unknown)
    }
}
