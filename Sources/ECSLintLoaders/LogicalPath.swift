/// Builds logical paths such as `containerDefinitions[0].logConfiguration.options.awslogs-group`.
enum LogicalPath {
    static func member(_ parent: String, _ name: String) -> String {
        let simple = isSimpleName(name)
        let component = simple ? name : "[\"\(name.replacing("\"", with: "\\\""))\"]"
        if parent.isEmpty { return component }
        return simple ? parent + "." + component : parent + component
    }

    static func index(_ parent: String, _ index: Int) -> String {
        parent + "[\(index)]"
    }

    /// Letters, digits, `_` and `-`: written after a dot rather than quoted in brackets. Runs for
    /// every member of every file, so ASCII names are checked on bytes; only a name with other
    /// characters pays for Unicode properties.
    private static func isSimpleName(_ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            case 0x80...:
                return name.unicodeScalars.allSatisfy {
                    $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
                }
            default:
                return false
            }
        }
        return true
    }
}
