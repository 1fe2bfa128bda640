import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Testing

/// Terraform files into canonical resources: the argument mapping, what is evaluated exactly and
/// what stays unknown, and where every value is placed.
@Suite struct TerraformLoaderTests {
    /// Loads `main.tf` with the other files of its module (in memory).
    static func load(_ main: String, others: [String: String] = [:]) throws -> Document {
        let sources = [SourceFile(path: "m/main.tf", text: main)] + others.map { SourceFile(path: "m/" + $0.key, text: $0.value) }
        let modules = TerraformModules(files: InMemoryTerraformFiles(sources))
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(sources[0]), terraform: modules) else {
            throw Failure("not loaded")
        }
        return documents[0]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func resource(_ document: Document, _ address: String) throws -> Resource {
        try #require(document.resources.first { $0.name == address })
    }

    /// The text a value's range covers, in the file itself or in the attachment it lies in.
    static func text(_ value: Value?, in document: Document, main: String) -> String? {
        text(value?.range, in: document, main: main)
    }

    static func text(_ range: SourceRange?, in document: Document, main: String) -> String? {
        guard let range else { return nil }
        if let attachment = document.attachment(containing: range.start) {
            return attachment.source.text(SourceRange(start: range.start - attachment.base, end: range.end - attachment.base))
        }
        return SourceFile(path: "main.tf", text: main).text(range)
    }

    @Test func taskDefinitionArgumentsBecomeAPIMembers() throws {
        let main = """
        resource "aws_ecs_task_definition" "app" {
          family                   = "app"
          network_mode             = "awsvpc"
          requires_compatibilities = ["FARGATE"]
          cpu                      = 256
          memory                   = "512"
          skip_destroy             = true
          container_definitions    = jsonencode([{ name = "web", image = "nginx:1.27", essential = true }])
          volume {
            name      = "data"
            host_path = "/srv/data"
          }
          volume {
            name = "efs"
            efs_volume_configuration {
              file_system_id     = "fs-1"
              transit_encryption = "ENABLED"
              authorization_config {
                iam = "ENABLED"
              }
            }
          }
          ephemeral_storage {
            size_in_gib = 30
          }
          runtime_platform {
            operating_system_family = "LINUX"
            cpu_architecture        = "ARM64"
          }
          proxy_configuration {
            type           = "APPMESH"
            container_name = "envoy"
            properties = {
              AppPorts = "8080"
            }
          }
          tags = { team = "web" }
        }
        """
        let document = try Self.load(main)
        #expect(document.format == .terraform)
        let task = try Self.resource(document, "aws_ecs_task_definition.app")
        let properties = task.properties
        #expect(task.kind == .taskDefinition)
        #expect(task.object == KubernetesObject(apiVersion: "terraform", kind: "aws_ecs_task_definition", name: "aws_ecs_task_definition.app", namespace: "m"))
        #expect(properties["family"]?.string == "app")
        #expect(properties["networkMode"]?.string == "awsvpc")
        #expect(properties["requiresCompatibilities"]?.strings == ["FARGATE"])
        #expect(properties["cpu"]?.scalarText == "256")
        #expect(properties["skipDestroy"] == nil && properties["skip_destroy"] == nil)
        #expect(properties.members?.first { $0.name == "networkMode" }?.writtenName == "network_mode")
        let container = try #require(properties["containerDefinitions"]?.array?.first)
        #expect(container["image"]?.string == "nginx:1.27")
        #expect(container["essential"]?.bool == true)
        #expect(container.path == "containerDefinitions[0]")
        let volumes = try #require(properties["volumes"]?.array)
        #expect(volumes.count == 2)
        #expect(volumes[0]["host"]?["sourcePath"]?.string == "/srv/data")
        #expect(volumes[1]["efsVolumeConfiguration"]?["fileSystemId"]?.string == "fs-1")
        #expect(volumes[1]["efsVolumeConfiguration"]?["authorizationConfig"]?["iam"]?.string == "ENABLED")
        #expect(volumes[1]["efsVolumeConfiguration"]?["transitEncryption"]?.path == "volumes[1].efsVolumeConfiguration.transitEncryption")
        #expect(properties["ephemeralStorage"]?["sizeInGiB"]?.scalarText == "30")
        #expect(properties["runtimePlatform"]?["cpuArchitecture"]?.string == "ARM64")
        #expect(properties["proxyConfiguration"]?["properties"]?.array?.first?["name"]?.string == "AppPorts")
        #expect(properties["tags"]?.array?.first?["key"]?.string == "team")
        #expect(Self.text(container["image"], in: document, main: main) == "\"nginx:1.27\"")
    }

