/// Serialises `Node` trees. Tags are not JSON: callers convert tagged nodes (for example
/// CloudFormation short-form intrinsics) before writing JSON; the JSON writer drops them.
public enum JSONWriter {
    public static func write(_ node: Node, indent: Int = 2) -> String {
        var output = ""
        write(node, into: &output, level: 0, indent: indent)
        output.append("\n")
        return output
    }

    private static func write(_ node: Node, into output: inout String, level: Int, indent: Int) {
        let pad = String(repeating: " ", count: (level + 1) * indent)
        let closePad = String(repeating: " ", count: level * indent)
        switch node.content {
        case .scalar(let scalar):
            output.append(scalarJSON(scalar))
        case .sequence(let items):
            guard !items.isEmpty else { output.append("[]"); return }
            output.append("[\n")
            for (position, item) in items.enumerated() {
                output.append(pad)
                write(item, into: &output, level: level + 1, indent: indent)
                output.append(position + 1 < items.count ? ",\n" : "\n")
            }
            output.append(closePad + "]")
        case .mapping(let entries):
            guard !entries.isEmpty else { output.append("{}"); return }
            output.append("{\n")
            for (position, entry) in entries.enumerated() {
                output.append(pad + quote(entry.key.text ?? "") + ": ")
                write(entry.value, into: &output, level: level + 1, indent: indent)
                output.append(position + 1 < entries.count ? ",\n" : "\n")
            }
            output.append(closePad + "}")
        }
    }

    /// Without whitespace (`{"a":[1,2]}`): the bytes a size limit on the JSON counts.
    public static func compact(_ node: Node) -> String {
        var output = ""
        writeCompact(node, into: &output)
        return output
    }

    private static func writeCompact(_ node: Node, into output: inout String) {
        switch node.content {
        case .scalar(let scalar):
            output.append(scalarJSON(scalar))
        case .sequence(let items):
            output.append("[")
            for (position, item) in items.enumerated() {
                if position > 0 { output.append(",") }
                writeCompact(item, into: &output)
            }
            output.append("]")
        case .mapping(let entries):
            output.append("{")
            for (position, entry) in entries.enumerated() {
                if position > 0 { output.append(",") }
                output.append(quote(entry.key.text ?? "") + ":")
                writeCompact(entry.value, into: &output)
            }
            output.append("}")
        }
    }

    static func scalarJSON(_ scalar: Node.Scalar) -> String {
        switch scalar.kind {
        case .null: return "null"
        case .bool: return scalar.text.lowercased() == "true" ? "true" : "false"
        case .integer: return Int(scalar.text).map(String.init) ?? quote(scalar.text)
        case .float: return Double(scalar.text).map { $0.isFinite ? scalar.text : quote(scalar.text) } ?? quote(scalar.text)
        case .string: return quote(scalar.text)
        }
    }

    public static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16, uppercase: true)
                output.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
        return output
    }
}

/// Block-style YAML with tags written as given (`!Ref Name`, `!GetAtt [A, B]`).
public enum YAMLWriter {
    public static func write(_ node: Node) -> String {
        var output = ""
        writeBlock(node, into: &output, indent: 0)
        return output
    }

    private static func tagPrefix(_ node: Node) -> String {
        guard let tag = node.tag, tag.hasPrefix("!") else { return "" }
        return tag + " "
    }

    private static func isInline(_ node: Node) -> Bool {
        switch node.content {
        case .scalar: return true
        case .sequence(let items): return items.isEmpty
        case .mapping(let entries): return entries.isEmpty
        }
    }

    private static func inline(_ node: Node) -> String {
        switch node.content {
        case .scalar(let scalar): return tagPrefix(node) + scalarYAML(scalar)
        case .sequence: return tagPrefix(node) + "[]"
        case .mapping: return tagPrefix(node) + "{}"
        }
    }

    /// Writes a collection whose first line continues the current line (after "- " or "key:").
    private static func writeBlock(_ node: Node, into output: inout String, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch node.content {
        case .scalar:
            output.append(pad + inline(node) + "\n")
        case .sequence(let items):
            for item in items {
                if isInline(item) {
                    output.append(pad + "- " + inline(item) + "\n")
                } else if item.tag?.hasPrefix("!") == true {
                    output.append(pad + "- " + item.tag! + "\n")
                    writeBlock(item, into: &output, indent: indent + 2)
                } else {
                    // "- " then the nested block indented by two, its first line joined to the dash.
                    var nested = ""
                    writeBlock(item, into: &nested, indent: indent + 2)
                    output.append(pad + "- " + nested.dropFirst(indent + 2))
                }
            }
        case .mapping(let entries):
            for entry in entries {
                let key = scalarYAML(entry.key.scalar ?? .init(text: "", kind: .string, style: .plain))
                if isInline(entry.value) {
                    output.append(pad + key + ": " + inline(entry.value) + "\n")
                } else {
                    output.append(pad + key + ":" + (entry.value.tag?.hasPrefix("!") == true ? " " + entry.value.tag! : "") + "\n")
                    writeBlock(entry.value, into: &output, indent: indent + 2)
                }
            }
        }
    }

    static func scalarYAML(_ scalar: Node.Scalar) -> String {
        switch scalar.kind {
        case .null: return "null"
        case .bool, .integer, .float: return scalar.text
        case .string: return isSafePlain(scalar.text) ? scalar.text : JSONWriter.quote(scalar.text)
        }
    }

    /// A conservative test for strings that read back as the same string when written plain.
    private static func isSafePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        guard first.properties.isAlphabetic || first == "_" || first == "/" || first == "." else { return false }
        guard last != ":" && last != " " else { return false }
        guard !text.contains(": ") && !text.contains(" #") else { return false }
        for scalar in text.unicodeScalars {
            let allowed = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "_./-:+=@ ,()".unicodeScalars.contains(scalar)
            if !allowed { return false }
        }
        return YAMLLoader.resolve(text, tag: nil, style: .plain) == .string
    }
}
