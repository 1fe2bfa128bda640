import ECSLintLoaders
import ECSLintModel

/// Which IAM role a `taskRoleArn`/`executionRoleArn`/`role` value names, as far as can be known
/// statically: a role name (from a name or an ARN, path ignored), a CloudFormation logical ID
/// (`Ref`, `GetAtt … .Arn`, `Sub "${Role.Arn}"`), or an imported export.
public enum RoleIdentity: Equatable, Sendable, CustomStringConvertible {
    case named(String, account: String?)
    case logical(String)
    case imported(String)
    /// A reference to one role object: a Terraform `aws_iam_role.exec.arn`, an ACK `roleRef`.
    case object(ObjectReference)

    public init?(_ value: Value, in document: Document) {
        switch value.content {
        case .unresolved(.objectReference(let reference)):
            guard reference.name != nil, reference.kind == nil || reference.kind == .iamRole else { return nil }
            self = .object(reference)
        case .string(let text):
            guard let identity = Self.fromLiteral(text) else { return nil }
            self = identity
        case .unresolved(.intrinsic(let intrinsic)):
            switch intrinsic.function {
            case "Ref", "Fn::GetAtt":
                guard let target = intrinsic.references.first?.target else { return nil }
                self = .logical(target)
            case "Fn::Sub":
                guard let template = intrinsic.template, let identity = Self.fromSub(template, references: intrinsic.references) else {
                    return nil
                }
                self = identity
            case "Fn::ImportValue":
                guard let name = intrinsic.argument.string else { return nil }
                self = .imported(name)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// `arn:aws:iam::123456789012:role/path/name` → name (and account); `name` or `/path/name` → name.
    public static func fromLiteral(_ text: String) -> RoleIdentity? {
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("arn:") {
            let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "iam", parts[5].hasPrefix("role/") else { return nil }
            guard let name = parts[5].split(separator: "/").last else { return nil }
            return .named(String(name), account: parts[4].isEmpty ? nil : String(parts[4]))
        }
        guard let name = text.split(separator: "/").last else { return nil }
        return .named(String(name), account: nil)
    }

    /// `${Role.Arn}`, `${Role}` or an ARN whose role name is `${Role}` or a literal. `references`
    /// are the template's references without Sub's local variables, which name no logical ID.
    private static func fromSub(_ template: String, references: [Reference]) -> RoleIdentity? {
        let written = CloudFormationLoader.subReferences(template)
        if template.hasPrefix("${"), template.hasSuffix("}"), written.count == 1 {
            return references.count == 1 ? .logical(references[0].target) : nil
        }
        guard let roleStart = template.firstRange(of: ":role/") else { return nil }
        let name = template[roleStart.upperBound...].split(separator: "/").last.map(String.init) ?? ""
        if name.hasPrefix("${"), name.hasSuffix("}") {
            let inner = String(name.dropFirst(2).dropLast())
            return references.contains(Reference(target: inner)) ? .logical(inner) : nil
        }
        return name.contains("${") || name.isEmpty ? nil : .named(name, account: nil)
    }

    public func isSameRole(as other: RoleIdentity, in document: Document) -> Bool {
        switch (self.resolved(in: document), other.resolved(in: document)) {
        case (.named(let left, let leftAccount), .named(let right, let rightAccount)):
            // IAM role names are unique without regard to case.
            return left.lowercased() == right.lowercased() && (leftAccount == nil || rightAccount == nil || leftAccount == rightAccount)
        case (let left, let right):
            return left == right
        }
    }

    /// A logical ID of an `AWS::IAM::Role` with a literal `RoleName` is that name.
    public func resolved(in document: Document) -> RoleIdentity {
        guard case .logical(let logicalID) = self, let role = document.resource(logicalID: logicalID), role.kind == .iamRole,
              let roleName = role.properties["roleName"]?.string else { return self }
        return .named(roleName, account: nil)
    }

    public var description: String {
        switch self {
        case .named(let name, _): return "role name \"\(name)\""
        case .logical(let logicalID): return "logical ID \"\(logicalID)\""
        case .imported(let export): return "imported \"\(export)\""
        case .object(let reference): return "\"\(reference.name ?? "")\""
        }
    }
}
