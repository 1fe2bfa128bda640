import ECSLintSyntax

/// Chooses the parser for a file: by extension, else by the first significant byte.
public enum SyntaxKind: String, Sendable {
    case json, yaml
    /// Terraform's native syntax (`.tf`).
    case hcl

    public static func detect(path: String, bytes: [UInt8]) -> SyntaxKind {
        let lower = path.lowercased()
        if lower.hasSuffix(".tf") { return .hcl }
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") { return .json }
        return .yaml
    }

    /// Extensions considered when walking directories.
    public static let candidateExtensions: Set<String> = ["json", "yaml", "yml", "template", "tf"]

    /// Extensions ecs-lint parses as JSON, YAML or Terraform; anything else is only tried.
    public static let dataExtensions: Set<String> = ["json", "yaml", "yml", "template", "tf"]

    /// Why a file is skipped before parsing: variable files and other HCL are read only as
    /// part of a Terraform module (`terraform.tfvars`), never linted on their own.
    public static func unsupportedReason(path: String) -> String? {
        switch pathExtension(path) {
        case "tfvars", "hcl": return "Terraform variables or other HCL (read only with the module's .tf files)"
        default: return nil
        }
    }

    /// The lower-cased extension of the last path component, or nil.
    public static func pathExtension(_ path: String) -> String? {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return name[name.index(after: dot)...].lowercased()
    }

    public static func parse(_ source: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> ParsedFile {
        if let problem = InputCheck.validate(source.bytes, limits: limits) { throw problem }
        switch detect(path: source.path, bytes: source.bytes) {
        case .json: return try JSONParser.parse(source, limits: limits)
        case .yaml: return try YAMLLoader.parse(source, limits: limits)
        case .hcl:
            return ParsedFile(source: source, documents: [], duplicateKeys: [], hcl: try HCLParser.parseFile(source, limits: limits))
        }
    }
}
