import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
import ECSLintSchemaGenerator
import Foundation
import Testing

/// `rules/data/ecs-schema.json` is generated from rules/data/sources (`make refresh-facts`);
/// these tests keep it fresh and check the facts the schema rules rely on (ECS-FACTS.md §7).
@Suite struct SchemaTests {
    static let schemas = Repository.root.appendingPathComponent("rules/data/sources")

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
        #expect(fresh == stored, "rules/data/ecs-schema.json is stale: run `make generate-schema` (or `make refresh-facts`)")
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

    /// Required members are per source: the API's for its structures, CloudFormation's for a
    /// template's, which also lists what the API requires on top (without the names
    /// CloudFormation generates). Neither side's requirement reaches the other's input.
    @Test func requirementsArePerSource() throws {
        let structures = try #require(try Self.committed()["structures"] as? [String: [String: Any]])
        func required(_ key: String, _ list: String = "required") -> [String] { structures[key]?[list] as? [String] ?? [] }
        #expect(required("ecs.ContainerDefinition").isEmpty)                      // the model marks neither name nor image
        #expect(required("cfn.AWS::ECS::TaskDefinition.ContainerDefinition") == ["Image", "Name"])
        #expect(required("cfn.AWS::ECS::TaskDefinition.Tmpfs") == ["Size"])
        #expect(required("cfn.AWS::ECS::TaskDefinition.Tmpfs", "apiRequired") == ["ContainerPath"])
        #expect(required("ecs.RegisterTaskDefinitionRequest") == ["containerDefinitions", "family"])
        #expect(required("cfn.AWS::ECS::TaskDefinition").isEmpty)                 // ContainerDefinitions is optional in CloudFormation
        #expect(required("cfn.AWS::ECS::TaskDefinition", "apiRequired") == ["ContainerDefinitions"])  // no Family
        #expect(required("cfn.AWS::ECS::Service").isEmpty && required("cfn.AWS::ECS::Service", "apiRequired").isEmpty)  // no ServiceName
        // A deployment lifecycle hook: the API requires nothing, CloudFormation its stages only
        // (a PAUSE hook has no target or role).
        #expect(required("ecs.DeploymentLifecycleHook").isEmpty)
        #expect(required("cfn.AWS::ECS::Service.DeploymentLifecycleHook") == ["LifecycleStages"])
    }

    /// The generated schema names the sources rules/data/sources/SOURCES.json records.
    @Test func namesItsSources() throws {
        let sources = try #require(try Self.committed()["sources"] as? [String: String])
        let manifest = try FactSources.manifest()
        for (key, table) in [("ecs-api", "ecs"), ("cloudformation", "cloudformation")] {
            let source = try #require(manifest[key])
            let origin = "\(source["package"] as? String ?? "?") \(source["version"] as? String ?? "?") (data of \(source["date"] as? String ?? "?"))"
            #expect(sources[table]?.contains(origin) == true, "\(sources[table] ?? "")")
        }
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
         "unknown field 'sidecarOf' in containerDefinitions[0]: not in \(FactSources.apiModel); if AWS added it after that, update ecs-lint or declare it (ECS003's known-fields parameter)"),
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

/// rules/data/sources/SOURCES.json: what `make refresh-facts` read last.
enum FactSources {
    /// How messages name the ECS API model: "the ECS API model of 2026-12-02 (botocore 1.44.18)".
    static var apiModel: String {
        let source = (try? manifest())?["ecs-api"] ?? [:]
        return "the ECS API model of \(source["date"] as? String ?? "?") (\(source["package"] as? String ?? "?") \(source["version"] as? String ?? "?"))"
    }

    static func manifest() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent("rules/data/sources/SOURCES.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["sources"] as? [String: [String: Any]])
    }
}

/// A field or value the embedded model does not know is either a typo (an error, with a
/// suggestion) or newer than the model (a warning naming the model's date): a gate must not
/// fail on what AWS added after ecs-lint's tables were generated (issue 23).
@Suite struct ModelAgeTests {
    static let task = #"""
    {"family": "web", "Family": "x", "famly": "y", "brandNewField": true,
     "containerDefinitions": [{"name": "a", "image": "nginx:1.27", "memory": 512,
       "resourceRequirements": [{"type": "QuantumDevice", "value": "1"}, {"type": "GPUU", "value": "1"}, {"type": "gpu", "value": "1"}]}]}
    """#

    static func findings(_ configuration: Configuration = Configuration()) throws -> [String: (Severity, String)] {
        let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations, configuration: configuration)
        let report = linter.lint(SourceFile(path: "task.json", text: Self.task))
        return Dictionary(report.diagnostics.filter { ["ECS003", "ECS005"].contains($0.code) }.map { ($0.logicalPath ?? "", ($0.severity, $0.message)) },
                          uniquingKeysWith: { first, _ in first })
    }

    @Test func typosAreErrorsAndNewerNamesWarnings() throws {
        let found = try Self.findings()
        #expect(found["Family"]?.0 == .error)                       // case: a safe rename
        #expect(found["famly"]?.0 == .error)                        // within two edits of family
        #expect(found["famly"]?.1.contains("did you mean 'family'?") == true)
        #expect(found["containerDefinitions[0].resourceRequirements[1].type"]?.0 == .error)  // GPUU
        #expect(found["containerDefinitions[0].resourceRequirements[2].type"]?.0 == .error)  // gpu
        let field = try #require(found["brandNewField"])
        #expect(field.0 == .warning)
        #expect(field.1.contains("not in the ECS API model of 20") && field.1.contains("(botocore "), "\(field.1)")
        let value = try #require(found["containerDefinitions[0].resourceRequirements[0].type"])
        #expect(value.0 == .warning)
        #expect(value.1.contains("in the ECS API model of 20"), "\(value.1)")
    }

    @Test func theConfigurationDeclaresNewerFieldsAndValues() throws {
        let text = """
        rules:
          ECS003: {known-fields: [brandNewField]}
          ECS005: {known-values: ["containerDefinitions[].resourceRequirements[].type=QuantumDevice"]}
        """
        let configuration = try Configuration.parse(SourceFile(path: ".ecs-lint.yaml", text: text, lineBreaks: .yaml), displayPath: ".ecs-lint.yaml", catalog: Repository.catalog)
        let found = try Self.findings(configuration)
        #expect(found["brandNewField"] == nil)
        #expect(found["containerDefinitions[0].resourceRequirements[0].type"] == nil)
        // Typos stay errors.
        #expect(found["famly"]?.0 == .error)
        #expect(found["containerDefinitions[0].resourceRequirements[1].type"]?.0 == .error)
    }
}
