@testable import ECSLintConvert
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Testing

/// Converting and converting back gives the same canonical model, except exactly what the
/// conversions reported as not carried.
@Suite struct RoundTripTests {
    @Test func theCorpusHasFilesOfBothKinds() {
        #expect(CorpusFile.ecsJSON.count > 150, "ECS JSON files of ../shared/corpus")
        #expect(CorpusFile.cloudFormation.count > 150, "CloudFormation files of ../shared/corpus")
    }

    /// ECS JSON → CloudFormation YAML → ECS JSON. Describe-only fields are the usual losses; the
    /// second step carries everything (a template written from ECS JSON holds nothing ECS lacks).
    @Test(arguments: CorpusFile.ecsJSON)
    func ecsJSONThroughCloudFormationYAML(_ file: CorpusFile) throws {
        let original = try file.load()
        let toTemplate = try Converter.convert([original], to: .cloudFormationYAML)
        let carried = try #require(toTemplate.files.first).carried
        // Reported losses are exactly the values left out (and resources no target form has).
        let resourceLosses = Set(original.documents.flatMap(\.resources).filter { resource in
            !carried.contains { $0.resource.range == resource.range }
        }.map { ValueLocation(path: "", range: $0.range) })
        #expect(Convert.lossLocations(toTemplate) == carried.reduce(resourceLosses) { $0.union($1.lost) })

        let template = try Convert.reload(toTemplate)
        let back = try Converter.convert(template, to: .ecsJSON)
        #expect(back.losses.isEmpty, "\(back.losses.prefix(3))")
        let reloaded = try Convert.reload(back)
        try #require(reloaded.count == carried.count)
        for (item, output) in zip(carried, reloaded) {
            let resource = try #require(output.documents.first?.resources.first)
            #expect(resource.kind == item.resource.kind)
            let expected = try #require(item.expectedProperties)
            let differences = ModelComparison.differences(expected: expected, actual: resource.properties)
            #expect(differences.isEmpty, "\(item.resource.subject): \(differences)")
        }
    }

    /// CloudFormation JSON → YAML → JSON (or YAML → JSON → YAML): every resource the model holds
    /// comes back the same, intrinsic functions included, and the rest of the template survives.
    @Test(arguments: CorpusFile.cloudFormation)
    func cloudFormationBetweenJSONAndYAML(_ file: CorpusFile) throws {
        let original = try file.load()
        let sourceIsYAML = original.source.lineBreaks == .yaml
        let first = try Converter.convert([original], to: sourceIsYAML ? .cloudFormationJSON : .cloudFormationYAML)
        let middle = try Convert.reload(first)
        let second = try Converter.convert(middle, to: sourceIsYAML ? .cloudFormationYAML : .cloudFormationJSON)
        let final = try #require(try Convert.reload(second).first)
        // CloudFormation to CloudFormation loses only repeated keys.
        #expect(first.losses.allSatisfy { $0.reason.contains("is repeated") }, "\(first.losses.prefix(3))")
        #expect(second.losses.isEmpty)

        let carried = try #require(first.files.first).carried
        let originalResources = original.documents.flatMap(\.resources)
        #expect(carried.count == originalResources.count)
        for item in carried {
            let logicalID = try #require(item.logicalID)
            let resource = try #require(final.documents.lazy.compactMap { $0.resource(logicalID: logicalID) }.first, "\(logicalID)")
            let expected = try #require(item.expectedProperties)
            let differences = ModelComparison.differences(expected: expected, actual: resource.properties)
            #expect(differences.isEmpty, "\(logicalID): \(differences)")
            #expect(Convert.intrinsics(expected) == Convert.intrinsics(resource.properties), "\(logicalID)")
        }
        // The sections and resources the model does not hold: the same JSON once in long form.
        let before = try #require(original.documents.first?.root), after = try #require(final.documents.first?.root)
        for section in (before.entries ?? []).compactMap(\.key.text) where section != "Resources" {
            let old = try #require(before[section])
            let new = try #require(after[section], "\(section)")
            #expect(Self.longJSON(old) == Self.longJSON(new), "\(section)")
        }
        let modelled = Set(originalResources.compactMap(\.logicalID))
        for entry in before["Resources"]?.entries ?? [] {
            guard let id = entry.key.text, let new = after["Resources"]?[id] else {
                Issue.record("resource \(entry.key.text ?? "") is missing")
                continue
            }
            let old = before["Resources"]?[id] ?? entry.value
            if modelled.contains(id) {
                // Attributes other than Properties (DependsOn, Condition, Metadata) are kept.
                let attributes = { (node: Node) in (node.entries ?? []).compactMap(\.key.text).filter { $0 != "Properties" } }
                #expect(attributes(old) == attributes(new), "\(id)")
            } else {
                #expect(Self.longJSON(old) == Self.longJSON(new), "\(id)")
            }
        }
    }

    /// A node as compact JSON with intrinsic functions in long form (`Fn::GetAtt` as a list:
    /// JSON templates may also write `"A.B"`, which YAML's `!GetAtt A.B` turns into `["A", "B"]`).
    static func longJSON(_ node: Node) -> String {
        JSONWriter.compact(getAttLists(CloudFormationLoader.longForm(node)))
    }

    private static func getAttLists(_ node: Node) -> Node {
        switch node.content {
        case .scalar:
            return node
        case .sequence(let items):
            return Node(.sequence(items.map(getAttLists)), range: node.range)
        case .mapping(let entries):
            if entries.count == 1, entries[0].key.text == "Fn::GetAtt", let text = entries[0].value.string, let dot = text.firstIndex(of: ".") {
                let parts = [String(text[..<dot]), String(text[text.index(after: dot)...])].map {
                    Node(.scalar(.init(text: $0, kind: .string, style: .plain)), range: node.range)
                }
                return Node(.mapping([.init(key: entries[0].key, value: Node(.sequence(parts), range: node.range))]), range: node.range)
            }
            return Node(.mapping(entries.map { .init(key: $0.key, value: getAttLists($0.value)) }), range: node.range)
        }
    }
}

/// Input at the edge of the limits converts to every format without an internal error: the
/// check reads the output back with room for the levels a conversion wraps around it.
@Suite struct ConversionLimitTests {
    /// A task definition whose deepest value sits at level 255 of the file (the limit is 256).
    static func deepTask(levels: Int) -> String {
        var value = "\"x\""
        for _ in 0..<levels { value = "{\"a\": \(value)}" }
        return #"{"family": "f", "containerDefinitions": [{"name": "c", "image": "nginx:1.27", "memory": 512}], "extra": \#(value)}"#
    }

    @Test(arguments: ConversionFormat.allCases)
    func inputJustInsideTheDepthLimitConverts(_ format: ConversionFormat) throws {
        let input = try ConversionInput.load(SourceFile(path: "deep.json", text: Self.deepTask(levels: 253)))
        do {
            _ = try Converter.convert([input], to: format)
        } catch {
            // Refusing to carry the unknown field (Kubernetes) is fine; failing its own check is not.
            #expect(!error.isInternal, "\(error.message)")
        }
    }
}
