import ECSLintSyntax

/// A value in the canonical (ECS API, camelCase) shape. Every value keeps the byte range of the
/// source node it came from and its logical path inside its resource, so a rule that reports on a
/// value reports the right place in every input format.
public final class Value: Sendable {
    public enum Content: Sendable {
        case string(String)
        /// Numbers keep their source text; rules convert as they need.
        case number(String)
        case bool(Bool)
        case null
        case array([Value])
        case object([Member])
        case unresolved(Unresolved)
    }

    public struct Member: Sendable {
        /// The canonical (ECS API) name.
        public let name: String
        public let value: Value
        /// The name as the source spells it (`Image` in CloudFormation for `image`): schema rules
        /// judge, and fixes rewrite, what the user wrote.
        public let writtenName: String
        /// Where the key is written; nil for members a loader made up (a bare container list's
        /// `containerDefinitions`).
        public let keyRange: SourceRange?
        public init(name: String, value: Value, writtenName: String? = nil, keyRange: SourceRange? = nil) {
            self.name = name
            self.value = value
            self.writtenName = writtenName ?? name
            self.keyRange = keyRange
        }
    }

    public let content: Content
    public let range: SourceRange
    /// Logical path inside the resource, e.g. `containerDefinitions[0].environment[1]`.
    public let path: String

    public init(_ content: Content, range: SourceRange, path: String) {
        self.content = content
        self.range = range
        self.path = path
    }

    /// The member named `name` (the last one if the source repeated the key).
    public subscript(name: String) -> Value? {
        guard case .object(let members) = content else { return nil }
        for member in members.reversed() where member.name == name { return member.value }
        return nil
    }

    public var members: [Member]? {
        if case .object(let members) = content { return members }
        return nil
    }

    public var array: [Value]? {
        if case .array(let items) = content { return items }
        return nil
    }

    /// A known string.
    public var string: String? {
        if case .string(let text) = content { return text }
        return nil
    }

    /// A known string or number, as text (task `cpu` may be either).
    public var scalarText: String? {
        switch content {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// A known boolean; CloudFormation also accepts the strings "true"/"false".
    public var bool: Bool? {
        switch content {
        case .bool(let flag): return flag
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    public var unresolved: Unresolved? {
        if case .unresolved(let unresolved) = content { return unresolved }
        return nil
    }

    public var isUnresolved: Bool { unresolved != nil }

    /// JSON `null`, which the ECS API reads as "not set".
    public var isNull: Bool {
        if case .null = content { return true }
        return false
    }

    /// Known strings of an array, skipping unknown items.
    public var strings: [String] { array?.compactMap(\.string) ?? [] }

    /// Whether the value, or anything inside it, is unresolved.
    public var containsUnresolved: Bool {
        switch content {
        case .unresolved: return true
        case .array(let items): return items.contains { $0.containsUnresolved }
        case .object(let members): return members.contains { $0.value.containsUnresolved }
        default: return false
        }
    }
}

/// A value the linter cannot know statically. Rules stay silent on these unless a rule says so.
public enum Unresolved: Sendable {
    /// A CloudFormation intrinsic function (`Ref`, `Fn::GetAtt`, `Fn::Sub`, …).
    case intrinsic(Intrinsic)
    /// A templating placeholder: `<IMAGE1_NAME>`, `$$$$CPU$$$$`, `${var}`.
    case placeholder(String)
    /// A CloudFormation dynamic reference `{{resolve:…}}`, resolved at deploy time.
    case dynamicReference(String)
    /// A Kubernetes-style reference to another object (ACK `taskDefinitionRef: {from: {name}}`,
    /// Crossplane `clusterRef: {name}`), resolved by the controller when it applies the object.
    case objectReference(ObjectReference)
}

/// What a Kubernetes-style reference names: the kind of resource, when the field says, and the
/// object's name. The workspace follows it when the run holds exactly one such object.
public struct ObjectReference: Sendable, Hashable {
    /// Who resolves the reference: a Kubernetes controller, or Terraform (a resource address
    /// such as `aws_iam_role.exec`, in the namespace of its module).
    public enum System: Sendable, Hashable { case kubernetes, terraform }

    public let kind: Resource.Kind?
    public let name: String?
    public let namespace: String?
    public let system: System

    public init(kind: Resource.Kind?, name: String?, namespace: String?, system: System = .kubernetes) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.system = system
    }
}

public struct Intrinsic: Sendable {
    /// Long-form name: `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Condition`, …
    public let function: String
    /// The argument, in canonical form (its own intrinsics unresolved in turn).
    public let argument: Value
    /// What the function refers to, when it names logical IDs or parameters.
    public let references: [Reference]
    /// For `Fn::Sub`, the template string.
    public let template: String?

    public init(function: String, argument: Value, references: [Reference], template: String?) {
        self.function = function
        self.argument = argument
        self.references = references
        self.template = template
    }
}

/// A logical ID (resource or parameter) with an optional attribute (`Role.Arn`).
public struct Reference: Hashable, Sendable {
    public let target: String
    public let attribute: String?
    public init(target: String, attribute: String? = nil) {
        self.target = target
        self.attribute = attribute
    }
}
