import ECSLintEngine
import ECSLintSyntax
import Foundation
import Testing

/// A finding's position is the value it is about, in every format, with BOMs, CRLF and tabs.
@Suite struct PositionTests {
    @Test(arguments: [
        ("bom-crlf-taskdef.json", "ECS101", 5, 10, "cpu"),
        ("bom-crlf-taskdef.json", "ECS401", 8, 21, "containerDefinitions[0].environment[0]"),
        ("bom-crlf-template.yaml", "ECS101", 7, 12, "cpu"),
        ("bom-crlf-template.yaml", "ECS401", 13, 15, "containerDefinitions[0].environment[0]"),
        ("tabs-crlf-template.json", "ECS101", 7, 12, "cpu"),
        ("tabs-crlf-template.json", "ECS401", 8, 80, "containerDefinitions[0].environment[0]"),
    ])
    func findingsPointAtTheirValue(_ file: String, _ code: String, _ line: Int, _ column: Int, _ path: String) throws {
        let url = Repository.root.appendingPathComponent("testdata/positions/\(file)")
        let source = SourceFile(path: url.path, bytes: [UInt8](try Data(contentsOf: url)))
        let report = Repository.linter.lint(source, displayPath: file)
        let finding = try #require(report.diagnostics.first { $0.code == code }, "no \(code) in \(report.diagnostics.map(\.code))")
        #expect(finding.start.line == line)
        #expect(finding.start.column == column)
        #expect(finding.logicalPath == path)
    }
}
