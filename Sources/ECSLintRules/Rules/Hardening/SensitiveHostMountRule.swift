import ECSLintEngine
import ECSLintModel

/// ECS209: a container gets host devices (`linuxParameters.devices`), or mounts a host volume
/// whose `sourcePath` is a sensitive host path (`rules/data/sensitive-host-paths.yaml`): the
/// path itself or anything below it, except `/`, which only matches itself.
struct SensitiveHostMountRule: Rule {
    let sensitivePaths: [String]

    init(setup: RuleSetup) throws {
        guard let paths = try setup.requireData()["paths"]?.items?.compactMap(\.text), !paths.isEmpty else {
            throw RuleSetup.DataError(message: "sensitive-host-paths: no 'paths' list")
        }
        sensitivePaths = paths.map(Self.normalized)
    }

    /// `/var//run/docker.sock/` → `/var/run/docker.sock`.
    static func normalized(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }

    /// The sensitive path `hostPath` is or lies below, if any.
    func sensitivePath(covering hostPath: String) -> String? {
        guard hostPath.hasPrefix("/") else { return nil }
        let path = Self.normalized(hostPath)
        return sensitivePaths.first { sensitive in
            path == sensitive || (sensitive != "/" && path.hasPrefix(sensitive + "/"))
        }
    }

    func check(_ task: Resource, in context: RuleContext) {
        var hostPaths: [String: String] = [:]
        for volume in task.properties["volumes"]?.array ?? [] {
            guard let name = volume["name"]?.string, let source = volume["host"]?["sourcePath"]?.string else { continue }
            hostPaths[name] = source
        }
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let name = TaskFacts.containerName(container)
            if let devices = container["linuxParameters"]?["devices"], devices.isUnresolved || !(devices.array?.isEmpty ?? true) {
                context.report("container \(name) maps host devices into the container (linuxParameters.devices); if an accelerator needs them, suppress this with that reason",
                               at: devices, in: task)
            }
            for mount in container["mountPoints"]?.array ?? [] {
                guard let volume = mount["sourceVolume"], let volumeName = volume.string, let hostPath = hostPaths[volumeName],
                      let sensitive = sensitivePath(covering: hostPath) else { continue }
                let inside = hostPath == sensitive ? "" : " (inside \(sensitive))"
                context.report("container \(name) mounts the host path \(hostPath)\(inside) from volume \(volumeName)", at: volume, in: task)
            }
        }
    }
}
