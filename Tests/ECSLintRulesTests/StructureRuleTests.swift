import ECSLintEngine
import ECSLintSyntax
import Testing
@testable import ECSLintRules

/// What the ECS7xx examples cannot show: the 64 KiB quota itself, name lengths at the bound, and
/// dependency graphs too large to write as examples.
@Suite struct StructureRuleTests {
    static func findings(_ text: String, path: String, code: String) -> [Diagnostic] {
        let report = Repository.linter.lint(SourceFile(path: path, text: text, lineBreaks: path.hasSuffix(".json") ? .json : .yaml))
        return report.diagnostics.filter { $0.code == code }
    }

    /// A compact ECS JSON task definition of exactly `bytes` UTF-8 bytes, padded in a command
    /// with "é" (two bytes each) so that bytes, not characters, are what count; and the same task
    /// as a CloudFormation YAML template.
    static func task(bytes: Int) -> (json: String, yaml: String) {
        let prefix = #"{"family":"big","containerDefinitions":[{"name":"app","image":"app:1.0","command":[""#
        let suffix = #""]}]}"#
        let padding = bytes - prefix.utf8.count - suffix.utf8.count
        let command = String(repeating: "é", count: padding / 2) + (padding % 2 == 1 ? "x" : "")
        let yaml = """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: big
              ContainerDefinitions:
                - Name: app
                  Image: "app:1.0"
                  Command: ["\(command)"]
        """
        return (prefix + command + suffix, yaml)
    }

    @Test(arguments: [(65_536, false), (65_537, true), (65_538, true)])
    func taskDefinitionSizeAtTheQuota(_ bytes: Int, _ fires: Bool) {
        let (json, yaml) = Self.task(bytes: bytes)
        #expect(json.utf8.count == bytes)
        for (text, path) in [(json, "task.json"), (yaml, "stack.yaml")] {
            let found = Self.findings(text, path: path, code: "ECS710")
            #expect(found.isEmpty != fires, "\(path): \(found.map(\.message))")
            if fires {
                #expect(found.first?.message.hasPrefix("the task definition is \(TaskDefinitionTooLargeRule.grouped(bytes)) bytes (64 KiB) as ECS JSON, over the 65,536 bytes (64 KiB) limit") == true,
                        "\(found.map(\.message))")
                #expect(found.first?.logicalPath == "")
            }
        }
    }

    /// Pretty-printed input is measured without its whitespace.
    @Test func whitespaceDoesNotCount() {
        let (json, _) = Self.task(bytes: 65_536)
        let pretty = json.replacingOccurrences(of: #",""#, with: ",\n    \"").replacingOccurrences(of: #"":"#, with: "\": ")
        #expect(pretty.utf8.count > 65_536)
        #expect(Self.findings(pretty, path: "task.json", code: "ECS710").isEmpty)
    }

    @Test(arguments: [(255, false), (256, true)])
    func nameLengthAtTheBound(_ length: Int, _ fires: Bool) {
        let name = String(repeating: "a", count: length)
        let task = #"{"family": "\#(name)", "containerDefinitions": [{"name": "\#(name)", "image": "x"}]}"#
        let found = Self.findings(task, path: "task.json", code: "ECS703")
        #expect(found.count == (fires ? 2 : 0), "\(found.map(\.message))")
        #expect(found.allSatisfy { $0.message.contains("is \(length) characters long") })
    }

    /// A task with many containers (an invalid one: ECS704) in one long cycle and a complete
    /// graph of ten: the search stays fast, reports each cycle once and at most 20.
    @Test func largeDependencyGraphs() {
        func task(_ containers: [(name: String, dependsOn: [String])]) -> String {
            let items = containers.map { container in
                let dependencies = container.dependsOn.map { #"{"containerName": "\#($0)", "condition": "START"}"# }
                return #"{"name": "\#(container.name)", "image": "x", "dependsOn": [\#(dependencies.joined(separator: ", "))]}"#
            }
            return #"{"family": "t", "containerDefinitions": [\#(items.joined(separator: ",\n"))]}"#
        }
        let count = 1_000
        let ring = (0..<count).map { ("c\($0)", ["c\(($0 + 1) % count)"]) }
        let ringFindings = Self.findings(task(ring), path: "task.json", code: "ECS706")
        #expect(ringFindings.count == 1)
        #expect(ringFindings.first?.message.hasPrefix("containers depend on each other in a cycle: c0 → c1 → c2 →") == true)
        #expect(ringFindings.first?.message.contains("→ c9 → … → c999 → c0;") == true)

        let names = (0..<10).map { "c\($0)" }
        let complete = names.map { name in (name, names.filter { $0 != name }) }
        #expect(Self.findings(task(complete), path: "task.json", code: "ECS706").count == DependencyCycleRule.maximumCycles)
    }

    /// Each elementary cycle once, in the order of the first container: a → b → a and
    /// a → b → c → a share the edge a → b.
    @Test func cyclesSharingAnEdge() {
        let task = """
        {"family": "t", "containerDefinitions": [
          {"name": "a", "image": "x", "dependsOn": [{"containerName": "b", "condition": "START"}]},
          {"name": "b", "image": "x", "dependsOn": [{"containerName": "a", "condition": "START"}, {"containerName": "c", "condition": "START"}]},
          {"name": "c", "image": "x", "dependsOn": [{"containerName": "a", "condition": "START"}]}
        ]}
        """
        let messages = Self.findings(task, path: "task.json", code: "ECS706").map(\.message)
        #expect(messages.sorted() == [
            "containers depend on each other in a cycle: a → b → a; none of them can start",
            "containers depend on each other in a cycle: a → b → c → a; none of them can start",
        ])
    }
}
