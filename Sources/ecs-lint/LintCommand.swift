import ArgumentParser
import ECSLintEngine
import ECSLintReporters
import ECSLintRules
import ECSLintSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint files and directories (the default command).",
        discussion: """
        Directories are searched recursively for .json, .yaml, .yml and .template files, skipping .git, .build \
        and node_modules. Settings come from the nearest .ecs-lint.yaml (or .ecs-lint.yml) from the working \
        directory up to the repository root; command-line options override it.

        Several reports in one run: repeat --format and give one --output per format ('-' is standard output), \
        e.g. --format github --format sarif --output - --output ecs-lint.sarif.

        Fixing: --fix applies the safe fixes of active findings to the files in place (comments and key order \
        stay), then reports the findings left and says on standard error how many fixes it applied; --unsafe-fixes \
        adds the unsafe ones. --diff prints what --fix would change as a unified diff and writes nothing. A file \
        that does not parse is never changed; a symbolic link is not written through (fix its target). With '-', \
        --fix writes the fixed text to standard output and the report to standard error.

        Exit status: 0 when no active finding is at or above --fail-on; 1 when one is, and always when a file \
        does not parse; 2 for usage errors, bad configuration, missing paths and internal errors (also a fixed \
        file that could not be written). With --fix the findings left after fixing count; with --diff the \
        status is 1 when there is something to fix, else as without it.
        """)

    enum OutputFormat: String, RawValueArgument {
        case text, json, sarif, github, junit
    }

    enum ColorMode: String, RawValueArgument {
        case auto, always, never
    }

    @Argument(help: "Files or directories to lint; '-' reads standard input. Defaults to the current directory.")
    var paths: [String] = []

    @Option(name: .customLong("stdin-filename"), help: "The file name to report (and detect the format from) for '-'.")
    var stdinFilename: String?

    @Option(name: [.short, .long], help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")). Repeatable.")
    var format: [OutputFormat] = []

    @Option(name: [.short, .long], help: "Write the report to FILE ('-' for standard output); one per --format.")
    var output: [String] = []

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: error (default), warning, info or never.")
    var failOn: String?

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when findings are at or above --fail-on (files that do not parse still fail).")
    var exitZero = false

    @Option(help: "Run only these rules: codes, names, prefixes (ECS2), ALL, security-hub (the rules of AWS Security Hub's ECS controls) or a control (ECS.4); comma-separated or repeated. Replaces the configuration's select.")
    var select: [String] = []

    @Option(help: "Do not run these rules (codes, names, prefixes, security-hub or a control such as ECS.4); added to the configuration's ignore.")
    var ignore: [String] = []

    @Option(help: "Skip paths matching this glob (relative to the project root); added to the configuration's exclude.")
    var exclude: [String] = []

    @Flag(name: .customLong("force-exclude"), help: "Apply excludes to paths named on the command line too (the pre-commit hook uses this).")
    var forceExclude = false

    @Option(name: .customLong("rules-dir"), help: ArgumentHelp(
        "Also run the rule files in DIR (declarative checks with X… codes, rules/README.md); repeatable. Adds to the configuration's custom-rules.",
        valueName: "dir"))
    var rulesDirectories: [String] = []

    @Option(help: "Read settings from this file instead of discovering .ecs-lint.yaml.")
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore configuration files; use the defaults.")
    var noConfig = false

    @Option(help: "Do not fail on findings recorded in this baseline file (default: the configuration's baseline).")
    var baseline: String?

    @Option(name: .customLong("write-baseline"), help: "Record every current finding in FILE, so later runs fail only on new ones.")
    var writeBaseline: String?

    @Flag(name: .customLong("no-inline-suppressions"), help: "Ignore '# ecs-lint: ignore' comments and CloudFormation Metadata suppressions (for audits).")
    var noInlineSuppressions = false

    @Flag(name: .customLong("show-suppressed"), help: "List suppressed and baselined findings in the text report too.")
    var showSuppressed = false

    @Flag(name: .shortAndLong, help: "Print findings only, without the summary line.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also list skipped files and stale baseline entries (on standard error).")
    var verbose = false

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp(
        "Files larger than this are not read (finding ECS012), e.g. 8MiB, 500kB or bytes. Default: the configuration's limits.max-file-size, else 8MiB.",
        valueName: "size"))
    var maxFileSize: String?

    @Option(help: "Colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorMode = .auto

    @Flag(help: "Apply the safe fixes of active findings to the files in place; the report then shows the findings left.")
    var fix = false

    @Flag(name: .customLong("unsafe-fixes"), help: ArgumentHelp(
        "With --fix or --diff, apply unsafe fixes too (they may change what is deployed). Alone it changes nothing: reports always list safe and unsafe fixes."))
    var unsafeFixes = false

    @Flag(help: "Print a unified diff of what --fix would change and write nothing (no report); exit 1 when there is something to fix.")
    var diff = false

    @Flag(name: .customLong("fix-read-only"), help: "With --fix, also rewrite files without write permission (their mode stays); without it they are left alone and reported.")
    var fixReadOnly = false

    func run() throws {
        do {
            try lint()
        } catch let error as UsageError {
            StandardStreams.writeError((error.description + "\n"))
            throw ExitCode(2)
        } catch let error as ConfigurationError {
            StandardStreams.writeError("ecs-lint: \(error)\n")
            throw ExitCode(2)
        }
    }

    private func lint() throws {
        let project = try Project.load(configPath: config, noConfig: noConfig, rulesDirectories: rulesDirectories)
        let catalog = project.catalog
        var configuration = project.configuration
        if !select.isEmpty { configuration.select = try selectors(select, catalog: catalog, option: "--select") }
        configuration.ignore += try selectors(ignore, catalog: catalog, option: "--ignore")
        let failOn = try resolvedFailOn(configuration)
        let destinations = try outputDestinations()

        var collector = FileCollector(stdinFilename: stdinFilename, project: project)
        collector.include = configuration.include
        collector.exclude = configuration.exclude
        for pattern in exclude {
            do {
                collector.exclude.append(try Glob(pattern))
            } catch {
                throw UsageError(message: "--exclude '\(pattern)': \(error.message)")
            }
        }
        collector.forceExclude = forceExclude
        var limits = configuration.limits
        if let maxFileSize {
            switch ByteCount.fileSizeLimit(maxFileSize) {
            case .success(let size): limits.maxFileSize = size
            case .failure(let problem): throw UsageError(message: "--max-file-size '\(maxFileSize)' \(problem.message)")
            }
        }
        collector.maxFileSize = limits.maxFileSize
        let paths = self.paths.isEmpty ? ["."] : self.paths
        collector.walkRoots = ([project.root] + paths.filter { $0 != "-" }).map(PathString.resolvingSymlinks)
        for (_, destination) in destinations {
            if destination == "-" {
                if !diff, let identity = FileIdentity.ofRegularFile(descriptor: 1) { collector.reportFiles[identity] = "standard output" }
            } else if let identity = FileIdentity.of(Project.absolute(destination, in: project.workingDirectory)) {
                collector.reportFiles[identity] = "--output \(destination)"
            }
        }
        let inputs = try collector.collect(paths)
        for warning in collector.warnings { StandardStreams.writeError("ecs-lint: \(warning)\n") }
        if verbose {
            for skipped in collector.skippedLinks { StandardStreams.writeError(skipped + "\n") }
        }

        let options = LintOptions(inlineSuppressions: !noInlineSuppressions, today: UTCDate.today(), limits: limits)
        let linter = try orInternalError { try Linter(catalog: catalog, implementations: BuiltinRules.implementations,
                                               configuration: configuration, options: options) }
        var reports: [FileReport]
        var fixing: FixOutcome?
        if fix || diff {
            let outcome = try applyFixes(inputs, origins: collector.origins, linter: linter)
            reports = outcome.reports
            fixing = outcome
        } else {
            reports = linter.lint(inputs)
        }
        for report in reports {
            for note in report.notes { StandardStreams.writeError("ecs-lint: warning: \(note)\n") }
        }

        var baselineInUse = false
        if let writeBaseline {
            let written = Baseline(reports: reports)
            let path = Project.absolute(writeBaseline, in: project.workingDirectory)
            try write(written.render(), to: path, shownAs: writeBaseline)
            _ = written.apply(to: &reports)
            baselineInUse = true
            let count = written.entries.reduce(0) { $0 + $1.count }
            StandardStreams.writeError("ecs-lint: recorded \(count) finding\(count == 1 ? "" : "s") in \(writeBaseline)\n")
        } else if let (path, shown) = baselineLocation(project: project, configuration: configuration) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError(message: "\(shown): baseline file not found; create it with --write-baseline \(shown)")
            }
            let loaded = try Baseline.parse(SourceFile(path: path, bytes: [UInt8](data)), displayPath: shown)
            let stale = loaded.apply(to: &reports)
            baselineInUse = true
            if verbose {
                for entry in stale {
                    StandardStreams.writeError("\(shown): stale baseline entry: \(entry.rule) in \(entry.path) at \(entry.location) (\(entry.count) no longer found)\n")
                }
            }
        }

        if verbose {
            for report in reports {
                if case .skipped(let reason) = report.status {
                    StandardStreams.writeError("\(report.path): skipped: \(reason)\n")
                }
            }
        }
        let run = RunReport(files: reports, catalog: catalog, workingDirectory: project.workingDirectory,
                            sourceRoot: project.sourceRoot, baselineInUse: baselineInUse)
        // --diff prints the diff instead of a report; with '-' and --fix, standard output holds
        // the fixed text and the report goes to standard error.
        if !diff {
            for (format, destination) in destinations {
                let text = render(run, as: format, toTerminal: destination == "-")
                if destination == "-" {
                    if fixing?.fixedStandardInput == true { StandardStreams.writeError(text) } else { StandardStreams.writeOutput(text) }
                } else {
                    try write(text, to: Project.absolute(destination, in: project.workingDirectory), shownAs: destination)
                }
            }
        }
        if let fixing {
            if !quiet { StandardStreams.writeError("ecs-lint: \(fixing.summary)\n") }
            if fixing.writeFailures > 0 { throw ExitCode(2) }
            if diff, fixing.changedFiles > 0, !exitZero { throw ExitCode(1) }
        }
        if reports.contains(where: { $0.status == .failed }) { throw ExitCode(1) }
        if exitZero { return }
        if let threshold = failOn.threshold, run.activeFindings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
    }

    /// What `--fix` or `--diff` did.
    struct FixOutcome {
        /// The findings left (what the fixed files have, or what is on disk after a failed write).
        let reports: [FileReport]
        let appliedFixes: Int
        /// Files written (--fix) or that would change (--diff).
        let changedFiles: Int
        let writeFailures: Int
        /// Unsafe fixes left for --unsafe-fixes.
        let unsafeFixesLeft: Int
        /// The fixed text of '-' went to standard output.
        let fixedStandardInput: Bool
        let preview: Bool

        var summary: String {
            func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : noun.hasSuffix("x") ? "es" : "s")" }
            var text = preview
                ? (changedFiles == 0 ? "nothing to fix" : "\(count(appliedFixes, "fix")) would be applied in \(count(changedFiles, "file"))")
                : "applied \(count(appliedFixes, "fix")) in \(count(changedFiles, "file"))"
            if unsafeFixesLeft > 0 { text += " (\(count(unsafeFixesLeft, "more unsafe fix")) with --unsafe-fixes)" }
            return text
        }
    }

    /// Fixes the run in memory, then writes the changed files (--fix) or prints their diff
    /// (--diff). Writes are atomic and keep each file's permissions; a file changed by someone
    /// else since it was read, or that cannot be written, is left alone and reported.
    private func applyFixes(_ inputs: [LintInput], origins: [FileCollector.Origin], linter: Linter) throws -> FixOutcome {
        if diff, !format.isEmpty || !output.isEmpty {
            throw UsageError(message: "--diff prints a diff, not a report: drop --format and --output, or run without --diff")
        }
        if diff, writeBaseline != nil { throw UsageError(message: "--diff writes nothing: --write-baseline needs a run without --diff") }
        let standardInput = origins.indices.filter { origins[$0] == .standardInput }
        if !diff, !standardInput.isEmpty, inputs.count > 1 {
            throw UsageError(message: "--fix with '-' fixes standard input alone (its fixed text goes to standard output); fix the files in another run")
        }
        // Renaming the fixed file over a symbolic link would replace the link: links are not
        // fixed. A file named twice (`a.json ./a.json`) is fixed once.
        var links = Set<Int>(), repeats = Set<Int>(), seen = Set<String>()
        for (index, origin) in origins.enumerated() {
            guard case .file(let path) = origin else { continue }
            if FileKind.isSymbolicLink(path) {
                links.insert(index)
            } else if !seen.insert(PathString.resolvingSymlinks(path)).inserted {
                repeats.insert(index)
            }
        }
        let applier = FixApplier(linter: linter, includeUnsafe: unsafeFixes)
        let run = applier.fix(inputs, skipping: links.union(repeats))
        for result in run.results {
            for problem in result.problems { StandardStreams.writeError("ecs-lint: warning: \(result.path): \(problem)\n") }
        }
        for index in links.sorted() where run.reports[index].diagnostics.contains(where: applier.applies) {
            if case .file(let path) = origins[index] {
                StandardStreams.writeError("ecs-lint: warning: \(run.reports[index].path): not fixed: it is a symbolic link; fix \(PathString.resolvingSymlinks(path)) instead\n")
            }
        }
        let unsafeLeft = unsafeFixes ? 0 : run.reports.flatMap(\.diagnostics).filter { $0.suppression == nil && $0.fix?.applicability == .unsafe }.count

        if diff {
            var text = ""
            for result in run.results where result.changed {
                text += UnifiedDiff.render(old: result.original, new: result.fixed, oldPath: result.path, newPath: result.path)
            }
            StandardStreams.writeOutput(text)
            return FixOutcome(reports: run.reports, appliedFixes: run.appliedCount, changedFiles: run.changed.count, writeFailures: 0,
                              unsafeFixesLeft: unsafeLeft, fixedStandardInput: false, preview: true)
        }

        var applied = 0, written = 0, failures = 0
        var fixedStandardInput = false
        var results = run.results
        var reports = run.reports
        // Files that changed between reading and writing (an editor saving, another --fix run on
        // the same tree) are read, fixed and written again, once; a second change is reported.
        var changedUnderUs: [Int] = []
        var leftAlone = 0
        for (index, result) in results.enumerated() {
            guard case .file(let path) = origins[index], result.changed else { continue }
            do {
                try AtomicFile.replace(path, with: result.fixed, expected: result.original, readOnlyToo: fixReadOnly)
                applied += result.applied.count
                written += 1
            } catch where error.code == AtomicFile.changedSinceRead {
                changedUnderUs.append(index)
            } catch where error.code == AtomicFile.readOnly {
                // Left alone on purpose, not a failure: its findings stay in the report.
                StandardStreams.writeError("ecs-lint: warning: \(result.path): not fixed: \(error.description)\n")
                leftAlone += 1
            } catch {
                StandardStreams.writeError("ecs-lint: \(result.path): not fixed: cannot write: \(error.description.lowercasedFirst)\n")
                failures += 1
            }
        }
        if !changedUnderUs.isEmpty {
            let again = applier.fix(inputs, skipping: Set(inputs.indices).subtracting(changedUnderUs))
            for index in changedUnderUs {
                let result = again.results[index]
                results[index] = result
                reports[index] = again.reports[index]
                guard case .file(let path) = origins[index], result.changed else { continue }
                do {
                    try AtomicFile.replace(path, with: result.fixed, expected: result.original, readOnlyToo: fixReadOnly)
                    applied += result.applied.count
                    written += 1
                } catch {
                    StandardStreams.writeError("ecs-lint: \(result.path): not fixed: cannot write: \(error.description.lowercasedFirst)\n")
                    failures += 1
                }
            }
        }
        for (index, result) in results.enumerated() {
            switch origins[index] {
            case .standardInput:
                // The editor's case (ruff does the same): the text, fixed or not, on standard output;
                // but never an empty text for input that could not be read (too large), which an
                // editor would take as the fixed file.
                if result.original.isEmpty, result.report.status == .failed {
                    StandardStreams.writeError("ecs-lint: \(result.path): not fixed: standard input could not be read; nothing written\n")
                    failures += 1
                    continue
                }
                StandardStreams.writeOutput(result.fixed)
                fixedStandardInput = true
                applied += result.applied.count
                written += result.changed ? 1 : 0
            default:
                break
            }
        }
        // After a failed or refused write the run's findings are those of the files as they are on disk.
        if failures > 0 || leftAlone > 0 { reports = linter.lint(inputs) }
        return FixOutcome(reports: reports, appliedFixes: applied, changedFiles: written, writeFailures: failures,
                          unsafeFixesLeft: unsafeLeft, fixedStandardInput: fixedStandardInput, preview: false)
    }

    private func render(_ run: RunReport, as format: OutputFormat, toTerminal: Bool) -> String {
        switch format {
        case .text: return TextReporter(color: toTerminal && useColor, quiet: quiet, showSuppressed: showSuppressed).render(run)
        case .json: return JSONReporter().render(run)
        case .sarif: return SARIFReporter().render(run)
        case .github: return GitHubReporter().render(run)
        case .junit: return JUnitReporter().render(run)
        }
    }

    /// Pairs each --format with its --output.
    private func outputDestinations() throws -> [(OutputFormat, String)] {
        let formats = format.isEmpty ? [.text] : format
        if output.isEmpty {
            guard formats.count == 1 else {
                throw UsageError(message: "several --format options need one --output each ('-' for standard output)")
            }
            return [(formats[0], "-")]
        }
        guard output.count == formats.count else {
            throw UsageError(message: "\(formats.count) format\(formats.count == 1 ? "" : "s") but \(output.count) --output option\(output.count == 1 ? "" : "s"); give one --output per --format")
        }
        guard output.filter({ $0 == "-" }).count <= 1 else {
            throw UsageError(message: "only one report can go to standard output ('-')")
        }
        return Array(zip(formats, output))
    }

    private func resolvedFailOn(_ configuration: Configuration) throws -> FailOn {
        guard let failOn else { return configuration.failOn ?? .error }
        guard let value = FailOn(rawValue: failOn) else {
            throw UsageError(message: "--fail-on must be one of \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")), not '\(failOn)'")
        }
        return value
    }

    private func selectors(_ values: [String], catalog: RuleCatalog, option: String) throws -> [RuleSelector] {
        try values.flatMap { $0.split(separator: ",") }.map { part in
            guard let selector = RuleSelector(String(part), catalog: catalog) else {
                throw UsageError(message: "\(option): '\(part)' names no rule\(Suggestion.hint(RuleSelector.suggestion(for: String(part), catalog: catalog)))")
            }
            return selector
        }
    }

    private func baselineLocation(project: Project, configuration: Configuration) -> (String, String)? {
        if let baseline { return (Project.absolute(baseline, in: project.workingDirectory), baseline) }
        guard let configured = configuration.baseline else { return nil }
        let path = project.resolve(configuredPath: configured)
        return (path, Project.displayPath(path, workingDirectory: project.workingDirectory))
    }

    /// Writes all or nothing: a temporary file in the same directory, then a rename.
    private func write(_ text: String, to path: String, shownAs shown: String) throws {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw UsageError(message: "\(shown): cannot write: \(error)")
        }
    }

    private var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return !noColor && StandardStreams.outputIsTerminal
        }
    }

}
