import Foundation
import Testing

/// A throwaway project directory: a `.git` folder makes it a repository root, so configuration
/// discovery never wanders into the machine's other directories.
final class Scratch {
    let url: URL

    init(_ files: [String: String] = [:]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent(".git"), withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    func run(_ arguments: [String], in subdirectory: String? = nil, environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(arguments, environment: environment, directory: subdirectory.map { url.appendingPathComponent($0) } ?? url)
    }
}

enum Fixtures {
    static let clean = """
    {"family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
     "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}}]}
    """
    /// ECS101 (error): cpu 256 with memory 4096.
    static let error = clean.replacingOccurrences(of: "\"memory\": \"512\"", with: "\"memory\": \"4096\"")
    /// ECS011 only (warning): a size unit ECS does not document.
    static let warning = """
    {"family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution", "cpu": "256", "memory": "512MB", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}}]}
    """
    static let broken = "{\"family\": \"web\", \"cpu\": }"
    static let secret = """
    {"family": "web", "executionRoleArn": "arn:aws:iam::123456789012:role/web-execution", "containerDefinitions": [
      {"name": "web", "image": "nginx:1.27", "memory": 512, "readonlyRootFilesystem": true, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app"}}, "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}
    ]}
    """
}

/// (what, files, arguments, expected exit status)
struct ExitCase: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let files: [String: String]
    let arguments: [String]
    let status: Int32

    static let table: [ExitCase] = [
        .init(testDescription: "no findings", files: ["t.json": Fixtures.clean], arguments: ["t.json"], status: 0),
        .init(testDescription: "an error", files: ["t.json": Fixtures.error], arguments: ["t.json"], status: 1),
        .init(testDescription: "a warning below the default threshold", files: ["t.json": Fixtures.warning], arguments: ["t.json"], status: 0),
        .init(testDescription: "a warning with --fail-on warning", files: ["t.json": Fixtures.warning], arguments: ["--fail-on", "warning", "t.json"], status: 1),
        .init(testDescription: "a warning with fail-on in the config", files: ["t.json": Fixtures.warning, ".ecs-lint.yaml": "fail-on: warning\n"],
              arguments: ["t.json"], status: 1),
        .init(testDescription: "--fail-on overrides the config", files: ["t.json": Fixtures.warning, ".ecs-lint.yaml": "fail-on: warning\n"],
              arguments: ["--fail-on", "error", "t.json"], status: 0),
        .init(testDescription: "an error with --fail-on never", files: ["t.json": Fixtures.error], arguments: ["--fail-on", "never", "t.json"], status: 0),
        .init(testDescription: "an error with --exit-zero", files: ["t.json": Fixtures.error], arguments: ["--exit-zero", "t.json"], status: 0),
        .init(testDescription: "a parse error", files: ["t.json": Fixtures.broken], arguments: ["t.json"], status: 1),
        .init(testDescription: "a parse error with --exit-zero", files: ["t.json": Fixtures.broken], arguments: ["--exit-zero", "t.json"], status: 1),
        .init(testDescription: "a parse error with --fail-on never", files: ["t.json": Fixtures.broken], arguments: ["--fail-on", "never", "t.json"], status: 1),
        .init(testDescription: "a suppressed error", files: ["t.json": Fixtures.error, ".ecs-lint.yaml": "suppressions:\n  - {path: t.json, rule: ECS101, reason: load test}\n"],
              arguments: ["t.json"], status: 0),
        .init(testDescription: "an ignored rule", files: ["t.json": Fixtures.error], arguments: ["--ignore", "ECS101", "t.json"], status: 0),
        .init(testDescription: "only files that are not ECS", files: ["package.json": "{\"name\": \"x\"}", "ci.yaml": "on: push\n"],
              arguments: ["package.json", "ci.yaml"], status: 0),
        .init(testDescription: "a missing path", files: [:], arguments: ["nope.json"], status: 2),
        .init(testDescription: "an unknown option", files: [:], arguments: ["--frobnicate"], status: 2),
        .init(testDescription: "a bad --fail-on", files: ["t.json": Fixtures.clean], arguments: ["--fail-on", "fatal", "t.json"], status: 2),
        .init(testDescription: "an unknown rule in --select", files: ["t.json": Fixtures.clean], arguments: ["--select", "ECS999", "t.json"], status: 2),
        .init(testDescription: "a bad configuration", files: ["t.json": Fixtures.clean, ".ecs-lint.yaml": "selct: [ECS]\n"], arguments: ["t.json"], status: 2),
        .init(testDescription: "a missing --config", files: ["t.json": Fixtures.clean], arguments: ["--config", "nope.yaml", "t.json"], status: 2),
        .init(testDescription: "a missing baseline", files: ["t.json": Fixtures.clean], arguments: ["--baseline", "nope.json", "t.json"], status: 2),
        .init(testDescription: "two formats without outputs", files: ["t.json": Fixtures.clean], arguments: ["-f", "json", "-f", "sarif", "t.json"], status: 2),
        .init(testDescription: "outputs that do not pair with formats", files: ["t.json": Fixtures.clean],
              arguments: ["-f", "json", "-f", "sarif", "-o", "a.json", "t.json"], status: 2),
    ]
}

