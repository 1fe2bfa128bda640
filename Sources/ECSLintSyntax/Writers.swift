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
        case .integer, .float: return number(scalar.text) ?? quote(scalar.text)
        case .string: return quote(scalar.text)
        }
    }

    /// A number as JSON writes it: the text itself when JSON accepts it, else the same number in
    /// JSON's grammar (YAML's `+1`, `007`, `0x1F`, `0o17`, `.5`, `5.`); nil for what JSON has no
    /// number for (`.inf`, `.nan`).
    static func number(_ text: String) -> String? {
        if isJSONNumber(text) { return text }
        var digits = Substring(text)
        var sign = ""
        if let first = digits.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            digits = digits.dropFirst()
        }
        if digits.hasPrefix("0x"), let value = Int(digits.dropFirst(2), radix: 16) { return sign + String(value) }
        if digits.hasPrefix("0o"), let value = Int(digits.dropFirst(2), radix: 8) { return sign + String(value) }
        if !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) {
            let trimmed = digits.drop { $0 == "0" }
            return sign + (trimmed.isEmpty ? "0" : String(trimmed))
        }
        guard let value = Double(sign + digits), value.isFinite else { return nil }
        let written = String(value)
        return isJSONNumber(written) ? written : nil
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    static func isJSONNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
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
        case .string: return isSafePlain(scalar.text) ? scalar.text : quote(scalar.text)
        }
    }

    /// A double-quoted YAML scalar: JSON's quoting (YAML's double-quoted style is a superset),
    /// plus escapes for what YAML may not hold raw even in quotes and JSON may (DEL, the C1
    /// controls, NEL, the line and paragraph separators, a byte-order mark, U+FFFE/FFFF): a
    /// reader would refuse the file, or read a line break.
    static func quote(_ text: String) -> String {
        let json = JSONWriter.quote(text)
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var output = ""
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output.append("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// Plain words YAML 1.1 readers (PyYAML, so cfn-lint; older Kubernetes tooling) take for
    /// booleans, though the core schema this project reads with takes them for strings.
    private static let yaml11Booleans: Set<String> = ["y", "n", "yes", "no", "on", "off"]

    /// A conservative test for strings that read back as the same string when written plain, by
    /// YAML 1.2 and YAML 1.1 readers alike.
    private static func isSafePlain(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        guard !yaml11Booleans.contains(text.lowercased()) else { return false }
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
