import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// AWS Controllers for Kubernetes resources (`ecs.services.k8s.aws/v1alpha1` `TaskDefinition`,
/// `Service`, `Cluster`), one YAML stream: the canonical model spelled the ACK way
/// (`KubernetesNames`), with references to objects of the run as ACK's `…Ref` members.
///
/// Not carried: intrinsic functions and dynamic references (only CloudFormation resolves them),
/// describe-only output fields, the API members ACK's CRDs leave out (`restartPolicy`, canary and
/// linear deployments, …; docs/kubernetes.md), references ACK has no `…Ref` for, resources with no
/// ACK kind (IAM roles, target groups) and the rest of a template. A Kubernetes-style object's
/// labels and annotations (ecs-lint's suppressions among them) are kept.
struct ACKWriter: ConversionWriter {
    static let apiVersion = "ecs.services.k8s.aws/v1alpha1"

    /// API members (patterns, `[]` for any index) that ACK's CRDs do not have
    /// (ecs-controller `generator.yaml`, `ignore.field_paths`).
    static let notInACK: [Resource.Kind: Set<String>] = [
        .taskDefinition: ["containerDefinitions[].restartPolicy", "containerDefinitions[].versionConsistency", "enableFaultInjection",
                          "volumes[].s3filesVolumeConfiguration", "trustedExecutionConfiguration",
                          "containerDefinitions[].resourceRequirements[].sharingStrategy"],
        .service: ["clientToken", "deploymentConfiguration.lifecycleHooks", "deploymentConfiguration.bakeTimeInMinutes",
                   "deploymentConfiguration.canaryConfiguration", "deploymentConfiguration.linearConfiguration",
                   "deploymentConfiguration.strategy", "vpcLatticeConfigurations", "availabilityZoneRebalancing",
                   "loadBalancers[].advancedConfiguration", "serviceConnectConfiguration.accessLogConfiguration",
                   "volumeConfigurations[].managedEBSVolume.volumeInitializationRate", "monitoring", "gatewayConnectors",
                   "deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask",
                   "deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration",
                   "deploymentConfiguration.earlySuccessCriteria", "serviceConnectConfiguration.containerConfigurations"],
        .cluster: ["configuration.managedStorageConfiguration"],
    ]

    /// The members ACK can fill from another object, and the `…Ref` member that says which.
    static let referenceMembers: [String: String] = [
        "taskDefinition": "taskDefinitionRef", "cluster": "clusterRef", "taskRoleArn": "taskRoleRef", "role": "roleRef",
        "targetGroupArn": "targetGroupRef", "loadBalancerName": "loadBalancerRef",
    ]

    static let kinds: [Resource.Kind: String] = [.taskDefinition: "TaskDefinition", .service: "Service", .cluster: "Cluster"]

