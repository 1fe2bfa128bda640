@testable import ECSLintConvert
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Foundation
import Testing

/// Kubernetes manifests: exact output for two handwritten workloads (reviewed line by line; the
/// mapping is docs/convert.md's), the reasoning behind the notable parts as separate
/// expectations, and every corpus task definition converting into valid YAML.
@Suite struct KubernetesTests {
    struct Golden: Sendable, CustomTestStringConvertible {
        let inputs: [String]
        let expected: String
        var testDescription: String { expected }
    }

    static let goldens = [
        Golden(inputs: ["shop-taskdef.json"], expected: "shop-taskdef.kubernetes.yaml"),
        Golden(inputs: ["api-service.json", "api-taskdef.json"], expected: "api-service.kubernetes.yaml"),
    ]

    static let directory = Repository.root.appendingPathComponent("testdata/convert")

    static func convert(_ names: [String]) throws -> Conversion {
        let inputs = try names.map { name in
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return try ConversionInput.load(SourceFile(path: name, bytes: [UInt8](data)))
        }
        return try Converter.convert(inputs, to: .kubernetes)
    }

    /// `UPDATE_GOLDEN=1 swift test --filter KubernetesTests` rewrites the expected files; review the diff.
    @Test(arguments: goldens)
    func writesTheExpectedManifests(_ golden: Golden) throws {
        let text = try #require(try Self.convert(golden.inputs).combinedText)
        let url = Self.directory.appendingPathComponent(golden.expected)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" { try text.write(to: url, atomically: true, encoding: .utf8) }
        #expect(text == (try String(contentsOf: url, encoding: .utf8)))
    }

    @Test func aTaskDefinitionBecomesADeploymentAndAService() throws {
        let conversion = try Self.convert(["shop-taskdef.json"])
        let text = try #require(conversion.combinedText)
        let documents = try Convert.parsedYAML(text)
        #expect(documents.map { $0["kind"]?.string } == ["Deployment", "Service"])
        let deployment = documents[0], pod = try #require(documents[0]["spec"]?["template"]?["spec"])
        #expect(deployment["apiVersion"]?.string == "apps/v1")
        #expect(deployment["metadata"]?["name"]?.string == "shop-web", "family shop_Web as a DNS label")
        #expect(deployment["spec"]?["replicas"]?.text == "1", "no service: one replica")
        #expect(deployment["metadata"]?["labels"]?["team"]?.string == "checkout", "a tag that is a valid label")
        #expect(deployment["metadata"]?["annotations"]?["cost-center"]?.string == "a b c", "a tag value no label can hold")

        // SUCCESS: migrate runs to completion first; START: cache is started before web-app.
        #expect(pod["initContainers"]?.items?.map { $0["name"]?.string } == ["migrate"])
        #expect(pod["containers"]?.items?.map { $0["name"]?.string } == ["cache", "web-app"])
        let web = try #require(pod["containers"]?.items?[1])
        #expect(web["image"]?.string == "<IMAGE1_NAME>", "placeholders are written as they are")
        #expect(web["command"]?.items?.map(\.string) == ["/bin/server"], "entryPoint → command")
        #expect(web["args"]?.items?.map(\.string) == ["--port", "8080"], "command → args")
        #expect(web["resources"]?["requests"]?["cpu"]?.string == "250m", "256 CPU units")
        #expect(web["resources"]?["requests"]?["memory"]?.string == "256Mi", "memoryReservation")
        #expect(web["resources"]?["limits"]?["memory"]?.string == "512Mi", "memory")
        #expect(pod["resources"]?["limits"]?["memory"]?.string == "1024Mi", "task memory 1 GB")
        let secrets = web["env"]?.items?.compactMap { $0["valueFrom"]?["secretKeyRef"] } ?? []
        #expect(secrets.map { [$0["name"]?.string, $0["key"]?.string] } == [["prod-db-abcdef", "password"], ["prod-api-key", "API_KEY"]])
        let probe = try #require(web["livenessProbe"])
        #expect(probe["exec"]?["command"]?.items?.map(\.string) == ["/bin/sh", "-c", "curl -f http://localhost:8080/health || exit 1"])
        #expect([probe["periodSeconds"]?.text, probe["timeoutSeconds"]?.text, probe["failureThreshold"]?.text, probe["initialDelaySeconds"]?.text]
                == ["10", "5", "3", "20"], "interval, ECS's default timeout and retries, startPeriod")
        // links: the pod shares one network, so the linked container is on localhost.
        #expect(pod["hostAliases"]?.items?.first?["hostnames"]?.items?.map(\.string) == ["cache", "redis"])
        #expect(documents[0]["spec"]?["template"]?["metadata"]?["annotations"]?["convert.ecs-lint.io/non-essential-containers"]?.string == "cache")

