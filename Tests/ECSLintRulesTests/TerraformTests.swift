import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintRules
import ECSLintSyntax
import Foundation
import Testing

/// Terraform modules linted from disk (testdata/terraform): findings land in the file and at
/// the place the value is written — the `.tf` file, the JSON `file()` reads, the template, the
/// variable's default — and `# ecs-lint:` comments cover what they stand above.
@Suite struct TerraformTests {
    static let directory = Repository.root.appendingPathComponent("testdata/terraform")

    /// Lints files of testdata/terraform (named relative to it) as one run, read from disk.
    static func lint(_ names: [String], linter: Linter = Repository.linter) -> [FileReport] {
        linter.lint(names.map { name in
            LintInput.file(path: directory.appendingPathComponent(name).path, displayPath: name, projectPath: name, maxBytes: 1 << 20)
        })
    }

    static func place(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.code) \(diagnostic.file):\(diagnostic.start.line):\(diagnostic.start.column)"
    }

    static let moduleFiles = ["module/main.tf", "module/iam.tf", "module/variables.tf", "module/containers.json"]

    /// Every file of the module in the run: each finding where its value is written.
    @Test(arguments: [
        // jsonencode in main.tf, the role named twice by reference, the role's files.
        "ECS201 module/main.tf:17:20", "ECS106 module/main.tf:17:20", "ECS401 module/main.tf:19:9", "IAM001 module/main.tf:11:30",
        "IAM007 module/iam.tf:22:5", "IAM104 module/iam.tf:11:18",
        // The heredoc: JSON text with interpolations of a variable file's value and defaults.
        "ECS202 module/main.tf:34:17", "ECS201 module/main.tf:36:23", "ECS605 module/main.tf:32:18",
        // The file file() reads, and the template templatefile() renders.
        "ECS201 module/containers.json:6:19", "ECS201 module/task.json.tpl:7:19",
        // A local's value in variables.tf; the service's public IP and the cluster.
        "ECS101 module/variables.tf:3:13", "ECS309 module/main.tf:71:24", "ECS508 module/main.tf:75:1",
    ])
    func findingsAreWhereTheValuesAreWritten(_ expected: String) {
        let found = Self.lint(Self.moduleFiles).flatMap(\.diagnostics).map(Self.place)
        #expect(found.contains(expected), "\(found)")
    }

    /// The four checks users asked for first (ECS101, ECS301, ECS401, IAM001) and policy rules,
    /// with JSON in a heredoc, in a file read with file(), and in jsonencode.
    @Test(arguments: [
        "ECS401 forms/main.tf:12:25", "ECS401 forms/containers.json:7:7", "ECS401 forms/main.tf:31:92",
        "ECS301 forms/main.tf:26:30", "ECS101 forms/main.tf:27:30", "IAM001 forms/main.tf:29:30",
        "IAM101 forms/main.tf:39:58", "IAM104 forms/admin.json:4:5",
    ])
    func everyFormOfJSONIsPlaced(_ expected: String) {
        let found = Self.lint(["forms/main.tf"]).flatMap(\.diagnostics).map(Self.place)
        #expect(found.contains(expected), "\(found)")
    }

    @Test func unknownValuesAndSwitchedOffResourcesAreSilent() {
        let diagnostics = Self.lint(Self.moduleFiles).flatMap(\.diagnostics)
        // `count = var.enabled ? 1 : 0` with a false default creates nothing.
        let switchedOff = diagnostics.filter { diagnostic in diagnostic.resource == "aws_ecs_task_definition.switched_off" }
        #expect(switchedOff.isEmpty)
        // The service's subnets are a variable without a default: not a missing configuration.
        #expect(!diagnostics.contains { $0.code == "ECS308" })
        // The template's container name is a variable not given: unknown, so no name-based rule.
        #expect(!diagnostics.contains { $0.code == "ECS301" })
    }

    @Test func aFileReadByTerraformIsLintedThereOnly() throws {
        let reports = Self.lint(Self.moduleFiles)
        let json = try #require(reports.first { $0.path == "module/containers.json" })
        #expect(json.status == .skipped("read by module/main.tf with file() or templatefile(); linted there"))
        let inJSON = reports.flatMap(\.diagnostics).filter { diagnostic in diagnostic.file == "module/containers.json" && diagnostic.code == "ECS201" }
        #expect(inJSON.count == 1)
        // Alone, the JSON file is linted as a containerDefinitions list.
        let alone = Self.lint(["module/containers.json"])
        #expect(alone[0].status == .linted && alone[0].diagnostics.contains { $0.code == "ECS201" })
    }

    /// However the run spells the two paths (absolute, relative to the working directory), the
    /// JSON file is linted once, as part of main.tf.
    @Test func aFileReadByTerraformIsRecognisedUnderAnyPathSpelling() throws {
        let main = Self.directory.appendingPathComponent("module/main.tf").path
        let json = Self.directory.appendingPathComponent("module/containers.json").path
        let workingDirectory = FileManager.default.currentDirectoryPath + "/"
        try #require(json.hasPrefix(workingDirectory), "the tests run inside the repository")
        let relative = String(json.dropFirst(workingDirectory.count))
        let reports = Repository.linter.lint([
            LintInput.file(path: main, displayPath: main, projectPath: "main.tf", maxBytes: 1 << 20),
            LintInput.file(path: relative, displayPath: relative, projectPath: "containers.json", maxBytes: 1 << 20),
        ])
        #expect(reports.count == 2)
        if case .skipped = reports[1].status {} else { Issue.record("containers.json linted twice: \(reports[1].status)") }
    }

    /// A pre-commit run on one `.tf` file still reads its module: locals, variables, the
    /// variable file, the JSON and the template.
    @Test func oneFileReadsItsModuleFromDisk() {
        let found = Self.lint(["module/main.tf"]).flatMap(\.diagnostics).map(Self.place)
        for expected in ["ECS201 module/containers.json:6:19", "ECS101 module/variables.tf:3:13", "ECS605 module/main.tf:32:18",
                         "IAM001 module/main.tf:11:30"] {
            #expect(found.contains(expected), "\(expected) in \(found)")
        }
    }

    /// The module's other files are links even when the run does not lint them: the role in
    /// iam.tf knows the task definitions of main.tf that use it.
    @Test func oneFileSeesTheResourcesOfItsModule() {
        let found = Self.lint(["module/iam.tf"]).flatMap(\.diagnostics)
        let trust = found.filter { $0.code == "IAM007" }
        #expect(trust.count == 1)
        #expect(trust.first?.message.contains("task definition encoded (module/main.tf:4:1)") == true, "\(trust)")
        #expect(!found.contains { $0.file != "module/iam.tf" }, "only the linted file is reported on")
    }

    @Test func commentsSuppressWhatTheyStandAbove() throws {
        let report = try #require(Self.lint(["suppressed/main.tf"]).first)
        let suppressed = report.diagnostics.filter { $0.suppression != nil }.map { "\(Self.place($0)) by \($0.suppression!.source)" }
        #expect(Set(suppressed) == [
            "ECS601 suppressed/containers.json:1:32 by suppressed/main.tf:1:1",
            "ECS201 suppressed/containers.json:1:65 by suppressed/main.tf:4:3",
            "ECS201 suppressed/main.tf:15:20 by suppressed/main.tf:14:7",
            "ECS202 suppressed/main.tf:16:20 by suppressed/main.tf:16:27",
            "ECS201 suppressed/main.tf:25:46 by suppressed/main.tf:23:3",
        ], "\(suppressed)")
        let unsuppressed = report.diagnostics.filter { $0.suppression == nil }.map(Self.place)
        #expect(unsuppressed.contains("ECS601 suppressed/main.tf:13:15"), "a directive covers only what it stands above")
        #expect(unsuppressed.contains("ECS008 suppressed/main.tf:23:30"), "ECS204 matched nothing")
    }

    /// In memory (the linter's `lint(_:[SourceFile])`), the module is the files given.
    @Test func inMemoryModules() {
        let main = SourceFile(path: "m/main.tf", text: """
        resource "aws_ecs_task_definition" "app" {
          family                = "app"
          container_definitions = local.containers
        }
        """)
        let locals = SourceFile(path: "m/locals.tf", text: "locals {\n  containers = jsonencode([{ name = \"a\", image = \"a:1\", privileged = true }])\n}\n")
        let together = Repository.linter.lint([main, locals]).flatMap(\.diagnostics).map(Self.place)
        #expect(together.contains("ECS201 m/locals.tf:2:70"), "\(together)")
        let alone = Repository.linter.lint([main]).flatMap(\.diagnostics)
        #expect(!alone.contains { $0.code == "ECS201" })
    }

    /// The container definitions' JSON is judged like ECS JSON, its shape included: a list
    /// where a container belongs, an object where the list belongs.
    @Test(arguments: [
        (#""[[]]""#, "ECS004 3:29 containerDefinitions[0] must be an object, not a list"),
        (#""{}""#, "ECS004 3:28 containerDefinitions must be a list, not an object"),
        (#"jsonencode([1])"#, "ECS004 3:39 containerDefinitions[0] must be an object, not the number 1"),
    ])
    func containerDefinitionsOfTheWrongShape(_ json: String, _ expected: String) {
        let main = SourceFile(path: "main.tf", text: "resource \"aws_ecs_task_definition\" \"t\" {\n  family = \"web\"\n  container_definitions = \(json)\n}\n")
        let found = Repository.linter.lint(main).diagnostics.filter { $0.code == "ECS004" }
            .map { "\($0.code) \($0.start.line):\($0.start.column) \($0.message)" }
        #expect(found == [expected])
    }
}

/// Terraform plan JSON (`terraform show -json`): resources as planned, placed in the plan file,
/// inside its JSON strings too.
@Suite struct TerraformPlanTests {
    @Test(arguments: [
        // Inside the container_definitions string: each value at its own column.
        "ECS601 plan/plan.json:23:66", "ECS201 plan/plan.json:23:117", "ECS106 plan/plan.json:23:117", "ECS401 plan/plan.json:23:139",
        // Roles known only after the apply, named by the configuration's references.
        "IAM001 plan/plan.json:21:18", "IAM007 plan/plan.json:64:119",
        // A service in a child module; a plan with planned_values only.
        "ECS309 plan/plan.json:98:35", "ECS202 plan/planned-values.json:19:98",
    ])
    func findingsPointIntoThePlan(_ expected: String) {
        let found = TerraformTests.lint(["plan/plan.json", "plan/planned-values.json"]).flatMap(\.diagnostics).map(TerraformTests.place)
        #expect(found.contains(expected), "\(found)")
    }

    @Test func plansLoadAsPlanned() throws {
        let text = try String(contentsOf: TerraformTests.directory.appendingPathComponent("plan/plan.json"), encoding: .utf8)
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(SourceFile(path: "plan.json", text: text))) else {
            Issue.record("not loaded")
            return
        }
        let document = documents[0]
        #expect(document.format == .terraformPlan)
        // The deleted task definition is gone; the others keep their addresses.
        #expect(document.resources.map(\.name) == ["aws_ecs_task_definition.web", "aws_iam_role.web", "module.svc.aws_ecs_service.web"])
        let task = document.resources[0].properties
        #expect(task["cpu"]?.string == "256")
        #expect(task["volumes"] == nil && task["ephemeralStorage"] == nil, "empty blocks and nulls are not set")
        guard case .objectReference(let role)? = task["taskRoleArn"]?.unresolved else {
            Issue.record("the task role is not a reference")
            return
        }
        #expect(role == ObjectReference(kind: .iamRole, name: "aws_iam_role.web", namespace: "plan:", system: .terraform))
        let service = document.resources[2]
        #expect(service.object?.namespace == "plan:module.svc")
        #expect(service.properties["taskDefinition"]?.isUnresolved == true, "known after apply, from a variable")
        #expect(service.properties["networkConfiguration"]?["awsvpcConfiguration"]?["assignPublicIp"]?.string == "ENABLED")
        #expect(service.properties["networkConfiguration"]?["awsvpcConfiguration"]?["securityGroups"] == nil)
        let trust = document.resources[1].properties["assumeRolePolicyDocument"]
        #expect(trust?["Statement"]?.array?.first?["Principal"]?["Service"]?.string == "ecs.amazonaws.com")
    }
}

/// Cases from the review of the plan and file reading.
@Suite struct TerraformPlanReviewTests {
    static let plan = #"""
    {"format_version": "1.2", "resource_changes": [
      {"address": "aws_ecs_service.d", "mode": "managed", "type": "aws_ecs_service", "name": "d", "change": {"actions": ["create"],
       "after": {"name": "d", "scheduling_strategy": "DAEMON", "deployment_maximum_percent": 200, "deployment_minimum_healthy_percent": 100,
                 "load_balancer": [{"container_name": "web", "container_port": 80}]},
       "after_unknown": {"load_balancer": [{"target_group_arn": true}]}}},
      {"address": "aws_lb_target_group.tg", "mode": "managed", "type": "aws_lb_target_group", "name": "tg", "change": {"actions": ["create"],
       "after": {"name": "tg", "target_type": "instance"}, "after_unknown": {}}},
      {"address": "aws_ecs_task_definition.t", "mode": "managed", "type": "aws_ecs_task_definition", "name": "t", "change": {"actions": ["create"],
       "after": {"family": "t", "container_definitions": "\n  [{\"name\": \"web\", \"image\": \"web:1\", \"privileged\": true}]"},
       "after_unknown": {"task_role_arn": true, "execution_role_arn": true}}}
    ],
    "configuration": {"root_module": {"resources": [
      {"address": "aws_ecs_service.d", "expressions": {"load_balancer": [{"target_group_arn": {"references": ["aws_lb_target_group.tg.arn", "aws_lb_target_group.tg"]}}]}},
      {"address": "aws_ecs_task_definition.t", "expressions": {
        "task_role_arn": {"references": ["aws_iam_role.r[\"task\"].arn", "aws_iam_role.r[\"task\"]", "aws_iam_role.r"]},
        "execution_role_arn": {"references": ["aws_iam_role.r[\"exec\"].arn", "aws_iam_role.r[\"exec\"]", "aws_iam_role.r"]}}}
    ]}}}
    """#

    @Test func planDetails() throws {
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(SourceFile(path: "plan.json", text: Self.plan))) else {
            Issue.record("not loaded")
            return
        }
        let resources = documents[0].resources
        let service = try #require(resources.first { $0.name == "aws_ecs_service.d" }).properties
        #expect(service["deploymentConfiguration"] == nil, "the provider's defaults for DAEMON are not the user's")
        guard case .objectReference(let group)? = service["loadBalancers"]?.array?.first?["targetGroupArn"]?.unresolved else {
            Issue.record("the nested block's reference is not followed")
            return
        }
        #expect(group.name == "aws_lb_target_group.tg")
        let task = try #require(resources.first { $0.name == "aws_ecs_task_definition.t" }).properties
        guard case .objectReference(let role)? = task["taskRoleArn"]?.unresolved, case .objectReference(let other)? = task["executionRoleArn"]?.unresolved else {
            Issue.record("the keyed roles are not references")
            return
        }
        #expect(role.name == "aws_iam_role.r[\"task\"]" && other.name == "aws_iam_role.r[\"exec\"]")
        // A JSON string starting with white space still places each value.
        let privileged = try #require(task["containerDefinitions"]?.array?.first?["privileged"])
        #expect(SourceFile(path: "plan.json", text: Self.plan).text(privileged.range) == "true")
    }

    @Test func planFindings() {
        let codes = Repository.linter.lint([SourceFile(path: "plan.json", text: Self.plan)]).flatMap(\.diagnostics).map(\.code)
        #expect(codes.contains("ECS201"))
        #expect(!codes.contains("ECS803") && !codes.contains("IAM001"), "\(codes)")
    }

    /// A FIFO beside the linted file, or one that file() names, is not read: nothing blocks.
    @Test func specialFilesAreNotRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(mkfifo(directory.appendingPathComponent("evil.tf").path, 0o600) == 0)
        #expect(mkfifo(directory.appendingPathComponent("fifo").path, 0o600) == 0)
        let main = directory.appendingPathComponent("main.tf")
        try "resource \"aws_ecs_task_definition\" \"a\" {\n  family = \"a\"\n  container_definitions = file(\"fifo\")\n}\n"
            .write(to: main, atomically: true, encoding: .utf8)
        let reports = Repository.linter.lint([LintInput.file(path: main.path, displayPath: "main.tf", projectPath: "main.tf", maxBytes: 1 << 20)])
        #expect(reports.first?.status == .linted)
    }
}

extension TerraformPlanReviewTests {
    /// A local of the same file is covered by a directive above the resource that uses it, and
    /// by one above the value itself.
    @Test(arguments: [("# ecs-lint: ignore[ECS201] -- sidecar\n", ""), ("", "  # ecs-lint: ignore[ECS201] -- sidecar\n")])
    func sameFileLocalsAreCovered(_ aboveResource: String, _ aboveValue: String) {
        let text = "locals {\n\(aboveValue)  c = jsonencode([{ name = \"a\", image = \"a:1\", privileged = true }])\n}\n"
            + "\(aboveResource)resource \"aws_ecs_task_definition\" \"a\" {\n  family = \"a\"\n  container_definitions = local.c\n}\n"
        let diagnostics = Repository.linter.lint([SourceFile(path: "main.tf", text: text)]).flatMap(\.diagnostics)
        let privileged = diagnostics.filter { $0.code == "ECS201" }
        #expect(privileged.count == 1 && privileged.allSatisfy { $0.suppression != nil } && privileged.first?.file == "main.tf")
        #expect(!diagnostics.contains { $0.code == "ECS008" }, "\(diagnostics.map(\.message))")
    }
}
