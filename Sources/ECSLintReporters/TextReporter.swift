import ECSLintEngine

/// `path:line:col: severity CODE message [name]`, then one summary line.
public struct TextReporter: Sendable {
    public var color: Bool
    public var quiet: Bool
    /// Also list suppressed and baselined findings, marked as such.
    public var showSuppressed: Bool

    public init(color: Bool, quiet: Bool, showSuppressed: Bool = false) {
        self.color = color
        self.quiet = quiet
        self.showSuppressed = showSuppressed
    }

    public func render(_ run: RunReport) -> String {
        var output = ""
        for diagnostic in showSuppressed ? run.allFindings : run.activeFindings {
            let location = "\(diagnostic.file):\(diagnostic.start.line):\(diagnostic.start.column):"
            output += paint(location, .bold) + " " + paint(diagnostic.severity.rawValue, style(for: diagnostic.severity))
            output += " " + paint(diagnostic.code, .bold) + " " + diagnostic.message + " " + paint("[\(diagnostic.name)]", .dim)
            if let fix = diagnostic.fix { output += " " + paint("(\(fix.applicability.rawValue) fix: \(fix.title))", .dim) }
            if let suppression = diagnostic.suppression {
                output += " " + paint("(suppressed by \(suppression.source)\(suppression.reason.map { ": \($0)" } ?? ""))", .dim)
            } else if diagnostic.baselined {
                output += " " + paint("(baselined)", .dim)
            }
            output += "\n"
        }
        if !quiet {
            output += summaryLine(RunSummary(reports: run.files)) + "\n"
        }
        return output
    }

    func summaryLine(_ summary: RunSummary) -> String {
        var scope = "\(summary.files) \(summary.files == 1 ? "file" : "files") checked, \(summary.skipped) skipped"
        if summary.suppressed > 0 { scope += ", \(summary.suppressed) suppressed" }
        if summary.baselined > 0 { scope += ", \(summary.baselined) baselined" }
        let total = summary.errors + summary.warnings + summary.infos
        guard total > 0 else { return "No problems found (\(scope))." }
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        return "Found \(count(total, "problem")): \(count(summary.errors, "error")), \(count(summary.warnings, "warning")), \(count(summary.infos, "info")) (\(scope))."
    }

    private enum Style: String {
        case bold = "1", dim = "2", red = "31", yellow = "33", blue = "34"
    }

    private func style(for severity: Severity) -> Style {
        switch severity {
        case .error: return .red
        case .warning: return .yellow
        case .info: return .blue
        }
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
