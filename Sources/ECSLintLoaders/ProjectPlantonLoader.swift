import ECSLintModel
import ECSLintSyntax

/// project-planton's `AwsEcsService` and `AwsEcsCluster`: higher-level specs from which its
/// Pulumi and Terraform modules create the ECS resources. ecs-lint builds the task definition,
/// service or cluster those modules create (docs/kubernetes.md has the table, from the modules'
/// source), so every rule runs on what gets deployed. Each built value keeps the range of the
/// spec value it comes from; what the modules add on their own (`networkMode: awsvpc`) is placed
/// at the spec member that makes them add it, or the spec. Fixes are never offered: the text is
/// not the resource.
///
/// Keys may be written in snake_case or lowerCamelCase (protobuf's JSON reader takes both).
/// `StringValueOrRef` members are `{value: …}` or `{valueFrom: {kind, name}}`; a plain string is
/// read as its value.
enum ProjectPlantonLoader {
    static func resources(_ root: Node, object: KubernetesObject) -> [Resource] {
        guard let spec = root["spec"], spec.entries != nil else { return [] }
        let name = root["metadata"]?["name"]
        switch object.kind {
        case "AwsEcsService": return service(spec, name: name, root: root, object: object)
        case "AwsEcsCluster": return [cluster(spec, name: name, root: root, object: object)]
        default: return []
        }
    }

    /// The members of each spec message (`spec.proto` of awsecsservice/v1 and awsecscluster/v1).
    private static let messages: [String: [String]] = [
        "AwsEcsService": ["clusterArn", "container", "network", "iam", "alb", "healthCheckGracePeriodSeconds", "autoscaling"],
        "AwsEcsService.container": ["image", "env", "port", "replicas", "cpu", "memory", "logging"],
        "AwsEcsService.container.image": ["repo", "tag"],
        "AwsEcsService.container.env": ["variables", "secrets", "s3Files"],
        "AwsEcsService.container.logging": ["enabled"],
        "AwsEcsService.network": ["subnets", "securityGroups"],
        "AwsEcsService.iam": ["taskExecutionRoleArn", "taskRoleArn"],
        "AwsEcsService.alb": ["enabled", "arn", "routingType", "path", "hostname", "listenerPort", "listenerPriority", "healthCheck"],
        "AwsEcsService.autoscaling": ["enabled", "minTasks", "maxTasks", "targetCpuPercent", "targetMemoryPercent"],
        "AwsEcsCluster": ["enableContainerInsights", "capacityProviders", "defaultCapacityProviderStrategy", "executeCommandConfiguration"],
        "AwsEcsCluster.defaultCapacityProviderStrategy": ["capacityProvider", "base", "weight"],
        "AwsEcsCluster.executeCommandConfiguration": ["logging", "logConfiguration", "kmsKeyId"],
        "AwsEcsCluster.executeCommandConfiguration.logConfiguration": ["cloudWatchLogGroupName", "cloudWatchEncryptionEnabled",
                                                                       "s3BucketName", "s3KeyPrefix", "s3EncryptionEnabled"],
    ]

    /// Spec members the message does not have: protobuf's JSON reader rejects them, so the
    /// project-planton CLI refuses the manifest.
    static func unknownMembers(_ root: Node, object: KubernetesObject) -> [UnknownMember] {
        guard let spec = root["spec"] else { return [] }
        var unknown: [UnknownMember] = []
        func visit(_ node: Node, message: String, path: String) {
            guard let known = messages[message] else { return }
            let objects = node.items ?? [node]
            for item in objects {
                for entry in item.entries ?? [] {
                    guard let written = entry.key.text else { continue }
                    let name = camelCase(written)
                    if known.contains(name) {
                        visit(entry.value, message: "\(message).\(name)", path: "\(path).\(written)")
                    } else {
                        unknown.append(UnknownMember(name: written, keyRange: entry.key.range, parent: path, known: known))
                    }
                }
            }
        }
        visit(spec, message: object.kind, path: "spec")
        return unknown
    }

    // MARK: AwsEcsService