    @Test func serviceArgumentsNestWhereTheAPIPutsThem() throws {
        let main = """
        resource "aws_ecs_service" "web" {
          name                               = "web"
          cluster                            = aws_ecs_cluster.main.id
          task_definition                    = aws_ecs_task_definition.app.arn
          iam_role                           = "arn:aws:iam::123456789012:role/ecsServiceRole"
          deployment_maximum_percent         = 200
          deployment_minimum_healthy_percent = 50
          deployment_circuit_breaker {
            enable   = true
            rollback = true
          }
          network_configuration {
            subnets          = ["subnet-1"]
            assign_public_ip = false
          }
          load_balancer {
            target_group_arn = aws_lb_target_group.web.arn
            container_name   = "web"
            container_port   = 8080
          }
          capacity_provider_strategy {
            capacity_provider = "FARGATE_SPOT"
            weight            = 1
          }
          ordered_placement_strategy {
            type  = "spread"
            field = "attribute:ecs.availability-zone"
          }
        }
        """
        let service = try Self.resource(try Self.load(main), "aws_ecs_service.web")
        let properties = service.properties
        #expect(properties["serviceName"]?.string == "web")
        #expect(properties["role"]?.string?.hasSuffix(":role/ecsServiceRole") == true)
        #expect(properties["deploymentConfiguration"]?["maximumPercent"]?.scalarText == "200")
        #expect(properties["deploymentConfiguration"]?["minimumHealthyPercent"]?.scalarText == "50")
        #expect(properties["deploymentConfiguration"]?["deploymentCircuitBreaker"]?["rollback"]?.bool == true)
        #expect(properties["networkConfiguration"]?["awsvpcConfiguration"]?["assignPublicIp"]?.string == "DISABLED")
        #expect(properties["networkConfiguration"]?["awsvpcConfiguration"]?["subnets"]?.strings == ["subnet-1"])
        #expect(properties["loadBalancers"]?.array?.first?["containerPort"]?.scalarText == "8080")
        #expect(properties["capacityProviderStrategy"]?.array?.first?["capacityProvider"]?.string == "FARGATE_SPOT")
        #expect(properties["placementStrategy"]?.array?.first?["type"]?.string == "spread")
        guard case .objectReference(let cluster)? = properties["cluster"]?.unresolved,
              case .objectReference(let task)? = properties["taskDefinition"]?.unresolved,
              case .objectReference(let group)? = properties["loadBalancers"]?.array?.first?["targetGroupArn"]?.unresolved else {
            Issue.record("references are not object references")
            return
        }
        #expect(cluster == ObjectReference(kind: .cluster, name: "aws_ecs_cluster.main", namespace: "m", system: .terraform))
        #expect(task == ObjectReference(kind: .taskDefinition, name: "aws_ecs_task_definition.app", namespace: "m", system: .terraform))
        #expect(group.kind == .targetGroup && group.name == "aws_lb_target_group.web")
    }

    @Test func moduleValuesAreEvaluatedWhereTheyAreWritten() throws {
        let main = """
        resource "aws_ecs_task_definition" "app" {
          family                = local.family
          cpu                   = var.cpu
          memory                = var.memory
          execution_role_arn    = var.role
          container_definitions = local.containers
        }
        """
        let locals = """
        locals {
          family     = "app-${var.environment}"
          containers = jsonencode([{ name = "web", image = var.image }])
        }
        """
        let variables = """
        variable "cpu" { default = 256 }
        variable "memory" { default = 512 }
        variable "environment" { default = "prod" }
        variable "image" {}
        variable "role" { default = null }
        """
        let document = try Self.load(main, others: ["locals.tf": locals, "variables.tf": variables, "terraform.tfvars": "memory = 1024\n"])
        let properties = try Self.resource(document, "aws_ecs_task_definition.app").properties
        #expect(properties["family"]?.string == "app-prod")
        #expect(properties["cpu"]?.scalarText == "256")
        #expect(properties["memory"]?.scalarText == "1024", "terraform.tfvars wins over the default")
        #expect(properties["executionRoleArn"]?.isNull == true)
        let image = properties["containerDefinitions"]?.array?.first?["image"]
        #expect(image?.isUnresolved == true, "a variable without a default is unknown")
        // Each value is at its own text: the default in variables.tf, the value in the tfvars file.
        #expect(Self.text(properties["cpu"], in: document, main: main) == "256")
        #expect(document.attachment(containing: properties["cpu"]!.range.start)?.relativePath == "variables.tf")
        #expect(document.attachment(containing: properties["memory"]!.range.start)?.relativePath == "terraform.tfvars")
        let container = try #require(properties["containerDefinitions"]?.array?.first)
        #expect(Self.text(container["name"], in: document, main: main) == "\"web\"")
        #expect(document.attachment(containing: container.range.start)?.relativePath == "locals.tf")
        // The attachment is anchored where main.tf uses it.
        let anchor = document.anchor(of: container.range)
        #expect(SourceFile(path: "main.tf", text: main).text(anchor) == "local.containers")
    }

