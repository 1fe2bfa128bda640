import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
import Foundation
import Testing

/// Runs the whole per-file pipeline (rules, per-file ignores, suppressions) on in-memory files.
enum Pipeline {
    static func linter(config: String? = nil, options: LintOptions = LintOptions()) throws -> Linter {
        var configuration = Configuration()
        if let config {
            configuration = try Configuration.parse(SourceFile(path: ".ecs-lint.yaml", text: config, lineBreaks: .yaml),
                                                    displayPath: ".ecs-lint.yaml", catalog: Repository.catalog)
        }
        return try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations,
                          configuration: configuration, options: options)
    }

    /// Every report of the run (the configuration's own report last, when it has findings).
    static func run(_ files: [(path: String, text: String)], config: String? = nil, options: LintOptions = LintOptions()) throws -> [FileReport] {
        let linter = try linter(config: config, options: options)
        return linter.lint(files.map { file in
            LintInput(displayPath: file.path, projectPath: file.path) { .success(SourceFile(path: file.path, text: file.text)) }
        })
    }

    static func run(_ text: String, path: String = "template.yaml", config: String? = nil, options: LintOptions = LintOptions()) throws -> [FileReport] {
        try run([(path, text)], config: config, options: options)
    }
}

/// A CloudFormation YAML task definition with one plaintext secret (ECS401) at line 9, and
/// otherwise clean.
private func template(environmentComment: String = "", trailing: String = "", header: String = "") -> String {
    """
    \(header)Resources:
      Task:
        Type: AWS::ECS::TaskDefinition
        Properties:
          ExecutionRoleArn: arn:aws:iam::123456789012:role/web-execution
          ContainerDefinitions:
            - Name: web
              Image: nginx:1.27
              Environment:
                \(environmentComment.isEmpty ? "" : environmentComment + "\n            ")- {Name: DB_PASSWORD, Value: hunter2hunter2}\(trailing)
              ReadonlyRootFilesystem: true
              Memory: 512
              LogConfiguration: {LogDriver: awslogs, Options: {awslogs-group: /ecs/web, awslogs-region: eu-west-1}}
    """
}

struct SuppressionCase: Sendable, CustomTestStringConvertible {
    let description: String
    let text: String
    /// Codes of active findings, suppressed findings, and the suppression kind used.
    let active: [String]
    let suppressed: [String]
    var kind: Suppression.Kind?
    var testDescription: String { description }