    private static func service(_ spec: Node, name: Node?, root: Node, object: KubernetesObject) -> [Resource] {
        let container = member(spec, "container")
        let containerNode = container ?? spec
        var task = Builder(path: "")
        let family = name.map { text($0, path: "family") } ?? synthesized(.unresolved(.placeholder("<METADATA_NAME>")), at: root, path: "family")
        task.add("family", family)
        task.add("requiresCompatibilities", synthesized(.array([synthesized(.string("FARGATE"), at: containerNode, path: "requiresCompatibilities[0]")]),
                                                        at: containerNode, path: "requiresCompatibilities"))
        task.add("networkMode", synthesized(.string("awsvpc"), at: containerNode, path: "networkMode"))
        if let cpu = container.flatMap({ member($0, "cpu") }) { task.add("cpu", text(cpu, path: "cpu")) }
        if let memory = container.flatMap({ member($0, "memory") }) { task.add("memory", text(memory, path: "memory")) }
        let iam = member(spec, "iam")
        if let role = iam.flatMap({ member($0, "taskExecutionRoleArn") }) { task.add("executionRoleArn", valueOrRef(role, path: "executionRoleArn", kind: .iamRole)) }
        if let role = iam.flatMap({ member($0, "taskRoleArn") }) { task.add("taskRoleArn", valueOrRef(role, path: "taskRoleArn", kind: .iamRole)) }

        let containerPath = "containerDefinitions[0]"
        var definition = Builder(path: containerPath)
        definition.add("name", name.map { text($0, path: "\(containerPath).name") }
                       ?? synthesized(.unresolved(.placeholder("<METADATA_NAME>")), at: containerNode, path: "\(containerPath).name"))
        if let image = container.flatMap({ member($0, "image") }) { definition.add("image", imageValue(image, path: "\(containerPath).image")) }
        definition.add("essential", synthesized(.bool(true), at: containerNode, path: "\(containerPath).essential"))
        let port = container.flatMap { member($0, "port") }
        if let port, port.text != "0" {
            let mappingPath = "\(containerPath).portMappings[0]"
            var mapping = Builder(path: mappingPath)
            mapping.add("containerPort", scalar(port, path: "\(mappingPath).containerPort"))
            mapping.add("protocol", synthesized(.string("tcp"), at: port, path: "\(mappingPath).protocol"))
            definition.add("portMappings", synthesized(.array([mapping.value(at: port)]), at: port, path: "\(containerPath).portMappings"))
        }
        let env = container.flatMap { member($0, "env") }
        if let variables = env.flatMap({ member($0, "variables") }), let entries = variables.entries {
            definition.add("environment", pairs(entries, list: variables, path: "\(containerPath).environment", valueKey: "value"))
        }
        if let secrets = env.flatMap({ member($0, "secrets") }), let entries = secrets.entries {
            definition.add("secrets", pairs(entries, list: secrets, path: "\(containerPath).secrets", valueKey: "valueFrom"))
        }
        if let files = env.flatMap({ member($0, "s3Files") }), let items = files.items {
            let listPath = "\(containerPath).environmentFiles"
            let values = items.enumerated().map { index, item -> Value in
                var file = Builder(path: "\(listPath)[\(index)]")
                file.add("type", synthesized(.string("s3"), at: item, path: "\(listPath)[\(index)].type"))
                file.add("value", text(item, path: "\(listPath)[\(index)].value"))
                return file.value(at: item)
            }
            definition.add("environmentFiles", Value(.array(values), range: files.range, path: listPath))
        }
        let logging = container.flatMap { member($0, "logging") }
        // The modules log to CloudWatch unless logging.enabled is false (its default is true).
        if logging.flatMap({ member($0, "enabled") })?.text != "false" {
            let at = logging ?? containerNode
            let logPath = "\(containerPath).logConfiguration"
            var log = Builder(path: logPath)
            log.add("logDriver", synthesized(.string("awslogs"), at: at, path: "\(logPath).logDriver"))
            var options = Builder(path: "\(logPath).options")
            let group = object.name.map { "/ecs/\($0)" }
            options.add("awslogs-group", synthesized(group.map { .string($0) } ?? .unresolved(.placeholder("/ecs/<METADATA_NAME>")), at: at,
                                                     path: "\(logPath).options.awslogs-group"))
            options.add("awslogs-region", synthesized(.unresolved(.placeholder("<PROVIDER_REGION>")), at: at, path: "\(logPath).options.awslogs-region"))
            options.add("awslogs-stream-prefix", synthesized(.unresolved(.placeholder("<MODULE_DEFAULT>")), at: at,
                                                             path: "\(logPath).options.awslogs-stream-prefix"))
            log.add("options", options.value(at: at))
            definition.add("logConfiguration", log.value(at: at))
        }
        task.add("containerDefinitions", Value(.array([definition.value(at: containerNode)]), range: containerNode.range, path: "containerDefinitions"))

        var service = Builder(path: "")
        if let name { service.add("serviceName", text(name, path: "serviceName")) }
        if let cluster = member(spec, "clusterArn") { service.add("cluster", valueOrRef(cluster, path: "cluster", kind: .cluster)) }
        service.add("taskDefinition", synthesized(.unresolved(.objectReference(ObjectReference(kind: .taskDefinition, name: object.name,
                                                                                                namespace: object.namespace))),
                                                  at: spec, path: "taskDefinition"))
        service.add("launchType", synthesized(.string("FARGATE"), at: spec, path: "launchType"))
        if let replicas = container.flatMap({ member($0, "replicas") }) {
            service.add("desiredCount", scalar(replicas, path: "desiredCount"))
        }
        let network = member(spec, "network")
        let networkNode = network ?? spec
        let vpcPath = "networkConfiguration.awsvpcConfiguration"
        var vpc = Builder(path: vpcPath)
        if let subnets = network.flatMap({ member($0, "subnets") }) { vpc.add("subnets", valueOrRefList(subnets, path: "\(vpcPath).subnets")) }
        if let groups = network.flatMap({ member($0, "securityGroups") }) {
            vpc.add("securityGroups", valueOrRefList(groups, path: "\(vpcPath).securityGroups"))
        }
        // Terraform's module hard-codes assign_public_ip = false; Pulumi's leaves the default.
        vpc.add("assignPublicIp", synthesized(.string("DISABLED"), at: networkNode, path: "\(vpcPath).assignPublicIp"))
        var networkConfiguration = Builder(path: "networkConfiguration")
        networkConfiguration.add("awsvpcConfiguration", vpc.value(at: networkNode))
        service.add("networkConfiguration", networkConfiguration.value(at: networkNode))
        let alb = member(spec, "alb")
        if let alb, member(alb, "enabled")?.text == "true", let port, port.text != "0" {
            let balancerPath = "loadBalancers[0]"
            var balancer = Builder(path: balancerPath)
            // The modules create the target group.
            balancer.add("targetGroupArn", synthesized(.unresolved(.placeholder("<MODULE_TARGET_GROUP_ARN>")), at: alb,
                                                       path: "\(balancerPath).targetGroupArn"))
            balancer.add("containerName", name.map { text($0, path: "\(balancerPath).containerName") }
                         ?? synthesized(.unresolved(.placeholder("<METADATA_NAME>")), at: alb, path: "\(balancerPath).containerName"))
            balancer.add("containerPort", scalar(port, path: "\(balancerPath).containerPort"))
            service.add("loadBalancers", Value(.array([balancer.value(at: alb)]), range: alb.range, path: "loadBalancers"))
            let grace = member(spec, "healthCheckGracePeriodSeconds")
            service.add("healthCheckGracePeriodSeconds", grace.map { scalar($0, path: "healthCheckGracePeriodSeconds") }
                        ?? synthesized(.number("60"), at: alb, path: "healthCheckGracePeriodSeconds"))
        }
        let serviceName = object.name
        return [
            Resource(kind: .taskDefinition, name: serviceName, logicalID: nil, properties: task.value(at: spec), range: spec.range, object: object),
            Resource(kind: .service, name: serviceName, logicalID: nil, properties: service.value(at: spec), range: root.range, object: object),
        ]
    }

