import ArgumentParser
import ECSLintEngine
import ECSLintRules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule with its code, default severity and summary.")

    func run() throws {
        let catalog = try BuiltinRules.catalog()
        let nameWidth = catalog.rules.map(\.name.count).max() ?? 0
        for rule in catalog.rules {
            let severity = (rule.severity?.rawValue ?? "off").padding(to: 7)
            print("\(rule.code)  \(severity)  \(rule.name.padding(to: nameWidth))  \(rule.summary)")
        }
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Show a rule's documentation: why it matters, how to fix it, examples.")

    @Argument(help: "A rule code (ECS101) or name (invalid-fargate-cpu-memory).")
    var rule: String

    func run() throws {
        let catalog = try BuiltinRules.catalog()
        guard let description = catalog.rules.first(where: { $0.code == rule.uppercased() || $0.name == rule.lowercased() }) else {
            throw ValidationError("unknown rule '\(rule)'; 'ecs-lint rules' lists them")
        }
        print(RuleDocumentation.markdown(description), terminator: "")
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
