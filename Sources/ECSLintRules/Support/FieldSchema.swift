import ECSLintEngine
import ECSLintModel
import ECSLintSyntax
import Synchronization

/// What the ECS API and CloudFormation accept where, read from the generated
/// `rules/data/ecs-schema.json` (`make generate-schema`): the knowledge of ECS003–ECS007.
/// Objects are described per input format and keyed by the member name *as that format spells
/// it*, so a rule judges what the user wrote (`Image` in ECS JSON is unknown, `image` in
/// CloudFormation is too).
final class FieldSchema: Sendable {
    indirect enum FieldType: Sendable {
        case string(allowed: [String]?)
        case integer, number, boolean, timestamp
        /// Free-form (a policy document, `HookDetails`): not checked.
        case json
        case list(Field)
        /// Keys are data (`options`, `dockerLabels`); values are `Field`.
        case map(Field)
        case structure(String)
    }

    struct Field: Sendable {
        let type: FieldType
        /// The canonical (API) name, when it differs from the written one.
        let canonicalName: String?
        /// Only in describe output (task definitions) or CloudFormation's read-only properties.
        let readOnly: Bool
        /// Only in describe output of services: known, never checked.
        let outputOnly: Bool
    }

    struct Structure: Sendable {
        let members: [String: Field]
        let required: [String]
    }

    enum Syntax: String, Sendable {
        case ecs, cloudformation
    }

    let roots: [Syntax: [Resource.Kind: String]]
    let structures: [String: Structure]

    struct DataError: Error, CustomStringConvertible {
        let description: String
    }

    private static let cache = Mutex<[ObjectIdentifier: FieldSchema]>([:])

    /// The schema read from the rule's data table, built once per table for all the rules that
    /// read it.
    static func shared(_ setup: RuleSetup) throws -> FieldSchema {
        let node = try setup.requireData()
        if let schema = cache.withLock({ $0[ObjectIdentifier(node)] }) { return schema }
        let schema = try FieldSchema(node)
        cache.withLock { $0[ObjectIdentifier(node)] = schema }
        return schema
    }

    init(_ root: Node) throws {
        var roots: [Syntax: [Resource.Kind: String]] = [:]
        for entry in root["roots"]?.entries ?? [] {
            guard let name = entry.key.text, let syntax = Syntax(rawValue: name) else { continue }
            for kind in entry.value.entries ?? [] {
                guard let kindName = kind.key.text, let resourceKind = Resource.Kind(rawValue: kindName), let key = kind.value.text else { continue }
                roots[syntax, default: [:]][resourceKind] = key
            }
        }
        var structures: [String: Structure] = [:]
        for entry in root["structures"]?.entries ?? [] {
            guard let key = entry.key.text else { continue }
            var members: [String: Field] = [:]
            for member in entry.value["members"]?.entries ?? [] {
                guard let name = member.key.text else { continue }
                members[name] = try Self.field(member.value, in: key)
            }
            structures[key] = Structure(members: members, required: entry.value["required"]?.items?.compactMap(\.text) ?? [])
        }
        guard !roots.isEmpty, !structures.isEmpty else { throw DataError(description: "ecs-schema: no roots or structures") }
        for (_, kinds) in roots {
            for (_, key) in kinds where structures[key] == nil { throw DataError(description: "ecs-schema: root \(key) is not a structure") }
        }
        self.roots = roots
        self.structures = structures
    }

    private static func field(_ node: Node, in structure: String) throws -> Field {
        let type: FieldType
        switch node["type"]?.text {
        case "string": type = .string(allowed: node["enum"]?.items?.compactMap(\.text))
        case "integer": type = .integer
        case "number": type = .number
        case "boolean": type = .boolean
        case "timestamp": type = .timestamp
        case "json": type = .json
        case "list":
            guard let items = node["items"] else { throw DataError(description: "ecs-schema: \(structure): list without items") }
            type = .list(try field(items, in: structure))
        case "map":
            guard let values = node["values"] else { throw DataError(description: "ecs-schema: \(structure): map without values") }
            type = .map(try field(values, in: structure))
        case "structure":
            guard let reference = node["ref"]?.text else { throw DataError(description: "ecs-schema: \(structure): structure without ref") }
            type = .structure(reference)
        case let other:
            throw DataError(description: "ecs-schema: \(structure): unknown type \(other ?? "none")")
        }
        return Field(type: type, canonicalName: node["name"]?.text, readOnly: node["readOnly"]?.text == "true",
                     outputOnly: node["output"]?.text == "true")
    }

    static func syntax(of format: DocumentFormat) -> Syntax {
        format.isCloudFormation ? .cloudformation : .ecs
    }

    /// The structure of a resource of this kind in this format; nil when the schemas do not
    /// describe it (clusters, IAM roles outside CloudFormation).
    func root(for resource: Resource, format: DocumentFormat) -> Structure? {
        roots[Self.syntax(of: format)]?[resource.kind].flatMap { structures[$0] }
    }

    // MARK: Walking a resource

    /// One object the schema describes, met while walking a resource.
    struct ObjectVisit {
        let value: Value
        let structure: Structure
    }

    /// One member of such an object that the schema knows, with what it should be.
    struct MemberVisit {
        let member: Value.Member
        let field: Field
        /// The object it belongs to.
        let parent: Value
    }

    /// Walks the resource's properties along the schema: `object` for every object the schema
    /// describes, `member` for every known member (read-only and output-only ones included, but
    /// never descended into). Unresolved values and values of the wrong shape are not entered.
    func walk(_ resource: Resource, format: DocumentFormat, object: (ObjectVisit) -> Void = { _ in }, member: (MemberVisit) -> Void = { _ in }) {
        guard let root = root(for: resource, format: format) else { return }
        walk(resource.properties, structure: root, object: object, member: member)
    }

    private func walk(_ value: Value, structure: Structure, object: (ObjectVisit) -> Void, member: (MemberVisit) -> Void) {
        guard let members = value.members else { return }
        object(ObjectVisit(value: value, structure: structure))
        for entry in members {
            guard let field = structure.members[entry.writtenName] else { continue }
            member(MemberVisit(member: entry, field: field, parent: value))
            if field.readOnly || field.outputOnly { continue }
            descend(entry.value, type: field.type, object: object, member: member)
        }
    }

    private func descend(_ value: Value, type: FieldType, object: (ObjectVisit) -> Void, member: (MemberVisit) -> Void) {
        switch type {
        case .structure(let key):
            if let structure = structures[key] { walk(value, structure: structure, object: object, member: member) }
        case .list(let items):
            for item in value.array ?? [] { descend(item, type: items.type, object: object, member: member) }
        case .map(let values):
            for entry in value.members ?? [] { descend(entry.value, type: values.type, object: object, member: member) }
        default:
            break
        }
    }
}

/// Case fixes for names and enumeration values ("did you mean" in general is the engine's
/// `Suggestion`).
enum Suggestions {
    /// The only candidate equal to `word` ignoring case, if exactly one: then a rename is safe.
    static func caseMatch(_ word: String, in candidates: some Sequence<String>) -> String? {
        let lower = word.lowercased()
        let matches = candidates.filter { $0.lowercased() == lower && $0 != word }
        return matches.count == 1 ? matches[0] : nil
    }

    /// ` (did you mean 'x'?)` for the nearest candidate within two edits (RULES.md ECS003), or "".
    static func hint(_ word: String, among candidates: some Sequence<String>) -> String {
        Suggestion.hint(Suggestion.closest(to: word, among: Array(candidates), ignoringCase: true, maxDistance: 2))
    }
}
