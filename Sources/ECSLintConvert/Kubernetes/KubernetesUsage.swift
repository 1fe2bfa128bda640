import ECSLintModel

/// Which values of one ECS resource a Kubernetes conversion carried. Whatever is neither used
/// nor explicitly lost is reported as not carried at the topmost value that holds nothing used
/// (`containerDefinitions[0].logConfiguration`, not each of its options), so a field the writer
/// does not know can never be dropped silently.
final class KubernetesUsage {
    let resource: Resource
    let input: ConversionInput
    private var used: Set<ValueLocation> = []
    private var explicit: [(value: Value, reason: String)] = []

    init(resource: Resource, input: ConversionInput) {
        self.resource = resource
        self.input = input
    }

    /// Marks values (and everything inside them) as carried.
    func use(_ values: Value?...) {
        for value in values { if let value { used.insert(ValueLocation(value)) } }
    }

    /// Marks a value as not carried, for a reason more precise than the field's.
    func lose(_ value: Value, _ reason: String) {
        // A task definition two services run is written twice; its losses count once.
        guard used.insert(ValueLocation(value)).inserted || !explicit.contains(where: { ValueLocation($0.value) == ValueLocation(value) }) else { return }
        explicit.append((value, reason))
    }

    var losses: [Loss] {
        var unused: [Value] = []
        if !collectUnused(resource.properties, into: &unused) { unused = [resource.properties] }
        let all = explicit + unused.map { ($0, Self.reason(for: $0.path)) }
        return all.sorted { ($0.value.range.start, $0.value.path) < ($1.value.range.start, $1.value.path) }.map {
            Loss(source: input.source, range: $0.value.range, subject: resource.subject, path: $0.value.path, reason: $0.reason)
        }
    }

    /// Whether `value` or something inside it was used; the unused parts of used values go to `unused`.
    private func collectUnused(_ value: Value, into unused: inout [Value]) -> Bool {
        if used.contains(ValueLocation(value)) { return true }
        let children: [Value]
        switch value.content {
        case .object(let members): children = members.map(\.value)
        case .array(let items): children = items
        case .null: return true  // "not set": nothing to carry
        default: return false
        }
        if children.isEmpty { return true }  // an empty list or object carries nothing either
        var found: [Value] = []
        var untouched: [Value] = []
        for child in children {
            if !collectUnused(child, into: &found) { untouched.append(child) }
        }
        guard untouched.count < children.count else { return false }
        unused += found + untouched
        return true
    }

    /// Why a field is not carried, by its name (docs/convert.md has the whole table).
    static func reason(for path: String) -> String {
        let name = FieldCoverage.pattern(path).split(separator: ".").last.map(String.init) ?? path
        let field = name.hasSuffix("[]") ? String(name.dropLast(2)) : name
        return reasons[field].map { "\($0)" } ?? "Kubernetes has no equivalent"
    }

    private static let reasons: [String: String] = [
        "logConfiguration": "Kubernetes collects container output itself; log routing is cluster configuration",
        "firelensConfiguration": "log routing is cluster configuration in Kubernetes",
        "executionRoleArn": "the kubelet pulls images and reads Secrets with the cluster's credentials",
        "taskRoleArn": "pods get AWS credentials through a service account (IAM roles for service accounts), which convert does not create",
        "requiresCompatibilities": "launch types do not exist in Kubernetes",
        "launchType": "launch types do not exist in Kubernetes",
        "capacityProviderStrategy": "node pools are cluster configuration",
        "platformVersion": "Fargate platform versions do not exist in Kubernetes",
        "cluster": "the target cluster is chosen by kubectl's context, not by the manifest",
        "networkConfiguration": "subnets and security groups are cluster networking (NetworkPolicies are not derived)",
        "placementConstraints": "placement is node affinity in Kubernetes, which convert does not derive",
        "placementStrategy": "placement is node affinity in Kubernetes, which convert does not derive",
        "serviceRegistries": "Kubernetes Services are discovered through cluster DNS",
        "serviceConnectConfiguration": "Kubernetes Services are discovered through cluster DNS",
        "dockerLabels": "Kubernetes has no per-container labels",
        "ulimits": "Kubernetes has no per-container ulimits",
        "environmentFiles": "S3 environment files would be ConfigMaps, which convert does not create",
        "dockerSecurityOptions": "Docker security options have no pod equivalent",
        "healthCheckGracePeriodSeconds": "Kubernetes has no service-level grace period for health checks",
        "deploymentCircuitBreaker": "Kubernetes marks a stalled rollout (progressDeadlineSeconds) but does not roll back",
        "alarms": "CloudWatch alarms do not drive Kubernetes rollouts",
        "enableExecuteCommand": "kubectl exec is governed by RBAC",
        "propagateTags": "tags become Deployment labels; they are not propagated to pods",
        "proxyConfiguration": "App Mesh proxy configuration has no Kubernetes equivalent",
        "inferenceAccelerators": "Elastic Inference has no Kubernetes equivalent",
        "ephemeralStorage": "pod-level resources cover cpu and memory only",
        "role": "the ECS service-linked role has no Kubernetes equivalent",
        "startTimeout": "Kubernetes has no start timeout for container dependencies",
        "restartPolicy": "a pod restarts every container; ignored exit codes and the attempt period have no equivalent",
        "disableNetworking": "the containers of a pod share its network",
        "initProcessEnabled": "Kubernetes has no per-container init process (shareProcessNamespace gives the pod one)",
        "maxSwap": "swap is node configuration in Kubernetes",
        "swappiness": "swap is node configuration in Kubernetes",
        "devices": "host devices need a device plugin in Kubernetes",
        "credentialSpecs": "gMSA credential specs are a Windows pod security option convert does not derive",
        "versionConsistency": "image digests are resolved by the kubelet at pull time",
        "enableFaultInjection": "fault injection is an ECS feature",
        "volumeConfigurations": "EBS volumes would be PersistentVolumeClaims, which convert does not create",
        "vpcLatticeConfigurations": "VPC Lattice targets are not Kubernetes objects",
        "availabilityZoneRebalancing": "spreading across zones is topologySpreadConstraints, which convert does not derive",
        "deploymentController": "Kubernetes rolls Deployments out itself",
        "enableECSManagedTags": "ECS-managed tags have no Kubernetes equivalent",
    ]
}
