@testable import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
@testable import ECSLintRules
import ECSLintSyntax
import Testing

/// A rule example with IAM roles and policies renders in every format so that the task
/// definition finds its roles and each role all of its policies, across files where the format
/// splits them: the links IAM rules rely on are proved here once for all their examples.
@Suite struct ExampleIAMRenderingTests {
    static let example = """
        description: roles and policies
        taskDefinition:
          family: web
          taskRoleArn: arn:aws:iam::123456789012:role/web-task
          executionRoleArn: web-execution
          containerDefinitions: [{name: web, image: nginx:1.27}]
        roles:
          - roleName: web-task
            assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
            policies:
              - policyName: inline
                policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*"}]}
            managedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]
          - roleName: web-execution
            assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: attached
            roles: [web-task]
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sqs:SendMessage", Resource: "*"}]}
          - policyName: standalone
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sns:Publish", Resource: "*"}]}
        """

    static func rendered() throws -> [ExampleRenderer.Rendered] {
        let node = try #require(try YAMLLoader.parse(SourceFile(path: "e.yaml", text: example)).documents.first)
        return ExampleRenderer.render(try RuleExample(node: node, index: 0, sourcePath: "e.yaml"))
    }

    @Test func rendersInEveryFormat() throws {
        #expect(Set(try Self.rendered().map(\.format)) == Set(ExampleFormat.allCases))
    }

    @Test(arguments: ExampleFormat.allCases)
    func tasksFindTheirRolesAndRolesTheirPolicies(_ format: ExampleFormat) throws {
        let rendered = try #require(try Self.rendered().first { $0.format == format })
        var files: [Workspace.File] = []
        for source in rendered.sources {
            let parsed = try SyntaxKind.parse(source)
            guard case .loaded(let documents) = Loader.load(parsed) else { Issue.record("\(source.path) does not load"); continue }
            files.append(Workspace.File(path: source.path, source: source, documents: documents))
        }
        let workspace = Workspace(files: files)
        let task = try #require(workspace.entries.first { $0.resource.kind == .taskDefinition })
        let data = IAMData.shared(RuleSetup(description: try #require(Repository.catalog.rule("IAM001")), data: nil,
                                                table: { Repository.catalog.data($0) }))
        var labels: [String: Workspace.Entry] = [:]
        for field in ["taskRoleArn", "executionRoleArn"] {
            let value = try #require(task.resource.properties[field])
            let role = try #require(workspace.role(value, from: task.resource, in: task.file), "\(format.rawValue): \(field) does not resolve")
            labels[field] = role
            #expect(workspace.uses(of: role).map(\.field) == [field])
        }
        let taskRole = try #require(labels["taskRoleArn"])
        #expect(rendered.label(file: taskRole.file, resource: taskRole.resource.name) == "web-task")
        let permissions = RolePermissions(role: taskRole, workspace: workspace, data: data)
        #expect(permissions.isComplete, "\(format.rawValue): \(permissions.unknown.map(\.path))")
        #expect(permissions.sources.count == 3, "\(format.rawValue): \(permissions.sources.map(\.label))")
        #expect(permissions.decide("s3:GetObject", on: ResourceName(arn: "arn:aws:s3:::b/key")) == .allowed)
        #expect(permissions.decide("sqs:SendMessage", on: nil) == .allowed)
        #expect(permissions.decide("sns:Publish", on: nil) == .notAllowed)
        #expect(permissions.decide("s3:ListBucket", on: ResourceName(arn: "arn:aws:s3:::other")) == .allowed, "through AmazonS3ReadOnlyAccess")
        let execution = RolePermissions(role: try #require(labels["executionRoleArn"]), workspace: workspace, data: data)
        #expect(execution.sources.isEmpty && execution.isComplete)
        #expect(execution.trustPolicy?.statements.first?.principals(ofType: "Service").first?.string == "ecs-tasks.amazonaws.com")
        // The standalone policy loads too, labelled by its name.
        let standalone = workspace.entries.filter { $0.resource.kind == .iamPolicy }
            .map { rendered.label(file: $0.file, resource: $0.resource.name) }
        #expect(standalone.contains("standalone"), "\(standalone)")
    }

    /// `otherTaskDefinitions` add task definitions of their own in every format, labelled by
    /// their family, linked to the example's roles like the main one.
    @Test(arguments: ExampleFormat.allCases)
    func otherTaskDefinitionsRenderBesideTheFirst(_ format: ExampleFormat) throws {
        let text = """
            description: two families
            taskDefinition: {family: web, taskRoleArn: shared-task, containerDefinitions: [{name: web, image: nginx:1.27}]}
            otherTaskDefinitions:
              - {family: api, taskRoleArn: shared-task, containerDefinitions: [{name: api, image: api:1.0}]}
            roles:
              - roleName: shared-task
                assumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
            """
        let node = try #require(try YAMLLoader.parse(SourceFile(path: "e.yaml", text: text)).documents.first)
        let rendered = try #require(ExampleRenderer.render(try RuleExample(node: node, index: 0, sourcePath: "e.yaml")).first { $0.format == format })
        var files: [Workspace.File] = []
        for source in rendered.sources {
            guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(source)) else { Issue.record("\(source.path) does not load"); continue }
            files.append(Workspace.File(path: source.path, source: source, documents: documents))
        }
        let workspace = Workspace(files: files)
        let tasks = workspace.entries.filter { $0.resource.kind == .taskDefinition }
        #expect(Set(tasks.map { rendered.label(file: $0.file, resource: $0.resource.name) }) == ["TaskDefinition", "api"])
        let role = try #require(workspace.entries.first { $0.resource.kind == .iamRole })
        #expect(workspace.uses(of: role).count == 2, "\(format.rawValue)")
    }