    static let all: [SuppressionCase] = [
        .init(description: "no directive", text: template(), active: ["ECS401"], suppressed: []),
        .init(description: "comment on the line above", text: template(environmentComment: "# ecs-lint: ignore[ECS401] -- test fixture"),
              active: [], suppressed: ["ECS401"], kind: .comment),
        .init(description: "comment at the end of the line", text: template(trailing: "  # ecs-lint: ignore[ECS401] -- test fixture"),
              active: [], suppressed: ["ECS401"], kind: .comment),
        .init(description: "rule named by name", text: template(trailing: " # ecs-lint: ignore[plaintext-secret-in-environment] -- fixture"),
              active: [], suppressed: ["ECS401"], kind: .comment),
        .init(description: "rule named by prefix, several rules", text: template(trailing: " # ecs-lint:ignore[ ECS1, ECS4 ] -- fixture"),
              active: ["ECS008"], suppressed: ["ECS401"], kind: .comment),
        .init(description: "file-wide comment", text: template(header: "# ecs-lint: ignore-file[ECS401] -- generated fixture\n"),
              active: [], suppressed: ["ECS401"], kind: .fileComment),
        .init(description: "file-wide comment after a byte-order mark, CRLF line breaks",
              text: "\u{FEFF}# ecs-lint: ignore-file[ECS401] -- generated\r\n" + template().replacingOccurrences(of: "\n", with: "\r\n"),
              active: [], suppressed: ["ECS401"], kind: .fileComment),
        .init(description: "comment above, CRLF line breaks",
              text: template(environmentComment: "# ecs-lint: ignore[ECS401] -- test fixture").replacingOccurrences(of: "\n", with: "\r\n"),
              active: [], suppressed: ["ECS401"], kind: .comment),
        .init(description: "end-of-line comment on a later line of a multi-line finding",
              text: template().replacingOccurrences(of: "- {Name: DB_PASSWORD, Value: hunter2hunter2}",
                                                    with: "- Name: DB_PASSWORD\n              Value: hunter2hunter2 # ecs-lint: ignore[ECS401] -- rotated"),
              active: [], suppressed: ["ECS401"], kind: .comment),
        .init(description: "Metadata id as a list", text: template().replacingOccurrences(
                of: "    Properties:", with: "    Metadata:\n      ecs-lint:\n        ignore: [{id: [ECS401, ECS011], reason: fixture}]\n    Properties:"),
              active: ["ECS008"], suppressed: ["ECS401"], kind: .metadata),
        .init(description: "Metadata id that is a mapping", text: template().replacingOccurrences(
                of: "    Properties:", with: "    Metadata:\n      ecs-lint:\n        ignore: [{id: {code: ECS401}, reason: fixture}]\n    Properties:"),
              active: ["ECS008", "ECS401"], suppressed: []),
        .init(description: "no reason: suppressed, but ECS009", text: template(trailing: " # ecs-lint: ignore[ECS401]"),
              active: ["ECS009"], suppressed: ["ECS401"], kind: .comment),
        .init(description: "empty reason counts as none", text: template(trailing: " # ecs-lint: ignore[ECS401] --   "),
              active: ["ECS009"], suppressed: ["ECS401"], kind: .comment),
        .init(description: "unknown rule: ECS008, finding stays", text: template(trailing: " # ecs-lint: ignore[ECS4O1] -- typo"),
              active: ["ECS008", "ECS401"], suppressed: []),
        .init(description: "unreadable directive: ECS008, finding stays", text: template(trailing: " # ecs-lint: ignore ECS401 -- no brackets"),
              active: ["ECS008", "ECS401"], suppressed: []),
        .init(description: "reason without '--' is unreadable", text: template(trailing: " # ecs-lint: ignore[ECS401] because"),
              active: ["ECS008", "ECS401"], suppressed: []),
        .init(description: "comment two lines above covers nothing", text: template(header: "# ecs-lint: ignore[ECS401] -- wrong place\n"),
              active: ["ECS008", "ECS401"], suppressed: []),
        .init(description: "a mention of ecs-lint is not a directive", text: template(header: "# linted by ecs-lint in CI\n"),
              active: ["ECS401"], suppressed: []),
        .init(description: "directive text inside a string is not a comment",
              text: template().replacingOccurrences(of: "Image: nginx:1.27", with: "Image: \"nginx # ecs-lint: ignore[ECS401] -- x\""),
              // Such an image is no image reference (spaces): ECS604, not suppressed either.
              active: ["ECS401", "ECS604"], suppressed: []),
        .init(description: "resource Metadata", text: template().replacingOccurrences(
                of: "    Properties:", with: "    Metadata:\n      ecs-lint:\n        ignore: [{id: ECS401, reason: fixture}]\n    Properties:"),
              active: [], suppressed: ["ECS401"], kind: .metadata),
        .init(description: "resource Metadata with a matching target", text: template().replacingOccurrences(
                of: "    Properties:",
                with: "    Metadata:\n      ecs-lint:\n        ignore: [{id: ECS401, reason: fixture, target: \"ContainerDefinitions[name=web]/Environment\"}]\n    Properties:"),
              active: [], suppressed: ["ECS401"], kind: .metadata),
        .init(description: "resource Metadata with another target", text: template().replacingOccurrences(
                of: "    Properties:",
                with: "    Metadata:\n      ecs-lint:\n        ignore: [{id: ECS401, reason: fixture, target: \"ContainerDefinitions[name=worker]\"}]\n    Properties:"),
              active: ["ECS008", "ECS401"], suppressed: []),
        .init(description: "template Metadata", text: "Metadata:\n  ecs-lint:\n    ignore:\n      - id: ECS401\n        reason: fixture\n" + template(),
              active: [], suppressed: ["ECS401"], kind: .metadata),
        .init(description: "expired Metadata entry", text: template().replacingOccurrences(
                of: "    Properties:", with: "    Metadata:\n      ecs-lint:\n        ignore: [{id: ECS401, reason: fixture, expires: 2020-01-31}]\n    Properties:"),
              active: ["ECS008", "ECS401"], suppressed: []),
        .init(description: "Metadata entry with an unknown key", text: template().replacingOccurrences(
                of: "    Properties:", with: "    Metadata:\n      ecs-lint:\n        ignore: [{id: ECS401, comment: fixture}]\n    Properties:"),
              active: ["ECS008", "ECS401"], suppressed: []),
    ]
}

