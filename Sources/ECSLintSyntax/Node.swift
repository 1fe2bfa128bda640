/// One node of a parsed JSON or YAML document. Both parsers produce this type, so everything
/// above the syntax layer is format-agnostic. Nodes are immutable; YAML aliases share nodes.
public final class Node: Sendable {
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence([Node])
        case mapping([Entry])
    }

    public struct Scalar: Sendable {
        public let text: String
        public let kind: ScalarKind
        public let style: ScalarStyle
        public init(text: String, kind: ScalarKind, style: ScalarStyle) {
            self.text = text
            self.kind = kind
            self.style = style
        }
    }

    public struct Entry: Sendable {
        public let key: Node
        public let value: Node
        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    public let content: Content
    /// The tag as written (`!Ref`, `!GetAtt`) or resolved (`tag:yaml.org,2002:str`); nil when absent.
    public let tag: String?
    public let range: SourceRange
    /// Number of nodes a full walk of this subtree visits (aliases counted as their expansion).
    public let weight: Int
    /// Nesting depth of the subtree (1 for a scalar), aliases included: what a recursive walk needs.
    public let depth: Int

    public init(_ content: Content, tag: String? = nil, range: SourceRange) {
        self.content = content
        self.tag = tag
        self.range = range
        // Plain loops: this runs for every node of every file.
        var weight = 1, deepest = 0
        switch content {
        case .scalar:
            break
        case .sequence(let items):
            for item in items {
                weight &+= item.weight
                deepest = max(deepest, item.depth)
            }
        case .mapping(let entries):
            for entry in entries {
                weight &+= entry.key.weight &+ entry.value.weight
                deepest = max(deepest, entry.key.depth, entry.value.depth)
            }
        }
        self.weight = weight
        self.depth = deepest + 1
    }

    public var scalar: Scalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The text of a scalar node, whatever its kind.
    public var text: String? { scalar?.text }

    /// The text of a scalar that is a string (quoted, or plain and not null/bool/number).
    public var string: String? {
        if case .scalar(let scalar) = content, scalar.kind == .string { return scalar.text }
        return nil
    }

    public var items: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The value of the last entry whose key is `key` (later duplicates win, as in AWS tooling).
    public subscript(key: String) -> Node? {
        guard case .mapping(let entries) = content else { return nil }
        for entry in entries.reversed() where entry.key.text == key { return entry.value }
        return nil
    }
}

/// The type a scalar resolves to: JSON's token type, or YAML's core schema for plain scalars.
public enum ScalarKind: Sendable, Equatable {
    case string, integer, float, bool, null
}

public enum ScalarStyle: Sendable, Equatable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A mapping key that appears twice in one mapping (ECS002).
public struct DuplicateKey: Sendable {
    public let key: Node
    public let first: Node
    public init(key: Node, first: Node) {
        self.key = key
        self.first = first
    }
}

/// A document parsed from a file: the roots of each (YAML) document and what the parser noticed.
public struct ParsedFile: Sendable {
    public let source: SourceFile
    public let documents: [Node]
    public let duplicateKeys: [DuplicateKey]
    /// The anchored YAML nodes an alias (or a merge key) repeats: their text stands for every
    /// copy, so an edit there changes them all.
    public let aliasedRanges: [SourceRange]
    /// A Terraform file's syntax tree; `documents` is then empty (HCL is not a tree of nodes).
    public let hcl: HCLFile?
    public init(source: SourceFile, documents: [Node], duplicateKeys: [DuplicateKey], aliasedRanges: [SourceRange] = [], hcl: HCLFile? = nil) {
        self.source = source
        self.documents = documents
        self.duplicateKeys = duplicateKeys
        self.aliasedRanges = aliasedRanges
        self.hcl = hcl
    }
}

/// Why a file could not be parsed. `limit` failures map to ECS012, `syntax` to ECS001.
public struct SyntaxError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case syntax, limit }
    public let kind: Kind
    public let message: String
    public let offset: Int
    public init(_ kind: Kind, _ message: String, at offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }
    public var description: String { message }
}

/// Resource limits that keep hostile input from exhausting the stack, memory or time.
public struct ParseLimits: Sendable {
    public var maxDepth: Int
    public var maxAliasExpansion: Int
    public var maxFileSize: Int
    public init(maxDepth: Int = 256, maxAliasExpansion: Int = 1_000_000, maxFileSize: Int = 8 << 20) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxFileSize = maxFileSize
    }
    public static let `default` = ParseLimits()
}
