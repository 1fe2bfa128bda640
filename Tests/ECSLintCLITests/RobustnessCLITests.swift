import Foundation
import Testing

/// What the file walk and the readers do with awkward file systems and oversized input.
@Suite struct RobustnessCLITests {
    static let taskJSON = #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512}]}"#

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-robust-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func walkSurvivesLinkLoopsDanglingLinksAndFIFOs() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = FileManager.default
        try Self.taskJSON.write(to: directory.appendingPathComponent("good.json"), atomically: true, encoding: .utf8)
        try files.createSymbolicLink(atPath: directory.appendingPathComponent("loop1.json").path, withDestinationPath: "loop2.json")
        try files.createSymbolicLink(atPath: directory.appendingPathComponent("loop2.json").path, withDestinationPath: "loop1.json")
        try files.createSymbolicLink(atPath: directory.appendingPathComponent("dangling.json").path, withDestinationPath: "nowhere.json")
        // Links that could not lead to a data file are not worth a word.
        try files.createSymbolicLink(atPath: directory.appendingPathComponent("notes.txt").path, withDestinationPath: "notes.txt")
        try files.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try files.createSymbolicLink(atPath: directory.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        // Reading a FIFO with no writer would block forever; the walk must not open it.
        #expect(mkfifo(directory.appendingPathComponent("pipe.json").path, 0o644) == 0)
        // CRLF, a byte-order mark and a very long line are ordinary files. The long line is
        // whitespace, so that the task definition stays under ECS710's 64 KiB registered size.
        try "AWSTemplateFormatVersion: '2010-09-09'\r\nResources:\r\n  T:\r\n    Type: AWS::ECS::TaskDefinition\r\n    Properties:\r\n      Family: web\r\n      ContainerDefinitions: [{Name: web, Image: nginx:1.27, Memory: 512, ReadonlyRootFilesystem: true}]\r\n"
            .write(to: directory.appendingPathComponent("crlf.yaml"), atomically: true, encoding: .utf8)
        try Data([0xEF, 0xBB, 0xBF] + Array(Self.taskJSON.utf8)).write(to: directory.appendingPathComponent("bom.json"))
        let longLine = #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512,"#
            + String(repeating: " ", count: 1_000_000) + #""command": ["x"]}]}"#
        try longLine.write(to: directory.appendingPathComponent("long.json"), atomically: true, encoding: .utf8)

        let result = try CLI.run(["-v", "--no-config", "--format", "json", "."], directory: directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("ecs-lint: loop1.json: cannot follow symbolic link: too many levels of symbolic links"))
        #expect(result.stderr.contains("ecs-lint: loop2.json: cannot follow symbolic link: too many levels of symbolic links"))
        #expect(result.stderr.contains("dangling.json: skipped: no such file or directory"))
        #expect(result.stderr.contains("pipe.json: skipped: a FIFO (named pipe), not a regular file"), "\(result.stderr)")
        #expect(!result.stderr.contains("notes.txt"))
        let report = try CLI.json(result.stdout)
        #expect((report["summary"] as? [String: Int])?["files"] == 4)  // good, crlf, bom, long; sub/up is not walked twice

        let explicitLoop = try CLI.run(["--no-config", "loop1.json"], directory: directory)
        #expect(explicitLoop.status == 2)
        #expect(explicitLoop.stderr.contains("loop1.json: too many levels of symbolic links"))
    }

    @Test func filesOverTheSizeLimitAreNotReadAndFail() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.taskJSON.write(to: directory.appendingPathComponent("task.json"), atomically: true, encoding: .utf8)

        let flagged = try CLI.run(["--no-config", "--max-file-size", "50", "task.json"], directory: directory)
        #expect(flagged.status == 1)
        #expect(flagged.stdout.contains("task.json:1:1: error ECS012 file is \(Self.taskJSON.utf8.count) bytes, over the 50 bytes limit"),
                "\(flagged.stdout)")

        #expect(try CLI.run(["--no-config", "--max-file-size", "1KiB", "task.json"], directory: directory).status == 0)
        let badSize = try CLI.run(["--no-config", "--max-file-size", "lots", "task.json"], directory: directory)
        #expect(badSize.status == 2)
        #expect(badSize.stderr.contains("--max-file-size 'lots'"))

        // Endless input ends at the limit instead of filling memory (a device named on the
        // command line is refused outright: HostileOutputCLITests).
        let stdin = try CLI.run(["--no-config", "--max-file-size", "50", "--stdin-filename", "task.json", "-"], stdin: Self.taskJSON)
        #expect(stdin.status == 1)
        #expect(stdin.stdout.contains("task.json:1:1: error ECS012"))
    }

    @Test func limitsComeFromTheConfiguration() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.taskJSON.write(to: directory.appendingPathComponent("task.json"), atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent(".ecs-lint.yaml")

        try "limits:\n  max-file-size: 50\n".write(to: config, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["task.json"], directory: directory).stdout.contains("ECS012"))
        #expect(try CLI.run(["--max-file-size", "8MiB", "task.json"], directory: directory).status == 0)

        try "limits: {max-depth: 2}\n".write(to: config, atomically: true, encoding: .utf8)
        let deep = try CLI.run(["task.json"], directory: directory)
        #expect(deep.stdout.contains("ECS012 nesting deeper than 2 levels"), "\(deep.stdout)")
        let shown = try CLI.run(["config", "--show"], directory: directory)
        #expect(shown.stdout.contains("limits: {max-file-size: 8388608, max-depth: 2, max-alias-expansion: 1000000, max-findings-per-rule: 500}"))

        for (text, message) in [
            ("limits: {max-depth: 1}\n", ".ecs-lint.yaml:1:21: max-depth must be a whole number from 2 to 1000"),
            ("limits: {max-file-size: huge}\n", ".ecs-lint.yaml:1:25: max-file-size must be a size"),
            ("limits: {max-size: 5}\n", ".ecs-lint.yaml:1:10: unknown limit 'max-size'"),
        ] {
            try text.write(to: config, atomically: true, encoding: .utf8)
            let result = try CLI.run(["task.json"], directory: directory)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }
}
