import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// IAM009: `taskRoleArn`, `executionRoleArn` or a service's `role` that is not a role name or
/// role ARN: an instance profile, policy, user or group ARN, another service's ARN, a malformed
/// ARN, or in CloudFormation a reference to a resource that is no role (`!GetAtt
/// InstanceProfile.Arn`, `!Ref ManagedPolicy`, `!GetAtt Role.RoleId`).
struct InvalidRoleReferenceRule: Rule {
    init(setup: RuleSetup) {}

    static let fields: [Resource.Kind: [String]] = [
        .taskDefinition: ["taskRoleArn", "executionRoleArn"],
        .service: ["role"],
    ]

    /// What `Ref` and `GetAtt … .Arn` of these resource types return: never a role.
    static let notRoles: [String: String] = [
        "AWS::IAM::InstanceProfile": "an instance profile",
        "AWS::IAM::ManagedPolicy": "a managed policy",
        "AWS::IAM::Policy": "an inline policy",
        "AWS::IAM::User": "a user",
        "AWS::IAM::Group": "a group",
    ]

    func check(_ resource: Resource, in context: RuleContext) {
        for field in Self.fields[resource.kind] ?? [] {
            guard let value = resource.properties[field], let problem = problem(value, in: context.document) else { continue }
            context.report("\(field) \(problem); it must name an IAM role: its name or arn:PARTITION:iam::ACCOUNT:role/NAME", at: value, in: resource)
        }
    }

    private func problem(_ value: Value, in document: Document?) -> String? {
        switch value.content {
        case .string(let text):
            return PlaceholderText.isUnknown(text) ? nil : Self.problem(literal: text)
        case .unresolved(.intrinsic(let intrinsic)):
            if intrinsic.function == "Fn::Sub", let template = intrinsic.template {
                return Self.problem(subTemplate: template)
            }
            guard intrinsic.function == "Ref" || intrinsic.function == "Fn::GetAtt", let document,
                  let reference = intrinsic.references.first, let type = Self.resourceType(reference.target, in: document) else { return nil }
            if let kind = Self.notRoles[type] {
                return "refers to \(reference.target), which is \(kind) (\(type)), not a role"
            }
            if type == "AWS::IAM::Role", intrinsic.function == "Fn::GetAtt", let attribute = reference.attribute, attribute != "Arn" {
                return "is the \(attribute) of role \(reference.target), not its name or ARN (use !GetAtt \(reference.target).Arn or !Ref \(reference.target))"
            }
            return nil
        default:
            return nil
        }
    }

    static func resourceType(_ logicalID: String, in document: Document) -> String? {
        document.root["Resources"]?[logicalID]?["Type"]?.string
    }

    /// Why a literal is no role name or role ARN, or nil. Empty values are for ECS006 and the
    /// schema rules.
    static func problem(literal text: String) -> String? {
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("arn:") {
            guard let arn = AWSARN(text) else { return "is not a well-formed ARN" }
            guard arn.service == "iam" else { return "is an ARN of \(arn.service.isEmpty ? "no service" : arn.service), not of IAM" }
            let type = arn.resource.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            guard type == "role" else {
                return "is the ARN of \(describe(resourceType: type)), not of a role"
            }
            guard arn.hasValidPartition, arn.region.isEmpty, arn.hasValidAccount, isRolePath(String(arn.resource.dropFirst("role".count))) else {
                return "is not a well-formed role ARN (no Region, a 12-digit account, role/NAME or role/PATH/NAME)"
            }
            return nil
        }
        return isRolePath(text) || isRoleName(text) ? nil : "is neither a role name (letters, digits and + = , . @ _ -) nor a role ARN"
    }

    /// The part of a Sub template after `:iam::ACCOUNT:` when it is literal.
    static func problem(subTemplate template: String) -> String? {
        // `${AWS::AccountId}` holds colons of its own: read the ARN with each variable as `$`.
        var skeleton = ""
        var rest = Substring(template)
        while let open = rest.firstRange(of: "${") {
            skeleton += rest[..<open.lowerBound] + "$"
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return nil }
            rest = rest[rest.index(after: close)...]
        }
        skeleton += rest
        guard let arn = AWSARN(skeleton), arn.service == "iam" else { return nil }
        let type = arn.resource.prefix { $0 != "/" }
        guard !type.isEmpty, !type.contains("$"), type != "role" else { return nil }
        return "is the ARN of \(describe(resourceType: String(type))), not of a role"
    }

    static func describe(resourceType type: String) -> String {
        switch type {
        case "instance-profile": return "an instance profile"
        case "policy": return "a policy"
        case "user": return "a user"
        case "group": return "a group"
        case "": return "nothing IAM knows"
        default: return "an IAM \(type)"
        }
    }

    /// IAM role names: up to 64 of `A-Za-z0-9+=,.@_-`.
    static func isRoleName(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "+=,.@_-".unicodeScalars.contains(scalar)
        }
    }

    static func isRoleName(_ text: String) -> Bool { isRoleName(Substring(text)) }

    /// `/NAME` or `/PATH/…/NAME` (the service's `role` takes a name with its path, and ARNs have
    /// one after `role`).
    static func isRolePath(_ text: String) -> Bool {
        guard text.hasPrefix("/") else { return false }
        let parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard let name = parts.last, isRoleName(name) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy { (0x21...0x7F).contains($0.value) } }
    }
}
