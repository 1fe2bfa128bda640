import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// Kubernetes manifests: an `apps/v1` Deployment for each ECS service whose task definition is
/// among the inputs and for each task definition no such service runs, plus a `v1` Service when
/// the ECS service has load balancers or the task has port mappings. One YAML file per workload
/// (`<name>.yaml`, the Deployment then the Service); standard output gets one stream.
///
/// docs/convert.md has the mapping of every field; what has no Kubernetes equivalent is
/// reported as not carried.
struct KubernetesWriter: ConversionWriter {
    static let nameLabel = "app.kubernetes.io/name"
    static let familyAnnotation = "convert.ecs-lint.io/task-definition-family"

    func convert(_ inputs: [ConversionInput]) throws(ConversionError) -> Conversion {
        var usages: [KubernetesUsage] = []
        var losses: [Loss] = []
        var tasks: [(usage: KubernetesUsage, document: Int)] = []
        var services: [(usage: KubernetesUsage, document: Int)] = []
        var documentIndex = 0
        for input in inputs {
            for document in input.documents {
                if document.format.isCloudFormation { losses += TemplateRemainder.losses(document, of: input, target: "Kubernetes") }
                losses += KubernetesRemainder.losses(document, of: input, target: "Kubernetes", keepsObjectMetadata: false)
                for resource in document.resources {
                    let usage = KubernetesUsage(resource: resource, input: input)
                    switch resource.kind {
                    case .taskDefinition: tasks.append((usage, documentIndex)); usages.append(usage)
                    case .service: services.append((usage, documentIndex)); usages.append(usage)
                    default:
                        losses.append(Loss(source: input.source, range: resource.range, subject: resource.subject, path: "",
                                           reason: "has no Kubernetes form"))
                    }
                }
                documentIndex += 1
            }
        }

        var files: [ConvertedFile] = []
        var notes: [String] = inputs.compactMap { CommentNote.note($0) }
        var names: Set<String> = [], fileNames: Set<String> = []
        var run: Set<ObjectIdentifier> = []
        let workspace = Workspace(files: inputs.map { Workspace.File(path: $0.source.path, source: $0.source, documents: $0.documents) })
        for service in services {
            let taskDefinitionValue = service.usage.resource.properties["taskDefinition"]
            guard let task = Self.task(of: service.usage, in: workspace, among: tasks) else {
                let named = taskDefinitionValue.flatMap(KubernetesPod.text).map { " (\($0))" } ?? ""
                service.usage.lose(service.usage.resource.properties,
                                   "its task definition\(named) is not among the inputs, so there are no containers to deploy")
                continue
            }
            service.usage.use(taskDefinitionValue)
            run.insert(ObjectIdentifier(task))
            let file = workload(task: task, service: service.usage, names: &names, fileNames: &fileNames, notes: &notes)
            files.append(file)
        }
        for task in tasks where !run.contains(ObjectIdentifier(task.usage)) {
            files.append(workload(task: task.usage, service: nil, names: &names, fileNames: &fileNames, notes: &notes))
        }
        for usage in usages { losses += usage.losses }
        return Conversion(files: files, losses: losses, notes: notes)
    }

    /// The task definition a service runs, as the linter links them (`Workspace`): a
    /// `Ref`/`GetAtt` in the same template, a family, `family:revision` or ARN matching exactly
    /// one family, or a Kubernetes object reference.
    private static func task(of service: KubernetesUsage, in workspace: Workspace, among tasks: [(usage: KubernetesUsage, document: Int)]) -> KubernetesUsage? {
        guard let entry = workspace.taskDefinition(of: service.resource, in: service.input.source.path) else { return nil }
        return tasks.first { $0.usage.resource.properties === entry.resource.properties }?.usage
    }

