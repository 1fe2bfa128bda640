import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
import Foundation
import Testing

@Suite struct ConfigurationTests {
    static func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try Configuration.parse(SourceFile(path: ".ecs-lint.yaml", text: text, lineBreaks: .yaml), displayPath: ".ecs-lint.yaml",
                                catalog: Repository.catalog)
    }

    /// (configuration, rule, severity it runs at or "off").
    static let resolution: [(String, String, String)] = [
        ("", "ECS101", "error"),
        ("", "ECS008", "warning"),
        ("ignore: [ECS101]", "ECS101", "off"),
        ("ignore: [ECS1]", "ECS101", "off"),
        ("ignore: [ECS1]", "ECS401", "error"),
        ("ignore: invalid-fargate-cpu-memory", "ECS101", "off"),
        ("ignore: \"ECS101, ECS102\"", "ECS102", "off"),
        ("select: [IAM]", "ECS101", "off"),
        ("select: [IAM]", "IAM001", "error"),
        ("select: [ECS1]\nignore: [ECS]", "ECS101", "error"),
        ("select: [ECS101]\nignore: [ECS1]", "ECS101", "error"),
        ("select: [ECS1]\nignore: [ECS101]", "ECS101", "off"),
        ("select: [ALL]\nignore: [ECS101]", "ECS102", "error"),
        ("severity: {ECS101: warning}", "ECS101", "warning"),
        ("severity: {ECS1: info, ECS101: warning}", "ECS102", "info"),
        ("severity: {ECS1: info, ECS101: warning}", "ECS101", "warning"),
        ("severity: {ECS101: off}", "ECS101", "off"),
        ("ignore: [ECS0]", "ECS001", "error"),
        ("severity: {ECS001: off}", "ECS001", "error"),
        ("select: [IAM]", "ECS012", "error"),
    ]

    @Test(arguments: resolution)
    func selectIgnoreAndSeverity(_ config: String, _ code: String, _ expected: String) throws {
        let configuration = try Self.parse(config)
        let rule = try #require(Repository.catalog.rule(code))
        #expect(configuration.severity(for: rule)?.rawValue ?? "off" == expected)
    }

    /// (configuration, line, column, part of the message).
    static let errors: [(String, Int, Int, String)] = [
        ("selct: [ECS1]", 1, 1, "unknown configuration key 'selct' (did you mean 'select'?)"),
        ("select: [ECS10l]", 1, 10, "'ECS10l' names no rule (did you mean 'ECS101'?)"),
        ("ignore: [no-such-rule]", 1, 10, "names no rule"),
        ("severity: {ECS101: fatal}", 1, 20, "severity must be one of info, warning, error, off, not 'fatal'"),
        ("fail-on: errors", 1, 10, "fail-on must be one of error, warning, info, never, not 'errors' (did you mean 'error'?)"),
        ("version: 2", 1, 10, "version must be 1"),
        ("exclude: [\"infra/{a,b\"]", 1, 11, "bad path pattern"),
        ("rules:\n  ECS401: {extra-name-pattern: [X]}", 2, 12, "unknown setting 'extra-name-pattern' for ECS401 (did you mean 'extra-name-patterns'?)"),
        ("rules:\n  ECS101: {strict: true}", 2, 12, "ECS101 has no settings"),
        ("rules:\n  ECS4: {extra-name-patterns: [X]}", 2, 3, "one rule's code or name"),
        ("rules:\n  ECS401: {extra-name-patterns: ['(unclosed']}", 2, 34, "invalid pattern"),
        ("rules:\n  ECS401: {extra-name-patterns: X}", 2, 33, "must be a list"),
        ("suppressions:\n  - {rule: ECS401}", 2, 5, "needs 'path'"),
        ("suppressions:\n  - {path: a.json, rule: ECS401, expires: tomorrow}", 2, 43, "expires must be a date"),
        ("suppressions:\n  - {path: a.json, rule: ECS401, expires: 2027-02-30}", 2, 43, "expires must be a date"),
        ("suppressions:\n  - {path: a.json, rule: ECS401, target: \"a[b]\"}", 2, 42, "must be an index, name=NAME or *"),
        ("suppressions:\n  - {path: a.json, rule: ECS401, reson: x}", 2, 34, "unknown suppression key 'reson' (did you mean 'reason'?)"),
        ("select: [ECS1]\nselect: [ECS2]", 2, 1, "key 'select' is given twice"),
        ("select: [ECS1", 1, 14, "did not find expected ',' or ']'"),
        ("- ECS101", 1, 1, "the configuration must be a mapping"),
        ("select: []", 1, 9, "select is empty"),
    ]

    @Test(arguments: errors)
    func errorsNameTheFileLineAndColumn(_ config: String, _ line: Int, _ column: Int, _ message: String) throws {
        do {
            _ = try Self.parse(config)
            Issue.record("expected an error for \(config)")
        } catch {
            #expect(error.path == ".ecs-lint.yaml")
            #expect(error.position?.line == line)
            #expect(error.position?.column == column)
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let bytes = Array("select: [ECS101]\nignore: [".utf8) + [0xFF] + Array("]\n".utf8)
        do {
            _ = try Configuration.parse(SourceFile(path: ".ecs-lint.yaml", bytes: bytes, lineBreaks: .yaml), displayPath: ".ecs-lint.yaml",
                                        catalog: Repository.catalog)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.position?.line == 2 && error.position?.column == 10, "\(error)")
        }
    }

    @Test func emptyAndCommentOnlyFilesAreTheDefaults() throws {
        for text in ["", "# nothing yet\n", "---\n"] {
            let configuration = try Self.parse(text)
            #expect(configuration.select == nil && configuration.ignore.isEmpty && configuration.suppressions.isEmpty)
        }
    }

    @Test func ruleParametersReachTheRule() throws {
        let text = """
        {"family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "memory": 512,
          "environment": [{"name": "ACME_PIN", "value": "12345678"}]}]}
        """
        let plain = try Pipeline.run(text, path: "task.json")
        #expect(plain[0].diagnostics.isEmpty)
        let configured = try Pipeline.run(text, path: "task.json", config: "rules:\n  ECS401: {extra-name-patterns: ['^ACME_PIN$']}\n")
        #expect(configured[0].diagnostics.map(\.code) == ["ECS401"])
    }
}