@Suite struct SuppressionTests {
    static let today = "2026-11-21"

    @Test(arguments: SuppressionCase.all)
    func suppressionForms(_ item: SuppressionCase) throws {
        let report = try #require(Pipeline.run(item.text, options: LintOptions(today: Self.today)).first)
        #expect(report.status == .linted)
        #expect(report.diagnostics.filter(\.isActive).map(\.code).sorted() == item.active,
                "\(report.diagnostics.map { "\($0.code) \($0.start.line):\($0.start.column) \($0.message)" })")
        let suppressed = report.diagnostics.filter { $0.suppression != nil }
        #expect(suppressed.map(\.code).sorted() == item.suppressed)
        if let kind = item.kind {
            #expect(suppressed.allSatisfy { $0.suppression?.kind == kind })
        }
    }

    @Test func unusedCommentIsReportedAtTheRuleItNames() throws {
        let text = template(trailing: " # ecs-lint: ignore[ECS401, ECS101] -- fixture")
        let report = try #require(Pipeline.run(text).first)
        let unused = try #require(report.diagnostics.first { $0.code == "ECS008" })
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)[unused.start.line - 1]
        #expect(line.dropFirst(unused.start.column - 1).hasPrefix("ECS101"))
        #expect(unused.message.contains("ECS101"))
    }

    @Test func inlineSuppressionsCanBeTurnedOffForAudits() throws {
        let text = template(trailing: " # ecs-lint: ignore[ECS401] -- fixture")
        let report = try #require(Pipeline.run(text, options: LintOptions(inlineSuppressions: false)).first)
        #expect(report.diagnostics.map(\.code) == ["ECS401"])
        #expect(report.diagnostics.allSatisfy { $0.isActive })
    }

    @Test func suppressionsOfRulesThatDoNotRunAreNotJudged() throws {
        let text = template(trailing: " # ecs-lint: ignore[ECS401, ECS101] -- fixture")
        let report = try #require(Pipeline.run(text, config: "ignore: [ECS401, ECS101]\n").first)
        #expect(report.diagnostics.isEmpty)
    }

    static let taskJSON = """
    {"family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution", "containerDefinitions": [
      {"name": "web", "image": "nginx:1.27", "memory": 512, "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]},
      {"name": "worker", "image": "busybox:1.36", "memory": 512, "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "environment": [{"name": "API_TOKEN", "value": "abcdef123456"}]}
    ]}
    """

    @Test func configSuppressionsTargetRawECSJSON() throws {
        let config = """
        suppressions:
          - path: "deploy/*.json"
            rule: ECS401
            target: containerDefinitions[name=worker]
            reason: rotated by the vault agent
        """
        let reports = try Pipeline.run([("deploy/web.json", Self.taskJSON)], config: config)
        #expect(reports.count == 1, "a used entry adds no findings about the configuration")
        let findings = reports[0].diagnostics
        #expect(findings.filter(\.isActive).map(\.location.description) == ["web/containerDefinitions[name=web].environment[name=DB_PASSWORD]"])
        let suppressed = try #require(findings.first { $0.suppression != nil })
        #expect(suppressed.suppression == Suppression(kind: .config, reason: "rotated by the vault agent", source: ".ecs-lint.yaml:2:5"))
    }

    @Test func configSuppressionsAreJudgedOnlyWhenTheirFilesWereLinted() throws {
        let config = """
        suppressions:
          - {path: other.json, rule: ECS401, reason: elsewhere}
          - {path: deploy/web.json, rule: ECS101}
          - {path: deploy/web.json, rule: ECS401, reason: old, expires: 2021-01-01}
        """
        let reports = try Pipeline.run([("deploy/web.json", Self.taskJSON)], config: config, options: LintOptions(today: Self.today))
        let configReport = try #require(reports.first { $0.status == .configuration })
        #expect(configReport.path == ".ecs-lint.yaml")
        // Entry 1 covers no linted file; entry 2 is unused and has no reason; entry 3 expired.
        #expect(configReport.diagnostics.map { "\($0.code)@\($0.start.line)" }.sorted() == ["ECS008@3", "ECS008@4", "ECS009@3"])
        #expect(reports[0].diagnostics.filter(\.isActive).count == 2, "the expired entry no longer suppresses")
    }

    @Test func configSuppressionsAreJudgedPerRuleAndOnlyWhereTheRuleRuns() throws {
        let config = """
        suppressions:
          - {path: deploy/web.json, rule: "ECS401, ECS101", reason: fixture}
        """
        let reports = try Pipeline.run([("deploy/web.json", Self.taskJSON)], config: config)
        let unused = try #require(reports.first { $0.status == .configuration }).diagnostics
        #expect(unused.map(\.message) == ["suppression of ECS101 for 'deploy/web.json' matched no finding; remove it"])

        for notRunning in ["ignore: [ECS401, ECS101]\n", "per-file-ignores: {\"deploy/**\": [ECS4, ECS1]}\n", "select: [IAM, ECS008]\n"] {
            let quiet = try Pipeline.run([("deploy/web.json", Self.taskJSON)], config: notRunning + config)
            #expect(!quiet.contains { $0.status == .configuration }, "\(notRunning): \(quiet.flatMap(\.diagnostics).map(\.message))")
        }
    }

    @Test func perFileIgnoresDropFindings() throws {
        let config = "per-file-ignores:\n  \"legacy/**\": [ECS401]\n"
        let reports = try Pipeline.run([("legacy/a/web.json", Self.taskJSON), ("deploy/web.json", Self.taskJSON)], config: config)
        #expect(reports[0].diagnostics.isEmpty)
        #expect(reports[1].diagnostics.map(\.code) == ["ECS401", "ECS401"])
    }

    @Test func parseErrorsCannotBeIgnoredOrSuppressed() throws {
        let config = "ignore: [ECS0]\nper-file-ignores: {\"*.json\": [ECS001]}\n"
        let reports = try Pipeline.run([("broken.json", "{\"family\": ")], config: config)
        #expect(reports[0].diagnostics.map(\.code) == ["ECS001"])
    }
}

