import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
import Testing

/// The declarative check language (rules/README.md): paths, operators, three-valued logic over
/// unknown values, and load-time errors with positions.
@Suite struct PolicyLanguageTests {
    /// A custom rule around `check`, loaded next to the built-in rules.
    static func linter(check: String, code: String = "X900", scope: String = "taskDefinition") throws -> Linter {
        let text = """
        code: \(code)
        name: test-policy
        severity: error
        summary: A test policy.
        scope: [\(scope)]
        fix: none
        rationale: For tests.
        remediation: None.
        check:
        \(check.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        """
        let files = try GeneratedSources.readRuleFiles(repositoryRoot: Repository.root) + [("policies/\(code)-test-policy.yaml", text)]
        return try Linter(catalog: RuleCatalog(files: files), implementations: BuiltinRules.implementations)
    }

    static func findings(_ linter: Linter, _ text: String, path: String = "task.json", code: String = "X900") -> [String] {
        let report = linter.lint(SourceFile(path: path, text: text, lineBreaks: path.hasSuffix(".json") ? .json : .yaml))
        return report.diagnostics.filter { $0.code == code }.map { "\($0.start.line):\($0.start.column) \($0.message)" }
    }

    @Test func pathsParseOrSayWhereTheyAreWrong() throws {
        #expect(try PolicyPath("containerDefinitions[*].environment[*].name").steps
                == [.member("containerDefinitions"), .everyItem, .member("environment"), .everyItem, .member("name")])
        #expect(try PolicyPath("containerDefinitions[name=web].portMappings[0]").steps
                == [.member("containerDefinitions"), .itemsWhere(name: "name", value: "web"), .member("portMappings"), .item(0)])
        #expect(try PolicyPath("$.requiresCompatibilities").fromResourceRoot)
        #expect(try PolicyPath("$").steps.isEmpty)
        for (text, offset) in [("", 0), ("a..b", 2), ("a[", 1), ("a[x y]", 2), ("a.", 1), ("$x", 1), ("a b", 1)] {
            #expect(throws: PolicyPath.SyntaxError.self, "\(text)") { try PolicyPath(text) }
            do {
                _ = try PolicyPath(text)
            } catch {
                #expect(error.offset == offset, "\(text): \(error.message)")
            }
        }
    }

    @Test(arguments: [
        ("assert: {path: image, matches: '['}\nmessage: m", "invalid regular expression"),
        ("assert: {path: image, matches: x, flags: q}\nmessage: m", "unknown flag 'q'"),
        ("assert: {path: image, equals: a, one-of: [b]}\nmessage: m", "one operator per condition"),
        ("assert: {path: image, frobnicate: 1}\nmessage: m", "unknown key 'frobnicate' in a condition"),
        ("assert: {path: image}\nmessage: m", "a condition needs an operator"),
        ("assert: {path: 'a..b', exists: true}\nmessage: m", "invalid path 'a..b'"),
        ("assert: {exists: false}\nmessage: m", "write 'exists: true'"),
        ("assert: {path: cpu, range: {min: 5, max: 1}}\nmessage: m", "min is greater than max"),
        ("assert: {all: []}\nmessage: m", "'all' takes a non-empty list"),
        ("assert: {path: image, exists: true}\nmessage: 'image {colour}'", "unknown placeholder {colour}"),
        ("assert: {path: image, exists: true}", "check needs 'message'"),
        ("message: m", "check needs 'assert'"),
        ("assert: {table: {columns: {cpu: cpu}, rows: sizes, data: nowhere}}\nmessage: m", "no data table 'nowhere'"),
        ("assert: {path: image, exists: true}\nmessage: m\nseverity: error", "unknown key 'severity' in check"),
    ])
    func brokenChecksStopTheLoadWithAPosition(_ check: String, _ expected: String) {
        do {
            _ = try Self.linter(check: check)
            Issue.record("loaded: \(check)")
        } catch {
            let message = "\(error)"
            #expect(message.contains("policies/X900-test-policy.yaml:1") && message.contains(expected), "\(message)")
        }
    }

    @Test func unknownValuesNeverFail() throws {
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert: {path: image, matches: '^public\\.ecr\\.aws/'}
        message: container {container} pulls {value}
        """)
        let template = """
        Parameters: {Image: {Type: String}}
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: from-parameter
                  Image: !Ref Image
                - Name: substituted
                  Image: !Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app'
                - Name: docker-hub
                  Image: nginx:1.27
        """
        #expect(Self.findings(linter, template, path: "stack.yaml") == ["12:18 container docker-hub pulls nginx:1.27"])
        let placeholder = #"{"family": "web", "containerDefinitions": [{"name": "app", "image": "<IMAGE1_NAME>"}]}"#
        #expect(Self.findings(linter, placeholder).isEmpty)
    }

    @Test func notAnyAndAllFollowThreeValuedLogic() throws {
        // Fires when a container is privileged unless it is the one named "agent".
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        when: {not: {path: name, equals: agent}}
        assert: {not: {path: privileged, equals: true}}
        message: container {container} runs privileged
        """)
        let task = #"""
        {"family": "web", "containerDefinitions": [
          {"name": "agent", "image": "a", "privileged": true},
          {"name": "app", "image": "b", "privileged": true},
          {"name": "sidecar", "image": "c", "privileged": false},
          {"name": "unknown", "image": "d"}
        ]}
        """#
        #expect(Self.findings(linter, task) == ["3:47 container app runs privileged"])
        let cloudFormation = """
        Parameters: {Privileged: {Type: String}}
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - {Name: app, Image: b, Privileged: !Ref Privileged}
        """
        #expect(Self.findings(linter, cloudFormation, path: "stack.yaml").isEmpty)
    }

    @Test func countUniqueAndContains() throws {
        let linter = try Self.linter(check: """
        assert:
          all:
            - {path: containerDefinitions, count: {min: 1, max: 2}}
            - {path: containerDefinitions, unique-by: name}
            - {path: $.requiresCompatibilities, contains: FARGATE}
        message: 'task {family}: {value}'
        """)
        let three = #"{"family": "web", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "a", "image": "x"}, {"name": "b", "image": "x"}, {"name": "c", "image": "x"}]}"#
        #expect(Self.findings(linter, three) == ["1:83 task web: 3"])
        let duplicate = #"{"family": "web", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "a", "image": "x"}, {"name": "a", "image": "y"}]}"#
        #expect(Self.findings(linter, duplicate) == ["1:122 task web: a"])
        let ec2 = #"{"family": "web", "requiresCompatibilities": ["EC2"], "containerDefinitions": [{"name": "a", "image": "x"}]}"#
        #expect(Self.findings(linter, ec2) == ["1:46 task web: ?"])
    }

    @Test func tablesAllowListedCombinations() throws {
        // The same table ECS101 reads, through the declarative `table` operator.
        let linter = try Self.linter(check: """
        when: {path: requiresCompatibilities, contains: FARGATE}
        assert:
          table:
            data: fargate-task-sizes
            rows: sizes
            columns: {cpu: cpu, memory: memory}
        message: 'cpu {cpu} with memory {memory} is not a Fargate size'
        """)
        func task(_ cpu: String, _ memory: String) -> String {
            #"{"family": "web", "requiresCompatibilities": ["FARGATE"], "cpu": "\#(cpu)", "memory": "\#(memory)", "containerDefinitions": [{"name": "a", "image": "x"}]}"#
        }
        #expect(Self.findings(linter, task("256", "4096")) == ["1:66 cpu 256 with memory 4096 is not a Fargate size"])
        #expect(Self.findings(linter, task("256", "2048")).isEmpty)
        #expect(Self.findings(linter, task("1024", "5120")).isEmpty)  // inside {from: 2048, to: 8192, step: 1024}
        #expect(Self.findings(linter, task("1024", "5000")).count == 1)
        #expect(Self.findings(linter, task("1 vCPU", "2 GB")).count == 1)  // units are not values of the table
    }

    @Test func aCatastrophicPatternDecidesNothingAndEnds() throws {
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert: {path: image, matches: '^(a+)+$'}
        message: container {container} image {value}
        """)
        let evil = String(repeating: "a", count: 5_000) + "!"
        let task = #"{"family": "web", "containerDefinitions": [{"name": "a", "image": "\#(evil)"}, {"name": "b", "image": "nginx"}]}"#
        let found = Self.findings(linter, task)
        // The match budget runs out on the first image: unknown, so no finding; the second is decided.
        #expect(found.count == 1)
        #expect(found.first?.contains("container b image nginx") == true)
    }
}