    /// `repo` and `tag` make `repo:tag` (the repository alone without a tag).
    private static func imageValue(_ image: Node, path: String) -> Value {
        guard image.entries != nil else { return text(image, path: path) }
        guard let repo = member(image, "repo") else { return Value(.unresolved(.placeholder("<IMAGE>")), range: image.range, path: path) }
        let repoValue = text(repo, path: path)
        guard let repoText = repoValue.string else { return repoValue }
        if let tag = member(image, "tag"), let tagText = tag.text, !tagText.isEmpty {
            let tagValue = text(tag, path: path)
            guard tagValue.string != nil else { return Value(.unresolved(.placeholder("\(repoText):\(tagText)")), range: image.range, path: path) }
            return Value(.string("\(repoText):\(tagText)"), range: image.range, path: path)
        }
        return Value(.string(repoText), range: repo.range, path: path)
    }

    /// A map `{NAME: value}` as ECS's `[{name, value}]` list.
    private static func pairs(_ entries: [Node.Entry], list: Node, path: String, valueKey: String) -> Value {
        let items = entries.enumerated().map { index, entry -> Value in
            let itemPath = "\(path)[\(index)]"
            var pair = Builder(path: itemPath)
            pair.add("name", text(entry.key, path: "\(itemPath).name"))
            pair.add(valueKey, valueOrRef(entry.value, path: "\(itemPath).\(valueKey)", kind: nil))
            return pair.value(at: entry.key, to: entry.value)
        }
        return Value(.array(items), range: list.range, path: path)
    }

