import ArgumentParser
import ECSLintEngine
import ECSLintReporters
import ECSLintRules
import Foundation

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint files and directories (the default command).",
        discussion: "Directories are searched recursively for .json, .yaml, .yml and .template files, skipping .git, .build and node_modules.")

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, info, never
    }

    enum ColorMode: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Argument(help: "Files or directories to lint; '-' reads standard input. Defaults to the current directory.")
    var paths: [String] = []

    @Option(name: .customLong("stdin-filename"), help: "The file name to report (and detect the format from) for '-'.")
    var stdinFilename: String?

    @Option(name: [.short, .long], help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit status 1: error, warning, info or never.")
    var failOn: FailOn = .error

    @Flag(name: .shortAndLong, help: "Print findings only, without the summary line.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Also list skipped files and why (on standard error).")
    var verbose = false

    @Option(help: "Colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorMode = .auto

    func run() throws {
        let inputs: [LintInput]
        do {
            inputs = try FileCollector(stdinFilename: stdinFilename).collect(paths.isEmpty ? ["."] : paths)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let linter: Linter
        do {
            linter = try BuiltinRules.linter()
        } catch {
            FileHandle.standardError.write(Data("ecs-lint: internal error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let reports = linter.lint(inputs)
        if verbose {
            for report in reports {
                if case .skipped(let reason) = report.status {
                    FileHandle.standardError.write(Data("\(report.path): skipped: \(reason)\n".utf8))
                }
            }
        }
        let output: String
        switch format {
        case .text:
            output = TextReporter(color: useColor, quiet: quiet).render(reports)
        case .json:
            output = JSONReporter().render(reports)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if fails(reports) { throw ExitCode(1) }
    }

    private var useColor: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return !noColor && isatty(STDOUT_FILENO) == 1
        }
    }

    private func fails(_ reports: [FileReport]) -> Bool {
        let threshold: Severity
        switch failOn {
        case .never: return false
        case .error: threshold = .error
        case .warning: threshold = .warning
        case .info: threshold = .info
        }
        return reports.contains { report in report.diagnostics.contains { $0.severity >= threshold } }
    }
}
