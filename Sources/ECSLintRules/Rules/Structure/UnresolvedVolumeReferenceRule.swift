import ECSLintEngine
import ECSLintModel

/// ECS707: a `mountPoints[].sourceVolume` that names no volume of the task (error), and a volume
/// that no container mounts (info, through the per-finding severity). The first needs every
/// volume name to be known, the second every `sourceVolume`: an unresolved one may be either.
struct UnresolvedVolumeReferenceRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        let properties = task.properties
        var volumeNames: [String] = []
        var volumesKnown = properties["volumes"]?.isUnresolved != true
        var namedVolumes: [(name: String, value: Value)] = []
        for volume in properties["volumes"]?.array ?? [] {
            guard let value = volume["name"], !value.isUnresolved, let name = value.scalarText else {
                if volume.isUnresolved || volume["name"]?.isUnresolved == true { volumesKnown = false }
                continue
            }
            volumeNames.append(name)
            namedVolumes.append((name, value))
        }
        let declared = Set(volumeNames)

        var mounted: Set<String> = []
        var mountsKnown = properties["containerDefinitions"]?.array != nil
        for container in properties["containerDefinitions"]?.array ?? [] {
            guard container.members != nil else {
                if container.isUnresolved { mountsKnown = false }
                continue
            }
            if container["mountPoints"]?.isUnresolved == true { mountsKnown = false }
            for mount in container["mountPoints"]?.array ?? [] {
                guard let value = mount["sourceVolume"], let name = TaskContainers.reference(value) else {
                    if mount.isUnresolved || mount["sourceVolume"]?.isUnresolved == true { mountsKnown = false }
                    continue
                }
                mounted.insert(name)
                if volumesKnown, !declared.contains(name) {
                    let known = volumeNames.isEmpty ? "the task definition has no volumes" : "its volumes: \(volumeNames.map(TaskContainers.shown).joined(separator: ", "))"
                    context.report("container \(TaskContainers.label(container)) mounts volume \(TaskContainers.shown(name)), which the task definition does not declare (\(known))",
                                   at: value, in: task)
                }
            }
        }
        guard mountsKnown else { return }
        var reported: Set<String> = []
        for (name, value) in namedVolumes where !mounted.contains(name) && reported.insert(name).inserted {
            context.report("volume \(TaskContainers.shown(name)) is not mounted by any container (no mountPoints[].sourceVolume names it)",
                           at: value, in: task, atMost: .info)
        }
    }
}
