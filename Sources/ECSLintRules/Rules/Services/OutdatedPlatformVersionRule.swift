import ECSLintEngine
import ECSLintModel

/// ECS810: a Fargate platform version that is retired, or pinned older than the latest
/// (`LATEST` or the current version, as Security Hub ECS.10 asks), worse when the task
/// definition's features need the latest (ECS-FACTS.md §1.4).
struct OutdatedPlatformVersionRule: Rule {
    /// Linux platform versions that are no longer available. Windows' only version is 1.0.0.
    static let retiredLinux: Set<String> = ["1.0.0", "1.1.0", "1.2.0"]

    init(setup: RuleSetup) {}

    func check(_ service: Resource, in context: RuleContext) {
        guard let value = service.properties["platformVersion"], let version = value.string else { return }
        let links = ServiceLinks(service, in: context)
        let windows = links.task.map { TaskFacts.isWindows($0.resource) }
        if version == "1.1.0" || version == "1.2.0" || (version == "1.0.0" && windows == false) {
            context.report("Fargate platform version \(version) is retired; use LATEST (1.4.0) or omit platformVersion", at: value, in: service)
            return
        }
        // 1.3.0 is a Linux version (Windows has only 1.0.0), and not the latest.
        guard version == "1.3.0" else { return }
        if let task = links.task, let feature = Self.featureNeeding140(task.resource, service: service) {
            context.report("\(links.taskLabel(from: context.displayPath)) uses \(feature), which needs Fargate platform version 1.4.0; 1.3.0 cannot run it: use LATEST",
                           at: value, in: service)
        } else {
            context.report("Fargate platform version 1.3.0 is not the latest (1.4.0), so the service misses its fixes and Security Hub ECS.10 fails it: use LATEST or pin 1.4.0",
                           at: value, in: service)
        }
    }

    /// The first feature of the task (or of the service) that only platform version 1.4.0 has.
    static func featureNeeding140(_ task: Resource, service: Resource) -> String? {
        let properties = task.properties
        if case .amount(let cpu)? = TaskSize.cpu(properties["cpu"]), cpu >= 8192 { return "\(TaskSize.format(cpu / 1024)) vCPU" }
        for field in ["ephemeralStorage", "pidMode"] where properties[field] != nil && properties[field]?.isNull == false {
            return field
        }
        if service.properties["enableExecuteCommand"]?.bool == true { return "ECS Exec (enableExecuteCommand)" }
        let arm = properties["runtimePlatform"]?["cpuArchitecture"]?.string?.uppercased() == "ARM64"
        if arm, service.properties["capacityProviderStrategy"]?.array?.contains(where: { $0["capacityProvider"]?.string == "FARGATE_SPOT" }) == true {
            return "FARGATE_SPOT on ARM64"
        }
        for container in properties["containerDefinitions"]?.array ?? [] {
            let name = TaskFacts.containerName(container)
            if container["systemControls"]?.array?.isEmpty == false { return "systemControls (container \(name))" }
            if container["linuxParameters"]?["capabilities"]?["add"]?.array?.isEmpty == false { return "linuxParameters.capabilities.add (container \(name))" }
            if container["environmentFiles"]?.array?.isEmpty == false { return "environmentFiles (container \(name))" }
            for secret in container["secrets"]?.array ?? [] {
                if let reference = secret["valueFrom"]?.string, selectsJSONKeyOrVersion(reference) {
                    return "a Secrets Manager JSON key or version selector (container \(name))"
                }
            }
        }
        return nil
    }

    /// `arn:aws:secretsmanager:region:account:secret:name:json-key:version-stage:version-id`: a
    /// whole-secret ARN has 7 colon-separated parts; selectors add non-empty ones.
    static func selectsJSONKeyOrVersion(_ reference: String) -> Bool {
        guard reference.hasPrefix("arn:"), reference.contains(":secretsmanager:") else { return false }
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 7 && parts.dropFirst(7).contains { !$0.isEmpty }
    }
}
