import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// One CloudFormation template (JSON or YAML) holding every resource of the inputs.
///
/// From ECS JSON, each task definition, service and cluster becomes a resource whose logical ID
/// is derived from its family, service or cluster name (`Naming.logicalID`), with its properties
/// in CloudFormation's names (`FieldNames.cloudFormationProperties`). Describe-only fields are
/// not carried.
///
/// From a CloudFormation template, the loaded resources are written from the model with the
/// names the template used; everything the model does not hold (Parameters, Conditions,
/// Mappings, Outputs, Metadata — `ecs-lint` suppressions included —, Transform, other resources,
/// resource attributes such as DependsOn or Condition) is carried from the parsed template.
/// Intrinsic functions are written in long form in JSON and short form in YAML. Several templates
/// are merged; a name two of them define differently is an error.
struct CloudFormationWriter: ConversionWriter {
    let syntax: SyntaxKind

    func convert(_ inputs: [ConversionInput]) throws(ConversionError) -> Conversion {
        var builder = TemplateBuilder()
        var losses: [Loss] = []
        var carried: [CarriedResource] = []
        // Logical IDs of the templates first, so derived IDs never take one of them.
        for input in inputs {
            for document in input.documents where document.format.isCloudFormation {
                for entry in document.root["Resources"]?.entries ?? [] { if let id = entry.key.text { builder.logicalIDs.insert(id) } }
            }
        }
        // The other resources' IDs next, so a reference between them (a Kubernetes object's
        // `taskDefinitionRef`) becomes a `Ref` whatever the order they are written in.
        var logicalIDs: [ObjectIdentifier: String] = [:]
        for input in inputs {
            for document in input.documents where !document.format.isCloudFormation {
                for resource in document.resources where ConversionInput.convertibleKinds.contains(resource.kind) {
                    logicalIDs[ObjectIdentifier(resource.properties)] = Naming.logicalID(name: resource.name, kind: resource.kind, taken: &builder.logicalIDs)
                }
            }
        }
        let workspace = Workspace(files: inputs.map { Workspace.File(path: $0.source.path, source: $0.source, documents: $0.documents) })
        for input in inputs {
            for document in input.documents {
                if document.format.isCloudFormation {
                    try merge(document, of: input, into: &builder, losses: &losses, carried: &carried)
                } else {
                    losses += KubernetesRemainder.losses(document, of: input, target: "CloudFormation", keepsObjectMetadata: false)
                    for resource in document.resources {
                        add(resource, of: input, into: &builder, losses: &losses, carried: &carried,
                            logicalIDs: logicalIDs, workspace: workspace)
                    }
                }
            }
        }
        let template = Self.withSuppressions(builder.template(), inputs: inputs, carried: carried)
        let text: String
        switch syntax {
        case .json, .hcl: text = JSONWriter.write(CloudFormationLoader.longForm(template))  // never asked to write HCL
        case .yaml: text = YAMLWriter.write(ShortForm.apply(template))
        }
        let file = ConvertedFile(name: syntax == .json ? "template.json" : "template.yaml", text: text, syntax: syntax, format: .cloudFormation, carried: carried)
        return Conversion(files: [file], losses: losses, notes: inputs.compactMap { CommentNote.note($0, directivesCarriedAs: "Metadata.ecs-lint") })
    }

    /// The comment directives and annotations of the inputs as `Metadata.ecs-lint.ignore` items
    /// of the resources they cover (the template's own for `ignore-file`).
    private static func withSuppressions(_ template: Node, inputs: [ConversionInput], carried: [CarriedResource]) -> Node {
        let suppressions = CarriedSuppression.fromComments(inputs) + CarriedSuppression.fromEmbedded(inputs, form: .annotations)
        guard !suppressions.isEmpty else { return template }
        var logicalIDs: [CarriedSuppression.ResourceKey: String] = [:]
        for (index, input) in inputs.enumerated() {
            for resource in input.documents.flatMap(\.resources) {
                if let item = carried.first(where: { $0.resource.properties === resource.properties }), let id = item.logicalID {
                    logicalIDs[CarriedSuppression.ResourceKey(input: index, resource: resource)] = id
                }
            }
        }
        var byResource: [String: [Node]] = [:]
        var templateItems: [Node] = []
        for suppression in suppressions {
            if let key = suppression.resource {
                if let id = logicalIDs[key] { byResource[id, default: []].append(suppression.metadataEntry) }
            } else {
                templateItems.append(suppression.metadataEntry)
            }
        }
        return CarriedSuppression.addingMetadata(to: template, resources: byResource, template: templateItems)
    }