@Suite struct CIGateTests {
    @Test(arguments: ExitCase.table)
    func exitCodeTable(_ item: ExitCase) throws {
        let scratch = try Scratch(item.files)
        let result = try scratch.run(item.arguments)
        #expect(result.status == item.status, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        if item.status == 2 {
            #expect(result.stderr.hasPrefix("ecs-lint: ") || result.stderr.contains("Error:"), "usage errors explain themselves: \(result.stderr)")
            #expect(!result.stderr.contains("Stack dump"))
        }
    }

    @Test func configurationIsFoundFromSubdirectoriesUpToTheRepositoryRoot() throws {
        let scratch = try Scratch([
            ".ecs-lint.yml": "ignore: [ECS101]\n",
            "infra/deploy/t.json": Fixtures.error,
        ])
        #expect(try scratch.run(["t.json"], in: "infra/deploy").status == 0)
        #expect(try scratch.run(["--no-config", "t.json"], in: "infra/deploy").status == 1)
        let shown = try scratch.run(["config", "--show"], in: "infra/deploy")
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("config-file: \"\(scratch.url.path)/.ecs-lint.yml\""))
        #expect(shown.stdout.contains("  ECS101: off  # invalid-fargate-cpu-memory"))

        // A configuration above the repository root is not used.
        let outer = try Scratch([".ecs-lint.yaml": "ignore: [ECS101]\n", "repo/t.json": Fixtures.error])
        try FileManager.default.createDirectory(at: outer.url.appendingPathComponent("repo/.git"), withIntermediateDirectories: true)
        #expect(try outer.run(["t.json"], in: "repo").status == 1)
    }

    @Test func explicitConfigAndEnvironmentVariable() throws {
        let scratch = try Scratch(["t.json": Fixtures.error, "ci/strict.yaml": "ignore: [ECS101]\n"])
        #expect(try scratch.run(["t.json"]).status == 1)
        #expect(try scratch.run(["--config", "ci/strict.yaml", "t.json"]).status == 0)
        #expect(try scratch.run(["t.json"], environment: ["ECS_LINT_CONFIG": "ci/strict.yaml"]).status == 0)
        let error = try scratch.run(["--config", "t.json", "t.json"])
        #expect(error.status == 2)
        #expect(error.stderr.contains("ecs-lint: t.json:1:2: unknown configuration key 'family'"), "\(error.stderr)")
    }

    @Test func includeExcludeAndForceExclude() throws {
        let scratch = try Scratch([
            ".ecs-lint.yaml": "include: [\"deploy/**\"]\nexclude: [\"deploy/legacy\", \"*.generated.json\"]\n",
            "deploy/web.json": Fixtures.error,
            "deploy/legacy/old.json": Fixtures.error,
            "deploy/app.generated.json": Fixtures.error,
            "other/web.json": Fixtures.error,
        ])
        let walked = try scratch.run(["-f", "json", "."])
        let files = Set(try CLI.json(walked.stdout)["findings"].flatMap { $0 as? [[String: Any]] }?.compactMap { $0["file"] as? String } ?? [])
        #expect(files == ["deploy/web.json"])
        // Named files are linted even when excluded, unless --force-exclude (what the pre-commit hook passes).
        #expect(try scratch.run(["deploy/legacy/old.json"]).status == 1)
        #expect(try scratch.run(["--force-exclude", "deploy/legacy/old.json"]).status == 0)
        #expect(try scratch.run(["--force-exclude", "--exclude", "other/**", "other/web.json"]).status == 0)
    }

    @Test func excludesNeverMatchDirectoriesAboveTheProject() throws {
        // The checkout itself lives under a folder named "build"; `exclude: [build]` means the
        // project's own build folder, not that one.
        let scratch = try Scratch(["build/repo/.ecs-lint.yaml": "exclude: [build]\n", "build/repo/t.json": Fixtures.error,
                                   "build/repo/build/out.json": Fixtures.error])
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("build/repo/.git"), withIntermediateDirectories: true)
        let result = try scratch.run(["--force-exclude", "-f", "json", "."], in: "build/repo")
        #expect(result.status == 1)
        let files = (try CLI.json(result.stdout)["findings"] as? [[String: Any]])?.compactMap { $0["file"] as? String }
        #expect(files == ["t.json"])
    }

    @Test func reportPathsAreRelativeToTheRepositoryRootWhereverTheRunStarts() throws {
        let scratch = try Scratch(["deploy/t.json": Fixtures.error])
        let github = try scratch.run(["--format", "github", "t.json"], in: "deploy")
        #expect(github.stdout.hasPrefix("::error file=deploy/t.json,line="), "\(github.stdout)")
        let sarif = try CLI.json(try scratch.run(["--format", "sarif", "."], in: "deploy").stdout)
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let location = (((run["results"] as? [[String: Any]])?.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any]
        #expect(location?["uri"] as? String == "deploy/t.json")
        let base = ((run["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any])?["uri"] as? String
        #expect(base == "file://" + scratch.url.standardizedFileURL.path + "/")
    }

    @Test func severalReportsInOneRun() throws {
        let scratch = try Scratch(["t.json": Fixtures.error])
        let result = try scratch.run(["--format", "github", "--format", "sarif", "--format", "junit", "--output", "-", "--output", "out/report.sarif",
                                      "-o", "junit.xml", "t.json"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("::error file=t.json,line=1,col="))
        let sarif = try CLI.json(try scratch.read("out/report.sarif"))
        #expect(sarif["version"] as? String == "2.1.0")
        #expect(try scratch.read("junit.xml").contains("failures=\"1\""))
    }

    @Test func baselineRoundTripThroughTheCLI() throws {
        let scratch = try Scratch(["deploy/web.json": Fixtures.secret, ".ecs-lint.yaml": "baseline: .ecs-lint-baseline.json\n"])
        let missing = try scratch.run(["deploy"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--write-baseline"))

        let written = try scratch.run(["--write-baseline", ".ecs-lint-baseline.json", "deploy"])
        #expect(written.status == 0)
        #expect(written.stderr.contains("recorded 1 finding"))
        let baseline = try CLI.json(try scratch.read(".ecs-lint-baseline.json"))
        let entries = try #require(baseline["entries"] as? [[String: Any]])
        #expect(entries.first?["path"] as? String == "deploy/web.json")
        #expect(entries.first?["location"] as? String == "web/containerDefinitions[name=web].environment[name=DB_PASSWORD]")

        // Lines move: still baselined.
        try scratch.write("deploy/web.json", "\n\n\n" + Fixtures.secret.replacingOccurrences(of: "\"image\": \"nginx:1.27\", ", with: "\"image\": \"nginx:1.27\",\n  "))
        let moved = try scratch.run(["-f", "json", "deploy"])
        #expect(moved.status == 0)
        let summary = try #require(try CLI.json(moved.stdout)["summary"] as? [String: Int])
        #expect(summary["baselined"] == 1 && summary["errors"] == 0)

        // A new finding fails, and only it is reported.
        try scratch.write("deploy/web.json", Fixtures.secret.replacingOccurrences(
            of: "\"value\": \"hunter2hunter2\"}", with: "\"value\": \"hunter2hunter2\"}, {\"name\": \"API_TOKEN\", \"value\": \"abcdef123456\"}"))
        let grown = try scratch.run(["deploy"])
        #expect(grown.status == 1)
        #expect(grown.stdout.contains("API_TOKEN") && !grown.stdout.contains("DB_PASSWORD"))

        // Fixed: the entry is stale, listed with -v.
        try scratch.write("deploy/web.json", Fixtures.clean)
        let fixed = try scratch.run(["-v", "deploy"])
        #expect(fixed.status == 0)
        #expect(fixed.stderr.contains("stale baseline entry: ECS401 in deploy/web.json"))
    }
}
