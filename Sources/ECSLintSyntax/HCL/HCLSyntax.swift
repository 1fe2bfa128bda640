/// The HCL2 native syntax tree (Terraform's `.tf`): bodies of attributes and blocks, and
/// expressions, each with its byte range in the file. Nothing is evaluated here; the Terraform
/// loader decides what it can evaluate exactly.
public struct HCLBody: Sendable {
    public enum Item: Sendable {
        case attribute(HCLAttribute)
        case block(HCLBlock)
    }

    public let items: [Item]
    public let range: SourceRange

    public var attributes: [HCLAttribute] {
        items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
    }

    public var blocks: [HCLBlock] {
        items.compactMap { if case .block(let block) = $0 { block } else { nil } }
    }

    public subscript(attribute name: String) -> HCLAttribute? {
        attributes.last { $0.name == name }
    }

    public func blocks(_ type: String) -> [HCLBlock] { blocks.filter { $0.type == type } }
}

/// A parsed `.tf` file: its body and its comments.
public struct HCLFile: Sendable {
    public let body: HCLBody
    public let comments: [HCLComment]
}

/// A `#`, `//` or `/* */` comment.
public struct HCLComment: Sendable {
    public let range: SourceRange
    /// As written, markers included.
    public let text: String
    /// Nothing but white space precedes it on its line.
    public let isOwnLine: Bool
}

/// `name = expression`.
public struct HCLAttribute: Sendable {
    public let name: String
    public let nameRange: SourceRange
    public let value: HCLExpression
    public let range: SourceRange
}

/// `type "label" label { body }`.
public struct HCLBlock: Sendable {
    public struct Label: Sendable {
        public let text: String
        public let range: SourceRange
    }

    public let type: String
    public let typeRange: SourceRange
    public let labels: [Label]
    public let body: HCLBody
    public let range: SourceRange
}

/// An expression and where it is written.
public struct HCLExpression: Sendable {
    public indirect enum Kind: Sendable {
        case number(String)
        case bool(Bool)
        case null
        /// A quoted string or heredoc: literal text and interpolations. A template without
        /// interpolations or directives is a plain string.
        case template(HCLTemplate)
        case tuple([HCLExpression])
        case object([HCLObjectItem])
        /// A bare name (`var`, `local`, `aws_iam_role`, `each`).
        case variable(String)
        /// `expression.name`, `expression[index]`, `.*`, `[*]`.
        case traversal(HCLExpression, [HCLTraverser])
        case call(name: String, arguments: [HCLExpression], expandsFinal: Bool)
        case conditional(condition: HCLExpression, then: HCLExpression, else: HCLExpression)
        case binary(operator: String, HCLExpression, HCLExpression)
        case unary(operator: String, HCLExpression)
        /// `[for k, v in collection : value if condition]` and the object form with `=>` and `...`.
        case forExpression(HCLFor)
        case parenthesized(HCLExpression)
    }

    public let kind: Kind
    public let range: SourceRange
}

public enum HCLTraverser: Sendable {
    case attribute(String, SourceRange)
    case index(HCLExpression)
    /// `.*` or `[*]`.
    case splat
}

public struct HCLObjectItem: Sendable {
    public let key: HCLExpression
    public let value: HCLExpression
}

public struct HCLFor: Sendable {
    public let keyVariable: String?
    public let valueVariable: String
    public let collection: HCLExpression
    /// For the object form, the key expression; nil for a tuple.
    public let key: HCLExpression?
    public let value: HCLExpression
    public let condition: HCLExpression?
    public let grouped: Bool
}

/// Template text with interpolations (`${…}`) and directives (`%{if}`, `%{for}`).
public struct HCLTemplate: Sendable {
    public enum Part: Sendable {
        /// Literal text (escapes resolved, heredoc indentation removed) and where each of its
        /// lines starts in the file, so that JSON inside can be placed exactly.
        case literal(String, HCLTextMap)
        case interpolation(HCLExpression)
        /// A `%{…}` directive, kept as written: such templates are never evaluated.
        case directive(SourceRange)
    }

    public let parts: [Part]
    public let isHeredoc: Bool

    /// The text when the template has no interpolations or directives.
    public var literalText: String? {
        var text = ""
        for part in parts {
            guard case .literal(let literal, _) = part else { return nil }
            text += literal
        }
        return text
    }
}

/// Maps offsets in a literal's text (UTF-8) back to file offsets: one entry per run of text
/// copied verbatim from the file, and one per escape (`\"`, `$${`), whose text stands for the
/// whole escape.
public struct HCLTextMap: Sendable {
    public struct Run: Sendable {
        public let textOffset: Int
        public let fileOffset: Int
        public let length: Int
        /// The bytes the run takes in the file: `length` for copied text, the escape's length
        /// for an escape.
        public let fileLength: Int

        public init(textOffset: Int, fileOffset: Int, length: Int, fileLength: Int? = nil) {
            self.textOffset = textOffset
            self.fileOffset = fileOffset
            self.length = length
            self.fileLength = fileLength ?? length
        }

        var isEscape: Bool { fileLength != length }
    }

    public let runs: [Run]

    public init(runs: [Run]) { self.runs = runs }

    /// The last run starting at or before `textOffset` (the first for offsets before it); runs
    /// are in text order, so a binary search: one string may hold thousands of escapes.
    private func run(at textOffset: Int) -> Run? {
        runs.lastStarting(atOrBefore: textOffset, start: \.textOffset)
    }

    /// The file offset of a text offset (the end of the last run for offsets past it).
    public func fileOffset(_ textOffset: Int) -> Int {
        guard let run = run(at: textOffset) else { return 0 }
        if run.isEscape { return textOffset < run.textOffset + run.length ? run.fileOffset : run.fileOffset + run.fileLength }
        return run.fileOffset + min(max(textOffset - run.textOffset, 0), run.length)
    }

    /// The file offset just after the text byte at `textOffset`: past the whole escape for a
    /// byte an escape produced.
    public func fileEnd(ofByteAt textOffset: Int) -> Int {
        guard let run = run(at: textOffset) else { return 0 }
        if run.isEscape { return run.fileOffset + run.fileLength }
        return fileOffset(textOffset) + 1
    }
}

extension Array {
    /// In an array sorted by `start`: the last element starting at or before `offset`, else
    /// the first (a binary search).
    public func lastStarting(atOrBefore offset: Int, start: (Element) -> Int) -> Element? {
        guard !isEmpty else { return nil }
        var low = 0, high = count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if start(self[mid]) <= offset { low = mid } else { high = mid - 1 }
        }
        return self[low]
    }
}

extension HCLExpression {
    /// The string when the expression is a literal string.
    public var literalString: String? {
        if case .template(let template) = kind { return template.literalText }
        return nil
    }

    /// `a.b.c` written as a plain traversal of names: its parts.
    public var traversalNames: [String]? {
        switch kind {
        case .variable(let name): return [name]
        case .traversal(let root, let steps):
            guard var names = root.traversalNames else { return nil }
            for step in steps {
                guard case .attribute(let name, _) = step else { return nil }
                names.append(name)
            }
            return names
        default: return nil
        }
    }
}
