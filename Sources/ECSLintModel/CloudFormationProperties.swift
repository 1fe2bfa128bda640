import ECSLintSyntax

/// Canonical (API) properties written with another format's names (CloudFormation's here, ACK's
/// in `KubernetesNames`): the inverse of the names and modes the loaders read with. Shared by the
/// rule-example renderer and `convert`.
extension FieldNames {
    /// How keys are written.
    public enum KeyMode: Sendable {
        /// API names become CloudFormation names.
        case properties
        /// A string map (`options`, `dockerLabels`): keys are data, values are properties.
        case mapKeys
        /// IAM policy documents and intrinsic-function arguments: written exactly as they are.
        case verbatim
    }

    /// Canonical names → CloudFormation names; string-map keys, policy documents and intrinsic
    /// functions (`{"Fn::Sub": …}`, `!Ref`) unchanged: their arguments are CloudFormation already.
    public static func cloudFormationProperties(_ node: Node) -> Node {
        respelled(node, keepingIntrinsics: true) { name, parent in cloudFormation(fromCanonical: name, parent: parent) }
    }

    /// Canonical properties with each member name as `spell(name, parent)` writes it (`parent` is
    /// the API name of the enclosing member, nil at the top); string-map keys and policy
    /// documents are unchanged, and intrinsic functions too when `keepingIntrinsics`.
    public static func respelled(_ node: Node, parent: String? = nil, mode: KeyMode = .properties, keepingIntrinsics: Bool,
                                 spell: (String, String?) -> String) -> Node {
        if keepingIntrinsics, isIntrinsic(node) { return node }
        func child(_ node: Node, _ parent: String?, _ mode: KeyMode) -> Node {
            respelled(node, parent: parent, mode: mode, keepingIntrinsics: keepingIntrinsics, spell: spell)
        }
        switch node.content {
        case .scalar:
            return node
        case .sequence(let items):
            return Node(.sequence(items.map { child($0, parent, mode) }), tag: node.tag, range: node.range)
        case .mapping(let entries):
            guard mode != .verbatim else { return node }
            let converted = entries.map { entry -> Node.Entry in
                let name = entry.key.text ?? ""
                guard mode == .properties else { return .init(key: entry.key, value: child(entry.value, name, .properties)) }
                let key = Node(.scalar(.init(text: spell(name, parent), kind: .string, style: .plain)), range: entry.key.range)
                let childMode: KeyMode = mapProperties.contains(name) ? .mapKeys
                    : verbatimProperties.contains(name) ? .verbatim : .properties
                return .init(key: key, value: child(entry.value, name, childMode))
            }
            return Node(.mapping(converted), tag: node.tag, range: node.range)
        }
    }

    /// A CloudFormation intrinsic function as the loader recognises one: a short-form tag
    /// (`!Sub`), or a one-entry mapping whose key is `Ref` or `Fn::…`.
    public static func isIntrinsic(_ node: Node) -> Bool {
        if let tag = node.tag, tag.hasPrefix("!"), tag.count > 1 { return true }
        guard let entries = node.entries, entries.count == 1, let key = entries[0].key.text else { return false }
        return key == "Ref" || key.hasPrefix("Fn::")
    }
}
