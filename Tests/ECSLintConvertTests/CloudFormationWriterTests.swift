@testable import ECSLintConvert
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Foundation
import Testing

/// CloudFormation and ECS JSON outputs: intrinsics in both forms, what a template keeps,
/// derived logical IDs, and what is reported as not carried.
@Suite struct CloudFormationWriterTests {
    static func fixture(_ name: String) throws -> ConversionInput {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent("testdata/convert/" + name))
        return try ConversionInput.load(SourceFile(path: name, bytes: [UInt8](data)))
    }

    /// testdata/convert/stack.yaml uses most intrinsics, Metadata suppressions, Conditions,
    /// Mappings, Outputs, DependsOn and a non-ECS resource; stack.json is its JSON conversion.
    @Test func aTemplateKeepsItsShapeInYAMLAndJSON() throws {
        let yaml = try Self.fixture("stack.yaml")
        let json = try #require(try Converter.convert([yaml], to: .cloudFormationJSON).combinedText)
        #expect(json == (try String(contentsOf: Repository.root.appendingPathComponent("testdata/convert/stack.json"), encoding: .utf8)))
        let back = try #require(try Converter.convert([try Convert.input(json, path: "stack.json")], to: .cloudFormationYAML).combinedText)
        // YAML → JSON → YAML is stable, and the second YAML is the first one's short form.
        let again = try #require(try Converter.convert([try Convert.input(back, path: "again.yaml")], to: .cloudFormationYAML).combinedText)
        #expect(back == again)
        for written in ["ExecutionRoleArn: !GetAtt Role.Arn", "Family: !Sub \"${AWS::StackName}-web\"", "Image: !Ref Image",
                        "Value: !If\n", "- !Ref AWS::NoValue", "Cpu: !FindInMap\n", "Command: !Split\n", "- !Sub \"run --env ${Env}\"",
                        "Value: \"{{resolve:ssm:/db/host}}\"", "IsProd: !Equals\n", "DependsOn: Logs",
                        "- id: ECS501\n            reason: sidecar logs", "Transform: AWS::LanguageExtensions"] {
            #expect(back.contains(written), "\(written)")
        }
        for written in [#""Fn::GetAtt": ["#, #""Fn::FindInMap": ["#, #""Ref": "AWS::NoValue""#, #""Fn::Split": ["#] {
            #expect(json.contains(written), "\(written)")
        }
        #expect(!json.contains("!"), "no short-form tag in JSON")
    }

    /// `Fn::Base64: !Sub …`: one YAML node has one tag, so the outer function stays long.
    @Test func nestedShortFormsKeepTheOuterFunctionLong() throws {
        let template = #"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [{"Name": "a", "Image": {"Fn::Base64": {"Fn::Sub": "x-${AWS::Region}"}}, "Command": [{"Fn::Join": ["", [{"Ref": "A"}, "b"]]}]}]}}}}"#
        let input = try Convert.input(template, path: "t.json")
        let yaml = try #require(try Converter.convert([input], to: .cloudFormationYAML).combinedText)
        #expect(yaml.contains("Image:\n            Fn::Base64: !Sub \"x-${AWS::Region}\""))
        #expect(yaml.contains("- !Join\n              - \"\"\n              - - !Ref A\n                - b"))
        let reloaded = try Convert.input(yaml, path: "t.yaml")
        let before = try #require(input.documents.first?.resources.first?.properties)
        let after = try #require(reloaded.documents.first?.resources.first?.properties)
        #expect(ModelComparison.differences(expected: before, actual: after).isEmpty)
    }

    @Test func logicalIDsComeFromTheResourcesNames() throws {
        let inputs = try [
            Convert.input(#"{"family": "web-app_v2", "containerDefinitions": [{"name": "a", "image": "x"}]}"#, path: "a.json"),
            Convert.input(#"{"family": "web-app_v2", "containerDefinitions": [{"name": "b", "image": "y"}]}"#, path: "b.json"),
            Convert.input(#"{"serviceName": "checkout", "taskDefinition": "web-app_v2", "desiredCount": 2}"#, path: "s.json"),
            Convert.input(#"{"clusterName": "prod", "settings": [{"name": "containerInsights", "value": "enabled"}]}"#, path: "c.json"),
            Convert.input(#"[{"name": "bare", "image": "z"}]"#, path: "containers.json"),
        ]
        let conversion = try Converter.convert(inputs, to: .cloudFormationYAML)
        #expect(conversion.isLossless)
        let text = try #require(conversion.combinedText)
        let template = try #require(try Convert.parsedYAML(text).first)
        let ids = (template["Resources"]?.entries ?? []).compactMap(\.key.text)
        #expect(ids == ["WebAppV2TaskDefinition", "WebAppV2TaskDefinition2", "CheckoutService", "ProdCluster", "TaskDefinition"])
        #expect(template["Resources"]?["ProdCluster"]?["Properties"]?["ClusterSettings"] != nil, "settings → ClusterSettings")
        #expect(template["Resources"]?["CheckoutService"]?["Properties"]?["TaskDefinition"]?.string == "web-app_v2", "names stay names")
    }

    /// Describe output into CloudFormation: the output-only fields are reported where they are
    /// written, and so is a member name CloudFormation cannot spell (`ReadonlyRootFilesystem`
    /// would read back as `readonlyRootFilesystem`).
    @Test func describeOutputLosesItsOutputFields() throws {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent("examples/exported-taskdef.json"))
        let input = try ConversionInput.load(SourceFile(path: "examples/exported-taskdef.json", bytes: [UInt8](data)))
        let conversion = try Converter.convert([input], to: .cloudFormationYAML)
        #expect(conversion.losses.map(\.path) == ["taskDefinitionArn", "revision", "status", "containerDefinitions[0].ReadonlyRootFilesystem"])
        #expect("\(conversion.losses[0])" == "examples/exported-taskdef.json:3:30: lost: task definition billing taskDefinitionArn: "
                + "'taskDefinitionArn' is describe-task-definition output; CloudFormation has no such field")
        // The same file into ECS input JSON loses the same output fields (register-task-definition takes none).
        let native = try Converter.convert([input], to: .ecsJSON)
        #expect(native.losses.map(\.path) == ["taskDefinitionArn", "revision", "status"])
        #expect(native.files.map(\.name) == ["billing-taskdef.json"])
    }

    @Test func templatesIntoECSJSONLoseIntrinsicsAndTheRestOfTheTemplate() throws {
        let conversion = try Converter.convert([try Self.fixture("stack.yaml")], to: .ecsJSON)
        let lost = conversion.losses.map { $0.path.isEmpty ? $0.subject : "\($0.subject) \($0.path)" }
        for expected in ["template Transform", "template Metadata", "template Parameters", "template Resources.Logs",
                         "template Resources.Task.DependsOn", "task definition Task family", "task definition Task cpu",
                         "task definition Task containerDefinitions[0].environment[1].value", "IAM role Role", "template Outputs"] {
            #expect(lost.contains(expected), "\(expected)")
        }
        let dynamic = try #require(conversion.losses.first { $0.path == "containerDefinitions[0].environment[1].value" })
        #expect(dynamic.reason.contains("dynamic reference"))
        #expect(conversion.files.map(\.name) == ["Task-taskdef.json"], "no family to name it: the logical ID")
    }

    @Test func valuesCloudFormationRejectsAreLeftOut() throws {
        let input = try Convert.input(#"{"serviceName": "a", "cluster": "c", "taskDefinition": "t", "propagateTags": "NONE", "platformVersion": null, "clientToken": "x"}"#)
        let conversion = try Converter.convert([input], to: .cloudFormationJSON)
        #expect(conversion.losses.map(\.path) == ["propagateTags", "clientToken"])
        let text = try #require(conversion.combinedText)
        #expect(!text.contains("PlatformVersion"), "null is not set: left out, and not a loss")
    }

    @Test func repeatedKeysKeepTheLastOne() throws {
        let input = try Convert.input(#"{"family": "a", "cpu": "256", "cpu": "512", "containerDefinitions": []}"#)
        let conversion = try Converter.convert([input], to: .cloudFormationJSON)
        #expect(conversion.losses.map { "\($0.path): \($0.reason)" } == ["cpu: 'cpu' is repeated in its object; the later one counts"])
        #expect(conversion.combinedText?.contains(#""Cpu": "512""#) == true)
    }

    @Test func severalTemplatesMergeUnlessTheyDisagree() throws {
        func template(_ parameter: String, _ id: String) -> String {
            #"{"Parameters": {"Image": {"Type": "\#(parameter)"}}, "Resources": {"\#(id)": {"Type": "AWS::ECS::Cluster", "Properties": {}}}}"#
        }
        let merged = try Converter.convert([try Convert.input(template("String", "A"), path: "a.json"),
                                            try Convert.input(template("String", "B"), path: "b.json")], to: .cloudFormationYAML)
        let text = try #require(merged.combinedText)
        let root = try #require(try Convert.parsedYAML(text).first)
        #expect((root["Resources"]?.entries ?? []).compactMap(\.key.text) == ["A", "B"])
        #expect(root["Parameters"]?.entries?.count == 1)
        #expect(throws: ConversionError.self) {
            try Converter.convert([try Convert.input(template("String", "A"), path: "a.json"),
                                   try Convert.input(template("Number", "B"), path: "b.json")], to: .cloudFormationYAML)
        }
        #expect(throws: ConversionError.self) {
            try Converter.convert([try Convert.input(template("String", "A"), path: "a.json"),
                                   try Convert.input(#"{"Resources": {"A": {"Type": "AWS::ECS::Cluster", "Properties": {"ClusterName": "x"}}}}"#, path: "b.json")],
                                  to: .cloudFormationYAML)
        }
    }

    @Test func commentsAreANoteNotALoss() throws {
        let input = try Convert.input("# ecs-lint: ignore[ECS201] -- sidecar\nfamily: a  # the family\ncontainerDefinitions: []\n", path: "t.yaml")
        let conversion = try Converter.convert([input], to: .cloudFormationYAML)
        #expect(conversion.isLossless)
        #expect(conversion.notes == ["t.yaml: 2 comments are not carried (comments are not part of the model); 1 of them is an ecs-lint directive, "
                                     + "written as Metadata.ecs-lint instead"])
        let text = try #require(conversion.combinedText)
        let template = try #require(try Convert.parsedYAML(text).first)
        let item = template["Resources"]?.entries?.first?.value["Metadata"]?["ecs-lint"]?["ignore"]?.items?.first
        #expect(item?["id"]?.text == "ECS201" && item?["reason"]?.text == "sidecar" && item?["target"]?.text == "family")
        let json = try Converter.convert([input], to: .ecsJSON)
        #expect(json.notes == ["t.yaml: 2 comments are not carried (comments are not part of the model); 1 of them is an ecs-lint directive: "
                               + "move suppressions to the configuration's suppressions to keep them"])
    }

    @Test func servicesOfADescribeResponseAreOneFileEach() throws {
        let input = try Convert.input(#"{"services": [{"serviceName": "a b", "taskDefinition": "t", "desiredCount": 1, "runningCount": 1}, {"serviceName": "c", "cluster": "x", "desiredCount": 2}]}"#)
        let conversion = try Converter.convert([input], to: .ecsJSON)
        #expect(conversion.files.map(\.name) == ["a-b-service.json", "c-service.json"])
        #expect(conversion.combinedText == nil, "several JSON files need a directory")
        #expect(conversion.losses.map(\.path) == ["runningCount"])
    }

    @Test func nothingConvertibleIsAnError() {
        #expect(throws: ConversionInput.Problem.self) { try Convert.input(#"{"Version": "2012-10-17", "Statement": []}"#) }
        #expect(throws: ConversionInput.Problem.self) { try Convert.input(#"{"family": "#) }
        do {
            _ = try Convert.input("a: [1,\nb: 2\n", path: "broken.yaml")
            Issue.record("a broken file loaded")
        } catch let error as ConversionInput.Problem {
            #expect(error.position?.line == 3, "libyaml notices the missing ] on the next line: \(error)")
            #expect("\(error)".hasPrefix("broken.yaml:3:1: does not parse: "))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Same input, same bytes: every corpus file in every format, from inputs loaded twice.
    @Test(arguments: CorpusFile.all)
    func outputIsDeterministic(_ file: CorpusFile) throws {
        for format in ConversionFormat.allCases {
            let first = try Converter.convert([try file.load()], to: format)
            let second = try Converter.convert([try file.load()], to: format)
            #expect(first.files.map(\.text) == second.files.map(\.text), "\(format.rawValue)")
            #expect(first.files.map(\.name) == second.files.map(\.name), "\(format.rawValue)")
            #expect(first.losses.map(\.description) == second.losses.map(\.description), "\(format.rawValue)")
        }
    }
}
