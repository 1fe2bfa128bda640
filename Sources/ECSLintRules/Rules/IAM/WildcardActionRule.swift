import ECSLintEngine
import ECSLintModel

/// IAM103: a permissions policy allows every action (`Action: "*"`, an error) or every action of
/// a service (`"s3:*"`, a warning). Only `Action`: `NotAction` is IAM108's. Trust and resource
/// policies are left out: their actions act on the role or resource itself, and who may act
/// is IAM101's and IAM102's question.
struct WildcardActionRule: Rule {
    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        var summaries: [String: String] = [:]
        for item in PolicyDocuments.of(resource, context.document) where item.document.kind == .identity {
            for statement in item.document.statements where statement.isAllow {
                guard let actions = statement.actions, !actions.negated else { continue }
                for action in actions.items {
                    guard let text = action.string else { continue }
                    if text == "*" || text == "*:*" {
                        context.report("\(item.name(of: statement)) allows every action of every AWS service (Action \"\(text)\")\(statement.conditionsNote): a task using the role can do anything the resources allow, including changing IAM. List the actions the application calls",
                                       at: action, in: resource)
                    } else if let service = Self.wholeService(text) {
                        let key = text.lowercased()
                        let summary = summaries[key] ?? self.summary(of: text)
                        summaries[key] = summary
                        context.report("\(item.name(of: statement)) allows every \(service) action (Action \"\(text)\")\(statement.conditionsNote)\(summary). List the \(service) actions the application calls",
                                       at: action, in: resource, atMost: .warning)
                    }
                }
            }
        }
    }

    /// The service of `service:*` (a literal prefix and nothing but `*` after the colon).
    static func wholeService(_ text: String) -> String? {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(where: { $0 == "*" || $0 == "?" }),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "*" }) else { return nil }
        return String(parts[0])
    }

    /// `: 25 actions, 6 of them Write and 3 Permissions management (…)` from the catalog.
    func summary(of pattern: String) -> String {
        let names = data.actions(matching: pattern)
        guard !names.isEmpty else { return "" }
        let levels = names.compactMap { data.action($0)?.level }
        let writes = levels.filter { $0 == "Write" }.count
        let permissions = levels.filter { $0 == "Permissions management" }.count
        var text = ": \(names.count) actions, \(writes) of them Write"
        if permissions > 0 { text += " and \(permissions) Permissions management (which change who may access what)" }
        return text
    }
}