    @Test func jsonInHeredocsFilesAndTemplatesIsPlacedExactly() throws {
        let main = """
        resource "aws_ecs_task_definition" "heredoc" {
          family = "heredoc"
          container_definitions = <<-EOF
            [{"name": "a", "image": "${var.image}", "cpu": ${var.cpu}, "user": "${var.user}", "privileged": true}]
          EOF
        }
        resource "aws_ecs_task_definition" "file" {
          family                = "file"
          container_definitions = file("${path.module}/containers.json")
        }
        resource "aws_ecs_task_definition" "template" {
          family                = "template"
          container_definitions = templatefile("task.json.tpl", { image = "app:2", port = 80 })
        }
        resource "aws_ecs_task_definition" "quoted" {
          family                = "quoted"
          container_definitions = "[{\\"name\\": \\"q\\", \\"image\\": \\"q:1\\"}]"
        }
        """
        let document = try Self.load(main, others: [
            "variables.tf": "variable \"image\" { default = \"busybox:1\" }\nvariable \"cpu\" { default = 128 }\nvariable \"user\" {}\n",
            "containers.json": "[\n  {\"name\": \"from-file\", \"image\": \"f:1\"}\n]\n",
            "task.json.tpl": "[{\"name\": \"t\", \"image\": \"${image}\", \"portMappings\": [{\"containerPort\": ${port}}], \"memory\": ${missing}}]\n",
        ])
        let heredoc = try #require(try Self.resource(document, "aws_ecs_task_definition.heredoc").properties["containerDefinitions"]?.array?.first)
        #expect(heredoc["image"]?.string == "busybox:1")
        #expect(heredoc["cpu"]?.scalarText == "128")
        #expect(heredoc["user"]?.isUnresolved == true)
        #expect(Self.text(heredoc["privileged"], in: document, main: main) == "true")
        #expect(Self.text(heredoc.members?.first { $0.name == "privileged" }?.keyRange, in: document, main: main) == "\"privileged\"")
        let fromFile = try #require(try Self.resource(document, "aws_ecs_task_definition.file").properties["containerDefinitions"]?.array?.first)
        #expect(fromFile["name"]?.string == "from-file")
        #expect(Self.text(fromFile["image"], in: document, main: main) == "\"f:1\"")
        let attachment = try #require(document.attachment(containing: fromFile.range.start))
        #expect(attachment.kind == .fileFunction && attachment.relativePath == "containers.json")
        #expect(attachment.source.position(of: fromFile["image"]!.range.start - attachment.base).description == "2:34")
        let template = try #require(try Self.resource(document, "aws_ecs_task_definition.template").properties["containerDefinitions"]?.array?.first)
        #expect(template["image"]?.string == "app:2")
        #expect(template["portMappings"]?.array?.first?["containerPort"]?.scalarText == "80")
        #expect(template["memory"]?.isUnresolved == true, "a template variable not given is unknown")
        #expect(Self.text(template["name"], in: document, main: main) == "\"t\"")
        let quoted = try #require(try Self.resource(document, "aws_ecs_task_definition.quoted").properties["containerDefinitions"]?.array?.first)
        #expect(quoted["image"]?.string == "q:1")
        #expect(Self.text(quoted["image"], in: document, main: main) == "\\\"q:1\\\"")
    }

