import ECSLintModel
import ECSLintSyntax

/// A path over the canonical model in a declarative check: `containerDefinitions[*].environment[*]`,
/// `containerDefinitions[name=web].image`, `portMappings[0].containerPort`. Names are the ECS API's
/// camelCase in every input format. A path is relative to the value being checked; one that
/// starts with `$` starts at the resource's properties instead (`$.requiresCompatibilities`), and
/// `@name` is a derived fact about the resource (`@cpu-units`, `PolicyFact`).
public struct PolicyPath: Sendable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        case member(String)
        case everyItem
        case item(Int)
        /// The items whose member `name` is the string `value` (`containerDefinitions[name=web]`).
        case itemsWhere(name: String, value: String)
    }

    public let steps: [Step]
    public let fromResourceRoot: Bool
    /// A derived fact (`@cpu-units`) instead of steps.
    public let fact: PolicyFact?
    public let description: String

    /// What a path selects: known values, and whether it ran into something unknown on the way
    /// (an intrinsic function or placeholder where an object or array was expected).
    public struct Selection: Sendable {
        public var values: [Value] = []
        public var metUnknown = false
        /// The array a wildcard step iterated (`tags` for `tags[*].key`), where a finding about
        /// the selection as a whole belongs; nil when the path has no wildcard or the array is absent.
        public var anchor: Value?
    }

    public struct SyntaxError: Error, Sendable {
        public let message: String
        /// Character offset in the path text.
        public let offset: Int
    }

    public init(_ text: String) throws(SyntaxError) {
        description = text
        if text.hasPrefix("@") {
            let name = text.dropFirst()
            guard let fact = PolicyFact(rawValue: String(name)) else {
                let known = PolicyFact.allCases.map { "@\($0.rawValue)" }.joined(separator: ", ")
                throw SyntaxError(message: "unknown fact '\(text)'; facts are \(known)", offset: 0)
            }
            self.fact = fact
            steps = []
            fromResourceRoot = true
            return
        }
        fact = nil
        let characters = Array(text)
        var index = 0
        var fromRoot = false
        if characters.first == "$" {
            fromRoot = true
            index = 1
            if index < characters.count {
                guard characters[index] == "." else { throw SyntaxError(message: "expected '.' after '$'", offset: index) }
                index += 1
            }
        }
        var steps: [Step] = []
        func isNameCharacter(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_" || character == "-"
        }
        while index < characters.count {
            let start = index
            while index < characters.count, isNameCharacter(characters[index]) { index += 1 }
            guard index > start else { throw SyntaxError(message: "expected a field name", offset: index) }
            steps.append(.member(String(characters[start..<index])))
            while index < characters.count, characters[index] == "[" {
                index += 1
                guard let close = characters[index...].firstIndex(of: "]") else {
                    throw SyntaxError(message: "'[' without ']'", offset: index - 1)
                }
                let inside = String(characters[index..<close])
                if inside == "*" {
                    steps.append(.everyItem)
                } else if let position = Int(inside), position >= 0 {
                    steps.append(.item(position))
                } else if let equals = inside.firstIndex(of: "="), !inside[..<equals].isEmpty,
                          inside[..<equals].allSatisfy(isNameCharacter) {
                    steps.append(.itemsWhere(name: String(inside[..<equals]), value: String(inside[inside.index(after: equals)...])))
                } else {
                    throw SyntaxError(message: "expected '*', an index or 'field=value' inside '[...]'", offset: index)
                }
                index = close + 1
            }
            if index < characters.count {
                guard characters[index] == "." else { throw SyntaxError(message: "expected '.' or '['", offset: index) }
                index += 1
                guard index < characters.count else { throw SyntaxError(message: "path ends with '.'", offset: index - 1) }
            }
        }
        guard fromRoot || !steps.isEmpty else { throw SyntaxError(message: "empty path", offset: 0) }
        self.steps = steps
        self.fromResourceRoot = fromRoot
    }

    /// Whether the path can select more than one value.
    public var isMultiple: Bool {
        steps.contains { step in
            switch step {
            case .everyItem, .itemsWhere: return true
            case .member, .item: return false
            }
        }
    }

    /// The values the path reaches from `subject` (or from the resource root, or the fact).
    public func select(from subject: Value, in scope: PolicyScope) -> Selection {
        var selection = Selection()
        if let fact {
            switch scope.fact(fact) {
            case .value(let value): selection.values = [value]
            case .absent: break
            case .unknown: selection.metUnknown = true
            }
            return selection
        }
        var current = [fromResourceRoot ? scope.root : subject]
        for step in steps {
            var next: [Value] = []
            for value in current {
                if value.isUnresolved {
                    selection.metUnknown = true
                    continue
                }
                switch step {
                case .member(let name):
                    if let member = value[name] { next.append(member) }
                case .everyItem:
                    if current.count == 1, selection.anchor == nil, value.array != nil { selection.anchor = value }
                    next.append(contentsOf: value.array ?? [])
                case .item(let position):
                    if let items = value.array, position < items.count { next.append(items[position]) }
                case .itemsWhere(let name, let wanted):
                    if current.count == 1, selection.anchor == nil, value.array != nil { selection.anchor = value }
                    for item in value.array ?? [] {
                        guard let field = item[name] else { continue }
                        if field.isUnresolved {
                            selection.metUnknown = true
                        } else if field.scalarText == wanted {
                            next.append(item)
                        }
                    }
                }
            }
            current = next
        }
        // `null` is how JSON says "not set"; the ECS API treats it so.
        for value in current {
            if case .null = value.content { continue }
            selection.values.append(value)
        }
        return selection
    }
}
