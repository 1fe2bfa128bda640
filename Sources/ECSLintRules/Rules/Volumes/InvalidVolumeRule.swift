import ECSLintEngine
import ECSLintModel

/// ECS609: a volume that gives more than one kind of volume (`host`, `dockerVolumeConfiguration`,
/// `efsVolumeConfiguration`, `s3filesVolumeConfiguration`, `fsxWindowsFileServerVolumeConfiguration`,
/// `configuredAtLaunch: true`), and a Docker volume with `autoprovision: true` whose scope is not
/// `shared`. A volume with none of them is valid: ECS makes it a Docker-managed host volume
/// (BC-doc `Volume`; ECS-FACTS.md §5.6).
struct InvalidVolumeRule: Rule {
    static let kinds = ["host", "dockerVolumeConfiguration", "efsVolumeConfiguration", "s3filesVolumeConfiguration",
                        "fsxWindowsFileServerVolumeConfiguration", "configuredAtLaunch"]

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for volume in task.properties["volumes"]?.array ?? [] {
            guard let members = volume.members else { continue }
            let name = volume["name"].flatMap(TaskContainers.reference).map(TaskContainers.shown) ?? volume.path
            // `configuredAtLaunch: false` is no kind; one from a parameter may be.
            let given = members.filter { member in
                guard Self.kinds.contains(member.name), !member.value.isNull else { return false }
                return member.name != "configuredAtLaunch" || member.value.bool != false
            }
            if given.count > 1 {
                let shown = given.map { $0.name == "configuredAtLaunch" ? "configuredAtLaunch: true" : $0.name }
                context.report("volume \(name) gives \(InvalidAwslogsOptionsRule.listed(shown)); a volume may be only one kind",
                               at: given[1].value, in: task)
            }
            if let docker = volume["dockerVolumeConfiguration"], let autoprovision = docker["autoprovision"], autoprovision.bool == true {
                let scope = docker["scope"]
                guard scope?.isUnresolved != true, scope?.string?.lowercased() != "shared" else { continue }
                let written = scope?.string.map { "scope \($0)" } ?? "no scope"
                context.report("Docker volume \(name) sets autoprovision: true with \(written); autoprovision applies only to scope: shared",
                               at: autoprovision, in: task)
            }
        }
    }
}
