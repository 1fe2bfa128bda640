import Foundation
import Testing

/// `ecs-lint --fix`, `--unsafe-fixes` and `--diff` on real files in a scratch directory.
@Suite struct FixCLITests {
    /// ECS JSON with describe fields, a mis-cased value, mode and key, and a host port awsvpc
    /// refuses; every other rule is satisfied, so after fixing nothing is left.
    static let task = """
    {
      "family": "worker",
      "revision": 3,
      "requiresCompatibilities": ["Fargate"],
      "networkMode": "AWSVPC",
      "cpu": "512",
      "memory": "2 GB",
      "taskRoleArn": "arn:aws:iam::123456789012:role/worker-task",
      "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
      "containerDefinitions": [
        {
          "name": "worker",
          "Image": "<IMAGE1_NAME>",
          "portMappings": [{"containerPort": 8080, "hostPort": 9090}],
          "readonlyRootFilesystem": true,
          "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/worker", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "worker"}}
        }
      ],
      "status": "ACTIVE"
    }

    """

    static let fixedTask = """
    {
      "family": "worker",
      "requiresCompatibilities": ["FARGATE"],
      "networkMode": "awsvpc",
      "cpu": "512",
      "memory": "2 GB",
      "taskRoleArn": "arn:aws:iam::123456789012:role/worker-task",
      "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
      "containerDefinitions": [
        {
          "name": "worker",
          "image": "<IMAGE1_NAME>",
          "portMappings": [{"containerPort": 8080}],
          "readonlyRootFilesystem": true,
          "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/worker", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "worker"}}
        }
      ]
    }

    """

    /// A template with comments and a `!Ref`, and no newline at its end.
    static let template = """
    # The web service's task definition.
    Parameters:
      Image: {Type: String}
    Resources:
      Task:
        Type: AWS::ECS::TaskDefinition
        Properties:
          NetworkMode: AWSVPC   # was copied from the console
          RequiresCompatibilities: [FARGATE]
          Cpu: "256"
          Memory: "512"
          ExecutionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
          ContainerDefinitions:
            - Name: web
              ReadonlyRootFilesystem: true
              LogConfiguration:
                LogDriver: awslogs
                Options: {awslogs-group: /ecs/web, awslogs-region: us-east-1, awslogs-stream-prefix: web}
              image: !Ref Image   # from the pipeline
    """

    static let fixedTemplate = template
        .replacingOccurrences(of: "NetworkMode: AWSVPC", with: "NetworkMode: awsvpc")
        .replacingOccurrences(of: "image: !Ref", with: "Image: !Ref")

    /// A fresh directory holding `files`; removed when `body` returns.
    static func withDirectory(_ files: [String: String], _ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        try body(directory)
    }

