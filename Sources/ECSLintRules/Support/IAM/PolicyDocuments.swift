import ECSLintEngine
import ECSLintModel

/// The policy documents one role or policy resource holds: what every IAM1xx rule checks.
///
/// - A role (`iamRole`): its trust policy (`assumeRolePolicyDocument`, `.trust`) and each inline
///   policy (`policies[i].policyDocument`, `.identity`). Managed policies and policies attached
///   from elsewhere are other resources (or AWS's), checked where they are written.
/// - A policy (`iamPolicy`): its `policyDocument`, `.identity`; a standalone IAM JSON document
///   (a bare file such as `trust-policy.json` or a bucket policy, which the loader wraps in a
///   policy resource it makes up) whose statements name principals is `.resource`, since
///   nothing says whose permissions it holds.
///
/// AWS managed policies that a file lists (`get-account-authorization-details` output) are not
/// listed: they are AWS's documents, not the user's.
///
/// A document the loader could not read (an intrinsic, text that is not JSON) is still listed;
/// `PolicyDocument` keeps it as unknown, and rules stay silent on it.
enum PolicyDocuments {
    struct Item {
        let document: PolicyDocument
        /// How messages name the document: `the trust policy`, `inline policy "s3"`,
        /// `policy "deploy"`, `the policy document`.
        let label: String

        /// How messages name one of its statements: by its `Sid` when it has one.
        func name(of statement: PolicyStatement) -> String {
            if let sid = statement.sid?.string, !sid.isEmpty { return "statement \"\(sid)\" of \(label)" }
            return "a statement of \(label)"
        }
    }

    static func of(_ resource: Resource, _ document: Document?) -> [Item] {
        let properties = resource.properties
        switch resource.kind {
        case .iamRole:
            var items: [Item] = []
            if let trust = properties["assumeRolePolicyDocument"], !trust.isNull {
                items.append(Item(document: PolicyDocument(trust, kind: .trust), label: "the trust policy"))
            }
            for (index, policy) in (properties["policies"]?.array ?? []).enumerated() {
                // An `Fn::If` item may be a policy or none: unknown, not checked.
                guard policy.members != nil, let value = policy["policyDocument"], !value.isNull else { continue }
                let label = policy["policyName"]?.string.map { "inline policy \"\($0)\"" } ?? "inline policy policies[\(index)]"
                items.append(Item(document: PolicyDocument(value, kind: .identity), label: label))
            }
            return items
        case .iamPolicy:
            guard let member = properties.members?.last(where: { $0.name == "policyDocument" }), !member.value.isNull else { return [] }
            // AWS's own managed policies, as `get-account-authorization-details` lists them, are
            // AWS's text: not the user's to fix (the roles they are attached to are checked).
            if let arn = properties["arn"]?.string, AWSARN(arn)?.account == "aws" { return [] }
            let name = properties["policyName"]?.string ?? properties["managedPolicyName"]?.string
            // The loader names no key for a bare document: the whole file is the document.
            let standalone = document?.format == .iamJSON && member.keyRange == nil && name == nil && properties["roleName"] == nil
            let identity = PolicyDocument(member.value, kind: .identity)
            if standalone, identity.statements.contains(where: { $0.principals != nil }) {
                return [Item(document: PolicyDocument(member.value, kind: .resource), label: "the policy document")]
            }
            return [Item(document: identity, label: name.map { "policy \"\($0)\"" } ?? "the policy document")]
        default:
            return []
        }
    }

    /// Joins names for messages: `a`, `a and b`, `a, b and c`; past `limit`, `and N more`.
    static func listed(_ names: [String], limit: Int = 6) -> String {
        guard !names.isEmpty else { return "" }
        if names.count > limit { return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more" }
        if names.count == 1 { return names[0] }
        return names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }
}

extension PolicyStatement.Element {
    /// Whether the element covers everything: `"*"` (or `*:*` for actions) among its items.
    var namesEverything: Bool {
        !negated && strings.contains { $0 == "*" || $0 == "*:*" }
    }
}

extension PolicyStatement {
    /// The `Action` items (never `NotAction`), with their text, that are not the bare `*`
    /// (IAM103 and IAM104 speak for `*`; the other rules would only repeat them).
    var namedActions: [(value: Value, text: String)] {
        guard let actions, !actions.negated else { return [] }
        return actions.items.compactMap { item in
            guard let text = item.string, text != "*", text != "*:*" else { return nil }
            return (item, text)
        }
    }

    /// Whether `Resource` (not `NotResource`) has the item `"*"`.
    var onAllResources: Bool {
        guard let resources, !resources.negated else { return false }
        return resources.strings.contains("*")
    }

    /// The `"*"` item of `Resource`, for findings about it.
    var allResourcesItem: Value? {
        guard let resources, !resources.negated else { return nil }
        return resources.items.first { $0.string == "*" }
    }

    /// `, under the conditions A; B` for messages: conditions are shown, never judged.
    var conditionsNote: String {
        conditionValue == nil ? "" : conditions.isEmpty ? " (under a condition ecs-lint cannot read)"
            : " (under the conditions " + conditions.map(\.text).joined(separator: "; ") + ")"
    }
}
