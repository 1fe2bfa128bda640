import ECSLintModel
import Foundation

/// Builds `rules/data/ecs-schema.json`, the field knowledge of the schema rules (ECS003–ECS007),
/// from the sources in `rules/data/sources` (`make refresh-facts` downloads the newest): the
/// botocore ECS API model and cfn-lint's CloudFormation provider schemas. A test fails when the
/// committed file differs from what this produces.
///
/// The output describes every object the linter reads, per input format, keyed by the member
/// name *as that format spells it*:
///
/// - `ecs.*` structures come from the API model (`RegisterTaskDefinitionRequest`,
///   `CreateServiceRequest` and everything below). Members that only `describe-*` output has are
///   marked `readOnly` (task definitions: `revision`, `status`, …) or `output` (services:
///   `runningCount`, `events`, …), so they are known fields but not input.
/// - `cfn.*` structures come from the CloudFormation schemas, with their members' canonical (API)
///   names; CloudFormation's `readOnlyProperties` are `readOnly`.
/// - Enumerations are the API's wherever the API has the member: the CloudFormation schemas lag
///   the API (ECS-FACTS.md §7.6), and the API is what ECS enforces.
/// - `required` is per source: an `ecs.*` structure has the API model's requirements, a `cfn.*`
///   structure CloudFormation's. A `cfn.*` structure also lists, as `apiRequired`, what the API
///   requires that CloudFormation does not (CloudFormation hands the property to the API, which
///   refuses it), except the names CloudFormation makes up (`family`, `serviceName`). One side's
///   requirement never reaches the other's input (a hook's `hookTargetArn`, which old
///   CloudFormation schemas required, is optional in the API).
/// - `sources` names the package, version and date each source came from
///   (`rules/data/sources/SOURCES.json`, written by `make refresh-facts`).
public struct SchemaGenerator {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Where the generated file lives, relative to the repository root.
    public static let outputPath = "rules/data/ecs-schema.json"

    /// Names CloudFormation generates when a template leaves them out.
    static let generatedNames: Set<String> = ["family", "serviceName"]

    let apiShapes: [String: [String: Any]]
    let sources: [String: String]
    /// Package, version and date of each source, for messages that say how old a fact is.
    let origins: [String: [String: String]]
    let cloudFormation: [(kind: String, typeName: String, schema: [String: Any])]
    var structures: [String: [String: Any]] = [:]