    private func workload(task: KubernetesUsage, service: KubernetesUsage?, names: inout Set<String>, fileNames: inout Set<String>,
                          notes: inout [String]) -> ConvertedFile {
        let serviceProperties = service?.resource.properties
        let taskProperties = task.resource.properties
        let wanted = serviceProperties?["serviceName"]?.string ?? taskProperties["family"]?.string
            ?? Naming.baseName(task.input.source.path)
        let name = Naming.unique(Naming.dnsLabel(wanted, fallback: "app"), taken: &names, separator: "-")
        if name != wanted { notes.append("\(wanted) is named \(name) (Kubernetes names are DNS labels)") }
        service.map { $0.use(serviceProperties?["serviceName"]) }
        var annotations: [(String, Node)] = []
        if let family = taskProperties["family"], let text = KubernetesPod.text(family) {
            task.use(family)
            // Named after the service: the task definition's family is kept beside the name.
            if text != wanted { annotations.append((Self.familyAnnotation, Build.string(text))) }
        }

        var pod = KubernetesPod(task: task.resource, usage: task, workload: name)
        let (podSpec, podAnnotations) = pod.build()
        notes += pod.notes
        let selector: [(String, Node)] = [(Self.nameLabel, Build.string(name))]

        var labels = selector
        for usage in [task, service].compactMap({ $0 }) {
            addTags(usage.resource.properties["tags"], usage: usage, labels: &labels, annotations: &annotations)
        }
        var spec: [(String, Node)] = [("replicas", Build.integer(replicas(service)))]
        spec.append(("selector", Build.mapping([("matchLabels", Build.mapping(selector))])))
        if let strategy = strategy(service) { spec.append(("strategy", strategy)) }
        var templateMetadata: [(String, Node)] = [("labels", Build.mapping(selector))]
        if !podAnnotations.isEmpty { templateMetadata.append(("annotations", Build.mapping(podAnnotations))) }
        spec.append(("template", Build.mapping([("metadata", Build.mapping(templateMetadata)), ("spec", podSpec)])))

        var metadata: [(String, Node)] = [("name", Build.string(name)), ("labels", Build.mapping(labels))]
        if !annotations.isEmpty { metadata.append(("annotations", Build.mapping(annotations))) }
        let deployment = Build.mapping([
            ("apiVersion", Build.string("apps/v1")), ("kind", Build.string("Deployment")),
            ("metadata", Build.mapping(metadata)), ("spec", Build.mapping(spec)),
        ])
        var text = YAMLWriter.write(deployment)
        if let kubernetesService = self.service(name: name, selector: selector, labels: labels, ports: pod.ports, ecsService: service) {
            text += "---\n" + YAMLWriter.write(kubernetesService)
        }
        let fileName = Naming.unique(name, taken: &fileNames, separator: "-", suffix: ".yaml")
        return ConvertedFile(name: fileName, text: text, syntax: .yaml)
    }

    private func replicas(_ service: KubernetesUsage?) -> Int {
        guard let service else { return 1 }
        let properties = service.resource.properties
        if let strategy = properties["schedulingStrategy"] {
            if strategy.string?.uppercased() == "REPLICA" {
                service.use(strategy)
            } else {
                service.lose(strategy, "a Deployment runs replicas; one pod per node would be a DaemonSet")
            }
        }
        guard let count = properties["desiredCount"] else { return 1 }
        guard let replicas = KubernetesPod.integer(count), (0...Int(Int32.max)).contains(replicas) else {
            service.lose(count, "not a replica count Kubernetes takes; the Deployment runs 1 replica")
            return 1
        }
        service.use(count)
        return replicas
    }

    /// `maximumPercent` and `minimumHealthyPercent` as the rolling update's surge and unavailability.
    private func strategy(_ service: KubernetesUsage?) -> Node? {
        guard let service, let configuration = service.resource.properties["deploymentConfiguration"] else { return nil }
        var rolling: [(String, Node)] = []
        // Percentages outside 0...1000 are not deployments ECS accepts; clamped, never overflowing.
        if let maximum = configuration["maximumPercent"], let percent = KubernetesPod.integer(maximum) {
            service.use(maximum)
            rolling.append(("maxSurge", Build.string("\(min(max(percent, 100), 1000) - 100)%")))
        }
        if let minimum = configuration["minimumHealthyPercent"], let percent = KubernetesPod.integer(minimum) {
            service.use(minimum)
            rolling.append(("maxUnavailable", Build.string("\(100 - min(max(percent, 0), 100))%")))
        }
        guard !rolling.isEmpty else { return nil }
        return Build.mapping([("type", Build.string("RollingUpdate")), ("rollingUpdate", Build.mapping(rolling))])
    }