    func convert(_ inputs: [ConversionInput]) throws(ConversionError) -> Conversion {
        var files: [ConvertedFile] = []
        var losses: [Loss] = []
        // Kubernetes names are unique per kind and namespace.
        var names: [String: Set<String>] = [:]
        var fileNames: Set<String> = []
        var notes: [String] = []
        // Comment directives and CloudFormation Metadata become annotations of the objects.
        let suppressions = CarriedSuppression.fromComments(inputs) + CarriedSuppression.fromEmbedded(inputs, form: .metadata)
        var widened = 0
        for (inputIndex, input) in inputs.enumerated() {
            for document in input.documents {
                if document.format.isCloudFormation { losses += TemplateRemainder.losses(document, of: input, target: "ACK", carriesSuppressions: true) }
                losses += KubernetesRemainder.losses(document, of: input, target: "ACK", keepsObjectMetadata: true)
                for resource in document.resources {
                    guard let kind = Self.kinds[resource.kind] else {
                        losses.append(Loss(source: input.source, range: resource.range, subject: resource.subject, path: "",
                                           reason: "has no ACK kind"))
                        continue
                    }
                    var writer = ValueWriter(naming: .canonical) { value, member in
                        if let refusal = ValueWriter.cloudFormationOnly(value, target: "ACK") { return refusal }
                        guard let member else { return nil }
                        if member.mode == .properties, ObjectReferences.isReferenceName(member.member.name) {
                            return "ACK reads a member named '\(member.member.name)' as a reference to another object"
                        }
                        // A member whose name is ACK's spelling of another member
                        // (`executionRoleARN` for `executionRoleArn`) would come back as that one.
                        if member.mode == .properties {
                            let name = member.member.name
                            let readAs = KubernetesNames.canonical(name, dialect: .ack)
                            if readAs != name { return "ACK reads a member named '\(name)' as '\(readAs)'" }
                        }
                        // ACK spells a service's or cluster's own name `spec.name`: a member that
                        // is literally `name` there would come back as that name.
                        if member.mode == .properties, value.path == "name", let own = KubernetesNames.ackResourceNames[resource.kind] {
                            return "ACK's \(kind) reads spec.name as its \(own)"
                        }
                        if let refusal = FieldCoverage.refusal(kind: resource.kind, path: value.path, target: .ecsJSON) { return refusal }
                        let pattern = FieldCoverage.pattern(value.path)
                        return Self.notInACK[resource.kind]?.contains(pattern) == true ? "ACK's \(kind) has no '\(pattern)'" : nil
                    }
                    writer.referenceMember = { member, reference in
                        guard let key = Self.referenceMembers[member], let name = reference.name else { return nil }
                        var from: [(String, Node)] = [("name", Build.string(name))]
                        if let namespace = reference.namespace { from.append(("namespace", Build.string(namespace))) }
                        return (key, Build.mapping([("from", Build.mapping(from))]))
                    }
                    // A spec is an object: a template resource whose Properties are a scalar or a
                    // list has no ACK form.
                    guard resource.properties.members != nil || resource.properties.isUnresolved else {
                        losses.append(Loss(source: input.source, range: resource.properties.range, subject: resource.subject, path: "",
                                           reason: "its properties are not an object, which an ACK spec must be"))
                        continue
                    }
                    let properties = writer.node(resource.properties)
                    losses += writer.lost.map {
                        Loss(source: input.source, range: $0.value.range, subject: resource.subject, path: $0.value.path, reason: $0.reason)
                    }
                    guard let properties else { continue }
                    let spec = KubernetesNames.ackProperties(properties, kind: resource.kind)
                    // The object keeps its name and namespace; others are named after the resource.
                    let objectName = resource.object?.name
                        ?? Naming.dnsLabel(resource.ownName ?? Naming.baseName(input.source.path), fallback: kind.lowercased())
                    let scope = "\(kind)/\(resource.object?.namespace ?? "")"
                    let name = Naming.unique(objectName, taken: &names[scope, default: []], separator: "-")
                    if name != objectName {
                        notes.append("\(input.source.path): \(resource.subject) is named '\(name)': another \(kind) of the output is named '\(objectName)'")
                    }
                    var metadata: [(String, Node)] = [("name", Build.string(name))]
                    if let namespace = resource.object?.namespace { metadata.append(("namespace", Build.string(namespace))) }
                    // Labels and annotations (ecs-lint's suppressions among them) stay with the object.
                    var annotations: [(String, Node)] = []
                    if document.format.isKubernetes {
                        if let node = document.root["metadata"]?["labels"], node.entries != nil { metadata.append(("labels", node)) }
                        annotations = (document.root["metadata"]?["annotations"]?.entries ?? []).map { ($0.key.text ?? "", $0.value) }
                    }
                    let key = CarriedSuppression.ResourceKey(input: inputIndex, resource: resource)
                    // One of no resource (`ignore-file`, a template's Metadata) covers every object of its input.
                    for suppression in suppressions where suppression.resource == key || (suppression.resource == nil && suppression.input == inputIndex) {
                        if suppression.target != nil { widened += 1 }
                        for annotation in suppression.annotations where !annotations.contains(where: { $0.0 == annotation.0 }) {
                            annotations.append(annotation)
                        }
                    }
                    if !annotations.isEmpty { metadata.append(("annotations", Build.mapping(annotations))) }
                    let object = Build.mapping([
                        ("apiVersion", Build.string(Self.apiVersion)), ("kind", Build.string(kind)),
                        ("metadata", Build.mapping(metadata)), ("spec", spec),
                    ])
                    files.append(ConvertedFile(name: Naming.fileName("\(name)-\(kind.lowercased())", suffix: ".yaml", taken: &fileNames), text: YAMLWriter.write(object), syntax: .yaml,
                                               format: .ack, carried: [CarriedResource(resource: resource, logicalID: nil, lost: writer.lostLocations)]))
                }
            }
        }
        let expiring = inputs.flatMap(\.documents).flatMap(\.embeddedSuppressions).reduce(0) { count, embedded in
            guard case .metadata = embedded.form else { return count }
            return count + (embedded.node["ignore"]?.items ?? []).filter { $0["expires"] != nil }.count
        }
        if expiring > 0 {
            notes.append("\(expiring) suppression\(expiring == 1 ? " has" : "s have") an expiry date, which annotations cannot hold: not carried")
        }
        if widened > 0 {
            notes.append("\(widened) suppression\(widened == 1 ? "" : "s") of part of a resource now cover\(widened == 1 ? "s" : "") the whole object (an annotation has no target)")
        }
        return Conversion(files: files, losses: losses, notes: inputs.compactMap { CommentNote.note($0, directivesCarriedAs: "annotations") } + notes)
    }
}
