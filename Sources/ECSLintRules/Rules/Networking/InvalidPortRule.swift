import ECSLintEngine
import ECSLintModel

/// ECS304: port numbers and `containerPortRange`s ECS rejects (ECS-FACTS.md §2.2): a port outside
/// 1–65535, a range that is not `first-last` with first < last inside that interval, ranges (or a
/// range and a single port) that overlap in one container, `hostPort` next to a range, and more
/// than 100 ranges in a container. Same single ports twice are ECS305's.
struct InvalidPortRule: Rule {
    static let maximumRanges = 100

    init(setup: RuleSetup) {}

    /// A port or range of one mapping, for the overlap check.
    private struct Span {
        let ports: ClosedRange<Int>
        let proto: String
        let value: Value
        let isRange: Bool
    }

    func check(_ task: Resource, in context: RuleContext) {
        for container in TaskContainers(task).containers {
            guard let mappings = container["portMappings"]?.array else { continue }
            let label = TaskContainers.label(container)
            var spans: [Span] = []
            var rangeCount = 0
            for mapping in mappings where mapping.members != nil {
                let proto = Self.protocolName(mapping)
                if let value = mapping["containerPort"], let port = WholeNumber.of(value) {
                    if ContainerPort.ports.contains(port) {
                        if let proto { spans.append(Span(ports: port...port, proto: proto, value: value, isRange: false)) }
                    } else {
                        context.report("container \(label) has containerPort \(port), outside 1–65535", at: value, in: task)
                    }
                }
                // 0 is the documented way to ask for a dynamic host port in bridge mode.
                if let value = mapping["hostPort"], let port = WholeNumber.of(value), !(0...65_535).contains(port) {
                    context.report("container \(label) has hostPort \(port), outside 1–65535 (or 0 for a dynamic port)", at: value, in: task)
                }
                guard let rangeValue = mapping["containerPortRange"], !rangeValue.isNull, !rangeValue.isUnresolved else { continue }
                rangeCount += 1
                if let hostPort = mapping["hostPort"], let port = WholeNumber.of(hostPort), port != 0 {
                    context.report("container \(label) sets hostPort \(port) next to containerPortRange: leave hostPort out, ECS assigns the host ports of a range",
                                   at: hostPort, in: task)
                }
                guard let text = rangeValue.string else { continue }  // a number or list: ECS004's
                switch ContainerPort.parseRange(text) {
                case .success(let range):
                    if let proto { spans.append(Span(ports: range, proto: proto, value: rangeValue, isRange: true)) }
                case .failure(let problem):
                    context.report("container \(label) has containerPortRange \"\(text)\": \(problem.description)", at: rangeValue, in: task)
                }
            }
            if rangeCount > Self.maximumRanges, let list = container["portMappings"] {
                context.report("container \(label) has \(rangeCount) containerPortRanges; ECS allows at most \(Self.maximumRanges) per container",
                               at: list, in: task)
            }
            reportOverlaps(spans, container: label, in: task, context: context)
        }
    }

    /// Each range that overlaps an earlier range or port of the same protocol, and each port
    /// inside an earlier range, once. Two equal single ports are ECS305's duplicate.
    private func reportOverlaps(_ spans: [Span], container: String, in task: Resource, context: RuleContext) {
        for (index, span) in spans.enumerated() {
            guard let earlier = spans[..<index].first(where: { other in
                other.proto == span.proto && (other.isRange || span.isRange) && other.ports.overlaps(span.ports)
            }) else { continue }
            context.report("container \(container) maps \(Self.describe(span)) (\(span.proto)), which overlaps \(Self.describe(earlier)); "
                               + "a port may be in only one mapping of a container",
                           at: span.value, in: task)
        }
    }

    private static func describe(_ span: Span) -> String {
        span.isRange ? "the range \(span.ports.lowerBound)-\(span.ports.upperBound)" : "port \(span.ports.lowerBound)"
    }

    /// `tcp` (the default) or `udp`, lower-cased; nil when unresolved.
    static func protocolName(_ mapping: Value) -> String? {
        guard let value = mapping["protocol"], !value.isNull else { return "tcp" }
        return value.string?.lowercased()
    }
}
