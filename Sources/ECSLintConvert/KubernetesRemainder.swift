import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// What a Kubernetes-style object holds besides the resources in the model, for every target:
/// each is a loss. The object's name and ecs-lint's annotations are carried (as names and
/// suppressions); ACK output also keeps the namespace, labels and other annotations.
enum KubernetesRemainder {
    /// Annotations ecs-lint reads as suppressions, which every target carries in its own form.
    static func isSuppression(_ key: String) -> Bool {
        key == "ecs-lint.io/ignore" || key == "ecs-lint.io/ignore-reason" || key.hasPrefix("ignore-check.ecs-lint.io/")
    }

    /// project-planton spec members its modules turn into resources ecs-lint does not model
    /// (the listener rule, autoscaling), by message.
    static let plantonUnmodelled: [String: [String]] = [
        "AwsEcsService": ["autoscaling"],
        "AwsEcsService.alb": ["arn", "routingType", "path", "hostname", "listenerPort", "listenerPriority", "healthCheck"],
    ]

    static func losses(_ document: Document, of input: ConversionInput, target: String, keepsObjectMetadata: Bool) -> [Loss] {
        guard document.format.isKubernetes else { return [] }
        let root = document.root
        var losses: [Loss] = []
        func lose(_ node: Node, _ path: String, _ reason: String) {
            losses.append(Loss(source: input.source, range: node.range, subject: "object \(root["metadata"]?["name"]?.text ?? "")",
                               path: path, reason: reason))
        }
        if !keepsObjectMetadata, let metadata = root["metadata"] {
            for entry in metadata.entries ?? [] {
                guard let key = entry.key.text else { continue }
                switch key {
                case "name":
                    continue
                case "annotations":
                    for annotation in entry.value.entries ?? [] where !isSuppression(annotation.key.text ?? "") {
                        lose(annotation.key, "metadata.annotations.\(annotation.key.text ?? "")", "Kubernetes object metadata; \(target) has none")
                    }
                default:
                    lose(entry.key, "metadata.\(key)", "Kubernetes object metadata; \(target) has none")
                }
            }
        }
        guard let spec = root["spec"] else { return losses }
        switch document.format {
        case .crossplane:
            for entry in spec.entries ?? [] where entry.key.text != "forProvider" {
                lose(entry.key, "spec.\(entry.key.text ?? "")", "Crossplane's own setting; \(target) has none")
            }
            if let region = spec["forProvider"]?.entries?.first(where: { $0.key.text == "region" }) {
                lose(region.key, "spec.forProvider.region", "the Region Crossplane creates the resource in; \(target) has no such field")
            }
        case .ecsKube:
            for entry in spec.entries ?? [] where !["task", "service"].contains(entry.key.text?.lowercased() ?? "") {
                lose(entry.key, "spec.\(entry.key.text ?? "")", "not part of ecs-kube's task or service")
            }
        case .projectPlanton:
            let kind = root["kind"]?.text ?? ""
            for (message, members) in plantonUnmodelled where message.hasPrefix(kind) {
                var node: Node? = spec
                for part in message.split(separator: ".").dropFirst() { node = node.flatMap { member($0, String(part)) } }
                guard let node else { continue }
                for entry in node.entries ?? [] where members.contains(ProjectPlanton.camelCase(entry.key.text ?? "")) {
                    let path = (["spec"] + message.split(separator: ".").dropFirst().map(String.init) + [entry.key.text ?? ""]).joined(separator: ".")
                    lose(entry.key, path, "project-planton's modules build resources from it that ecs-lint does not model")
                }
            }
        default:
            break
        }
        return losses
    }

    private static func member(_ node: Node, _ name: String) -> Node? {
        node.entries?.last { ProjectPlanton.camelCase($0.key.text ?? "") == name }?.value
    }
}
