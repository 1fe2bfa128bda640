import ECSLintModel
import ECSLintSyntax

/// Kubernetes-style resources that describe ECS: `apiVersion`, `kind`, `metadata` and a `spec`
/// that holds (or, for project-planton, implies) a task definition, service or cluster. Each
/// object is one YAML document or JSON object; several objects are a multi-document stream.
enum KubernetesLoader {
    /// The API groups ecs-lint reads, and the format each is.
    static func format(apiVersion: String) -> DocumentFormat? {
        let group = apiVersion.split(separator: "/").first.map(String.init) ?? apiVersion
        switch group {
        case "ecs.services.k8s.aws": return .ack
        case "ecs.aws.crossplane.io": return .crossplane
        case "ecskube.ecskube": return .ecsKube
        case "aws.project-planton.org": return .projectPlanton
        default: return nil
        }
    }

    /// The kinds of each format that describe an ECS resource.
    static func resourceKind(_ kind: String, format: DocumentFormat) -> Resource.Kind? {
        switch (format, kind) {
        case (.ack, "TaskDefinition"), (.crossplane, "TaskDefinition"): return .taskDefinition
        case (.ack, "Service"), (.crossplane, "Service"): return .service
        case (.ack, "Cluster"), (.crossplane, "Cluster"): return .cluster
        case (.ack, "CapacityProvider"), (.crossplane, "CapacityProvider"): return .capacityProvider
        case (.ecsKube, "ECSDeployment"): return .service
        case (.projectPlanton, "AwsEcsService"): return .service
        case (.projectPlanton, "AwsEcsCluster"): return .cluster
        default: return nil
        }
    }

    static func detect(_ root: Node) -> Loader.Detection? {
        guard let apiVersion = root["apiVersion"]?.string, let kind = root["kind"]?.string else { return nil }
        if let format = KubernetesIAMLoader.format(apiVersion: apiVersion) {
            guard KubernetesIAMLoader.resourceKind(kind) != nil else {
                return .unrecognized("a \(kind) of \(apiVersion), which is no IAM role, policy or role-policy attachment")
            }
            return .recognized(format)
        }
        guard let format = format(apiVersion: apiVersion) else {
            return .unrecognized("a Kubernetes-style \(kind) (\(apiVersion)), not an ECS or IAM resource")
        }
        if format == .projectPlanton, kind == "EcsService" || kind == "EcsCluster" {
            return .unrecognized("project-planton's older \(kind) kind, which ecs-lint does not read (AwsEcsService and AwsEcsCluster replace it)")
        }
        guard resourceKind(kind, format: format) != nil else {
            return .unrecognized("a \(kind) of \(apiVersion), which describes no ECS task definition, service or cluster")
        }
        return .recognized(format)
    }

    static func load(_ root: Node, as format: DocumentFormat) -> Document {
        let metadata = root["metadata"]
        let object = KubernetesObject(apiVersion: root["apiVersion"]?.string ?? "", kind: root["kind"]?.string ?? "",
                                      name: metadata?["name"]?.string, namespace: metadata?["namespace"]?.string)
        var suppressions: [EmbeddedSuppressions] = []
        if let annotations = metadata?["annotations"] {
            suppressions.append(EmbeddedSuppressions(form: .annotations, scope: root.range, resource: object.name, node: annotations))
        }
        let resources: [Resource]
        var unknownMembers: [UnknownMember] = []
        switch format {
        case _ where KubernetesIAMLoader.format(apiVersion: object.apiVersion) != nil:
            resources = KubernetesIAMLoader.resources(root, object: object, format: format)
        case .ack:
            resources = apiShaped(root["spec"], root: root, object: object, format: format)
        case .crossplane:
            resources = apiShaped(root["spec"]?["forProvider"], root: root, object: object, format: format)
        case .ecsKube:
            resources = ECSKubeLoader.resources(root, object: object)
        case .projectPlanton:
            resources = ProjectPlantonLoader.resources(root, object: object)
            unknownMembers = ProjectPlantonLoader.unknownMembers(root, object: object)
        default:
            resources = []
        }
        return Document(format: format, root: root, resources: resources, embeddedSuppressions: suppressions, unknownMembers: unknownMembers)
    }

    /// ACK's `spec` and Crossplane's `spec.forProvider`: the API request with ACK's spelling.
    private static func apiShaped(_ spec: Node?, root: Node, object: KubernetesObject, format: DocumentFormat) -> [Resource] {
        guard let kind = resourceKind(object.kind, format: format) else { return [] }
        let properties: Value
        if let spec, spec.entries != nil {
            properties = convert(spec, path: "", inMap: false, format: format, topLevel: kind)
        } else {
            properties = Value(.object([]), range: (spec ?? root).range, path: "")
        }
        let nameKey: String? = switch kind {
        case .taskDefinition: "family"
        case .service: "serviceName"
        case .cluster: "clusterName"
        default: "name"
        }
        // Named as Kubernetes names it: the object's name is what its users know and stays put.
        let name = object.name ?? nameKey.flatMap { properties[$0]?.string }
        return [Resource(kind: kind, name: name, logicalID: nil, properties: properties, range: root.range, object: object)]
    }

