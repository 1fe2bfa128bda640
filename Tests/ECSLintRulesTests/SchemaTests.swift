import ECSLintEngine
import ECSLintSyntax
import ECSLintSchemaGenerator
import Foundation
import Testing

/// `rules/data/ecs-schema.json` is generated from ../shared/schemas; these tests keep it fresh
/// and check the facts the schema rules rely on (ECS-FACTS.md §7).
@Suite struct SchemaTests {
    static let schemas = Repository.root.deletingLastPathComponent().appendingPathComponent("shared/schemas")

    static func committed() throws -> [String: Any] {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent(SchemaGenerator.outputPath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func member(_ structure: String, _ name: String) throws -> [String: Any] {
        let structures = try #require(try committed()["structures"] as? [String: [String: Any]])
        let members = try #require(structures[structure]?["members"] as? [String: [String: Any]], "no structure \(structure)")
        return try #require(members[name], "\(structure) has no \(name)")
    }

    @Test func generatedSchemaIsFresh() throws {
        var generator = try SchemaGenerator(schemasDirectory: Self.schemas)
        let fresh = try generator.generate()
        let stored = try String(contentsOf: Repository.root.appendingPathComponent(SchemaGenerator.outputPath), encoding: .utf8)
        #expect(fresh == stored, "rules/data/ecs-schema.json is stale: run `make generate-schema`")
    }

    /// CloudFormation names that are not a case change of the API's keep both spellings.
    @Test(arguments: [
        ("cfn.AWS::ECS::TaskDefinition.EFSVolumeConfiguration", "FilesystemId", "fileSystemId"),
        ("cfn.AWS::ECS::TaskDefinition.Volume", "EFSVolumeConfiguration", "efsVolumeConfiguration"),
        ("cfn.AWS::ECS::TaskDefinition.ProxyConfiguration", "ProxyConfigurationProperties", "properties"),
        ("cfn.AWS::ECS::Service", "PlacementStrategies", "placementStrategy"),
    ])
    func cloudFormationSpellingsMapToCanonicalNames(_ structure: String, _ written: String, _ canonical: String) throws {
        #expect(try Self.member(structure, written)["name"] as? String == canonical)
    }

    /// The API's enumerations win where CloudFormation's schema lags (ECS-FACTS.md §7.6).
    @Test func enumerationsComeFromTheAPI() throws {
        #expect((try Self.member("cfn.AWS::ECS::Service", "LaunchType")["enum"] as? [String])?.contains("MANAGED_INSTANCES") == true)
        #expect((try Self.member("cfn.AWS::ECS::Service", "PropagateTags")["enum"] as? [String])?.contains("NONE") == true)
        #expect((try Self.member("cfn.AWS::ECS::TaskDefinition.LogConfiguration", "LogDriver")["enum"] as? [String])?.contains("awsfirelens") == true)
    }

    /// Required members are the union of both sides, without the names CloudFormation generates.
    @Test func requirementsAreTheUnion() throws {
        let structures = try #require(try Self.committed()["structures"] as? [String: [String: Any]])
        func required(_ key: String) -> [String] { structures[key]?["required"] as? [String] ?? [] }
        #expect(required("ecs.ContainerDefinition") == ["image", "name"])         // from CloudFormation
        #expect(required("cfn.AWS::ECS::TaskDefinition.Tmpfs") == ["ContainerPath", "Size"])  // API adds ContainerPath
        #expect(required("ecs.RegisterTaskDefinitionRequest") == ["containerDefinitions", "family"])
        #expect(required("cfn.AWS::ECS::TaskDefinition") == ["ContainerDefinitions"])  // no Family
        #expect(required("cfn.AWS::ECS::Service").isEmpty)                        // no ServiceName
    }

    /// Describe output is known: read-only for task definitions, output-only for services.
    @Test func describeOutputIsMarked() throws {
        #expect(try Self.member("ecs.RegisterTaskDefinitionRequest", "revision")["readOnly"] as? Bool == true)
        #expect(try Self.member("ecs.CreateServiceRequest", "runningCount")["output"] as? Bool == true)
        #expect(try Self.member("cfn.AWS::ECS::TaskDefinition", "TaskDefinitionArn")["readOnly"] as? Bool == true)
        #expect(try Self.member("ecs.RegisterTaskDefinitionRequest", "family")["readOnly"] == nil)
    }
}

/// What the schema rules say: the name as written, the case fix, the nearest name within two
/// edits, and nothing when no name is near.
@Suite struct SchemaMessageTests {
    @Test(arguments: [
        (#"{"family": "w", "containerDefinitions": [{"name": "w", "image": "i", "healthcheck": {}}]}"#, "ECS003",
         "unknown field 'healthcheck' in containerDefinitions[0]: the ECS API spells it 'healthCheck'"),
        (#"{"family": "w", "containerDefinitions": [{"name": "w", "image": "i", "memoryReservaton": 64}]}"#, "ECS003",
         "unknown field 'memoryReservaton' in containerDefinitions[0]: the ECS API has no such field (did you mean 'memoryReservation'?)"),
        (#"{"family": "w", "containerDefinitions": [{"name": "w", "image": "i", "sidecarOf": "x"}]}"#, "ECS003",
         "unknown field 'sidecarOf' in containerDefinitions[0]: the ECS API has no such field"),
        (#"{"family": "w", "pidMode": "tsak", "containerDefinitions": [{"name": "w", "image": "i"}]}"#, "ECS005",
         "pidMode is 'tsak', not one of host, task (did you mean 'task'?)"),
        (#"{"family": "w", "containerDefinitions": [{"name": "w", "image": "i", "cpu": "256"}]}"#, "ECS004",
         "containerDefinitions[0].cpu must be an integer, not the string \"256\": ECS JSON needs the number without quotes (256)"),
    ])
    func messages(_ task: String, _ code: String, _ expected: String) throws {
        let report = try Pipeline.linter().lint(SourceFile(path: "task.json", text: task))
        #expect(report.diagnostics.filter { $0.code == code }.map(\.message) == [expected])
    }

    @Test func unresolvedReferenceSuggestsTheNearestDefinedName() throws {
        let template = """
        Parameters:
          ImageTag: {Type: String}
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - {Name: web, Image: !Sub "nginx:${ImageTg}"}
        """
        let report = try Pipeline.linter().lint(SourceFile(path: "stack.yaml", text: template, lineBreaks: .yaml))
        #expect(report.diagnostics.filter { $0.code == "ECS010" }.map(\.message)
                == ["Fn::Sub names 'ImageTg', but the template defines no resource or parameter 'ImageTg' (did you mean 'ImageTag'?)"])
    }
}
