import ECSLintEngine
import ECSLintLoaders
import ECSLintSyntax
import Testing

/// Rendering canonical properties as CloudFormation and loading them back gives the canonical
/// names again: re-cased properties, §7.2 exceptions, string-map keys and policy documents kept.
@Suite struct ExampleRendererTests {
    @Test func cloudFormationRenderingRoundTripsThroughTheLoader() throws {
        let canonical = #"""
            {"containerDefinitions": [{"name": "web", "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}},
              "dockerLabels": {"com.example.Team": "core"}}],
             "volumes": [{"name": "d", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "authorizationConfig": {"iam": "ENABLED"}}}],
             "proxyConfiguration": {"properties": [{"name": "IgnoredUID", "value": "1337"}]}}
            """#
        let properties = try #require(try JSONParser.parse(SourceFile(path: "t.json", text: canonical)).documents.first)
        let rendered = ExampleRenderer.cloudFormationProperties(properties)
        #expect(rendered["Volumes"]?.items?.first?["EFSVolumeConfiguration"]?["FilesystemId"]?.text == "fs-1")
        #expect(rendered["ContainerDefinitions"]?.items?.first?["LogConfiguration"]?["Options"]?["awslogs-group"] != nil)
        #expect(rendered["ProxyConfiguration"]?["ProxyConfigurationProperties"] != nil)

        let template = "{\"Resources\": {\"T\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": " + JSONWriter.write(rendered) + "}}}"
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(SourceFile(path: "t.json", text: template))) else {
            Issue.record("template did not load")
            return
        }
        let loaded = try #require(documents.first?.resources.first?.properties)
        let container = try #require(loaded["containerDefinitions"]?.array?.first)
        #expect(container["logConfiguration"]?["options"]?["awslogs-group"]?.string == "/ecs/web")
        #expect(container["dockerLabels"]?["com.example.Team"]?.string == "core")
        #expect(loaded["volumes"]?.array?.first?["efsVolumeConfiguration"]?["authorizationConfig"]?["iam"]?.string == "ENABLED")
        #expect(loaded["proxyConfiguration"]?["properties"]?.array?.first?["name"]?.string == "IgnoredUID")
    }

    @Test func policyDocumentsAreWrittenVerbatim() throws {
        let role = try #require(try JSONParser.parse(SourceFile(path: "t.json", text: #"{"assumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}}"#)).documents.first)
        let rendered = ExampleRenderer.cloudFormationProperties(role)
        #expect(rendered["AssumeRolePolicyDocument"]?["Statement"]?.items?.first?["Effect"]?.text == "Allow")
        #expect(rendered["AssumeRolePolicyDocument"]?["Version"] != nil)
    }

    /// A cluster's `settings` is `ClusterSettings` in CloudFormation (AWS::ECS::Cluster ClusterSettings, CloudFormation reference).
    @Test func clusterSettingsRoundTrip() throws {
        let cluster = try #require(try JSONParser.parse(SourceFile(path: "t.json", text: #"{"clusterName": "prod", "settings": [{"name": "containerInsights", "value": "enabled"}]}"#)).documents.first)
        let rendered = ExampleRenderer.cloudFormationProperties(cluster)
        #expect(rendered["ClusterSettings"]?.items?.first?["Value"]?.text == "enabled")
        let template = "{\"Resources\": {\"C\": {\"Type\": \"AWS::ECS::Cluster\", \"Properties\": " + JSONWriter.write(rendered) + "}}}"
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(SourceFile(path: "t.json", text: template))) else {
            Issue.record("template did not load")
            return
        }
        #expect(documents.first?.resources.first?.properties["settings"]?.array?.first?["value"]?.string == "enabled")
    }
}
