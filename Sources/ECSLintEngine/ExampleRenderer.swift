import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// Writes a rule example in each input format, so one example proves a rule on ECS JSON and on
/// CloudFormation JSON and YAML.
public enum ExampleRenderer {
    public struct Rendered: Sendable {
        public let format: ExampleFormat
        public let source: SourceFile
    }

    /// Logical IDs the canonical examples get in CloudFormation.
    public static func logicalID(for input: RuleExample.Input) -> String? {
        switch input {
        case .taskDefinition: return "TaskDefinition"
        case .service: return "Service"
        default: return nil
        }
    }

    public static func render(_ example: RuleExample) -> [Rendered] {
        switch example.input {
        case .taskDefinition(let node):
            return canonical(node, type: "AWS::ECS::TaskDefinition", logicalID: "TaskDefinition")
        case .service(let node):
            return canonical(node, type: "AWS::ECS::Service", logicalID: "Service")
        case .template(let text):
            var rendered = [Rendered(format: .cloudFormationYAML, source: SourceFile(path: ExampleFormat.cloudFormationYAML.fileName, text: text))]
            if let parsed = try? YAMLLoader.parse(SourceFile(path: "template.yaml", text: text)), let root = parsed.documents.first {
                let json = JSONWriter.write(CloudFormationLoader.longForm(root))
                rendered.append(Rendered(format: .cloudFormationJSON, source: SourceFile(path: ExampleFormat.cloudFormationJSON.fileName, text: json)))
            }
            return rendered
        case .sources(let texts):
            return ExampleFormat.allCases.compactMap { format in
                texts[format].map { Rendered(format: format, source: SourceFile(path: format.fileName, text: $0)) }
            }
        }
    }

    private static func canonical(_ node: Node, type: String, logicalID: String) -> [Rendered] {
        let template = cloudFormationTemplate(properties: cloudFormationProperties(node),
                                              type: type, logicalID: logicalID)
        return [
            Rendered(format: .ecsJSON, source: SourceFile(path: ExampleFormat.ecsJSON.fileName, text: JSONWriter.write(node))),
            Rendered(format: .cloudFormationJSON, source: SourceFile(path: ExampleFormat.cloudFormationJSON.fileName, text: JSONWriter.write(template))),
            Rendered(format: .cloudFormationYAML, source: SourceFile(path: ExampleFormat.cloudFormationYAML.fileName, text: YAMLWriter.write(template))),
        ]
    }

    private static func scalar(_ text: String, _ range: SourceRange) -> Node {
        Node(.scalar(.init(text: text, kind: .string, style: .plain)), range: range)
    }

    private static func cloudFormationTemplate(properties: Node, type: String, logicalID: String) -> Node {
        let range = properties.range
        let resource = Node(.mapping([
            .init(key: scalar("Type", range), value: scalar(type, range)),
            .init(key: scalar("Properties", range), value: properties),
        ]), range: range)
        let resources = Node(.mapping([.init(key: scalar(logicalID, range), value: resource)]), range: range)
        return Node(.mapping([.init(key: scalar("Resources", range), value: resources)]), range: range)
    }

    /// How keys are written; the inverse of the modes `CloudFormationLoader` reads with.
    public enum KeyMode: Sendable {
        /// API names become CloudFormation names.
        case properties
        /// A string map (`options`, `dockerLabels`): keys are data, values are properties.
        case mapKeys
        /// IAM policy documents: written exactly as they are.
        case verbatim
    }

    /// Canonical (API) names → CloudFormation names; string-map keys and policy documents unchanged.
    public static func cloudFormationProperties(_ node: Node, parent: String? = nil, mode: KeyMode = .properties) -> Node {
        switch node.content {
        case .scalar:
            return node
        case .sequence(let items):
            return Node(.sequence(items.map { cloudFormationProperties($0, parent: parent, mode: mode) }), tag: node.tag, range: node.range)
        case .mapping(let entries):
            guard mode != .verbatim else { return node }
            let converted = entries.map { entry -> Node.Entry in
                let name = entry.key.text ?? ""
                guard mode == .properties else {
                    return .init(key: entry.key, value: cloudFormationProperties(entry.value, parent: name, mode: .properties))
                }
                let key = Node(.scalar(.init(text: FieldNames.cloudFormation(fromCanonical: name, parent: parent), kind: .string, style: .plain)),
                               range: entry.key.range)
                let childMode: KeyMode = FieldNames.mapProperties.contains(name) ? .mapKeys
                    : FieldNames.verbatimProperties.contains(name) ? .verbatim : .properties
                return .init(key: key, value: cloudFormationProperties(entry.value, parent: name, mode: childMode))
            }
            return Node(.mapping(converted), tag: node.tag, range: node.range)
        }
    }
}
