import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
import Foundation
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
        // The check-level message may be left out only when every failure has its own.
        ("assert: {all: [{path: image, exists: true, message: m}, {path: cpu, exists: true}]}", "check needs 'message'"),
        ("assert: {not: {path: image, exists: true, message: m}}", "check needs 'message'"),
        ("assert: {path: image, exists: true, message: 'image {colour}'}", "unknown placeholder {colour}"),
        ("assert: {path: image, exists: true, message: ''}", "message must be a non-empty string"),
        ("assert: {path: '@colour', exists: true, message: m}", "unknown fact '@colour'; facts are @on-fargate"),
        ("assert: {all: [{path: image, exists: true}], not: {path: cpu, exists: true}}\nmessage: m", "'all' stands alone"),
        ("assert: {path: cpu, at-most: 'a..b'}\nmessage: m", "invalid path 'a..b'"),
        ("assert: {path: 'ulimits[*]', each: {path: softLimit}}\nmessage: m", "a condition needs an operator"),
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

    /// A missing field is never a failure, also when `not` negates an `all` it is part of: the
    /// other parts holding do not make the conjunction hold (ECS210's host-network sysctls).
    @Test func aMissingFieldInsideNotAllIsNoFailure() throws {
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert: {not: {all: [{path: image, matches: '^nginx'}, {path: $.networkMode, equals: host}]}}
        message: container {container} runs nginx on the host network
        """)
        let task = { (mode: String) in
            #"{"family": "web", \#(mode)"containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#
        }
        #expect(Self.findings(linter, task(#""networkMode": "host", "#)) == ["1:92 container web runs nginx on the host network"])
        #expect(Self.findings(linter, task(#""networkMode": "awsvpc", "#)).isEmpty)
        #expect(Self.findings(linter, task("")).isEmpty)
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

    /// A list item under `Fn::If` may turn into `AWS::NoValue`: it is one item or none, and only
    /// a count that fails either way is a finding (its `{value}` the count that fails).
    @Test(arguments: [(known: 2, conditional: 0, expected: nil as String?), (3, 0, "3"), (1, 0, "1"),
                      (2, 1, nil), (1, 1, nil), (3, 1, "3"), (0, 1, "1"), (0, 3, nil)])
    func countTreatsConditionalItemsAsOneOrNone(_ known: Int, _ conditional: Int, _ expected: String?) throws {
        let linter = try Self.linter(check: """
        assert: {path: containerDefinitions, count: {min: 2, max: 2}}
        message: '{value} containers'
        """)
        let items = (0..<known).map { "        - {Name: c\($0), Image: x}" }
            + (0..<conditional).map { "        - !If [Extra, {Name: d\($0), Image: x}, !Ref AWS::NoValue]" }
        let template = """
        Conditions:
          Extra: !Equals [!Ref AWS::Region, eu-west-1]
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
        \(items.joined(separator: "\n"))
        """
        let found = Self.findings(linter, template, path: "stack.yaml").map { $0.split(separator: " ", maxSplits: 1)[1] }
        #expect(found == (expected.map { ["\($0) containers"] } ?? []))
    }

    @Test func tablesAllowListedCombinations() throws {
        // The table ECS101 reads, over the raw fields rather than its @facts.
        let linter = try Self.linter(check: """
        when: {path: requiresCompatibilities, contains: FARGATE}
        assert:
          table:
            data: fargate-task-sizes
            rows: sizes
            columns: {cpu: cpu, memory: memory}
        message: 'cpu {cpu} with memory {memory} is not a Fargate size; for cpu {cpu}: {valid-memory}; cpu: {valid-cpu}'
        """)
        func task(_ cpu: String, _ memory: String) -> String {
            #"{"family": "web", "requiresCompatibilities": ["FARGATE"], "cpu": "\#(cpu)", "memory": "\#(memory)", "containerDefinitions": [{"name": "a", "image": "x"}]}"#
        }
        // The failure sits at the first column no row accepts (with the columns before it), and
        // {valid-<column>} lists what the rows matching the earlier columns allow there.
        #expect(Self.findings(linter, task("256", "4096"))
                == ["1:83 cpu 256 with memory 4096 is not a Fargate size; for cpu 256: 512, 1024, 2048; cpu: 256, 512, 1024, 2048, 4096, 8192, 16384, 32768"])
        #expect(Self.findings(linter, task("1024", "5000")).first?.hasPrefix("1:84 cpu 1024 with memory 5000 is not a Fargate size; for cpu 1024: 2048–8192 in steps of 1024;") == true)
        #expect(Self.findings(linter, task("300", "1024")).first?.hasPrefix("1:66 cpu 300 ") == true)
        #expect(Self.findings(linter, task("256", "2048")).isEmpty)
        #expect(Self.findings(linter, task("1024", "5120")).isEmpty)  // inside {from: 2048, to: 8192, step: 1024}
        #expect(Self.findings(linter, task("1 vCPU", "2 GB")).count == 1)  // units are not values of the table
    }

    @Test func factsReadDerivedValuesAtTheirSourcePlace() throws {
        // @cpu-units and @memory-mib understand "1 vCPU" and "2 GB"; @on-fargate sees a service
        // in the same template; a fact that cannot be known is unknown, never a guess.
        let linter = try Self.linter(check: """
        when: {path: "@on-fargate", equals: true}
        assert:
          all:
            - {path: "@cpu-units", range: {max: 2048}, message: '{family} asks for {value} CPU units ({os})'}
            - {path: "@memory-mib", range: {max: 4096}, message: '{family} asks for {value} MiB'}
            - {path: "@os-family", equals: Linux}
        message: '{family} is not a Linux task'
        """.replacingOccurrences(of: "({os})", with: "at {path}"))
        func task(_ extra: String) -> String {
            #"{"family": "web", "requiresCompatibilities": ["FARGATE"], \#(extra), "containerDefinitions": [{"name": "a", "image": "x"}]}"#
        }
        #expect(Self.findings(linter, task(#""cpu": "4 vCPU", "memory": "2 GB""#)) == ["1:66 web asks for 4096 CPU units at cpu"])
        #expect(Self.findings(linter, task(#""cpu": "1 vCPU", "memory": "8 GB""#)) == ["1:86 web asks for 8192 MiB"])
        #expect(Self.findings(linter, task(#""cpu": "1 vCPU", "memory": "2 GB""#)).isEmpty)
        #expect(Self.findings(linter, task(#""cpu": "1 vCPU", "memory": "2 GB", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}"#))
                == ["1:139 web is not a Linux task"])
        // "2 GiB" is no documented form (ECS011's finding): unknown here.
        #expect(Self.findings(linter, task(#""cpu": "8 vCPU", "memory": "2 GiB""#)) == ["1:66 web asks for 8192 CPU units at cpu"])
        #expect(Self.findings(linter, task(#""cpu": "1 vCPU", "memory": "64 GiB""#)).isEmpty)
        let viaService = """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Cpu: 4096
              Memory: 2048
              ContainerDefinitions: [{Name: a, Image: x}]
          Service:
            Type: AWS::ECS::Service
            Properties: {LaunchType: FARGATE, TaskDefinition: !Ref Task}
        """
        #expect(Self.findings(linter, viaService, path: "stack.yaml") == ["5:12 Task asks for 4096 CPU units at cpu"])
        #expect(Self.findings(linter, viaService.replacingOccurrences(of: "LaunchType: FARGATE", with: "LaunchType: EC2"), path: "stack.yaml").isEmpty)
        #expect(throws: PolicyPath.SyntaxError.self) { try PolicyPath("@cpu") }
    }

    /// rules/rule.schema.json lists the facts by hand; it must name exactly the ones there are.
    @Test func theSchemaNamesEveryFact() throws {
        let data = try Data(contentsOf: Repository.root.appendingPathComponent("rules/rule.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let path = (schema["definitions"] as? [String: Any])?["path"] as? [String: Any]
        let facts = (path?["anyOf"] as? [[String: Any]])?.compactMap { $0["enum"] as? [String] }.first
        #expect(facts == PolicyFact.allCases.map { "@" + $0.rawValue })
    }

    @Test func comparisonsAndEach() throws {
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert:
          all:
            - {path: memoryReservation, at-most: memory, message: 'container {name} reserves {value} MiB, above its limit {bound}'}
            - path: 'ulimits[*]'
              each: {path: softLimit, at-most: hardLimit}
              message: 'container {name}: soft limit {value} above hard limit {bound}'
        """)
        func task(_ container: String) -> String {
            #"{"family": "web", "containerDefinitions": [{"name": "a", "image": "x", \#(container)}]}"#
        }
        #expect(Self.findings(linter, task(#""memory": 512, "memoryReservation": 1024"#)) == ["1:108 container a reserves 1024 MiB, above its limit 512"])
        #expect(Self.findings(linter, task(#""memory": 512, "memoryReservation": 512"#)).isEmpty)
        #expect(Self.findings(linter, task(#""memoryReservation": 1024"#)).isEmpty)  // no limit: nothing to compare
        let ulimits = #""ulimits": [{"name": "nofile", "softLimit": 10, "hardLimit": 20}, {"name": "core", "softLimit": 30, "hardLimit": 20}]"#
        #expect(Self.findings(linter, task(ulimits)) == ["1:168 container a: soft limit 30 above hard limit 20"])
        #expect(Self.findings(linter, task(ulimits.replacingOccurrences(of: "30", with: "20"))).isEmpty)
        let unknown = """
        Parameters: {Hard: {Type: Number}}
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - {Name: a, Image: x, Ulimits: [{Name: core, SoftLimit: 30, HardLimit: !Ref Hard}]}
        """
        #expect(Self.findings(linter, unknown, path: "stack.yaml").isEmpty)
    }

    @Test func conditionMessagesAndReportAt() throws {
        // A message on a condition wins for failures inside it; `not` drops the messages inside
        // it; report-at moves every finding to one place.
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert:
          all:
            - {path: image, matches: ':', message: 'container {name} has no image tag'}
            - not: {path: image, matches: ':latest$', message: 'never used'}
            - any:
                - {path: memory, exists: true}
                - {path: memoryReservation, exists: true}
              message: 'container {name} sets no memory'
        message: 'container {name} uses {value}'
        report-at: name
        """)
        func task(_ container: String) -> String {
            #"{"family": "web", "containerDefinitions": [{"name": "a", \#(container)}]}"#
        }
        #expect(Self.findings(linter, task(#""image": "nginx", "memory": 5"#)) == ["1:53 container a has no image tag"])
        #expect(Self.findings(linter, task(#""image": "nginx:latest", "memory": 5"#)) == ["1:53 container a uses nginx:latest"])
        #expect(Self.findings(linter, task(#""image": "nginx:1""#)) == ["1:53 container a sets no memory"])
        #expect(Self.findings(linter, task(#""image": "nginx:1", "memoryReservation": 5"#)).isEmpty)
    }

    @Test func aCatastrophicPatternFailsClosedAndEnds() throws {
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert: {path: image, matches: '^(a+)+$'}
        message: container {container} image {value}
        """)
        let evil = String(repeating: "a", count: 5_000) + "!"
        let task = #"{"family": "web", "containerDefinitions": [{"name": "a", "image": "\#(evil)"}, {"name": "b", "image": "nginx"}]}"#
        let found = Self.findings(linter, task)
        // The match budget runs out on the first image: the rule says it could not decide there
        // (a gate must not pass on it); the second is decided.
        #expect(found.count == 2)
        #expect(found.contains { $0.hasPrefix("1:67 could not decide: the pattern '^(a+)+$' ran out of its match budget on containerDefinitions[0].image, so") },
                "\(found)")
        #expect(found.contains { $0.contains("container b image nginx") }, "\(found)")
    }

    /// 10,000 values that each exhaust the per-match budget: the pattern's budget for the run
    /// runs out, every later match is undecided at once, and the run reports one finding.
    @Test func aCatastrophicPatternOverManyValuesSpendsOneRunBudget() throws {
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert: {path: image, matches: '^(a+)+$'}
        message: container {container} image {value}
        """)
        let container = #"{"name": "a", "image": "\#(String(repeating: "a", count: 40))!"}"#
        let task = #"{"family": "web", "containerDefinitions": [\#(Array(repeating: container, count: 10_000).joined(separator: ","))]}"#
        let found = Self.findings(linter, task)
        #expect(found.count == 1)
        #expect(found.first?.contains("on containerDefinitions[0].image (and 9999 more values of this resource)") == true, "\(found)")
    }

    /// A pattern that runs out of its budget where the check is decided anyway (an `any` that
    /// holds through another condition) reports nothing.
    @Test func anExhaustedPatternInADecidedCheckIsSilent() throws {
        let linter = try Self.linter(check: """
        for-each: containerDefinitions[*]
        assert:
          any:
            - {path: image, matches: '^(a+)+$'}
            - {path: name, equals: trusted}
        message: container {container} is neither
        """)
        let evil = String(repeating: "a", count: 5_000) + "!"
        let trusted = #"{"family": "web", "containerDefinitions": [{"name": "trusted", "image": "\#(evil)"}]}"#
        #expect(Self.findings(linter, trusted).isEmpty)
        let other = #"{"family": "web", "containerDefinitions": [{"name": "other", "image": "\#(evil)"}]}"#
        #expect(Self.findings(linter, other).first?.contains("could not decide") == true, "\(Self.findings(linter, other))")
    }
}
