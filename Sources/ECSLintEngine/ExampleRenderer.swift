import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// Writes a rule example in each input format, so one example proves a rule on ECS JSON and on
/// CloudFormation JSON and YAML.
public enum ExampleRenderer {
    public struct Rendered: Sendable {
        public let format: ExampleFormat
        /// One file, or several that run together (a service and its task definition).
        public let sources: [SourceFile]
        /// For several files: the label each ECS-native file's resource has in `fires`
        /// (`Service`, `TaskDefinition`, `Cluster`, `AppSpec`); template resources are
        /// labelled by their logical ID.
        public let labels: [String: String]

        public var source: SourceFile { sources[0] }

        init(format: ExampleFormat, source: SourceFile) {
            self.init(format: format, sources: [source], labels: [:])
        }

        init(format: ExampleFormat, sources: [SourceFile], labels: [String: String]) {
            self.format = format
            self.sources = sources
            self.labels = labels
        }

        /// How `fires` names the resource a finding of a several-file rendering is in: by its
        /// file, or by its name (Kubernetes objects share one file).
        public func label(file: String, resource: String?) -> String {
            labels[file] ?? resource.flatMap { labels[$0] } ?? resource ?? file
        }
    }

    /// The logical IDs, and labels in `fires`, of related examples' resources.
    public static let taskDefinitionLabel = "TaskDefinition", serviceLabel = "Service", clusterLabel = "Cluster", appSpecLabel = "AppSpec"
    static let appSpecFileName = "appspec.yaml"

    /// Whether a rendered file is one of the IAM JSON files of an example with roles.
    public static func isIAMJSONFile(_ path: String) -> Bool {
        path == ExampleIAM.authorizationDetailsFileName || (path.hasPrefix("policy-") && path.hasSuffix(".json"))
    }

    /// The renderings a rule's example is proven in. Schema rules judge only the container
    /// definitions' JSON in Terraform (the provider checks its own arguments), so their examples
    /// about other members have no Terraform rendering.
    public static func render(_ example: RuleExample, of rule: RuleDescription) -> [Rendered] {
        let rendered = render(example)
        guard rule.tags.contains("schema"),
              example.fires.contains(where: { !$0.description.hasPrefix("containerDefinitions[") }) else { return rendered }
        return rendered.filter { $0.format != .terraform }
    }

    public static func render(_ example: RuleExample) -> [Rendered] {
        switch example.input {
        case .taskDefinition(let node):
            return canonical(node, type: "AWS::ECS::TaskDefinition", logicalID: "TaskDefinition", kind: .taskDefinition)
        case .service(let node):
            return canonical(node, type: "AWS::ECS::Service", logicalID: "Service", kind: .service)
        case .cluster(let node):
            return canonical(node, type: "AWS::ECS::Cluster", logicalID: "Cluster", kind: .cluster)
        case .related(let resources):
            return related(resources)
        case .template(let text):
            var rendered = [Rendered(format: .cloudFormationYAML, source: SourceFile(path: ExampleFormat.cloudFormationYAML.fileName, text: text))]
            if let parsed = try? YAMLLoader.parse(SourceFile(path: "template.yaml", text: text)), let root = parsed.documents.first {
                let json = JSONWriter.write(CloudFormationLoader.longForm(root))
                rendered.append(Rendered(format: .cloudFormationJSON, source: SourceFile(path: ExampleFormat.cloudFormationJSON.fileName, text: json)))
            }
            return rendered
        case .sources(let texts):
            return ExampleFormat.allCases.compactMap { format in
                texts[format].map { Rendered(format: format, source: SourceFile(path: format.fileName, text: $0)) }
            }
        }
    }

    private static func canonical(_ node: Node, type: String, logicalID: String, kind: Resource.Kind) -> [Rendered] {
        let template = cloudFormationTemplate(properties: cloudFormationProperties(node),
                                              type: type, logicalID: logicalID)
        let object = ackObject(node, kind: kind, name: "example")
        var rendered = [
            Rendered(format: .ecsJSON, source: SourceFile(path: ExampleFormat.ecsJSON.fileName, text: JSONWriter.write(node))),
            Rendered(format: .cloudFormationJSON, source: SourceFile(path: ExampleFormat.cloudFormationJSON.fileName, text: JSONWriter.write(template))),
            Rendered(format: .cloudFormationYAML, source: SourceFile(path: ExampleFormat.cloudFormationYAML.fileName, text: YAMLWriter.write(template))),
            Rendered(format: .kubernetesYAML, source: SourceFile(path: ExampleFormat.kubernetesYAML.fileName, text: YAMLWriter.write(object))),
        ]
        if let text = TerraformWriter.resource(node, kind: kind, name: "example") {
            rendered.append(Rendered(format: .terraform, source: SourceFile(path: ExampleFormat.terraform.fileName, text: text)))
        }
        return rendered
    }

