import ECSLintEngine
import ECSLintSyntax
import Testing
@testable import ECSLintRules

/// The peers' defects of PEERS.md §10, each as a case we must get right (the peer's wrong answer
/// in the comment), and the severity details the examples cannot show.
@Suite struct PeerDefectTests {
    static func codes(_ text: String, path: String) -> [String] {
        let report = Repository.linter.lint(SourceFile(path: path, text: text, lineBreaks: path.hasSuffix(".json") ? .json : .yaml))
        return report.diagnostics.map(\.code)
    }

    /// checkov (CFN) ran no ECS check on this template; cfn-lint reported none of these.
    static let fargateTemplate = """
    Resources:
      Task:
        Type: AWS::ECS::TaskDefinition
        Properties:
          RequiresCompatibilities: [FARGATE]
          NetworkMode: awsvpc
          Cpu: 256
          Memory: 512
          PidMode: host
          IpcMode: host
          ContainerDefinitions:
            - Name: app
              Image: app:1.0
              Privileged: true
              User: root
              LinuxParameters:
                Capabilities:
                  Add: [SYS_ADMIN]
    """

    @Test(arguments: ["ECS201", "ECS202", "ECS204", "ECS205", "ECS206"])
    func cloudFormationHardeningFindings(_ code: String) {
        #expect(Self.codes(Self.fargateTemplate, path: "stack.yaml").contains(code))
    }

    /// cfn-lint's E3048 checks a Fargate task's network mode, sizes, log drivers and placement
    /// constraints, but not privileged, pidMode/ipcMode host or capability adds; checkov ran no ECS
    /// check on this template. ECS106 reports each field, once, where it is.
    @Test func cloudFormationFargateUnsupportedFields() {
        let report = Repository.linter.lint(SourceFile(path: "stack.yaml", text: Self.fargateTemplate, lineBreaks: .yaml))
        let paths = report.diagnostics.filter { $0.code == "ECS106" }.compactMap(\.logicalPath).sorted()
        #expect(paths == ["containerDefinitions[0].linuxParameters.capabilities.add[0]", "containerDefinitions[0].privileged", "ipcMode", "pidMode"])
        let placement = Self.fargateTemplate.replacingOccurrences(
            of: "      PidMode: host\n", with: "      PlacementConstraints:\n        - {Type: memberOf, Expression: \"attribute:ecs.os-type == linux\"}\n")
        let placed = Repository.linter.lint(SourceFile(path: "stack.yaml", text: placement, lineBreaks: .yaml)).diagnostics
        #expect(placed.contains { $0.code == "ECS106" && $0.logicalPath == "placementConstraints" }, "cfn-lint's E3048 catches this one; so must we")
    }

    /// cfn-lint 1.51.0's E3042 never fires, not even when every container says `Essential: false`,
    /// and cfn-lint issue 4535 (PR 4536) was a false positive on an omitted `Essential`. Omitted
    /// means true, and CloudFormation also takes "false" as a string.
    @Test(arguments: [
        (["Essential: false", "Essential: false"], true),
        (["Essential: \"false\"", "Essential: \"FALSE\""], true),
        (["Essential: false"], true),
        (["Essential: false", ""], false),
        ([""], false),
        (["Essential: false", "Essential: \"true\""], false),
    ])
    func noEssentialContainer(_ essentials: [String], _ fires: Bool) {
        let containers = essentials.enumerated().map { index, essential in
            "        - {Name: c\(index), Image: \"app:1.0\"\(essential.isEmpty ? "" : ", " + essential)}"
        }
        let template = """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
        \(containers.joined(separator: "\n"))
        """
        #expect(Self.codes(template, path: "stack.yaml").contains("ECS701") == fires, "\(essentials)")
    }

    /// cfn-lint 1.51.0 reported none of these: a repeated container name (its `uniqueItems`
    /// compares whole objects), and `DependsOn`, `Links`, `VolumesFrom` and `MountPoints` that
    /// point at nothing.
    @Test func brokenReferencesInCloudFormation() {
        let template = """
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              NetworkMode: bridge
              ContainerDefinitions:
                - Name: app
                  Image: app:1.0
                  DependsOn: [{ContainerName: migrate, Condition: SUCCESS}]
                  Links: [db]
                  VolumesFrom: [{SourceContainer: data}]
                  MountPoints: [{SourceVolume: uploads, ContainerPath: /uploads}]
                - {Name: app, Image: "app:1.1"}
        """
        let found = Self.codes(template, path: "stack.yaml")
        #expect(found.filter { $0 == "ECS705" }.count == 3, "\(found)")
        #expect(found.contains("ECS702") && found.contains("ECS707"), "\(found)")
    }

    /// A volume no container mounts is info inside an error rule; configuring the rule lower
    /// lowers the error too, and never raises the info.
    @Test func unusedVolumeIsInfo() throws {
        let task = #"{"family": "t", "containerDefinitions": [{"name": "a", "image": "x", "mountPoints": [{"sourceVolume": "missing", "containerPath": "/m"}]}], "volumes": [{"name": "unused"}]}"#
        func severities(_ config: String) throws -> [Severity] {
            let configuration = try ConfigurationTests.parse(config)
            let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations, configuration: configuration)
            return linter.lint(SourceFile(path: "task.json", text: task, lineBreaks: .json)).diagnostics.filter { $0.code == "ECS707" }.map(\.severity)
        }
        #expect(try severities("") == [.error, .info])
        #expect(try severities("severity: {ECS707: warning}") == [.warning, .info])
    }

    /// checkov's Terraform checks pass `privileged = true` (it reads `privilege`) and look for
    /// `pidMode` inside the containers; in ECS JSON both sit where the API puts them.
    @Test func privilegedAndTaskLevelPidModeInECSJSON() {
        let task = #"{"family": "t", "pidMode": "host", "containerDefinitions": [{"name": "a", "image": "x", "privileged": true}]}"#
        let found = Self.codes(task, path: "task.json")
        #expect(found.contains("ECS201") && found.contains("ECS204"), "\(found)")
        let inContainer = #"{"family": "t", "containerDefinitions": [{"name": "a", "image": "x", "pidMode": "host"}]}"#
        #expect(!Self.codes(inContainer, path: "task.json").contains("ECS204"))
    }

    @Test(arguments: [("root", true), ("0", true), ("0:0", true), ("root:root", true), ("0:1000", true), ("root:1000", true), ("00", true),
                      ("1000", false), ("1000:0", false), ("rootless", false), ("app:root", false), ("", false), ("ROOT", false)])
    func rootUsers(_ user: String, _ isRoot: Bool) {
        #expect(ContainerRunsAsRootRule.isRoot(user) == isRoot)
    }

    /// SYS_PTRACE is a warning inside an error rule; configuring the rule lower lowers it too.
    @Test func capabilitySeverities() throws {
        let task = #"{"family": "t", "containerDefinitions": [{"name": "a", "image": "x", "linuxParameters": {"capabilities": {"add": ["SYS_PTRACE", "sys_admin"]}}}]}"#
        func severities(_ config: String) throws -> [Severity] {
            let configuration = try ConfigurationTests.parse(config)
            let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations, configuration: configuration)
            return linter.lint(SourceFile(path: "task.json", text: task, lineBreaks: .json)).diagnostics.filter { $0.code == "ECS206" }.map(\.severity)
        }
        #expect(try severities("") == [.warning, .error])
        #expect(try severities("severity: {ECS206: info}") == [.info, .info])
    }
}