    @Test func whatCannotBeKnownIsUnknown() throws {
        let main = """
        resource "aws_ecs_task_definition" "app" {
          family                = "app-${terraform.workspace}"
          cpu                   = var.enabled ? 512 : 256
          memory                = module.sizes.memory
          network_mode          = each.value
          container_definitions = jsonencode([for name in var.names : { name = name, image = "x" }])
          dynamic "volume" {
            for_each = var.volumes
            content {
              name = volume.value
            }
          }
        }
        resource "aws_ecs_task_definition" "off" {
          count                 = var.enabled ? 1 : 0
          family                = "off"
          container_definitions = "[]"
        }
        """
        let document = try Self.load(main, others: ["variables.tf": "variable \"enabled\" { default = false }\nvariable \"names\" { default = [\"a\"] }\n"])
        #expect(document.resources.map(\.name) == ["aws_ecs_task_definition.app"], "count = 0 creates nothing")
        let properties = try Self.resource(document, "aws_ecs_task_definition.app").properties
        #expect(properties["family"]?.isUnresolved == true)
        #expect(properties["cpu"]?.scalarText == "256", "a conditional on a known value takes its branch")
        #expect(properties["memory"]?.isUnresolved == true)
        #expect(properties["networkMode"]?.isUnresolved == true)
        #expect(properties["containerDefinitions"]?.isUnresolved == true)
        #expect(properties["volumes"]?.isUnresolved == true, "dynamic blocks make the list unknown")
    }

    @Test func rolesPoliciesAndPolicyDocuments() throws {
        let main = """
        resource "aws_iam_role" "task" {
          name               = "task"
          assume_role_policy = data.aws_iam_policy_document.trust.json
          inline_policy {}
          managed_policy_arns = [aws_iam_policy.read.arn]
        }
        resource "aws_iam_policy" "read" {
          name   = "read"
          policy = <<EOF
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
        EOF
        }
        resource "aws_iam_role_policy_attachment" "read" {
          role       = aws_iam_role.task.name
          policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        }
        data "aws_iam_policy_document" "trust" {
          statement {
            actions = ["sts:AssumeRole"]
            principals {
              type        = "Service"
              identifiers = ["ecs-tasks.amazonaws.com"]
            }
            principals {
              type        = "Service"
              identifiers = ["ecs.amazonaws.com"]
            }
            condition {
              test     = "StringEquals"
              variable = "aws:SourceAccount"
              values   = ["123456789012"]
            }
          }
        }
        """
        let document = try Self.load(main)
        let role = try Self.resource(document, "aws_iam_role.task")
        #expect(role.kind == .iamRole && role.properties["roleName"]?.string == "task")
        #expect(role.properties["policies"]?.array?.isEmpty == true, "an empty inline_policy block is no policy")
        let trust = try #require(role.properties["assumeRolePolicyDocument"])
        #expect(trust["Version"]?.string == "2012-10-17", "the data source's default version")
        let statement = try #require(trust["Statement"]?.array?.first)
        #expect(statement["Effect"]?.string == "Allow", "the data source's default effect")
        #expect(statement["Action"]?.strings == ["sts:AssumeRole"])
        #expect(statement["Principal"]?["Service"]?.strings == ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com"])
        #expect(statement["Condition"]?["StringEquals"]?["aws:SourceAccount"]?.strings == ["123456789012"])
        #expect(Self.text(statement["Action"], in: document, main: main) == "[\"sts:AssumeRole\"]")
        let policy = try Self.resource(document, "aws_iam_policy.read")
        #expect(policy.kind == .iamPolicy && policy.properties["managedPolicyName"]?.string == "read")
        #expect(policy.properties["policyDocument"]?["Statement"]?.array?.first?["Action"]?.string == "s3:GetObject")
        let attachment = try Self.resource(document, "aws_iam_role_policy_attachment.read")
        #expect(attachment.properties["policyArn"]?.string == "arn:aws:iam::aws:policy/ReadOnlyAccess")
        guard case .objectReference(let target)? = attachment.properties["roleName"]?.unresolved else {
            Issue.record("role is not a reference")
            return
        }
        #expect(target == ObjectReference(kind: .iamRole, name: "aws_iam_role.task", namespace: "m", system: .terraform))
    }

