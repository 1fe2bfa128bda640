import Foundation
import Testing

/// What happens on the way in and out when the file system is unusual: output that cannot be
/// written, paths that are not files, links out of the project, and the metadata of the files
/// `--fix` and `-o` write (issue 30).
@Suite struct HostileOutputCLITests {
    static let task = FixCLITests.task
    static let fixedTask = FixCLITests.fixedTask

    /// Runs `ecs-lint` through the shell, for redirections the test harness's pipes cannot make.
    static func shell(_ script: String, directory: URL) throws -> CLI.Result {
        try CLI.run(["-c", script], environment: ["ECS_LINT": CLI.binary.path], directory: directory, executable: URL(fileURLWithPath: "/bin/sh"))
    }

    static func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1
    }

    static func inode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int) ?? -1
    }

    @Test(arguments: [
        #""$ECS_LINT" --no-config task.json > /dev/full"#,
        #""$ECS_LINT" --no-config --format sarif task.json > /dev/full"#,
        #""$ECS_LINT" convert --to cfn-yaml fixed.json > /dev/full"#,
        #""$ECS_LINT" --no-config --fix - --stdin-filename task.json < task.json > /dev/full"#,
        #""$ECS_LINT" rules > /dev/full"#,
    ])
    func outputThatCannotBeWrittenFailsTheRun(_ script: String) throws {
        try FixCLITests.withDirectory(["task.json": Self.task, "fixed.json": Self.fixedTask]) { directory in
            let result = try Self.shell(script, directory: directory)
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("ecs-lint: cannot write standard output: no space left on device"), "\(result.stderr)")
        }
    }

    @Test func aReaderThatStopsEarlyIsNotAnError() throws {
        // A report far larger than a pipe's buffer (64 KiB), so the write meets the closed pipe.
        let container = #"{"name": "c", "image": "nginx", "memory": 512, "privileged": true}"#
        let big = #"{"family": "f", "containerDefinitions": ["# + Array(repeating: container, count: 400).joined(separator: ",") + "]}"
        try FixCLITests.withDirectory(["big.json": big]) { directory in
            // `head` closes the pipe after one byte; the run ends by SIGPIPE or EPIPE, never with 2.
            let result = try Self.shell(#""$ECS_LINT" --no-config big.json 2>err.txt | head -c 1 >/dev/null; cat err.txt"#, directory: directory)
            #expect(!result.stdout.contains("cannot write standard output"), "\(result.stdout)")
            let full = try Self.shell(#""$ECS_LINT" --no-config big.json | wc -c"#, directory: directory)
            #expect((Int(full.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 65_536)
        }
    }

    @Test func outputToSpecialFilesIsWrittenNotReplaced() throws {
        try FixCLITests.withDirectory(["task.json": Self.fixedTask]) { directory in
            // A FIFO stays a FIFO and gets the report; /dev/stdout is written, not replaced.
            #expect(mkfifo(directory.appendingPathComponent("report.fifo").path, 0o600) == 0)
            let fifo = try Self.shell(#"cat report.fifo > got.txt & "$ECS_LINT" --no-config -f json -o report.fifo task.json; wait; test -p report.fifo && echo still-a-fifo; head -c 1 got.txt"#,
                                      directory: directory)
            #expect(fifo.stdout.contains("still-a-fifo") && fifo.stdout.hasSuffix("{"), "\(fifo.stdout)\(fifo.stderr)")
            let stdout = try Self.shell(#""$ECS_LINT" --no-config -f json -o /dev/stdout task.json | head -c 1"#, directory: directory)
            #expect(stdout.stdout == "{", "\(stdout.stdout)\(stdout.stderr)")
            // A link another user planted in a sticky, world-writable directory is not followed.
            let shared = directory.appendingPathComponent("shared")
            try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
            #expect(chmod(shared.path, 0o1777) == 0)
            let link = shared.appendingPathComponent("report.json")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: directory.appendingPathComponent("victim.json").path)
            if geteuid() == 0 {
                #expect(lchown(link.path, 65534, 65534) == 0)
                let planted = try CLI.run(["--no-config", "-f", "json", "-o", "shared/report.json", "task.json"], directory: directory)
                #expect(planted.status == 2)
                #expect(planted.stderr.contains("a symbolic link another user owns in a shared directory"), "\(planted.stderr)")
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("victim.json").path))
            }
        }
    }

    @Test func theReportFileIsNeverLinted() throws {
        try FixCLITests.withDirectory(["task.json": FixCLITests.fixedTask]) { directory in
            // The shell creates report.json before ecs-lint starts; a second run finds the first's report.
            for _ in 0..<2 {
                let redirected = try Self.shell(#""$ECS_LINT" --no-config -v --format json . > report.json"#, directory: directory)
                #expect(redirected.status == 0, "\(redirected.stderr)")
                #expect(redirected.stderr.contains("report.json: skipped: it is where this run writes its report (standard output)"))
                let report = try CLI.json(try FixCLITests.read(directory, "report.json"))
                #expect((report["summary"] as? [String: Int])?["files"] == 1)
            }
            try FileManager.default.removeItem(at: directory.appendingPathComponent("report.json"))
            let named = try CLI.run(["--no-config", "-v", "--format", "json", "--output", "out/scan.json", "."], directory: directory)
            #expect(named.status == 0)
            let again = try CLI.run(["--no-config", "-v", "--format", "json", "--output", "out/scan.json", "."], directory: directory)
            #expect(again.stderr.contains("out/scan.json: skipped: it is where this run writes its report (--output out/scan.json)"), "\(again.stderr)")
            #expect((try CLI.json(try FixCLITests.read(directory, "out/scan.json"))["summary"] as? [String: Int])?["files"] == 1)
        }
    }

    @Test func pathsThatAreNotFilesAreUsageErrors() throws {
        try FixCLITests.withDirectory(["task.json": Self.task]) { directory in
            #expect(mkfifo(directory.appendingPathComponent("pipe.json").path, 0o644) == 0)
            // Opening a FIFO with no writer would wait forever.
            let fifo = try CLI.run(["--no-config", "pipe.json"], directory: directory)
            #expect(fifo.status == 2)
            #expect(fifo.stderr.contains("pipe.json: a FIFO (named pipe), not a regular file"), "\(fifo.stderr)")
            let device = try CLI.run(["--no-config", "--max-file-size", "1GiB", "/dev/zero"], directory: directory)
            #expect(device.status == 2)
            #expect(device.stderr.contains("/dev/zero: a device, not a regular file"), "\(device.stderr)")
            let huge = try CLI.run(["--no-config", "--max-file-size", "9223372036854775807", "task.json"], directory: directory)
            #expect(huge.status == 2)
            #expect(huge.stderr.contains("--max-file-size '9223372036854775807' must be at most 1 GiB (1,073,741,824 bytes)"), "\(huge.stderr)")
            try Data("limits: {max-file-size: 2GiB}\n".utf8).write(to: directory.appendingPathComponent("limits.yaml"))
            let config = try CLI.run(["--config", "limits.yaml", "task.json"], directory: directory)
            #expect(config.status == 2)
            #expect(config.stderr.contains("limits.yaml:1:25: max-file-size must be at most 1 GiB"), "\(config.stderr)")
        }
    }

    @Test func theWalkDoesNotFollowLinksOutOfTheProject() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try Data(Self.task.utf8).write(to: outside.appendingPathComponent("elsewhere.json"))
        try FixCLITests.withDirectory(["task.json": Self.fixedTask]) { directory in
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("root").path, withDestinationPath: "/")
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("other").path, withDestinationPath: outside.path)
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("sub/inside").path, withDestinationPath: "..")
            let result = try CLI.run(["--no-config", "-v", "--format", "json", "."], directory: directory)
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stderr.contains("root: skipped: a symbolic link to /, outside the project"), "\(result.stderr)")
            #expect(result.stderr.contains("other: skipped: a symbolic link to \(PathStrings.resolved(outside.path)), outside the project"), "\(result.stderr)")
            #expect((try CLI.json(result.stdout)["summary"] as? [String: Int])?["files"] == 1)
            // Named on the command line, the other directory is walked: the user asked for it.
            let named = try CLI.run(["--no-config", "other"], directory: directory)
            #expect(named.status == 1)
        }
    }

    @Test func fixLeavesReadOnlyFilesAloneUnlessTold() throws {
        try FixCLITests.withDirectory(["task.json": Self.task]) { directory in
            let file = directory.appendingPathComponent("task.json")
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file.path)
            let refused = try CLI.run(["--no-config", "--fix", "task.json"], directory: directory)
            #expect(refused.status == 1, "\(refused.stderr)")
            #expect(refused.stderr.contains("warning: task.json: not fixed: it is read-only (mode 0444); --fix-read-only fixes it anyway"), "\(refused.stderr)")
            #expect(try FixCLITests.read(directory, "task.json") == Self.task)
            let forced = try CLI.run(["--no-config", "--fix", "--fix-read-only", "task.json"], directory: directory)
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try FixCLITests.read(directory, "task.json") == Self.fixedTask)
            #expect(try Self.mode(file) == 0o444)
        }
    }

    @Test func fixKeepsHardLinks() throws {
        try FixCLITests.withDirectory(["task.json": Self.task]) { directory in
            let file = directory.appendingPathComponent("task.json"), link = directory.appendingPathComponent("copy.json")
            try FileManager.default.linkItem(at: file, to: link)
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
            let inode = try Self.inode(file)
            let result = try CLI.run(["--no-config", "--fix", "task.json"], directory: directory)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try FixCLITests.read(directory, "task.json") == Self.fixedTask)
            #expect(try FixCLITests.read(directory, "copy.json") == Self.fixedTask)
            #expect(try Self.inode(file) == inode && Self.inode(link) == inode)
            #expect(try Self.mode(file) == 0o640)
        }
    }

    @Test func outputWritesThroughLinksAndKeepsTheMode() throws {
        try FixCLITests.withDirectory(["task.json": Self.fixedTask, "private.sarif": ""]) { directory in
            let target = directory.appendingPathComponent("private.sarif")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("latest.sarif").path, withDestinationPath: "private.sarif")
            let result = try CLI.run(["--no-config", "--format", "sarif", "-o", "latest.sarif", "task.json"], directory: directory)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("latest.sarif").path) == "private.sarif")
            #expect(try FixCLITests.read(directory, "private.sarif").contains("\"version\": \"2.1.0\""))
            #expect(try Self.mode(target) == 0o600)
            // A new file gets the ordinary mode.
            _ = try CLI.run(["--no-config", "--format", "sarif", "-o", "new.sarif", "task.json"], directory: directory)
            #expect(try Self.mode(directory.appendingPathComponent("new.sarif")) & 0o600 == 0o600)
        }
    }

    /// Eight `--fix` runs on one tree at once: each file is fixed once, and a run that finds a
    /// file changed under it reads it again instead of failing.
    @Test func parallelFixRunsAllSucceed() throws {
        let files = Dictionary(uniqueKeysWithValues: (0..<6).map { ("task\($0).json", Self.task) })
        try FixCLITests.withDirectory(files) { directory in
            let results = try (0..<8).map { _ in
                let process = Process()
                process.executableURL = CLI.binary
                process.arguments = ["--no-config", "--fix", "--quiet", "."]
                process.currentDirectoryURL = directory
                process.standardOutput = FileHandle.nullDevice
                let errors = Pipe()
                process.standardError = errors
                try process.run()
                return (process, errors)
            }.map { process, errors in
                let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return (process.terminationStatus, text)
            }
            for (status, errors) in results {
                #expect(status == 0, "\(errors)")
                #expect(!errors.contains("changed since"), "\(errors)")
            }
            for name in files.keys { #expect(try FixCLITests.read(directory, name) == Self.fixedTask) }
        }
    }
}

/// Paths with every symbolic link resolved, as ecs-lint prints them.
enum PathStrings {
    static func resolved(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