    /// Terraform: one `main.tf`, the service naming the task definition and cluster, and the
    /// ECS resources the example roles, by reference. Nil when a resource has no Terraform form;
    /// examples with an AppSpec are not rendered.
    private static func terraform(_ resources: RuleExample.RelatedResources) -> Rendered? {
        guard resources.appSpec == nil else { return nil }
        var blocks: [String] = []
        var labels: [String: String] = [:]
        let roles = resources.roles
        func add(_ node: Node?, _ kind: Resource.Kind, _ name: String, _ label: String, references: [String: String] = [:]) -> Bool {
            guard let node else { return true }
            let linked = references.merging(ExampleIAM.terraformRoleReferences(node, roles: roles)) { first, _ in first }
            guard let block = TerraformWriter.resource(node, kind: kind, name: name, references: linked),
                  let type = TerraformWriter.resourceTypes[kind] else { return false }
            blocks.append(block)
            labels["\(type).\(name)"] = label
            return true
        }
        var references: [String: String] = [:]
        if let service = resources.service {
            if resources.taskDefinition != nil, service["taskDefinition"] == nil { references["taskDefinition"] = "aws_ecs_task_definition.task_definition.arn" }
            if resources.cluster != nil, service["cluster"] == nil { references["cluster"] = "aws_ecs_cluster.cluster.id" }
        }
        guard add(resources.taskDefinition, .taskDefinition, "task_definition", taskDefinitionLabel),
              add(resources.service, .service, "service", serviceLabel, references: references),
              add(resources.cluster, .cluster, "cluster", clusterLabel) else { return nil }
        for other in resources.otherTaskDefinitions {
            let family = other["family"]?.text ?? ""
            guard add(other, .taskDefinition, TerraformWriter.identifier(family), family) else { return nil }
        }
        guard let iam = ExampleIAM.terraformResources(resources) else { return nil }
        blocks += iam.text
        labels.merge(iam.labels) { first, _ in first }
        guard !blocks.isEmpty else { return nil }
        return Rendered(format: .terraform, sources: [SourceFile(path: ExampleFormat.terraform.fileName, text: blocks.joined(separator: "\n"))],
                        labels: labels)
    }

    /// The object names of related examples' Kubernetes resources, and the labels `fires` uses.
    static let objectNames: [Resource.Kind: (name: String, label: String)] = [
        .taskDefinition: ("task-definition", taskDefinitionLabel), .service: ("service", serviceLabel), .cluster: ("cluster", clusterLabel),
    ]

    /// An ACK object (`ecs.services.k8s.aws/v1alpha1`) whose `spec` is the canonical resource
    /// spelled the ACK way.
    static func ackObject(_ node: Node, kind: Resource.Kind, name: String, references: [(String, String)] = []) -> Node {
        let range = node.range
        let kinds: [Resource.Kind: String] = [.taskDefinition: "TaskDefinition", .service: "Service", .cluster: "Cluster"]
        var spec = KubernetesNames.ackProperties(node, kind: kind)
        for (member, target) in references {
            // `taskDefinitionRef: {from: {name: task-definition}}`
            let from = Node(.mapping([.init(key: scalar("name", range), value: scalar(target, range))]), range: range)
            spec = adding(member + "Ref", Node(.mapping([.init(key: scalar("from", range), value: from)]), range: range), to: spec)
        }
        return Node(.mapping([
            .init(key: scalar("apiVersion", range), value: scalar("ecs.services.k8s.aws/v1alpha1", range)),
            .init(key: scalar("kind", range), value: scalar(kinds[kind] ?? "TaskDefinition", range)),
            .init(key: scalar("metadata", range), value: Node(.mapping([.init(key: scalar("name", range), value: scalar(name, range))]), range: range)),
            .init(key: scalar("spec", range), value: spec),
        ]), range: range)
    }