    static func read(_ directory: URL, _ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func fixWritesTheFilesAndASecondRunChangesNothing() throws {
        try Self.withDirectory(["task.json": Self.task, "template.yaml": Self.template]) { directory in
            let first = try CLI.run(["--no-config", "--fix", "."], directory: directory)
            #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
            #expect(first.stderr == "ecs-lint: applied 8 fixes in 2 files\n")
            #expect(first.stdout == "No problems found (2 files checked, 0 skipped).\n")
            #expect(try Self.read(directory, "task.json") == Self.fixedTask)
            #expect(try Self.read(directory, "template.yaml") == Self.fixedTemplate)
            // Nothing else was left in the directory (no temporary files).
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["task.json", "template.yaml"])

            let modified = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("task.json").path)[.modificationDate] as? Date
            let second = try CLI.run(["--no-config", "--fix", "."], directory: directory)
            #expect(second.status == 0)
            #expect(second.stderr == "ecs-lint: applied 0 fixes in 0 files\n")
            #expect(try Self.read(directory, "task.json") == Self.fixedTask)
            #expect(try Self.read(directory, "template.yaml") == Self.fixedTemplate)
            // An unchanged file is not rewritten.
            #expect(try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("task.json").path)[.modificationDate] as? Date == modified)
        }
    }

    @Test func diffWritesNothingAndPrintsWhatFixWouldChange() throws {
        try Self.withDirectory(["task.json": Self.task, "template.yaml": Self.template]) { directory in
            let result = try CLI.run(["--no-config", "--diff", "."], directory: directory)
            #expect(result.status == 1)
            #expect(result.stderr == "ecs-lint: 8 fixes would be applied in 2 files\n")
            #expect(try Self.read(directory, "task.json") == Self.task)
            #expect(try Self.read(directory, "template.yaml") == Self.template)
            #expect(result.stdout == """
            --- task.json
            +++ task.json
            @@ -1,8 +1,7 @@
             {
               "family": "worker",
            -  "revision": 3,
            -  "requiresCompatibilities": ["Fargate"],
            -  "networkMode": "AWSVPC",
            +  "requiresCompatibilities": ["FARGATE"],
            +  "networkMode": "awsvpc",
               "cpu": "512",
               "memory": "2 GB",
               "taskRoleArn": "arn:aws:iam::123456789012:role/worker-task",
            @@ -10,11 +9,10 @@
               "containerDefinitions": [
                 {
                   "name": "worker",
            -      "Image": "<IMAGE1_NAME>",
            -      "portMappings": [{"containerPort": 8080, "hostPort": 9090}],
            +      "image": "<IMAGE1_NAME>",
            +      "portMappings": [{"containerPort": 8080}],
                   "readonlyRootFilesystem": true,
                   "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/worker", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "worker"}}
                 }
            -  ],
            -  "status": "ACTIVE"
            +  ]
             }
            --- template.yaml
            +++ template.yaml
            @@ -5,7 +5,7 @@
               Task:
                 Type: AWS::ECS::TaskDefinition
                 Properties:
            -      NetworkMode: AWSVPC   # was copied from the console
            +      NetworkMode: awsvpc   # was copied from the console
                   RequiresCompatibilities: [FARGATE]
                   Cpu: "256"
                   Memory: "512"
            @@ -16,4 +16,4 @@
                       LogConfiguration:
                         LogDriver: awslogs
                         Options: {awslogs-group: /ecs/web, awslogs-region: us-east-1, awslogs-stream-prefix: web}
            -          image: !Ref Image   # from the pipeline
            \\ No newline at end of file
            +          Image: !Ref Image   # from the pipeline
            \\ No newline at end of file

            """)
            // `patch` applies it and gives what --fix writes.
            let patch = Process()
            patch.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            patch.arguments = ["patch", "-p0", "--silent"]
            patch.currentDirectoryURL = directory
            let input = Pipe()
            patch.standardInput = input
            try patch.run()
            input.fileHandleForWriting.write(Data(result.stdout.utf8))
            try input.fileHandleForWriting.close()
            patch.waitUntilExit()
            #expect(patch.terminationStatus == 0)
            #expect(try Self.read(directory, "task.json") == Self.fixedTask)
            #expect(try Self.read(directory, "template.yaml") == Self.fixedTemplate)

            let clean = try CLI.run(["--no-config", "--diff", "."], directory: directory)
            #expect(clean.status == 0)
            #expect(clean.stdout.isEmpty)
            #expect(clean.stderr == "ecs-lint: nothing to fix\n")
            #expect(try CLI.run(["--no-config", "--diff", "--format", "json", "."], directory: directory).status == 2)
        }
    }

    @Test(arguments: [
        ("broken.json", #"{"family": "web", "networkMode": "AWSVPC", "containerDefinitions": [{"name": "web", "Image": "nginx"}"#),
        ("broken.yaml", "family: web\nnetworkMode: AWSVPC\ncontainerDefinitions: [{name: web, Image: nginx}\n"),
    ])
    func aFileThatDoesNotParseIsNeverRewritten(_ name: String, _ text: String) throws {
        try Self.withDirectory([name: text, "task.json": Self.task]) { directory in
            let result = try CLI.run(["--no-config", "--fix", "."], directory: directory)
            #expect(result.status == 1)
            #expect(result.stdout.contains("\(name):") && result.stdout.contains("ECS001"))
            #expect(try Self.read(directory, name) == text)
            #expect(try Self.read(directory, "task.json") == Self.fixedTask)
        }
    }

    @Test(arguments: [0o640, 0o755, 0o600])
    func permissionsAreKept(_ permissions: Int) throws {
        try Self.withDirectory(["task.json": Self.task]) { directory in
            let path = directory.appendingPathComponent("task.json").path
            try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
            #expect(try CLI.run(["--no-config", "--fix", "task.json"], directory: directory).status == 0)
            #expect(try Self.read(directory, "task.json") == Self.fixedTask)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == permissions)
        }
    }

    /// An EC2 task whose only problem is SYS_ADMIN (ECS206, whose fix is unsafe).
    static let capabilities = """
    {
      "family": "agent",
      "networkMode": "bridge",
      "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
      "containerDefinitions": [
        {
          "name": "agent",
          "image": "public.ecr.aws/acme/agent@sha256:3b1e1f3a4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
          "memory": 256,
          "user": "1000",
          "readonlyRootFilesystem": true,
          "linuxParameters": {"capabilities": {"add": ["NET_BIND_SERVICE", "SYS_ADMIN"]}},
          "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/agent", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "agent"}}
        }
      ]
    }

    """

    @Test func unsafeFixesOnlyWithUnsafeFixes() throws {
        try Self.withDirectory(["agent.json": Self.capabilities]) { directory in
            let safe = try CLI.run(["--no-config", "--fix", "."], directory: directory)
            #expect(safe.status == 1)
            #expect(safe.stdout.contains("ECS206"))
            #expect(safe.stderr == "ecs-lint: applied 0 fixes in 0 files (1 more unsafe fix with --unsafe-fixes)\n")
            #expect(try Self.read(directory, "agent.json") == Self.capabilities)
            // Alone, --unsafe-fixes changes nothing.
            #expect(try CLI.run(["--no-config", "--unsafe-fixes", "."], directory: directory).status == 1)
            #expect(try Self.read(directory, "agent.json") == Self.capabilities)

            let unsafe = try CLI.run(["--no-config", "--fix", "--unsafe-fixes", "."], directory: directory)
            #expect(unsafe.status == 0, "\(unsafe.stdout)")
            #expect(unsafe.stderr == "ecs-lint: applied 1 fix in 1 file\n")
            #expect(try Self.read(directory, "agent.json") == Self.capabilities.replacingOccurrences(of: #"["NET_BIND_SERVICE", "SYS_ADMIN"]"#, with: #"["NET_BIND_SERVICE"]"#))
        }
    }

    @Test func jsonReportAfterFixListsWhatIsLeft() throws {
        try Self.withDirectory(["agent.json": Self.capabilities, "task.json": Self.task]) { directory in
            let result = try CLI.run(["--no-config", "--fix", "--format", "json", "."], directory: directory)
            #expect(result.status == 1)
            let report = try CLI.json(result.stdout)
            let findings = try #require(report["findings"] as? [[String: Any]])
            #expect(findings.map { $0["rule"] as? String } == ["ECS206"])
            #expect((report["summary"] as? [String: Int])?["errors"] == 1)
            #expect(result.stderr == "ecs-lint: applied 6 fixes in 1 file (1 more unsafe fix with --unsafe-fixes)\n")
        }
    }

    @Test func symbolicLinksAreNotWrittenThrough() throws {
        try Self.withDirectory(["task.json": Self.task]) { directory in
            let link = directory.appendingPathComponent("link.json")
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: directory.appendingPathComponent("task.json"))
            let result = try CLI.run(["--no-config", "--fix", "link.json"], directory: directory)
            #expect(result.status == 1)
            #expect(result.stderr.contains("link.json: not fixed: it is a symbolic link"))
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path).hasSuffix("task.json"))
            #expect(try Self.read(directory, "task.json") == Self.task)
        }
    }

    @Test func standardInputGetsTheFixedTextOnStandardOutput() throws {
        let fixed = try CLI.run(["--no-config", "--fix", "-", "--stdin-filename", "task.json"], stdin: Self.task)
        #expect(fixed.status == 0)
        #expect(fixed.stdout == Self.fixedTask)
        #expect(fixed.stderr.contains("No problems found") && fixed.stderr.contains("applied 6 fixes in 1 file"))
        // Text that does not parse comes back as it was.
        let broken = "{\"family\": \"web\""
        let unparsed = try CLI.run(["--no-config", "--fix", "-", "--stdin-filename", "task.json"], stdin: broken)
        #expect(unparsed.status == 1)
        #expect(unparsed.stdout == broken)
        try Self.withDirectory(["task.json": Self.task]) { directory in
            let mixed = try CLI.run(["--no-config", "--fix", "-", "task.json"], stdin: Self.task, directory: directory)
            #expect(mixed.status == 2)
            #expect(mixed.stderr.contains("fixes standard input alone"))
            let text = try Self.read(directory, "task.json")
            #expect(text == Self.task)
        }
    }
}
