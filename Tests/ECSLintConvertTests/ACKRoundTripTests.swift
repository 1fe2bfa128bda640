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
}
