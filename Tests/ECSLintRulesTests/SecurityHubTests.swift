import ECSLintEngine
import ECSLintReporters
import ECSLintRules
import ECSLintSyntax
import Foundation
import Testing

/// The AWS Security Hub mapping (issue 23): each rule's `security-hub:` list, docs/security-hub.md's
/// table, the `security-hub` preset and the SARIF tags agree.
@Suite struct SecurityHubTests {
    /// Control → rule codes, from the table in docs/security-hub.md ("—" for none).
    static func documentedTable() throws -> [String: [String]] {
        let text = try String(contentsOf: Repository.root.appendingPathComponent("docs/security-hub.md"), encoding: .utf8)
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ECS.") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 3 else { continue }
            table[cells[1]] = cells[3] == "—" ? [] : cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return table
    }

    @Test func theTableAndTheRulesAgree() throws {
        let table = try Self.documentedTable()
        var fromRules: [String: [String]] = [:]
        for rule in Repository.catalog.rules {
            for control in rule.securityHubControls { fromRules[control, default: []].append(rule.code) }
        }
        // Every control the rules name is in the table with the same rules, and the table names
        // no rule that does not say so.
        for (control, codes) in fromRules { #expect(table[control]?.sorted() == codes.sorted(), "\(control)") }
        for (control, codes) in table where !codes.isEmpty { #expect(fromRules[control]?.sorted() == codes.sorted(), "\(control)") }
        // The standard's controls, each either implemented or explained.
        for number in [1, 2, 3, 4, 5, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21] {
            #expect(table["ECS.\(number)"] != nil, "ECS.\(number) is missing from docs/security-hub.md")
        }
    }

    @Test func thePresetSelectsExactlyTheRulesThatImplementAControl() throws {
        let catalog = Repository.catalog
        let preset = try #require(RuleSelector("security-hub", catalog: catalog))
        var configuration = Configuration()
        configuration.select = [preset]
        let linter = try Linter(catalog: catalog, implementations: BuiltinRules.implementations, configuration: configuration)
        let running = Set(linter.severities.keys).subtracting(Configuration.alwaysOn)
        let implementing = Set(catalog.rules.filter { !$0.securityHubControls.isEmpty }.map(\.code))
        #expect(running == implementing)
        // ECS812 is off by default; the preset turns it on.
        #expect(linter.severities["ECS812"] == .warning)
        // One control selects its rules only.
        let one = try #require(RuleSelector("ECS.14", catalog: catalog))
        #expect(catalog.rules.filter(one.matches).map(\.code) == ["ECS812"])
        #expect(RuleSelector("ECS.99", catalog: catalog) == nil)
    }

    @Test func sarifTagsNameTheControls() throws {
        let source = SourceFile(path: "task.json", text: #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512, "privileged": true}]}"#)
        let report = Repository.linter.lint(source)
        let run = RunReport(files: [report], catalog: Repository.catalog, workingDirectory: "/", sourceRoot: "/", baselineInUse: false)
        let sarif = SARIFReporter().render(run)
        #expect(sarif.contains("\"security-hub/ECS.4\""), "\(sarif.prefix(2_000))")
    }

    /// A named set beats a prefix: `ignore: [security-hub]` leaves the Security Hub rules out of
    /// `select: [ECS2]`, and `select: [security-hub]` keeps them against `ignore: [ECS2]`.
    @Test func thePresetBeatsPrefixes() throws {
        let catalog = Repository.catalog
        var configuration = Configuration()
        configuration.select = [try #require(RuleSelector("ECS2", catalog: catalog))]
        configuration.ignore = [try #require(RuleSelector("security-hub", catalog: catalog))]
        let ecs201 = try #require(catalog.rules.first { $0.code == "ECS201" })
        let ecs205 = try #require(catalog.rules.first { $0.code == "ECS205" })
        #expect(configuration.severity(for: ecs201) == nil)
        #expect(configuration.severity(for: ecs205) != nil)
        configuration.select = [try #require(RuleSelector("security-hub", catalog: catalog))]
        configuration.ignore = [try #require(RuleSelector("ECS2", catalog: catalog))]
        #expect(configuration.severity(for: ecs201) == .error)
    }
}
