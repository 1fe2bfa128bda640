import ArgumentParser
import ECSLintEngine
import ECSLintRules
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the configuration a lint run here would use.",
        discussion: "Prints where the settings come from, the project root, and every rule with the severity it runs at (or off).")

    @Flag(help: "Print the effective configuration as YAML.")
    var show = false

    @Option(help: "Read settings from this file instead of discovering .ecs-lint.yaml.")
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore configuration files; show the defaults.")
    var noConfig = false

    func validate() throws {
        guard show else { throw ValidationError("nothing to do; use 'ecs-lint config --show'") }
    }

    func run() throws {
        let project: Project
        do {
            project = try Project.load(configPath: config, noConfig: noConfig)
        } catch let error as ConfigurationError {
            StandardStreams.writeError("ecs-lint: \(error)\n")
            throw ExitCode(2)
        } catch let error as UsageError {
            StandardStreams.writeError((error.description + "\n"))
            throw ExitCode(2)
        }
        StandardStreams.writeOutput(EffectiveConfiguration.yaml(project: project, catalog: project.catalog))
    }
}

/// The effective configuration as YAML: what `config --show` prints.
enum EffectiveConfiguration {
    static func yaml(project: Project, catalog: RuleCatalog) -> String {
        let configuration = project.configuration
        func list(_ items: [String]) -> String { items.isEmpty ? "[]" : "[" + items.map(quote).joined(separator: ", ") + "]" }
        var text = "# ecs-lint \(ECSLintVersion.current) effective configuration\n"
        text += "config-file: \(project.configurationPath.map(quote) ?? "null  # none found; defaults")\n"
        text += "project-root: \(quote(project.root))\n"
        text += "include: \(list(configuration.include.map(\.pattern)))\n"
        text += "exclude: \(list(configuration.exclude.map(\.pattern)))\n"
        text += "fail-on: \((configuration.failOn ?? .error).rawValue)\n"
        text += "baseline: \(configuration.baseline.map(quote) ?? "null")\n"
        text += "select: \(configuration.select.map { list($0.map(\.text)) } ?? "null  # the rules that are on by default")\n"
        text += "ignore: \(list(configuration.ignore.map(\.text)))\n"
        text += "custom-rules: \(list(configuration.customRules))\n"
        let limits = configuration.limits
        text += "limits: {max-file-size: \(limits.maxFileSize), max-depth: \(limits.maxDepth), max-alias-expansion: \(limits.maxAliasExpansion), max-findings-per-rule: \(configuration.maxFindingsPerRule)}\n"
        text += "rules:  # every rule and the severity it runs at\n"
        for rule in catalog.rules {
            let severity = configuration.severity(for: rule)?.rawValue ?? "off"
            text += "  \(rule.code): \(severity)  # \(rule.name)\n"
            for (name, value) in (configuration.ruleParameters[rule.code] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let shown = value.items.map { list($0.compactMap(\.text)) } ?? value.text.map(quote) ?? "?"
                text += "    # \(name): \(shown)\n"
            }
        }
        text += "per-file-ignores:\(configuration.perFileIgnores.isEmpty ? " {}" : "")\n"
        for entry in configuration.perFileIgnores {
            text += "  \(quote(entry.glob.pattern)): \(list(entry.selectors.map(\.text)))\n"
        }
        text += "suppressions:\(configuration.suppressions.isEmpty ? " []" : "")\n"
        for entry in configuration.suppressions {
            text += "  - {path: \(quote(entry.path.pattern)), rule: \(list(entry.selectors.map(\.text)))"
            if let target = entry.target { text += ", target: \(quote(target.description))" }
            if let reason = entry.reason { text += ", reason: \(quote(reason))" }
            if let expires = entry.expires { text += ", expires: \(expires)" }
            text += "}\n"
        }
        return text
    }

    private static func quote(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
}
