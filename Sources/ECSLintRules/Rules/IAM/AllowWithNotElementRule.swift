import ECSLintEngine
import ECSLintModel

/// IAM108: an `Allow` with `NotAction`, `NotResource` or `NotPrincipal`. Each allows everything
/// except what it lists, so it grows with AWS: every new action, resource or principal is in.
/// AWS's guidance is to use them with `Deny` (guardrails), and never `NotPrincipal` with
/// `Allow`. In a `Deny` they are fine and not reported.
struct AllowWithNotElementRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        for item in PolicyDocuments.of(resource, context.document) {
            for statement in item.document.statements where statement.isAllow {
                let name = item.name(of: statement)
                if let actions = statement.actions, actions.negated {
                    let scope = statement.onAllResources ? " on Resource \"*\", which is close to AdministratorAccess" : ""
                    context.report("\(name) is an Allow with NotAction: it allows every action of every service except \(Self.listed(actions))\(scope), and each action AWS adds later. List the actions to allow in Action instead (NotAction belongs in a Deny)",
                                   at: actions.value, in: resource)
                }
                if let resources = statement.resources, resources.negated {
                    context.report("\(name) is an Allow with NotResource: it allows its actions on every resource except \(Self.listed(resources)), in every account that lets it, and on each resource created later. List the resources to allow in Resource instead (NotResource belongs in a Deny)",
                                   at: resources.value, in: resource)
                }
                if let principals = statement.principals, principals.negated {
                    context.report("\(name) is an Allow with NotPrincipal: it lets every principal of every account in except \(Self.listed(principals)), anonymous callers too. Name the principals in Principal instead; AWS advises never to combine NotPrincipal with Allow",
                                   at: principals.value, in: resource)
                }
            }
        }
    }

    static func listed(_ element: PolicyStatement.Element) -> String {
        let names = element.strings
        if names.isEmpty { return "what it lists" }
        return PolicyDocuments.listed(names, limit: 4)
    }
}
