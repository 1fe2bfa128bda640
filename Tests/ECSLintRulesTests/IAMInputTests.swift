import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
@testable import ECSLintRules
import ECSLintSyntax
import Foundation
import Testing

/// IAM as each input format holds it (testdata/iam): standalone IAM JSON in the shapes the AWS
/// CLI reads and writes, ACK and Crossplane objects. Each loads into the canonical role and
/// policy shapes, and the Workspace links task definitions to roles and roles to policies.
@Suite struct IAMInputTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/iam")

    static func workspace(_ names: [String]) throws -> Workspace {
        var files: [Workspace.File] = []
        for name in names {
            let source = SourceFile(path: name, text: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
            guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(source)) else {
                Issue.record("\(name) does not load")
                continue
            }
            files.append(Workspace.File(path: name, source: source, documents: documents))
        }
        return Workspace(files: files)
    }

    static let data: IAMData = {
        let catalog = Repository.catalog
        return IAMData.shared(RuleSetup(description: catalog.rule("IAM001")!, data: nil, table: { catalog.data($0) }))
    }()

    static func role(_ workspace: Workspace, _ name: String) throws -> Workspace.Entry {
        try #require(workspace.entries.first { $0.resource.kind == .iamRole && $0.resource.properties["roleName"]?.string == name })
    }

    @Test(arguments: [("get-role.json", DocumentFormat.iamJSON, [Resource.Kind.iamRole]),
                      ("get-role-policy.json", .iamJSON, [.iamPolicy]),
                      ("authorization-details.json", .iamJSON, [.iamRole, .iamPolicy]),
                      ("policy.json", .iamJSON, [.iamPolicy]),
                      ("ack-iam.yaml", .ack, [.iamRole, .iamPolicy, .taskDefinition]),
                      ("crossplane-iam.yaml", .crossplane, [.iamRole, .iamPolicy, .iamPolicy, .iamPolicy, .taskDefinition])])
    func loadsAs(_ name: String, format: DocumentFormat, kinds: [Resource.Kind]) throws {
        let workspace = try Self.workspace([name])
        #expect(workspace.entries.map(\.resource.kind) == kinds)
        #expect(workspace.entries.allSatisfy { $0.document.format == format })
    }

    /// `get-role` output says nothing of the role's policies: what `get-role-policy` output adds
    /// is seen, but the role's permissions stay incomplete (a rule cannot say one is missing).
    @Test func getRoleAndGetRolePolicy() throws {
        let workspace = try Self.workspace(["get-role.json", "get-role-policy.json"])
        let role = try Self.role(workspace, "web-task")
        #expect(role.resource.properties["arn"]?.string == "arn:aws:iam::123456789012:role/service/web-task")
        let permissions = RolePermissions(role: role, workspace: workspace, data: Self.data)
        #expect(permissions.sources.map(\.label) == ["policy \"read-bucket\" at get-role-policy.json:1:1"])
        #expect(!permissions.isComplete)
        #expect(permissions.decide("s3:GetObject", on: ResourceName(arn: "arn:aws:s3:::assets/logo.png")) == .allowed)
        #expect(permissions.decide("s3:PutObject", on: ResourceName(arn: "arn:aws:s3:::assets/logo.png")) == .unknown)
        #expect(permissions.trustPolicy?.statements.first?.principals(ofType: "Service").map(\.string) == ["ecs-tasks.amazonaws.com"])
        // The trust policy points into the file.
        let principal = try #require(permissions.trustPolicy?.statements.first?.principals)
        #expect(role.source.text(principal.value.range) == #"{"Service": "ecs-tasks.amazonaws.com"}"#)
    }

    /// Authorization details list every policy: inline, AWS managed (from data) and customer
    /// managed (the default version of the listed policy); the URL-encoded trust policy decodes.
    @Test func authorizationDetails() throws {
        let workspace = try Self.workspace(["authorization-details.json"])
        let role = try Self.role(workspace, "web-execution")
        let permissions = RolePermissions(role: role, workspace: workspace, data: Self.data)
        #expect(permissions.isComplete)
        #expect(permissions.sources.map(\.label) == ["inline policy \"secrets\"", "AWS managed policy AmazonECSTaskExecutionRolePolicy",
                                                     "policy \"app-logs\" at authorization-details.json:18:9"])
        #expect(permissions.decide("logs:CreateLogGroup", on: nil) == .allowed)
        #expect(permissions.decide("ecr:GetAuthorizationToken", on: nil) == .allowed)
        #expect(permissions.decide("ssm:GetParameters", on: ResourceName(service: "ssm", resource: "parameter/db")) == .notAllowed)
        #expect(permissions.trustPolicy?.statements.first?.principals(ofType: "Service").map(\.string) == ["ecs-tasks.amazonaws.com"])
    }

    @Test func bareDocumentWithOneStatementObject() throws {
        let policy = try #require(try Self.workspace(["policy.json"]).entries.first?.resource)
        let documentValue = try #require(policy.properties["policyDocument"])
        let document = PolicyDocument(documentValue, kind: .identity)
        #expect(document.statements.count == 1)
        #expect(document.statements.first?.actions?.value.path == "policyDocument.Statement.Action")
    }

    /// ACK: the task's `taskRoleRef` names the Role object, its `executionRoleARN` the role's
    /// AWS name (`spec.name`); inline policies, ARNs and `policyRefs` are the role's policies.
    @Test func ack() throws {
        let workspace = try Self.workspace(["ack-iam.yaml"])
        let task = try #require(workspace.entries.first { $0.resource.kind == .taskDefinition })
        let taskRole = try #require(task.resource.properties["taskRoleArn"])
        let executionRole = try #require(task.resource.properties["executionRoleArn"])
        let byReference = try #require(workspace.role(taskRole, from: task.resource, in: task.file))
        let byName = try #require(workspace.role(executionRole, from: task.resource, in: task.file))
        #expect(byReference.resource.range == byName.resource.range)
        let permissions = RolePermissions(role: byName, workspace: workspace, data: Self.data)
        #expect(permissions.isComplete)
        #expect(permissions.sources.count == 3)
        #expect(permissions.decide("sqs:SendMessage", on: nil) == .allowed)
        #expect(permissions.decide("sns:Publish", on: nil) == .allowed)
        #expect(permissions.decide("s3:GetObject", on: ResourceName(arn: "arn:aws:s3:::any/key")) == .allowed)
        #expect(permissions.decide("dynamodb:PutItem", on: nil) == .notAllowed)
        #expect(byName.resource.properties["policies"]?.array?.first?["policyName"]?.string == "queue")
    }

    /// IAM001 sees the same role through a reference and through the role's name.
    @Test func sharedRoleThroughAReferenceAndAName() throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent("ack-iam.yaml"), encoding: .utf8)
        let report = Repository.linter.lint(SourceFile(path: "ack-iam.yaml", text: text))
        let finding = try #require(report.diagnostics.first { $0.code == "IAM001" })
        #expect(finding.logicalPath == "taskRoleArn")
        #expect(finding.message.contains("role \"web-task-role\" (ack-iam.yaml:1:1)"), "\(finding.message)")
    }

    /// Crossplane: the role's AWS name is its external name; attachments name it by reference
    /// or by name, and their policies by ARN or by reference.
    @Test func crossplane() throws {
        let workspace = try Self.workspace(["crossplane-iam.yaml"])
        let task = try #require(workspace.entries.first { $0.resource.kind == .taskDefinition })
        let taskRole = try #require(task.resource.properties["taskRoleArn"])
        let role = try #require(workspace.role(taskRole, from: task.resource, in: task.file))
        #expect(role.resource.properties["roleName"]?.string == "web-task-role")
        #expect(workspace.uses(of: role).map(\.field) == ["taskRoleArn"])
        let permissions = RolePermissions(role: role, workspace: workspace, data: Self.data)
        // A Crossplane role's policies are separate objects: never all known.
        #expect(!permissions.isComplete)
        #expect(permissions.sources.map(\.label) == ["AWS managed policy AmazonS3ReadOnlyAccess", "policy \"queue-access\" at crossplane-iam.yaml:21:1"])
        #expect(permissions.decide("sqs:DeleteMessage", on: nil) == .allowed)
        #expect(permissions.trustPolicy?.statements.first?.principals(ofType: "Service").map(\.string) == ["ecs.amazonaws.com"])
    }

    /// A managed policy that names the role and that the role names counts once; a customer
    /// managed ARN outside the run leaves the role incomplete.
    @Test func cloudFormationAttachments() throws {
        let template = """
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {}
                  ManagedPolicyArns: [!Ref Managed, !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMReadOnlyAccess"]
              Managed:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  Roles: [!Ref Role]
                  PolicyDocument: {Statement: [{Effect: Allow, Action: "sqs:*", Resource: "*"}]}
              Inline:
                Type: AWS::IAM::Policy
                Properties:
                  PolicyName: inline
                  Roles: [!Ref Role]
                  PolicyDocument: {Statement: [{Effect: Allow, Action: "sns:Publish", Resource: "*"}]}
              Other:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {}
                  ManagedPolicyArns: ["arn:aws:iam::123456789012:policy/elsewhere"]
            """
        let source = SourceFile(path: "t.yaml", text: template)
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(source)) else {
            Issue.record("does not load")
            return
        }
        let workspace = Workspace(files: [Workspace.File(path: "t.yaml", source: source, documents: documents)])
        let role = try #require(workspace.entries.first { $0.resource.logicalID == "Role" })
        let permissions = RolePermissions(role: role, workspace: workspace, data: Self.data)
        #expect(permissions.sources.count == 3, "\(permissions.sources.map(\.label))")
        #expect(permissions.isComplete)
        #expect(permissions.decide("ssm:GetParameters", on: nil) == .allowed)
        let other = try #require(workspace.entries.first { $0.resource.logicalID == "Other" })
        #expect(!RolePermissions(role: other, workspace: workspace, data: Self.data).isComplete)
    }

    /// CloudFormation writes policy documents as JSON text too; it decodes like an object.
    @Test func cloudFormationJSONTextDocuments() throws {
        let template = """
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
                  Policies:
                    - PolicyName: p
                      PolicyDocument: !Sub '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${Bucket}/*"}]}'
            """
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(SourceFile(path: "t.yaml", text: template))) else {
            Issue.record("does not load")
            return
        }
        let role = try #require(documents.first?.resources.first)
        let trustValue = try #require(role.properties["assumeRolePolicyDocument"])
        let trust = PolicyDocument(trustValue, kind: .trust)
        #expect(trust.statements.first?.isAllow == true && trust.isComplete)
        // A Sub of JSON text is unknown, not an empty document.
        let inlineValue = try #require(role.properties["policies"]?.array?.first?["policyDocument"])
        let inline = PolicyDocument(inlineValue, kind: .identity)
        #expect(!inline.isComplete && inline.statements.isEmpty)
    }
}
