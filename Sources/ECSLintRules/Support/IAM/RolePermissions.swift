import ECSLintEngine
import ECSLintModel

/// Every permissions policy of one role the run shows: its inline `policies`, the managed
/// policies of `managedPolicyArns` (customer managed ones of the run, AWS managed ones from the
/// data table), and the policies of the run attached to it from outside (`AWS::IAM::Policy`
/// `Roles`, `get-role-policy` output, Kubernetes-style attachments).
///
/// `isComplete` says whether that is all the role has, as far as the run can tell: an
/// attachment whose policy is unknown (a customer managed ARN outside the run, an intrinsic), a
/// policy of the run that may be attached to it unseen (unresolved `Roles`), `get-role` output
/// (which lists no policies) and Crossplane roles (whose policies are separate objects) make it
/// incomplete; rules that report a missing permission then stay silent. Policies attached from
/// outside the run are assumed not to exist (docs/iam.md).
struct RolePermissions {
    /// One policy document and where it comes from.
    struct Source {
        enum Origin {
            /// An inline policy of the role (`policies[i]`), or a policy resource of the run.
            case inline(name: String?)
            case policyResource(Workspace.Entry)
            /// A managed policy named on the role (`managedPolicyArns[i]`), by name.
            case managed(name: String, arnValue: Value, aws: Bool)
        }

        let document: PolicyDocument
        let origin: Origin

        /// How messages name the policy.
        var label: String {
            switch origin {
            case .inline(let name): return name.map { "inline policy \"\($0)\"" } ?? "an inline policy"
            case .policyResource(let entry):
                let name = entry.resource.properties["policyName"]?.string ?? entry.resource.properties["managedPolicyName"]?.string ?? entry.resource.name
                return "policy \(name.map { "\"\($0)\"" } ?? "") at \(entry.place)"
            case .managed(let name, _, let aws): return aws ? "AWS managed policy \(name)" : "managed policy \(name)"
            }
        }

        /// Whether the document is in the file being checked (its values can carry findings).
        var isWritten: Bool {
            if case .managed(_, _, true) = origin { return false }
            return true
        }
    }

    let role: Workspace.Entry
    let sources: [Source]
    /// Attachments whose policy the run does not show.
    let unknown: [Value]
    let isComplete: Bool

    init(role: Workspace.Entry, workspace: Workspace, data: IAMData) {
        self.role = role
        let properties = role.resource.properties
        var sources: [Source] = []
        var unknown: [Value] = []
        for policy in properties["policies"]?.array ?? [] {
            guard let document = policy["policyDocument"], policy.members != nil else { unknown.append(policy); continue }
            sources.append(Source(document: PolicyDocument(document, kind: .identity), origin: .inline(name: policy["policyName"]?.string)))
        }
        func addManaged(_ value: Value, from entry: Workspace.Entry) {
            if let policy = workspace.managedPolicy(value, from: entry) {
                if let document = policy.resource.properties["policyDocument"] {
                    sources.append(Source(document: PolicyDocument(document, kind: .identity), origin: .policyResource(policy)))
                } else {
                    unknown.append(value)
                }
            } else if let arn = IAMData.managedPolicyARN(value), let managed = data.managedPolicy(arn: arn) {
                sources.append(Source(document: PolicyDocument(managed.document, kind: .identity), origin: .managed(name: managed.name, arnValue: value, aws: true)))
            } else {
                unknown.append(value)
            }
        }
        for value in properties["managedPolicyArns"]?.array ?? [] { addManaged(value, from: role) }
        if let list = properties["managedPolicyArns"], list.array == nil { unknown.append(list) }
        if let list = properties["policies"], list.array == nil { unknown.append(list) }
        for policy in workspace.policies(attachedTo: role) {
            // A managed policy can name the role (`Roles`) and be named by it (`ManagedPolicyArns`).
            let seen = sources.contains { source in
                if case .policyResource(let entry) = source.origin { entry.file == policy.file && entry.resource.range == policy.resource.range } else { false }
            }
            if seen { continue }
            if let document = policy.resource.properties["policyDocument"] {
                sources.append(Source(document: PolicyDocument(document, kind: .identity), origin: .policyResource(policy)))
            } else if let arn = policy.resource.properties["policyArn"] {
                addManaged(arn, from: policy)
            }
        }
        self.sources = sources
        self.unknown = unknown
        isComplete = unknown.isEmpty && Self.listsItsPolicies(role) && !workspace.hasUnknownAttachments(role)
    }

    /// Whether the format says which policies a role has: CloudFormation and ACK roles carry
    /// their inline and managed policies (ACK's controller makes the role match its spec), and
    /// so does `get-account-authorization-details` output; `get-role` output lists none, and a
    /// Crossplane role holds none at all (its policies are separate objects, often found by
    /// label selectors or in other files).
    static func listsItsPolicies(_ role: Workspace.Entry) -> Bool {
        switch role.document.format {
        case .iamJSON: return role.resource.properties["policies"] != nil
        case .crossplane: return false
        // The AWS provider makes a role's policies exactly `inline_policy` and
        // `managed_policy_arns` only when both are set; otherwise attachments elsewhere (any
        // module) are left alone.
        case .terraform, .terraformPlan: return role.resource.properties["policies"] != nil && role.resource.properties["managedPolicyArns"] != nil
        default: return true
        }
    }

    var documents: [PolicyDocument] { sources.map(\.document) }

    func decide(_ action: String, on resource: ResourceName?) -> Decision {
        PolicyEvaluation.decide(action, on: resource, in: documents, complete: isComplete)
    }

    /// The role's trust policy, when it has one the run shows.
    var trustPolicy: PolicyDocument? {
        role.resource.properties["assumeRolePolicyDocument"].map { PolicyDocument($0, kind: .trust) }
    }

    /// How messages name the role: its name and where it is.
    var label: String { Self.label(role) }

    static func label(_ role: Workspace.Entry) -> String {
        "role " + RoleUses.label(role: role)
    }
}
