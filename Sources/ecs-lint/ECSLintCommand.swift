import ArgumentParser
import ECSLintEngine
import ECSLintRules
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@main
struct ECSLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecs-lint",
        abstract: "Lint Amazon ECS task definitions, services and the IAM roles they use.",
        discussion: """
        Reads ECS task definition, service and cluster JSON (register/describe/CodeDeploy forms), \
        CloudFormation templates in JSON and YAML, and Kubernetes-style resources (ACK, Crossplane, \
        ecs-kube, project-planton). Other JSON/YAML files are skipped (-v lists them). \
        Settings come from the nearest .ecs-lint.yaml ('ecs-lint config --show' prints them). \
        --fix applies safe fixes in place, --diff shows them ('ecs-lint lint --help').

        Exit status: 0 when no active finding is at or above --fail-on, 1 when one is (a file that \
        does not parse always counts), 2 for usage errors, bad configuration, missing paths and \
        internal errors. With --fix the findings left count; --diff exits 1 when there is something to fix.
        """,
        version: ([ECSLintVersion.current, "fact tables:"] + BuiltinRules.factSources.map { "  " + $0 }).joined(separator: "\n"),
        subcommands: [LintCommand.self, RulesCommand.self, ExplainCommand.self, ConfigCommand.self, TestRulesCommand.self, ConvertCommand.self],
        defaultSubcommand: LintCommand.self)

    /// Runs the command with ecs-lint's exit codes: argument errors exit 2, never 64.
    static func main() {
        do {
            var command = try parseAsRoot(fixingToAFormatIsConvert(Array(CommandLine.arguments.dropFirst())))
            try command.run()
        } catch let exit as ExitCode {
            terminateProcess(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { StandardStreams.writeOutput(message + "\n") }
                terminateProcess(0)
            }
            StandardStreams.writeError((message.isEmpty ? "ecs-lint: \(error)" : message) + "\n")
            terminateProcess(2)
        }
    }
}

/// `ecs-lint [lint] --fix --to FORMAT …` fixes and converts: it is `ecs-lint convert --fix --to
/// FORMAT …`, so `-o` names the converted output as it does for convert.
func fixingToAFormatIsConvert(_ arguments: [String]) -> [String] {
    guard arguments.contains("--fix"), arguments.contains(where: { $0 == "--to" || $0.hasPrefix("--to=") }),
          arguments.first != "convert" else { return arguments }
    return ["convert"] + (arguments.first == "lint" ? Array(arguments.dropFirst()) : arguments)
}

/// Runs `body`; a failure there is ecs-lint's fault, not the user's: reported as an internal
/// error (exit 2).
func orInternalError<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        StandardStreams.writeError("ecs-lint: internal error: \(error)\n")
        throw ExitCode(2)
    }
}

/// A problem with what the user asked for (exit 2), printed without a usage dump.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { "ecs-lint: \(message)" }
}

/// An option whose values are an enum's raw strings. ArgumentParser's defaults for CaseIterable
/// types name the values with `String(describing:)`, whose first use per type scans every
/// protocol conformance in the binary: a measurable part of a one-file pre-commit run.
protocol RawValueArgument: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension RawValueArgument {
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var defaultValueDescription: String { rawValue }
}