    /// Reads the model, the schemas and `SOURCES.json` from `directory` (`rules/data/sources`).
    public init(schemasDirectory directory: URL) throws {
        func object(_ relative: String) throws -> [String: Any] {
            let url = directory.appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw Failure(description: "cannot read \(url.path)")
            }
            return object
        }
        let model = try object("ecs-2014-11-13-service-2.json")
        guard let shapes = model["shapes"] as? [String: [String: Any]],
              let version = (model["metadata"] as? [String: Any])?["apiVersion"] as? String else {
            throw Failure(description: "the ECS model has no shapes")
        }
        apiShapes = shapes
        var loaded: [(String, String, [String: Any])] = []
        for (kind, file) in [("taskDefinition", "aws-ecs-taskdefinition"), ("service", "aws-ecs-service"), ("iamRole", "aws-iam-role")] {
            let schema = try object("cfn/\(file).json")
            guard let typeName = schema["typeName"] as? String else { throw Failure(description: "\(file): no typeName") }
            loaded.append((kind, typeName, schema))
        }
        cloudFormation = loaded
        let manifest = try object("SOURCES.json")["sources"] as? [String: [String: Any]] ?? [:]
        func origin(_ key: String) throws -> String {
            guard let source = manifest[key], let package = source["package"] as? String, let release = source["version"] as? String,
                  let date = source["date"] as? String else { throw Failure(description: "SOURCES.json names no \(key) source") }
            return "\(package) \(release) (data of \(date))"
        }
        func fields(_ key: String) -> [String: String] {
            (manifest[key] ?? [:]).filter { ["package", "version", "date"].contains($0.key) }.compactMapValues { $0 as? String }
        }
        origins = ["ecs": fields("ecs-api"), "cloudformation": fields("cloudformation")]
        sources = [
            "ecs": "ecs-2014-11-13-service-2.json, ECS API \(version) from \(try origin("ecs-api"))",
            "cloudformation": "cfn/*.json, cfn-lint's provider schemas (\(loaded.map(\.1).joined(separator: ", "))) from \(try origin("cloudformation"))",
        ]
    }

    /// The generated file's text: JSON with sorted keys, one member per line.
    public mutating func generate() throws -> String {
        structures = [:]
        var roots: [String: [String: String]] = ["ecs": [:], "cloudformation": [:]]
        for (kind, typeName, schema) in cloudFormation {
            let api = kind == "taskDefinition" ? "RegisterTaskDefinitionRequest" : kind == "service" ? "CreateServiceRequest" : nil
            roots["cloudformation"]?[kind] = try cfnStructure(schema, named: typeName, schema: schema, apiShape: api, isRoot: true)
        }
        roots["ecs"]?["taskDefinition"] = try ecsStructure("RegisterTaskDefinitionRequest", response: "TaskDefinition", outputMark: "readOnly")
        roots["ecs"]?["service"] = try ecsStructure("CreateServiceRequest", response: "Service", outputMark: "output")
        let document: [String: Any] = [
            "_generated": "GENERATED by `make refresh-facts` / `make generate-schema` (Sources/ECSLintSchemaGenerator) from rules/data/sources — do not edit. A test fails when it is stale.",
            "sources": sources,
            "origins": origins,
            "roots": roots,
            "structures": structures,
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: ECS API model

    private func shape(_ name: String) throws -> [String: Any] {
        guard let shape = apiShapes[name] else { throw Failure(description: "ECS model: no shape \(name)") }
        return shape
    }

    /// Registers the API structure `name` (and everything it contains) and returns its key.
    /// `response` adds the members only a describe response has, marked with `outputMark`.
    @discardableResult
    private mutating func ecsStructure(_ name: String, response: String? = nil, outputMark: String? = nil) throws -> String {
        let key = "ecs.\(name)"
        if structures[key] != nil { return key }
        structures[key] = [:]  // a placeholder first: shapes may contain themselves
        let shape = try shape(name)
        var members: [String: Any] = [:]
        for (member, spec) in shape["members"] as? [String: [String: Any]] ?? [:] {
            members[member] = try ecsMember(spec["shape"] as? String ?? "")
        }
        if let response, let outputMark {
            for (member, spec) in try self.shape(response)["members"] as? [String: [String: Any]] ?? [:] where members[member] == nil {
                var entry = try ecsMember(spec["shape"] as? String ?? "")
                entry[outputMark] = true
                members[member] = entry
            }
        }
        let required = Set(shape["required"] as? [String] ?? [])
        structures[key] = ["members": members, "required": required.sorted()]
        return key
    }

    private mutating func ecsMember(_ shapeName: String) throws -> [String: Any] {
        let shape = try shape(shapeName)
        switch shape["type"] as? String {
        case "string":
            var entry: [String: Any] = ["type": "string"]
            if let values = shape["enum"] as? [String] { entry["enum"] = values }
            return entry
        case "integer", "long": return ["type": "integer"]
        case "double", "float": return ["type": "number"]
        case "boolean": return ["type": "boolean"]
        case "timestamp": return ["type": "timestamp"]
        case "list":
            let items = (shape["member"] as? [String: Any])?["shape"] as? String ?? ""
            return ["type": "list", "items": try ecsMember(items)]
        case "map":
            let values = (shape["value"] as? [String: Any])?["shape"] as? String ?? ""
            return ["type": "map", "values": try ecsMember(values)]
        case "structure":
            return ["type": "structure", "ref": try ecsStructure(shapeName)]
        case let other:
            throw Failure(description: "ECS model: shape \(shapeName) has type \(other ?? "none")")
        }
    }

    // MARK: CloudFormation schemas

    private func resolve(_ spec: [String: Any], in schema: [String: Any]) throws -> (name: String?, spec: [String: Any]) {
        guard let reference = spec["$ref"] as? String else { return (nil, spec) }
        let prefix = "#/definitions/"
        guard reference.hasPrefix(prefix), let definitions = schema["definitions"] as? [String: [String: Any]],
              let target = definitions[String(reference.dropFirst(prefix.count))] else {
            throw Failure(description: "CloudFormation schema: unresolvable $ref \(reference)")
        }
        return (String(reference.dropFirst(prefix.count)), target)
    }

    /// Registers a CloudFormation object definition and returns its key. `apiShape` is the API
    /// structure the same object has (for enumerations and required members), when it has one.
    private mutating func cfnStructure(_ spec: [String: Any], named name: String, schema: [String: Any], apiShape: String?, isRoot: Bool = false) throws -> String {
        let typeName = schema["typeName"] as? String ?? ""
        let key = isRoot ? "cfn.\(typeName)" : "cfn.\(typeName).\(name)"
        if structures[key] != nil { return key }
        structures[key] = [:]
        let apiMembers = try apiShape.map { try shape($0)["members"] as? [String: [String: Any]] ?? [:] } ?? [:]
        let readOnly = Set((schema["readOnlyProperties"] as? [String] ?? []).map { $0.replacingOccurrences(of: "/properties/", with: "") })
        var members: [String: Any] = [:]
        for (written, property) in spec["properties"] as? [String: [String: Any]] ?? [:] {
            let canonical = FieldNames.canonical(fromCloudFormation: written)
            let apiMember = apiMembers[canonical]?["shape"] as? String
            var entry = try cfnMember(property, named: written, schema: schema, apiShape: apiMember)
            if canonical != written { entry["name"] = canonical }
            if isRoot && readOnly.contains(written) { entry["readOnly"] = true }
            members[written] = entry
        }
        let required = Set(spec["required"] as? [String] ?? [])
        var apiRequired = Set<String>()
        if let apiShape {
            var apiRequirements = Set(try shape(apiShape)["required"] as? [String] ?? [])
            if isRoot { apiRequirements.subtract(Self.generatedNames) }
            // The API's requirements CloudFormation does not make, spelled the CloudFormation way.
            for member in apiRequirements {
                guard let written = members.first(where: { (($0.value as? [String: Any])?["name"] as? String ?? $0.key) == member })?.key,
                      !required.contains(written) else { continue }
                apiRequired.insert(written)
            }
        }
        var structure: [String: Any] = ["members": members, "required": required.sorted()]
        if !apiRequired.isEmpty { structure["apiRequired"] = apiRequired.sorted() }
        structures[key] = structure
        return key
    }

    private mutating func cfnMember(_ property: [String: Any], named name: String, schema: [String: Any], apiShape: String?) throws -> [String: Any] {
        let (definition, spec) = try resolve(property, in: schema)
        let api = try apiShape.map { try shape($0) }
        let type = spec["type"]
        if type is [Any] {
            return ["type": "json"]  // `["object", "string"]`: a policy document or free-form value
        }
        switch type as? String {
        case "string":
            var entry: [String: Any] = ["type": "string"]
            if let values = api?["enum"] as? [String] ?? spec["enum"] as? [String] { entry["enum"] = values }
            return entry
        case "integer": return ["type": "integer"]
        case "number": return ["type": "number"]
        case "boolean": return ["type": "boolean"]
        case "array":
            let apiItems = (api?["member"] as? [String: Any])?["shape"] as? String
            let items = spec["items"] as? [String: Any] ?? [:]
            return ["type": "list", "items": try cfnMember(items, named: name, schema: schema, apiShape: apiItems)]
        case "object", nil:
            if spec["properties"] != nil {
                let apiStructure = api?["type"] as? String == "structure" ? apiShape : nil
                return ["type": "structure", "ref": try cfnStructure(spec, named: definition ?? name, schema: schema, apiShape: apiStructure)]
            }
            if let patterns = spec["patternProperties"] as? [String: [String: Any]], let value = patterns.values.first {
                let apiValue = (api?["value"] as? [String: Any])?["shape"] as? String
                return ["type": "map", "values": try cfnMember(value, named: name, schema: schema, apiShape: apiValue)]
            }
            return ["type": "json"]
        case let other:
            throw Failure(description: "CloudFormation schema: property \(name) has type \(other ?? "none")")
        }
    }
}
