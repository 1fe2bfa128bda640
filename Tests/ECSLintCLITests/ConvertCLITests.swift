import Foundation
import Testing

/// `ecs-lint convert`: where it writes, what it refuses, its exit status.
@Suite struct ConvertCLITests {
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aLosslessConversionGoesToStandardOutput() throws {
        let result = try CLI.run(["convert", "--to", "cfn-yaml", "examples/worker-taskdef.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n"))
        #expect(result.stdout.contains("    Type: AWS::ECS::TaskDefinition\n"))
        #expect(result.stderr.isEmpty)
    }

    /// Without --allow-lossy nothing is written, each lost value is listed with its place, and
    /// the exit status is 1; with it, the output is written and the list still printed.
    @Test func aLossyConversionIsRefusedUnlessAllowed() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("web.yaml")
        let refused = try CLI.run(["convert", "--to", "kubernetes", "examples/web-taskdef.json", "-o", output.path])
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output.path))
        #expect(refused.stderr.contains("examples/web-taskdef.json:3:30: lost: task definition web requiresCompatibilities: launch types do not exist in Kubernetes\n"))
        #expect(refused.stderr.contains("examples/web-taskdef.json:8:23: lost: task definition web executionRoleArn: "))
        #expect(refused.stderr.contains("ecs-lint: nothing written: 3 values are not carried to kubernetes (listed above); --allow-lossy writes the rest anyway\n"))

        let allowed = try CLI.run(["convert", "--to", "kubernetes", "--allow-lossy", "examples/web-taskdef.json", "-o", output.path])
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("examples/web-taskdef.json:3:30: lost: task definition web requiresCompatibilities: "))
        #expect(allowed.stderr.contains("written anyway (--allow-lossy)"))
        #expect((try String(contentsOf: output, encoding: .utf8)).hasPrefix("apiVersion: apps/v1\nkind: Deployment\n"))
    }

    @Test func severalFilesGoIntoADirectory() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let services = directory.appendingPathComponent("services.json")
        try #"{"services": [{"serviceName": "api", "taskDefinition": "api:3", "desiredCount": 2}, {"serviceName": "worker", "taskDefinition": "worker", "desiredCount": 1}]}"#
            .write(to: services, atomically: true, encoding: .utf8)
        // Two ECS JSON files cannot share standard output or one file.
        let toStandardOutput = try CLI.run(["convert", "--to", "ecs-json", services.path])
        #expect(toStandardOutput.status == 2)
        #expect(toStandardOutput.stderr.contains("2 ecs-json files; give -o DIRECTORY"))

        let out = directory.appendingPathComponent("out")
        let written = try CLI.run(["convert", "--to", "ecs-json", services.path, "-o", out.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["api-service.json", "worker-service.json"])
        #expect(written.stderr.contains("wrote \(out.path)/api-service.json\n"))

        // One template into a file; a directory that exists gets template.yaml.
        let file = directory.appendingPathComponent("stack.yaml")
        #expect(try CLI.run(["convert", "--to", "cfn-yaml", services.path, "-o", file.path]).status == 0)
        #expect((try String(contentsOf: file, encoding: .utf8)).contains("ApiService:\n"))
        #expect(try CLI.run(["convert", "--to", "cfn-yaml", services.path, "-o", out.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("template.yaml").path))
    }

    @Test func inputsThatCannotBeConvertedExitTwo() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.json")
        try "{\"family\": \"a\",\n  \"cpu\": }".write(to: broken, atomically: true, encoding: .utf8)
        let policy = directory.appendingPathComponent("policy.json")
        try #"{"Version": "2012-10-17", "Statement": []}"#.write(to: policy, atomically: true, encoding: .utf8)

        let result = try CLI.run(["convert", "--to", "cfn-json", broken.path, policy.path, "missing.json"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(broken.path):2:10: does not parse: "))
        #expect(result.stderr.contains("\(policy.path):1:1: nothing to convert: no ECS task definition, service or cluster in it"))
        #expect(result.stderr.contains("missing.json: cannot read file: No such file or directory"))
        #expect(try CLI.run(["convert", "--to", "yaml", "examples/web-taskdef.json"]).status == 2)
        #expect(try CLI.run(["convert", "--to", "cfn-json"]).status == 2)
    }

    @Test func helpNamesTheFormatsAndTheExitStatus() throws {
        let help = try CLI.run(["convert", "--help"])
        #expect(help.status == 0)
        for text in ["ecs-json:", "cfn-json:", "cfn-yaml:", "kubernetes:", "--allow-lossy", "Exit status: 0 written; 1 not written"] {
            #expect(help.stdout.contains(text), "\(text)")
        }
    }

    /// `--fix --to` (and `convert --fix`) fixes in memory, then converts: the describe-only fields
    /// ECS007 removes are then no loss, and the input is not changed.
    @Test(arguments: [["--fix", "--to", "cfn-yaml"], ["lint", "--fix", "--to", "cfn-yaml"], ["convert", "--fix", "--to", "cfn-yaml"]])
    func fixingBeforeConverting(_ command: [String]) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("exported-taskdef.json")
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("examples/exported-taskdef.json"), to: input)
        let before = try String(contentsOf: input, encoding: .utf8)
        let unfixed = try CLI.run(["convert", "--to", "cfn-yaml", "exported-taskdef.json"], directory: directory)
        #expect(unfixed.status == 1, "describe-only fields are lost without fixing")

        let output = directory.appendingPathComponent("stack.yaml")
        let result = try CLI.run(command + ["exported-taskdef.json", "-o", output.path], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ecs-lint: applied 6 fixes to exported-taskdef.json before converting (the file is unchanged)"))
        let template = try String(contentsOf: output, encoding: .utf8)
        #expect(template.contains("RequiresCompatibilities:\n        - FARGATE"))
        #expect(!template.contains("TaskDefinitionArn"))
        #expect(try String(contentsOf: input, encoding: .utf8) == before)
    }

    @Test func ackOutput() throws {
        let result = try CLI.run(["convert", "--to", "k8s-yaml", "examples/worker-taskdef.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("apiVersion: ecs.services.k8s.aws/v1alpha1\nkind: TaskDefinition\nmetadata:\n"))
        let lint = try CLI.run(["-", "--stdin-filename", "worker.yaml"], stdin: result.stdout)
        #expect(!lint.stdout.contains("ECS003"), "the ACK output is spelled the ACK way: \(lint.stdout)")
    }

    /// Suppressions survive conversion: YAML comment directives and annotations become
    /// `Metadata.ecs-lint`, comments and Metadata become annotations, so linting the output
    /// suppresses the same findings (and none of them is left unused).
    @Test(arguments: [
        ("comments.yaml", "cfn-json"), ("comments.yaml", "cfn-yaml"), ("comments.yaml", "k8s-yaml"),
        ("annotations.yaml", "cfn-json"), ("annotations.yaml", "k8s-yaml"),
        ("metadata.json", "cfn-yaml"), ("metadata.json", "k8s-yaml"),
    ])
    func suppressionsSurviveConversion(_ file: String, _ format: String) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = "testdata/convert/suppressions/\(file)"
        func suppressed(_ path: String) throws -> (codes: [String], unused: Int) {
            let result = try CLI.run(["--format", "json", "--no-config", path])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let findings = try #require(json["findings"] as? [[String: Any]])
            let codes = findings.filter { ($0["suppressed"] as? Bool) == true }.compactMap { $0["rule"] as? String }.sorted()
            return (codes, findings.filter { ["ECS008", "ECS009"].contains($0["rule"] as? String) }.count)
        }
        let before = try suppressed(input)
        #expect(before.codes == ["ECS203", "ECS401"])
        let output = directory.appendingPathComponent(format == "cfn-json" ? "out.json" : "out.yaml")
        let converted = try CLI.run(["convert", "--to", format, input, "-o", output.path])
        #expect(converted.status == 0, "\(converted.stderr)")
        let after = try suppressed(output.path)
        let written = try String(contentsOf: output, encoding: .utf8)
        #expect(after.codes == before.codes, "\(written)")
        #expect(after.unused == 0)
    }

    @Test func unsafeFixesNeedFix() throws {
        let result = try CLI.run(["convert", "--unsafe-fixes", "--to", "ecs-json", "examples/worker-taskdef.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--unsafe-fixes needs --fix"))
    }

    /// With `-`, `--fix` never prints an empty "fixed" text for input it could not read.
    @Test func fixingUnreadableStandardInputWritesNothing() throws {
        let text = try String(contentsOf: CLI.root.appendingPathComponent("examples/web-taskdef.json"), encoding: .utf8)
        let result = try CLI.run(["--fix", "--max-file-size", "100", "-"], stdin: text)
        #expect(result.status == 2)
        #expect(!result.stdout.contains("{"))
        #expect(result.stderr.contains("standard input could not be read; nothing written"))
    }
}
