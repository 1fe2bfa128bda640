import ECSLintEngine
import ECSLintSyntax

/// The versioned JSON report documented in docs/json-output.md. The shape is the same for every
/// run, empty ones included; suppressed and baselined findings are listed and marked.
public struct JSONReporter: Sendable {
    public static let schemaVersion = 1

    public init() {}

    public func render(_ run: RunReport) -> String {
        let summary = RunSummary(reports: run.files)
        var output = "{\n"
        output += "  \"schemaVersion\": \(Self.schemaVersion),\n"
        output += "  \"tool\": {\"name\": \(quote(ECSLintVersion.toolName)), \"version\": \(quote(ECSLintVersion.current))},\n"
        output += "  \"summary\": {\"files\": \(summary.files), \"skipped\": \(summary.skipped), \"errors\": \(summary.errors), "
        output += "\"warnings\": \(summary.warnings), \"infos\": \(summary.infos), \"suppressed\": \(summary.suppressed), "
        output += "\"baselined\": \(summary.baselined), \"parseErrors\": \(summary.parseErrors)},\n"
        let findings = run.allFindings
        if findings.isEmpty {
            output += "  \"findings\": []\n}\n"
            return output
        }
        output += "  \"findings\": [\n"
        output += findings.map { finding($0, catalog: run.catalog) }.joined(separator: ",\n")
        output += "\n  ]\n}\n"
        return output
    }

    private func finding(_ diagnostic: Diagnostic, catalog: RuleCatalog) -> String {
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
        fields.append("\"location\": \(quote(diagnostic.location.description))")
        fields.append("\"fingerprint\": \(quote(diagnostic.fingerprint))")
        fields.append("\"suppressed\": \(diagnostic.suppression != nil)")
        if let suppression = diagnostic.suppression {
            fields.append("\"suppression\": {\"kind\": \(quote(suppression.kind.rawValue)), \"reason\": \(suppression.reason.map(quote) ?? "null"), "
                + "\"source\": \(quote(suppression.source))}")
        } else {
            fields.append("\"suppression\": null")
        }
        fields.append("\"baselined\": \(diagnostic.baselined)")
        if let fix = diagnostic.fix {
            let edits = zip(fix.edits, fix.spans).map { edit, span in
                "{\"start\": {\"line\": \(span.start.line), \"column\": \(span.start.column)}, "
                    + "\"end\": {\"line\": \(span.end.line), \"column\": \(span.end.column)}, \"replacement\": \(quote(edit.replacement))}"
            }
            fields.append("\"fix\": {\"title\": \(quote(fix.title)), \"applicability\": \(quote(fix.applicability.rawValue)), "
                + "\"edits\": [\(edits.joined(separator: ", "))]}")
        } else {
            fields.append("\"fix\": null")
        }
        fields.append("\"helpUri\": \(catalog.rule(diagnostic.code).map { quote(ECSLintVersion.documentationURL(for: $0)) } ?? "null")")
        return "    {\n" + fields.map { "      " + $0 }.joined(separator: ",\n") + "\n    }"
    }

    private func quote(_ text: String) -> String { JSONWriter.quote(text) }
}
