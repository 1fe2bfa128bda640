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

        Exit status: 0 when no active finding is at or above --fail-on; 1 when one is, and always when a file \
        does not parse; 2 for usage errors, bad configuration, missing paths and internal errors.
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

    @Option(help: "Run only these rules: codes, names, prefixes (ECS2) or ALL; comma-separated or repeated. Replaces the configuration's select.")
    var select: [String] = []

    @Option(help: "Do not run these rules (codes, names or prefixes); added to the configuration's ignore.")
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
            guard let size = ByteCount.parse(maxFileSize) else {
                throw UsageError(message: "--max-file-size '\(maxFileSize)': expected a size such as 8MiB, 500kB or 1048576 (bytes)")
            }
            limits.maxFileSize = size
        }
        collector.maxFileSize = limits.maxFileSize
        let inputs = try collector.collect(paths.isEmpty ? ["."] : paths)
        for warning in collector.warnings { StandardStreams.writeError("ecs-lint: \(warning)\n") }
        if verbose {
            for skipped in collector.skippedLinks { StandardStreams.writeError(skipped + "\n") }
        }

        let options = LintOptions(inlineSuppressions: !noInlineSuppressions, today: UTCDate.today(), limits: limits)
        let linter = try orInternalError { try Linter(catalog: catalog, implementations: BuiltinRules.implementations,
                                               configuration: configuration, options: options) }
        var reports = linter.lint(inputs)
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
        for (format, destination) in destinations {
            let text = render(run, as: format, toTerminal: destination == "-")
            if destination == "-" {
                StandardStreams.writeOutput(text)
            } else {
                try write(text, to: Project.absolute(destination, in: project.workingDirectory), shownAs: destination)
            }
        }
        if reports.contains(where: { $0.status == .failed }) { throw ExitCode(1) }
        if exitZero { return }
        if let threshold = failOn.threshold, run.activeFindings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
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
