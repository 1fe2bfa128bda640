import ArgumentParser
import ECSLintEngine
import ECSLintRules
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The catalog the rule commands show: the built-in rules plus the configuration's
/// `custom-rules:` and any `--rules-dir`.
struct CatalogOptions: ParsableArguments {
    @Option(name: .customLong("rules-dir"), help: ArgumentHelp("Include the rule files in DIR; repeatable.", valueName: "dir"))
    var rulesDirectories: [String] = []

    @Flag(name: .customLong("no-config"), help: "Ignore configuration files (and their custom-rules).")
    var noConfig = false

    func catalog() throws -> RuleCatalog {
        do {
            return try Project.load(configPath: nil, noConfig: noConfig, rulesDirectories: rulesDirectories).catalog
        } catch let error as UsageError {
            StandardStreams.writeError(error.description + "\n")
            throw ExitCode(2)
        } catch let error as ConfigurationError {
            StandardStreams.writeError("ecs-lint: \(error)\n")
            throw ExitCode(2)
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every rule with its code, default severity, summary and the AWS Security Hub controls it implements.",
        discussion: """
        With --markdown DIR, writes DIR/README.md (an index with severity, fix and formats) and one page per \
        rule, the pages 'ecs-lint explain' shows: 'ecs-lint rules --custom --rules-dir policies --markdown docs/policies' \
        documents a team's own rules.
        """)

    @OptionGroup var catalogOptions: CatalogOptions

    @Flag(help: "Only the rules from --rules-dir and custom-rules:, not the built-in ones.")
    var custom = false

    @Option(help: ArgumentHelp("Write the rules' documentation as Markdown into DIR (created if needed).", valueName: "dir"))
    var markdown: String?

    func run() throws {
        let catalog = try catalogOptions.catalog()
        var rules = catalog.rules
        if custom { rules = rules.filter(RuleCatalog.isCustom) }
        if let markdown {
            let directory = Project.absolute(markdown, in: FileManager.default.currentDirectoryPath)
            let pages = GeneratedSources.documentation(of: rules, generatedFrom: custom ? "your rule files" : "the rule files",
                                                       by: "`ecs-lint rules --markdown`")
            for (name, text) in pages {
                do {
                    try AtomicFile.write(text, to: directory + "/" + name)
                } catch {
                    StandardStreams.writeError("ecs-lint: \(markdown)/\(name): cannot write: \(error.description.lowercasedFirst)\n")
                    throw ExitCode(2)
                }
            }
            StandardStreams.writeError("ecs-lint: wrote \(pages.count) files to \(markdown)\n")
            return
        }
        let nameWidth = rules.map(\.name.count).max() ?? 0
        for rule in rules {
            let severity = (rule.severity?.rawValue ?? "off").padding(to: 7)
            let controls = rule.securityHubControls.isEmpty ? "" : "  [Security Hub \(rule.securityHubControls.joined(separator: ", "))]"
            StandardStreams.writeOutput("\(rule.code)  \(severity)  \(rule.name.padding(to: nameWidth))  \(rule.summary)\(controls)\n")
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Show a rule's documentation: why it matters, how to fix it, examples.")

    @Argument(help: "A rule code (ECS101) or name (invalid-fargate-cpu-memory).")
    var rule: String

    @OptionGroup var catalogOptions: CatalogOptions

    func run() throws {
        let catalog = try catalogOptions.catalog()
        guard let description = catalog.rules.first(where: { $0.code == rule.uppercased() || $0.name == rule.lowercased() }) else {
            throw ValidationError("unknown rule '\(rule)'; 'ecs-lint rules' lists them")
        }
        StandardStreams.writeOutput(RuleDocumentation.markdown(description))
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

struct TestRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-rules",
        abstract: "Run the examples of your own rule files: each must fire where it says, and be silent otherwise.",
        discussion: """
        Loads the rule files under each DIR (as --rules-dir does), renders every example into ECS JSON, \
        CloudFormation JSON and CloudFormation YAML, lints it and compares the findings with the example's \
        'fires' (rules/README.md). Exit status: 0 when every example passes, 1 when one fails or a rule has \
        no examples, 2 when a rule file does not load.
        """)

    @Argument(help: "Directories of rule files.")
    var directories: [String]

    @Flag(name: .shortAndLong, help: "List passing examples too.")
    var verbose = false

    func run() throws {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let builtin = try orInternalError { try BuiltinRules.catalog() }
        let catalog: RuleCatalog
        do {
            catalog = try CustomRules.catalog(base: builtin, directories: directories.map { (Project.absolute($0, in: workingDirectory), $0) },
                                              workingDirectory: workingDirectory)
        } catch let error as UsageError {
            StandardStreams.writeError(error.description + "\n")
            throw ExitCode(2)
        }
        let linter = try orInternalError { try Linter(catalog: catalog, implementations: BuiltinRules.implementations) }
        let custom = catalog.rules.filter(RuleCatalog.isCustom)
        var passed = 0, failed = 0
        for rule in custom {
            let outcomes = ExampleVerifier.verify(rule, catalog: catalog, implementations: BuiltinRules.implementations, linter: linter)
            if outcomes.isEmpty {
                failed += 1
                StandardStreams.writeOutput("FAIL \(rule.code) \(rule.sourcePath): no examples; add one that fires and one that stays silent\n")
            }
            for outcome in outcomes {
                let label = "\(rule.code) example \(outcome.example) (\(outcome.format.rawValue)): \(outcome.description)"
                if outcome.passed {
                    passed += 1
                    if verbose { StandardStreams.writeOutput("PASS \(label)\n") }
                } else {
                    failed += 1
                    StandardStreams.writeOutput("FAIL \(label)\n")
                    for problem in outcome.problems { StandardStreams.writeOutput("     \(problem)\n") }
                }
            }
        }
        StandardStreams.writeOutput("\(custom.count) rule\(custom.count == 1 ? "" : "s"), \(passed) example run\(passed == 1 ? "" : "s") passed, \(failed) failed\n")
        if failed > 0 { throw ExitCode(1) }
    }
}
