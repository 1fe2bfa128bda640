import ECSLintEngine

/// JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure): one test suite per
/// checked file, one failing test case per active finding, suppressed and baselined findings as
/// skipped cases, and one passing case for a clean file.
public struct JUnitReporter: Sendable {
    public init() {}

    public func render(_ run: RunReport) -> String {
        let checked = run.files.filter { report in
            if case .skipped = report.status { return false }
            return true
        }.sorted { $0.path < $1.path }
        var suites = ""
        var totalTests = 0, totalFailures = 0, totalSkipped = 0
        for report in checked {
            let findings = Diagnostic.sortedForReport(report.diagnostics)
            var cases = ""
            var failures = 0, skipped = 0
            for diagnostic in findings {
                let name = "\(diagnostic.code) \(diagnostic.name) at \(diagnostic.start.line):\(diagnostic.start.column)"
                cases += "    <testcase classname=\"\(Self.escape(report.path))\" name=\"\(Self.escape(name))\" "
                    + "file=\"\(Self.escape(report.path))\" line=\"\(diagnostic.start.line)\">\n"
                if let suppression = diagnostic.suppression {
                    skipped += 1
                    cases += "      <skipped message=\"\(Self.escape("suppressed by \(suppression.source)" + (suppression.reason.map { ": \($0)" } ?? "")))\"/>\n"
                } else if diagnostic.baselined {
                    skipped += 1
                    cases += "      <skipped message=\"baselined\"/>\n"
                } else {
                    failures += 1
                    let text = "\(report.path):\(diagnostic.start.line):\(diagnostic.start.column): \(diagnostic.severity.rawValue) \(diagnostic.code) \(diagnostic.message)"
                    cases += "      <failure type=\"\(diagnostic.severity.rawValue)\" message=\"\(Self.escape(diagnostic.message))\">"
                        + Self.escape(text) + "</failure>\n"
                }
                cases += "    </testcase>\n"
            }
            var tests = findings.count
            if findings.isEmpty {
                tests = 1
                cases += "    <testcase classname=\"\(Self.escape(report.path))\" name=\"ecs-lint\" file=\"\(Self.escape(report.path))\"/>\n"
            }
            totalTests += tests
            totalFailures += failures
            totalSkipped += skipped
            suites += "  <testsuite name=\"\(Self.escape(report.path))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            suites += cases + "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"ecs-lint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"0\" skipped=\"\(totalSkipped)\">\n"
            + suites + "</testsuites>\n"
    }

    /// XML attribute and text escaping; control characters XML 1.0 forbids are dropped.
    static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\n": output += "&#10;"
            case "\r": output += "&#13;"
            case "\t": output += "&#9;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
