import ECSLintModel
import ECSLintSyntax

/// ecs-kube's `ECSDeployment`: `spec.Task.Properties` is a task definition and `spec.Service` a
/// service. The controller decodes both with Go's JSON decoder into the AWS SDK's types, which
/// matches member names without regard to case, so `ContainerDefinitions` and `containerName`
/// are both read; ecs-lint reads them as the API names with a lower-case first letter. The
/// service always runs the object's own task: the controller ignores `Service.TaskDefinition`.
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
                members.append(.init(name: "taskDefinition",
                                     value: Value(.unresolved(.objectReference(reference)), range: written?.value.range ?? service.range, path: "taskDefinition"),
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
