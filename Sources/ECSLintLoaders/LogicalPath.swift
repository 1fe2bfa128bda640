/// Builds logical paths such as `containerDefinitions[0].logConfiguration.options.awslogs-group`.
enum LogicalPath {
    static func member(_ parent: String, _ name: String) -> String {
        let simple = !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        let component = simple ? name : "[\"\(name.replacing("\"", with: "\\\""))\"]"
        if parent.isEmpty { return component }
        return simple ? parent + "." + component : parent + component
    }

    static func index(_ parent: String, _ index: Int) -> String {
        parent + "[\(index)]"
    }
}
