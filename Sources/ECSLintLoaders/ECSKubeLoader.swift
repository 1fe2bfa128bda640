import ECSLintModel
import ECSLintSyntax

/// ecs-kube's `ECSDeployment`: `spec.Task.Properties` is a task definition and `spec.Service` a
/// service, in types shaped like the AWS SDK's, so members are written as the SDK's Go fields
/// (`ContainerDefinitions`) or as the API (`containerName`): ecs-lint reads the first letter in
/// either case, and ECS003 reports any other spelling. The service always runs the object's own
/// task: the controller ignores `Service.TaskDefinition`.
enum ECSKubeLoader {
    static func resources(_ root: Node, object: KubernetesObject) -> [Resource] {
        guard let spec = root["spec"] else { return [] }
        var resources: [Resource] = []
        let task = member(spec, "Task")?["Properties"] ?? member(spec, "Task").flatMap { member($0, "properties") }
        if let task, task.entries != nil {
            let properties = ECSNativeLoader.convert(task, path: "", keyName: apiName)
            resources.append(Resource(kind: .taskDefinition, name: object.name, logicalID: nil, properties: properties,
                                      range: task.range, object: object))
        }
        if let service = member(spec, "Service"), let entries = service.entries {
            var properties = ECSNativeLoader.convert(service, path: "", keyName: apiName)
            if !resources.isEmpty, var members = properties.members {
                // The object's task, whatever `TaskDefinition` says.
                members.removeAll { $0.name == "taskDefinition" }
                let reference = ObjectReference(kind: .taskDefinition, name: object.name, namespace: object.namespace)
                let written = entries.first { $0.key.text?.lowercased() == "taskdefinition" }
                // Where nothing is written, an empty range at the service: the reference covers no
                // text (no fix inside the service is mistaken for an edit of it).
                let range = written?.value.range ?? SourceRange(start: service.range.start, end: service.range.start)
                members.append(.init(name: "taskDefinition",
                                     value: Value(.unresolved(.objectReference(reference)), range: range, path: "taskDefinition"),
                                     writtenName: written?.key.text ?? "TaskDefinition", keyRange: written?.key.range))
                properties = Value(.object(members), range: properties.range, path: "")
            }
            resources.append(Resource(kind: .service, name: object.name, logicalID: nil, properties: properties,
                                      range: service.range, object: object))
        }
        return resources
    }

    /// A member of the spec, found as Go finds it: ignoring case.
    private static func member(_ node: Node, _ name: String) -> Node? {
        let lower = name.lowercased()
        return node.entries?.last { $0.key.text?.lowercased() == lower }?.value
    }

    /// The SDK's field names are the API's with a capital first letter.
    static func apiName(_ written: String) -> String {
        guard let first = written.first, first.isUppercase else { return written }
        return first.lowercased() + written.dropFirst()
    }
}
