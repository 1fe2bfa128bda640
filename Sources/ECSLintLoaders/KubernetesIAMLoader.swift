import ECSLintModel
import ECSLintSyntax

/// IAM roles and policies as Kubernetes-style objects, in the canonical shape of
/// CloudFormation's `AWS::IAM::*` resources, so that task definitions of either controller find
/// their roles by name or by reference (docs/kubernetes.md).
///
/// - ACK (`iam.services.k8s.aws`): `Role` (`spec.name`, `assumeRolePolicyDocument` as JSON
///   text, `inlinePolicies` name → JSON text, `policies` ARNs, `policyRefs`), `Policy`
///   (`spec.name`, `policyDocument`), `RolePolicyAttachment` (`policyARN`/`policyRef`,
///   `roleName`/`roleRef`).
/// - Crossplane provider-aws (`iam.aws.crossplane.io`): `Role` (`spec.forProvider`, named by the
///   `crossplane.io/external-name` annotation or else the object's name), `Policy`
///   (`forProvider.name`, `document`), `RolePolicy` (`document`, `roleName`/`roleNameRef`),
///   `RolePolicyAttachment` (`policyArn`/`policyArnRef`/`policyArnSelector`,
///   `roleName`/`roleNameRef`/`roleNameSelector`; a selector names no object).
enum KubernetesIAMLoader {
    static func format(apiVersion: String) -> DocumentFormat? {
        switch apiVersion.split(separator: "/").first.map(String.init) ?? apiVersion {
        case "iam.services.k8s.aws": return .ack
        case "iam.aws.crossplane.io": return .crossplane
        default: return nil
        }
    }

    static func resourceKind(_ kind: String) -> Resource.Kind? {
        switch kind {
        case "Role": return .iamRole
        case "Policy", "RolePolicy", "RolePolicyAttachment": return .iamPolicy
        default: return nil
        }
    }

