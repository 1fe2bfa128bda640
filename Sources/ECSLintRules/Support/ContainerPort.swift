import ECSLintModel

/// One `portMappings` entry of a container as the ports it exposes: a `containerPort`, or a
/// `containerPortRange` (`"8000-8010"`). Services, registries and load balancers name these.
struct ContainerPort: CustomStringConvertible {
    let first: Int
    let last: Int
    /// Bridge mode picks the host port (`hostPort` absent or 0).
    let isDynamic: Bool

    func contains(_ port: Int) -> Bool { first <= port && port <= last }
    var description: String { first == last ? "\(first)" : "\(first)-\(last)" }

    /// The container's ports; nil when one of them is unknown.
    static func mappings(of container: Value) -> [ContainerPort]? {
        guard let list = container["portMappings"] else { return [] }
        guard let items = list.array else { return nil }
        var result: [ContainerPort] = []
        for item in items {
            let hostPort = item["hostPort"]
            if hostPort?.isUnresolved == true { return nil }
            let dynamic = hostPort == nil || hostPort?.isNull == true || hostPort?.scalarText == "0"
            if let port = item["containerPort"] {
                guard let number = port.scalarText.flatMap({ Int($0) }) else { return nil }
                result.append(ContainerPort(first: number, last: number, isDynamic: dynamic))
            } else if let range = item["containerPortRange"] {
                guard let text = range.string else { return nil }
                let bounds = text.split(separator: "-").compactMap { Int($0) }
                guard bounds.count == 2 else { return nil }
                result.append(ContainerPort(first: bounds[0], last: bounds[1], isDynamic: true))
            }
        }
        return result
    }
}