/// Annotations of Kubernetes-style objects suppress for the whole object; annotations ecs-lint
/// cannot read are reported where they are written.
@Suite struct AnnotationSuppressionTests {
    static func object(_ annotations: String) -> String {
        """
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
          annotations:
        \(annotations.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
        spec:
          family: web
          containerDefinitions:
            - name: web
              image: nginx:1.27
              readonlyRootFilesystem: true
              environment:
                - {name: DB_PASSWORD, value: hunter2hunter2}
        """
    }

    @Test(arguments: [
        ("ecs-lint.io/ignore: ECS401\necs-lint.io/ignore-reason: fixture", [String](), ["ECS401"]),
        ("ignore-check.ecs-lint.io/ECS401: fixture", [], ["ECS401"]),
        ("ecs-lint.io/ignore: ECS401", ["ECS009"], ["ECS401"]),
        ("ecs-lint.io/ignroe: ECS401", ["ECS008", "ECS401"], []),
        ("ecs-lint.io/ignore-reason: fixture", ["ECS008", "ECS401"], []),
        ("ecs-lint.io/ignore: \"ECS401, ECS999\"\necs-lint.io/ignore-reason: fixture", ["ECS008"], ["ECS401"]),
    ])
    func annotations(_ annotations: String, _ active: [String], _ suppressed: [String]) throws {
        let report = try #require(try Pipeline.run(Self.object(annotations), path: "task.yaml").first)
        let relevant = report.diagnostics.filter { ["ECS008", "ECS009", "ECS401"].contains($0.code) }
        #expect(relevant.filter { $0.suppression == nil }.map(\.code).sorted() == active)
        #expect(relevant.filter { $0.suppression != nil }.map(\.code) == suppressed)
        #expect(relevant.filter { $0.suppression != nil }.allSatisfy { $0.suppression?.kind == .annotation })
    }
}
