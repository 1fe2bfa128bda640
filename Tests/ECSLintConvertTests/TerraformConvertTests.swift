import ECSLintConvert
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Foundation
import Testing

/// Terraform converts like any other input: what Terraform resolves by reference is a loss,
/// unknown values stay placeholders, and losses are placed where the values are written.
@Suite struct TerraformConvertTests {
    static func input(_ name: String, others: [String: String] = [:]) throws -> ConversionInput {
        let directory = Repository.root.appendingPathComponent("testdata/terraform/module")
        var sources: [SourceFile] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            sources.append(SourceFile(path: "module/" + file, bytes: [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))))
        }
        let main = try #require(sources.first { $0.path == "module/" + name })
        return try ConversionInput.load(main, terraform: TerraformModules(files: InMemoryTerraformFiles(sources)))
    }

    @Test(arguments: ConversionFormat.allCases)
    func convertsWithReferencesAsLosses(_ format: ConversionFormat) throws {
        let conversion = try Converter.convert([try Self.input("main.tf")], to: format)
        #expect(!conversion.files.isEmpty)
        let losses = conversion.losses.map(\.description)
        // The two roles of the task definition, the service's cluster and task definition.
        if format != .kubernetes {  // a Deployment has no roles at all: lost as such
            #expect(losses.contains { $0.hasPrefix("module/main.tf:10:30: lost: task definition aws_ecs_task_definition.encoded executionRoleArn: a reference to the Terraform resource 'aws_iam_role.shared'") },
                    "\(losses)")
        }
        #expect(!losses.contains { $0.contains("cpu") || $0.contains("memory") }, "values from variables.tf are carried: \(losses)")
    }

    /// Unknown values stay placeholders (`${var.subnets}`), known ones are carried as evaluated.
    @Test func unknownValuesStayPlaceholders() throws {
        let conversion = try Converter.convert([try Self.input("main.tf")], to: .ecsJSON)
        #expect(!conversion.losses.contains { $0.description.contains("subnets") })
        let written = conversion.files.map(\.text).joined()
        #expect(written.contains("\"${var.subnets}\""), "\(written)")
        #expect(written.contains("\"cpu\": 256"), "the default of var.cpu")
    }

    /// A value written in another file of the module is placed there when it is lost.
    @Test func lossesInOtherFilesNameThem() throws {
        let main = SourceFile(path: "m/main.tf", text: """
            resource "aws_ecs_task_definition" "app" {
              family                = "app"
              task_role_arn         = local.role
              container_definitions = jsonencode([{ name = "a", image = "a:1" }])
            }
            resource "aws_ecs_service" "app" {
              name            = "app"
              task_definition = "app"
            }
            """)
        let locals = SourceFile(path: "m/locals.tf", text: "locals {\n  role = \"arn:aws:iam::123456789012:role/app\"\n}\n")
        let input = try ConversionInput.load(main, terraform: TerraformModules(files: InMemoryTerraformFiles([main, locals])))
        let losses = try Converter.convert([input], to: .kubernetes).losses.map(\.description)
        #expect(losses.contains { $0.hasPrefix("m/locals.tf:2:10: lost: task definition aws_ecs_task_definition.app taskRoleArn") }, "\(losses)")
    }
}
