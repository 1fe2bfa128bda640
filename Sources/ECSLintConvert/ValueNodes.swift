import ECSLintModel
import ECSLintSyntax

/// Output nodes. They have no source, so their ranges are empty.
enum Build {
    static let noRange = SourceRange(start: 0, end: 0)

    static func string(_ text: String) -> Node {
        Node(.scalar(.init(text: text, kind: .string, style: .plain)), range: noRange)
    }

    static func integer(_ value: Int) -> Node {
        Node(.scalar(.init(text: String(value), kind: .integer, style: .plain)), range: noRange)
    }

    /// A number as the source wrote it.
    static func number(_ text: String) -> Node {
        let kind: ScalarKind = ModelComparison.integer(text) != nil ? .integer : .float
        return Node(.scalar(.init(text: text, kind: kind, style: .plain)), range: noRange)
    }

    static func bool(_ flag: Bool) -> Node {
        Node(.scalar(.init(text: flag ? "true" : "false", kind: .bool, style: .plain)), range: noRange)
    }

    static let null = Node(.scalar(.init(text: "null", kind: .null, style: .plain)), range: noRange)

    static func sequence(_ items: [Node]) -> Node {
        Node(.sequence(items), range: noRange)
    }

    static func mapping(_ entries: [(String, Node)]) -> Node {
        Node(.mapping(entries.map { .init(key: string($0.0), value: $0.1) }), range: noRange)
    }

    static func mapping(_ entries: KeyValuePairs<String, Node?>) -> Node {
        mapping(entries.compactMap { key, value in value.map { (key, $0) } })
    }
}

/// Writes canonical values as nodes for one target, leaving out (and remembering) what the
/// target cannot carry.
struct ValueWriter {
    enum Naming {
        /// API (camelCase) names: ECS JSON, and CloudFormation after `FieldNames.cloudFormationProperties`.
        case canonical
        /// The names as the source wrote them: CloudFormation to CloudFormation.
        case written
    }

    /// A member about to be written, for `refusal`.
    struct MemberContext {
        let member: Value.Member
        /// The API name of the object it is in; nil at the top of a resource.
        let parent: String?
        /// How the loader read the object's keys.
        let mode: FieldNames.KeyMode
    }

    let naming: Naming
    /// Leave out members whose value is null: "not set" to the ECS API, but a value CloudFormation
    /// rejects. Not a loss (`ModelComparison` reads them as absent).
    var omitsNullMembers = false
    /// Why a value cannot be carried, or nil to carry it. `member` is nil for list items and
    /// the resource's properties themselves.
    let refusal: (Value, MemberContext?) -> String?
    private(set) var lost: [(value: Value, reason: String)] = []
    /// For Kubernetes-style output: the member that carries a reference to an object in place of
    /// a member (`taskDefinition` → `taskDefinitionRef`), and how the reference is written.
    var referenceMember: ((_ member: String, _ reference: ObjectReference) -> (key: String, node: Node)?)?

    init(naming: Naming, refusal: @escaping (Value, MemberContext?) -> String?) {
        self.naming = naming
        self.refusal = refusal
    }

    var lostLocations: Set<ValueLocation> { Set(lost.map { ValueLocation($0.value) }) }

    /// Why a format other than CloudFormation cannot carry a value only CloudFormation resolves
    /// (an intrinsic function, a dynamic reference); nil for any other value.
    static func cloudFormationOnly(_ value: Value, target: String) -> String? {
        switch value.content {
        case .unresolved(.intrinsic(let intrinsic)):
            return "\(intrinsic.function) is a CloudFormation intrinsic function; \(target) cannot express it"
        case .unresolved(.dynamicReference):
            return "a dynamic reference is resolved only by CloudFormation; \(target) would read it as a literal string"
        default:
            return nil
        }
    }

    /// The node for a resource's properties; nil when they are not carried at all.
    mutating func node(_ value: Value) -> Node? {
        node(value, context: nil, mode: .properties, parent: nil)
    }

    private mutating func node(_ value: Value, context: MemberContext?, mode: FieldNames.KeyMode, parent: String?) -> Node? {
        if let reason = refusal(value, context) {
            lost.append((value, reason))
            return nil
        }
        switch value.content {
        case .string(let text):
            return Build.string(text)
        case .number(let text):
            return Build.number(text)
        case .bool(let flag):
            return Build.bool(flag)
        case .null:
            return Build.null
        case .array(let items):
            return Build.sequence(items.compactMap { node($0, context: nil, mode: mode, parent: parent) })
        case .object(let members):
            // A repeated key: the last one is what every AWS tool reads.
            var last: [String: Int] = [:]
            for (index, member) in members.enumerated() { last[key(member)] = index }
            var entries: [(String, Node)] = []
            for (index, member) in members.enumerated() {
                if omitsNullMembers, member.value.isNull { continue }
                guard last[key(member)] == index else {
                    lost.append((member.value, "'\(key(member))' is repeated in its object; the later one counts"))
                    continue
                }
                let childMode: FieldNames.KeyMode
                switch mode {
                case .verbatim: childMode = .verbatim
                case .mapKeys: childMode = .properties
                case .properties:
                    childMode = FieldNames.mapProperties.contains(member.name) ? .mapKeys
                        : FieldNames.verbatimProperties.contains(member.name) ? .verbatim : .properties
                }
                // A Kubernetes reference stays one in Kubernetes-style output; a Terraform
                // resource address names no object there.
                if case .objectReference(let reference)? = member.value.unresolved, mode == .properties, reference.system == .kubernetes,
                   let written = referenceMember?(member.name, reference) {
                    entries.append(written)
                    continue
                }
                let context = MemberContext(member: member, parent: parent, mode: mode)
                if let child = node(member.value, context: context, mode: childMode, parent: member.name) {
                    entries.append((key(member), child))
                }
            }
            return Build.mapping(entries)
        case .unresolved(.intrinsic(let intrinsic)):
            return Self.intrinsicNode(intrinsic)
        case .unresolved(.placeholder(let text)), .unresolved(.dynamicReference(let text)):
            // The loaders read these back from the same text.
            return Build.string(text)
        case .unresolved(.objectReference(let reference)):
            // The controller (or Terraform) fills it from another object; only Kubernetes-style
            // output can say so.
            let target = reference.system == .terraform ? "the Terraform resource" : "the Kubernetes object"
            lost.append((value, "a reference to \(target) \(reference.name.map { "'\($0)'" } ?? "a selector picks")"))
            return nil
        }
    }

    private func key(_ member: Value.Member) -> String {
        naming == .written ? member.writtenName : member.name
    }

    /// `{"Fn::Sub": …}` in long form; its argument is CloudFormation as written (the loader
    /// reads intrinsic arguments verbatim), nested intrinsics included.
    static func intrinsicNode(_ intrinsic: Intrinsic) -> Node {
        // `!GetAtt A.B` is short-form sugar: the long form is a list.
        if intrinsic.function == "Fn::GetAtt", let text = intrinsic.argument.string, let dot = text.firstIndex(of: ".") {
            let parts = [String(text[..<dot]), String(text[text.index(after: dot)...])]
            return Build.mapping([(intrinsic.function, Build.sequence(parts.map(Build.string)))])
        }
        var verbatim = ValueWriter(naming: .written) { _, _ in nil }
        return Build.mapping([(intrinsic.function, verbatim.node(intrinsic.argument) ?? Build.null)])
    }
}