    /// An ECS JSON resource as a template resource.
    private func add(_ resource: Resource, of input: ConversionInput, into builder: inout TemplateBuilder,
                     losses: inout [Loss], carried: inout [CarriedResource], logicalIDs: [ObjectIdentifier: String], workspace: Workspace) {
        guard let type = FieldNames.cloudFormationTypes.first(where: { $0.value == resource.kind })?.key,
              ConversionInput.convertibleKinds.contains(resource.kind) else {
            losses.append(Loss(source: input.source, range: resource.range, subject: resource.subject, path: "",
                               reason: "has no CloudFormation resource form"))
            return
        }
        var writer = ValueWriter(naming: .canonical) { value, member in
            if member != nil, let reason = FieldCoverage.refusal(kind: resource.kind, path: value.path, target: .cloudFormation) {
                return reason
            }
            if let member, member.mode == .properties {
                let spelled = FieldNames.cloudFormation(fromCanonical: member.member.name, parent: member.parent)
                if FieldNames.canonical(fromCloudFormation: spelled) != member.member.name {
                    return "CloudFormation would spell '\(member.member.name)' as '\(spelled)', which reads back as '\(FieldNames.canonical(fromCloudFormation: spelled))'"
                }
            }
            if let reason = Self.wouldBecomeIntrinsic(value, spelled: { FieldNames.cloudFormation(fromCanonical: $0.name, parent: nil) }) {
                return reason
            }
            if resource.kind == .service, value.path == "propagateTags", value.string?.uppercased() == "NONE" {
                return "AWS::ECS::Service takes SERVICE or TASK_DEFINITION only; leaving PropagateTags out means NONE"
            }
            return nil
        }
        writer.omitsNullMembers = true
        // A Kubernetes reference to a task definition or cluster of the conversion is a `Ref` to it.
        writer.referenceMember = { member, _ in
            let target: Workspace.Entry?
            switch member {
            case "taskDefinition": target = workspace.taskDefinition(of: resource, in: input.source.path)
            case "cluster": target = workspace.cluster(of: resource, in: input.source.path)
            default: target = nil
            }
            guard let target, let id = logicalIDs[ObjectIdentifier(target.resource.properties)] else { return nil }
            return (member, Build.mapping([("Ref", Build.string(id))]))
        }
        let properties = writer.node(resource.properties)
        losses += writer.lost.map { Loss(source: input.source, range: $0.value.range, subject: resource.subject, path: $0.value.path, reason: $0.reason) }
        guard let properties, let logicalID = logicalIDs[ObjectIdentifier(resource.properties)] else { return }
        let entries: [(String, Node)] = [("Type", Build.string(type)), ("Properties", FieldNames.cloudFormationProperties(properties))]
        builder.resources.append((logicalID, Build.mapping(entries)))
        carried.append(CarriedResource(resource: resource, logicalID: logicalID, lost: writer.lostLocations))
    }

    /// Why `value` cannot be written: an object that, as written (`spelled`) and without the
    /// null members the writer leaves out, has one key `Ref` or `Fn::…` would read back as an
    /// intrinsic function. Nil for any other value.
    static func wouldBecomeIntrinsic(_ value: Value, spelled: (Value.Member) -> String) -> String? {
        guard let members = value.members?.filter({ !$0.value.isNull }), members.count == 1 else { return nil }
        let key = spelled(members[0])
        guard key == "Ref" || key.hasPrefix("Fn::") else { return nil }
        return "an object whose only key is '\(key)' would be an intrinsic function in CloudFormation"
    }

    /// A template: its model resources rewritten from the model, the rest carried as parsed.
    private func merge(_ document: Document, of input: ConversionInput, into builder: inout TemplateBuilder,
                       losses: inout [Loss], carried: inout [CarriedResource]) throws(ConversionError) {
        let root = document.root
        for entry in deduplicated(root.entries ?? [], in: input, subject: "template", path: "", losses: &losses) {
            guard let section = entry.key.text else { continue }
            if section == "Resources", let resources = entry.value.entries {
                builder.placeResources()
                for resourceEntry in deduplicated(resources, in: input, subject: "template", path: "Resources", losses: &losses) {
                    guard let logicalID = resourceEntry.key.text else { continue }
                    let node = rewritten(resourceEntry.value, logicalID: logicalID, document: document, input: input,
                                         losses: &losses, carried: &carried)
                    try builder.addResource(logicalID, node, from: input.source.path)
                }
            } else {
                try builder.addSection(section, entry.value, from: input.source, losses: &losses)
            }
        }
    }

    /// A resource of the template; a resource the model holds gets its Properties from the model.
    private func rewritten(_ node: Node, logicalID: String, document: Document, input: ConversionInput,
                           losses: inout [Loss], carried: inout [CarriedResource]) -> Node {
        guard let resource = document.resources.last(where: { $0.logicalID == logicalID }), resource.range == node.range,
              let entries = node.entries else { return node }
        var writer = ValueWriter(naming: .written) { value, _ in Self.wouldBecomeIntrinsic(value, spelled: \.writtenName) }
        writer.omitsNullMembers = true
        let properties = writer.node(resource.properties)
        losses += writer.lost.map { Loss(source: input.source, range: $0.value.range, subject: resource.subject, path: $0.value.path, reason: $0.reason) }
        carried.append(CarriedResource(resource: resource, logicalID: logicalID, lost: writer.lostLocations))
        guard let properties, node["Properties"] != nil else { return node }
        var written = false
        let replaced = entries.compactMap { entry -> Node.Entry? in
            guard entry.key.text == "Properties" else { return entry }
            // A repeated Properties key: the last one is the resource's.
            guard entry.value === node["Properties"], !written else { return nil }
            written = true
            return .init(key: entry.key, value: properties)
        }
        return Node(.mapping(replaced), tag: node.tag, range: node.range)
    }

