import ECSLintEngine
import ECSLintSyntax
import Testing

/// The IAM complaints users filed against the peers (PEERS.md §12), each a policy ecs-lint must
/// leave alone (or report only as stated): ECS-required wildcards, conditions that narrow a
/// principal, principals and actions a careless grammar check rejects.
@Suite struct PeerIAMComplaintTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let issue: String
        /// A role's trust policy and permissions policy (YAML flow or block, indented under them).
        let trust: String
        let permissions: String
        /// Codes that must not fire.
        let silent: [String]
        var testDescription: String { issue }
    }

    static let ecsTrust = "{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: sts:AssumeRole}"
    static let anyRead = "{Effect: Allow, Action: s3:GetObject, Resource: arn:aws:s3:::bucket/*}"

    static let cases: [Case] = [
        Case(issue: "checkov #988, #1815: ecr:GetAuthorizationToken on *", trust: ecsTrust,
             permissions: "{Effect: Allow, Action: [ecr:GetAuthorizationToken, sts:GetCallerIdentity, xray:PutTraceSegments, logs:DescribeLogGroups], Resource: \"*\"}",
             silent: ["IAM103", "IAM105", "IAM111", "IAM109", "IAM110"]),
        Case(issue: "checkov #3015: ECR push permissions on a repository", trust: ecsTrust,
             permissions: "{Effect: Allow, Action: [ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload], Resource: arn:aws:ecr:us-east-1:123456789012:repository/app}",
             silent: ["IAM103", "IAM105", "IAM107", "IAM109", "IAM110"]),
        Case(issue: "checkov #6839, #7304: Principal * narrowed by aws:PrincipalOrgID",
             trust: "{Effect: Allow, Principal: \"*\", Action: sts:AssumeRole, Condition: {StringEquals: {aws:PrincipalOrgID: o-a1b2c3d4e5}}}",
             permissions: anyRead, silent: ["IAM101", "IAM102", "IAM109"]),
        Case(issue: "checkov #6839: Principal {AWS: *} narrowed by aws:SourceAccount",
             trust: "{Effect: Allow, Principal: {AWS: \"*\"}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:SourceAccount: \"123456789012\"}}}",
             permissions: anyRead, silent: ["IAM101", "IAM102", "IAM109"]),
        Case(issue: "checkov #7209: account root narrowed by aws:PrincipalArn",
             trust: "{Effect: Allow, Principal: {AWS: \"arn:aws:iam::111122223333:root\"}, Action: sts:AssumeRole, Condition: {ArnLike: {aws:PrincipalArn: \"arn:aws:iam::111122223333:role/deployer\"}}}",
             permissions: anyRead, silent: ["IAM101", "IAM102", "IAM109"]),
        Case(issue: "cfn-lint #3620: an sts assumed-role principal",
             trust: "{Effect: Allow, Principal: {AWS: \"arn:aws:sts::123456789012:assumed-role/deployer/session\"}, Action: sts:AssumeRole, Condition: {StringEquals: {sts:ExternalId: x1}}}",
             permissions: anyRead, silent: ["IAM101", "IAM102", "IAM109"]),
        Case(issue: "cfn-lint #4025: a wildcard in the middle of an action", trust: ecsTrust,
             permissions: "{Effect: Allow, Action: \"s3:Get*Tagging\", Resource: arn:aws:s3:::bucket/*}", silent: ["IAM109", "IAM110", "IAM103"]),
        Case(issue: "cfn-lint #4031: ec2:CreateTags on an instance ARN", trust: ecsTrust,
             permissions: "{Effect: Allow, Action: ec2:CreateTags, Resource: \"arn:aws:ec2:*:*:instance/*\"}", silent: ["IAM109", "IAM110", "IAM105"]),
        Case(issue: "aws-cloudformation-iam-policy-validator #38: an ecs-tasks trust policy has no Resource", trust: ecsTrust,
             permissions: anyRead, silent: ["IAM109", "IAM007"]),
    ]

    static func template(_ item: Case) -> String {
        """
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - \(item.trust)
              Policies:
                - PolicyName: app
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - \(item.permissions)
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              TaskRoleArn: !GetAtt Role.Arn
              ContainerDefinitions:
                - {Name: app, Image: "app:1.0"}
        """
    }

    @Test(arguments: cases)
    func staysSilent(_ item: Case) {
        let report = Repository.linter.lint(SourceFile(path: "stack.yaml", text: Self.template(item), lineBreaks: .yaml))
        #expect(report.status == .linted)
        let fired = Set(report.diagnostics.map(\.code)).intersection(item.silent)
        #expect(fired.isEmpty, "\(fired.sorted()): \(report.diagnostics.filter { fired.contains($0.code) }.map(\.message))")
    }

    /// cfn-lint #4022: `Fn::If` in `Action` is unknown, not an invalid action.
    @Test func conditionalActionIsUnknown() {
        let item = Case(issue: "cfn-lint #4022", trust: Self.ecsTrust,
                        permissions: "{Effect: Allow, Action: !If [Prod, s3:GetObject, \"s3:*\"], Resource: \"*\"}", silent: [])
        let report = Repository.linter.lint(SourceFile(path: "stack.yaml", text: Self.template(item), lineBreaks: .yaml))
        let iam = report.diagnostics.filter { $0.code.hasPrefix("IAM1") }
        #expect(iam.isEmpty, "\(iam.map(\.message))")
    }

    /// The same documents without their narrowing conditions are reported: the silence above is
    /// the condition's doing, not a blind spot.
    @Test func withoutTheConditionsTheyFire() {
        let open = Case(issue: "", trust: "{Effect: Allow, Principal: \"*\", Action: sts:AssumeRole}", permissions: Self.anyRead, silent: [])
        let root = Case(issue: "", trust: "{Effect: Allow, Principal: {AWS: \"arn:aws:iam::111122223333:root\"}, Action: sts:AssumeRole}",
                        permissions: Self.anyRead, silent: [])
        let codes = { (item: Case) in Repository.linter.lint(SourceFile(path: "stack.yaml", text: Self.template(item), lineBreaks: .yaml)).diagnostics.map(\.code) }
        #expect(codes(open).contains("IAM101"))
        #expect(codes(root).contains("IAM102"))
    }
}