    /// ECS JSON: one file per resource; CloudFormation: one template. The service is linked to
    /// the task definition and the cluster unless it names them itself.
    private static func related(_ resources: RuleExample.RelatedResources) -> [Rendered] {
        var taskDefinition = resources.taskDefinition
        let service = resources.service
        var cluster = resources.cluster
        // ECS JSON links by name: give the task definition a family and the cluster a name when
        // the example leaves them out, and the service both names.
        var nativeService = service
        if let task = taskDefinition, service != nil || resources.appSpec != nil {
            let family = task["family"]?.text ?? "app"
            if task["family"] == nil { taskDefinition = adding("family", scalar(family, task.range), to: task) }
            if let node = service, node["taskDefinition"] == nil {
                nativeService = adding("taskDefinition", scalar(family, node.range), to: node)
            }
        }
        if let clusterNode = cluster, let node = nativeService, node["cluster"] == nil {
            let name = clusterNode["clusterName"]?.text ?? "app-cluster"
            if clusterNode["clusterName"] == nil { cluster = adding("clusterName", scalar(name, clusterNode.range), to: clusterNode) }
            nativeService = adding("cluster", scalar(name, node.range), to: node)
        }
        var native: [SourceFile] = []
        var labels: [String: String] = [:]
        func add(_ node: Node?, _ fileName: String, _ label: String) {
            guard let node else { return }
            native.append(SourceFile(path: fileName, text: JSONWriter.write(node)))
            labels[fileName] = label
        }
        add(taskDefinition, "taskdef.json", taskDefinitionLabel)
        for other in resources.otherTaskDefinitions {
            let family = other["family"]?.text ?? ""
            add(other, "taskdef-\(family).json", family)
        }
        add(nativeService, "service.json", serviceLabel)
        add(cluster, "cluster.json", clusterLabel)

        // CloudFormation links by Ref.
        var templateResources: [Node.Entry] = []
        func reference(_ logicalID: String, _ range: SourceRange) -> Node {
            Node(.mapping([.init(key: scalar("Ref", range), value: scalar(logicalID, range))]), range: range)
        }
        if let node = resources.taskDefinition {
            templateResources.append(resourceEntry(cloudFormationProperties(ExampleIAM.linkingRoles(node, roles: resources.roles)),
                                                   type: "AWS::ECS::TaskDefinition", logicalID: taskDefinitionLabel))
        }
        var otherLabels: [String: String] = [:]
        for other in resources.otherTaskDefinitions {
            let family = other["family"]?.text ?? ""
            let logicalID = ExampleIAM.logicalID(family) + "TaskDefinition"
            templateResources.append(resourceEntry(cloudFormationProperties(ExampleIAM.linkingRoles(other, roles: resources.roles)),
                                                   type: "AWS::ECS::TaskDefinition", logicalID: logicalID))
            otherLabels[logicalID] = family
        }
        if var node = service.map({ ExampleIAM.linkingRoles($0, roles: resources.roles) }) {
            if resources.taskDefinition != nil, node["taskDefinition"] == nil {
                node = adding("taskDefinition", reference(taskDefinitionLabel, node.range), to: node)
            }
            if cluster != nil, node["cluster"] == nil { node = adding("cluster", reference(clusterLabel, node.range), to: node) }
            templateResources.append(resourceEntry(cloudFormationProperties(node), type: "AWS::ECS::Service", logicalID: serviceLabel))
        }
        if let node = resources.cluster {
            templateResources.append(resourceEntry(cloudFormationProperties(node), type: "AWS::ECS::Cluster", logicalID: clusterLabel))
        }
        let iamTemplate = ExampleIAM.templateResources(resources, withRoleNames: false)
        templateResources += iamTemplate.entries
        let range = SourceRange(start: 0, end: 0)
        let template = Node(.mapping([.init(key: scalar("Resources", range), value: Node(.mapping(templateResources), range: range))]), range: range)

        var appSpec: [SourceFile] = []
        if let text = resources.appSpec {
            appSpec = [SourceFile(path: appSpecFileName, text: text)]
            labels[appSpecFileName] = appSpecLabel
        }
        // Kubernetes: one object per resource in one stream, linked by `…Ref` to the objects.
        var objects: [String] = []
        var objectLabels: [String: String] = labels.filter { $0.key == appSpecFileName }
        func addObject(_ node: Node?, _ kind: Resource.Kind, references: [(String, String)]) {
            guard let node, let names = objectNames[kind] else { return }
            objects.append(YAMLWriter.write(ackObject(node, kind: kind, name: names.name, references: references)))
            objectLabels[names.name] = names.label
        }
        addObject(resources.taskDefinition, .taskDefinition, references: [])
        for other in resources.otherTaskDefinitions {
            let family = other["family"]?.text ?? ""
            objects.append(YAMLWriter.write(ackObject(other, kind: .taskDefinition, name: family)))
            objectLabels[family] = family
        }
        if let node = service {
            var references: [(String, String)] = []
            if resources.taskDefinition != nil, node["taskDefinition"] == nil { references.append(("taskDefinition", "task-definition")) }
            if resources.cluster != nil, node["cluster"] == nil { references.append(("cluster", "cluster")) }
            addObject(node, .service, references: references)
        }
        addObject(resources.cluster, .cluster, references: [])
        objects += ExampleIAM.ackObjects(resources).map(YAMLWriter.write)
        objectLabels.merge(ExampleIAM.objectLabels(resources)) { first, _ in first }
        let iamFiles = ExampleIAM.iamJSONFiles(resources)
        var rendered = [Rendered(format: .ecsJSON, sources: native + appSpec + iamFiles.files, labels: labels.merging(iamFiles.labels) { first, _ in first })]
        if resources.hasIAM {
            let roleTemplate = ExampleIAM.templateResources(resources, withRoleNames: true)
            let root = Node(.mapping([.init(key: scalar("Resources", range), value: Node(.mapping(roleTemplate.entries), range: range))]), range: range)
            rendered.append(Rendered(format: .crossFile, sources: native + appSpec + [SourceFile(path: ExampleFormat.crossFile.fileName, text: YAMLWriter.write(root))],
                                     labels: labels.merging(roleTemplate.labels) { first, _ in first }))
        }
        if !objects.isEmpty {
            let stream = objects.map { "---\n" + $0 }.joined()
            rendered.append(Rendered(format: .kubernetesYAML, sources: [SourceFile(path: ExampleFormat.kubernetesYAML.fileName, text: stream)] + appSpec,
                                     labels: objectLabels))
        }
        if !templateResources.isEmpty {
            let templateLabels = labels.filter { $0.key == appSpecFileName }.merging(iamTemplate.labels) { first, _ in first }
                .merging(otherLabels) { first, _ in first }
            rendered.append(Rendered(format: .cloudFormationJSON, sources: [SourceFile(path: ExampleFormat.cloudFormationJSON.fileName, text: JSONWriter.write(template))] + appSpec,
                                     labels: templateLabels))
            rendered.append(Rendered(format: .cloudFormationYAML, sources: [SourceFile(path: ExampleFormat.cloudFormationYAML.fileName, text: YAMLWriter.write(template))] + appSpec,
                                     labels: templateLabels))
        }
        if let terraform = terraform(resources) { rendered.append(terraform) }
        return rendered.filter { !$0.sources.isEmpty }
    }