    @Test(arguments: ["variable \"x\" {}\n", "locals {\n  a = 1\n}\n", "resource \"aws_s3_bucket\" \"b\" {}\n"])
    func filesWithoutOurResourcesAreSkipped(_ text: String) throws {
        guard case .skipped(let reason) = Loader.load(try SyntaxKind.parse(SourceFile(path: "x.tf", text: text))) else {
            Issue.record("loaded")
            return
        }
        #expect(reason.contains("Terraform"))
    }

    @Test(arguments: [("a/./b/../c.json", "a/c.json"), ("../x/./y", "../x/y"), ("/r/a/../b", "/r/b"), ("./main.tf", "main.tf")])
    func pathsNormalize(_ path: String, _ expected: String) {
        #expect(TerraformPath.normalized(path) == expected)
    }

    @Test func relativePaths() {
        #expect(TerraformPath.relative("m/containers.json", from: "m") == "containers.json")
        #expect(TerraformPath.relative("shared/c.json", from: "m/n") == "../../shared/c.json")
        #expect(TerraformPath.joined("m", "../shared/c.json") == "shared/c.json")
        #expect(TerraformPath.joined("", "./c.json") == "c.json")
    }

    /// A local that names itself, or locals that name each other, end in an unknown value.
    @Test func cyclesEndInUnknownValues() throws {
        let main = """
        locals {
          a = local.b
          b = local.a
          c = local.c
        }
        resource "aws_ecs_task_definition" "app" {
          family = local.a
          cpu    = local.c
        }
        """
        let properties = try Self.resource(try Self.load(main), "aws_ecs_task_definition.app").properties
        #expect(properties["family"]?.isUnresolved == true)
        #expect(properties["cpu"]?.isUnresolved == true)
    }
}

extension TerraformLoaderTests {
    /// Locals that each use the previous one twice would build 2³¹ values: the work is bounded
    /// and what is past the bound is unknown.
    @Test func doublingLocalsAreBounded() throws {
        var main = "locals {\n  a0 = [\"x\", \"y\"]\n"
        for level in 1...30 { main += "  a\(level) = [local.a\(level - 1), local.a\(level - 1)]\n" }
        main += "}\nresource \"aws_ecs_task_definition\" \"a\" {\n  family = \"a\"\n  requires_compatibilities = local.a30\n}\n"
        let list = try #require(try Self.resource(try Self.load(main), "aws_ecs_task_definition.a").properties["requiresCompatibilities"])
        func count(_ value: Value) -> Int { 1 + (value.array?.reduce(0) { $0 + count($1) } ?? 0) }
        #expect(list.containsUnresolved)
        #expect(count(list) <= 200_001)
    }
}

/// Cases from the review of the Terraform support (docs/terraform.md states each rule).
@Suite struct TerraformEvaluationReviewTests {
    static func properties(_ main: String, others: [String: String] = [:], address: String = "aws_ecs_task_definition.a") throws -> Value {
        try TerraformLoaderTests.resource(try TerraformLoaderTests.load(main, others: others), address).properties
    }

    @Test func conversionFunctionsAndDeclaredTypesConvert() throws {
        let main = """
        variable "port" {
          type    = string
          default = 8080
        }
        variable "mem" {
          type    = number
          default = "512"
        }
        variable "env" {
          type    = map(string)
          default = { PORT = 8080 }
        }
        variable "shape" {
          type    = object({ a = string })
          default = { a = "x" }
        }
        resource "aws_ecs_task_definition" "a" {
          family = var.shape.a
          cpu    = tonumber("256")
          container_definitions = jsonencode([{ name = "app", image = "a:1", memory = var.mem, cpu = tonumber("x"),
            environment = [{ name = "A", value = var.port }, { name = "B", value = var.env.PORT }, { name = "C", value = tostring(true) }] }])
          requires_compatibilities = toset(["FARGATE", "EC2", "FARGATE"])
        }
        """
        let properties = try Self.properties(main)
        let container = try #require(properties["containerDefinitions"]?.array?.first)
        #expect(container["memory"]?.content.isNumber == true)
        #expect(container["environment"]?.array?.map { $0["value"]?.string } == ["8080", "8080", "true"])
        #expect(container["cpu"]?.isUnresolved == true, "tonumber(\"x\") fails in Terraform")
        #expect(properties["cpu"]?.content.isNumber == true)
        #expect(properties["family"]?.isUnresolved == true, "object types are not modelled")
        #expect(properties["requiresCompatibilities"]?.strings == ["EC2", "FARGATE"], "a set of strings: unique, sorted")
    }

