import ECSLintEngine
import ECSLintSyntax
import Testing

/// Safe fixes as text edits: applying a rule's fixes with `FixApplier` (repeatedly, since edits
/// of neighbouring findings may overlap) gives exactly the expected text, which loads and no
/// longer has the rule's findings.
@Suite struct FixTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let rule: String
        let path: String
        let before: String
        let after: String
        var testDescription: String { "\(rule): \(name)" }
    }

    static let cases: [Case] = [
        Case(name: "rename a PascalCase key in ECS JSON", rule: "ECS003", path: "task.json",
             before: #"{"family": "web", "containerDefinitions": [{"name": "web", "Image": "nginx:1.27"}]}"#,
             after: #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#),
        Case(name: "rename a camelCase key in a template", rule: "ECS003", path: "template.yaml",
             before: """
             Resources:
               Task:
                 Type: AWS::ECS::TaskDefinition
                 Properties:
                   ContainerDefinitions:
                     - Name: web  # the app
                       image: "nginx:1.27"
             """,
             after: """
             Resources:
               Task:
                 Type: AWS::ECS::TaskDefinition
                 Properties:
                   ContainerDefinitions:
                     - Name: web  # the app
                       Image: "nginx:1.27"
             """),
        Case(name: "correct the case of an enumeration value", rule: "ECS005", path: "task.yaml",
             before: "family: web\nrequiresCompatibilities: ['Fargate']\ncontainerDefinitions:\n  - {name: web, image: nginx}\n",
             after: "family: web\nrequiresCompatibilities: ['FARGATE']\ncontainerDefinitions:\n  - {name: web, image: nginx}\n"),
        Case(name: "lower-case a network mode", rule: "ECS301", path: "template.json",
             before: #"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"NetworkMode": "AWSVPC", "ContainerDefinitions": [{"Name": "web", "Image": "nginx"}]}}}}"#,
             after: #"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"NetworkMode": "awsvpc", "ContainerDefinitions": [{"Name": "web", "Image": "nginx"}]}}}}"#),
        Case(name: "remove a host port that differs from the container port in awsvpc mode", rule: "ECS302", path: "task.json",
             before: #"{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx", "portMappings": [{"containerPort": 80, "hostPort": 8080, "protocol": "tcp"}]}]}"#,
             after: #"{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx", "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}]}"#),
        Case(name: "remove host ports in host mode from a template, keeping comments and the right ones", rule: "ECS302", path: "template.yaml",
             before: """
             Resources:
               Task:
                 Type: AWS::ECS::TaskDefinition
                 Properties:
                   NetworkMode: host
                   ContainerDefinitions:
                     - Name: proxy
                       Image: haproxy:3.0
                       PortMappings:
                         - ContainerPort: 443
                           HostPort: 443
                         - HostPort: 8443  # was 443 once
                           ContainerPort: 9443
                         - {ContainerPort: 9100, HostPort: 19100}
             """,
             after: """
             Resources:
               Task:
                 Type: AWS::ECS::TaskDefinition
                 Properties:
                   NetworkMode: host
                   ContainerDefinitions:
                     - Name: proxy
                       Image: haproxy:3.0
                       PortMappings:
                         - ContainerPort: 443
                           HostPort: 443
                         - ContainerPort: 9443
                         - {ContainerPort: 9100}
             """),
        Case(name: "strip describe output: the wrapper, the first, middle and last members", rule: "ECS007", path: "task.json",
             before: """
             {
                 "taskDefinition": {
                     "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4",
                     "family": "web",
                     "revision": 4,
                     "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}],
                     "status": "ACTIVE"
                 }
             }
             """,
             after: """
             {
                 "family": "web",
                 "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
             }
             """),
        Case(name: "strip a read-only property from a block mapping, keeping comments", rule: "ECS007", path: "template.yaml",
             before: """
             Resources:
               Task:
                 Type: AWS::ECS::TaskDefinition
                 Properties:
                   # registered by the pipeline
                   TaskDefinitionArn: arn:aws:ecs:us-east-1:123456789012:task-definition/web:4  # stale
                   ContainerDefinitions:
                     - Name: web
                       Image: nginx:1.27
             """,
             after: """
             Resources:
               Task:
                 Type: AWS::ECS::TaskDefinition
                 Properties:
                   # registered by the pipeline
                   ContainerDefinitions:
                     - Name: web
                       Image: nginx:1.27
             """),
        Case(name: "strip members of a YAML flow mapping", rule: "ECS007", path: "task.yaml",
             before: "{family: web, revision: 4, containerDefinitions: [{name: web, image: nginx}], status: ACTIVE}\n",
             after: "{family: web, containerDefinitions: [{name: web, image: nginx}]}\n"),
    ]

    @Test(arguments: cases)
    func fixesGiveTheExpectedText(_ item: Case) throws {
        let applier = FixApplier(linter: try Pipeline.linter(), rules: [item.rule])
        let result = applier.fix(SourceFile(path: item.path, text: item.before))
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(String(decoding: result.fixed, as: UTF8.self) == item.after)
        #expect(result.report.status == .linted)
        #expect(!result.report.diagnostics.contains { $0.code == item.rule }, "a finding is left")
        #expect(!applier.fix(SourceFile(path: item.path, bytes: result.fixed)).changed, "a second pass changes the text")
    }

    /// Removing the entry that opens a YAML list item moves the next entry onto the dash; the
    /// only entry leaves an empty mapping.
    @Test(arguments: [
        ("- a: 1\n  b: 2\n", "a", "- b: 2\n"),
        ("- a: 1\n- b: 2\n", "a", "- {}\n- b: 2\n"),
        ("x:\n  a: 1  # why\n  b: 2\n", "a", "x:\n  b: 2\n"),
        ("{\"a\": 1}", "a", "{}"),
    ])
    func entryRemovalKeepsTheDocumentValid(_ before: String, key: String, after: String) throws {
        let source = SourceFile(path: "x.yaml", text: before)
        let root = try #require(try YAMLLoader.parse(source).documents.first)
        func mapping(_ node: Node) -> Node? {
            if node.entries?.contains(where: { $0.key.text == key }) == true { return node }
            for child in (node.items ?? []) + (node.entries?.map(\.value) ?? []) { if let found = mapping(child) { return found } }
            return nil
        }
        let entries = try #require(mapping(root)?.entries)
        let index = try #require(entries.firstIndex { $0.key.text == key })
        let next = index + 1 < entries.count ? entries[index + 1].key.range.start : nil
        let edit = try #require(SourceEdits.removingEntry(key: entries[index].key.range, value: entries[index].value.range, nextKey: next, in: source))
        let result = String(decoding: try #require(TextEdit.apply([edit], to: source.bytes)), as: UTF8.self)
        #expect(result == after)
        #expect((try? YAMLLoader.parse(SourceFile(path: "x.yaml", text: result))) != nil)
    }

    /// Removing a list item keeps the list valid and the rest of its layout, comments included;
    /// the only item of a block list stays (nil: the key would be left null).
    @Test(arguments: [
        ("[a, b, c]", "a", "[b, c]" as String?),
        ("[a, b, c]", "b", "[a, c]"),
        ("[a, b, c]", "c", "[a, b]"),
        ("x: [a]\n", "a", "x: []\n"),
        ("[\n  {\"p\": 1},\n  {\"p\": 2}\n]", "1", "[\n  {\"p\": 2}\n]"),
        ("[\n  {\"p\": 1},\n  {\"p\": 2}\n]", "2", "[\n  {\"p\": 1}\n]"),
        ("x:\n  - a\n  - b  # why\n  - c\n", "b", "x:\n  - a\n  - c\n"),
        ("x:\n  - p: 1\n    q: 2\n  # about the next one\n  - p: 3\n", "1", "x:\n  # about the next one\n  - p: 3\n"),
        ("x:\n  - p: 1\n  - p: 3\n    q: 4\ny: 5\n", "3", "x:\n  - p: 1\ny: 5\n"),
        ("x:\n  - a\n", "a", nil),
    ])
    func itemRemovalKeepsTheDocumentValid(_ before: String, item: String, after: String?) throws {
        let source = SourceFile(path: "x.yaml", text: before)
        let root = try #require(try YAMLLoader.parse(source).documents.first)
        // The list whose item is the scalar `item` or a mapping holding it; the item's text ends at its last scalar.
        func find(_ node: Node) -> (items: [Node], index: Int)? {
            if let items = node.items, let index = items.firstIndex(where: { $0.text == item || $0.entries?.contains { $0.value.text == item } == true }) {
                return (items, index)
            }
            for child in (node.items ?? []) + (node.entries?.map(\.value) ?? []) { if let found = find(child) { return found } }
            return nil
        }
        func textEnd(_ node: Node) -> Int { node.entries?.last.map { textEnd($0.value) } ?? node.range.end }
        let (items, index) = try #require(find(root))
        let range = SourceRange(start: items[index].range.start, end: before.contains("{") ? items[index].range.end : textEnd(items[index]))
        let edit = SourceEdits.removingItem(range, onlyItem: items.count == 1, in: source)
        guard let after else {
            #expect(edit == nil)
            return
        }
        let removal = try #require(edit)
        let result = String(decoding: try #require(TextEdit.apply([removal], to: source.bytes)), as: UTF8.self)
        #expect(result == after)
        #expect((try? YAMLLoader.parse(SourceFile(path: "x.yaml", text: result))) != nil)
    }

    /// A wrapper with `tags` beside it gets no fix: moving them takes a person.
    @Test func wrapperWithSiblingsHasNoFix() throws {
        let text = #"{"taskDefinition": {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx"}]}, "tags": []}"#
        let report = try Pipeline.linter().lint(SourceFile(path: "task.json", text: text))
        let wrapper = try #require(report.diagnostics.first { $0.code == "ECS007" })
        #expect(wrapper.fix == nil)
        #expect(wrapper.message.contains("move 'tags' into it"))
    }
}
