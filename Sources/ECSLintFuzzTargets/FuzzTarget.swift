import ECSLintConvert
import ECSLintEngine
import ECSLintLoaders
import ECSLintReporters
import ECSLintRules
import ECSLintSyntax

/// The entry points fuzzing drives (fuzz/run.sh) and the regression tests replay
/// (testdata/fuzz/TARGET/). Each takes arbitrary bytes; any input may be rejected with an error,
/// but a crash, a hang or a broken invariant (checked with `precondition`, so libFuzzer sees it
/// as a crash) is a bug.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The JSON parser alone.
    case json
    /// The YAML loader alone (libyaml events → nodes, anchors, merge keys, comments).
    case yaml
    /// The HCL parser alone (Terraform's native syntax).
    case hcl
    /// Format detection, both parsers, the loaders, every built-in rule, the reporters, the
    /// fixes and every conversion.
    case pipeline

    public func run(_ bytes: [UInt8]) {
        switch self {
        case .json: Self.parse(SourceFile(path: "fuzz.json", bytes: bytes), with: JSONParser.parse)
        case .yaml: Self.parse(SourceFile(path: "fuzz.yaml", bytes: bytes), with: YAMLLoader.parse)
        case .hcl: Self.parseHCL(SourceFile(path: "fuzz.tf", bytes: bytes))
        case .pipeline: Self.lint(bytes)
        }
    }

    /// Small limits reach the limit paths quickly; the nesting limit stays high enough for real
    /// documents.
    static let limits = ParseLimits(maxDepth: 64, maxAliasExpansion: 10_000, maxFileSize: 1 << 20)

    private static func parse(_ source: SourceFile, with parser: (SourceFile, ParseLimits) throws(SyntaxError) -> ParsedFile) {
        // The parsers assume InputCheck has run (UTF-8, no NUL), as every caller does.
        if let problem = InputCheck.validate(source.bytes, limits: limits) {
            checkOffset(problem.offset, in: source)
            return
        }
        do {
            let parsed = try parser(source, limits)
            var budget = 100_000
            for document in parsed.documents { checkTree(document, in: source, depth: 1, budget: &budget) }
            for duplicate in parsed.duplicateKeys { checkRange(duplicate.key.range, in: source) }
        } catch {
            checkOffset(error.offset, in: source)
        }
    }

    /// Every range of the tree lies inside the file and runs forwards; text maps point into it.
    private static func parseHCL(_ source: SourceFile) {
        if let problem = InputCheck.validate(source.bytes, limits: limits) {
            checkOffset(problem.offset, in: source)
            return
        }
        do {
            let body = try HCLParser.parse(source, limits: limits)
            checkHCL(body, in: source)
        } catch {
            checkOffset(error.offset, in: source)
        }
    }

    private static func checkHCL(_ body: HCLBody, in source: SourceFile) {
        checkRange(body.range, in: source)
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                checkRange(attribute.nameRange, in: source)
                checkRange(attribute.range, in: source)
                checkHCL(attribute.value, in: source)
            case .block(let block):
                checkRange(block.range, in: source)
                for label in block.labels { checkRange(label.range, in: source) }
                checkHCL(block.body, in: source)
            }
        }
    }

    private static func checkHCL(_ expression: HCLExpression, in source: SourceFile) {
        checkRange(expression.range, in: source)
        switch expression.kind {
        case .number, .bool, .null, .variable: break
        case .template(let template):
            for part in template.parts {
                switch part {
                case .literal(let text, let map):
                    for run in map.runs { checkRange(SourceRange(start: run.fileOffset, end: run.fileOffset + run.length), in: source) }
                    checkOffset(map.fileOffset(text.utf8.count), in: source)
                case .interpolation(let inner): checkHCL(inner, in: source)
                case .directive(let range): checkRange(range, in: source)
                }
            }
        case .tuple(let items): items.forEach { checkHCL($0, in: source) }
        case .object(let items): items.forEach { checkHCL($0.key, in: source); checkHCL($0.value, in: source) }
        case .traversal(let base, let steps):
            checkHCL(base, in: source)
            for case .index(let index) in steps { checkHCL(index, in: source) }
        case .call(_, let arguments, _): arguments.forEach { checkHCL($0, in: source) }
        case .conditional(let condition, let then, let otherwise): [condition, then, otherwise].forEach { checkHCL($0, in: source) }
        case .binary(_, let left, let right): checkHCL(left, in: source); checkHCL(right, in: source)
        case .unary(_, let operand), .parenthesized(let operand): checkHCL(operand, in: source)
        case .forExpression(let details):
            ([details.collection, details.value] + [details.key, details.condition].compactMap { $0 }).forEach { checkHCL($0, in: source) }
        }
    }

    private static func checkOffset(_ offset: Int, in source: SourceFile) {
        precondition(offset >= 0 && offset <= source.bytes.count, "offset \(offset) outside 0...\(source.bytes.count)")
        let position = source.position(of: offset)
        precondition(position.line >= 1 && position.column >= 1, "position \(position) for offset \(offset)")
    }

    private static func checkRange(_ range: SourceRange, in source: SourceFile) {
        precondition(range.start <= range.end, "range \(range) runs backwards")
        checkOffset(range.start, in: source)
        checkOffset(range.end, in: source)
    }

    /// Every node lies inside the file, within the nesting limit, with a consistent depth.
    private static func checkTree(_ node: Node, in source: SourceFile, depth: Int, budget: inout Int) {
        budget -= 1
        guard budget > 0 else { return }  // aliases may share subtrees; visiting each once is enough
        precondition(depth <= limits.maxDepth + 1, "node at depth \(depth) beyond the limit")
        precondition(node.depth >= 1 && node.weight >= 1, "node depth \(node.depth), weight \(node.weight)")
        checkRange(node.range, in: source)
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            for item in items { checkTree(item, in: source, depth: depth + 1, budget: &budget) }
        case .mapping(let entries):
            for entry in entries {
                checkTree(entry.key, in: source, depth: depth + 1, budget: &budget)
                checkTree(entry.value, in: source, depth: depth + 1, budget: &budget)
            }
        }
    }

    private static let linter: Linter = {
        do {
            // A Terraform module is the fuzzed file itself (and whatever path it names is absent):
            // the fuzzer never reads the disk.
            let files = InMemoryTerraformFiles([])
            return try Linter(catalog: BuiltinRules.catalog(), implementations: BuiltinRules.implementations,
                              options: LintOptions(today: "2026-01-01", limits: limits, terraformFiles: files))
        } catch {
            preconditionFailure("the built-in rules do not load: \(error)")
        }
    }()

    /// How many file reports a pipeline run of `bytes` produces (one per name it lints them under).
    public static func pipelineReportCount(_ bytes: [UInt8]) -> Int { lint(bytes) }

    /// The bytes as a JSON file, a YAML file and a Terraform file (detection also sniffs
    /// content), through the whole run, rendered by every reporter.
    @discardableResult
    private static func lint(_ bytes: [UInt8]) -> Int {
        let inputs = ["fuzz.json", "fuzz.yaml", "fuzz.template", "fuzz.tf"].map { name in
            LintInput(displayPath: name) { .success(SourceFile(path: name, bytes: bytes)) }
        }
        let reports = linter.lint(inputs)
        precondition(reports.count >= inputs.count, "a file went missing from the run")
        for report in reports {
            for diagnostic in report.diagnostics {
                precondition(diagnostic.start.line >= 1 && diagnostic.start.column >= 1, "\(diagnostic.code) at \(diagnostic.start)")
                precondition(!diagnostic.message.isEmpty, "\(diagnostic.code) without a message")
            }
        }
        // Only the rules that fired: SARIF describes every rule of its catalog in full, and that
        // part does not depend on the input (rendering all of it made each execution 20× slower).
        let fired = Set(reports.flatMap { $0.diagnostics.map(\.code) })
        let catalog = RuleCatalog(embedded: linter.catalog.rules.filter { fired.contains($0.code) }, files: [])
        let run = RunReport(files: reports, catalog: catalog, workingDirectory: "/fuzz")
        // Rendering must not trap on whatever text the findings quote.
        _ = TextReporter(color: true, quiet: false).render(run)
        _ = JSONReporter().render(run)
        _ = SARIFReporter().render(run)
        _ = GitHubReporter().render(run)
        _ = JUnitReporter().render(run)
        if reports.contains(where: { $0.diagnostics.contains { $0.fix != nil } }) { fix(inputs) }
        convert(bytes)
        return reports.count
    }

    /// Every conversion of what loads: it may refuse (nothing to convert, inputs that do not
    /// merge) but never fails its own check (output that does not load back as the model less
    /// the reported losses), and it writes the same bytes twice.
    private static func convert(_ bytes: [UInt8]) {
        for name in ["fuzz.json", "fuzz.yaml"] {
            guard let input = try? ConversionInput.load(SourceFile(path: name, bytes: bytes), limits: limits) else { continue }
            for format in ConversionFormat.allCases {
                do {
                    let first = try Converter.convert([input], to: format)
                    let second = try Converter.convert([input], to: format)
                    precondition(first.files.map(\.text) == second.files.map(\.text), "\(format.rawValue) output is not deterministic")
                } catch {
                    precondition(!error.isInternal, "\(format.rawValue): \(error.message)")
                }
            }
        }
    }

    /// `--fix` on what the fuzzer found fixable: no fix may break the file it fixes (the applier
    /// reverts it, but it is a bug in the rule), and the diff of the result renders.
    private static func fix(_ inputs: [LintInput]) {
        let run = FixApplier(linter: linter, includeUnsafe: true).fix(inputs)
        for result in run.results {
            for problem in result.problems {
                if case .breaksFile = problem { preconditionFailure("\(result.path): \(problem)") }
            }
            if result.changed {
                precondition(!UnifiedDiff.render(old: result.original, new: result.fixed, oldPath: result.path, newPath: result.path).isEmpty)
            }
        }
    }
}