    /// Entries of a mapping without repeated keys (the last one counts); the others are losses.
    private func deduplicated(_ entries: [Node.Entry], in input: ConversionInput, subject: String, path: String,
                              losses: inout [Loss]) -> [Node.Entry] {
        var last: [String: Int] = [:]
        for (index, entry) in entries.enumerated() { last[entry.key.text ?? ""] = index }
        return entries.enumerated().compactMap { index, entry in
            let key = entry.key.text ?? ""
            guard last[key] == index else {
                losses.append(Loss(source: input.source, range: entry.key.range, subject: subject,
                                   path: path.isEmpty ? key : path + "." + key, reason: "'\(key)' is repeated; the later one counts"))
                return nil
            }
            return entry
        }
    }
}

/// The template being assembled, sections in order of first appearance.
struct TemplateBuilder {
    var logicalIDs: Set<String> = []
    var resources: [(String, Node)] = []
    private var resourceSources: [String: (path: String, node: Node)] = [:]
    private var sections: [(name: String, node: Node)] = []
    private var sectionSources: [String: String] = [:]

    mutating func addResource(_ logicalID: String, _ node: Node, from path: String) throws(ConversionError) {
        if let existing = resourceSources[logicalID] {
            guard NodeEquality.equal(existing.node, node) else {
                throw ConversionError("logical ID \(logicalID) is defined by both \(existing.path) and \(path); rename one to convert them together")
            }
            return
        }
        resourceSources[logicalID] = (path, node)
        resources.append((logicalID, node))
    }

    mutating func addSection(_ name: String, _ node: Node, from source: SourceFile, losses: inout [Loss]) throws(ConversionError) {
        guard let index = sections.firstIndex(where: { $0.name == name }) else {
            sections.append((name, node))
            sectionSources[name] = source.path
            return
        }
        let existing = sections[index].node
        if NodeEquality.equal(existing, node) { return }
        switch name {
        case "AWSTemplateFormatVersion":
            return  // there is one version
        case "Description":
            losses.append(Loss(source: source, range: node.range, subject: "template", path: name,
                               reason: "the merged template keeps the description of \(sectionSources[name] ?? "the first template")"))
        case "Transform":
            let items = (existing.items ?? [existing]) + (node.items ?? [node]).filter { item in
                !(existing.items ?? [existing]).contains { NodeEquality.equal($0, item) }
            }
            sections[index].node = Node(.sequence(items), range: existing.range)
        default:
            guard let first = existing.entries, let second = node.entries else {
                throw ConversionError("\(name) differs between \(sectionSources[name] ?? "one template") and \(source.path)")
            }
            var merged = first
            for entry in second {
                if let same = first.first(where: { $0.key.text == entry.key.text }) {
                    guard NodeEquality.equal(same.value, entry.value) else {
                        throw ConversionError("\(name).\(entry.key.text ?? "") is defined by both \(sectionSources[name] ?? "one template") and \(source.path); rename one to convert them together")
                    }
                    continue
                }
                merged.append(entry)
            }
            sections[index].node = Node(.mapping(merged), range: existing.range)
        }
    }

    /// Where `Resources` goes: where the first template that has them has them.
    mutating func placeResources() {
        if !sections.contains(where: { $0.name == "Resources" }) { sections.append(("Resources", Build.null)) }
    }

    /// `AWSTemplateFormatVersion` (2010-09-09 unless a template says otherwise), then the sections
    /// in order of first appearance, `Resources` last unless a template placed it.
    func template() -> Node {
        var entries: [(String, Node)] = []
        if !sections.contains(where: { $0.name == "AWSTemplateFormatVersion" }) {
            entries.append(("AWSTemplateFormatVersion", Build.string("2010-09-09")))
        }
        for section in sections {
            entries.append((section.name, section.name == "Resources" ? Build.mapping(resources) : section.node))
        }
        if !sections.contains(where: { $0.name == "Resources" }) { entries.append(("Resources", Build.mapping(resources))) }
        return Build.mapping(entries)
    }
}

/// Structural equality of parsed nodes (scalar text and kind, tags, entries in order), for
/// merging templates.
enum NodeEquality {
    static func equal(_ first: Node, _ second: Node) -> Bool {
        if first === second { return true }
        guard first.tag == second.tag else { return false }
        switch (first.content, second.content) {
        case (.scalar(let a), .scalar(let b)):
            return a.text == b.text && a.kind == b.kind
        case (.sequence(let a), .sequence(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.mapping(let a), .mapping(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key.text == $1.key.text && equal($0.value, $1.value) }
        default:
            return false
        }
    }
}