    // MARK: AwsEcsCluster

    private static func cluster(_ spec: Node, name: Node?, root: Node, object: KubernetesObject) -> Resource {
        var cluster = Builder(path: "")
        if let name { cluster.add("clusterName", text(name, path: "clusterName")) }
        let insights = member(spec, "enableContainerInsights")
        let setting = Builder.object(path: "settings[0]", at: insights ?? spec, [
            ("name", synthesized(.string("containerInsights"), at: insights ?? spec, path: "settings[0].name")),
            // Unset, the modules differ (Terraform enables it, Pulumi leaves the account default).
            ("value", insights.map { node in
                Value(node.text == "true" ? .string("enabled") : node.text == "false" ? .string("disabled") : .unresolved(.placeholder("<CONTAINER_INSIGHTS>")),
                      range: node.range, path: "settings[0].value")
            } ?? synthesized(.unresolved(.placeholder("<MODULE_DEFAULT>")), at: spec, path: "settings[0].value")),
        ])
        cluster.add("settings", Value(.array([setting]), range: (insights ?? spec).range, path: "settings"))
        if let providers = member(spec, "capacityProviders") { cluster.add("capacityProviders", plain(providers, path: "capacityProviders")) }
        if let strategy = member(spec, "defaultCapacityProviderStrategy") {
            cluster.add("defaultCapacityProviderStrategy", plain(strategy, path: "defaultCapacityProviderStrategy"))
        }
        if let execute = member(spec, "executeCommandConfiguration") {
            var configuration = Builder(path: "configuration")
            var command = plain(execute, path: "configuration.executeCommandConfiguration")
            // LOGGING_UNSPECIFIED is the protobuf zero value: the modules set nothing.
            if let members = command.members, members.contains(where: { $0.name == "logging" && $0.value.string == "LOGGING_UNSPECIFIED" }) {
                command = Value(.object(members.filter { $0.name != "logging" }), range: command.range, path: command.path)
            }
            configuration.add("executeCommandConfiguration", command)
            cluster.add("configuration", configuration.value(at: execute))
        }
        return Resource(kind: .cluster, name: object.name, logicalID: nil, properties: cluster.value(at: spec), range: root.range, object: object)
    }

    // MARK: Building values

    private struct Builder {
        let path: String
        var members: [Value.Member] = []

        init(path: String) { self.path = path }

        mutating func add(_ name: String, _ value: Value) {
            members.append(.init(name: name, value: value))
        }

