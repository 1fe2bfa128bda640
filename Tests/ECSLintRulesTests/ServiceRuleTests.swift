import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
import Testing

/// What the service rules' examples cannot show: severities that depend on the service, messages
/// that point at a task definition in another file, and links across the files of one run.
@Suite struct ServiceRuleTests {
    static func service(launchType: String) -> String {
        #"{"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 2, "launchType": "\#(launchType)", "#
            + #""networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "ENABLED"}}}"#
    }

    static func linter(config: String?) throws -> Linter {
        guard let config else { return Repository.linter }
        let configuration = try Configuration.parse(SourceFile(path: ".ecs-lint.yaml", text: config, lineBreaks: .yaml),
                                                    displayPath: ".ecs-lint.yaml", catalog: Repository.catalog)
        return try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations, configuration: configuration)
    }

    /// ECS309 is a warning, raised to an error where a public IP cannot work, unless the
    /// configuration set the rule's severity itself.
    @Test(arguments: [
        ("FARGATE", nil, Severity.warning),
        ("EC2", nil, .error),
        ("EXTERNAL", nil, .error),
        ("EC2", "severity: {ECS309: info}\n", .info),
        ("FARGATE", "severity: {ECS309: error}\n", .error),
    ] as [(String, String?, Severity)])
    func publicIPSeverityDependsOnTheLaunchType(_ launchType: String, _ config: String?, _ expected: Severity) throws {
        let report = try Self.linter(config: config).lint(SourceFile(path: "service.json", text: Self.service(launchType: launchType)))
        let finding = try #require(report.diagnostics.first { $0.code == "ECS309" })
        #expect(finding.severity == expected)
    }

    /// A finding about a link names the other file and where the resource is in it.
    @Test func messagesNameTheTaskDefinitionInAnotherFile() throws {
        let task = #"{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512}]}"#
        let service = #"{"serviceName": "web", "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7", "desiredCount": 1, "launchType": "EC2"}"#
        let reports = Repository.linter.lint([SourceFile(path: "defs/web.json", text: task), SourceFile(path: "svc/web.json", text: service)])
        let finding = try #require(reports[1].diagnostics.first { $0.code == "ECS308" })
        #expect(finding.message.contains("task definition web (defs/web.json:1:1) uses awsvpc"))
        #expect(finding.file == "svc/web.json")
        // Alone, the service's task definition is unknown: nothing to report.
        #expect(!Repository.linter.lint(SourceFile(path: "svc/web.json", text: service)).diagnostics.contains { $0.code == "ECS308" })
    }

    /// A service in another file that launches a task definition on Fargate makes the task's
    /// Fargate rules apply to it (`@on-fargate` across the run).
    @Test func aServiceInAnotherFileMakesTheTaskFargate() throws {
        let task = #"{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512}]}"#
        let service = #"{"serviceName": "web", "taskDefinition": "web", "desiredCount": 1, "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}}"#
        let together = Repository.linter.lint([SourceFile(path: "task.json", text: task), SourceFile(path: "service.json", text: service)])
        #expect(together[0].diagnostics.contains { $0.code == "ECS102" })
        #expect(!Repository.linter.lint(SourceFile(path: "task.json", text: task)).diagnostics.contains { $0.code == "ECS102" })
    }

    /// A task definition without networkMode is bridge on EC2, but a Fargate service in another
    /// file makes its mode unknown (ECS301's finding), not bridge: ECS313 must not demand the
    /// bridge-mode container and port.
    @Test func theNetworkModeOfATaskInAnotherFileKnowsItsFargateService() throws {
        let task = #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512}]}"#
        let service = #"{"serviceName": "web", "taskDefinition": "web", "desiredCount": 1, "launchType": "FARGATE", "#
            + #""networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"]}}, "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1"}]}"#
        let reports = Repository.linter.lint([SourceFile(path: "task.json", text: task), SourceFile(path: "service.json", text: service)])
        #expect(reports[0].diagnostics.contains { $0.code == "ECS301" })
        #expect(!reports[1].diagnostics.contains { $0.code == "ECS313" })
    }
}
