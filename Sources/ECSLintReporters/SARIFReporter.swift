import ECSLintEngine

/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. Every catalog rule is listed
/// with its documentation; results carry exact regions, the line-independent fingerprint as
/// `partialFingerprints` (so code scanning tracks an alert across edits) and `suppressions` for
/// suppressed findings.
public struct SARIFReporter: Sendable {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let fingerprintKey = "ecsLintFingerprint/v1"
    /// The base that relative artifact URIs resolve against (GitHub's convention).
    public static let sourceRootID = "%SRCROOT%"

    public init() {}

    public func render(_ run: RunReport) -> String {
        let rules = run.catalog.rules
        var ruleIndex: [String: Int] = [:]
        for (index, rule) in rules.enumerated() { ruleIndex[rule.code] = index }
        let sarifRun: JSONValue = .object([
            ("tool", .object([("driver", .object([
                ("name", .string(ECSLintVersion.toolName)),
                ("version", .string(ECSLintVersion.current)),
                ("semanticVersion", .string(ECSLintVersion.current)),
                ("informationUri", .string(ECSLintVersion.repositoryURL)),
                ("rules", .array(rules.map(ruleDescriptor))),
            ]))])),
            ("originalUriBaseIds", .object([(Self.sourceRootID, .object([("uri", .string(directoryURI(run.sourceRoot)))]))])),
            // The tool itself ran; files that do not parse are ECS001 results, not a failed execution.
            ("invocations", .array([.object([("executionSuccessful", .bool(true))])])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(run.allFindings.map { result($0, ruleIndex: ruleIndex, run: run) })),
        ])
        let log: JSONValue = .object([
            ("$schema", .string(Self.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([sarifRun])),
        ])
        return log.rendered() + "\n"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    private func ruleDescriptor(_ rule: RuleDescription) -> JSONValue {
        // Security Hub controls as tags (`security-hub/ECS.4`): code scanning filters by tag.
        let tags = rule.tags + rule.securityHubControls.map { "security-hub/\($0)" }
        var properties: [(String, JSONValue)] = [("tags", .array(tags.map(JSONValue.string)))]
        if let securitySeverity = rule.securitySeverity {
            // GitHub reads this as a string holding a number.
            properties.append(("security-severity", .string(oneDecimal(securitySeverity))))
        }
        let help = [rule.summary, rule.rationale.trimmedLines, "How to fix: " + rule.remediation.trimmedLines].joined(separator: "\n\n")
        return .object([
            ("id", .string(rule.code)),
            ("name", .string(rule.name)),
            ("shortDescription", .object([("text", .string(rule.summary))])),
            ("fullDescription", .object([("text", .string(rule.rationale.trimmedLines))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(RuleDocumentation.markdown(rule)))])),
            ("helpUri", .string(ECSLintVersion.documentationURL(for: rule))),
            ("defaultConfiguration", .object([
                ("enabled", .bool(rule.severity != nil)),
                ("level", .string(Self.level(rule.severity ?? .warning))),
            ])),
            ("properties", .object(properties)),
        ])
    }

    private func result(_ diagnostic: Diagnostic, ruleIndex: [String: Int], run: RunReport) -> JSONValue {
        var location: [(String, JSONValue)] = [
            ("physicalLocation", .object([
                ("artifactLocation", artifactLocation(diagnostic.file, run: run)),
                ("region", .object([
                    ("startLine", .integer(diagnostic.start.line)),
                    ("startColumn", .integer(diagnostic.start.column)),
                    ("endLine", .integer(diagnostic.end.line)),
                    ("endColumn", .integer(diagnostic.end.column)),
                ])),
            ])),
        ]
        if !diagnostic.location.description.isEmpty {
            location.append(("logicalLocations", .array([.object([
                ("fullyQualifiedName", .string(diagnostic.location.description)),
                ("kind", .string(diagnostic.logicalPath == nil ? "element" : "property")),
            ])])))
        }
        var members: [(String, JSONValue)] = [("ruleId", .string(diagnostic.code))]
        if let index = ruleIndex[diagnostic.code] { members.append(("ruleIndex", .integer(index))) }
        members += [
            ("level", .string(Self.level(diagnostic.severity))),
            ("message", .object([("text", .string(diagnostic.message))])),
            ("locations", .array([.object(location)])),
            ("partialFingerprints", .object([(Self.fingerprintKey, .string(diagnostic.fingerprint))])),
        ]
        if let suppression = diagnostic.suppression {
            var entry: [(String, JSONValue)] = [
                ("kind", .string(suppression.isInSource ? "inSource" : "external")),
                ("status", .string("accepted")),
            ]
            if let reason = suppression.reason { entry.append(("justification", .string(reason))) }
            entry.append(("properties", .object([("source", .string(suppression.source))])))
            members.append(("suppressions", .array([.object(entry)])))
        }
        if run.baselineInUse {
            members.append(("baselineState", .string(diagnostic.baselined ? "unchanged" : "new")))
        }
        if let fix = diagnostic.fix {
            let replacements: [JSONValue] = zip(fix.edits, fix.spans).map { edit, span in
                .object([
                    ("deletedRegion", .object([
                        ("startLine", .integer(span.start.line)), ("startColumn", .integer(span.start.column)),
                        ("endLine", .integer(span.end.line)), ("endColumn", .integer(span.end.column)),
                    ])),
                    ("insertedContent", .object([("text", .string(edit.replacement))])),
                ])
            }
            members.append(("fixes", .array([.object([
                ("description", .object([("text", .string("\(fix.title) (\(fix.applicability.rawValue) fix)"))])),
                ("artifactChanges", .array([.object([
                    ("artifactLocation", artifactLocation(diagnostic.file, run: run)),
                    ("replacements", .array(replacements)),
                ])])),
            ])])))
        }
        return .object(members)
    }

    /// Paths inside the repository resolve against `%SRCROOT%`; others become `file://` URIs.
    private func artifactLocation(_ path: String, run: RunReport) -> JSONValue {
        if let relative = run.pathFromSourceRoot(path) {
            return .object([("uri", .string(URIEncoding.path(relative))), ("uriBaseId", .string(Self.sourceRootID))])
        }
        return .object([("uri", .string("file://" + URIEncoding.path(run.absolutePath(path))))])
    }

    private func directoryURI(_ directory: String) -> String {
        let path = directory.hasSuffix("/") ? directory : directory + "/"
        return "file://" + URIEncoding.path(path)
    }
}

/// Percent-encoding for URI paths (RFC 3986: unreserved characters and `/` stay as they are).
enum URIEncoding {
    static func path(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                output += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return output
    }
}

private func oneDecimal(_ value: Double) -> String {
    // One decimal, as GitHub's examples write scores ("8.0"), without Foundation.
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

extension String {
    /// Block text from YAML without its trailing line break.
    var trimmedLines: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