        func value(at node: Node, to end: Node? = nil) -> Value {
            Value(.object(members), range: SourceRange(start: node.range.start, end: (end ?? node).range.end), path: path)
        }

        static func object(path: String, at node: Node, _ members: [(String, Value)]) -> Value {
            var builder = Builder(path: path)
            for (name, value) in members { builder.add(name, value) }
            return builder.value(at: node)
        }
    }

    /// A value the modules add, placed at the spec node that makes them add it.
    private static func synthesized(_ content: Value.Content, at node: Node, path: String) -> Value {
        Value(content, range: node.range, path: path)
    }

    private static func scalar(_ node: Node, path: String) -> Value {
        guard case .scalar(let scalar) = node.content else { return Value(.unresolved(.placeholder("<NOT_A_SCALAR>")), range: node.range, path: path) }
        return Value(ECSNativeLoader.scalarContent(scalar), range: node.range, path: path)
    }

    /// A string member: numbers are written as their text (task `cpu: 256` → `"256"`).
    private static func text(_ node: Node, path: String) -> Value {
        guard case .scalar(let scalar) = node.content else { return valueOrRef(node, path: path, kind: nil) }
        let content = ECSNativeLoader.scalarContent(scalar)
        if case .number(let digits) = content { return Value(.string(digits), range: node.range, path: path) }
        return Value(content, range: node.range, path: path)
    }

    /// `StringValueOrRef`: `{value: x}`, `{valueFrom: {kind, name}}` or a plain string.
    private static func valueOrRef(_ node: Node, path: String, kind: Resource.Kind?) -> Value {
        if node.scalar != nil { return text(node, path: path) }
        if let value = member(node, "value") { return text(value, path: path) }
        if let from = member(node, "valueFrom") {
            let reference = ObjectReference(kind: kind, name: member(from, "name")?.string, namespace: nil)
            return Value(.unresolved(.objectReference(reference)), range: node.range, path: path)
        }
        return Value(.unresolved(.placeholder("<UNREADABLE_VALUE>")), range: node.range, path: path)
    }

    private static func valueOrRefList(_ node: Node, path: String) -> Value {
        guard let items = node.items else { return valueOrRef(node, path: path, kind: nil) }
        return Value(.array(items.enumerated().map { valueOrRef($0.element, path: "\(path)[\($0.offset)]", kind: nil) }), range: node.range, path: path)
    }

    /// A part of the spec that has the API's shape, with its keys in lowerCamelCase.
    private static func plain(_ node: Node, path: String) -> Value {
        switch node.content {
        case .scalar(let scalar):
            return Value(ECSNativeLoader.scalarContent(scalar), range: node.range, path: path)
        case .sequence(let items):
            return Value(.array(items.enumerated().map { plain($0.element, path: "\(path)[\($0.offset)]") }), range: node.range, path: path)
        case .mapping(let entries):
            let members = entries.map { entry -> Value.Member in
                let name = camelCase(entry.key.text ?? "")
                return .init(name: name, value: plain(entry.value, path: path.isEmpty ? name : "\(path).\(name)"))
            }
            return Value(.object(members), range: node.range, path: path)
        }
    }

    /// A spec member by its lowerCamelCase name, also when written in snake_case.
    private static func member(_ node: Node, _ name: String) -> Node? {
        node.entries?.last { $0.key.text.map(camelCase) == name }?.value
    }

    /// `enable_container_insights` → `enableContainerInsights`, as protobuf's JSON names are made.
    static func camelCase(_ name: String) -> String {
        guard name.contains("_") else { return name }
        var result = ""
        var upper = false
        for character in name {
            if character == "_" { upper = true; continue }
            // A character may upper-case to several (`ß` → `SS`): append the string.
            result += upper ? String(character).uppercased() : String(character)
            upper = false
        }
        return result
    }
}

/// project-planton's naming, for code above the loaders that reads its specs.
public enum ProjectPlanton {
    /// A spec key as protobuf's JSON name (`enable_container_insights` → `enableContainerInsights`).
    public static func camelCase(_ name: String) -> String { ProjectPlantonLoader.camelCase(name) }
}
