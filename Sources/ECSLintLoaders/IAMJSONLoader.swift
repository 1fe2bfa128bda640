import ECSLintModel
import ECSLintSyntax

/// Standalone IAM JSON (or YAML) as the AWS CLI reads and writes it: roles and policies in the
/// canonical shape CloudFormation's `AWS::IAM::*` resources load into (`roleName`,
/// `assumeRolePolicyDocument`, `policies[].policyDocument`, `managedPolicyArns`; a policy's
/// `policyName`, `policyDocument`, `roles`/`roleName`), policy documents kept as written.
///
/// Which shapes: `get-role` / `create-role` output (`{"Role": …}`), `create-role` input,
/// `get-role-policy` output and `put-role-policy` input (an inline policy of a named role),
/// `create-policy` input, `get-policy-version` output, `get-account-authorization-details`
/// output (roles with their inline and attached policies, customer managed policies), and a
/// bare policy document.
public enum IAMJSONLoader {
    static func detect(_ root: Node) -> Bool {
        if let role = root["Role"], role.entries != nil, role["RoleName"] != nil || role["AssumeRolePolicyDocument"] != nil { return true }
        if root["RoleName"] != nil, root["AssumeRolePolicyDocument"] != nil || root["PolicyDocument"] != nil { return true }
        if root["PolicyName"] != nil, root["PolicyDocument"] != nil { return true }
        if root["RoleDetailList"]?.items != nil { return true }
        if root["PolicyVersion"]?["Document"] != nil { return true }
        return isPolicyDocument(root)
    }

    /// `Statement` as an object or a list of objects, and nothing a policy document does not
    /// have (`Version`, `Id`).
    static func isPolicyDocument(_ root: Node) -> Bool {
        guard let entries = root.entries, let statement = root["Statement"] else { return false }
        guard statement.entries != nil || (statement.items?.allSatisfy { $0.entries != nil } ?? false) else { return false }
        return entries.allSatisfy { ["Version", "Statement", "Id"].contains($0.key.text ?? "") }
    }

    static func load(_ root: Node) -> Document {
        var resources: [Resource] = []
        if let role = root["Role"], role.entries != nil {
            resources.append(Resource(kind: .iamRole, name: role["RoleName"]?.text, logicalID: nil,
                                      properties: properties(role, path: ""), range: role.range))
        } else if root["RoleName"] != nil, root["AssumeRolePolicyDocument"] != nil {
            resources.append(Resource(kind: .iamRole, name: root["RoleName"]?.text, logicalID: nil, properties: properties(root, path: ""), range: root.range))
        } else if root["PolicyDocument"] != nil {
            // With a RoleName an inline policy (`put-role-policy`), without one a customer managed
            // policy (`create-policy`), which role ARNs name by its name.
            var value = properties(root, path: "")
            if root["RoleName"] == nil, case .object(let members) = value.content {
                value = Value(.object(members.map { member in
                    member.name == "policyName" ? .init(name: "managedPolicyName", value: member.value, writtenName: member.writtenName, keyRange: member.keyRange) : member
                }), range: value.range, path: value.path)
            }
            resources.append(Resource(kind: .iamPolicy, name: root["PolicyName"]?.text, logicalID: nil, properties: value, range: root.range))
        } else if let details = root["RoleDetailList"]?.items {
            for role in details where role.entries != nil {
                resources.append(Resource(kind: .iamRole, name: role["RoleName"]?.text, logicalID: nil, properties: roleDetail(role), range: role.range))
            }
            for policy in root["Policies"]?.items ?? [] where policy.entries != nil {
                resources.append(Resource(kind: .iamPolicy, name: policy["PolicyName"]?.text, logicalID: nil, properties: managedPolicyDetail(policy),
                                          range: policy.range))
            }
        } else if let version = root["PolicyVersion"], let document = version["Document"] {
            let value = Value(.object([member("policyDocument", document, parent: "", written: "Document")]), range: version.range, path: "")
            resources.append(Resource(kind: .iamPolicy, name: nil, logicalID: nil, properties: value, range: version.range))
        } else {
            // A bare document loads as a policy whose `policyDocument` is the whole file, so
            // that findings have the same paths as in CloudFormation.
            let value = Value(.object([.init(name: "policyDocument", value: policyDocument(root, path: "policyDocument"))]), range: root.range, path: "")
            resources.append(Resource(kind: .iamPolicy, name: nil, logicalID: nil, properties: value, range: root.range))
        }
        return Document(format: .iamJSON, root: root, resources: resources)
    }

    /// A role or policy object: members re-cased like CloudFormation's (`RoleName` →
    /// `roleName`), policy documents verbatim (and decoded when the API's URL-encoded string).
    private static func properties(_ node: Node, path: String) -> Value {
        let members = (node.entries ?? []).map { entry -> Value.Member in
            let written = entry.key.text ?? ""
            return member(FieldNames.canonical(fromCloudFormation: written), entry.value, parent: path, written: written, keyRange: entry.key.range)
        }
        return Value(.object(members), range: node.range, path: path)
    }

    private static func member(_ name: String, _ node: Node, parent: String, written: String, keyRange: SourceRange? = nil) -> Value.Member {
        let path = LogicalPath.member(parent, name)
        let value = FieldNames.verbatimProperties.contains(name) ? policyDocument(node, path: path)
            : CloudFormationLoader.convert(node, path: path, mode: .properties, parent: nil)
        return .init(name: name, value: value, writtenName: written, keyRange: keyRange ?? node.range)
    }

