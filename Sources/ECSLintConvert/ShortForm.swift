import ECSLintSyntax

/// CloudFormation YAML's short-form tags for long-form intrinsics (`{"Fn::Sub": "x"}` →
/// `!Sub x`, `{"Fn::GetAtt": ["A", "B"]}` → `!GetAtt A.B`); the inverse of
/// `CloudFormationLoader.longForm`.
enum ShortForm {
    /// Functions that have a short form (CloudFormation's intrinsic function reference).
    /// `Condition` is not among them: a one-key `{"Condition": …}` mapping may be data.
    static let functions: Set<String> = [
        "Ref", "Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs", "Fn::ImportValue", "Fn::Join",
        "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::Transform", "Fn::And", "Fn::Equals", "Fn::If", "Fn::Not", "Fn::Or",
        "Fn::ToJsonString", "Fn::Length",
    ]

    static func apply(_ node: Node) -> Node {
        let content: Node.Content
        switch node.content {
        case .scalar: return node
        case .sequence(let items): content = .sequence(items.map(apply))
        case .mapping(let entries): content = .mapping(entries.map { .init(key: $0.key, value: apply($0.value)) })
        }
        guard node.tag == nil, case .mapping(let entries) = content, entries.count == 1, let function = entries[0].key.text,
              functions.contains(function) else {
            return Node(content, tag: node.tag, range: node.range)
        }
        let argument = entries[0].value
        // One node carries one tag: `Fn::Base64: !Sub …` keeps the outer function long.
        if argument.tag?.hasPrefix("!") == true { return Node(content, tag: node.tag, range: node.range) }
        let tag = "!" + (function.hasPrefix("Fn::") ? String(function.dropFirst(4)) : function)
        if function == "Ref", argument.scalar == nil { return Node(content, tag: node.tag, range: node.range) }
        if function == "Fn::GetAtt", let parts = argument.items, parts.count == 2,
           let target = parts[0].string, let attribute = parts[1].string, parts.allSatisfy({ $0.tag == nil }), !target.contains(".") {
            return Node(.scalar(.init(text: target + "." + attribute, kind: .string, style: .plain)), tag: tag, range: node.range)
        }
        return Node(argument.content, tag: tag, range: node.range)
    }
}
