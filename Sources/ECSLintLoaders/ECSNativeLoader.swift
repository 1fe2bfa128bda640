import ECSLintModel
import ECSLintSyntax

/// ECS-native JSON: already in the canonical shape; templating placeholders become unresolved.
enum ECSNativeLoader {
    static func taskDefinition(_ root: Node, format: DocumentFormat) -> Resource {
        let properties: Value
        switch format {
        case .ecsTaskDefinitionDescribe:
            properties = convert(root["taskDefinition"] ?? root, path: "")
        case .ecsContainerDefinitions:
            let containers = convert(root, path: "containerDefinitions")
            properties = Value(.object([.init(name: "containerDefinitions", value: containers)]), range: root.range, path: "")
        default:
            properties = convert(root, path: "")
        }
        return Resource(kind: .taskDefinition, name: properties["family"]?.string, logicalID: nil,
                        properties: properties, range: root.range)
    }

    /// `create-service` input, `{"service": …}` (its output) or `{"services": […]}` (describe).
    static func services(_ root: Node) -> [Resource] {
        described(root, single: "service", list: "services", kind: .service, nameKey: "serviceName")
    }

    /// `create-cluster` input, `{"cluster": …}` (its output) or `{"clusters": […]}` (describe).
    static func clusters(_ root: Node) -> [Resource] {
        described(root, single: "cluster", list: "clusters", kind: .cluster, nameKey: "clusterName")
    }

    /// The objects of an API response (`list`, or `single` wrapped) or the request itself.
    private static func described(_ root: Node, single: String, list: String, kind: Resource.Kind, nameKey: String) -> [Resource] {
        let nodes: [Node]
        if let items = root[list]?.items {
            nodes = items.filter { $0.entries != nil }
        } else if let object = root[single], object.entries != nil {
            nodes = [object]
        } else {
            nodes = [root]
        }
        return nodes.map { node in
            let properties = convert(node, path: "")
            return Resource(kind: kind, name: properties[nameKey]?.string, logicalID: nil, properties: properties, range: node.range)
        }
    }

    /// The services of a CodeDeploy AppSpec (`Resources: [{TargetService: {Type:
    /// AWS::ECS::Service, Properties: …}}]`); `Properties` in canonical case, so
    /// `LoadBalancerInfo.ContainerName` is `loadBalancerInfo.containerName`.
    static func appSpecServices(_ root: Node) -> [Resource] {
        (root["Resources"]?.items ?? []).flatMap { item in
            (item.entries ?? []).compactMap { entry -> Resource? in
                guard entry.value["Type"]?.string == "AWS::ECS::Service" else { return nil }
                let properties = entry.value["Properties"].map { convert($0, path: "", keyName: FieldNames.canonical(fromCloudFormation:)) }
                    ?? Value(.object([]), range: entry.value.range, path: "")
                return Resource(kind: .appSpec, name: entry.key.text, logicalID: nil, properties: properties, range: entry.value.range)
            }
        }
    }

    /// Native JSON keeps its member names; `keyName` maps them for formats that capitalise them
    /// (never the keys of string maps such as `options`, which are data).
    static func convert(_ node: Node, path: String, keyName: @escaping (String) -> String = { $0 }, inMap: Bool = false) -> Value {
        switch node.content {
        case .scalar(let scalar):
            return Value(scalarContent(scalar), range: node.range, path: path)
        case .sequence(let items):
            let values = items.enumerated().map { convert($0.element, path: LogicalPath.index(path, $0.offset), keyName: keyName) }
            return Value(.array(values), range: node.range, path: path)
        case .mapping(let entries):
            let members = entries.map { entry -> Value.Member in
                let written = entry.key.text ?? ""
                let name = inMap ? written : keyName(written)
                let value = convert(entry.value, path: LogicalPath.member(path, name), keyName: keyName,
                                    inMap: !inMap && FieldNames.mapProperties.contains(name))
                return .init(name: name, value: value, writtenName: written, keyRange: entry.key.range)
            }
            return Value(.object(members), range: node.range, path: path)
        }
    }

    static func scalarContent(_ scalar: Node.Scalar) -> Value.Content {
        switch scalar.kind {
        case .string:
            if Placeholders.contains(scalar.text) { return .unresolved(.placeholder(scalar.text)) }
            return .string(scalar.text)
        case .integer, .float: return .number(scalar.text)
        case .bool: return .bool(scalar.text.lowercased() == "true")
        case .null: return .null
        }
    }
}

/// Templating placeholders seen in ECS-native files: CodeDeploy `<IMAGE1_NAME>`, the ECS agent's
/// `$$$NAME$$$` (also with four dollars), shell/Terraform `${var}`, a whole value `$NAME`
/// (`envsubst` templates, a variable the container's shell expands) and Jinja/Handlebars
/// `{{ var }}`.
enum Placeholders {
    static func contains(_ text: String) -> Bool {
        if isShellVariable(text) { return true }
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "{") }) else {
            return false
        }
        if text.containsBytes("$$$") || text.containsBytes("{{") { return true }
        if let open = text.utf8Offset(of: "${"), text.utf8.dropFirst(open + 2).contains(UInt8(ascii: "}")) { return true }
        return containsAngleName(text)
    }

    /// A whole value that is a shell variable, `$NAME`: manifests rendered with `envsubst` (the
    /// ACK controller's own test manifests), or a command argument the container's shell expands.
    static func isShellVariable(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard scalars.count > 1, scalars.first == "$" else { return false }
        return scalars.dropFirst().allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            && !("0"..."9").contains(scalars.dropFirst().first!)
    }

    /// `<NAME>` with an upper-case identifier inside, as CodeDeploy writes them.
    private static func containsAngleName(_ text: String) -> Bool {
        var nameLength: Int? = nil  // nil while outside "<…"
        for scalar in text.unicodeScalars {
            if scalar == "<" {
                nameLength = 0
            } else if let length = nameLength {
                if scalar == ">", length > 0 { return true }
                let isNameCharacter = ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
                nameLength = isNameCharacter ? length + 1 : nil
            }
        }
        return false
    }
}
