import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Testing

@Suite struct LoaderTests {
    func load(_ text: String, path: String = "t.json") throws -> Loader.Outcome {
        Loader.load(try SyntaxKind.parse(SourceFile(path: path, text: text)))
    }

    func documents(_ text: String, path: String = "t.json") throws -> [Document] {
        guard case .loaded(let documents) = try load(text, path: path) else {
            Issue.record("not loaded")
            return []
        }
        return documents
    }

    @Test(arguments: [
        (#"{"family": "a", "containerDefinitions": []}"#, "t.json", "ecs-task-definition"),
        (#"{"taskDefinition": {"family": "a", "containerDefinitions": [], "revision": 3}}"#, "t.json", "ecs-task-definition-describe"),
        (#"[{"name": "web", "image": "nginx"}]"#, "containers.json", "ecs-container-definitions"),
        (#"{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 1}"#, "t.json", "ecs-service"),
        (#"{"service": {"serviceName": "web", "serviceArn": "arn:aws:ecs:us-east-1:1:service/web"}}"#, "t.json", "ecs-service"),
        (#"{"services": [{"serviceName": "web", "cluster": "c"}], "failures": []}"#, "t.json", "ecs-service"),
        ("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n", "t.yaml", "cloudformation"),
        ("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", "t.template", "cloudformation"),
        (#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#, "t.json", "cloudformation"),
        (#"{"clusterName": "prod", "settings": [{"name": "containerInsights", "value": "enabled"}]}"#, "t.json", "ecs-cluster"),
        (#"{"clusters": [{"clusterArn": "arn:aws:ecs:us-east-1:1:cluster/prod", "clusterName": "prod"}], "failures": []}"#, "t.json", "ecs-cluster"),
        ("version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n", "appspec.yml", "codedeploy-appspec"),
    ])
    func recognisesFormats(_ text: String, _ path: String, _ format: String) throws {
        #expect(try documents(text, path: path).first?.format.rawValue == format)
    }

    @Test(arguments: [
        (#"{"name": "my-package", "version": "1.0.0"}"#, "package.json"),
        ("on: push\njobs: {}\n", "workflow.yml"),
        ("version: 0.0\nResources:\n  - fn:\n      Type: AWS::Lambda::Function\n", "appspec.yml"),
        ("version: 0.0\nos: linux\nfiles: []\n", "appspec.yml"),
        ("clusterName: eks-prod\nregion: us-east-1\n", "values.yaml"),
        (#"{"AWSEBDockerrunVersion": 2, "containerDefinitions": []}"#, "Dockerrun.aws.json"),
        ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "cm.yaml"),
        ("", "empty.yaml"),
    ])
    func skipsEverythingElse(_ text: String, _ path: String) throws {
        guard case .skipped = try load(text, path: path) else {
            Issue.record("\(path) was loaded")
            return
        }
    }

    /// The ECS agent's functional-test templates write `$$$EXECUTION_ROLE$$$` (three dollars).
    @Test(arguments: ["$$$EXECUTION_ROLE$$$", "$$$$CPU$$$$", "<IMAGE1_NAME>", "${ROLE}", "{{ role }}"])
    func templatePlaceholdersAreUnresolved(_ text: String) throws {
        let task = try #require(try documents(#"{"family": "web", "executionRoleArn": "\#(text)", "containerDefinitions": []}"#).first?.resources.first)
        #expect(task.properties["executionRoleArn"]?.isUnresolved == true)
    }

    @Test func appSpecPropertiesAreCanonical() throws {
        let text = """
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: <TASK_DEFINITION>
                LoadBalancerInfo:
                  ContainerName: web
                  ContainerPort: 8080
        """
        let service = try #require(try documents(text, path: "appspec.yaml").first?.resources.first)
        #expect(service.kind == .appSpec)
        #expect(service.name == "TargetService")
        #expect(service.properties["taskDefinition"]?.isUnresolved == true)
        let containerName = try #require(service.properties["loadBalancerInfo"]?["containerName"])
        #expect(containerName.string == "web")
        #expect(containerName.path == "loadBalancerInfo.containerName")
        #expect(service.properties["loadBalancerInfo"]?.members?.first?.writtenName == "ContainerName")
    }

    @Test func describeOutputAndPlaceholdersAreCanonical() throws {
        let task = try #require(try documents(#"{"taskDefinition": {"family": "web", "cpu": "$$$$CPU$$$$", "containerDefinitions": [{"name": "web", "image": "<IMAGE1_NAME>"}]}}"#).first?.resources.first)
        #expect(task.name == "web")
        #expect(task.properties["cpu"]?.isUnresolved == true)
        let image = try #require(task.properties["containerDefinitions"]?.array?.first?["image"])
        #expect(image.isUnresolved)
        #expect(image.path == "containerDefinitions[0].image")
    }

    @Test func bareContainerArrayGetsCanonicalPaths() throws {
        let task = try #require(try documents(#"[{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]"#).first?.resources.first)
        #expect(task.properties["containerDefinitions"]?.array?[1]["name"]?.path == "containerDefinitions[1].name")
    }

    @Test func cloudFormationNamesMapToTheAPI() throws {
        let template = """
            Resources:
              Task:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ContainerDefinitions:
                    - Name: web
                      LogConfiguration:
                        LogDriver: awslogs
                        Options: {awslogs-group: /ecs/web, Awslogs-Region: us-east-1}
                      DockerLabels: {Team: core}
                  Volumes:
                    - Name: data
                      EFSVolumeConfiguration:
                        FilesystemId: fs-1
                        AuthorizationConfig: {IAM: ENABLED}
                  ProxyConfiguration:
                    ProxyConfigurationProperties: [{Name: IgnoredUID, Value: "1337"}]
              Service:
                Type: AWS::ECS::Service
                Properties:
                  PlacementStrategies: [{Type: spread, Field: instanceId}]
            """
        let resources = try #require(try documents(template, path: "t.yaml").first?.resources)
        let task = resources[0].properties
        let options = try #require(task["containerDefinitions"]?.array?.first?["logConfiguration"]?["options"])
        #expect(options.members?.map(\.name) == ["awslogs-group", "Awslogs-Region"])
        #expect(task["containerDefinitions"]?.array?.first?["dockerLabels"]?["Team"]?.string == "core")
        let efs = try #require(task["volumes"]?.array?.first?["efsVolumeConfiguration"])
        #expect(efs["fileSystemId"]?.string == "fs-1")
        #expect(efs["authorizationConfig"]?["iam"]?.string == "ENABLED")
        #expect(task["proxyConfiguration"]?["properties"]?.array?.first?["name"]?.string == "IgnoredUID")
        #expect(resources[1].properties["placementStrategy"]?.array?.first?["field"]?.string == "instanceId")
    }

    @Test(arguments: [
        ("A: !Ref Role", "Ref", "Role", nil as String?),
        ("A: {Ref: Role}", "Ref", "Role", nil),
        ("A: !GetAtt Role.Arn", "Fn::GetAtt", "Role", "Arn"),
        ("A: {\"Fn::GetAtt\": [Role, Arn]}", "Fn::GetAtt", "Role", "Arn"),
        ("A: !Sub '${Role.Arn}'", "Fn::Sub", "Role", "Arn"),
        ("A: !Sub ['arn:${AWS::Partition}:iam::1:role/${Name}', {Other: x}]", "Fn::Sub", "Name", nil),
    ])
    func intrinsicsKeepWhatTheyReferTo(_ line: String, _ function: String, _ target: String, _ attribute: String?) throws {
        let template = "Resources:\n  T:\n    Type: AWS::ECS::Service\n    Properties:\n      " + line + "\n"
        let value = try #require(try documents(template, path: "t.yaml").first?.resources.first?.properties["a"])
        guard case .intrinsic(let intrinsic)? = value.unresolved else {
            Issue.record("not an intrinsic")
            return
        }
        #expect(intrinsic.function == function)
        #expect(intrinsic.references == [Reference(target: target, attribute: attribute)])
    }

    @Test func subLocalVariablesAndPseudoParametersAreNotReferences() {
        #expect(CloudFormationLoader.subReferences("${AWS::Region}-${!Literal}-${X}") == [Reference(target: "X")])
    }

    @Test func dynamicReferencesAreUnresolved() throws {
        let template = #"{"Resources": {"T": {"Type": "AWS::ECS::Service", "Properties": {"A": "{{resolve:ssm:/x}}"}}}}"#
        let value = try #require(try documents(template).first?.resources.first?.properties["a"])
        guard case .dynamicReference? = value.unresolved else {
            Issue.record("not a dynamic reference")
            return
        }
    }
}