    /// Members that only the Kubernetes wrapper has (Crossplane's `region` picks the endpoint).
    private static let wrapperOnlyMembers: Set<String> = ["region"]

    /// `topLevel` is the resource's kind while converting its spec's own members.
    private static func convert(_ node: Node, path: String, inMap: Bool, format: DocumentFormat, topLevel: Resource.Kind? = nil) -> Value {
        switch node.content {
        case .scalar(let scalar):
            return Value(ECSNativeLoader.scalarContent(scalar), range: node.range, path: path)
        case .sequence(let items):
            let values = items.enumerated().map {
                convert($0.element, path: LogicalPath.index(path, $0.offset), inMap: false, format: format)
            }
            return Value(.array(values), range: node.range, path: path)
        case .mapping(let entries):
            var members: [Value.Member] = []
            // A reference member stands where it is written, unless the member it fills is
            // written too (then the written value is what the controller uses).
            var references: [(index: Int, name: String, entry: Node.Entry)] = []
            for entry in entries {
                let written = entry.key.text ?? ""
                if inMap {
                    members.append(.init(name: written, value: convert(entry.value, path: LogicalPath.member(path, written), inMap: false, format: format),
                                         writtenName: written, keyRange: entry.key.range))
                    continue
                }
                if format == .crossplane, topLevel != nil, wrapperOnlyMembers.contains(written) { continue }
                if let target = ObjectReferences.referencedMember(written) {
                    if let target { references.append((members.count, target, entry)) }
                    continue
                }
                let dialect: KubernetesNames.Dialect = format == .ack ? .ack : .crossplane
                let name = if let kind = topLevel { KubernetesNames.canonical(spec: written, kind: kind, dialect: dialect) }
                    else { KubernetesNames.canonical(written, dialect: dialect) }
                let value = convert(entry.value, path: LogicalPath.member(path, name), inMap: FieldNames.mapProperties.contains(name), format: format)
                members.append(.init(name: name, value: value, writtenName: written, keyRange: entry.key.range))
            }
            for (index, name, entry) in references.reversed() where !members.contains(where: { $0.name == name }) {
                let reference = ObjectReferences.reference(entry.value, member: name, keyName: entry.key.text ?? "")
                members.insert(.init(name: name, value: Value(.unresolved(.objectReference(reference)), range: entry.value.range,
                                                              path: LogicalPath.member(path, name)),
                                     writtenName: entry.key.text ?? name, keyRange: entry.key.range), at: index)
            }
            return Value(.object(members), range: node.range, path: path)
        }
    }
}

/// ACK's `…Ref`/`…Refs` and Crossplane's `…Ref`/`…Refs`/`…Selector` members stand for another
/// member (`taskRoleRef` for `taskRoleARN`, `securityGroupRefs` for `securityGroups`), whose
/// value the controller fills from the object they name.
public enum ObjectReferences {
    /// Whether a Kubernetes-style loader reads a member of this name as a reference (`…Ref`,
    /// `…Refs`, `…Selector`) rather than as the value it holds.
    public static func isReferenceName(_ written: String) -> Bool { referencedMember(written) != nil }

    /// The API member a reference member stands for, keyed by its lower-cased stem.
    private static let targets: [String: String] = [
        "taskrole": "taskRoleArn", "executionrole": "executionRoleArn", "taskdefinition": "taskDefinition",
        "cluster": "cluster", "subnet": "subnets", "securitygroup": "securityGroups", "filesystem": "fileSystemId",
        "accesspoint": "accessPointId", "targetgroup": "targetGroupArn", "role": "role", "kmskey": "kmsKeyId",
        "registry": "registryArn", "autoscalinggroup": "autoScalingGroupArn", "loadbalancer": "loadBalancerName",
        "capacityprovider": "capacityProvider", "loadbalancername": "loadBalancerName",
    ]

    /// The kinds of resource the references to these members name.
    private static let kinds: [String: Resource.Kind] = [
        "taskRoleArn": .iamRole, "executionRoleArn": .iamRole, "taskDefinition": .taskDefinition, "cluster": .cluster,
        "targetGroupArn": .targetGroup, "role": .iamRole, "capacityProvider": .capacityProvider,
    ]

    /// nil: not a reference member; `.some(nil)`: a reference to something ecs-lint does not
    /// model (dropped); otherwise the API member it stands for.
    static func referencedMember(_ written: String) -> String?? {
        let suffixes = ["Refs", "Ref", "Selector"]
        guard let suffix = suffixes.first(where: { written.hasSuffix($0) && written.count > $0.count }) else { return nil }
        var stem = String(written.dropLast(suffix.count)).lowercased()
        for ending in ["arns", "arn", "ids", "id", "s"] where stem.hasSuffix(ending) && targets[stem] == nil {
            let shorter = String(stem.dropLast(ending.count))
            if targets[shorter] != nil { stem = shorter }
        }
        return .some(targets[stem])
    }

    /// ACK: `{from: {name, namespace}}`; Crossplane: `{name}`; a selector names no object.
    static func reference(_ node: Node, member: String, keyName: String) -> ObjectReference {
        let from = node["from"] ?? node
        let name = keyName.hasSuffix("Selector") ? nil : from["name"]?.string
        return ObjectReference(kind: kinds[member], name: name, namespace: from["namespace"]?.string)
    }
}
