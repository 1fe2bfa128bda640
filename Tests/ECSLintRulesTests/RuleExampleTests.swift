import ECSLintEngine
import ECSLintLoaders
import ECSLintRules
import ECSLintSyntax
import Testing

/// Every example of every rule, in every format it renders to: bad examples fire exactly where
/// they say, good examples are silent.
@Suite struct RuleExampleTests {
    @Test(arguments: ExampleCase.all)
    func example(_ item: ExampleCase) throws {
        try Self.run(item, catalog: Repository.catalog, linter: Repository.linter)
    }

    /// The example policies (declarative custom rules) prove themselves the same way.
    @Test(arguments: ExampleCase.policies)
    func policyExample(_ item: ExampleCase) throws {
        try Self.run(item, catalog: Policies.catalog, linter: Policies.linter)
    }

    @Test func everyExamplePolicyLoads() {
        #expect(Policies.codes == ["X001", "X002", "X003", "X004", "X005"])
    }

    static func run(_ item: ExampleCase, catalog: RuleCatalog, linter: Linter) throws {
        let outcome = ExampleVerifier.verify(item.rule, example: item.example, index: item.index, rendered: item.rendered,
                                             catalog: catalog, implementations: BuiltinRules.implementations, linter: linter)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        // A finding's range is the source node its logical path names, in every format.
        guard case .path? = item.example.fires.first else { return }
        for diagnostic in outcome.findings {
            guard let source = item.rendered.sources.first(where: { $0.path == diagnostic.file }),
                  let parsed = try? SyntaxKind.parse(source) else { continue }
            let path = try #require(diagnostic.logicalPath)
            if item.rendered.format == .terraform {
                let located = try #require(SourceLocator.terraformRanges(of: path, in: source, resource: diagnostic.resource),
                                           "no value at \(path) in \(source.path)")
                #expect(diagnostic.range == located.value || diagnostic.range == located.key,
                        "\(path): finding at \(diagnostic.range), value at \(located.value)")
                #expect(!located.text.isEmpty && located.value.end <= source.bytes.count, "\(path): nothing written at \(located.value)")
                continue
            }
            // IAM JSON and ACK's JSON-text policy documents have layouts of their own (the
            // loader tests place them); roles in templates are checked like other resources.
            if ExampleRenderer.isIAMJSONFile(source.path) { continue }
            if item.rendered.format == .kubernetesYAML,
               parsed.documents.contains(where: { $0["metadata"]?["name"]?.text == diagnostic.resource && $0["apiVersion"]?.text?.hasPrefix("iam.") == true }) {
                continue
            }
            let format: SourceLocator.Layout = source.path == "appspec.yaml" ? .appSpec
                : source.path.hasSuffix(".json") && [.ecsJSON, .crossFile].contains(item.rendered.format) ? .ecsJSON
                : item.rendered.format == .kubernetesYAML ? .kubernetes(resource: diagnostic.resource)
                : .cloudFormation(resource: diagnostic.resource)
            let located = try #require(SourceLocator.ranges(of: path, in: parsed, layout: format), "no source node at \(path) in \(source.path)")
            #expect(diagnostic.range == located.value || diagnostic.range == located.key,
                    "\(path): finding at \(diagnostic.range), source node at \(located.value)")
        }
    }

    /// Every rule is proven on every format: at least one bad and one good example in each.
    /// Rules tagged `cloudformation` are about templates only (ECS010's references).
    @Test(arguments: Repository.catalog.rules.map(\.code))
    func examplesCoverEveryFormat(_ code: String) throws {
        let rule = try #require(Repository.catalog.rule(code))
        // The cross-file format exists for examples with IAM roles; rules that have them must
        // prove themselves across files too.
        let hasIAM = rule.examples.contains { if case .related(let resources) = $0.input { resources.hasIAM } else { false } }
        // Terraform is proven wherever an example's members exist there (TerraformRendering).
        let required = rule.tags.contains("cloudformation") ? [.cloudFormationJSON, .cloudFormationYAML]
            : ExampleFormat.allCases.filter { ($0 != .crossFile || hasIAM) && $0 != .terraform }
        for format in required {
            let formats = { (bad: Bool) in
                rule.examples.filter { $0.isBad == bad }.flatMap { ExampleRenderer.render($0, of: rule).map(\.format) }
            }
            #expect(formats(true).contains(format), "\(code) has no firing example in \(format.rawValue)")
            #expect(formats(false).contains(format), "\(code) has no silent example in \(format.rawValue)")
        }
    }
}
