import ECSLintEngine
import ECSLintModel

/// IAM105: a permissions policy gives `Resource: "*"` to actions that can be limited to ARNs
/// (the catalog lists resource types for them). Never for actions that take only `*`
/// (`ecr:GetAuthorizationToken`, `sts:GetCallerIdentity`, `xray:PutTraceSegments`,
/// `cloudwatch:PutMetricData`, `ssmmessages:*`): checkov's CKV_AWS_107/111 flagged
/// `ecr:GetAuthorizationToken`, which every execution role needs (bridgecrewio/checkov#988, #1815).
///
/// A wildcard action (`s3:Get*`) counts when one of the catalog's actions it covers can be
/// scoped. Actions of services the catalog does not have are unknown (silent); actions IAM111
/// reports (secrets, parameters, keys, objects, roles) are left to it, `iam:PassRole` to IAM106.
/// One finding per
/// statement, at its `"*"`, naming the actions; conditions are shown, not judged.
struct WildcardResourceRule: Rule {
    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        var expanded: [String: [(name: String, types: String)]] = [:]
        for item in PolicyDocuments.of(resource, context.document) where item.document.kind == .identity {
            for statement in item.document.statements where statement.isAllow {
                guard let star = statement.allResourcesItem else { continue }
                var named: [String] = []
                for (_, text) in statement.namedActions {
                    let key = text.lowercased()
                    let scopable = expanded[key] ?? scopableActions(text)
                    expanded[key] = scopable
                    guard !scopable.isEmpty else { continue }
                    if scopable.count == 1, scopable[0].name.lowercased() == text.lowercased() {
                        named.append("\(scopable[0].name) (\(scopable[0].types))")
                    } else {
                        let which = scopable.count <= 3 ? PolicyDocuments.listed(scopable.map(\.name)) : "\(scopable.count) of its actions"
                        named.append("\(text) (\(which))")
                    }
                }
                guard !named.isEmpty else { continue }
                context.report("\(item.name(of: statement)) gives Resource \"*\" to \(PolicyDocuments.listed(named, limit: 8))\(statement.conditionsNote), which can be limited to resource ARNs: a task using the role reaches every such resource in the account, not only its own. Name the ARNs the task uses (and keep actions that take only \"*\", such as ecr:GetAuthorizationToken, in a statement of their own)",
                               at: star, in: resource)
            }
        }
    }

    /// The catalog actions a pattern covers that take resource ARNs (with their resource types),
    /// except IAM111's.
    func scopableActions(_ pattern: String) -> [(name: String, types: String)] {
        let names = pattern.contains(where: { $0 == "*" || $0 == "?" }) ? data.actions(matching: pattern) : [pattern]
        return names.compactMap { name in
            guard let action = data.action(name), !action.resources.isEmpty,
                  !SensitiveActionOnAllResourcesRule.actions.contains(where: { $0.name.lowercased() == name.lowercased() }),
                  name.lowercased() != "iam:passrole" else { return nil }
            let service = name.split(separator: ":", maxSplits: 1)[0].lowercased()
            return ("\(service):\(action.name)", action.resources.joined(separator: ", "))
        }
    }
}
