import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintRules
import ECSLintSyntax
import Testing

/// Defects a review of the Kubernetes-style loaders, fixes and conversions found, each pinned.
@Suite struct ReviewRegressionTests {
    static func diagnostics(_ text: String, path: String = "task.yaml") throws -> [Diagnostic] {
        try #require(try Pipeline.run(text, path: path).first).diagnostics
    }

    /// An edit of an anchored YAML value would change every alias of it too.
    @Test func noFixEditsTextAnAliasRepeats() throws {
        let text = """
            family: web
            requiresCompatibilities: [&launch Fargate]
            networkMode: awsvpc
            cpu: "256"
            memory: "512"
            containerDefinitions:
              - name: web
                image: nginx:1.27
                environment:
                  - {name: PLATFORM, value: *launch}
            """
        let finding = try #require(try Self.diagnostics(text).first { $0.code == "ECS005" })
        #expect(finding.fix == nil)
        // Without the alias the same finding is fixed.
        let plain = text.replacingOccurrences(of: "&launch ", with: "").replacingOccurrences(of: "*launch", with: "x")
        #expect(try Self.diagnostics(plain).first { $0.code == "ECS005" }?.fix != nil)
    }

    /// Removing one of `A=blue, A=green, A=blue` could change which value wins.
    @Test(arguments: [(["blue", "green", "blue"], false), (["blue", "blue"], true)])
    func repeatedVariableIsRemovedOnlyWhenEveryCopyIsTheSame(_ values: [String], _ fixed: Bool) throws {
        let environment = values.map { "{\"name\": \"MODE\", \"value\": \"\($0)\"}" }.joined(separator: ", ")
        let text = #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256, "environment": [\#(environment)]}]}"#
        let findings = try Self.diagnostics(text, path: "task.json").filter { $0.code == "ECS403" }
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { ($0.fix != nil) == fixed })
    }

    /// ecs-kube reads the SDK's and the API's spelling; any other casing is ECS003 with a rename.
    @Test func ecsKubeCasingIsReportedWithARename() throws {
        let text = """
            apiVersion: ecskube.ecskube/v1alpha1
            kind: ECSDeployment
            metadata: {name: shop}
            spec:
              Service:
                LaunchType: fargate
              Task:
                Properties:
                  ContainerDefinitions:
                    - Name: web
                      Image: nginx:1.27
                      memoryreservation: 256
            """
        let findings = try Self.diagnostics(text)
        let unknown = try #require(findings.first { $0.code == "ECS003" })
        #expect(unknown.message.contains("'memoryreservation'"))
        #expect(unknown.fix?.title == "rename 'memoryreservation' to 'memoryReservation'")
        // A fix inside the service is offered (the implied task reference covers no text).
        #expect(findings.first { $0.code == "ECS005" }?.fix != nil)
    }

    /// A key that upper-cases to two characters (`ß` → `SS`) is read, not a trap.
    @Test func plantonKeysWithAnyCharacters() throws {
        let text = """
            apiVersion: aws.project-planton.org/v1
            kind: AwsEcsService
            metadata: {name: api}
            spec:
              a_ß: 1
              container: {image: {repo: api, tag: "1"}, cpu: 256, memory: 512}
            """
        let findings = try Self.diagnostics(text)
        #expect(findings.contains { $0.code == "ECS003" && $0.message.contains("'a_ß'") })
    }
}
