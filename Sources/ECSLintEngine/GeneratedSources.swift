import ECSLintSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything derived from `rules/`: the embedded Swift copy and the Markdown pages. One
/// command writes them (`make generate`) and a test fails when the committed copies are stale.
public enum GeneratedSources {
    public static let embeddedRulesPath = "Sources/ECSLintRules/Generated/EmbeddedRules.swift"
    public static let documentationDirectory = "docs/rules"

    /// Reads every `*.yaml` under `rules/` and the generated `*.json` data tables under
    /// `rules/data/`, sorted, with paths relative to the repository root.
    public static func readRuleFiles(repositoryRoot: URL) throws -> [(path: String, text: String)] {
        let rulesDirectory = repositoryRoot.appendingPathComponent("rules")
        let subpaths: [String]
        do {
            subpaths = try FileManager.default.subpathsOfDirectory(atPath: rulesDirectory.path)
        } catch {
            throw CatalogError(path: "rules", message: "directory not found")
        }
        var files: [(path: String, text: String)] = []
        // `data/sources/` holds the third-party files the data tables are generated from
        // (`make refresh-facts`): read by the generators, never embedded.
        for subpath in subpaths where subpath.hasSuffix(".yaml")
            || (subpath.hasPrefix("data/") && !subpath.hasPrefix("data/sources/") && subpath.hasSuffix(".json")) {
            let url = rulesDirectory.appendingPathComponent(subpath)
            files.append(("rules/" + subpath, try String(contentsOf: url, encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Where `make refresh-facts` records the sources of the fact tables.
    public static let factSourcesPath = "rules/data/sources/SOURCES.json"

    /// What the fact tables were generated from, one line each (`ecs-lint --version`): read
    /// from `SOURCES.json`; empty when there is none.
    public static func factSources(repositoryRoot: URL) throws -> [String] {
        let url = repositoryRoot.appendingPathComponent(factSourcesPath)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let root = try? JSONParser.parse(SourceFile(path: factSourcesPath, text: text)).documents.first,
              let sources = root["sources"]?.entries else {
            throw CatalogError(path: factSourcesPath, message: "not a sources manifest")
        }
        let titles = [("ecs-api", "ECS API model"), ("cloudformation", "CloudFormation schemas"), ("iam-actions", "IAM actions"),
                      ("iam-access-level-overrides", "IAM access-level corrections")]
        let order = Dictionary(uniqueKeysWithValues: titles.enumerated().map { ($0.element.0, $0.offset) })
        let title = Dictionary(uniqueKeysWithValues: titles)
        return sources.sorted { (order[$0.key.text ?? ""] ?? .max) < (order[$1.key.text ?? ""] ?? .max) }.compactMap { entry in
            guard let key = entry.key.text, let package = entry.value["package"]?.text, let version = entry.value["version"]?.text,
                  let date = entry.value["date"]?.text else { return nil }
            return "\(title[key] ?? key): \(package) \(version) (data of \(date))"
        }
    }

    /// The Swift source that embeds the rule files in the binary, with every rule's metadata as
    /// Swift values (start-up parses no YAML; examples and data tables are parsed on use), and
    /// the fact tables' sources.
    public static func embeddedRulesSwift(_ files: [(path: String, text: String)], catalog: RuleCatalog, factSources: [String] = []) -> String {
        var output = """
        // GENERATED FILE — do not edit. Regenerate with `make generate` after changing rules/.
        // A test fails when this copy differs from rules/.

        import ECSLintEngine

        enum EmbeddedRules {
            static let files: [(path: String, text: String)] = [

        """
        for file in files {
            output += "        (\(String(reflecting: file.path)), ####\"\"\"\n\(file.text)\"\"\"####),\n"
        }
        output += "    ]\n\n"
        output += "    /// The metadata of every rule, as `RuleCatalog(files:)` reads it from `files`.\n"
        output += "    static let descriptions: [RuleDescription] = [\n"
        for rule in catalog.rules {
            guard let fileIndex = files.firstIndex(where: { $0.path == rule.sourcePath }) else { continue }
            output += swiftLiteral(rule, fileIndex: fileIndex)
        }
        output += "    ]\n\n"
        output += "    /// What the fact tables were generated from (\(factSourcesPath)).\n"
        output += "    static let factSources: [String] = [\n"
        for line in factSources { output += "        \(String(reflecting: line)),\n" }
        output += "    ]\n}\n"
        return output
    }

    private static func swiftLiteral(_ rule: RuleDescription, fileIndex: Int) -> String {
        func quoted(_ text: String) -> String { String(reflecting: text) }
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        let parameters = rule.parameters.map {
            "RuleParameter(name: \(quoted($0.name)), kind: .\($0.kind), description: \(quoted($0.description)))"
        }
        let fields = [
            "code: \(quoted(rule.code))",
            "name: \(quoted(rule.name))",
            "severity: \(rule.severity.map { ".\($0)" } ?? "nil")",
            "summary: \(quoted(rule.summary))",
            "rationale: \(quoted(rule.rationale))",
            "remediation: \(quoted(rule.remediation))",
            "references: \(list(rule.references.map(quoted)))",
            "scope: \(list(rule.scope.map { ".\($0)" }))",
            "fix: .\(rule.fix)",
            "implementation: \(quoted(rule.implementation))",
            "data: \(rule.data.map(quoted) ?? "nil")",
            "tags: \(list(rule.tags.map(quoted)))",
            "securitySeverity: \(rule.securitySeverity.map { "\($0)" } ?? "nil")",
            "parameters: \(list(parameters))",
            "securityHubControls: \(list(rule.securityHubControls.map(quoted)))",
            "sourcePath: \(quoted(rule.sourcePath))",
            "examples: RuleExamples(parsingLazilyFrom: files[\(fileIndex)].text, sourcePath: files[\(fileIndex)].path"
                + ", checkJSON: \(rule.check.map { quoted(JSONWriter.compact($0)) } ?? "nil"))",
        ]
        return "        RuleDescription(\n" + fields.map { "            " + $0 }.joined(separator: ",\n") + "),\n"
    }

    /// `docs/rules/<CODE>-<name>.md` for every rule plus an index.
    public static func documentation(_ catalog: RuleCatalog) -> [(path: String, text: String)] {
        documentation(of: catalog.rules, generatedFrom: "rules/", by: "`make generate`").map { ("\(documentationDirectory)/\($0.path)", $0.text) }
    }

    /// `<CODE>-<name>.md` for each rule plus `README.md`, an index with each rule's severity, fix
    /// and the input formats its examples run in. Paths are relative to the output directory.
    public static func documentation(of rules: [RuleDescription], generatedFrom origin: String, by generator: String) -> [(path: String, text: String)] {
        var pages = rules.map { rule in
            ("\(rule.code)-\(rule.name).md",
             "<!-- GENERATED from \(rule.sourcePath) by \(generator); do not edit. -->\n\n" + RuleDocumentation.markdown(rule))
        }
        var index = "<!-- GENERATED from \(origin) by \(generator); do not edit. -->\n\n# ecs-lint rules\n\n"
        index += "| Code | Name | Severity | Fix | Formats | Summary |\n|---|---|---|---|---|---|\n"
        for rule in rules {
            let formats = RuleDocumentation.formats(of: rule).map(RuleDocumentation.formatName).joined(separator: ", ")
            index += "| [\(rule.code)](\(rule.code)-\(rule.name).md) | \(rule.name) | \(rule.severity?.rawValue ?? "off") | \(rule.fix.rawValue) | \(formats) | \(rule.summary) |\n"
        }
        pages.append(("README.md", index))
        return pages
    }
}

/// One rule's page, as `ecs-lint explain` prints it and `docs/rules/` stores it.
public enum RuleDocumentation {
    /// The input formats the rule's examples run in, in `ExampleFormat` order.
    public static func formats(of rule: RuleDescription) -> [ExampleFormat] {
        let rendered = Set(rule.examples.flatMap { ExampleRenderer.render($0, of: rule).map(\.format) })
        return ExampleFormat.allCases.filter(rendered.contains)
    }

    static func formatName(_ format: ExampleFormat) -> String {
        switch format {
        case .ecsJSON: return "ECS JSON"
        case .cloudFormationJSON: return "CFN JSON"
        case .cloudFormationYAML: return "CFN YAML"
        case .kubernetesYAML: return "Kubernetes"
        case .crossFile: return "ECS JSON + CFN roles"
        case .terraform: return "Terraform"
        }
    }

    public static func markdown(_ rule: RuleDescription) -> String {
        var text = "# \(rule.code) \(rule.name)\n\n"
        text += "\(rule.summary)\n\n"
        text += "- Severity: \(rule.severity?.rawValue ?? "off (enable it in the configuration)")\n"
        text += "- Applies to: \(rule.scope.map(\.rawValue).joined(separator: ", "))\n"
        text += "- Fix: \(rule.fix.rawValue)\n"
        if !rule.securityHubControls.isEmpty {
            text += "- AWS Security Hub: \(rule.securityHubControls.joined(separator: ", ")) ([docs/security-hub.md](../security-hub.md))\n"
        }
        text += "\n"
        text += "## Why\n\n\(rule.rationale.trimmed)\n\n"
        text += "## How to fix\n\n\(rule.remediation.trimmed)\n\n"
        if !rule.parameters.isEmpty {
            text += "## Settings\n\nIn `.ecs-lint.yaml`: `rules: {\(rule.code): {\(rule.parameters[0].name): ...}}`.\n\n"
            for parameter in rule.parameters {
                text += "- `\(parameter.name)` (\(parameter.kind.rawValue)): \(parameter.description.trimmed)\n"
            }
            text += "\n"
        }
        if let check = rule.check {
            text += "## Check\n\nDeclarative ([rules/README.md](../../rules/README.md)):\n\n```yaml\n\(YAMLWriter.write(check).trimmed)\n```\n\n"
        }
        if !rule.examples.isEmpty {
            text += "## Examples\n\n"
            for example in rule.examples {
                text += "### \(example.isBad ? "Flagged" : "Not flagged"): \(example.description)\n\n"
                if example.isBad {
                    // The empty logical path is the resource itself (a finding about the whole task).
                    text += "Reported at: " + example.fires.map { $0 == .path("") ? "the resource as a whole" : "`\($0)`" }.joined(separator: ", ") + "\n\n"
                }
                if let config = example.config {
                    text += "With this `\(RuleExample.configFileName)`:\n\n```yaml\n\(config.trimmed)\n```\n\n"
                }
                for rendered in ExampleRenderer.render(example).prefix(1) {
                    for source in rendered.sources {
                        if rendered.sources.count > 1 { text += "`\(source.path)`:\n\n" }
                        text += codeBlock(source)
                    }
                    // The resource after the fix, in the same format (the example tests prove it).
                    if let fixed = ExampleVerifier.fixedRendering(of: example, like: rendered) {
                        let command = "`ecs-lint --fix\(rule.fix == .unsafe ? " --unsafe-fixes" : "")`"
                        text += example.rendersFromCanonicalInput
                            ? "After \(command):\n\n" + codeBlock(fixed)
                            : "After \(command) the resource is as follows (the fix keeps the file's own layout and comments):\n\n" + codeBlock(fixed)
                    }
                }
            }
        }
        if !rule.references.isEmpty {
            text += "## References\n\n" + rule.references.map { "- \($0)\n" }.joined() + "\n"
        }
        return text.trimmed + "\n"
    }

    private static func codeBlock(_ source: SourceFile) -> String {
        let language = source.path.hasSuffix(".json") ? "json" : "yaml"
        return "```\(language)\n\(source.text(.init(start: 0, end: source.bytes.count)).trimmed)\n```\n\n"
    }
}

extension String {
    var trimmed: String {
        var result = Substring(self)
        while let last = result.last, last.isWhitespace { result = result.dropLast() }
        while let first = result.first, first.isWhitespace { result = result.dropFirst() }
        return String(result)
    }
}
