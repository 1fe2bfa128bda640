import Foundation
import Testing

/// A team's own rules: --rules-dir, custom-rules: in the configuration, test-rules.
@Suite struct CustomRulesCLITests {
    static let policies = CLI.root.appendingPathComponent("examples/policies")
    static let task = #"""
    {"family": "web", "cpu": "8192", "memory": "4096",
     "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true,
       "environment": [{"name": "AWS_ACCESS_KEY_ID", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/k"}]}]}
    """#

    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-custom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("policies"), withIntermediateDirectories: true)
        try task.write(to: directory.appendingPathComponent("task.json"), atomically: true, encoding: .utf8)
        return directory
    }

    static func copyPolicies(to directory: URL) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: policies.path) {
            try FileManager.default.copyItem(at: policies.appendingPathComponent(name), to: directory.appendingPathComponent("policies/\(name)"))
        }
    }

    @Test func rulesDirectoryAddsTheTeamsRules() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["--no-config", "--rules-dir", Self.policies.path, "--format", "json", "task.json"], directory: directory)
        #expect(result.status == 1, "\(result.stderr)")
        let findings = try #require(try CLI.json(result.stdout)["findings"] as? [[String: Any]])
        // ECS003 too: an environment entry has no `valueFrom` (that belongs in `secrets`); and
        // ECS501 beside X005, the team's stricter version of it (no log configuration at all).
        #expect(Set(findings.compactMap { $0["rule"] as? String }) == ["X001", "X002", "X003", "X004", "X005", "ECS003", "ECS501"])
        #expect(findings.contains { ($0["message"] as? String) == "container web pulls nginx:1.27, which is not from our ECR registries or ECR Public" })
        // X004 looks at names only: it fires on the name even though the value comes from SSM.
        let withNames = try CLI.run(["--no-config", "--rules-dir", Self.policies.path, "--select", "X004", "task.json"], directory: directory)
        #expect(withNames.stdout.contains("task.json:3:29: error X004 container web sets AWS_ACCESS_KEY_ID"), "\(withNames.stdout)")
    }

    @Test func configurationNamesRuleDirectoriesAndSelectsTheirRules() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.copyPolicies(to: directory)
        try "custom-rules: [policies]\nignore: [X001, X002, X005]\nseverity: {X003: error}\n"
            .write(to: directory.appendingPathComponent(".ecs-lint.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["task.json"], directory: directory)
        #expect(result.stdout.contains("error X003 web has no 'team' tag"), "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("X001"))
        let shown = try CLI.run(["config", "--show"], directory: directory)
        #expect(shown.stdout.contains("custom-rules: [\"policies\"]"))
        #expect(shown.stdout.contains("  X003: error  # required-tags"))
    }

    @Test(arguments: [
        ("code: X001", "code: ECS101", "policies/X001-allowed-registries.yaml:4:7: file name must be ECS101-allowed-registries.yaml"),
        ("    matches: ", "    frobnicates: ", "policies/X001-allowed-registries.yaml:24:5: unknown key 'frobnicates' in a condition"),
        ("check:", "implementation: InvalidNetworkModeRule\nunused:", "custom rules are declarative"),
    ])
    func brokenRuleFilesAreUsageErrorsWithAPosition(_ original: String, _ replacement: String, _ message: String) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.copyPolicies(to: directory)
        let file = directory.appendingPathComponent("policies/X001-allowed-registries.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: original, with: replacement).write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run(["--no-config", "--rules-dir", "policies", "task.json"], directory: directory)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// The worked example in the README is a rule that loads and passes its own examples.
    @Test func theReadmeExampleRuleWorks() throws {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = "# policies/X001-allowed-registries.yaml\n"
        let start = try #require(readme.range(of: marker)).upperBound
        let end = try #require(readme.range(of: "```", range: start..<readme.endIndex)).lowerBound
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try String(readme[start..<end]).write(to: directory.appendingPathComponent("policies/X001-allowed-registries.yaml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["test-rules", "policies"], directory: directory)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("1 rule, 10 example runs passed, 0 failed"))
    }

    /// A team's own data table (a `data/` folder in the rules directory) feeds a `table` check.
    @Test func customDataTables() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("policies/data"), withIntermediateDirectories: true)
        try "approved:\n  - {cpu: 1024, memory: [2048, 4096]}\n  - {cpu: 4096, memory: {from: 8192, to: 16384, step: 8192}}\n"
            .write(to: directory.appendingPathComponent("policies/data/approved-sizes.yaml"), atomically: true, encoding: .utf8)
        try """
        code: X010
        name: approved-sizes
        severity: error
        summary: Tasks use one of the platform's approved sizes.
        scope: [taskDefinition]
        rationale: Capacity planning assumes these sizes.
        remediation: Pick an approved size.
        check:
          assert:
            table: {data: approved-sizes, rows: approved, columns: {cpu: cpu, memory: memory}}
          message: cpu {cpu} with memory {memory} is not an approved size
        examples:
          - description: Not approved
            fires: ["cpu"]
            taskDefinition: {family: web, cpu: "8192", memory: "4096", containerDefinitions: [{name: web, image: "nginx:1.27"}]}
          - description: Approved
            taskDefinition: {family: web, cpu: "4096", memory: "16384", containerDefinitions: [{name: web, image: "nginx:1.27"}]}
        """.write(to: directory.appendingPathComponent("policies/X010-approved-sizes.yaml"), atomically: true, encoding: .utf8)
        let tested = try CLI.run(["test-rules", "policies"], directory: directory)
        #expect(tested.status == 0, "\(tested.stdout)\(tested.stderr)")
        let linted = try CLI.run(["--no-config", "--rules-dir", "policies", "--select", "X010", "task.json"], directory: directory)
        #expect(linted.stdout.contains("task.json:1:26: error X010 cpu 8192 with memory 4096 is not an approved size"), "\(linted.stdout)\(linted.stderr)")
        // A user table may not take a built-in table's name.
        try FileManager.default.moveItem(at: directory.appendingPathComponent("policies/data/approved-sizes.yaml"),
                                         to: directory.appendingPathComponent("policies/data/fargate-task-sizes.yaml"))
        let clash = try CLI.run(["--no-config", "--rules-dir", "policies", "task.json"], directory: directory)
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("data table 'fargate-task-sizes' has the name of a built-in table"), "\(clash.stderr)")
    }

    @Test func aCatastrophicPatternFailsTheGateInsteadOfHanging() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        code: X011
        name: slow-pattern
        severity: error
        summary: A pattern that backtracks exponentially.
        scope: [taskDefinition]
        rationale: For the test.
        remediation: None.
        check:
          for-each: containerDefinitions[*]
          assert: {path: image, matches: '^(a+)+$'}
          message: container {container} image {value}
        """.write(to: directory.appendingPathComponent("policies/X011-slow-pattern.yaml"), atomically: true, encoding: .utf8)
        let image = String(repeating: "a", count: 3_000) + "!"
        try #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "\#(image)"}]}"#
            .write(to: directory.appendingPathComponent("task.json"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["--no-config", "--rules-dir", "policies", "--select", "X011", "task.json"], directory: directory)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("task.json:1:69: error X011 could not decide: the pattern '^(a+)+$' ran out of its match budget on containerDefinitions[0].image"),
                "\(result.stdout)")
    }

    @Test func rulesAndExplainShowTheTeamsRules() throws {
        let rules = try CLI.run(["rules", "--rules-dir", Self.policies.path])
        #expect(rules.stdout.contains("X003  warning  required-tags"))
        let explained = try CLI.run(["explain", "X002", "--rules-dir", Self.policies.path])
        #expect(explained.status == 0)
        #expect(explained.stdout.contains("# X002 max-task-size"))
        #expect(explained.stdout.contains("## Check"))
        #expect(explained.stdout.contains("range:"))
    }

    @Test func rulesWritesTheTeamsDocumentation() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try CLI.run(["rules", "--no-config", "--custom", "--rules-dir", Self.policies.path, "--markdown", "docs/policies"], directory: directory)
        #expect(written.status == 0, "\(written.stderr)")
        let output = directory.appendingPathComponent("docs/policies")
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        let rules = try FileManager.default.contentsOfDirectory(atPath: Self.policies.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files == ["README.md"] + rules.map { $0.replacingOccurrences(of: ".yaml", with: ".md") })
        let index = try String(contentsOf: output.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(index.contains("| [X002](X002-max-task-size.md) | max-task-size | error | none | ECS JSON, CFN JSON, CFN YAML, Kubernetes, Terraform | "), "\(index)")
        #expect(!index.contains("ECS101"))
        // Each page is what `explain` prints, under a generated-file header.
        let page = try String(contentsOf: output.appendingPathComponent("X002-max-task-size.md"), encoding: .utf8)
        let explained = try CLI.run(["explain", "X002", "--no-config", "--rules-dir", Self.policies.path], directory: directory)
        #expect(page.hasPrefix("<!-- GENERATED from "))
        #expect(page.hasSuffix(explained.stdout), "\(page)")
    }

    @Test func testRulesRunsTheExamples() throws {
        let passing = try CLI.run(["test-rules", Self.policies.path])
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.hasPrefix("5 rules, ") && passing.stdout.contains(" example runs passed, 0 failed"), "\(passing.stdout)")

        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.copyPolicies(to: directory)
        let file = directory.appendingPathComponent("policies/X001-allowed-registries.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "containerDefinitions[1].image", with: "containerDefinitions[0].image")
            .write(to: file, atomically: true, encoding: .utf8)
        let failing = try CLI.run(["test-rules", "policies"], directory: directory)
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL X001 example 1 (ecs-json): An image from Docker Hub"))
        #expect(failing.stdout.contains("expected to fire at containerDefinitions[0].image, fired at containerDefinitions[1].image"))
    }
}