    static func resources(_ root: Node, object: KubernetesObject, format: DocumentFormat) -> [Resource] {
        guard let kind = resourceKind(object.kind) else { return [] }
        let spec = format == .crossplane ? root["spec"]?["forProvider"] : root["spec"]
        var members: [Value.Member] = []
        func add(_ name: String, _ value: Value, _ entry: Node.Entry? = nil) {
            members.append(.init(name: name, value: value, writtenName: entry?.key.text ?? name, keyRange: entry?.key.range))
        }
        for entry in spec?.entries ?? [] {
            guard let written = entry.key.text else { continue }
            switch (object.kind, written) {
            case ("Role", "name"):
                add("roleName", scalar(entry.value, path: "roleName"), entry)
            case ("Policy", "name"):
                add("managedPolicyName", scalar(entry.value, path: "managedPolicyName"), entry)
            case (_, "assumeRolePolicyDocument"), ("Policy", "policyDocument"), ("Policy", "document"), ("RolePolicy", "policyDocument"), ("RolePolicy", "document"):
                let name = written == "assumeRolePolicyDocument" ? written : "policyDocument"
                add(name, IAMJSONLoader.policyDocument(entry.value, path: name), entry)
            case ("Role", "inlinePolicies"):
                let items = (entry.value.entries ?? []).enumerated().map { index, policy -> Value in
                    let path = LogicalPath.index("policies", index)
                    let document = IAMJSONLoader.policyDocument(policy.value, path: LogicalPath.member(path, "policyDocument"))
                    return Value(.object([
                        .init(name: "policyName", value: scalar(policy.key, path: LogicalPath.member(path, "policyName")), keyRange: policy.key.range),
                        .init(name: "policyDocument", value: document, keyRange: policy.key.range),
                    ]), range: policy.value.range, path: path)
                }
                add("policies", Value(.array(items), range: entry.value.range, path: "policies"), entry)
            case ("Role", "policies"):
                let items = (entry.value.items ?? []).enumerated().map { scalar($1, path: LogicalPath.index("managedPolicyArns", $0)) }
                add("managedPolicyArns", Value(.array(items), range: entry.value.range, path: "managedPolicyArns"), entry)
            case ("Role", "policyRefs"):
                // Referenced policies are attached like ARNs; they join `policies` if both are written.
                let references = (entry.value.items ?? []).enumerated().map { index, item in
                    reference(item, kind: .iamPolicy, path: LogicalPath.index("managedPolicyArns", index))
                }
                if let existing = members.firstIndex(where: { $0.name == "managedPolicyArns" }), let arns = members[existing].value.array {
                    members[existing] = .init(name: "managedPolicyArns", value: Value(.array(arns + references), range: members[existing].value.range,
                                                                                      path: "managedPolicyArns"))
                } else {
                    add("managedPolicyArns", Value(.array(references), range: entry.value.range, path: "managedPolicyArns"), entry)
                }
            case ("RolePolicyAttachment", "policyARN"), ("RolePolicyAttachment", "policyArn"):
                add("policyArn", scalar(entry.value, path: "policyArn"), entry)
            case ("RolePolicyAttachment", "policyRef"), ("RolePolicyAttachment", "policyArnRef"):
                if !(spec?.entries?.contains { ["policyARN", "policyArn"].contains($0.key.text ?? "") } ?? false) {
                    add("policyArn", reference(entry.value, kind: .iamPolicy, path: "policyArn"), entry)
                }
            case ("RolePolicyAttachment", "roleName"), ("RolePolicy", "roleName"):
                add("roleName", scalar(entry.value, path: "roleName"), entry)
            case ("RolePolicyAttachment", "roleRef"), ("RolePolicyAttachment", "roleNameRef"), ("RolePolicy", "roleNameRef"):
                if spec?["roleName"] == nil { add("roleName", reference(entry.value, kind: .iamRole, path: "roleName"), entry) }
            case ("RolePolicyAttachment", "roleNameSelector"), ("RolePolicy", "roleNameSelector"):
                // Labels pick the role: which one is unknown (a reference that names no object).
                if spec?["roleName"] == nil, spec?["roleNameRef"] == nil {
                    add("roleName", Value(.unresolved(.objectReference(ObjectReference(kind: .iamRole, name: nil, namespace: nil))),
                                          range: entry.value.range, path: "roleName"), entry)
                }
            case ("RolePolicyAttachment", "policyArnSelector"):
                if spec?["policyArn"] == nil, spec?["policyArnRef"] == nil {
                    add("policyArn", Value(.unresolved(.objectReference(ObjectReference(kind: .iamPolicy, name: nil, namespace: nil))),
                                           range: entry.value.range, path: "policyArn"), entry)
                }
            default:
                add(FieldNames.canonical(fromCloudFormation: written), CloudFormationLoader.convert(entry.value, path: written, mode: .verbatim, parent: nil), entry)
            }
        }
        // Crossplane names a role by its external name, which defaults to the object's name.
        if format == .crossplane, object.kind == "Role", !members.contains(where: { $0.name == "roleName" }) {
            let metadata = root["metadata"]
            if let external = metadata?["annotations"]?["crossplane.io/external-name"] ?? metadata?["name"] {
                add("roleName", scalar(external, path: "roleName"))
            }
        }
        let range = spec?.range ?? root.range
        return [Resource(kind: kind, name: object.name, logicalID: nil, properties: Value(.object(members), range: range, path: ""),
                         range: root.range, object: object)]
    }

    private static func scalar(_ node: Node, path: String) -> Value {
        CloudFormationLoader.convert(node, path: path, mode: .verbatim, parent: nil)
    }

    /// ACK: `{from: {name, namespace}}`; Crossplane: `{name}`.
    private static func reference(_ node: Node, kind: Resource.Kind, path: String) -> Value {
        let from = node["from"] ?? node
        let reference = ObjectReference(kind: kind, name: from["name"]?.string, namespace: from["namespace"]?.string)
        return Value(.unresolved(.objectReference(reference)), range: node.range, path: path)
    }
}
