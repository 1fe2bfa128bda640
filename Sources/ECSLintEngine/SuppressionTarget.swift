/// The `target` of a Metadata or config suppression: which part of a resource it covers, e.g.
/// `ContainerDefinitions[name=web]/Privileged` or `/containerDefinitions[0].environment[name=TOKEN]`.
/// Names compare without case, so CloudFormation and ECS spellings both work; a target covers
/// everything beneath it.
public struct SuppressionTarget: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case member(String)
        case index(Int)
        case named(String)
        case anyElement
    }

    let segments: [Segment]
    public let description: String

    public struct ParseError: Error, Sendable {
        public let message: String
    }

    public init(_ text: String) throws(ParseError) {
        description = text
        var segments: [Segment] = []
        var name = ""
        var characters = Array(text)[...]
        func flush() {
            if !name.isEmpty { segments.append(.member(name)) }
            name = ""
        }
        while let character = characters.popFirst() {
            switch character {
            case "/", ".":
                flush()
            case "[":
                flush()
                guard let close = characters.firstIndex(of: "]") else {
                    throw ParseError(message: "'[' without ']' in target '\(text)'")
                }
                let inside = String(characters[..<close]).trimmingWhitespace
                characters = characters[(close + 1)...]
                if inside == "*" {
                    segments.append(.anyElement)
                } else if let index = Int(inside), index >= 0 {
                    segments.append(.index(index))
                } else if inside.hasPrefix("name="), inside.count > 5 {
                    var value = String(inside.dropFirst(5))
                    if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                        value = String(value.dropFirst().dropLast())
                    }
                    segments.append(.named(value))
                } else {
                    throw ParseError(message: "target element '[\(inside)]' must be an index, name=NAME or *")
                }
            default:
                name.append(character)
            }
        }
        flush()
        guard !segments.isEmpty else { throw ParseError(message: "target is empty") }
        self.segments = segments
    }

    /// True when the location is the target or lies beneath it. The target may start with the
    /// resource (`TaskDefinition/Properties/...` or `TaskDefinition/...`) or go straight to its
    /// properties.
    public func covers(_ location: LogicalLocation) -> Bool {
        if Self.isPrefix(segments[...], of: location.segments[...]) { return true }
        guard let resource = location.resource, case .member(let first)? = segments.first,
              first.lowercased() == resource.lowercased() else { return false }
        var rest = segments.dropFirst()
        if case .member(let next)? = rest.first, next.lowercased() == "properties" { rest = rest.dropFirst() }
        return rest.isEmpty || Self.isPrefix(rest, of: location.segments[...])
    }

    private static func isPrefix(_ target: ArraySlice<Segment>, of location: ArraySlice<LogicalLocation.Segment>) -> Bool {
        guard target.count <= location.count else { return false }
        for (wanted, actual) in zip(target, location) {
            switch (wanted, actual) {
            case (.member(let wantedName), .member(let name)):
                guard wantedName.lowercased() == name.lowercased() else { return false }
            case (.index(let wantedIndex), .element(let index, _)):
                guard wantedIndex == index else { return false }
            case (.named(let wantedName), .element(_, let name)):
                guard wantedName == name else { return false }
            case (.anyElement, .element):
                continue
            default:
                return false
            }
        }
        return true
    }
}
