import ECSLintSyntax

/// Runs a rule's examples the way its tests do: each example rendered into every format it
/// supports, linted, and compared with where it says the rule fires. Used by the example tests
/// and by `ecs-lint test-rules` for a team's own rules.
public enum ExampleVerifier {
    public struct Outcome: Sendable {
        public let rule: RuleDescription
        /// 1-based, as in the rule file.
        public let example: Int
        public let description: String
        public let format: ExampleFormat
        /// Empty when the example behaved as written.
        public let problems: [String]
        /// The rule's findings in this rendering (their positions and paths).
        public let findings: [Diagnostic]
        public var passed: Bool { problems.isEmpty }
    }

    public static func verify(_ rule: RuleDescription, catalog: RuleCatalog, implementations: [any Rule.Type], linter: Linter) -> [Outcome] {
        rule.examples.enumerated().flatMap { index, example in
            ExampleRenderer.render(example).map { rendered in
                verify(rule, example: example, index: index, rendered: rendered, catalog: catalog, implementations: implementations, linter: linter)
            }
        }
    }

    public static func verify(_ rule: RuleDescription, example: RuleExample, index: Int, rendered: ExampleRenderer.Rendered,
                              catalog: RuleCatalog, implementations: [any Rule.Type], linter: Linter) -> Outcome {
        var problems: [String] = []
        let reports: [FileReport]
        var configFindings: [Diagnostic] = []
        func outcome(_ problems: [String], _ findings: [Diagnostic] = []) -> Outcome {
            Outcome(rule: rule, example: index + 1, description: example.description, format: rendered.format, problems: problems, findings: findings)
        }
        // A rule that is off by default runs in its examples as if selected.
        let configText = example.config ?? (linter.severities[rule.code] == nil ? "select: [\(rule.code)]\n" : nil)
        if let configText {
            // Examples with a configuration run the whole pipeline, config suppressions included.
            do {
                let configuration = try Configuration.parse(SourceFile(path: RuleExample.configFileName, text: configText, lineBreaks: .yaml),
                                                            displayPath: RuleExample.configFileName, catalog: catalog)
                let configured = try Linter(catalog: catalog, implementations: implementations, configuration: configuration,
                                            options: LintOptions(limits: example.limits))
                let all = configured.lint(rendered.sources.map { source in
                    LintInput(displayPath: source.path, projectPath: source.path) { .success(source) }
                })
                reports = Array(all.prefix(rendered.sources.count))
                configFindings = all.dropFirst(rendered.sources.count).flatMap(\.diagnostics).filter { $0.code == rule.code }
            } catch {
                return outcome(["its configuration does not load: \(error)"])
            }
        } else if rendered.sources.count == 1 {
            reports = [linter.lint(rendered.source, limits: example.limits)]
        } else {
            reports = linter.lint(rendered.sources, limits: example.limits)
        }
        let isSyntaxRule = [Linter.parseErrorCode, Linter.inputLimitCode].contains(rule.code)
        for report in reports where !isSyntaxRule && report.status != .linted {
            problems.append("\(report.path) does not load: \(report.diagnostics.map(\.message).joined(separator: "; "))")
        }
        let found = reports.flatMap(\.diagnostics).filter { $0.code == rule.code }
        let byPosition = example.fires.contains { if case .path = $0 { false } else { true } }
        // Several resources: `fires` names each finding's resource first (`Service.loadBalancers[0]`).
        let labelled: Bool
        if case .related = example.input { labelled = true } else { labelled = false }
        var actual = found.map { finding -> String in
            if byPosition { return "\(finding.start.line):\(finding.start.column)" }
            let path = finding.logicalPath ?? "<no path>"
            guard labelled else { return path }
            let label = rendered.label(file: finding.file, resource: finding.resource)
            return path.isEmpty ? label : "\(label).\(path)"
        }
        actual += configFindings.map { "\(RuleExample.configFileName):\($0.start.line):\($0.start.column)" }
        let expected = example.fires.map(\.description)
        if actual.sorted() != expected.sorted() {
            let shown = { (items: [String]) in items.isEmpty ? "nowhere" : items.sorted().map { $0.isEmpty ? "<the resource>" : $0 }.joined(separator: ", ") }
            let messages = (found + configFindings).map(\.message)
            problems.append("expected to fire at \(shown(expected)), fired at \(shown(actual))" + (messages.isEmpty ? "" : " (\(messages.joined(separator: "; ")))"))
        }
        return outcome(problems, found + configFindings)
    }
}
