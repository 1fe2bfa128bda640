import ECSLintEngine
import ECSLintModel

/// ECS006: a member the input's own source requires is missing, and the message names that
/// source: the ECS API model for ECS JSON (and the Kubernetes and Terraform forms, which are the
/// API's members), CloudFormation's schema for a template — plus, in a template, what the API
/// requires and CloudFormation hands on unchecked, minus the names CloudFormation makes up
/// (`family`, `serviceName`). One source's requirement never applies to the other's input
/// (ECS-FACTS.md §7.5). Then what the schemas cannot say: a container's `name` and `image`
/// (ECS refuses a container without them; the API model does not mark them), at least one
/// container, a volume `name` where ECS needs one (§5.1), and a service's `taskDefinition`
/// unless an external deployment controller supplies it. A member that is only mis-cased is
/// ECS003's finding, not a missing one.
struct MissingRequiredFieldRule: Rule {
    let schema: FieldSchema

    init(setup: RuleSetup) throws {
        schema = try FieldSchema.shared(setup)
    }

    /// What ECS requires of a container definition beyond the API model (ECS-FACTS.md §7.5).
    static let containerNeeds = ["image", "name"]

    /// Volume kinds that need the volume's `name` (ECS-FACTS.md §5.1).
    static let volumeKindsNeedingName = ["efsVolumeConfiguration", "s3filesVolumeConfiguration", "configuredAtLaunch"]

    func check(_ resource: Resource, in context: RuleContext) {
        guard let format = context.document?.format else { return }
        let requirer = format.isCloudFormation ? "CloudFormation" : "the ECS API"
        // A bare containerDefinitions list is a fragment: its task-level members live elsewhere.
        let fragment = format == .ecsContainerDefinitions
        // Every container needs a name and an image: ECS refuses the task definition without
        // them, though the API model marks neither (CloudFormation's schema does).
        // By identity, so each object visit is one lookup (thousands of containers were quadratic).
        let containers = Set((resource.kind == .taskDefinition && !format.isCloudFormation
            ? resource.properties["containerDefinitions"]?.array ?? [] : []).map(ObjectIdentifier.init))
        schema.walk(resource, format: format, object: { visit in
            if fragment && visit.value === resource.properties { return }
            let written = visit.writtenNames
            if containers.contains(ObjectIdentifier(visit.value)) {
                for name in Self.containerNeeds where !written.contains(name) {
                    context.report("\(visit.value.path) has no '\(name)', which ECS requires of every container (the API model does not mark it)",
                                   at: visit.value, in: resource)
                }
            }
            for name in visit.structure.required where !written.contains(name.lowercased()) {
                context.report("\(Self.describe(visit.value, in: resource)) has no '\(name)', which \(requirer) requires", at: visit.value, in: resource)
            }
            for name in visit.structure.apiRequired where !written.contains(name.lowercased()) {
                context.report("\(Self.describe(visit.value, in: resource)) has no '\(name)', which the ECS API requires (CloudFormation passes the property on to it unchecked)",
                               at: visit.value, in: resource)
            }
        })
        switch resource.kind {
        case .taskDefinition:
            if let containers = resource.properties["containerDefinitions"], let list = containers.array, list.isEmpty {
                context.report("containerDefinitions is empty: a task definition needs at least one container", at: containers, in: resource)
            }
            for volume in resource.properties["volumes"]?.array ?? [] where volume["name"] == nil {
                // `configuredAtLaunch: false` is an ordinary volume.
                guard let kind = Self.volumeKindsNeedingName.first(where: { volume[$0] != nil && volume[$0]?.bool != false }) else { continue }
                context.report("\(volume.path) has no 'name', which a volume with \(kind) needs", at: volume, in: resource)
            }
        case .service:
            let controller = resource.properties["deploymentController"]?["type"]
            let external = controller?.string == "EXTERNAL" || controller?.isUnresolved == true
            if resource.properties["taskDefinition"] == nil, !external, !resource.properties.isUnresolved {
                context.report("the service has no 'taskDefinition': only a service with an EXTERNAL deployment controller may leave it out",
                               at: resource.properties, in: resource)
            }
        default:
            break
        }
    }

    /// `container web`, `containerDefinitions[0].healthCheck`, or `the task definition`.
    static func describe(_ value: Value, in resource: Resource) -> String {
        if value.path.isEmpty { return resource.kind == .service ? "the service" : resource.kind == .iamRole ? "the role" : "the task definition" }
        return value.path
    }
}
