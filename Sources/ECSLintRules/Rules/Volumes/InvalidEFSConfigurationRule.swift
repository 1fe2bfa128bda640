import ECSLintEngine
import ECSLintModel

/// ECS607: an EFS volume that ECS rejects or that does not do what it says: IAM authorization or
/// an access point without transit encryption, an access point with a `rootDirectory` other
/// than `/` (BC-doc `EFSVolumeConfiguration`, `EFSAuthorizationConfig`; ECS-FACTS.md §5.6), and
/// a `transitEncryptionPort` without transit encryption. ECS does not document rejecting the
/// last one (the port is simply unused), so it is reported as a warning.
struct InvalidEFSConfigurationRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for volume in task.properties["volumes"]?.array ?? [] {
            guard let efs = volume["efsVolumeConfiguration"], efs.members != nil else { continue }
            let name = volume["name"].flatMap(TaskContainers.reference).map(TaskContainers.shown) ?? volume.path
            // nil: unknown (a parameter); absent means DISABLED, ECS's default.
            let encrypted: Bool? = Self.enabled(efs["transitEncryption"])
            let authorization = efs["authorizationConfig"]

            if encrypted == false {
                if let iam = authorization?["iam"], Self.enabled(iam) == true {
                    context.report("EFS volume \(name) enables IAM authorization without transit encryption; ECS requires transitEncryption: ENABLED with it",
                                   at: iam, in: task)
                }
                if let accessPoint = authorization?["accessPointId"], !accessPoint.isNull {
                    context.report("EFS volume \(name) uses an access point without transit encryption; ECS requires transitEncryption: ENABLED with it",
                                   at: accessPoint, in: task)
                }
                if let port = efs["transitEncryptionPort"], !port.isNull {
                    context.report("EFS volume \(name) sets transitEncryptionPort without transit encryption, so the port is not used; set transitEncryption: ENABLED or remove the port",
                                   at: port, in: task, atMost: .warning)
                }
            }

            if let accessPoint = authorization?["accessPointId"], !accessPoint.isNull,
               let root = efs["rootDirectory"], let path = root.string, path != "/" {
                context.report("EFS volume \(name) uses an access point with rootDirectory \"\(path)\"; with an access point it must be \"/\" or left out (the access point sets the directory)",
                               at: root, in: task)
            }
        }
    }

    /// `ENABLED` (any case) → true, `DISABLED` or absent → false; nil when unknown.
    static func enabled(_ value: Value?) -> Bool? {
        guard let value, !value.isNull else { return false }
        guard let text = value.string else { return nil }
        return text.uppercased() == "ENABLED"
    }
}
