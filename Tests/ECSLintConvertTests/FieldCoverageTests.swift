@testable import ECSLintConvert
import Foundation
import Testing

/// `FieldCoverage`'s lists are what the generated schema (rules/data/ecs-schema.json: the ECS API
/// model and CloudFormation's resource schemas) has on one side only. When the schema is
/// regenerated with new fields, this fails until the lists follow.
@Suite struct FieldCoverageTests {
    struct Difference {
        var ecsOnlyOutput: Set<String> = []
        var ecsOnlyInput: Set<String> = []
        var cloudFormationOnly: Set<String> = []
    }

    static var schema: [String: Any] {
        let url = Repository.root.appendingPathComponent("rules/data/ecs-schema.json")
        return (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
    }

    /// Walks the ECS and CloudFormation structures of one resource side by side.
    static func difference(_ kind: String) -> Difference {
        let schema = Self.schema
        let roots = schema["roots"] as? [String: [String: String]] ?? [:]
        let structures = schema["structures"] as? [String: [String: Any]] ?? [:]
        var result = Difference()
        var seen: Set<String> = []
        func members(_ key: String) -> [String: [String: Any]] { structures[key]?["members"] as? [String: [String: Any]] ?? [:] }
        func reference(_ field: [String: Any]) -> String? {
            field["ref"] as? String ?? (field["items"] as? [String: Any])?["ref"] as? String ?? (field["values"] as? [String: Any])?["ref"] as? String
        }
        func walk(_ ecs: String, _ cloudFormation: String, _ path: String) {
            guard seen.insert(ecs + "|" + cloudFormation).inserted else { return }
            var cloudFormationByName: [String: [String: Any]] = [:]
            for (written, field) in members(cloudFormation) { cloudFormationByName[field["name"] as? String ?? written] = field }
            var ecsNames: Set<String> = []
            for (written, field) in members(ecs) {
                let name = field["name"] as? String ?? written
                ecsNames.insert(name)
                let fieldPath = path.isEmpty ? name : path + "." + name
                let list = field["type"] as? String == "list" ? "[]" : ""
                guard let counterpart = cloudFormationByName[name] else {
                    if field["readOnly"] as? Bool == true || field["output"] as? Bool == true {
                        result.ecsOnlyOutput.insert(fieldPath)
                    } else {
                        result.ecsOnlyInput.insert(fieldPath)
                    }
                    continue
                }
                if let inner = reference(field), let other = reference(counterpart) { walk(inner, other, fieldPath + list) }
            }
            for (name, field) in cloudFormationByName where !ecsNames.contains(name) && field["readOnly"] as? Bool != true {
                result.cloudFormationOnly.insert(path.isEmpty ? name : path + "." + name)
            }
        }
        if let ecs = roots["ecs"]?[kind], let cloudFormation = roots["cloudformation"]?[kind] { walk(ecs, cloudFormation, "") }
        return result
    }

    @Test func taskDefinitionLists() {
        let difference = Self.difference("taskDefinition")
        // taskDefinitionArn is in CloudFormation's schema too, as a read-only (return) value.
        #expect(difference.ecsOnlyOutput.union(["taskDefinitionArn"]) == FieldCoverage.taskDefinitionOutput)
        #expect(difference.ecsOnlyInput == FieldCoverage.taskDefinitionNotInCloudFormation)
        #expect(difference.cloudFormationOnly.isEmpty)
    }

    @Test func serviceLists() {
        let difference = Self.difference("service")
        // serviceArn is in CloudFormation's schema too, as a read-only (return) value.
        #expect(difference.ecsOnlyOutput.union(["serviceArn"]) == FieldCoverage.serviceOutput)
        #expect(difference.ecsOnlyInput == FieldCoverage.serviceNotInCloudFormation)
        #expect(difference.cloudFormationOnly == FieldCoverage.serviceNotInECS)
    }

    @Test func patternsNameAnyIndex() {
        #expect(FieldCoverage.pattern("deploymentConfiguration.lifecycleHooks[12].targetType") == "deploymentConfiguration.lifecycleHooks[].targetType")
        #expect(FieldCoverage.pattern("gatewayConnectors[0].deregistrationDelay") == "gatewayConnectors[].deregistrationDelay")
        #expect(FieldCoverage.pattern(#"options["a.b"]"#) == #"options["a.b"]"#)
    }
}

/// docs/convert.md's Kubernetes table names every field of a task definition, a container and a
/// service in the ECS API model (rules/data/ecs-schema.json): a field ECS adds must be mapped or
/// documented as lost.
@Suite struct MappingTableTests {
    @Test(arguments: ["ecs.RegisterTaskDefinitionRequest", "ecs.ContainerDefinition", "ecs.CreateServiceRequest"])
    func theTableNamesEveryField(_ structure: String) throws {
        let document = try String(contentsOf: Repository.root.appendingPathComponent("docs/convert.md"), encoding: .utf8)
        let table = try #require(document.components(separatedBy: "### Mapping of every ECS field").last)
        let firstColumn = Set(table.split(separator: "\n").filter { $0.hasPrefix("| `") }.flatMap { row in
            (row.split(separator: "|").first ?? "").split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        })
        let structures = FieldCoverageTests.schema["structures"] as? [String: [String: Any]] ?? [:]
        let members = (structures[structure]?["members"] as? [String: Any] ?? [:]).keys
        #expect(!members.isEmpty)
        let missing = members.filter { !firstColumn.contains($0) }.sorted()
        #expect(missing.isEmpty, "not in docs/convert.md's Kubernetes table: \(missing)")
    }
}
