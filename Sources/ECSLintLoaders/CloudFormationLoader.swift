import ECSLintModel
import ECSLintSyntax

/// CloudFormation JSON and YAML templates: ECS and IAM resources are mapped to the canonical
/// (API, camelCase) shape; intrinsic functions in long and short form become unresolved values
/// that remember which logical IDs they name.
public enum CloudFormationLoader {
    /// Short-form YAML tags and the long-form functions they stand for.
    public static func function(forTag tag: String) -> String? {
        guard tag.hasPrefix("!"), tag.count > 1 else { return nil }
        let name = String(tag.dropFirst())
        switch name {
        case "Ref", "Condition": return name
        default: return "Fn::" + name
        }
    }

    static func load(_ root: Node) -> Document {
        let parameters = Set(root["Parameters"]?.entries?.compactMap { $0.key.text } ?? [])
        var resources: [Resource] = []
        var suppressions: [EmbeddedSuppressions] = []
        if let node = root["Metadata"]?["ecs-lint"] {
            suppressions.append(EmbeddedSuppressions(scope: root.range, resource: nil, node: node))
        }
        for entry in root["Resources"]?.entries ?? [] {
            if let node = entry.value["Metadata"]?["ecs-lint"] {
                suppressions.append(EmbeddedSuppressions(scope: entry.value.range, resource: entry.key.text, node: node))
            }
            // A resource written as a short-form function (`!If {Type: …}`) is not one
            // CloudFormation creates: read as one, it could not be written back as one.
            guard let logicalID = entry.key.text, entry.value.tag?.hasPrefix("!") != true, let type = entry.value["Type"]?.string,
                  let kind = FieldNames.cloudFormationTypes[type] else { continue }
            let properties: Value
            if let node = entry.value["Properties"] {
                properties = convert(node, path: "", mode: .properties, parent: nil)
            } else {
                properties = Value(.object([]), range: entry.value.range, path: "")
            }
            resources.append(Resource(kind: kind, name: logicalID, logicalID: logicalID, properties: properties, range: entry.value.range))
        }
        var uses: [TemplateReferences.Use] = []
        collectReferences(root, into: &uses)
        let templateReferences = TemplateReferences(
            uses: uses, resourceIDs: Set(root["Resources"]?.entries?.compactMap(\.key.text) ?? []), parameters: parameters,
            transformed: root["Transform"] != nil)
        return Document(format: .cloudFormation, root: root, resources: resources, parameters: parameters,
                        embeddedSuppressions: suppressions, templateReferences: templateReferences)
    }

    /// Every `Ref`, `Fn::GetAtt` and `Fn::Sub` under `node`, in source order.
    static func collectReferences(_ node: Node, into uses: inout [TemplateReferences.Use]) {
        if let (function, argument) = intrinsicParts(node) {
            let references = self.references(function, argument)
            if !references.isEmpty {
                // The name as written: the Ref argument, GetAtt's logical ID, Sub's template.
                let written = argument.items?.first ?? argument
                uses += references.map { TemplateReferences.Use(reference: $0, function: function, range: written.range) }
            }
            // Arguments nest (`!Sub` with a variable map of `!Ref`s, `!Select [0, !GetAZs …]`).
            switch argument.content {
            case .sequence(let items): for item in items { collectReferences(item, into: &uses) }
            case .mapping(let entries): for entry in entries { collectReferences(entry.value, into: &uses) }
            case .scalar: break
            }
            return
        }
        switch node.content {
        case .scalar: break
        case .sequence(let items): for item in items { collectReferences(item, into: &uses) }
        case .mapping(let entries): for entry in entries { collectReferences(entry.value, into: &uses) }
        }
    }

    enum Mode {
        /// Resource properties: names are re-cased to the API's.
        case properties
        /// A string map (`Options`, `DockerLabels`): keys are data, values are properties.
        case mapKeys
        /// IAM policy documents and intrinsic arguments: kept exactly as written.
        case verbatim
    }

    static func convert(_ node: Node, path: String, mode: Mode, parent: String?) -> Value {
        if let intrinsic = intrinsic(node, path: path) {
            return Value(.unresolved(.intrinsic(intrinsic)), range: node.range, path: path)
        }
        switch node.content {
        case .scalar(let scalar):
            return Value(scalarContent(scalar), range: node.range, path: path)
        case .sequence(let items):
            let values = items.enumerated().map {
                convert($0.element, path: LogicalPath.index(path, $0.offset), mode: mode, parent: parent)
            }
            return Value(.array(values), range: node.range, path: path)
        case .mapping(let entries):
            let members = entries.map { entry -> Value.Member in
                let written = entry.key.text ?? ""
                let name = mode == .properties ? FieldNames.canonical(fromCloudFormation: written) : written
                let childMode: Mode
                switch mode {
                case .verbatim: childMode = .verbatim
                case .mapKeys: childMode = .properties
                case .properties:
                    childMode = FieldNames.mapProperties.contains(name) ? .mapKeys
                        : FieldNames.verbatimProperties.contains(name) ? .verbatim : .properties
                }
                let childPath = LogicalPath.member(path, name)
                // Policy documents are often written as JSON text (`PolicyDocument: '{"Version": …}'`).
                let value = mode == .properties && FieldNames.verbatimProperties.contains(name) && entry.value.string != nil && entry.value.tag == nil
                    ? IAMJSONLoader.policyDocument(entry.value, path: childPath)
                    : convert(entry.value, path: childPath, mode: childMode, parent: name)
                return .init(name: name, value: value, writtenName: written, keyRange: entry.key.range)
            }
            return Value(.object(members), range: node.range, path: path)
        }
    }

