import ECSLintModel
import ECSLintSyntax

/// Writes canonical resources (the ECS API's shape, as `Node`s) as Terraform resources, along
/// the same argument tables the loader reads: container definitions as `jsonencode(…)` of HCL
/// values, so that every value keeps a place of its own. Nil when the resource has a member the
/// AWS provider has no argument for, or a value it cannot hold as written (an `assignPublicIp`
/// that is neither `ENABLED` nor `DISABLED`): such a resource does not exist in Terraform.
public enum TerraformWriter {
    public static let resourceTypes: [Resource.Kind: String] = [
        .taskDefinition: "aws_ecs_task_definition", .service: "aws_ecs_service", .cluster: "aws_ecs_cluster", .iamRole: "aws_iam_role",
    ]

    /// One `resource` block. `references` replaces members by expressions written as they are
    /// (`taskDefinition` → `aws_ecs_task_definition.app.arn`).
    public static func resource(_ node: Node, kind: Resource.Kind, name: String, references: [String: String] = [:]) -> String? {
        resourceTypes[kind].flatMap { resource(node, type: $0, name: name, references: references) }
    }

    /// One `resource` block of a type `TerraformResourceTypes` reads (`aws_iam_role_policy`).
    public static func resource(_ node: Node, type: String, name: String, references: [String: String] = [:]) -> String? {
        guard let fields = TerraformResourceTypes.fields(of: type),
              let body = Self.body(node, fields: fields, indent: "  ", references: references) else { return nil }
        return "resource \"\(type)\" \"\(name)\" {\n\(body)}\n"
    }