    @Test func aTemplateOfOneInterpolationIsItsValue() throws {
        let main = """
        variable "mem" { default = 512 }
        locals { c = [{ name = "app", image = "a:1", privileged = true }] }
        resource "aws_ecs_task_definition" "a" {
          family                = "a"
          memory                = "${var.mem}"
          container_definitions = "${jsonencode(local.c)}"
        }
        resource "aws_ecs_task_definition" "b" {
          family                = "b-${var.mem}"
          container_definitions = "[${jsonencode(local.c[0])}]"
        }
        """
        let document = try TerraformLoaderTests.load(main)
        let a = try TerraformLoaderTests.resource(document, "aws_ecs_task_definition.a").properties
        #expect(a["memory"]?.content.isNumber == true)
        #expect(a["containerDefinitions"]?.array?.first?["privileged"]?.bool == true)
        let b = try TerraformLoaderTests.resource(document, "aws_ecs_task_definition.b").properties
        #expect(b["family"]?.string == "b-512")
        let privileged = try #require(b["containerDefinitions"]?.array?.first?["privileged"])
        #expect(privileged.bool == true)
        #expect(TerraformLoaderTests.text(privileged, in: document, main: main) == "true", "placed at the value in locals")
    }

    @Test func instancesOfARoleAreDifferentRoles() throws {
        let main = """
        resource "aws_ecs_task_definition" "a" {
          family             = "a"
          task_role_arn      = aws_iam_role.r["task"].arn
          execution_role_arn = aws_iam_role.r["exec"].arn
          container_definitions = "[]"
        }
        resource "aws_ecs_task_definition" "b" {
          family        = "b"
          task_role_arn = aws_iam_role.r[each.key].arn
          container_definitions = "[]"
        }
        """
        let document = try TerraformLoaderTests.load(main)
        let a = try TerraformLoaderTests.resource(document, "aws_ecs_task_definition.a").properties
        guard case .objectReference(let task)? = a["taskRoleArn"]?.unresolved, case .objectReference(let execution)? = a["executionRoleArn"]?.unresolved else {
            Issue.record("not references")
            return
        }
        #expect(task.name == "aws_iam_role.r[\"task\"]" && execution.name == "aws_iam_role.r[\"exec\"]")
        let b = try TerraformLoaderTests.resource(document, "aws_ecs_task_definition.b").properties
        if case .objectReference? = b["taskRoleArn"]?.unresolved { Issue.record("an unknown key names no one instance") }
        #expect(b["taskRoleArn"]?.isUnresolved == true)
    }

    @Test func workIsBoundedForTemplatesThatGrow() throws {
        var main = "locals {\n  a0 = \"\(String(repeating: "x", count: 4096))\"\n"
        for level in 1...24 { main += "  a\(level) = \"${local.a\(level - 1)}${local.a\(level - 1)}\"\n" }
        main += "}\nresource \"aws_ecs_task_definition\" \"a\" {\n  family = local.a24\n}\n"
        #expect(try Self.properties(main)["family"]?.isUnresolved == true)
        // templatefile inside a template is refused by Terraform ("cannot recursively call").
        let recursive = "resource \"aws_ecs_task_definition\" \"a\" {\n  family = templatefile(\"t.tpl\", {})\n}\n"
        let family = try Self.properties(recursive, others: ["t.tpl": "${templatefile(\"t.tpl\", {})}x"])["family"]
        #expect(family?.isUnresolved == true)
    }

    @Test func overrideFilesMakeWhatTheySetUnknown() throws {
        let main = """
        variable "priv" { default = true }
        resource "aws_ecs_task_definition" "a" {
          family                = "a"
          cpu                   = 256
          container_definitions = jsonencode([{ name = "a", image = "a:1", privileged = var.priv }])
        }
        """
        let document = try TerraformLoaderTests.load(main, others: [
            "override.tf": "variable \"priv\" { default = false }\n",
            "main_override.tf": "resource \"aws_ecs_task_definition\" \"a\" {\n  cpu = 512\n  execution_role_arn = \"x\"\n}\n",
        ])
        let properties = try TerraformLoaderTests.resource(document, "aws_ecs_task_definition.a").properties
        #expect(properties["containerDefinitions"]?.array?.first?["privileged"]?.isUnresolved == true)
        #expect(properties["cpu"]?.isUnresolved == true)
        #expect(properties["executionRoleArn"]?.isUnresolved == true, "an argument only the override sets exists, unknown")
        let override = SourceFile(path: "m/main_override.tf", text: "resource \"aws_ecs_task_definition\" \"a\" {\n  cpu = 512\n}\n")
        guard case .skipped(let reason) = Loader.load(try SyntaxKind.parse(override)) else {
            Issue.record("an override file is not a file of resources")
            return
        }
        #expect(reason.contains("override"))
    }

