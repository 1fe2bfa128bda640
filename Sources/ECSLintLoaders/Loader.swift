import ECSLintModel
import ECSLintSyntax

/// Recognises what each parsed document is and loads it into canonical resources.
public enum Loader {
    public enum Outcome: Sendable {
        case loaded([Document])
        /// Nothing ecs-lint understands; the reason is shown with `-v`.
        case skipped(String)
    }

    /// `terraform` gives a `.tf` file's module (its other files and the files `file()` reads);
    /// without it the file is read alone.
    public static func load(_ parsed: ParsedFile, terraform: TerraformModules? = nil) -> Outcome {
        if parsed.hcl != nil {
            let modules = terraform ?? TerraformModules(files: InMemoryTerraformFiles([parsed.source]))
            if TerraformModule.isOverrideFile(parsed.source.path) {
                return .skipped("a Terraform override file: merged into the blocks it overrides, where what it sets is unknown")
            }
            guard let document = TerraformLoader.load(parsed, modules: modules), !document.resources.isEmpty else {
                return .skipped("no ECS, IAM or target group resources in this Terraform file")
            }
            return .loaded([document])
        }
        var documents: [Document] = []
        var reasons: [String] = []
        for root in parsed.documents {
            switch detect(root) {
            case .recognized(.terraformPlan):
                documents.append(TerraformPlanLoader.load(root, source: parsed.source))
            case .recognized(let format):
                documents.append(load(root, as: format))
            case .unrecognized(let reason):
                reasons.append(reason)
            }
        }
        if documents.isEmpty {
            return .skipped(reasons.first ?? "empty document")
        }
        return .loaded(documents)
    }

    enum Detection {
        case recognized(DocumentFormat)
        case unrecognized(String)
    }

    static func detect(_ root: Node) -> Detection {
        if let items = root.items {
            let containers = items.allSatisfy { $0.entries != nil } && items.contains { $0["image"] != nil }
            return containers ? .recognized(.ecsContainerDefinitions) : .unrecognized("a list that is not a containerDefinitions array")
        }
        guard root.entries != nil else { return .unrecognized("not a JSON/YAML object") }
        if TerraformPlanLoader.detect(root) { return .recognized(.terraformPlan) }
        if root["AWSEBDockerrunVersion"] != nil {
            return .unrecognized("an Elastic Beanstalk Dockerrun file")
        }
        if let appSpec = appSpecDetection(root) { return appSpec }
        if isCloudFormation(root) { return .recognized(.cloudFormation) }
        if let inner = root["taskDefinition"], inner["containerDefinitions"] != nil {
            return .recognized(.ecsTaskDefinitionDescribe)
        }
        if root["containerDefinitions"]?.items != nil { return .recognized(.ecsTaskDefinition) }
        if isService(root["service"]) || (root["services"]?.items?.contains { isService($0) } ?? false) || isService(root) {
            return .recognized(.ecsService)
        }
        if isCluster(root["cluster"]) || (root["clusters"]?.items?.contains { isCluster($0) } ?? false) || isCluster(root) {
            return .recognized(.ecsCluster)
        }
        if let kubernetes = KubernetesLoader.detect(root) { return kubernetes }
        if IAMJSONLoader.detect(root) { return .recognized(.iamJSON) }
        return .unrecognized("not an ECS task definition, ECS service, IAM role or policy, CloudFormation template or Terraform plan")
    }

    /// A CodeDeploy AppSpec: `version` and a `Resources` list (CloudFormation's is a mapping).
    private static func appSpecDetection(_ root: Node) -> Detection? {
        guard root["version"] != nil, let items = root["Resources"]?.items else { return nil }
        let types = items.flatMap { $0.entries ?? [] }.compactMap { $0.value["Type"]?.string }
        if types.contains("AWS::ECS::Service") { return .recognized(.codeDeployAppSpec) }
        return .unrecognized(types.isEmpty ? "a CodeDeploy AppSpec without resources" : "a CodeDeploy AppSpec for \(types[0])")
    }

    private static func isCloudFormation(_ root: Node) -> Bool {
        if root["AWSTemplateFormatVersion"] != nil { return root["Resources"]?.entries != nil || root["Resources"] == nil }
        guard let resources = root["Resources"]?.entries else { return false }
        return resources.contains { entry in
            guard let type = entry.value["Type"]?.string else { return false }
            return type.hasPrefix("AWS::") || type.hasPrefix("Custom::") || type.hasPrefix("Alexa::")
        }
    }

    private static func isService(_ node: Node?) -> Bool {
        guard let node, node.entries != nil, node["serviceName"] != nil else { return false }
        return ["taskDefinition", "cluster", "desiredCount", "launchType", "serviceArn", "loadBalancers", "capacityProviderStrategy"]
            .contains { node[$0] != nil }
    }

    /// A cluster names itself (`clusterName`, or an ECS `clusterArn` in output) and has one of
    /// the members only clusters have: `clusterName` alone is too common (Helm values, EKS).
    private static func isCluster(_ node: Node?) -> Bool {
        guard let node, node.entries != nil, node["serviceName"] == nil, node["containerDefinitions"] == nil else { return false }
        if let arn = node["clusterArn"]?.string, arn.hasPrefix("arn:"), arn.contains(":ecs:") { return true }
        guard node["clusterName"] != nil else { return false }
        return ["settings", "configuration", "capacityProviders", "defaultCapacityProviderStrategy", "serviceConnectDefaults"]
            .contains { node[$0] != nil }
    }

    /// One document of a known format (a converter checking what it wrote does not need detection).
    public static func load(_ root: Node, as format: DocumentFormat) -> Document {
        switch format {
        case .cloudFormation:
            return CloudFormationLoader.load(root)
        case .ecsTaskDefinition, .ecsTaskDefinitionDescribe, .ecsContainerDefinitions:
            return Document(format: format, root: root, resources: [ECSNativeLoader.taskDefinition(root, format: format)])
        case .ecsService:
            return Document(format: format, root: root, resources: ECSNativeLoader.services(root))
        case .ecsCluster:
            return Document(format: format, root: root, resources: ECSNativeLoader.clusters(root))
        case .codeDeployAppSpec:
            return Document(format: format, root: root, resources: ECSNativeLoader.appSpecServices(root))
        case .ack, .crossplane, .ecsKube, .projectPlanton:
            return KubernetesLoader.load(root, as: format)
        case .iamJSON:
            return IAMJSONLoader.load(root)
        case .terraform:
            // Terraform is HCL, not a tree of nodes: `load(_:terraform:)` reads it.
            return Document(format: .terraform, root: root, resources: [])
        case .terraformPlan:
            return TerraformPlanLoader.load(root, source: nil)
        }
    }
}
