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

    /// Extensions considered when walking directories.
    public static let candidateExtensions: Set<String> = ["json", "yaml", "yml", "template"]

    public static func parse(_ source: SourceFile, limits: ParseLimits = .default) throws(SyntaxError) -> ParsedFile {
        if let problem = InputCheck.validate(source.bytes, limits: limits) { throw problem }
        switch detect(path: source.path, bytes: source.bytes) {
        case .json: return try JSONParser.parse(source, limits: limits)
        case .yaml: return try YAMLLoader.parse(source, limits: limits)
        }
    }
}