    /// A Terraform name for a resource named `text` (`web-task` → `web_task`).
    public static func identifier(_ text: String) -> String {
        let mapped = String(text.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_") ? Character(scalar) : "_"
        })
        guard let first = mapped.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return "r_" + mapped }
        return mapped
    }

    /// The arguments and blocks for an object's members; nil when one has no place.
    private static func body(_ node: Node, fields: [String: TerraformResourceTypes.Field], indent: String,
                             references: [String: String] = [:]) -> String? {
        guard let entries = node.entries else { return nil }
        // Terraform rejects an argument written twice ("Attribute redefined").
        guard Set(entries.compactMap(\.key.text)).count == entries.count else { return nil }
        // canonical name → (argument, field); dotted names group under their first part.
        var direct: [String: (String, TerraformResourceTypes.Field)] = [:]
        var grouped: [String: [String: (String, TerraformResourceTypes.Field)]] = [:]
        for (argument, field) in fields {
            if let dot = field.canonical.firstIndex(of: ".") {
                let inner = String(field.canonical[field.canonical.index(after: dot)...])
                grouped[String(field.canonical[..<dot]), default: [:]][inner] = (argument, TerraformResourceTypes.Field(inner, field.shape))
            } else {
                direct[field.canonical] = (argument, field)
            }
        }
        var text = ""
        for entry in entries {
            guard let name = entry.key.text else { return nil }
            if let expression = references[name] {
                guard let (argument, _) = direct[name] else { return nil }
                text += "\(indent)\(argument) = \(expression)\n"
                continue
            }
            if let group = grouped[name] {
                // `deploymentConfiguration` → `deployment_maximum_percent`, `deployment_circuit_breaker {…}`.
                guard let inner = entry.value.entries else { return nil }
                for member in inner {
                    guard let key = member.key.text, let (argument, field) = group[key],
                          let written = write(member.value, argument: argument, shape: field.shape, indent: indent) else { return nil }
                    text += written
                }
                continue
            }
            guard let (argument, field) = direct[name], let written = write(entry.value, argument: argument, shape: field.shape, indent: indent) else {
                return nil
            }
            text += written
        }
        // References the resource does not write itself (the service's task definition).
        let written = Set(entries.compactMap(\.key.text))
        for (name, expression) in references.sorted(by: { $0.key < $1.key }) where !written.contains(name) {
            guard let (argument, _) = direct[name] else { return nil }
            text += "\(indent)\(argument) = \(expression)\n"
        }
        return text
    }

    private static func write(_ value: Node, argument: String, shape: TerraformResourceTypes.Shape, indent: String) -> String? {
        switch shape {
        case .value, .map:
            return expression(value, indent: indent).map { "\(indent)\(argument) = \($0)\n" }
        case .json, .containerDefinitions:
            return expression(value, indent: indent).map { "\(indent)\(argument) = jsonencode(\($0))\n" }
        case .object(let fields):
            guard value.entries != nil, let inner = body(value, fields: fields, indent: indent + "  ") else { return nil }
            return "\(indent)\(argument) {\n\(inner)\(indent)}\n"
        case .list(let fields):
            guard let items = value.items else { return nil }
            var text = ""
            for item in items {
                guard let inner = body(item, fields: fields, indent: indent + "  ") else { return nil }
                text += "\(indent)\(argument) {\n\(inner)\(indent)}\n"
            }
            return text
        case .tags, .nameValues:
            let (keyName, valueName) = { if case .tags = shape { ("key", "value") } else { ("name", "value") } }()
            guard let items = value.items else { return nil }
            var pairs: [String] = []
            for item in items {
                guard let key = item[keyName]?.string, let inner = item[valueName], item.entries?.count == 2,
                      let written = expression(inner, indent: indent + "  ") else { return nil }
                pairs.append("\(indent)  \(quoted(key)) = \(written)")
            }
            return "\(indent)\(argument) = {\n\(pairs.joined(separator: "\n"))\n\(indent)}\n"
        case .enabledFlag:
            switch value.string {
            case "ENABLED": return "\(indent)\(argument) = true\n"
            case "DISABLED": return "\(indent)\(argument) = false\n"
            default: return nil
            }
        case .hostPath:
            // `host: {sourcePath: …}`; an empty `host` is a volume without a host path.
            guard let entries = value.entries else { return nil }
            if entries.isEmpty { return "" }
            guard entries.count == 1, entries[0].key.text == "sourcePath", let path = entries[0].value.string else { return nil }
            return "\(indent)\(argument) = \(quoted(path))\n"
        case .flattened:
            return nil
        }
    }

    /// An HCL expression for a JSON-like value: objects with `key = value` lines.
    public static func expression(_ node: Node, indent: String) -> String? {
        guard node.tag == nil || node.tag?.hasPrefix("tag:yaml.org") == true else { return nil }
        switch node.content {
        case .scalar(let scalar):
            switch scalar.kind {
            case .string: return quoted(scalar.text)
            case .integer, .float: return scalar.text
            case .bool: return scalar.text.lowercased() == "true" ? "true" : "false"
            case .null: return "null"
            }
        case .sequence(let items):
            if items.isEmpty { return "[]" }
            var parts: [String] = []
            for item in items {
                guard let written = expression(item, indent: indent + "  ") else { return nil }
                parts.append("\(indent)  \(written),")
            }
            return "[\n\(parts.joined(separator: "\n"))\n\(indent)]"
        case .mapping(let entries):
            if entries.isEmpty { return "{}" }
            // HCL rejects an object with a key twice.
            guard Set(entries.compactMap(\.key.text)).count == entries.count else { return nil }
            var lines: [String] = []
            for entry in entries {
                guard let key = entry.key.text, let written = expression(entry.value, indent: indent + "  ") else { return nil }
                lines.append("\(indent)  \(objectKey(key)) = \(written)")
            }
            return "{\n\(lines.joined(separator: "\n"))\n\(indent)}"
        }
    }

    /// A bare name where HCL reads one as the key itself, else a quoted string.
    static func objectKey(_ key: String) -> String {
        let reserved: Set<String> = ["true", "false", "null", "for", "in", "if"]
        guard let first = key.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_", !reserved.contains(key),
              key.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
        else { return quoted(key) }
        return key
    }

    /// A quoted HCL string: escapes, and template markers doubled so that nothing is interpolated.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        var previous: Character?
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "{" where previous == "$" || previous == "%":
                result.removeLast()
                result += "\(previous!)\(previous!){"
            default:
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.value < 0x20 {
                    result += unicodeEscape(scalar.value)
                } else {
                    result.append(character)
                }
            }
            previous = character
        }
        return result + "\""
    }

    private static func unicodeEscape(_ code: UInt32) -> String {
        let hex = String(code, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