    @Test func forEachOverNothingCreatesNothing() throws {
        let main = """
        variable "enabled" { default = false }
        resource "aws_ecs_task_definition" "a" {
          for_each = var.enabled ? { x = 1 } : {}
          family   = "a"
        }
        resource "aws_ecs_task_definition" "b" {
          for_each = toset(["x"])
          family   = "b"
        }
        """
        #expect(try TerraformLoaderTests.load(main).resources.map(\.name) == ["aws_ecs_task_definition.b"])
    }

    @Test func placeholdersKeepTheTemplateAsWritten() throws {
        let properties = try Self.properties("resource \"aws_ecs_task_definition\" \"a\" {\n  family = \"a-${var.env}\"\n}\n")
        guard case .placeholder(let text)? = properties["family"]?.unresolved else {
            Issue.record("not a placeholder")
            return
        }
        #expect(text == "a-${var.env}")
    }

    @Test func conditionBlocksOfOneTestAndVariableAreMerged() throws {
        let main = """
        resource "aws_iam_role" "r" {
          name               = "r"
          assume_role_policy = data.aws_iam_policy_document.t.json
        }
        data "aws_iam_policy_document" "t" {
          statement {
            actions = ["sts:AssumeRole"]
            principals {
              type        = "Service"
              identifiers = ["ecs-tasks.amazonaws.com"]
            }
            condition {
              test     = "StringEquals"
              variable = "aws:SourceAccount"
              values   = ["111111111111"]
            }
            condition {
              test     = "StringEquals"
              variable = "aws:SourceAccount"
              values   = ["222222222222"]
            }
          }
        }
        """
        let role = try TerraformLoaderTests.resource(try TerraformLoaderTests.load(main), "aws_iam_role.r").properties
        let condition = role["assumeRolePolicyDocument"]?["Statement"]?.array?.first?["Condition"]?["StringEquals"]
        #expect(condition?["aws:SourceAccount"]?.strings == ["111111111111", "222222222222"])
        #expect(condition?.members?.count == 1)
    }
}

private extension Value.Content {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}

extension TerraformEvaluationReviewTests {
    /// The provider decodes container definitions without regard to case (Go's encoding/json):
    /// `Image` is `image`, and the keys of string maps stay as written.
    @Test func containerNamesFoldAsTheProviderReadsThem() throws {
        let main = """
        resource "aws_ecs_task_definition" "a" {
          family = "a"
          container_definitions = jsonencode([{ Name = "app", Image = "a:1", Privileged = true,
            LogConfiguration = { LogDriver = "awslogs", Options = { "Awslogs-Group" = "g" } },
            DockerLabels = { Team = "web" } }])
        }
        """
        let container = try #require(try Self.properties(main)["containerDefinitions"]?.array?.first)
        #expect(container["image"]?.string == "a:1" && container["privileged"]?.bool == true)
        #expect(container.members?.first { $0.name == "image" }?.writtenName == "image")
        #expect(container["logConfiguration"]?["logDriver"]?.string == "awslogs")
        #expect(container["logConfiguration"]?["options"]?["Awslogs-Group"]?.string == "g")
        #expect(container["dockerLabels"]?["Team"]?.string == "web")
    }
}

extension TerraformEvaluationReviewTests {
    /// `${~ x ~}` trims white space, which is not modelled: unknown, not a string with spaces.
    @Test func stripMarkersMakeTheTemplateUnknown() throws {
        let properties = try Self.properties("locals { s = \"x\" }\nresource \"aws_ecs_task_definition\" \"a\" {\n  family = \"web  ${~ local.s ~}  \"\n}\n")
        #expect(properties["family"]?.isUnresolved == true)
    }
}
