import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// The IAM roles and policies of a rule example, written the way each format holds them:
///
/// - ECS JSON: `iam.json` in the shape of `aws iam get-account-authorization-details` (the
///   roles with their inline and attached managed policies), and one file per policy
///   (`get-role-policy` output for a policy attached to a role, a bare document otherwise);
/// - CloudFormation: `AWS::IAM::Role` resources (without `RoleName`: the task definition names
///   them by `!GetAtt Role.Arn`), `AWS::IAM::Policy` with `Roles: [!Ref Role]`, or
///   `AWS::IAM::ManagedPolicy`;
/// - Kubernetes-style: ACK `iam.services.k8s.aws` `Role` and `Policy` objects, documents as
///   JSON text, attached policies by `policyRefs`;
/// - cross-file: the ECS resources as ECS JSON and the roles in a CloudFormation YAML template
///   of their own with their `RoleName`s, which the ECS JSON names.
enum ExampleIAM {
    static let authorizationDetailsFileName = "iam.json"

    static func isSimpleName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// `web-task` → `WebTask`: a logical ID, and the label `fires` uses is the name.
    static func logicalID(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func roleName(_ role: Node) -> String { role["roleName"]?.text ?? "" }

    /// The example role a `taskRoleArn`/`executionRoleArn`/`role` value names by name or ARN.
    static func namedRole(_ value: Node?, roles: [Node]) -> String? {
        guard let text = value?.string else { return nil }
        // `arn:…:role/path/name`, `/path/name` and `name` all end in the name.
        let name = text.split(separator: "/").last.map(String.init)
        return roles.map(roleName).first { $0 == name }
    }

    // MARK: ECS JSON (IAM JSON files)

    static func iamJSONFiles(_ resources: RuleExample.RelatedResources) -> (files: [SourceFile], labels: [String: String]) {
        var files: [SourceFile] = []
        var labels: [String: String] = [:]
        if !resources.roles.isEmpty {
            let details = resources.roles.map { role -> Node in
                var entries: [Node.Entry] = []
                for entry in role.entries ?? [] {
                    guard let name = entry.key.text else { continue }
                    switch name {
                    case "policies":
                        let items = (entry.value.items ?? []).map { policy in
                            mapping([("PolicyName", policy["policyName"] ?? scalar("")), ("PolicyDocument", policy["policyDocument"] ?? mapping([]))], at: policy.range)
                        }
                        entries.append(.init(key: scalar("RolePolicyList"), value: Node(.sequence(items), range: entry.value.range)))
                    case "managedPolicyArns":
                        let items = (entry.value.items ?? []).map { arn in
                            mapping([("PolicyName", scalar(arn.text?.split(separator: "/").last.map(String.init) ?? "")), ("PolicyArn", arn)], at: arn.range)
                        }
                        entries.append(.init(key: scalar("AttachedManagedPolicies"), value: Node(.sequence(items), range: entry.value.range)))
                    default:
                        let spelled = FieldNames.cloudFormationProperties(mapping([(name, entry.value)], at: entry.value.range))
                        entries += spelled.entries ?? []
                    }
                }
                return Node(.mapping(entries), range: role.range)
            }
            let root = mapping([("RoleDetailList", Node(.sequence(details), range: SourceRange(start: 0, end: 0)))], at: SourceRange(start: 0, end: 0))
            files.append(SourceFile(path: authorizationDetailsFileName, text: JSONWriter.write(root)))
        }
        for policy in resources.policies {
            let name = policy["policyName"]?.text ?? ""
            let fileName = "policy-\(name).json"
            let document = policy["policyDocument"] ?? mapping([])
            let root: Node
            if let role = policy["roles"]?.items?.first {
                root = mapping([("RoleName", role), ("PolicyName", scalar(name)), ("PolicyDocument", document)], at: policy.range)
                labels[fileName] = name
            } else {
                // A bare document: its findings' paths start at `policyDocument` as elsewhere.
                root = document
                labels[fileName] = name
            }
            files.append(SourceFile(path: fileName, text: JSONWriter.write(root)))
        }
        return (files, labels)
    }

    // MARK: CloudFormation

    /// Template resources for the roles and policies, and the labels of their logical IDs.
    /// `withRoleNames`: keep `RoleName` (the cross-file format, where ECS JSON names the roles).
    static func templateResources(_ resources: RuleExample.RelatedResources, withRoleNames: Bool) -> (entries: [Node.Entry], labels: [String: String]) {
        var entries: [Node.Entry] = []
        var labels: [String: String] = [:]
        for role in resources.roles {
            let name = roleName(role)
            let properties = (role.entries ?? []).filter { withRoleNames || $0.key.text != "roleName" }
            entries.append(resourceEntry(FieldNames.cloudFormationProperties(Node(.mapping(properties), range: role.range)),
                                         type: "AWS::IAM::Role", logicalID: logicalID(name)))
            labels[logicalID(name)] = name
        }
        for policy in resources.policies {
            let name = policy["policyName"]?.text ?? ""
            let document = policy["policyDocument"] ?? mapping([])
            let properties: Node
            let type: String
            if let role = policy["roles"]?.items?.first?.text {
                let reference = mapping([("Ref", scalar(logicalID(role)))], at: policy.range)
                properties = mapping([("PolicyName", scalar(name)), ("PolicyDocument", document), ("Roles", Node(.sequence([reference]), range: policy.range))], at: policy.range)
                type = "AWS::IAM::Policy"
            } else {
                properties = mapping([("ManagedPolicyName", scalar(name)), ("PolicyDocument", document)], at: policy.range)
                type = "AWS::IAM::ManagedPolicy"
            }
            entries.append(resourceEntry(properties, type: type, logicalID: logicalID(name)))
            labels[logicalID(name)] = name
        }
        return (entries, labels)
    }

    /// ECS properties whose role fields name an example role by name or ARN, pointed at the
    /// role's resource by `!GetAtt Role.Arn` instead.
    static func linkingRoles(_ properties: Node, roles: [Node]) -> Node {
        guard !roles.isEmpty, let entries = properties.entries else { return properties }
        return Node(.mapping(entries.map { entry in
            guard ["taskRoleArn", "executionRoleArn", "role"].contains(entry.key.text ?? ""), let role = namedRole(entry.value, roles: roles) else { return entry }
            let getAtt = mapping([("Fn::GetAtt", Node(.sequence([scalar(logicalID(role)), scalar("Arn")]), range: entry.value.range))], at: entry.value.range)
            return .init(key: entry.key, value: getAtt)
        }), tag: properties.tag, range: properties.range)
    }

    // MARK: Terraform

    /// The `aws_iam_role` address of an example role.
    static func terraformRole(_ name: String) -> String { "aws_iam_role.\(TerraformWriter.identifier(name))" }

    /// ECS properties whose role fields name an example role, as references to its resource.
    static func terraformRoleReferences(_ properties: Node, roles: [Node]) -> [String: String] {
        var references: [String: String] = [:]
        for entry in properties.entries ?? [] {
            guard let key = entry.key.text, ["taskRoleArn", "executionRoleArn", "role"].contains(key),
                  let role = namedRole(entry.value, roles: roles) else { continue }
            references[key] = terraformRole(role) + ".arn"
        }
        return references
    }

    /// `aws_iam_role` resources (their policies managed exclusively, so that the role holds
    /// exactly what the example gives it, as a template's role does), `aws_iam_role_policy` for a
    /// policy of a role, `aws_iam_policy` otherwise; with the labels of their addresses. Nil when
    /// one has no Terraform form.
    static func terraformResources(_ resources: RuleExample.RelatedResources) -> (text: [String], labels: [String: String])? {
        var blocks: [String] = []
        var labels: [String: String] = [:]
        for role in resources.roles {
            let name = roleName(role)
            var entries = role.entries ?? []
            let empty = SourceRange(start: 0, end: 0)
            if role["policies"] == nil {
                // `inline_policy {}`: no inline policies, and Terraform removes any.
                entries.append(.init(key: scalar("policies"), value: Node(.sequence([mapping([], at: empty)]), range: empty)))
            }
            if role["managedPolicyArns"] == nil { entries.append(.init(key: scalar("managedPolicyArns"), value: Node(.sequence([]), range: empty))) }
            guard let block = TerraformWriter.resource(Node(.mapping(entries), range: role.range), kind: .iamRole, name: TerraformWriter.identifier(name)) else {
                return nil
            }
            blocks.append(block)
            labels[terraformRole(name)] = name
        }
        for policy in resources.policies {
            let name = policy["policyName"]?.text ?? ""
            let document = policy["policyDocument"] ?? mapping([])
            let identifier = TerraformWriter.identifier(name)
            let block: String?
            if let role = policy["roles"]?.items?.first?.text {
                block = TerraformWriter.resource(mapping([("policyName", scalar(name)), ("policyDocument", document)], at: policy.range),
                                                 type: "aws_iam_role_policy", name: identifier, references: ["roleName": terraformRole(role) + ".id"])
                labels["aws_iam_role_policy.\(identifier)"] = name
            } else {
                block = TerraformWriter.resource(mapping([("managedPolicyName", scalar(name)), ("policyDocument", document)], at: policy.range),
                                                 type: "aws_iam_policy", name: identifier)
                labels["aws_iam_policy.\(identifier)"] = name
            }
            guard let block else { return nil }
            blocks.append(block)
        }
        return (blocks, labels)
    }

    // MARK: Kubernetes-style (ACK)

    static func ackObjects(_ resources: RuleExample.RelatedResources) -> [Node] {
        var objects: [Node] = []
        for role in resources.roles {
            let name = roleName(role)
            var spec: [(String, Node)] = [("name", scalar(name))]
            var managed: [Node] = []
            for entry in role.entries ?? [] {
                guard let key = entry.key.text, key != "roleName" else { continue }
                switch key {
                case "assumeRolePolicyDocument": spec.append((key, text(entry.value)))
                case "policies":
                    let inline = (entry.value.items ?? []).map { ($0["policyName"]?.text ?? "", text($0["policyDocument"] ?? mapping([]))) }
                    spec.append(("inlinePolicies", mapping(inline, at: entry.value.range)))
                case "managedPolicyArns": managed = entry.value.items ?? []
                default: spec.append((key, entry.value))
                }
            }
            if !managed.isEmpty { spec.append(("policies", Node(.sequence(managed), range: role.range))) }
            let attached = resources.policies.filter { $0["roles"]?.items?.first?.text == name }.compactMap { $0["policyName"]?.text }
            if !attached.isEmpty {
                let references = attached.map { mapping([("from", mapping([("name", scalar($0))], at: role.range))], at: role.range) }
                spec.append(("policyRefs", Node(.sequence(references), range: role.range)))
            }
            objects.append(object(kind: "Role", name: name, spec: mapping(spec, at: role.range)))
        }
        for policy in resources.policies {
            let name = policy["policyName"]?.text ?? ""
            let spec = mapping([("name", scalar(name)), ("policyDocument", text(policy["policyDocument"] ?? mapping([])))], at: policy.range)
            objects.append(object(kind: "Policy", name: name, spec: spec))
        }
        return objects
    }

    /// The label of each ACK object (its name).
    static func objectLabels(_ resources: RuleExample.RelatedResources) -> [String: String] {
        var labels: [String: String] = [:]
        for role in resources.roles { labels[roleName(role)] = roleName(role) }
        for policy in resources.policies { if let name = policy["policyName"]?.text { labels[name] = name } }
        return labels
    }

    private static func object(kind: String, name: String, spec: Node) -> Node {
        mapping([("apiVersion", scalar("iam.services.k8s.aws/v1alpha1")), ("kind", scalar(kind)),
                 ("metadata", mapping([("name", scalar(name))], at: spec.range)), ("spec", spec)], at: spec.range)
    }

    /// A policy document as the JSON text ACK takes.
    private static func text(_ document: Node) -> Node {
        Node(.scalar(.init(text: JSONWriter.write(document, indent: 0).replacing("\n", with: ""), kind: .string, style: .singleQuoted)),
             range: document.range)
    }

    // MARK: Nodes

    private static func resourceEntry(_ properties: Node, type: String, logicalID: String) -> Node.Entry {
        .init(key: scalar(logicalID), value: mapping([("Type", scalar(type)), ("Properties", properties)], at: properties.range))
    }

    static func mapping(_ entries: [(String, Node)], at range: SourceRange = SourceRange(start: 0, end: 0)) -> Node {
        Node(.mapping(entries.map { .init(key: scalar($0.0), value: $0.1) }), range: range)
    }

    static func scalar(_ text: String) -> Node {
        Node(.scalar(.init(text: text, kind: .string, style: .plain)), range: SourceRange(start: 0, end: 0))
    }
}
