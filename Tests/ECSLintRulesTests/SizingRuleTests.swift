import ECSLintEngine
import ECSLintSyntax
import Testing
@testable import ECSLintRules

/// What the examples of ECS103–ECS110 cannot show: every field of the Fargate and Windows lists
/// (rules/data/unsupported-fields.yaml), per-finding severities, and that one mistake gives one
/// finding where several rules could claim it.
@Suite struct SizingRuleTests {
    /// The findings of `codes` on an ECS JSON task, as "CODE@path".
    static func findings(_ json: String, codes: Set<String>) -> [String] {
        Repository.linter.lint(SourceFile(path: "task.json", text: json, lineBreaks: .json)).diagnostics
            .filter { codes.contains($0.code) }
            .map { "\($0.code)@\($0.logicalPath ?? "")" }
            .sorted()
    }

    static func task(platform: String, task: String = "", container: String = "") -> String {
        let taskPart = task.isEmpty ? "" : task + ", "
        let containerPart = container.isEmpty ? "" : ", " + container
        return """
        {"family": "t", \(platform), \(taskPart)"containerDefinitions": [{"name": "app", "image": "app:1.0"\(containerPart)}]}
        """
    }

    static let fargate = #""requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "2048""#
    static let ec2 = #""requiresCompatibilities": ["EC2"], "memory": "2048""#
    static let windows = #""runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "memory": "2048""#

