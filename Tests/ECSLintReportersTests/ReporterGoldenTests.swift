import ECSLintEngine
@testable import ECSLintReporters
import ECSLintRules
import ECSLintSyntax
import Foundation
import Testing

/// One run over testdata/reporters/ that has a bit of everything: errors and warnings, a parse
/// error, a file that is not ECS, an inline and a config suppression, an unused suppression, a
/// baselined finding, and text that needs escaping in every format.
enum GoldenRun {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let inputs = root.appendingPathComponent("testdata/reporters")
    static let golden = root.appendingPathComponent("testdata/golden")
    /// A fixed working directory, so absolute URIs in SARIF do not depend on the machine.
    static let workingDirectory = "/project"

    static let report: RunReport = {
        do {
            return try makeReport()
        } catch {
            fatalError("golden run failed: \(error)")
        }
    }()

    private static func makeReport() throws -> RunReport {
        let catalog = try BuiltinRules.catalog()
        let configText = try String(contentsOf: inputs.appendingPathComponent("ecs-lint.yaml"), encoding: .utf8)
        var configuration = try Configuration.parse(SourceFile(path: ".ecs-lint.yaml", text: configText, lineBreaks: .yaml),
                                                    displayPath: ".ecs-lint.yaml", catalog: catalog)
        configuration.projectPath = ".ecs-lint.yaml"
        let linter = try Linter(catalog: catalog, implementations: BuiltinRules.implementations, configuration: configuration,
                                options: LintOptions(today: "2026-11-21"))
        let files = ["broken.json", "deploy/web-taskdef.json", "package.json", "stack.yaml"]
        let lintInputs = files.map { path in
            LintInput.file(path: inputs.appendingPathComponent(path).path, displayPath: path, projectPath: path,
                           maxBytes: ParseLimits.default.maxFileSize)
        }
        var reports = linter.lint(lintInputs)
        // Baseline the ECS101 finding, as a repository adopting ecs-lint would.
        let baseline = Baseline(entries: Baseline(reports: reports).entries.filter { $0.rule == "ECS101" })
        _ = baseline.apply(to: &reports)
        return RunReport(files: reports, catalog: catalog, workingDirectory: workingDirectory, baselineInUse: true)
    }
}

@Suite struct ReporterGoldenTests {
    enum Format: String, CaseIterable, Sendable {
        case text = "report.txt", textAll = "report-show-suppressed.txt", json = "report.json", sarif = "report.sarif"
        case github = "report.github", junit = "report.junit.xml"

        func render(_ run: RunReport) -> String {
            switch self {
            case .text: return TextReporter(color: false, quiet: false).render(run)
            case .textAll: return TextReporter(color: false, quiet: false, showSuppressed: true).render(run)
            case .json: return JSONReporter().render(run)
            case .sarif: return SARIFReporter().render(run)
            case .github: return GitHubReporter().render(run)
            case .junit: return JUnitReporter().render(run)
            }
        }
    }

    /// Compares each reporter's output with testdata/golden/. After a deliberate change, rewrite
    /// the files with `UPDATE_GOLDEN=1 swift test --filter ReporterGoldenTests` and review the diff.
    @Test(arguments: Format.allCases)
    func matchesGoldenFile(_ format: Format) throws {
        let actual = format.render(GoldenRun.report)
        let file = GoldenRun.golden.appendingPathComponent(format.rawValue)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: file, options: .atomic)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(format.rawValue) differs from the golden file; first difference: \(Self.firstDifference(actual, expected))")
    }

    /// SARIF from the golden run (suppressions, baseline states, every rule's metadata) and from
    /// an empty run is valid against the SARIF 2.1.0 schema.
    @Test func sarifIsValidAgainstTheSchema() throws {
        let schema = GoldenRun.root.deletingLastPathComponent().appendingPathComponent("shared/schemas/sarif-schema-2.1.0.json")
        let validator = try JSONSchemaValidator(schemaFile: schema)
        let empty = RunReport(files: [], catalog: try BuiltinRules.catalog(), workingDirectory: "/work/my project")
        for run in [GoldenRun.report, empty] {
            let errors = try validator.validate(jsonText: SARIFReporter().render(run))
            #expect(errors.isEmpty, "\(errors.prefix(10))")
        }
    }

    @Test func goldenRunCoversWhatItClaims() {
        let findings = GoldenRun.report.allFindings
        #expect(findings.contains { $0.code == "ECS001" })
        #expect(findings.contains { $0.suppression?.kind == .comment })
        #expect(findings.contains { $0.suppression?.kind == .config })
        #expect(findings.contains { $0.code == "ECS008" && $0.isActive })
        #expect(findings.contains { $0.baselined })
        #expect(findings.contains { $0.severity == .warning } && findings.contains { $0.severity == .error })
        #expect(GoldenRun.report.files.contains { if case .skipped = $0.status { true } else { false } })
    }

    @Test func githubCommandsEscapeTheirProperties() {
        #expect(GitHubReporter.escapeData("50% done\r\nnext") == "50%25 done%0D%0Anext")
        #expect(GitHubReporter.escapeProperty("a:b,c%") == "a%3Ab%2Cc%25")
    }

    @Test func junitEscapesMarkupAndDropsForbiddenControlCharacters() {
        #expect(JUnitReporter.escape("<a href=\"x\">&'\u{01}") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;")
    }

    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (left, right)) in zip(actualLines, expectedLines).enumerated() where left != right {
            return "line \(index + 1):\n  actual:   \(left)\n  expected: \(right)"
        }
        return "line counts \(actualLines.count) vs \(expectedLines.count)"
    }
}
