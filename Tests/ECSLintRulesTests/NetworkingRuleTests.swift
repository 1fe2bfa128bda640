import ECSLintEngine
import ECSLintSyntax
import Testing
@testable import ECSLintRules

/// What the examples of ECS302–ECS307 and ECS803–ECS805 cannot show: every field of the
/// `network-modes` list in every mode, that one mistake gives one finding where ECS106/ECS107
/// could claim it too, bounds (100 ranges, the ephemeral range, reserved ports) and the
/// deployment arithmetic.
@Suite struct NetworkingRuleTests {
    static func findings(_ json: String, codes: Set<String>) -> [String] {
        SizingRuleTests.findings(json, codes: codes)
    }

    static func task(_ task: String, container: String) -> String {
        #"{"family": "t", \#(task), "containerDefinitions": [{"name": "app", "image": "app:1.0", "memory": 256, \#(container)}]}"#
    }

    /// One setting per row of the `network-modes` list, where ECS303 reports it, and the modes
    /// it is invalid in.
    static let modeFields: [(container: String, path: String, modes: Set<String>, warning: Bool)] = [
        (#""links": ["db"]"#, "containerDefinitions[0].links", ["host", "awsvpc", "none"], false),
        (#""hostname": "app""#, "containerDefinitions[0].hostname", ["awsvpc"], false),
        (#""extraHosts": [{"hostname": "db", "ipAddress": "10.0.0.5"}]"#, "containerDefinitions[0].extraHosts", ["awsvpc"], false),
        (#""portMappings": [{"containerPort": 80}]"#, "containerDefinitions[0].portMappings", ["none"], false),
        (#""portMappings": [{"containerPortRange": "9000-9100"}]"#, "containerDefinitions[0].portMappings[0].containerPortRange", ["host"], false),
        (#""dnsServers": ["10.0.0.2"]"#, "containerDefinitions[0].dnsServers", ["awsvpc"], true),
        (#""dnsSearchDomains": ["corp.example"]"#, "containerDefinitions[0].dnsSearchDomains", ["awsvpc"], true),
        (#""disableNetworking": true"#, "containerDefinitions[0].disableNetworking", ["awsvpc"], true),
    ]

    @Test(arguments: modeFields)
    func everyNetworkModeFieldFiresInItsModesOnly(_ field: (container: String, path: String, modes: Set<String>, warning: Bool)) {
        for mode in ["bridge", "host", "awsvpc", "none"] {
            let json = Self.task(#""requiresCompatibilities": ["EC2"], "networkMode": "\#(mode)""#, container: field.container)
            let found = Repository.linter.lint(SourceFile(path: "task.json", text: json, lineBreaks: .json)).diagnostics.filter { $0.code == "ECS303" }
            // In none mode any portMappings list is the finding, whatever is inside it.
            let expected = mode == "none" && field.container.contains("portMappings") ? ["containerDefinitions[0].portMappings"]
                : field.modes.contains(mode) ? [field.path] : []
            #expect(found.map { $0.logicalPath ?? "" } == expected, "\(mode)")
            #expect(found.allSatisfy { $0.severity == (field.warning ? .warning : .error) })
        }
        // Without networkMode a Linux task on EC2 is in bridge mode.
        #expect(Self.findings(Self.task(#""requiresCompatibilities": ["EXTERNAL"]"#, container: field.container), codes: ["ECS303"]).isEmpty)
    }

    /// A field Fargate or Windows does not support at all is ECS106's or ECS107's, once.
    @Test(arguments: modeFields.filter { $0.modes.contains("awsvpc") })
    func awsvpcFieldsOnFargateAndWindowsAreOneFinding(_ field: (container: String, path: String, modes: Set<String>, warning: Bool)) {
        let codes: Set<String> = ["ECS106", "ECS107", "ECS303"]
        let fargate = Self.task(#""requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512""#,
                                container: field.container)
        #expect(Self.findings(fargate, codes: codes) == ["ECS106@\(field.path)"])
        let windows = Self.task(#""requiresCompatibilities": ["EC2"], "networkMode": "awsvpc", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}"#,
                                container: field.container)
        let windowsFindings = Self.findings(windows, codes: codes)
        #expect(windowsFindings.count == 1, "\(windowsFindings)")
        // hostname is the one awsvpc field Windows supports in general: ECS303's there.
        #expect(windowsFindings == [(field.path.hasSuffix("hostname") ? "ECS303@" : "ECS107@") + field.path])
    }

    @Test(arguments: [(100, false), (101, true)])
    func portRangesPerContainer(_ count: Int, _ fires: Bool) {
        let ranges = (0..<count).map { #"{"containerPortRange": "\#(10_000 + 2 * $0)-\#(10_001 + 2 * $0)"}"# }
        let json = Self.task(#""networkMode": "awsvpc""#, container: #""portMappings": [\#(ranges.joined(separator: ", "))]"#)
        #expect(Self.findings(json, codes: ["ECS304"]) == (fires ? ["ECS304@containerDefinitions[0].portMappings"] : []))
    }

    /// nil: no finding; otherwise a word of the message (the ephemeral range or a reserved port).
    @Test(arguments: [(0, nil), (1, nil), (32_767, nil), (32_768, "ephemeral"), (49_153, "ephemeral"), (65_535, "ephemeral"), (65_536, nil),
                      (22, "reserves"), (2375, "reserves"), (2376, "reserves"), (2377, nil), (51_677, "ephemeral"), (51_678, "reserves"),
                      (51_680, "reserves"), (51_681, "ephemeral")] as [(Int, String?)])
    func bridgeHostPorts(_ port: Int, _ reason: String?) {
        let json = Self.task(#""networkMode": "bridge""#, container: #""portMappings": [{"containerPort": 80, "hostPort": \#(port)}]"#)
        let found = Repository.linter.lint(SourceFile(path: "task.json", text: json, lineBreaks: .json)).diagnostics.filter { $0.code == "ECS306" }
        #expect(found.map { $0.logicalPath ?? "" } == (reason == nil ? [] : ["containerDefinitions[0].portMappings[0].hostPort"]))
        if let reason { #expect(found.first?.message.contains(reason) == true, "\(found.map(\.message))") }
    }

    @Test(arguments: [
        "10000-10001", "1-65535",
    ])
    func wellFormedRanges(_ text: String) {
        #expect((try? ContainerPort.parseRange(text).get()) != nil)
    }

    @Test(arguments: [
        "10000", "10000-", "-10000", "10000-10000", "10001-10000", "0-10", "1-65536", "10000 - 10100", "10000–10100", "a-b", "1-2-3", "",
    ])
    func malformedRanges(_ text: String) {
        #expect((try? ContainerPort.parseRange(text).get()) == nil)
    }

    /// (minimum, maximum, desired) → the desired count that stalls (0 for any), nil when a
    /// deployment can progress. ARCH deployment-type-ecs: desired 2 with 75 % keeps both; desired
    /// 3 with 125 % allows none extra.
    @Test(arguments: [
        (100, 100, nil, 0), (100, 100, 4, 0), (100, 200, nil, nil), (100, 150, 1, 1), (100, 150, 2, nil), (100, 125, 3, 3),
        (100, 125, 4, nil), (75, 125, 2, 2), (75, 150, 2, nil), (50, 100, 4, nil), (0, 100, 1, nil), (100, 199, 1, 1), (100, 150, 0, nil),
    ] as [(Int, Int, Int?, Int?)])
    func deploymentStalls(_ minimum: Int, _ maximum: Int, _ desired: Int?, _ stalled: Int?) {
        #expect(InvalidDeploymentConfigurationRule.stalls(minimum: minimum, maximum: maximum, desired: desired) == stalled)
    }

    static func service(_ members: String) -> String {
        #"{"serviceName": "s", "cluster": "c", "taskDefinition": "t:1", \#(members)}"#
    }

    /// Where two rules could report the same service mistake, exactly one does.
    static let serviceOverlaps: [(description: String, json: String, expected: [String])] = [
        ("placement strategies on a Fargate DAEMON service are ECS804's; the Fargate DAEMON is ECS803's",
         service(#""launchType": "FARGATE", "schedulingStrategy": "DAEMON", "placementStrategy": [{"type": "spread", "field": "instanceId"}]"#),
         ["ECS803@schedulingStrategy", "ECS804@placementStrategy"]),
        ("maximumPercent 200 on a DAEMON service is ECS803's, not also ECS805's",
         service(#""launchType": "EC2", "schedulingStrategy": "DAEMON", "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 150}"#),
         ["ECS803@deploymentConfiguration.maximumPercent"]),
        ("a minimum above the maximum is one finding, not also the stall",
         service(#""desiredCount": 1, "deploymentConfiguration": {"maximumPercent": 50, "minimumHealthyPercent": 100}"#),
         ["ECS805@deploymentConfiguration.minimumHealthyPercent"]),
    ]

    @Test(arguments: serviceOverlaps)
    func oneServiceMistakeOneFinding(_ overlap: (description: String, json: String, expected: [String])) {
        let found = Repository.linter.lint(SourceFile(path: "service.json", text: overlap.json, lineBreaks: .json)).diagnostics
            .filter { ["ECS801", "ECS803", "ECS804", "ECS805"].contains($0.code) }
            .map { "\($0.code)@\($0.logicalPath ?? "")" }
            .sorted()
        #expect(found == overlap.expected, "\(overlap.description)")
    }
}
