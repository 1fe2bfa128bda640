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
                // A malformed range is ECS304's finding; what it exposes is unknown.
                guard let text = range.string, case .success(let ports) = parseRange(text) else { return nil }
                result.append(ContainerPort(first: ports.lowerBound, last: ports.upperBound, isDynamic: true))
            }
        }
        return result
    }

    /// Valid port numbers.
    static let ports = 1...65_535

    struct RangeProblem: Error, CustomStringConvertible {
        let description: String
    }

    /// `"8000-8100"`: two port numbers joined by a hyphen, first < last, both in 1–65535.
    static func parseRange(_ text: String) -> Result<ClosedRange<Int>, RangeProblem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let first = Int(parts[0]), let last = Int(parts[1]) else {
            return .failure(RangeProblem(description: "write it as first-last, such as \"8000-8100\""))
        }
        guard ports.contains(first), ports.contains(last) else {
            return .failure(RangeProblem(description: "ports must be within 1–65535"))
        }
        guard first < last else {
            return .failure(RangeProblem(description: "the first port must be lower than the last"))
        }
        return .success(first...last)
    }
}