    @Test(arguments: [
        "otherTaskDefinitions: [{family: api}]",
        "taskDefinition: {family: web}\notherTaskDefinitions: [{containerDefinitions: []}]",
        "taskDefinition: {family: web}\notherTaskDefinitions: [{family: web}]",
        "taskDefinition: {family: web}\notherTaskDefinitions: [{family: api}, {family: api}]",
        "taskDefinition: {family: web}\notherTaskDefinitions: [{family: Api}]",
        "taskDefinition: {family: web}\notherTaskDefinitions: [{family: app}]\nroles: [{roleName: app}]",
    ])
    func otherTaskDefinitionsNeedDistinctFamilies(_ body: String) throws {
        let node = try #require(try YAMLLoader.parse(SourceFile(path: "e.yaml", text: "description: bad\n" + body)).documents.first)
        #expect(throws: (any Error).self) { try RuleExample(node: node, index: 0, sourcePath: "e.yaml") }
    }
}

extension ExampleIAMRenderingTests {
    /// In Terraform the task definition names its roles by reference, each role holds exactly
    /// its own policies (`inline_policy`, `managed_policy_arns`), an attached policy is an
    /// `aws_iam_role_policy` of its role and a standalone one an `aws_iam_policy`.
    @Test func terraformLinksByReference() throws {
        let rendered = try #require(try Self.rendered().first { $0.format == .terraform })
        let text = rendered.source.text(SourceRange(start: 0, end: rendered.source.bytes.count))
        for expected in ["task_role_arn = aws_iam_role.web_task.arn", "execution_role_arn = aws_iam_role.web_execution.arn",
                         "resource \"aws_iam_role\" \"web_execution\" {", "inline_policy {\n  }", "managed_policy_arns = []",
                         "resource \"aws_iam_role_policy\" \"attached\" {", "role = aws_iam_role.web_task.id",
                         "resource \"aws_iam_policy\" \"standalone\" {", "policy = jsonencode({"] {
            #expect(text.contains(expected), "\(expected) not in:\n\(text)")
        }
        #expect(rendered.labels["aws_iam_role.web_task"] == "web-task" && rendered.labels["aws_iam_policy.standalone"] == "standalone")
    }
}
