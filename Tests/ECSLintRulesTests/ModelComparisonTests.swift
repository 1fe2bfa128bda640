import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Testing

/// The model comparison fixes (and conversions) are checked with: content counts, source
/// ranges and layout do not.
@Suite struct ModelComparisonTests {
    static func resources(_ path: String, _ text: String) throws -> [Resource] {
        let parsed = try SyntaxKind.parse(SourceFile(path: path, text: text))
        guard case .loaded(let documents) = Loader.load(parsed) else { throw ComparisonInputError() }
        return documents.flatMap(\.resources)
    }

    struct ComparisonInputError: Error {}

    static let ecsJSON = #"{"family": "web", "cpu": "256", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "essential": true}]}"#

    @Test func layoutAndFormatDoNotCount() throws {
        let compact = try Self.resources("a.json", Self.ecsJSON)
        let pretty = try Self.resources("b.json", """
        {
          "family": "web",
          "cpu": "256",
          "containerDefinitions": [
            {"name": "web", "image": "nginx:1.27", "essential": true}
          ]
        }
        """)
        let template = try Self.resources("t.yaml", """
        Resources:
          Web:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: web
              Cpu: "256"
              ContainerDefinitions:
                - {Name: web, Image: nginx:1.27, Essential: true}
        """)
        #expect(ModelComparison.difference(expected: compact, actual: pretty) == nil)
        #expect(ModelComparison.difference(expected: compact, actual: pretty, options: [.writtenNames]) == nil)
        #expect(ModelComparison.difference(expected: compact, actual: template) == nil)
        // Written names differ between the formats; logical IDs too.
        #expect(ModelComparison.difference(expected: compact, actual: template, options: [.writtenNames])?.contains("family: expected written 'family', found 'Family'") == true)
        #expect(ModelComparison.difference(expected: compact, actual: template, options: [.resourceNames]) != nil)
    }

    @Test(arguments: [
        (#""cpu": "256""#, #""cpu": "512""#, "cpu: expected string \"256\", found string \"512\""),
        (#""cpu": "256""#, #""cpu": 256"#, "cpu: expected string \"256\", found number 256"),
        (#""essential": true"#, #""essential": false"#, "containerDefinitions[0].essential: expected true, found false"),
        (#""image": "nginx:1.27""#, #""image": "<IMAGE1_NAME>""#, "containerDefinitions[0].image: expected string \"nginx:1.27\", found placeholder <IMAGE1_NAME>"),
        (#""family": "web", "#, "", "(root): expected an object with family, cpu, containerDefinitions, found an object with cpu, containerDefinitions"),
    ])
    func differencesAreFoundAndNamed(_ old: String, _ new: String, _ expected: String) throws {
        let left = try Self.resources("a.json", Self.ecsJSON)
        let right = try Self.resources("a.json", Self.ecsJSON.replacingOccurrences(of: old, with: new))
        let difference = try #require(ModelComparison.difference(expected: left, actual: right))
        #expect(difference.contains(expected), "\(difference)")
    }

    @Test func memberOrderCountsUnlessAskedNotTo() throws {
        let left = try Self.resources("a.json", Self.ecsJSON)
        let right = try Self.resources("a.json", #"{"cpu": "256", "family": "web", "containerDefinitions": [{"image": "nginx:1.27", "name": "web", "essential": true}]}"#)
        #expect(ModelComparison.difference(expected: left, actual: right) != nil)
        #expect(ModelComparison.difference(expected: left, actual: right, options: [.anyMemberOrder]) == nil)
    }

    @Test func intrinsicsCompareByFunctionAndArgument() throws {
        func template(_ image: String) throws -> [Resource] {
            try Self.resources("t.yaml", """
            Parameters:
              Image: {Type: String}
              Other: {Type: String}
            Resources:
              Web:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  ContainerDefinitions:
                    - {Name: web, Image: \(image)}
            """)
        }
        #expect(ModelComparison.difference(expected: try template("!Ref Image"), actual: try template("{Ref: Image}")) == nil)
        #expect(ModelComparison.difference(expected: try template("!Ref Image"), actual: try template("!Ref Other")) != nil)
        #expect(ModelComparison.difference(expected: try template("!Sub '${Image}:1'"), actual: try template("!Sub '${Image}:2'")) != nil)
        #expect(ModelComparison.difference(expected: try template("!Ref Image"), actual: try template("!Sub '${Image}'")) != nil)
    }
}
