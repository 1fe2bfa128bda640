import ECSLintModel
import ECSLintSyntax

/// Where a finding is, independent of line numbers: the resource and the path inside it, with
/// array elements named by their `name` member when they have one. Baseline fingerprints and
/// suppression targets use it, so inserting lines or reordering containers does not change what a
/// finding is.
public struct LogicalLocation: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case member(String)
        /// An array element: its index, and its `name` when it is an object with a string name.
        case element(index: Int, name: String?)
    }

    /// CloudFormation logical ID, else task family or service name; nil for file-level findings.
    public let resource: String?
    public let segments: [Segment]

    public init(resource: String?, segments: [Segment]) {
        self.resource = resource
        self.segments = segments
    }

    /// `web/containerDefinitions[name=web].environment[name=DB_PASSWORD]`; elements without a
    /// name keep their index.
    public var description: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .member(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .element(let index, let name):
                text += name.map { "[name=\($0)]" } ?? "[\(index)]"
            }
        }
        guard let resource else { return text }
        return text.isEmpty ? resource : resource + "/" + text
    }

    /// The location of a value inside a resource, from its logical path.
    public init(logicalPath: String, in resource: Resource) {
        var segments: [Segment] = []
        var current: Value? = resource.properties
        for component in LogicalPathComponents.parse(logicalPath) {
            switch component {
            case .member(let name):
                segments.append(.member(name))
                current = current?[name]
            case .index(let index):
                let items = current?.array
                let item = items.flatMap { index < $0.count ? $0[index] : nil }
                segments.append(.element(index: index, name: item?["name"]?.string))
                current = item
            }
        }
        self.init(resource: resource.logicalID ?? resource.name, segments: segments)
    }

    /// The location of a syntax node by the keys leading to it, for findings outside any
    /// resource (a duplicate key under `Parameters`).
    public init(offset: Int, in parsed: ParsedFile) {
        var segments: [Segment] = []
        if parsed.documents.count > 1, let index = parsed.documents.firstIndex(where: { $0.range.contains(offset) }) {
            segments.append(.element(index: index, name: nil))
        }
        var node = parsed.documents.first { $0.range.contains(offset) }
        descend: while let current = node {
            switch current.content {
            case .scalar:
                break descend
            case .sequence(let items):
                guard let index = items.firstIndex(where: { $0.range.contains(offset) }) else { break descend }
                segments.append(.element(index: index, name: nil))
                node = items[index]
            case .mapping(let entries):
                guard let entry = entries.last(where: { $0.key.range.contains(offset) || $0.value.range.contains(offset) }) else {
                    break descend
                }
                segments.append(.member(entry.key.text ?? "?"))
                node = entry.key.range.contains(offset) ? nil : entry.value
            }
        }
        self.init(resource: nil, segments: segments)
    }
}

extension SourceRange {
    /// The offset is inside the range (an empty range contains its start, so point findings locate).
    func contains(_ offset: Int) -> Bool {
        (start <= offset && offset < end) || (start == end && offset == start)
    }
}

/// Reads the logical paths the loaders write (`containerDefinitions[0].options["a.b"]`).
public enum LogicalPathComponents {
    public enum Component: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    public static func parse(_ path: String) -> [Component] {
        var components: [Component] = []
        let characters = Array(path)
        var position = 0
        var name = ""
        func flushName() {
            if !name.isEmpty { components.append(.member(name)) }
            name = ""
        }
        while position < characters.count {
            let character = characters[position]
            switch character {
            case ".":
                flushName()
                position += 1
            case "[":
                flushName()
                position += 1
                if position < characters.count, characters[position] == "\"" {
                    // A quoted member name: `["a.b"]`, with `\"` for a quote.
                    position += 1
                    var quoted = ""
                    while position < characters.count, characters[position] != "\"" {
                        if characters[position] == "\\", position + 1 < characters.count { position += 1 }
                        quoted.append(characters[position])
                        position += 1
                    }
                    components.append(.member(quoted))
                    position += 2  // the closing `"]`
                } else {
                    var digits = ""
                    while position < characters.count, characters[position] != "]" {
                        digits.append(characters[position])
                        position += 1
                    }
                    position += 1
                    if let index = Int(digits) { components.append(.index(index)) } else { components.append(.member(digits)) }
                }
            default:
                name.append(character)
                position += 1
            }
        }
        flushName()
        return components
    }
}
