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
        /// What this structure's own source requires: the API for the API's structures (and the
        /// Kubernetes spellings of them), CloudFormation for a template's.
        let required: [String]
        /// In a template: what the ECS API requires that CloudFormation does not (CloudFormation
        /// hands the property on, and the API refuses it).
        let apiRequired: [String]
        /// ecs-kube spells members as the AWS SDK's Go fields (`ContainerDefinitions`) or as the
        /// API (`containerDefinitions`): the first letter's case is free.
        var firstLetterEitherCase = false

        init(members: [String: Field], required: [String], apiRequired: [String] = [], firstLetterEitherCase: Bool = false) {
            self.members = members
            self.required = required
            self.apiRequired = apiRequired
            self.firstLetterEitherCase = firstLetterEitherCase
        }

        /// The field a member as written stands for. A Kubernetes-style reference member
        /// (`taskRoleRef`) stands for the member it fills, by its canonical name (respelled).
        func field(for member: Value.Member, respelling: Spelling = .api) -> Field? {
            if case .objectReference? = member.value.unresolved { return field(named: respelling.spell(member.name)) }
            return field(named: member.writtenName)
        }

        func field(named written: String) -> Field? {
            if let field = members[written] { return field }
            guard firstLetterEitherCase, let first = written.first, first.isUppercase else { return nil }
            return members[first.lowercased() + written.dropFirst()]
        }
    }

    enum Syntax: String, Sendable {
        case ecs, cloudformation
        /// Crossplane's `forProvider`: the API's members with acronyms in capitals.
        case kubernetes = "crossplane"
        /// ACK's `spec`: the same with its own exceptions, and a resource's own name is `spec.name`.
        case ack
        /// ecs-kube: the API's members, the first letter in either case.
        case sdk
    }

    let roots: [Syntax: [Resource.Kind: String]]
    let structures: [String: Structure]
    /// The sources' package, version and date (`origins` in the table): a field or value the
    /// table does not know may be newer than it, and messages say how old it is.
    let apiModel: String
    let cloudFormationSchema: String

    /// How a message names the source that judges `format`: "the ECS API model of 2026-12-02
    /// (botocore 1.44.18)". Enumerations are always the API's.
    func source(for format: DocumentFormat, enumeration: Bool = false) -> String {
        !enumeration && Self.syntax(of: format) == .cloudformation ? cloudFormationSchema : apiModel
    }

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
            structures[key] = Structure(members: members, required: entry.value["required"]?.items?.compactMap(\.text) ?? [],
                                        apiRequired: entry.value["apiRequired"]?.items?.compactMap(\.text) ?? [])
        }
        guard !roots.isEmpty, !structures.isEmpty else { throw DataError(description: "ecs-schema: no roots or structures") }
        func origin(_ key: String, _ what: String) -> String {
            let entry = root["origins"]?[key]
            guard let date = entry?["date"]?.text else { return what }
            let package = [entry?["package"]?.text, entry?["version"]?.text].compactMap { $0 }.joined(separator: " ")
            return "\(what) of \(date)" + (package.isEmpty ? "" : " (\(package))")
        }
        apiModel = origin("ecs", "the ECS API model")
        cloudFormationSchema = origin("cloudformation", "the CloudFormation schema")
        // The Kubernetes-style formats are the API's structures spelled their way.
        if let ecsRoots = roots[.ecs] {
            let apiStructures = structures.filter { $0.key.hasPrefix("ecs.") }
            func derive(_ syntax: Syntax, firstLetterEitherCase: Bool = false, optionalAtRoot: Set<String> = [], member: (String) -> String,
                        root: (Resource.Kind, String) -> String?) {
                let prefix = syntax.rawValue + "."
                let rootKinds = Dictionary(ecsRoots.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
                for (key, structure) in apiStructures {
                    let kind = rootKinds[key]
                    // At the root a member may be spelled differently, or be absent (nil).
                    func spell(_ name: String) -> String? {
                        if let kind { return root(kind, name) }
                        return member(name)
                    }
                    let members = Dictionary(structure.members.compactMap { entry in spell(entry.key).map { ($0, Self.prefixed(entry.value, prefix)) } },
                                             uniquingKeysWith: { first, _ in first })
                    let required = structure.required.filter { kind == nil || !optionalAtRoot.contains($0) }.compactMap(spell)
                    structures[prefix + key] = Structure(members: members, required: required, firstLetterEitherCase: firstLetterEitherCase)
                }
                roots[syntax] = ecsRoots.mapValues { prefix + $0 }
            }
            derive(.ack, member: { KubernetesNames.spelled($0, dialect: .ack) },
                   root: { KubernetesNames.spelled(spec: $1, kind: $0, dialect: .ack) })
            // Crossplane names a service by the object's external name.
            derive(.kubernetes, member: { KubernetesNames.spelled($0, dialect: .crossplane) },
                   root: { $0 == .service && $1 == "serviceName" ? nil : KubernetesNames.spelled(spec: $1, kind: $0, dialect: .crossplane) })
            // ecs-kube copies CloudFormation's properties, where the family and the service's
            // name are optional (and ecs-kube never calls ECS).
            derive(.sdk, firstLetterEitherCase: true, optionalAtRoot: ["family", "serviceName"], member: { $0 }, root: { _, name in name })
        }
        for (_, kinds) in roots {
            for (_, key) in kinds where structures[key] == nil { throw DataError(description: "ecs-schema: root \(key) is not a structure") }
        }
        self.roots = roots
        self.structures = structures
    }

    /// The same field with its structure references moved to a derived family of structures.
    private static func prefixed(_ field: Field, _ prefix: String) -> Field {
        func type(_ type: FieldType) -> FieldType {
            switch type {
            case .structure(let key): return .structure(prefix + key)
            case .list(let items): return .list(prefixed(items, prefix))
            case .map(let values): return .map(prefixed(values, prefix))
            default: return type
            }
        }
        return Field(type: type(field.type), canonicalName: field.canonicalName, readOnly: field.readOnly, outputOnly: field.outputOnly)
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

    /// The schema a format is judged by; nil for project-planton, whose resources ecs-lint
    /// derives from a higher-level spec rather than reads as written.
    static func syntax(of format: DocumentFormat) -> Syntax? {
        switch format {
        case .cloudFormation: return .cloudformation
        case .ack: return .ack
        case .crossplane: return .kubernetes
        case .ecsKube: return .sdk
        case .projectPlanton: return nil
        default: return .ecs  // Terraform: the container definitions' JSON (`walk`)
        }
    }

    /// How a format spells the members the API names.
    enum Spelling: Sendable {
        case api, ack, crossplane

        func spell(_ name: String) -> String {
            switch self {
            case .api: return name
            case .ack: return KubernetesNames.spelled(name, dialect: .ack)
            case .crossplane: return KubernetesNames.spelled(name, dialect: .crossplane)
            }
        }
    }

    static func respelling(for format: DocumentFormat) -> Spelling {
        switch format {
        case .ack: return .ack
        case .crossplane: return .crossplane
        default: return .api
        }
    }

    /// The structure of a resource of this kind in this format; nil when the schemas do not
    /// describe it (clusters, IAM roles outside CloudFormation).
    func root(for resource: Resource, format: DocumentFormat) -> Structure? {
        Self.syntax(of: format).flatMap { roots[$0]?[resource.kind] }.flatMap { structures[$0] }
    }

    // MARK: Walking a resource

    /// One object the schema describes, met while walking a resource.
    struct ObjectVisit {
        let value: Value
        let structure: Structure
        /// How the format spells a canonical member name (ACK's acronyms).
        let respelling: Spelling

        /// The field a member stands for, or nil when the format has no such member.
        func field(for member: Value.Member) -> Field? { structure.field(for: member, respelling: respelling) }

        /// The names the object's members are written with, lower-cased; a reference member
        /// counts as the member it fills.
        var writtenNames: Set<String> {
            Set((value.members ?? []).map { member in
                if case .objectReference? = member.value.unresolved { return respelling.spell(member.name).lowercased() }
                return member.writtenName.lowercased()
            })
        }
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
        if format.isTerraform {
            // Terraform checks its own arguments (`terraform validate`); what it hands to the
            // API unread is the container definitions' JSON, which the API judges as ECS JSON.
            // The JSON itself is a member too (`"[[]]"` holds a list where a container belongs).
            guard resource.kind == .taskDefinition, let task = roots[.ecs]?[.taskDefinition].flatMap({ structures[$0] }),
                  let field = task.members["containerDefinitions"],
                  let entry = resource.properties.members?.first(where: { $0.name == "containerDefinitions" }) else { return }
            member(MemberVisit(member: entry, field: field, parent: resource.properties))
            descend(entry.value, type: field.type, respelling: .api, object: object, member: member)
            return
        }
        guard let root = root(for: resource, format: format) else { return }
        walk(resource.properties, structure: root, respelling: Self.respelling(for: format), object: object, member: member)
    }

    private func walk(_ value: Value, structure: Structure, respelling: Spelling, object: (ObjectVisit) -> Void, member: (MemberVisit) -> Void) {
        guard let members = value.members else { return }
        object(ObjectVisit(value: value, structure: structure, respelling: respelling))
        for entry in members {
            guard let field = structure.field(for: entry, respelling: respelling) else { continue }
            member(MemberVisit(member: entry, field: field, parent: value))
            if field.readOnly || field.outputOnly { continue }
            descend(entry.value, type: field.type, respelling: respelling, object: object, member: member)
        }
    }

    private func descend(_ value: Value, type: FieldType, respelling: Spelling, object: (ObjectVisit) -> Void, member: (MemberVisit) -> Void) {
        switch type {
        case .structure(let key):
            if let structure = structures[key] { walk(value, structure: structure, respelling: respelling, object: object, member: member) }
        case .list(let items):
            for item in value.array ?? [] { descend(item, type: items.type, respelling: respelling, object: object, member: member) }
        case .map(let values):
            for entry in value.members ?? [] { descend(entry.value, type: values.type, respelling: respelling, object: object, member: member) }
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
        Suggestion.hint(nearest(word, among: candidates))
    }

    /// The nearest candidate within two edits: a near miss, a typo rather than something newer
    /// than the table.
    static func nearest(_ word: String, among candidates: some Sequence<String>) -> String? {
        Suggestion.closest(to: word, among: Array(candidates), ignoringCase: true, maxDistance: 2)
    }

}

extension FieldSchema {
    /// `containerDefinitions[3].healthCheck` → `containerDefinitions[].healthCheck`: how
    /// configuration names a place in any resource.
    static func pattern(_ path: String) -> String {
        var result = ""
        var inIndex = false
        for character in path {
            switch character {
            case "[":
                inIndex = true
                result.append(character)
            case "]":
                inIndex = false
                result.append(character)
            default:
                if !inIndex { result.append(character) }
            }
        }
        return result
    }
}
