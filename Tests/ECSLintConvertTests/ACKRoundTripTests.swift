@testable import ECSLintConvert
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Foundation
import Testing

/// `convert --to k8s-yaml` writes ACK objects that load back to the same canonical model, less
/// exactly what it reported as not carried; ACK written again as ACK is the same text.
@Suite struct ACKRoundTripTests {
    /// The carried resources of a conversion, loaded again, equal their models less the losses.
    static func expectCarried(_ conversion: Conversion, file: String) throws {
        for output in conversion.files {
            let reloaded = try ConversionInput.load(SourceFile(path: output.name, text: output.text))
            let resources = reloaded.documents.flatMap(\.resources)
            try #require(resources.count == output.carried.count, "\(file): \(output.name)")
            for (item, resource) in zip(output.carried, resources) {
                #expect(reloaded.documents.allSatisfy { $0.format == .ack })
                let expected = try #require(item.expectedProperties)
                let differences = ModelComparison.differences(expected: expected, actual: resource.properties)
                #expect(differences.isEmpty, "\(file): \(item.resource.subject): \(differences)")
            }
        }
    }

    /// Every ECS JSON file of the corpus: ECS JSON → ACK → ECS JSON.
    @Test(arguments: CorpusFile.ecsJSON)
    func ecsJSONThroughACK(_ file: CorpusFile) throws {
        let original = try file.load()
        let toACK = try Converter.convert([original], to: .kubernetesStyleYAML)
        try Self.expectCarried(toACK, file: file.path)
        // What ACK carried comes back to ECS JSON whole (ACK holds nothing ECS lacks).
        let back = try Converter.convert(try Convert.reload(toACK), to: .ecsJSON)
        #expect(back.losses.isEmpty, "\(back.losses.prefix(3))")
    }

    /// Every Kubernetes-style file of the corpus, and ours, to ACK; ACK to ACK again is the same.
    @Test(arguments: CorpusFile.kubernetes + ["ack", "crossplane", "ecs-kube", "planton-service"].map {
        // testdata/ seen from the corpus (paths are relative to it).
        CorpusFile(path: "../../\(Repository.root.lastPathComponent)/testdata/kubernetes/\($0).yaml", kind: .kubernetes)
    })
    func kubernetesStyleToACK(_ file: CorpusFile) throws {
        let original = try file.load()
        let first = try Converter.convert([original], to: .kubernetesStyleYAML)
        try Self.expectCarried(first, file: file.path)
        let again = try Converter.convert(try Convert.reload(first), to: .kubernetesStyleYAML)
        #expect(again.losses.isEmpty, "\(again.losses.prefix(3))")
        #expect(again.files.map(\.text) == first.files.map(\.text), "ACK → ACK changes nothing")
    }

    @Test func referencesAnnotationsAndSpellingsSurvive() throws {
        let input = try Convert.input("""
            apiVersion: ecs.services.k8s.aws/v1alpha1
            kind: Service
            metadata:
              name: web
              namespace: shop
              annotations: {ecs-lint.io/ignore: ECS806, ecs-lint.io/ignore-reason: rolled back by Argo}
            spec:
              name: web
              taskDefinitionRef: {from: {name: web-task}}
              networkConfiguration: {awsVPCConfiguration: {assignPublicIP: DISABLED, subnets: [subnet-1]}}
            """, path: "service.yaml")
        let conversion = try Converter.convert([input], to: .kubernetesStyleYAML)
        #expect(conversion.isLossless)
        let text = try #require(conversion.combinedText)
        for expected in ["namespace: shop", "ecs-lint.io/ignore: ECS806", "taskDefinitionRef:", "name: web-task", "awsVPCConfiguration:",
                         "assignPublicIP: DISABLED", "\n  name: web\n"] {
            #expect(text.contains(expected), "\(expected) in\n\(text)")
        }
    }

    /// Kubernetes names are unique per kind: a TaskDefinition, a Service and a Cluster may share one.
    @Test func objectsOfDifferentKindsKeepTheirNames() throws {
        let input = try Convert.input("""
            apiVersion: ecs.services.k8s.aws/v1alpha1
            kind: TaskDefinition
            metadata: {name: web}
            spec: {family: web, containerDefinitions: [{name: web, image: "nginx:1.27"}]}
            ---
            apiVersion: ecs.services.k8s.aws/v1alpha1
            kind: Service
            metadata: {name: web}
            spec: {name: web, clusterRef: {from: {name: web}}, taskDefinitionRef: {from: {name: web}}}
            ---
            apiVersion: ecs.services.k8s.aws/v1alpha1
            kind: Cluster
            metadata: {name: web}
            spec: {name: web}
            """, path: "web.yaml")
        let conversion = try Converter.convert([input], to: .kubernetesStyleYAML)
        #expect(conversion.isLossless)
        #expect(conversion.notes.isEmpty, "\(conversion.notes)")
        let text = try #require(conversion.combinedText)
        #expect(!text.contains("web-2"))
        #expect(try Converter.convert(try Convert.reload(conversion), to: .kubernetesStyleYAML).files.map(\.text) == conversion.files.map(\.text))
    }

    /// Crossplane's Region and provider settings have no ACK field: each is a reported loss.
    @Test func crossplaneWrapperSettingsAreLosses() throws {
        let file = CorpusFile(path: "../../\(Repository.root.lastPathComponent)/testdata/kubernetes/crossplane.yaml", kind: .kubernetes)
        let conversion = try Converter.convert([try file.load()], to: .kubernetesStyleYAML)
        let paths = conversion.losses.map(\.path)
        #expect(paths.contains("spec.forProvider.region"))
        #expect(paths.contains("spec.providerConfigRef"))
    }

    /// A service that names its task definition by an object reference becomes a `Ref` in a
    /// template, and a Deployment with the service's replica count.
    @Test func objectReferencesAreFollowedIntoTemplatesAndDeployments() throws {
        let file = CorpusFile(path: "../../\(Repository.root.lastPathComponent)/testdata/kubernetes/ecs-kube.yaml", kind: .kubernetes)
        let template = try #require(try Converter.convert([try file.load()], to: .cloudFormationYAML).combinedText)
        #expect(template.contains("TaskDefinition: !Ref ShopTaskDefinition"), "\(template)")
        let deployment = try #require(try Converter.convert([try file.load()], to: .kubernetes).combinedText)
        #expect(deployment.contains("replicas: 2"), "\(deployment)")
    }
}
