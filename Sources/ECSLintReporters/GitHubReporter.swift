import ECSLintEngine

/// GitHub Actions workflow commands: each active finding becomes an annotation on the pull
/// request (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`).
/// Works without code scanning, e.g. in private repositories without Advanced Security.
public struct GitHubReporter: Sendable {
    public init() {}

    public func render(_ run: RunReport) -> String {
        var output = ""
        for diagnostic in run.activeFindings {
            let command: String
            switch diagnostic.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info: command = "notice"
            }
            let properties = [
                // GitHub places annotations by path from the repository root.
                "file=" + Self.escapeProperty(run.pathFromSourceRoot(diagnostic.file) ?? run.absolutePath(diagnostic.file)),
                "line=\(diagnostic.start.line)",
                "col=\(diagnostic.start.column)",
                "endLine=\(diagnostic.end.line)",
                "endColumn=\(diagnostic.end.column)",
                "title=" + Self.escapeProperty("\(diagnostic.code) \(diagnostic.name)"),
            ]
            output += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(diagnostic.message))\n"
        }
        return output
    }

    /// The runner's escaping for a command's message (actions/toolkit `escapeData`).
    /// Works on scalars: in a Swift string "\r\n" is one character, which a replacement of "\r"
    /// would miss.
    static func escapeData(_ text: String) -> String {
        escape(text, reserved: ["%": "%25", "\r": "%0D", "\n": "%0A"])
    }

    /// The runner's escaping for property values, which also reserve `:` and `,` (`escapeProperty`).
    static func escapeProperty(_ text: String) -> String {
        escape(text, reserved: ["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"])
    }

    private static func escape(_ text: String, reserved: [Unicode.Scalar: String]) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if let replacement = reserved[scalar] { output += replacement } else { output.unicodeScalars.append(scalar) }
        }
        return output
    }
}