        let service = documents[1]
        #expect(service["spec"]?["type"]?.string == "ClusterIP", "port mappings without a load balancer")
        #expect(service["spec"]?["ports"]?.items?.first?["appProtocol"]?.string == "http")
        #expect(conversion.losses.map(\.path) == ["containerDefinitions[1].logConfiguration"])
        #expect(conversion.losses.first.map { "\($0)" }?.hasPrefix("shop-taskdef.json:39:27: lost: task definition shop_Web containerDefinitions[1].logConfiguration: ") == true)
    }

    @Test func aServiceGivesReplicasRolloutAndALoadBalancer() throws {
        let conversion = try Self.convert(["api-service.json", "api-taskdef.json"])
        let text = try #require(conversion.combinedText)
        let documents = try Convert.parsedYAML(text)
        #expect(documents.map { $0["kind"]?.string } == ["Deployment", "Service"], "one workload: the service runs the task definition")
        let spec = try #require(documents[0]["spec"])
        #expect(documents[0]["metadata"]?["name"]?.string == "api-svc")
        #expect(spec["replicas"]?.text == "3")
        #expect(spec["strategy"]?["rollingUpdate"]?["maxSurge"]?.string == "50%")
        #expect(spec["strategy"]?["rollingUpdate"]?["maxUnavailable"]?.string == "50%")
        // HEALTHY: envoy becomes a sidecar that must pass its health check before the containers start.
        let sidecar = try #require(spec["template"]?["spec"]?["initContainers"]?.items?.first)
        #expect(sidecar["restartPolicy"]?.string == "Always")
        #expect(sidecar["startupProbe"]?["failureThreshold"]?.text == "5")
        #expect(spec["template"]?["spec"]?["imagePullSecrets"]?.items?.first?["name"]?.string == "registry-example-xy12zw",
                "repositoryCredentials: a Secret named like the registry credentials")
        #expect(documents[1]["spec"]?["type"]?.string == "LoadBalancer")
        #expect(documents[1]["spec"]?["ports"]?.items?.map { $0["port"]?.text } == ["3000"], "the load-balanced port only")
        #expect(Set(conversion.losses.map(\.path)) == ["cluster", "launchType", "loadBalancers[0].targetGroupArn", "tags[0]"])
    }

    @Test func secretReferences() {
        let cases: [(String, String, String, String)] = [
            ("arn:aws:secretsmanager:eu-west-1:1:secret:prod/db-AbCdEf:password::", "DB", "prod-db-abcdef", "password"),
            ("arn:aws:secretsmanager:eu-west-1:1:secret:prod/db-AbCdEf", "DB_PASSWORD", "prod-db-abcdef", "DB_PASSWORD"),
            ("arn:aws:ssm:eu-west-1:1:parameter/prod/api-key", "API_KEY", "prod-api-key", "API_KEY"),
            ("/prod/Api_Key", "KEY", "prod-api-key", "KEY"),
        ]
        for (valueFrom, variable, name, key) in cases {
            let reference = KubernetesPod.secretReference(valueFrom: valueFrom, variable: variable)
            #expect(reference.name == name && reference.key == key, "\(valueFrom)")
        }
    }

    @Test func cpuUnitsAreMillicores() {
        #expect(KubernetesPod.millicores(1024) == "1")
        #expect(KubernetesPod.millicores(256) == "250m")
        #expect(KubernetesPod.millicores(100) == "98m")
        #expect(KubernetesPod.millicores(1) == "1m")
        #expect(KubernetesPod.millicores(1e300) == nil)
    }

    /// Numbers at the edges of what parses never trap, and what cannot be carried is a loss.
    @Test func extremeNumbersAreLossesNotCrashes() throws {
        let task = #"{"family": "x", "cpu": "1e308", "memory": 1e308, "containerDefinitions": [{"name": "a", "image": "i", "cpu": 9223372036854775807, "memory": -5, "stopTimeout": 9223372036854775807}]}"#
        let service = #"{"serviceName": "s", "taskDefinition": "x", "desiredCount": 9223372036854775807, "deploymentConfiguration": {"maximumPercent": -9223372036854775807, "minimumHealthyPercent": 9223372036854775807}}"#
        let conversion = try Converter.convert([try Convert.input(service, path: "s.json"), try Convert.input(task, path: "t.json")], to: .kubernetes)
        #expect(Set(conversion.losses.map(\.path)) == ["cpu", "memory", "containerDefinitions[0].cpu", "containerDefinitions[0].memory", "desiredCount"])
        let text = try #require(conversion.combinedText)
        #expect(text.contains("maxSurge: \"0%\"") && text.contains("maxUnavailable: \"0%\""))
    }

    /// Every task definition of the corpus: valid YAML, the expected kinds, one Deployment per
    /// task definition (and per service that runs one), every container named and with what it
    /// needs, and never an internal error.
    @Test(arguments: CorpusFile.all)
    func everyCorpusTaskDefinitionConverts(_ file: CorpusFile) throws {
        let input = try file.load()
        let conversion = try Converter.convert([input], to: .kubernetes)
        let resources = input.documents.flatMap(\.resources)
        let tasks = resources.filter { $0.kind == .taskDefinition }
        let documents = try conversion.files.flatMap { try Convert.parsedYAML($0.text) }
        let deployments = documents.filter { $0["kind"]?.string == "Deployment" }
        #expect(documents.allSatisfy { ["Deployment", "Service"].contains($0["kind"]?.string ?? "") && $0["metadata"]?["name"]?.string != nil })
        // A service whose task definition is in the file replaces that task definition's own Deployment.
        let services = resources.filter { $0.kind == .service }
        #expect(deployments.count <= tasks.count + services.count)
        #expect(deployments.count >= (tasks.isEmpty ? 0 : 1))
        if services.isEmpty { #expect(deployments.count == tasks.count) }
        for deployment in deployments {
            let pod = try #require(deployment["spec"]?["template"]?["spec"])
            let selector = deployment["spec"]?["selector"]?["matchLabels"]?["app.kubernetes.io/name"]?.string
            #expect(selector != nil && deployment["spec"]?["template"]?["metadata"]?["labels"]?["app.kubernetes.io/name"]?.string == selector)
            let containers = (pod["containers"]?.items ?? []) + (pod["initContainers"]?.items ?? [])
            #expect(containers.allSatisfy { Naming.dnsLabel($0["name"]?.string ?? "", fallback: "") == $0["name"]?.string })
            let names = containers.compactMap { $0["name"]?.string }
            #expect(Set(names).count == names.count, "container names are unique in a pod")
        }
        // Every loss has a place in the input.
        #expect(conversion.losses.allSatisfy { $0.source === input.source })
    }
}
