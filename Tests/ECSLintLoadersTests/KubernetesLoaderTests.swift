import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Foundation
import Testing

/// The Kubernetes-style formats (testdata/kubernetes) load into the canonical model: names as
/// the API spells them, references as object references, and positions in the file as written.
@Suite struct KubernetesLoaderTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/kubernetes")

    struct Loaded {
        let source: SourceFile
        let documents: [Document]

        func resource(_ kind: Resource.Kind, _ object: String) throws -> Resource {
            try #require(documents.flatMap(\.resources).first { $0.kind == kind && $0.object?.name == object })
        }

        /// The source text of a value (what a finding on it underlines).
        func text(_ value: Value?) -> String? { value.map { source.text($0.range) } }
    }

    static func load(_ name: String) throws -> Loaded {
        let source = SourceFile(path: name, text: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(source)) else {
            Issue.record("\(name) not loaded")
            return Loaded(source: source, documents: [])
        }
        return Loaded(source: source, documents: documents)
    }

    static func reference(_ value: Value?) -> ObjectReference? {
        if case .objectReference(let reference)? = value?.unresolved { return reference }
        return nil
    }

    @Test(arguments: [
        ("ack.yaml", "ack", [Resource.Kind.taskDefinition, .service]),
        ("crossplane.yaml", "crossplane", [.taskDefinition, .service]),
        ("ecs-kube.yaml", "ecs-kube", [.taskDefinition, .service]),
        ("planton-service.yaml", "project-planton", [.taskDefinition, .service, .cluster]),
    ])
    func recognisesEachFormat(_ file: String, _ format: String, _ kinds: [Resource.Kind]) throws {
        let loaded = try Self.load(file)
        #expect(Set(loaded.documents.map(\.format.rawValue)) == [format])
        #expect(loaded.documents.flatMap(\.resources).map(\.kind) == kinds)
    }

    @Test(arguments: [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
        "apiVersion: ecs.services.k8s.aws/v1alpha1\nkind: TaskSet\nmetadata: {name: x}\n",
        "apiVersion: ecs.aws.upbound.io/v1beta1\nkind: TaskDefinition\nmetadata: {name: x}\n",
    ])
    func otherKindsAreSkippedWithAReason(_ text: String) throws {
        guard case .skipped(let reason) = Loader.load(try SyntaxKind.parse(SourceFile(path: "k.yaml", text: text))) else {
            Issue.record("loaded")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func ackSpellingsAreTheAPIsAndReferencesNameObjects() throws {
        let loaded = try Self.load("ack.yaml")
        let task = try loaded.resource(.taskDefinition, "web-task")
        #expect(task.properties["executionRoleArn"]?.string == "arn:aws:iam::123456789012:role/exec")
        #expect(task.properties.members?.first { $0.name == "executionRoleArn" }?.writtenName == "executionRoleARN")
        #expect(Self.reference(task.properties["taskRoleArn"]) == ObjectReference(kind: .iamRole, name: "web-role", namespace: nil))
        // Map keys are data, never respelled.
        let options = task.properties["containerDefinitions"]?.array?.first?["logConfiguration"]?["options"]
        #expect(options?["executionRoleARN"]?.string == "kept-as-data")
        let service = try loaded.resource(.service, "web")
        #expect(service.properties["serviceName"]?.string == "web-service")
        #expect(Self.reference(service.properties["taskDefinition"]) == ObjectReference(kind: .taskDefinition, name: "web-task", namespace: nil))
        #expect(service.properties["cluster"]?.isUnresolved == true, "an envsubst variable is a placeholder")
        let vpc = service.properties["networkConfiguration"]?["awsvpcConfiguration"]
        #expect(vpc?["assignPublicIp"]?.string == "DISABLED")
        #expect(vpc?["subnets"]?.isUnresolved == true)
        #expect(vpc?["assignPublicIp"]?.path == "networkConfiguration.awsvpcConfiguration.assignPublicIp")
        #expect(loaded.text(vpc?["assignPublicIp"]) == "DISABLED")
        #expect(service.properties["loadBalancers"]?.array?.first?["targetGroupArn"] != nil)
    }

    @Test func crossplaneDropsRegionAndReadsTypeUnderscore() throws {
        let loaded = try Self.load("crossplane.yaml")
        let task = try loaded.resource(.taskDefinition, "web-task")
        #expect(task.properties["region"] == nil)
        #expect(Self.reference(task.properties["executionRoleArn"])?.name == "exec-role")
        let selected = try #require(Self.reference(task.properties["taskRoleArn"]))
        #expect(selected.name == nil, "a selector names no object")
        let requirement = task.properties["containerDefinitions"]?.array?.first?["resourceRequirements"]?.array?.first
        #expect(requirement?["type"]?.string == "GPU")
        let service = try loaded.resource(.service, "web")
        #expect(Self.reference(service.properties["cluster"]) == ObjectReference(kind: .cluster, name: "prod", namespace: nil))
    }

    @Test func ecsKubeReadsPascalCaseAndRunsItsOwnTask() throws {
        let loaded = try Self.load("ecs-kube.yaml")
        let task = try loaded.resource(.taskDefinition, "shop")
        let container = try #require(task.properties["containerDefinitions"]?.array?.first)
        #expect(container["image"]?.string == "nginx:1.27")
        #expect(container["portMappings"]?.array?.first?["containerPort"]?.scalarText == "80")
        #expect(container["logConfiguration"]?["options"]?["awslogs-group"]?.string == "/ecs/shop")
        let service = try loaded.resource(.service, "shop")
        #expect(service.properties["desiredCount"]?.scalarText == "2")
        #expect(Self.reference(service.properties["taskDefinition"]) == ObjectReference(kind: .taskDefinition, name: "shop", namespace: nil))
        #expect(service.properties["loadBalancers"]?.array?.first?["containerName"]?.string == "web")
    }

    @Test func plantonServiceIsWhatItsModulesCreate() throws {
        let loaded = try Self.load("planton-service.yaml")
        let task = try loaded.resource(.taskDefinition, "api")
        #expect(task.properties["family"]?.string == "api")
        #expect(task.properties["networkMode"]?.string == "awsvpc")
        #expect(task.properties["requiresCompatibilities"]?.strings == ["FARGATE"])
        #expect(task.properties["cpu"]?.string == "512")
        #expect(task.properties["executionRoleArn"]?.string == "arn:aws:iam::123456789012:role/exec")
        let container = try #require(task.properties["containerDefinitions"]?.array?.first)
        #expect(container["name"]?.string == "api")
        #expect(container["image"]?.string == "myorg/api:1.4.2")
        #expect(container["portMappings"]?.array?.first?["containerPort"]?.scalarText == "8080")
        let variable = try #require(container["environment"]?.array?.first)
        #expect(variable["name"]?.string == "LOG_LEVEL" && variable["value"]?.string == "info")
        #expect(loaded.text(variable["name"]) == "LOG_LEVEL", "findings point at the map key")
        let secret = try #require(container["secrets"]?.array?.first)
        #expect(secret["valueFrom"]?.string?.hasPrefix("arn:aws:secretsmanager:") == true)
        #expect(container["logConfiguration"]?["logDriver"]?.string == "awslogs")

        let service = try loaded.resource(.service, "api")
        #expect(Self.reference(service.properties["cluster"]) == ObjectReference(kind: .cluster, name: "prod", namespace: nil))
        #expect(Self.reference(service.properties["taskDefinition"])?.name == "api")
        #expect(service.properties["desiredCount"]?.scalarText == "3")
        #expect(service.properties["networkConfiguration"]?["awsvpcConfiguration"]?["securityGroups"]?.strings == ["sg-111"])
        #expect(service.properties["loadBalancers"]?.array?.first?["containerPort"]?.scalarText == "8080")
        #expect(service.properties["healthCheckGracePeriodSeconds"]?.scalarText == "60")

        let unknown = loaded.documents[0].unknownMembers
        #expect(unknown.map(\.name) == ["autoscalling"])
        #expect(unknown.first.map { loaded.source.text($0.keyRange) } == "autoscalling")
    }

    @Test func plantonClusterReadsSnakeCase() throws {
        let loaded = try Self.load("planton-service.yaml")
        let cluster = try loaded.resource(.cluster, "prod")
        #expect(cluster.properties["clusterName"]?.string == "prod")
        #expect(cluster.properties["settings"]?.array?.first?["value"]?.string == "disabled")
        #expect(cluster.properties["capacityProviders"]?.strings == ["FARGATE", "FARGATE_SPOT"])
        #expect(cluster.properties["defaultCapacityProviderStrategy"]?.array?.first?["capacityProvider"]?.string == "FARGATE")
        #expect(loaded.documents[1].unknownMembers.isEmpty)
    }

    @Test func annotationsTravelAsEmbeddedSuppressions() throws {
        let text = """
            apiVersion: ecs.services.k8s.aws/v1alpha1
            kind: TaskDefinition
            metadata:
              name: web
              annotations: {ecs-lint.io/ignore: "ECS203"}
            spec: {family: web, containerDefinitions: []}
            """
        guard case .loaded(let documents) = Loader.load(try SyntaxKind.parse(SourceFile(path: "k.yaml", text: text))) else {
            Issue.record("not loaded")
            return
        }
        let embedded = try #require(documents.first?.embeddedSuppressions.first)
        #expect(embedded.resource == "web")
        #expect(embedded.node["ecs-lint.io/ignore"]?.text == "ECS203")
        if case .annotations = embedded.form {} else { Issue.record("not annotations") }
    }
}
