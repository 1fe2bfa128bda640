import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Testing

/// How the run's resources find each other across files (`Workspace`): exact links resolve,
/// anything ambiguous or outside the run resolves to nothing.
@Suite struct WorkspaceTests {
    static func workspace(_ files: [(String, String)]) throws -> Workspace {
        try Workspace(files: files.map { path, text in
            let source = SourceFile(path: path, text: text)
            guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(source)) else {
                throw LoadFailure(path: path)
            }
            return Workspace.File(path: path, source: source, documents: documents)
        })
    }

    struct LoadFailure: Error { let path: String }

    static func only(_ kind: Resource.Kind, in workspace: Workspace, file: String? = nil) throws -> Workspace.Entry {
        let matches = workspace.entries.filter { $0.resource.kind == kind && (file == nil || $0.file == file) }
        try #require(matches.count == 1)
        return matches[0]
    }

    static let web = #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx"}]}"#

    @Test(arguments: [
        ("web", true),
        ("web:3", true),
        ("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", true),
        ("arn:aws-us-gov:ecs:us-gov-west-1:123456789012:task-definition/web", true),
        ("api", false),
        ("web:latest", false),
        ("arn:aws:ecs:us-east-1:123456789012:task-definition/", false),
    ])
    func serviceFindsItsTaskDefinitionByFamily(_ reference: String, _ resolves: Bool) throws {
        let workspace = try Self.workspace([
            ("taskdef.json", Self.web),
            ("service.json", #"{"serviceName": "web", "taskDefinition": "\#(reference)", "desiredCount": 1}"#),
        ])
        let service = try Self.only(.service, in: workspace)
        let task = workspace.taskDefinition(of: service.resource, in: "service.json")
        #expect((task?.file == "taskdef.json") == resolves)
        let task0 = try Self.only(.taskDefinition, in: workspace)
        #expect(workspace.services(running: task0.resource, in: "taskdef.json").count == (resolves ? 1 : 0))
    }

    @Test func twoTaskDefinitionsOfOneFamilyAreAmbiguous() throws {
        let workspace = try Self.workspace([
            ("dev/taskdef.json", Self.web), ("prod/taskdef.json", Self.web),
            ("service.json", #"{"serviceName": "web", "taskDefinition": "web", "desiredCount": 1}"#),
        ])
        let service = try Self.only(.service, in: workspace)
        #expect(workspace.taskDefinition(of: service.resource, in: "service.json") == nil)
    }

    @Test func aRevisionPicksAmongDescribeOutputs() throws {
        let describe = { (revision: Int) in #"{"taskDefinition": {"family": "web", "revision": \#(revision), "containerDefinitions": []}}"# }
        let workspace = try Self.workspace([
            ("web-2.json", describe(2)), ("web-3.json", describe(3)),
            ("service.json", #"{"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 1}"#),
        ])
        let service = try Self.only(.service, in: workspace)
        #expect(workspace.taskDefinition(of: service.resource, in: "service.json")?.file == "web-3.json")
    }

    @Test func cloudFormationLinksByRefInTheSameTemplateOnly() throws {
        let template = """
        Resources:
          Task: {Type: AWS::ECS::TaskDefinition, Properties: {ContainerDefinitions: [{Name: web, Image: nginx}]}}
          Cluster: {Type: AWS::ECS::Cluster, Properties: {CapacityProviders: [FARGATE]}}
          Associations:
            Type: AWS::ECS::ClusterCapacityProviderAssociations
            Properties: {Cluster: !Ref Cluster, CapacityProviders: [FARGATE_SPOT], DefaultCapacityProviderStrategy: []}
          TargetGroup: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {TargetType: ip}}
          Service:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: !Ref Task
              Cluster: !GetAtt Cluster.Arn
              LoadBalancers: [{ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref TargetGroup}]
        """
        let workspace = try Self.workspace([("a.yaml", template), ("b.yaml", template)])
        let service = try Self.only(.service, in: workspace, file: "b.yaml")
        #expect(workspace.taskDefinition(of: service.resource, in: "b.yaml")?.file == "b.yaml")
        let cluster = try #require(workspace.cluster(of: service.resource, in: "b.yaml"))
        #expect(cluster.file == "b.yaml")
        #expect(workspace.capacityProviders(of: cluster) == [.name("FARGATE"), .name("FARGATE_SPOT")])
        let targetGroupArn = try #require(service.resource.properties["loadBalancers"]?.array?.first?["targetGroupArn"])
        #expect(workspace.referenced(targetGroupArn, kind: .targetGroup, from: service.resource, in: "b.yaml")?.resource.properties["targetType"]?.string == "ip")
    }

    @Test func clustersMatchByNameOrArn() throws {
        let workspace = try Self.workspace([
            ("cluster.json", #"{"clusterName": "prod", "capacityProviders": ["FARGATE"], "settings": []}"#),
            ("a.json", #"{"serviceName": "a", "cluster": "prod", "taskDefinition": "x"}"#),
            ("b.json", #"{"serviceName": "b", "cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "taskDefinition": "x"}"#),
            ("c.json", #"{"serviceName": "c", "cluster": "staging", "taskDefinition": "x"}"#),
        ])
        for (file, found) in [("a.json", true), ("b.json", true), ("c.json", false)] {
            let service = try Self.only(.service, in: workspace, file: file)
            #expect((workspace.cluster(of: service.resource, in: file) != nil) == found, "\(file)")
        }
    }

    @Test func clusterWithoutDeclaredProvidersIsUnknown() throws {
        let workspace = try Self.workspace([("cluster.json", #"{"clusterName": "prod", "settings": []}"#)])
        #expect(workspace.capacityProviders(of: try Self.only(.cluster, in: workspace)) == nil)
    }

    @Test func appSpecPlaceholderIsTheTaskDefinitionBesideIt() throws {
        let appSpec = "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: <TASK_DEFINITION>\n"
        let workspace = try Self.workspace([
            ("deploy/appspec.yaml", appSpec), ("deploy/taskdef.json", Self.web), ("other/taskdef.json", Self.web),
        ])
        let service = try Self.only(.appSpec, in: workspace)
        #expect(workspace.taskDefinition(of: service.resource, in: "deploy/appspec.yaml")?.file == "deploy/taskdef.json")

        let crowded = try Self.workspace([("appspec.yaml", appSpec), ("a.json", Self.web), ("b.json", Self.web)])
        let lonely = try Self.only(.appSpec, in: crowded)
        #expect(crowded.taskDefinition(of: lonely.resource, in: "appspec.yaml") == nil)
    }

    static func ackTask(_ name: String, namespace: String?) -> String {
        """
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata: {name: \(name)\(namespace.map { ", namespace: \($0)" } ?? "")}
        spec: {family: web, containerDefinitions: [{name: web, image: nginx}]}
        """
    }

    /// `taskDefinitionRef` names an object: by its name, in the reference's namespace or else the
    /// referring object's, across files; two candidates are no link.
    @Test(arguments: [
        ("{from: {name: web-task}}", "shop", [("shop", true)]),
        ("{from: {name: web-task}}", "shop", [("other", false)]),
        ("{from: {name: web-task, namespace: other}}", "shop", [("other", true)]),
        ("{from: {name: web-task}}", nil, [("shop", false), ("other", false)]),
        ("{from: {name: api-task}}", "shop", [("shop", false)]),
    ] as [(String, String?, [(String, Bool)])])
    func kubernetesReferencesNameObjects(_ reference: String, _ namespace: String?, _ tasks: [(String, Bool)]) throws {
        var files = tasks.enumerated().map { ("task\($0.offset).yaml", Self.ackTask("web-task", namespace: $0.element.0)) }
        files.append(("service.yaml", """
            apiVersion: ecs.services.k8s.aws/v1alpha1
            kind: Service
            metadata: {name: web\(namespace.map { ", namespace: \($0)" } ?? "")}
            spec: {name: web, taskDefinitionRef: \(reference)}
            """))
        let workspace = try Self.workspace(files)
        let service = try Self.only(.service, in: workspace)
        let task = workspace.taskDefinition(of: service.resource, in: "service.yaml")
        let expected = tasks.enumerated().first { $0.element.1 }.map { "task\($0.offset).yaml" }
        #expect(task?.file == expected)
    }

    /// project-planton's service runs the task definition built from the same object, and finds
    /// its cluster through `valueFrom`.
    @Test func plantonServiceRunsItsOwnTaskInTheNamedCluster() throws {
        let workspace = try Self.workspace([
            ("service.yaml", """
                apiVersion: aws.project-planton.org/v1
                kind: AwsEcsService
                metadata: {name: api}
                spec:
                  clusterArn: {valueFrom: {kind: AwsEcsCluster, name: prod}}
                  container: {image: {repo: api, tag: "1"}, cpu: 256, memory: 512}
                """),
            ("cluster.yaml", "apiVersion: aws.project-planton.org/v1\nkind: AwsEcsCluster\nmetadata: {name: prod}\nspec: {enableContainerInsights: true}\n"),
        ])
        let service = try Self.only(.service, in: workspace)
        #expect(workspace.taskDefinition(of: service.resource, in: "service.yaml")?.resource.object?.name == "api")
        #expect(workspace.cluster(of: service.resource, in: "service.yaml")?.file == "cluster.yaml")
    }

    // MARK: Task roles by name (IAM010)

    /// Task definitions find each other by the task role's name when the run does not hold the
    /// role: names compare without regard to case and path, accounts when both say one; a
    /// parameter or a logical ID of another template is no name.
    @Test(arguments: [
        ("app", true, true),
        ("App", true, true),
        ("arn:aws:iam::123456789012:role/app", true, true),
        ("arn:aws:iam::123456789012:role/service/app", true, true),
        ("arn:aws:iam::210987654321:role/app", false, true),
        ("arn:aws:iam::123456789012:role/app-2", false, false),
        ("arn:aws:iam::123456789012:instance-profile/app", false, false),
    ])
    func taskDefinitionsShareATaskRoleByName(_ other: String, _ shared: Bool, _ sameName: Bool) throws {
        let workspace = try Self.workspace([
            ("web.json", #"{"family": "web", "taskRoleArn": "arn:aws:iam::123456789012:role/app", "containerDefinitions": []}"#),
            ("api.json", #"{"family": "api", "taskRoleArn": "\#(other)", "containerDefinitions": []}"#),
        ])
        let found = workspace.taskDefinitions(usingTaskRole: .named("app", account: "123456789012")).map(\.file)
        #expect(found == (shared ? ["web.json", "api.json"] : ["web.json"]))
        // Without an account, any account's role of the name.
        #expect(workspace.taskDefinitions(usingTaskRole: .named("APP", account: nil)).count == (sameName ? 2 : 1))
    }

    @Test func templateTaskRolesAreNamedByTheirRoleName() throws {
        let template = """
        Parameters:
          RoleArn: {Type: String}
        Resources:
          Named: {Type: AWS::IAM::Role, Properties: {RoleName: app, AssumeRolePolicyDocument: {}}}
          Unnamed: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}
          A: {Type: AWS::ECS::TaskDefinition, Properties: {TaskRoleArn: !GetAtt Named.Arn, ContainerDefinitions: []}}
          B: {Type: AWS::ECS::TaskDefinition, Properties: {TaskRoleArn: !Ref Unnamed, ContainerDefinitions: []}}
          C: {Type: AWS::ECS::TaskDefinition, Properties: {TaskRoleArn: !Ref RoleArn, ContainerDefinitions: []}}
          D: {Type: AWS::ECS::TaskDefinition, Properties: {ExecutionRoleArn: app, ContainerDefinitions: []}}
        """
        let workspace = try Self.workspace([("template.yaml", template)])
        #expect(workspace.taskDefinitions(usingTaskRole: .named("app", account: nil)).map(\.resource.logicalID) == ["A"])
        #expect(workspace.taskDefinitions(usingTaskRole: .logical("Unnamed")).isEmpty)
        #expect(workspace.taskDefinitions(usingTaskRole: .named("RoleArn", account: nil)).isEmpty)
    }

    /// `get-account-authorization-details` lists customer managed policies by `PolicyName` and
    /// `Arn`; a role's attached ARN finds them by name (and ARN), as `create-policy` input does.
    @Test(arguments: [
        ("arn:aws:iam::123456789012:policy/app-reads", true),
        ("arn:aws:iam::123456789012:policy/team/app-reads", false),
        ("arn:aws:iam::123456789012:policy/other", false),
    ])
    func authorizationDetailsManagedPoliciesResolve(_ attached: String, _ resolves: Bool) throws {
        let details = """
        {"RoleDetailList": [{"RoleName": "app", "AssumeRolePolicyDocument": {"Statement": []}, "RolePolicyList": [],
          "AttachedManagedPolicies": [{"PolicyName": "app-reads", "PolicyArn": "\(attached)"}]}],
         "Policies": [{"PolicyName": "app-reads", "Arn": "arn:aws:iam::123456789012:policy/app-reads",
          "PolicyVersionList": [{"IsDefaultVersion": true, "Document": {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}]}
        """
        let workspace = try Self.workspace([("iam.json", details)])
        let role = try Self.only(.iamRole, in: workspace)
        let arn = try #require(role.resource.properties["managedPolicyArns"]?.array?.first)
        #expect((workspace.managedPolicy(arn, from: role)?.resource.properties["managedPolicyName"]?.string == "app-reads") == resolves)
        // An inline policy of a role (get-role-policy output) is no managed policy.
        let inline = try Self.workspace([("p.json", #"{"RoleName": "app", "PolicyName": "app-reads", "PolicyDocument": {"Statement": []}}"#), ("iam.json", details)])
        let inlineRole = try Self.only(.iamRole, in: inline)
        let inlineArn = try #require(inlineRole.resource.properties["managedPolicyArns"]?.array?.first)
        #expect((inline.managedPolicy(inlineArn, from: inlineRole)?.file == "iam.json") == resolves)
    }
}