    /// A Service for the workload: `LoadBalancer` on the ECS service's load-balanced container
    /// ports, else `ClusterIP` on every container port.
    private func service(name: String, selector: [(String, Node)], labels: [(String, Node)], ports: [KubernetesPod.Port],
                         ecsService: KubernetesUsage?) -> Node? {
        var servicePorts: [KubernetesPod.Port] = []
        let loadBalancers = ecsService?.resource.properties["loadBalancers"]?.array ?? []
        for balancer in loadBalancers {
            guard let usage = ecsService, let portValue = balancer["containerPort"], let port = KubernetesPod.integer(portValue) else { continue }
            usage.use(portValue, balancer["containerName"])
            for field in ["targetGroupArn", "loadBalancerName"] {
                if let value = balancer[field] {
                    usage.lose(value, "the Kubernetes Service gets a load balancer of its own; this one's listeners and health checks are not carried")
                }
            }
            let container = balancer["containerName"]?.string
            let known = ports.first { $0.containerPort == port && (container == nil || $0.container == container) }
            servicePorts.append(known ?? KubernetesPod.Port(container: container, containerPort: port, protocolName: "TCP", name: nil, appProtocol: nil))
        }
        let type = servicePorts.isEmpty ? "ClusterIP" : "LoadBalancer"
        if servicePorts.isEmpty { servicePorts = ports.filter { $0.protocolName == "TCP" || $0.protocolName == "UDP" } }
        var seen: Set<String> = [], names: Set<String> = []
        var nodes: [Node] = []
        for port in servicePorts where seen.insert("\(port.containerPort)/\(port.protocolName)").inserted {
            let portName = Naming.unique(port.name ?? "\(port.protocolName.lowercased())-\(port.containerPort)", taken: &names, separator: "-")
            var entries: [(String, Node)] = [("name", Build.string(portName)), ("port", Build.integer(port.containerPort)),
                                             ("targetPort", Build.integer(port.containerPort)), ("protocol", Build.string(port.protocolName))]
            if let appProtocol = port.appProtocol { entries.append(("appProtocol", Build.string(appProtocol))) }
            nodes.append(Build.mapping(entries))
        }
        guard !nodes.isEmpty else { return nil }
        return Build.mapping([
            ("apiVersion", Build.string("v1")), ("kind", Build.string("Service")),
            ("metadata", Build.mapping([("name", Build.string(name)), ("labels", Build.mapping(labels))])),
            ("spec", Build.mapping([("type", Build.string(type)), ("selector", Build.mapping(selector)), ("ports", Build.sequence(nodes))])),
        ])
    }

    /// ECS tags: labels where Kubernetes allows the key and value, annotations where it allows
    /// only the key; tags whose key it does not allow are not carried.
    private func addTags(_ tags: Value?, usage: KubernetesUsage, labels: inout [(String, Node)], annotations: inout [(String, Node)]) {
        for tag in tags?.array ?? [] {
            guard let key = tag["key"]?.string, let value = tag["value"].flatMap(KubernetesPod.text) ?? (tag["value"] == nil ? "" : nil) else {
                usage.lose(tag, "the tag has no literal key or value")
                continue
            }
            guard LabelSyntax.isKey(key), key != Self.nameLabel else {
                usage.lose(tag, "'\(key)' is not a valid Kubernetes label or annotation key")
                continue
            }
            usage.use(tag)
            if labels.contains(where: { $0.0 == key }) || annotations.contains(where: { $0.0 == key }) { continue }
            if LabelSyntax.isValue(value) {
                labels.append((key, Build.string(value)))
            } else {
                annotations.append((key, Build.string(value)))
            }
        }
    }
}

/// Kubernetes label keys and values (also what annotation keys must be).
enum LabelSyntax {
    /// `[prefix/]name`: prefix a DNS subdomain, name 1–63 of `[A-Za-z0-9_.-]` starting and ending alphanumeric.
    static func isKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last, isName(name) else { return false }
        guard parts.count == 2 else { return true }
        let prefix = parts[0]
        return !prefix.isEmpty && prefix.count <= 253 && prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
                && label.first != "-" && label.last != "-"
        }
    }

    static func isValue(_ value: String) -> Bool {
        value.isEmpty || isName(Substring(value))
    }

    private static func isName(_ name: Substring) -> Bool {
        guard !name.isEmpty, name.count <= 63, let first = name.first, let last = name.last else { return false }
        let alphanumeric = { (character: Character) in character.isASCII && (character.isLetter || character.isNumber) }
        return alphanumeric(first) && alphanumeric(last) && name.allSatisfy { alphanumeric($0) || "-_.".contains($0) }
    }
}