    /// A policy document as written; one given as a string (the IAM API's URL-encoded JSON, or
    /// JSON text) is decoded, its values placed at the string.
    static func policyDocument(_ node: Node, path: String) -> Value {
        // A tagged scalar is a short-form intrinsic (`!Sub '{…}'`): its text is not the document.
        if node.tag == nil, let text = node.string, let embedded = EmbeddedJSON.node(text, at: node.range, urlEncoded: true) {
            return CloudFormationLoader.convert(embedded, path: path, mode: .verbatim, parent: nil)
        }
        return CloudFormationLoader.convert(node, path: path, mode: .verbatim, parent: nil)
    }

    /// A `RoleDetailList` item: its `RolePolicyList` is the role's `policies`, its
    /// `AttachedManagedPolicies` its `managedPolicyArns`; both are written even when absent,
    /// because this output lists every policy a role has.
    private static func roleDetail(_ role: Node) -> Value {
        var members: [Value.Member] = []
        var sawPolicies = false, sawManaged = false
        for entry in role.entries ?? [] {
            let written = entry.key.text ?? ""
            switch written {
            case "RolePolicyList":
                sawPolicies = true
                let items = (entry.value.items ?? []).enumerated().map { index, item in
                    properties(item, path: LogicalPath.index("policies", index))
                }
                members.append(.init(name: "policies", value: Value(.array(items), range: entry.value.range, path: "policies"),
                                     writtenName: written, keyRange: entry.key.range))
            case "AttachedManagedPolicies":
                sawManaged = true
                let arns = (entry.value.items ?? []).enumerated().compactMap { index, item -> Value? in
                    guard let arn = item["PolicyArn"] else { return nil }
                    return CloudFormationLoader.convert(arn, path: LogicalPath.index("managedPolicyArns", index), mode: .properties, parent: nil)
                }
                members.append(.init(name: "managedPolicyArns", value: Value(.array(arns), range: entry.value.range, path: "managedPolicyArns"),
                                     writtenName: written, keyRange: entry.key.range))
            default:
                members.append(member(FieldNames.canonical(fromCloudFormation: written), entry.value, parent: "", written: written, keyRange: entry.key.range))
            }
        }
        if !sawPolicies { members.append(.init(name: "policies", value: Value(.array([]), range: role.range, path: "policies"))) }
        if !sawManaged { members.append(.init(name: "managedPolicyArns", value: Value(.array([]), range: role.range, path: "managedPolicyArns"))) }
        return Value(.object(members), range: role.range, path: "")
    }

    /// A customer managed policy of `get-account-authorization-details`: its name, ARN and the
    /// document of its default version.
    private static func managedPolicyDetail(_ policy: Node) -> Value {
        var members: [Value.Member] = []
        for entry in policy.entries ?? [] {
            guard let written = entry.key.text, ["PolicyName", "Arn", "Path"].contains(written) else { continue }
            // Named like CloudFormation's ManagedPolicy, which is what role ARNs are matched against.
            let name = written == "PolicyName" ? "managedPolicyName" : FieldNames.canonical(fromCloudFormation: written)
            members.append(member(name, entry.value, parent: "", written: written, keyRange: entry.key.range))
        }
        let versions = policy["PolicyVersionList"]?.items ?? []
        let chosen = versions.first { $0["IsDefaultVersion"]?.text == "true" } ?? (versions.count == 1 ? versions.first : nil)
        if let document = chosen?["Document"] {
            members.append(member("policyDocument", document, parent: "", written: "Document"))
        }
        return Value(.object(members), range: policy.range, path: "")
    }
}

/// JSON held in a string (an ACK or Crossplane policy document, the IAM API's URL-encoded
/// documents): parsed, with every node placed at the string, since the string's escapes and
/// line breaks do not map back to columns simply.
enum EmbeddedJSON {
    static func node(_ text: String, at range: SourceRange, urlEncoded: Bool = false) -> Node? {
        var json = text.trimmingPrefixWhitespace()
        if urlEncoded, json.hasPrefix("%7B") || json.hasPrefix("%7b"), let decoded = json.removingPercentEncodingASCII() { json = decoded }
        guard json.hasPrefix("{") || json.hasPrefix("[") else { return nil }
        guard let parsed = try? JSONParser.parse(SourceFile(path: "<embedded>", text: json)), let root = parsed.documents.first else { return nil }
        return placed(root, at: range)
    }

    private static func placed(_ node: Node, at range: SourceRange) -> Node {
        switch node.content {
        case .scalar: return Node(node.content, tag: node.tag, range: range)
        case .sequence(let items): return Node(.sequence(items.map { placed($0, at: range) }), tag: node.tag, range: range)
        case .mapping(let entries):
            return Node(.mapping(entries.map { .init(key: placed($0.key, at: range), value: placed($0.value, at: range)) }), tag: node.tag, range: range)
        }
    }
}

private extension String {
    func trimmingPrefixWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
    }

    /// `%XX` escapes decoded (the IAM API's encoding of policy documents); nil when malformed.
    func removingPercentEncodingASCII() -> String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