    private static func adding(_ key: String, _ value: Node, to node: Node) -> Node {
        Node(.mapping((node.entries ?? []) + [.init(key: scalar(key, node.range), value: value)]), tag: node.tag, range: node.range)
    }

    private static func resourceEntry(_ properties: Node, type: String, logicalID: String) -> Node.Entry {
        let range = properties.range
        let resource = Node(.mapping([
            .init(key: scalar("Type", range), value: scalar(type, range)),
            .init(key: scalar("Properties", range), value: properties),
        ]), range: range)
        return .init(key: scalar(logicalID, range), value: resource)
    }

    private static func scalar(_ text: String, _ range: SourceRange) -> Node {
        Node(.scalar(.init(text: text, kind: .string, style: .plain)), range: range)
    }

    private static func cloudFormationTemplate(properties: Node, type: String, logicalID: String) -> Node {
        let range = properties.range
        let resource = Node(.mapping([
            .init(key: scalar("Type", range), value: scalar(type, range)),
            .init(key: scalar("Properties", range), value: properties),
        ]), range: range)
        let resources = Node(.mapping([.init(key: scalar(logicalID, range), value: resource)]), range: range)
        return Node(.mapping([.init(key: scalar("Resources", range), value: resources)]), range: range)
    }

    /// Canonical (API) names → CloudFormation names; string-map keys and policy documents unchanged.
    public static func cloudFormationProperties(_ node: Node) -> Node {
        FieldNames.cloudFormationProperties(node)
    }
}
