import ECSLintEngine
import ECSLintSyntax

/// The versioned JSON report documented in docs/json-output.md. The shape is the same for every
/// run, empty ones included.
public struct JSONReporter: Sendable {
    public static let schemaVersion = 1

    public init() {}

    public func render(_ reports: [FileReport]) -> String {
        let summary = RunSummary(reports: reports)
        var output = "{\n"
        output += "  \"schemaVersion\": \(Self.schemaVersion),\n"
        output += "  \"tool\": {\"name\": \(quote(ECSLintVersion.toolName)), \"version\": \(quote(ECSLintVersion.current))},\n"
        output += "  \"summary\": {\"files\": \(summary.files), \"skipped\": \(summary.skipped), \"errors\": \(summary.errors), "
        output += "\"warnings\": \(summary.warnings), \"infos\": \(summary.infos)},\n"
        let findings = Diagnostic.sortedForReport(reports.flatMap(\.diagnostics))
        if findings.isEmpty {
            output += "  \"findings\": []\n}\n"
            return output
        }
        output += "  \"findings\": [\n"
        output += findings.map(finding).joined(separator: ",\n")
        output += "\n  ]\n}\n"
        return output
    }

    private func finding(_ diagnostic: Diagnostic) -> String {
        var fields = [
            "\"rule\": \(quote(diagnostic.code))",
            "\"name\": \(quote(diagnostic.name))",
            "\"severity\": \(quote(diagnostic.severity.rawValue))",
            "\"message\": \(quote(diagnostic.message))",
            "\"file\": \(quote(diagnostic.file))",
        ]
        fields.append("\"range\": {\"start\": {\"line\": \(diagnostic.start.line), \"column\": \(diagnostic.start.column)}, "
            + "\"end\": {\"line\": \(diagnostic.end.line), \"column\": \(diagnostic.end.column)}}")
        fields.append("\"logicalPath\": \(diagnostic.logicalPath.map(quote) ?? "null")")
        fields.append("\"resource\": \(diagnostic.resource.map(quote) ?? "null")")
        return "    {\n" + fields.map { "      " + $0 }.joined(separator: ",\n") + "\n    }"
    }

    private func quote(_ text: String) -> String { JSONWriter.quote(text) }
}
