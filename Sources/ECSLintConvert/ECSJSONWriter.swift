import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// ECS input JSON: `register-task-definition`, `create-service` and `create-cluster`
/// `--cli-input-json`, one file per resource (`<family>-taskdef.json`, `<serviceName>-service.json`,
/// `<clusterName>-cluster.json`).
///
/// Not carried: intrinsic functions and dynamic references (only CloudFormation resolves them),
/// describe-only output fields (ARNs, revision, status, counts), CloudFormation-only properties,
/// IAM roles and other resources that have no ECS input form, and the rest of a template
/// (Parameters, Outputs, resource attributes, Metadata).
struct ECSJSONWriter: ConversionWriter {
    func convert(_ inputs: [ConversionInput]) throws(ConversionError) -> Conversion {
        var files: [ConvertedFile] = []
        var losses: [Loss] = []
        var names: Set<String> = []
        for input in inputs {
            for document in input.documents {
                if document.format.isCloudFormation { losses += TemplateRemainder.losses(document, of: input, target: "ECS input JSON") }
                losses += KubernetesRemainder.losses(document, of: input, target: "ECS input JSON", keepsObjectMetadata: false)
                for resource in document.resources {
                    guard let suffix = Self.fileSuffix(resource.kind) else {
                        losses.append(Loss(source: input.source, range: resource.range, subject: resource.subject, path: "",
                                           reason: "has no ECS input JSON form"))
                        continue
                    }
                    var writer = ValueWriter(naming: .canonical) { value, member in
                        if let refusal = ValueWriter.cloudFormationOnly(value, target: "ECS input JSON") { return refusal }
                        guard member != nil else { return nil }
                        return FieldCoverage.refusal(kind: resource.kind, path: value.path, target: .ecsJSON)
                    }
                    let node = writer.node(resource.properties)
                    losses += writer.lost.map {
                        Loss(source: input.source, range: $0.value.range, subject: resource.subject, path: $0.value.path, reason: $0.reason)
                    }
                    guard let node else { continue }
                    let name = Naming.fileName(resource.ownName ?? Naming.baseName(input.source.path), suffix: suffix, taken: &names)
                    files.append(ConvertedFile(name: name, text: JSONWriter.write(node), syntax: .json, format: Self.format(resource.kind),
                                               carried: [CarriedResource(resource: resource, logicalID: nil, lost: writer.lostLocations)]))
                }
            }
        }
        return Conversion(files: files, losses: losses, notes: inputs.compactMap { CommentNote.note($0) })
    }

    static func format(_ kind: Resource.Kind) -> DocumentFormat? {
        switch kind {
        case .taskDefinition: return .ecsTaskDefinition
        case .service: return .ecsService
        case .cluster: return .ecsCluster
        default: return nil
        }
    }

    static func fileSuffix(_ kind: Resource.Kind) -> String? {
        switch kind {
        case .taskDefinition: return "-taskdef.json"
        case .service: return "-service.json"
        case .cluster: return "-cluster.json"
        default: return nil
        }
    }
}

/// What a template holds besides the resources in the model, for targets that are not
/// CloudFormation: each is a loss.
enum TemplateRemainder {
    /// `carriesSuppressions`: the target keeps `Metadata.ecs-lint` in its own form (annotations),
    /// so Metadata holding nothing else is no loss.
    static func losses(_ document: Document, of input: ConversionInput, target: String, carriesSuppressions: Bool = false) -> [Loss] {
        func onlySuppressions(_ metadata: Node) -> Bool {
            carriesSuppressions && (metadata.entries ?? []).allSatisfy { $0.key.text == "ecs-lint" }
        }
        var losses: [Loss] = []
        for entry in document.root.entries ?? [] {
            guard let section = entry.key.text else { continue }
            switch section {
            case "AWSTemplateFormatVersion":
                continue
            case "Metadata" where onlySuppressions(entry.value):
                continue
            case "Resources":
                for resource in entry.value.entries ?? [] {
                    let id = resource.key.text ?? ""
                    let modelled = document.resources.contains { $0.logicalID == id && $0.range == resource.value.range }
                    if !modelled {
                        let type = resource.value["Type"]?.string.map { " (\($0))" } ?? ""
                        losses.append(Loss(source: input.source, range: resource.key.range, subject: "template", path: "Resources." + id,
                                           reason: "resource\(type) has no \(target) form"))
                        continue
                    }
                    for attribute in resource.value.entries ?? [] {
                        guard let name = attribute.key.text, name != "Type", name != "Properties" else { continue }
                        if name == "Metadata", onlySuppressions(attribute.value) { continue }
                        losses.append(Loss(source: input.source, range: attribute.key.range, subject: "template",
                                           path: "Resources.\(id).\(name)", reason: "a resource attribute; \(target) has none"))
                    }
                }
            default:
                losses.append(Loss(source: input.source, range: entry.key.range, subject: "template", path: section,
                                   reason: "a template section; \(target) has none"))
            }
        }
        return losses
    }
}