    /// One setting per row of the `fargate` list, and where ECS106 reports it.
    static let fargateFields: [(task: String, container: String, path: String)] = [
        (#""ipcMode": "none""#, "", "ipcMode"),
        (#""pidMode": "host""#, "", "pidMode"),
        (#""placementConstraints": [{"type": "memberOf", "expression": "attribute:x == y"}]"#, "", "placementConstraints"),
        (#""volumes": [{"name": "v", "dockerVolumeConfiguration": {"scope": "task"}}]"#, "", "volumes[0].dockerVolumeConfiguration"),
        (#""volumes": [{"name": "v", "host": {"sourcePath": "/data"}}]"#, "", "volumes[0].host.sourcePath"),
        ("", #""privileged": true"#, "containerDefinitions[0].privileged"),
        ("", #""disableNetworking": true"#, "containerDefinitions[0].disableNetworking"),
        ("", #""dnsSearchDomains": ["corp.example"]"#, "containerDefinitions[0].dnsSearchDomains"),
        ("", #""dnsServers": ["10.0.0.2"]"#, "containerDefinitions[0].dnsServers"),
        ("", #""dockerSecurityOptions": ["no-new-privileges"]"#, "containerDefinitions[0].dockerSecurityOptions"),
        ("", #""extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.5"}]"#, "containerDefinitions[0].extraHosts"),
        ("", #""links": ["db"]"#, "containerDefinitions[0].links"),
        ("", #""hostname": "app""#, "containerDefinitions[0].hostname"),
        ("", #""resourceRequirements": [{"type": "InferenceAccelerator", "value": "a"}, {"type": "GPU", "value": "1"}]"#,
         "containerDefinitions[0].resourceRequirements[1]"),
        ("", #""linuxParameters": {"capabilities": {"add": ["cap_net_admin"]}}"#, "containerDefinitions[0].linuxParameters.capabilities.add[0]"),
        ("", #""linuxParameters": {"devices": [{"hostPath": "/dev/fuse"}]}"#, "containerDefinitions[0].linuxParameters.devices"),
        ("", #""linuxParameters": {"sharedMemorySize": 64}"#, "containerDefinitions[0].linuxParameters.sharedMemorySize"),
        ("", #""linuxParameters": {"tmpfs": [{"containerPath": "/tmp", "size": 64}]}"#, "containerDefinitions[0].linuxParameters.tmpfs"),
        ("", #""linuxParameters": {"maxSwap": 0}"#, "containerDefinitions[0].linuxParameters.maxSwap"),
        ("", #""linuxParameters": {"swappiness": 10}"#, "containerDefinitions[0].linuxParameters.swappiness"),
    ]

    @Test(arguments: fargateFields)
    func everyFargateFieldFiresOnceOnFargateOnly(_ field: (task: String, container: String, path: String)) {
        let onFargate = Self.task(platform: Self.fargate, task: field.task, container: field.container)
        #expect(Self.findings(onFargate, codes: ["ECS106"]) == ["ECS106@\(field.path)"])
        let onEC2 = Self.task(platform: Self.ec2, task: field.task, container: field.container)
        #expect(Self.findings(onEC2, codes: ["ECS106"]).isEmpty)
    }

    /// One setting per row of the `windows` list, and where ECS107 reports it.
    static let windowsFields: [(task: String, container: String, path: String)] = [
        (#""pidMode": "task""#, "", "pidMode"),
        (#""ipcMode": "none""#, "", "ipcMode"),
        (#""volumes": [{"name": "v", "dockerVolumeConfiguration": {"driver": "rexray/ebs"}}]"#, "", "volumes[0].dockerVolumeConfiguration.driver"),
        ("", #""links": ["db"]"#, "containerDefinitions[0].links"),
        ("", #""linuxParameters": {"initProcessEnabled": true}"#, "containerDefinitions[0].linuxParameters"),
        ("", #""disableNetworking": true"#, "containerDefinitions[0].disableNetworking"),
        ("", #""privileged": true"#, "containerDefinitions[0].privileged"),
        ("", #""readonlyRootFilesystem": true"#, "containerDefinitions[0].readonlyRootFilesystem"),
        ("", #""dnsServers": ["10.0.0.2"]"#, "containerDefinitions[0].dnsServers"),
        ("", #""dnsSearchDomains": ["corp.example"]"#, "containerDefinitions[0].dnsSearchDomains"),
        ("", #""extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.5"}]"#, "containerDefinitions[0].extraHosts"),
        ("", #""ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 1024}]"#, "containerDefinitions[0].ulimits"),
        ("", #""systemControls": [{"namespace": "net.core.somaxconn", "value": "1024"}]"#, "containerDefinitions[0].systemControls"),
    ]

    /// Security Hub ECS.21 asks Windows containers for a non-administrator `user`: ECS107 must
    /// not fail it, though the API reference calls `user` unsupported there.
    @Test func aWindowsUserIsNotReported() {
        let onWindows = Self.task(platform: Self.windows, task: "", container: #""user": "ContainerUser""#)
        #expect(Self.findings(onWindows, codes: ["ECS107"]).isEmpty)
    }

    @Test(arguments: windowsFields)
    func everyWindowsFieldFiresOnceOnWindowsOnly(_ field: (task: String, container: String, path: String)) {
        let onWindows = Self.task(platform: Self.windows, task: field.task, container: field.container)
        #expect(Self.findings(onWindows, codes: ["ECS107"]) == ["ECS107@\(field.path)"])
        let onLinux = Self.task(platform: Self.ec2, task: field.task, container: field.container)
        #expect(Self.findings(onLinux, codes: ["ECS107"]).isEmpty)
    }

    /// Where two rules could report the same mistake, exactly one does.
    static let overlaps: [(description: String, json: String, expected: [String])] = [
        ("a Windows Fargate field is ECS107's, not also ECS106's",
         task(platform: fargate + #", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}"#,
              container: #""privileged": true, "linuxParameters": {"devices": [{"hostPath": "/dev/x"}], "capabilities": {"add": ["SYS_ADMIN"]}}"#),
         ["ECS107@containerDefinitions[0].linuxParameters", "ECS107@containerDefinitions[0].privileged"]),
        ("a GPU on Fargate is ECS106's, not also ECS110's",
         task(platform: fargate, container: #""resourceRequirements": [{"type": "GPU", "value": "1"}]"#),
         ["ECS106@containerDefinitions[0].resourceRequirements[0]"]),
        ("Windows Fargate below 1 vCPU is ECS101's, not also ECS109's",
         task(platform: #""requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "512", "memory": "1024", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}"#),
         ["ECS101@cpu"]),
        ("a Fargate cpu outside the EC2 range is ECS101's, not also ECS110's",
         task(platform: #""requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "64", "memory": "512""#),
         ["ECS101@cpu"]),
        ("a Fargate task without memory is ECS102's, not also ECS105's",
         task(platform: #""requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256""#),
         ["ECS102@requiresCompatibilities[0]"]),
        ("one container over the task memory is one ECS103 finding, not also the sum",
         task(platform: fargate, container: #""memory": 4096"#),
         ["ECS103@containerDefinitions[0].memory"]),
        ("an out-of-range size on EC2 is the range error only",
         task(platform: ec2, task: #""ephemeralStorage": {"sizeInGiB": 500}"#),
         ["ECS108@ephemeralStorage.sizeInGiB"]),
    ]

    @Test(arguments: overlaps)
    func oneMistakeOneFinding(_ overlap: (description: String, json: String, expected: [String])) {
        let codes: Set<String> = ["ECS101", "ECS102", "ECS103", "ECS104", "ECS105", "ECS106", "ECS107", "ECS108", "ECS109", "ECS110"]
        #expect(Self.findings(overlap.json, codes: codes) == overlap.expected, "\(overlap.description)")
    }

    /// ECS108 and ECS110 are errors with one warning-level case each; configuring the rule
    /// lower lowers both.
    static let severityCases: [(code: String, json: String, severity: Severity)] = [
        ("ECS108", task(platform: ec2, task: #""ephemeralStorage": {"sizeInGiB": 100}"#), .warning),
        ("ECS108", task(platform: fargate, task: #""ephemeralStorage": {"sizeInGiB": 10}"#), .error),
        ("ECS110", task(platform: #""cpu": "64""#, container: #""memory": 512"#), .error),
        ("ECS110", task(platform: ec2, container: #""memory": 4"#), .warning),
    ]

    @Test(arguments: severityCases)
    func severities(_ code: String, _ json: String, _ severity: Severity) throws {
        func found(_ config: String) throws -> [Severity] {
            let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations,
                                    configuration: try ConfigurationTests.parse(config))
            return linter.lint(SourceFile(path: "task.json", text: json, lineBreaks: .json)).diagnostics.filter { $0.code == code }.map(\.severity)
        }
        #expect(try found("") == [severity])
        #expect(try found("severity: {\(code): info}") == [.info])
    }

    @Test(arguments: [
        // CloudFormation may give container numbers as strings; task sizes in vCPU and GB.
        (#"{"family": "t", "cpu": "0.5 vcpu", "memory": "1 GB", "containerDefinitions": [{"name": "a", "image": "x", "cpu": "256"}, {"name": "b", "image": "x", "cpu": "257"}]}"#, ["ECS103@cpu"]),
        (#"{"family": "t", "cpu": "512", "memory": "1 GB", "containerDefinitions": [{"name": "a", "image": "x", "cpu": 256, "memoryReservation": 512}, {"name": "b", "image": "x", "cpu": 256, "memory": 512}]}"#, []),
        // A reservation over the task memory without a hard limit is the sum's finding.
        (#"{"family": "t", "memory": "1024", "containerDefinitions": [{"name": "a", "image": "x", "memoryReservation": 2048}]}"#, ["ECS103@memory"]),
        // Memory in a form ECS does not document is ECS011's; nothing to compare.
        (#"{"family": "t", "memory": "1 GiB", "containerDefinitions": [{"name": "a", "image": "x", "memory": 4096}]}"#, []),
    ])
    func containerSums(_ json: String, _ expected: [String]) {
        #expect(Self.findings(json, codes: ["ECS103"]) == expected)
    }

    @Test func ephemeralStorageWarningNamesTheLaunchTypes() {
        let json = Self.task(platform: #""requiresCompatibilities": ["EC2", "EXTERNAL"], "memory": "512""#, task: #""ephemeralStorage": {"sizeInGiB": 30}"#)
        let messages = Repository.linter.lint(SourceFile(path: "task.json", text: json, lineBreaks: .json)).diagnostics
            .filter { $0.code == "ECS108" }.map(\.message)
        #expect(messages == ["task requires EC2, EXTERNAL only, but ephemeralStorage sizes the storage of Fargate tasks and has no effect there"])
        let managed = Self.task(platform: #""requiresCompatibilities": ["MANAGED_INSTANCES"], "networkMode": "awsvpc", "memory": "512""#,
                                task: #""ephemeralStorage": {"sizeInGiB": 30}"#)
        #expect(Self.findings(managed, codes: ["ECS108"]).isEmpty)
    }
}
