import ECSLintEngine
import ECSLintSyntax
import Foundation
import Testing
@testable import ECSLintRules

@Suite struct CatalogTests {
    @Test func embeddedCopyAndDocsAreFresh() throws {
        let files = try GeneratedSources.readRuleFiles(repositoryRoot: Repository.root)
        let embedded = try String(contentsOf: Repository.root.appendingPathComponent(GeneratedSources.embeddedRulesPath), encoding: .utf8)
        let factSources = try GeneratedSources.factSources(repositoryRoot: Repository.root)
        #expect(embedded == GeneratedSources.embeddedRulesSwift(files, catalog: Repository.catalog, factSources: factSources), "run `make generate`")
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
        let named = Repository.catalog.rules.map(\.implementation).filter {
            $0 != RuleDescription.pipelineImplementation && $0 != RuleDescription.declarativeImplementation
        }
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

    /// Each fix has before/after examples: a rule that can fix shows what its fix gives in at
    /// least one bad example (`fixed:`, proven by RuleExampleTests in every format).
    @Test func everyRuleWithAFixHasAFixedExample() {
        let fixing = Repository.catalog.rules.filter { $0.fix != .none }
        #expect(fixing.count >= 5)
        for rule in fixing {
            #expect(rule.examples.contains { $0.fixed != nil }, "\(rule.code) has 'fix: \(rule.fix.rawValue)' but no example with 'fixed:'")
        }
    }

    /// `fixed:` belongs to bad examples of rules that fix; the loader says where it is wrong.
    @Test(arguments: [
        ("fix: none", "fires: [networkMode]", "'fixed' needs a rule with 'fix: safe' or 'fix: unsafe'"),
        ("fix: safe", "", "only a bad example (with 'fires') has a 'fixed' resource"),
    ])
    func fixedExamplesAreChecked(_ fix: String, _ fires: String, _ message: String) throws {
        let text = """
        code: X001
        name: fixed-check
        severity: error
        summary: s
        scope: [taskDefinition]
        \(fix)
        rationale: r
        remediation: r.
        check: {assert: {path: networkMode, equals: awsvpc}, message: m}
        examples:
          - description: d
            \(fires)
            taskDefinition: {family: web, networkMode: bridge}
            fixed: {family: web, networkMode: awsvpc}

        """
        #expect {
            _ = try RuleCatalog(files: [("rules/X001-fixed-check.yaml", text)])
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    /// ECS-FACTS.md §1.1 (74 pairs) plus the 32 vCPU tier (3 pairs), written out here
    /// independently of rules/data: every pair passes ECS101, and the neighbours between and
    /// around them fail. Windows keeps only the 1, 2 and 4 vCPU rows (§1.3).
    static let fargateSizes: [(cpu: Int, memory: [Int], windows: Bool)] = [
        (256, [512, 1024, 2048], false),
        (512, Array(stride(from: 1024, through: 4096, by: 1024)), false),
        (1024, Array(stride(from: 2048, through: 8192, by: 1024)), true),
        (2048, Array(stride(from: 4096, through: 16384, by: 1024)), true),
        (4096, Array(stride(from: 8192, through: 30720, by: 1024)), true),
        (8192, Array(stride(from: 16384, through: 61440, by: 4096)), false),
        (16384, Array(stride(from: 32768, through: 122880, by: 8192)), false),
        (32768, [61440, 122880, 249856], false),
    ]

    @Test(arguments: fargateSizes.map(\.cpu))
    func fargateSizeTableIsTheDocumentedOne(cpu: Int) throws {
        #expect(Self.fargateSizes.map(\.memory.count).reduce(0, +) == 77)
        let row = try #require(Self.fargateSizes.first { $0.cpu == cpu })
        let linter = Repository.linter
        func fires(_ memory: Int, windows: Bool = false) -> Bool {
            let platform = windows ? #", "runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}"# : ""
            let task = #"{"family": "t", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "\#(cpu)", "memory": "\#(memory)"\#(platform), "containerDefinitions": [{"name": "a", "image": "x"}]}"#
            return linter.lint(SourceFile(path: "task.json", text: task, lineBreaks: .json)).diagnostics.contains { $0.code == "ECS101" }
        }
        for memory in row.memory {
            #expect(!fires(memory), "cpu \(cpu) memory \(memory) is a Fargate size")
            #expect(fires(memory, windows: true) == !row.windows, "cpu \(cpu) memory \(memory) on Windows")
        }
        let neighbours = [row.memory.first! - 512, row.memory.last! + 512, row.memory.last! + 1024] + zip(row.memory, row.memory.dropFirst()).map { ($0 + $1) / 2 }
        for memory in neighbours where !row.memory.contains(memory) {
            #expect(fires(memory), "cpu \(cpu) memory \(memory) is no Fargate size")
        }
    }

    /// The binary reads each declarative check from compact JSON embedded beside the rule file;
    /// it must be the same check the YAML file has, scalar kinds included.
    @Test func embeddedChecksMatchTheRuleFiles() throws {
        let embedded = try BuiltinRules.catalog()
        var compared = 0
        for rule in Repository.catalog.rules {
            guard let check = rule.check else { continue }
            let copy = try #require(embedded.rule(rule.code)?.check, "\(rule.code): no embedded check")
            #expect(JSONWriter.compact(copy) == JSONWriter.compact(check), "\(rule.code)")
            compared += 1
        }
        #expect(compared > 20)
    }
}