@Suite struct BaselineTests {
    static let original = """
    {"family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution", "containerDefinitions": [
      {"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "memory": 512, "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]},
      {"name": "worker", "image": "busybox:1.36", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "memory": 512, "environment": [{"name": "API_TOKEN", "value": "abcdef123456"}]}
    ]}
    """
    /// The same findings on other lines, with the containers in the other order.
    static let moved = """
    {
      "family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution",

      "containerDefinitions": [
        {"name": "worker", "image": "busybox:1.36", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "memory": 512,
         "environment": [{"name": "API_TOKEN", "value": "abcdef123456"}]},
        {"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "memory": 512,
         "environment": [{"name": "LOG_LEVEL", "value": "debug"}, {"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}
      ]
    }
    """
    static let withNewFinding = moved.replacingOccurrences(of: "\"LOG_LEVEL\", \"value\": \"debug\"", with: "\"SESSION_SECRET\", \"value\": \"s3cr3t-value\"")

    @Test func fingerprintsIgnoreLinesAndContainerOrderButNotFiles() throws {
        let first = try Pipeline.run(Self.original, path: "web.json")[0].diagnostics
        let second = try Pipeline.run(Self.moved, path: "web.json")[0].diagnostics
        #expect(first.count == 2 && second.count == 2)
        #expect(Set(first.map(\.fingerprint)) == Set(second.map(\.fingerprint)))
        #expect(Set(first.map(\.start.line)) != Set(second.map(\.start.line)))
        let elsewhere = try Pipeline.run(Self.original, path: "other/web.json")[0].diagnostics
        #expect(Set(first.map(\.fingerprint)).isDisjoint(with: elsewhere.map(\.fingerprint)))
    }

    @Test func roundTripKeepsMovedFindingsAndCatchesNewOnes() throws {
        let baseline = Baseline(reports: try Pipeline.run(Self.original, path: "web.json"))
        #expect(baseline.entries.map(\.count) == [1, 1])
        let reparsed = try Baseline.parse(SourceFile(path: "b.json", text: baseline.render()), displayPath: "b.json")
        #expect(reparsed.entries == baseline.entries)

        var moved = try Pipeline.run(Self.moved, path: "web.json")
        #expect(reparsed.apply(to: &moved).isEmpty)
        #expect(moved[0].diagnostics.allSatisfy { $0.baselined })

        var grown = try Pipeline.run(Self.withNewFinding, path: "web.json")
        _ = reparsed.apply(to: &grown)
        #expect(grown[0].diagnostics.filter(\.isActive).map(\.location.description) == ["web/containerDefinitions[name=web].environment[name=SESSION_SECRET]"])

        var fixed = try Pipeline.run(Self.original.replacingOccurrences(of: "hunter2hunter2", with: ""), path: "web.json")
        let stale = reparsed.apply(to: &fixed)
        #expect(stale.map(\.location) == ["web/containerDefinitions[name=web].environment[name=DB_PASSWORD]"])
        var unrelated = try Pipeline.run(Self.original, path: "elsewhere.json")
        #expect(reparsed.apply(to: &unrelated).isEmpty, "entries for files not in the run are not stale")
        #expect(unrelated[0].diagnostics.allSatisfy { $0.isActive }, "a baseline never matches across files")
    }

    @Test func countsLimitHowManyIdenticalFindingsAreBaselined() throws {
        let duplicate = """
        {"family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "memory": 512,
          "environment": [{"name": "DB_PASSWORD", "value": "a-long-password"}, {"name": "DB_PASSWORD", "value": "b-long-password"}]}]}
        """
        let baseline = Baseline(reports: try Pipeline.run(Self.original.replacingOccurrences(of: "API_TOKEN", with: "DB_PASSWORD")
            .replacingOccurrences(of: "\"worker\"", with: "\"web2\""), path: "web.json"))
        var reports = try Pipeline.run(duplicate, path: "web.json")
        _ = baseline.apply(to: &reports)
        // The repeated name is also ECS403's finding, which the baseline never saw.
        let plaintext = reports[0].diagnostics.filter { $0.code == "ECS401" }
        #expect(plaintext.filter(\.baselined).count == 1)
        #expect(plaintext.filter(\.isActive).count == 1)
    }

    @Test func parseErrorsAreNeverBaselined() throws {
        let reports = try Pipeline.run("{\"family\": ", path: "broken.json")
        let baseline = Baseline(reports: reports)
        #expect(baseline.entries.isEmpty)
    }

    @Test(arguments: ["", "[]", "{\"version\": 2, \"entries\": []}", "{\"version\": 1}",
                      "{\"version\": 1, \"entries\": [{\"rule\": \"ECS401\"}]}"])
    func malformedBaselinesAreErrors(_ text: String) {
        #expect(throws: ConfigurationError.self) {
            try Baseline.parse(SourceFile(path: "b.json", text: text), displayPath: "b.json")
        }
    }
}
