import ECSLintEngine
import Foundation
import Testing
@testable import ECSLintRules

@Suite struct CatalogTests {
    @Test func embeddedCopyAndDocsAreFresh() throws {
        let files = try GeneratedSources.readRuleFiles(repositoryRoot: Repository.root)
        let embedded = try String(contentsOf: Repository.root.appendingPathComponent(GeneratedSources.embeddedRulesPath), encoding: .utf8)
        #expect(embedded == GeneratedSources.embeddedRulesSwift(files, catalog: Repository.catalog), "run `make generate`")
        for (path, text) in GeneratedSources.documentation(Repository.catalog) {
            let committed = try? String(contentsOf: Repository.root.appendingPathComponent(path), encoding: .utf8)
            #expect(committed == text, "\(path) is stale: run `make generate`")
        }
        #expect(try BuiltinRules.catalog().rules.map(\.code) == Repository.catalog.rules.map(\.code))
    }

    /// The embedded catalog parses examples and data tables lazily from its copy of the files;
    /// it must end up with what the checked source catalog has.
    @Test func embeddedCatalogParsesTheSameExamplesAndTables() throws {
        let embedded = try BuiltinRules.catalog()
        for (lazy, checked) in zip(embedded.rules, Repository.catalog.rules) {
            #expect(lazy.examples.map(\.description) == checked.examples.map(\.description), "\(lazy.code)")
            #expect(lazy.examples.map(\.fires) == checked.examples.map(\.fires), "\(lazy.code)")
            #expect(lazy.rationale == checked.rationale && lazy.parameters.map(\.name) == checked.parameters.map(\.name))
            if let table = checked.data {
                #expect(embedded.data(table)?.weight == Repository.catalog.data(table)?.weight, "\(table)")
            }
        }
    }

    @Test func everyImplementationIsNamedByExactlyOneRule() {
        let named = Repository.catalog.rules.map(\.implementation).filter { $0 != RuleDescription.pipelineImplementation }
        let implemented = BuiltinRules.implementations.map { String(describing: $0) }
        #expect(named.sorted() == implemented.sorted())
    }

    @Test func everyRuleHasDocumentationFields() {
        for rule in Repository.catalog.rules {
            #expect(rule.summary.count <= 120, "\(rule.code) summary is not one line")
            #expect(!rule.references.isEmpty, "\(rule.code) has no references")
            #expect(rule.examples.contains { $0.isBad } && rule.examples.contains { !$0.isBad }, "\(rule.code) needs bad and good examples")
        }
    }

    /// The Fargate table is ECS-FACTS.md §1.1 (74 pairs) plus the 32 vCPU tier (3 pairs).
    @Test func fargateSizeTableMatchesTheDocumentedCounts() throws {
        let data = try #require(Repository.catalog.data("fargate-task-sizes"))
        let sizes = try InvalidFargateCpuMemoryRule.sizes(from: data)
        #expect(sizes.map(\.memory.count).reduce(0, +) == 77)
        #expect(sizes.map(\.cpu) == [256, 512, 1024, 2048, 4096, 8192, 16384, 32768])
        #expect(sizes.filter(\.windows).map(\.cpu) == [1024, 2048, 4096])
        #expect(sizes.first { $0.cpu == 4096 }?.memory.last == 30720)
    }
}
