import ECSLintLoaders
import ECSLintModel
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
            ExampleRenderer.render(example, of: rule).map { rendered in
                verify(rule, example: example, index: index, rendered: rendered, catalog: catalog, implementations: implementations, linter: linter)
            }
        }
    }

    public static func verify(_ rule: RuleDescription, example: RuleExample, index: Int, rendered: ExampleRenderer.Rendered,
                              catalog: RuleCatalog, implementations: [any Rule.Type], linter: Linter) -> Outcome {
        var problems: [String] = []
        let reports: [FileReport]
        var configFindings: [Diagnostic] = []
        // The linter the example ran with: its fixes are applied with the same one.
        var exampleLinter = linter
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
                exampleLinter = configured
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
        problems += fixProblems(rule, found: found)
        // No fix edits a Terraform file (DocumentFormat.allowsTextEdits).
        if example.fixed != nil, rendered.format != .terraform {
            problems += verifyFix(rule, example: example, rendered: rendered, linter: exampleLinter)
        }
        return outcome(problems, found + configFindings)
    }

    /// A rule's fixes are what its file declares: none for `fix: none`, only safe ones for
    /// `fix: safe`; and every fix says what it does.
    static func fixProblems(_ rule: RuleDescription, found: [Diagnostic]) -> [String] {
        var problems: [String] = []
        for finding in found {
            guard let fix = finding.fix else { continue }
            switch rule.fix {
            case .none: problems.append("a finding has a fix ('\(fix.title)'), but the rule declares 'fix: none'")
            case .safe where fix.applicability == .unsafe: problems.append("the fix '\(fix.title)' is unsafe, but the rule declares 'fix: safe'")
            default: break
            }
            if fix.title.isEmpty { problems.append("a fix has no title") }
            if fix.edits.isEmpty { problems.append("the fix '\(fix.title)' has no edits") }
        }
        return problems
    }

    /// Applies the rule's fixes to the rendering (at the rule's applicability, only this rule's
    /// fixes) and checks the result: it parses and loads, holds the same resource as the
    /// example's `fixed:` rendered in the same format (written names included), the rule no
    /// longer fires, and a second pass changes nothing.
    static func verifyFix(_ rule: RuleDescription, example: RuleExample, rendered: ExampleRenderer.Rendered, linter: Linter) -> [String] {
        guard rendered.sources.count == 1 else { return ["'fixed' is for examples of one file"] }
        let applier = FixApplier(linter: linter, includeUnsafe: rule.fix == .unsafe, rules: [rule.code])
        let result = applier.fix(rendered.source, limits: example.limits)
        var problems = result.problems.map { "fix: \($0)" }
        guard result.changed else { return problems + ["fix: the rule's fixes changed nothing"] }
        let fixedSource = SourceFile(path: rendered.source.path, bytes: result.fixed)
        let fixedText = fixedSource.text(SourceRange(start: 0, end: result.fixed.count))
        guard let resources = loadedResources(fixedSource) else { return problems + ["fix: the fixed file does not parse or load:\n\(fixedText)"] }
        if result.report.diagnostics.contains(where: { $0.code == rule.code }) {
            problems.append("fix: the rule still fires after its fixes: " + result.report.diagnostics.filter { $0.code == rule.code }.map(\.message).joined(separator: "; "))
        }
        if applier.fix(fixedSource, limits: example.limits).changed { problems.append("fix: a second pass changes the fixed file again") }
        guard let expected = fixedRendering(of: example, like: rendered),
              let expectedResources = loadedResources(expected)?.filter({ fixableKinds.contains($0.kind) }) else {
            return problems + ["fix: 'fixed' needs an example of one task definition, service or cluster"]
        }
        let fixedResources = resources.filter { fixableKinds.contains($0.kind) }
        if let difference = ModelComparison.difference(expected: expectedResources, actual: fixedResources, options: [.writtenNames]) {
            problems.append("fix: the fixed file differs from 'fixed' at \(difference); the fixed file is:\n\(fixedText)")
        } else if example.rendersFromCanonicalInput, result.fixed != expected.bytes {
            // Written by the same writer, the fixed rendering is also the text the fix must give.
            problems.append("fix: the fixed file loads like 'fixed' but is not its text byte for byte:\n\(fixedText)\nexpected:\n\(expected.text(SourceRange(start: 0, end: expected.bytes.count)))")
        }
        return problems
    }

    /// The kinds of resource a `fixed:` example can be.
    static let fixableKinds: Set<Resource.Kind> = [.taskDefinition, .service, .cluster]

    /// An example's `fixed:` resource rendered in the format of `rendered`, one of the bad
    /// example's renderings. Its kind is the example's: `taskDefinition:` and the like say it,
    /// a template or raw source holds one such resource.
    public static func fixedRendering(of example: RuleExample, like rendered: ExampleRenderer.Rendered) -> SourceFile? {
        guard example.fixed != nil, rendered.sources.count == 1 else { return nil }
        let kind: Resource.Kind
        switch example.input {
        case .taskDefinition: kind = .taskDefinition
        case .service: kind = .service
        case .cluster: kind = .cluster
        default:
            let kinds = (loadedResources(rendered.source) ?? []).map(\.kind).filter(fixableKinds.contains)
            guard kinds.count == 1 else { return nil }
            kind = kinds[0]
        }
        guard let fixedExample = example.fixedExample(kind: kind) else { return nil }
        return ExampleRenderer.render(fixedExample).first { $0.format == rendered.format }?.source
    }

    private static func loadedResources(_ source: SourceFile) -> [Resource]? {
        guard let parsed = try? SyntaxKind.parse(source), case .loaded(let documents) = Loader.load(parsed) else { return nil }
        return documents.flatMap(\.resources)
    }
}