    private static func scalarContent(_ scalar: Node.Scalar) -> Value.Content {
        switch scalar.kind {
        case .string:
            if scalar.text.containsBytes("{{resolve:") { return .unresolved(.dynamicReference(scalar.text)) }
            // Templates are often rendered by another tool first (`${VAR}`, `{{ var }}`).
            if Placeholders.contains(scalar.text) { return .unresolved(.placeholder(scalar.text)) }
            return .string(scalar.text)
        case .integer, .float: return .number(scalar.text)
        case .bool: return .bool(scalar.text.lowercased() == "true")
        case .null: return .null
        }
    }

    /// The function and argument of `{"Ref": X}`, `{"Fn::GetAtt": …}` or a short-form tag such as `!Sub`.
    private static func intrinsicParts(_ node: Node) -> (function: String, argument: Node)? {
        if let tag = node.tag, let name = Self.function(forTag: tag) {
            return (name, Node(node.content, range: node.range))  // the same node without its tag
        }
        if let entries = node.entries, entries.count == 1, let key = entries[0].key.text, key == "Ref" || key.hasPrefix("Fn::") {
            return (key, entries[0].value)
        }
        return nil
    }

    private static func intrinsic(_ node: Node, path: String) -> Intrinsic? {
        guard let (function, argumentNode) = intrinsicParts(node) else { return nil }
        let argument = convert(argumentNode, path: path, mode: .verbatim, parent: nil)
        let template = function == "Fn::Sub" ? (argumentNode.string ?? argumentNode.items?.first?.string) : nil
        return Intrinsic(function: function, argument: argument, references: references(function, argumentNode), template: template)
    }

    /// The logical IDs and parameters an intrinsic names. They come from the raw nodes: `${…}` in
    /// a Sub template is syntax, not a placeholder.
    private static func references(_ function: String, _ argumentNode: Node) -> [Reference] {
        var references: [Reference] = []
        switch function {
        case "Ref":
            if let target = argumentNode.string, !target.hasPrefix("AWS::") { references = [Reference(target: target)] }
        case "Fn::GetAtt":
            if let text = argumentNode.string, let dot = text.firstIndex(of: ".") {
                references = [Reference(target: String(text[..<dot]), attribute: String(text[text.index(after: dot)...]))]
            } else if let parts = argumentNode.items, parts.count == 2, let target = parts[0].string {
                references = [Reference(target: target, attribute: parts[1].string)]
            }
        case "Fn::Sub":
            let localNames = Set(argumentNode.items?.dropFirst().first?.entries?.compactMap(\.key.text) ?? [])
            let template = argumentNode.string ?? argumentNode.items?.first?.string
            references = template.map { subReferences($0).filter { !localNames.contains($0.target) } } ?? []
        default:
            break
        }
        return references
    }

    /// The same template with short-form tags written in long form (`!GetAtt A.B` →
    /// `{"Fn::GetAtt": ["A", "B"]}`), as CloudFormation JSON needs.
    public static func longForm(_ node: Node) -> Node {
        let content: Node.Content
        switch node.content {
        case .scalar: content = node.content
        case .sequence(let items): content = .sequence(items.map(longForm))
        case .mapping(let entries): content = .mapping(entries.map { .init(key: $0.key, value: longForm($0.value)) })
        }
        guard let tag = node.tag, let function = function(forTag: tag) else {
            return Node(content, tag: node.tag?.hasPrefix("!") == true ? nil : node.tag, range: node.range)
        }
        var argument = Node(content, range: node.range)
        if function == "Fn::GetAtt", let text = node.string, let dot = text.firstIndex(of: ".") {
            let parts = [String(text[..<dot]), String(text[text.index(after: dot)...])].map {
                Node(.scalar(.init(text: $0, kind: .string, style: .plain)), range: node.range)
            }
            argument = Node(.sequence(parts), range: node.range)
        }
        let key = Node(.scalar(.init(text: function, kind: .string, style: .plain)), range: node.range)
        return Node(.mapping([.init(key: key, value: argument)]), range: node.range)
    }

    /// `${Name}` and `${Name.Attribute}` in an `Fn::Sub` template; `${!Literal}` and pseudo
    /// parameters (`${AWS::Region}`) name nothing.
    public static func subReferences(_ template: String) -> [Reference] {
        var references: [Reference] = []
        var rest = Substring(template)
        while let open = rest.firstRange(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let name = rest[open.upperBound..<close]
            rest = rest[rest.index(after: close)...]
            guard !name.isEmpty, !name.hasPrefix("!"), !name.hasPrefix("AWS::") else { continue }
            if let dot = name.firstIndex(of: ".") {
                references.append(Reference(target: String(name[..<dot]), attribute: String(name[name.index(after: dot)...])))
            } else {
                references.append(Reference(target: String(name)))
            }
        }
        return references
    }
}
