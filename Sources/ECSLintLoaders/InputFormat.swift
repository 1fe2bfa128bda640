import ECSLintSyntax

/// Chooses the parser for a file: by extension, else by the first significant byte.
public enum SyntaxKind: String, Sendable {
    case json, yaml

    public static func detect(path: String, bytes: [UInt8]) -> SyntaxKind {
        let lower = path.lowercased()
        if lower.hasSuffix(".json") { return .json }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") { return .json }
        return .yaml
    }

    /// Extensions considered when walking directories (Terraform is listed so that `-v` shows
    /// it as skipped until it is supported).
    public static let candidateExtensions: Set<String> = ["json", "yaml", "yml", "template", "tf"]

    /// Extensions ecs-lint parses as JSON or YAML; anything else is only tried.
    public static let dataExtensions: Set<String> = ["json", "yaml", "yml", "template"]

    /// Why a file is skipped before parsing, for formats that are not JSON or YAML.
    public static func unsupportedReason(path: String) -> String? {
        switch pathExtension(path) {
        case "tf", "tfvars", "hcl": return "Terraform (not supported yet)"
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
        }
    }
}
