import ECSLintEngine
import Foundation
import Testing

/// Valid definitions that use what ECS and CloudFormation added in 2025–2026 (testdata/current,
/// one run): trusted execution, Neuron devices, GPU sharing without `value`, the circuit
/// breaker's reset and threshold, early success criteria, service monitoring, gateway
/// connectors, Service Connect container configurations, VPC Lattice advanced configuration and
/// PAUSE lifecycle hooks (ECS JSON and CloudFormation). A gate must pass them: no error, and no
/// schema or IAM-catalog finding at all.
@Suite struct CurrentDefinitionsTests {
    static let directory = Repository.root.appendingPathComponent("testdata/current")

    static let reports: [FileReport] = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        return Repository.linter.lint(names.map { name in
            LintInput.file(path: directory.appendingPathComponent(name).path, displayPath: "current/" + name,
                           projectPath: "current/" + name, maxBytes: 1 << 20)
        })
    }()

    @Test func everyFileIsLinted() {
        #expect(Self.reports.count >= 3)
        #expect(Self.reports.allSatisfy { $0.status == .linted }, "\(Self.reports.map { ($0.path, $0.status) })")
    }

    @Test func validCurrentDefinitionsHaveNoErrors() {
        let errors = Self.reports.flatMap(\.diagnostics).filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.file):\($0.start) \($0.code) \($0.message)" })")
    }

    @Test(arguments: ["ECS003", "ECS004", "ECS005", "ECS006", "ECS007", "IAM110"])
    func noFactFindings(_ code: String) {
        let found = Self.reports.flatMap(\.diagnostics).filter { $0.code == code }
        #expect(found.isEmpty, "\(found.map { "\($0.file):\($0.start) \($0.message)" })")
    }
}
