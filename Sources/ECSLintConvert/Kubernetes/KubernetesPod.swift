import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// The pod template of a task definition: containers (ordered and split into init containers
/// by `dependsOn`), volumes, pod-level resources and settings. Every value it carries is marked
/// in `usage`; what it cannot carry is lost there with its reason. docs/convert.md has the table.
struct KubernetesPod {
    /// A container port, for the Kubernetes Service.
    struct Port {
        let container: String?
        let containerPort: Int
        let protocolName: String
        let name: String?
        let appProtocol: String?
    }

    let task: Resource
    let usage: KubernetesUsage
    /// The workload's name, for notes.
    let workload: String
    private(set) var notes: [String] = []
    private(set) var ports: [Port] = []

    init(task: Resource, usage: KubernetesUsage, workload: String) {
        self.task = task
        self.usage = usage
        self.workload = workload
    }

    private enum Role { case main, initOnce, sidecar }

    private struct Plan {
        let value: Value
        let name: String
        let ecsName: String?
        var role: Role = .main
    }

    /// Pod-level settings gathered from the containers.
    private var hostAliases: [(ip: String, hostnames: [String])] = []
    private var hostname: String?
    private var nameservers: [String] = []
    private var searches: [String] = []
    private var sysctls: [(String, String)] = []
    private var terminationGrace: Int?
    private var volumes: [(String, Node)] = []
    private var volumeNames: [String: String] = [:]
    private var podAnnotations: [(String, Node)] = []
    private var imagePullSecrets: [String] = []

    /// The pod template's `spec` and its annotations.
    mutating func build() -> (spec: Node, annotations: [(String, Node)]) {
        let properties = task.properties
        var spec: [(String, Node)] = []
        let networkMode = properties["networkMode"]
        usage.use(networkMode)
        switch networkMode?.string?.lowercased() {
        case "host": spec.append(("hostNetwork", Build.bool(true)))
        case "none": if let networkMode { usage.lose(networkMode, "every pod has a network") }
        default: break
        }
        if let pidMode = properties["pidMode"] {
            switch pidMode.string?.lowercased() {
            case "host": usage.use(pidMode); spec.append(("hostPID", Build.bool(true)))
            case "task": usage.use(pidMode); spec.append(("shareProcessNamespace", Build.bool(true)))
            default: break
            }
        }
        if let ipcMode = properties["ipcMode"] {
            switch ipcMode.string?.lowercased() {
            case "host": usage.use(ipcMode); spec.append(("hostIPC", Build.bool(true)))
            case "task": usage.use(ipcMode)  // the containers of a pod share IPC
            default: break
            }
        }
        readVolumes(properties["volumes"])

        let values = properties["containerDefinitions"]?.array ?? []
        var taken: Set<String> = []
        var plans = values.enumerated().map { index, value -> Plan in
            let ecsName = value["name"]?.scalarText
            usage.use(value["name"])
            let name = Naming.unique(Naming.dnsLabel(ecsName ?? "", fallback: "container-\(index + 1)"), taken: &taken, separator: "-")
            if let ecsName, ecsName != name { notes.append("\(workload): container \(ecsName) is named \(name) (Kubernetes container names are DNS labels)") }
            return Plan(value: value, name: name, ecsName: ecsName)
        }
        plans = ordered(plans)
        let mounts = plans.map { mountPoints($0) }
        var initContainers: [Node] = [], containers: [Node] = []
        var nonEssential: [String] = []
        for (index, plan) in plans.enumerated() {
            let node = container(plan, mounts: mounts[index] + volumesFrom(plan, plans: plans, mounts: mounts))
            if plan.role == .main { containers.append(node) } else { initContainers.append(node) }
            if let essential = plan.value["essential"] {
                usage.use(essential)
                if essential.bool == false, plan.role == .main { nonEssential.append(plan.name) }
            }
        }
        if !nonEssential.isEmpty {
            podAnnotations.append(("convert.ecs-lint.io/non-essential-containers", Build.string(nonEssential.joined(separator: ","))))
            notes.append("\(workload): non-essential container\(nonEssential.count == 1 ? "" : "s") \(nonEssential.joined(separator: ", ")): "
                         + "a pod restarts a failed container and keeps the others running, whether ECS would stop the task or not")
        }

        if let hostname { spec.append(("hostname", Build.string(hostname))) }
        if !nameservers.isEmpty {
            // ECS replaces the resolver configuration: the pod's own DNS settings only.
            spec.append(("dnsPolicy", Build.string("None")))
        }
        if !nameservers.isEmpty || !searches.isEmpty {
            spec.append(("dnsConfig", Build.mapping([
                "nameservers": nameservers.isEmpty ? nil : Build.sequence(nameservers.map(Build.string)),
                "searches": searches.isEmpty ? nil : Build.sequence(searches.map(Build.string)),
            ])))
        }
        if !hostAliases.isEmpty {
            spec.append(("hostAliases", Build.sequence(hostAliases.map {
                Build.mapping([("ip", Build.string($0.ip)), ("hostnames", Build.sequence($0.hostnames.map(Build.string)))])
            })))
        }
        if let selector = nodeSelector() { spec.append(("nodeSelector", selector)) }
        if !sysctls.isEmpty {
            spec.append(("securityContext", Build.mapping([("sysctls", Build.sequence(sysctls.map {
                Build.mapping([("name", Build.string($0.0)), ("value", Build.string($0.1))])
            }))])))
        }
        if let terminationGrace { spec.append(("terminationGracePeriodSeconds", Build.integer(terminationGrace))) }
        if !imagePullSecrets.isEmpty {
            spec.append(("imagePullSecrets", Build.sequence(imagePullSecrets.map { Build.mapping([("name", Build.string($0))]) })))
        }
        if let resources = podResources() { spec.append(("resources", resources)) }
        if !initContainers.isEmpty { spec.append(("initContainers", Build.sequence(initContainers))) }
        spec.append(("containers", Build.sequence(containers)))
        if !volumes.isEmpty {
            spec.append(("volumes", Build.sequence(volumes.map { Build.mapping([("name", Build.string($0.0))] + ($0.1.entries ?? []).map { ($0.key.text ?? "", $0.value) }) })))
        }
        return (Build.mapping(spec), podAnnotations)
    }

    // MARK: Ordering (dependsOn)

    /// `dependsOn` as pod semantics: a container others wait for with SUCCESS or COMPLETE runs
    /// to completion first (an init container); one they wait for with HEALTHY is a sidecar (an
    /// init container with restartPolicy Always, started — and with a health check, healthy —
    /// before the containers); START orders the containers (Kubernetes starts them in order).
    private mutating func ordered(_ plans: [Plan]) -> [Plan] {
        var plans = plans
        let index = Dictionary(plans.enumerated().compactMap { offset, plan in plan.ecsName.map { ($0, offset) } }, uniquingKeysWith: { first, _ in first })
        var edges: [(from: Int, to: Int, condition: String, value: Value)] = []
        for (offset, plan) in plans.enumerated() {
            for dependency in plan.value["dependsOn"]?.array ?? [] {
                guard let target = dependency["containerName"]?.string, let targetIndex = index[target],
                      let condition = dependency["condition"]?.string?.uppercased() else {
                    usage.lose(dependency, "the dependency names no container of this task, or its condition is unknown")
                    continue
                }
                edges.append((offset, targetIndex, condition, dependency))
                switch condition {
                case "SUCCESS", "COMPLETE": plans[targetIndex].role = .initOnce
                case "HEALTHY": if plans[targetIndex].role == .main { plans[targetIndex].role = .sidecar }
                default: break
                }
            }
        }
        for edge in edges where edge.condition == "COMPLETE" {
            notes.append("\(workload): \(plans[edge.to].name) runs as an init container: COMPLETE becomes SUCCESS (a failing init container is retried)")
        }
        // Init containers and sidecars in dependency order, then the containers in dependency order.
        let early = topological(plans.indices.filter { plans[$0].role != .main }, edges: edges)
        let main = topological(plans.indices.filter { plans[$0].role == .main }, edges: edges)
        let position = Dictionary(uniqueKeysWithValues: (early.order + main.order).enumerated().map { ($1, $0) })
        for edge in edges {
            let satisfied: Bool
            switch (plans[edge.from].role, plans[edge.to].role) {
            case (.main, .initOnce), (.main, .sidecar):
                satisfied = true  // every init container has finished, and every sidecar started, first
            case (.initOnce, .main), (.sidecar, .main):
                satisfied = false  // init containers run before the containers
            default:
                // Both early or both containers (then the condition is START: a target of the
                // other conditions is early): the target is placed first.
                satisfied = position[edge.to]! < position[edge.from]!
            }
            if satisfied && !early.cyclic && !main.cyclic {
                usage.use(edge.value)
            } else {
                usage.lose(edge.value, "\(plans[edge.from].name) cannot wait for \(plans[edge.to].name) (\(edge.condition)) in a pod")
            }
        }
        return (early.order + main.order).map { plans[$0] }
    }

    /// `indices` with every target of an edge before its source, otherwise in their order.
    private func topological(_ indices: [Int], edges: [(from: Int, to: Int, condition: String, value: Value)]) -> (order: [Int], cyclic: Bool) {
        let members = Set(indices)
        // For each container, the others it waits for (counted once), and who waits for it.
        var waitsFor: [Int: Set<Int>] = [:]
        var waitedOnBy: [Int: [Int]] = [:]
        for edge in edges where members.contains(edge.from) && members.contains(edge.to) && edge.from != edge.to {
            if waitsFor[edge.from, default: []].insert(edge.to).inserted { waitedOnBy[edge.to, default: []].append(edge.from) }
        }
        var pending = waitsFor.mapValues(\.count)
        var placed: [Int] = []
        var remaining = indices
        while !remaining.isEmpty {
            // The first in the given order that waits for nobody unplaced.
            guard let at = remaining.firstIndex(where: { (pending[$0] ?? 0) == 0 }) else { return (indices, true) }
            let next = remaining.remove(at: at)
            placed.append(next)
            for waiting in waitedOnBy[next] ?? [] { pending[waiting, default: 0] -= 1 }
        }
        return (placed, false)
    }

    // MARK: Containers

    private mutating func container(_ plan: Plan, mounts: [Node]) -> Node {
        let value = plan.value
        var entries: [(String, Node)] = [("name", Build.string(plan.name))]
        if let image = value["image"] {
            if let text = Self.text(image) {
                usage.use(image)
                entries.append(("image", Build.string(text)))
            } else {
                usage.lose(image, "\(Self.unresolvedName(image)) has no value outside CloudFormation")
            }
        }
        if plan.role == .sidecar { entries.append(("restartPolicy", Build.string("Always"))) }
        if let list = stringList(value["entryPoint"]) { entries.append(("command", list)) }
        if let list = stringList(value["command"]) { entries.append(("args", list)) }
        if let directory = value["workingDirectory"], let text = Self.text(directory) {
            usage.use(directory)
            entries.append(("workingDir", Build.string(text)))
        }
        let env = environment(value)
        if !env.isEmpty { entries.append(("env", Build.sequence(env))) }
        let containerPorts = portMappings(value["portMappings"], container: plan.ecsName)
        if !containerPorts.isEmpty { entries.append(("ports", Build.sequence(containerPorts))) }
        if let resources = containerResources(value) { entries.append(("resources", resources)) }
        if let probe = probe(value["healthCheck"], allowed: plan.role != .initOnce, container: plan.name) {
            entries.append(("livenessProbe", probe))
            if plan.role == .sidecar { entries.append(("startupProbe", probe)) }
        }
        var mounts = mounts
        mounts += memoryVolumes(value["linuxParameters"], container: plan.name)
        if !mounts.isEmpty { entries.append(("volumeMounts", Build.sequence(mounts))) }
        if let context = securityContext(value) { entries.append(("securityContext", context)) }
        for (field, key) in [("interactive", "stdin"), ("pseudoTerminal", "tty")] {
            if let flag = value[field], let bool = flag.bool {
                usage.use(flag)
                if bool { entries.append((key, Build.bool(true))) }
            }
        }
        podSettings(value)
        return Build.mapping(entries)
    }

    private func stringList(_ value: Value?) -> Node? {
        guard let value, let items = value.array else { return nil }
        let texts = items.compactMap(Self.text)
        guard texts.count == items.count else {
            usage.lose(value, "an item has no value outside CloudFormation")
            return nil
        }
        usage.use(value)
        return Build.sequence(texts.map(Build.string))
    }

    private func environment(_ container: Value) -> [Node] {
        var env: [Node] = []
        for variable in container["environment"]?.array ?? [] {
            guard let name = variable["name"]?.string, let value = variable["value"].flatMap(Self.text) ?? (variable["value"] == nil ? "" : nil) else {
                usage.lose(variable, "the name or value has no value outside CloudFormation")
                continue
            }
            usage.use(variable)
            env.append(Build.mapping([("name", Build.string(name)), ("value", Build.string(value))]))
        }
        for secret in container["secrets"]?.array ?? [] {
            guard let name = secret["name"]?.string, let valueFrom = secret["valueFrom"]?.string else {
                usage.lose(secret, "a Secret name can be derived only from a literal valueFrom")
                continue
            }
            usage.use(secret)
            let reference = Self.secretReference(valueFrom: valueFrom, variable: name)
            env.append(Build.mapping([
                ("name", Build.string(name)),
                ("valueFrom", Build.mapping([("secretKeyRef", Build.mapping([("name", Build.string(reference.name)), ("key", Build.string(reference.key))]))])),
            ]))
        }
        return env
    }

    /// The Secret a `valueFrom` becomes: its name from the secret or parameter's name (as a
    /// DNS subdomain), its key the JSON key the ARN selects, else the variable's name.
    ///
    /// `arn:aws:secretsmanager:eu-west-1:1:secret:prod/db-AbCdEf:password::` → `prod-db-abcdef`, `password`;
    /// `arn:aws:ssm:eu-west-1:1:parameter/prod/api-key` → `prod-api-key`, the variable's name.
    static func secretReference(valueFrom: String, variable: String) -> (name: String, key: String) {
        var name = valueFrom
        var jsonKey = ""
        if valueFrom.hasPrefix("arn:") {
            let parts = valueFrom.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            if parts.count >= 7, parts[2] == "secretsmanager", parts[5] == "secret" {
                name = parts[6]
                jsonKey = parts.count > 7 ? parts[7] : ""
            } else if parts.count >= 6, parts[2] == "ssm", parts[5].hasPrefix("parameter") {
                name = String(parts[5...].joined(separator: ":").dropFirst("parameter".count))
            } else {
                name = parts.last ?? valueFrom
            }
        }
        let key = String((jsonKey.isEmpty ? variable : jsonKey).map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || "-._".contains(character)) ? character : "_"
        })
        return (Naming.dnsSubdomain(name, fallback: "secret"), key.isEmpty ? "value" : key)
    }

    private mutating func portMappings(_ value: Value?, container: String?) -> [Node] {
        guard let items = value?.array else { return [] }
        if let value, items.isEmpty { usage.use(value) }
        let networkMode = task.properties["networkMode"]?.string?.lowercased() ?? "bridge"
        var nodes: [Node] = []
        var names: Set<String> = []
        for mapping in items {
            guard let portValue = mapping["containerPort"], let port = Self.integer(portValue) else {
                usage.lose(mapping, "the port mapping has no literal containerPort")
                continue
            }
            usage.use(portValue)
            var entries: [(String, Node)] = []
            var portName: String?
            if let nameValue = mapping["name"], let text = nameValue.string {
                usage.use(nameValue)
                let name = Naming.unique(Self.portName(text), taken: &names, separator: "")
                if name != text { notes.append("\(workload): port name \(text) is \(name) (Kubernetes port names are at most 15 characters of a-z, 0-9 and -)") }
                if name.count <= 15 { portName = name }
            }
            if let portName { entries.append(("name", Build.string(portName))) }
            entries.append(("containerPort", Build.integer(port)))
            if let hostValue = mapping["hostPort"], let hostPort = Self.integer(hostValue) {
                usage.use(hostValue)
                // awsvpc and host: the host port is the container port; bridge 0: dynamic.
                if networkMode == "bridge", hostPort != 0 { entries.append(("hostPort", Build.integer(hostPort))) }
            }
            var protocolName = "TCP"
            if let protocolValue = mapping["protocol"], let text = protocolValue.string {
                usage.use(protocolValue)
                protocolName = text.uppercased()
                entries.append(("protocol", Build.string(protocolName)))
            }
            var appProtocol: String?
            if let value = mapping["appProtocol"], let text = value.string {
                usage.use(value)
                switch text.lowercased() {
                case "http": appProtocol = "http"
                case "http2", "grpc": appProtocol = "kubernetes.io/h2c"
                default: appProtocol = text
                }
            }
            ports.append(Port(container: container, containerPort: port, protocolName: protocolName, name: portName, appProtocol: appProtocol))
            nodes.append(Build.mapping(entries))
        }
        return nodes
    }

    /// An IANA service name: at most 15 of a-z, 0-9 and `-`, with a letter.
    static func portName(_ name: String) -> String {
        let label = Naming.dnsLabel(name, fallback: "port", maximum: 15)
        return label.contains(where: \.isLetter) ? label : "port-" + label
    }

    private func containerResources(_ container: Value) -> Node? {
        var requests: [(String, Node)] = [], limits: [(String, Node)] = []
        if let cpu = container["cpu"], let units = Self.integer(cpu) {
            if units == 0 {
                usage.use(cpu)  // no reservation
            } else if let millicores = Self.millicores(Double(units)) {
                usage.use(cpu)
                requests.append(("cpu", Build.string(millicores)))
            } else {
                usage.lose(cpu, "not a CPU amount Kubernetes can request")
            }
        }
        for (field, isLimit) in [("memoryReservation", false), ("memory", true)] {
            guard let value = container[field], let mebibytes = Self.integer(value) else { continue }
            guard mebibytes > 0, Double(mebibytes) <= Self.maximumMebibytes else {
                usage.lose(value, "not a memory amount Kubernetes can \(isLimit ? "limit" : "request")")
                continue
            }
            usage.use(value)
            if isLimit { limits.append(("memory", Build.string("\(mebibytes)Mi"))) } else { requests.append(("memory", Build.string("\(mebibytes)Mi"))) }
        }
        for requirement in container["resourceRequirements"]?.array ?? [] {
            guard requirement["type"]?.string?.uppercased() == "GPU", let count = requirement["value"].flatMap(Self.integer) else { continue }
            usage.use(requirement)
            limits.append(("nvidia.com/gpu", Build.integer(count)))
        }
        guard !requests.isEmpty || !limits.isEmpty else { return nil }
        return Build.mapping([
            "requests": requests.isEmpty ? nil : Build.mapping(requests),
            "limits": limits.isEmpty ? nil : Build.mapping(limits),
        ])
    }

    /// Task `cpu` and `memory` are limits for the whole task: pod-level resources (Kubernetes
    /// 1.34+, feature PodLevelResources).
    private mutating func podResources() -> Node? {
        var limits: [(String, Node)] = []
        if let cpu = task.properties["cpu"] {
            if case .amount(let units)? = TaskSize.cpu(cpu), let millicores = Self.millicores(units) {
                usage.use(cpu)
                limits.append(("cpu", Build.string(millicores)))
            } else {
                usage.lose(cpu, "not a literal CPU size")
            }
        }
        if let memory = task.properties["memory"] {
            if case .amount(let mebibytes)? = TaskSize.memory(memory), mebibytes > 0, mebibytes <= Self.maximumMebibytes {
                usage.use(memory)
                limits.append(("memory", Build.string(TaskSize.format(mebibytes) + "Mi")))
            } else {
                usage.lose(memory, "not a literal memory size")
            }
        }
        guard !limits.isEmpty else { return nil }
        notes.append("\(workload): task cpu/memory are pod-level resources (spec.resources), which need Kubernetes 1.34 or later")
        return Build.mapping([("limits", Build.mapping(limits))])
    }

    /// A pebibyte: more memory than any machine has.
    static let maximumMebibytes: Double = 1_073_741_824

    /// 1024 CPU units are one CPU, 1000 millicores; nil beyond any machine (a million CPUs).
    static func millicores(_ units: Double) -> String? {
        guard units.isFinite, units > 0, units <= 1024 * 1_000_000 else { return nil }
        let millicores = max(1, Int((units * 1000 / 1024).rounded()))
        return millicores % 1000 == 0 ? String(millicores / 1000) : "\(millicores)m"
    }

    /// A health check as an exec probe, with ECS's defaults written out (Kubernetes' differ).
    private func probe(_ healthCheck: Value?, allowed: Bool, container: String) -> Node? {
        guard let healthCheck else { return nil }
        guard allowed else {
            usage.lose(healthCheck, "\(container) runs to completion as an init container, which cannot have probes")
            return nil
        }
        guard let commandValue = healthCheck["command"], let items = commandValue.array?.compactMap(Self.text),
              items.count == commandValue.array?.count, let first = items.first else {
            usage.lose(healthCheck, "the health check has no literal command")
            return nil
        }
        usage.use(commandValue)
        let command: [String]
        switch first.uppercased() {
        case "CMD-SHELL": command = ["/bin/sh", "-c", items.dropFirst().joined(separator: " ")]
        case "CMD": command = Array(items.dropFirst())
        case "NONE": return nil
        default: command = items
        }
        var entries: [(String, Node)] = [("exec", Build.mapping([("command", Build.sequence(command.map(Build.string)))]))]
        for (field, key, ecsDefault) in [("interval", "periodSeconds", 30), ("timeout", "timeoutSeconds", 5), ("retries", "failureThreshold", 3)] {
            let value = healthCheck[field]
            if let value, Self.integer(value) == nil { usage.lose(value, "not a literal number"); continue }
            usage.use(value)
            entries.append((key, Build.integer(value.flatMap(Self.integer) ?? ecsDefault)))
        }
        if let start = healthCheck["startPeriod"] {
            if let seconds = Self.integer(start) {
                usage.use(start)
                entries.append(("initialDelaySeconds", Build.integer(seconds)))
            } else {
                usage.lose(start, "not a literal number")
            }
        }
        return Build.mapping(entries)
    }

    private func securityContext(_ container: Value) -> Node? {
        var entries: [(String, Node)] = []
        if let privileged = container["privileged"], let flag = privileged.bool {
            usage.use(privileged)
            entries.append(("privileged", Build.bool(flag)))
        }
        if let readOnly = container["readonlyRootFilesystem"], let flag = readOnly.bool {
            usage.use(readOnly)
            entries.append(("readOnlyRootFilesystem", Build.bool(flag)))
        }
        if let user = container["user"], let text = user.string {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count <= 2, let uid = Int(parts[0]), parts.count == 1 || Int(parts[1]) != nil {
                usage.use(user)
                entries.append(("runAsUser", Build.integer(uid)))
                if parts.count == 2, let gid = Int(parts[1]) { entries.append(("runAsGroup", Build.integer(gid))) }
            } else {
                usage.lose(user, "Kubernetes takes numeric user and group IDs only")
            }
        }
        if let capabilities = container["linuxParameters"]?["capabilities"] {
            var lists: [(String, Node)] = []
            for field in ["add", "drop"] {
                guard let list = capabilities[field], let names = list.array?.compactMap(\.string), names.count == list.array?.count else { continue }
                usage.use(list)
                lists.append((field, Build.sequence(names.map(Build.string))))
            }
            if !lists.isEmpty { entries.append(("capabilities", Build.mapping(lists))) }
        }
        return entries.isEmpty ? nil : Build.mapping(entries)
    }

    /// `tmpfs` mounts and `sharedMemorySize` are memory-backed emptyDir volumes.
    private mutating func memoryVolumes(_ linuxParameters: Value?, container: String) -> [Node] {
        guard let linuxParameters else { return [] }
        var mounts: [Node] = []
        func add(_ path: String, size: Int?) {
            let name = Naming.unique(Naming.dnsLabel("\(container)-tmpfs", fallback: "tmpfs"), taken: &volumeNamesTaken, separator: "-")
            var emptyDir: [(String, Node)] = [("medium", Build.string("Memory"))]
            if let size { emptyDir.append(("sizeLimit", Build.string("\(size)Mi"))) }
            volumes.append((name, Build.mapping([("emptyDir", Build.mapping(emptyDir))])))
            mounts.append(Build.mapping([("name", Build.string(name)), ("mountPath", Build.string(path))]))
        }
        for tmpfs in linuxParameters["tmpfs"]?.array ?? [] {
            guard let pathValue = tmpfs["containerPath"], let path = pathValue.string else { continue }
            usage.use(pathValue, tmpfs["size"])
            add(path, size: tmpfs["size"].flatMap(Self.integer))
        }
        if let shared = linuxParameters["sharedMemorySize"], let size = Self.integer(shared) {
            usage.use(shared)
            add("/dev/shm", size: size)
        }
        return mounts
    }

    private var volumeNamesTaken: Set<String> = []

    private mutating func readVolumes(_ list: Value?) {
        for volume in list?.array ?? [] {
            guard let nameValue = volume["name"], let name = nameValue.string else {
                usage.lose(volume, "the volume has no literal name")
                continue
            }
            let source: Node
            if let host = volume["host"], let path = host["sourcePath"]?.string {
                usage.use(host)
                source = Build.mapping([("hostPath", Build.mapping([("path", Build.string(path))]))])
            } else if let docker = volume["dockerVolumeConfiguration"] {
                let scope = docker["scope"]?.string?.lowercased() ?? "task"
                let driver = docker["driver"]?.string ?? "local"
                guard scope == "task", driver == "local", docker["driverOpts"] == nil else {
                    usage.lose(volume, "only task-scoped volumes of the local driver have a pod equivalent (emptyDir)")
                    continue
                }
                usage.use(docker)
                source = Build.mapping([("emptyDir", Build.mapping([]))])
            } else if volume["efsVolumeConfiguration"] != nil || volume["fsxWindowsFileServerVolumeConfiguration"] != nil
                        || volume["s3filesVolumeConfiguration"] != nil || volume["configuredAtLaunch"]?.bool == true {
                usage.lose(volume, "network file systems are PersistentVolumes in Kubernetes, which convert does not create")
                continue
            } else {
                usage.use(volume["host"])
                source = Build.mapping([("emptyDir", Build.mapping([]))])
            }
            usage.use(nameValue)
            let label = Naming.unique(Naming.dnsLabel(name, fallback: "volume"), taken: &volumeNamesTaken, separator: "-")
            volumeNames[name] = label
            volumes.append((label, source))
        }
    }

    private func mountPoints(_ plan: Plan) -> [Node] {
        (plan.value["mountPoints"]?.array ?? []).compactMap { mount in
            guard let volume = mount["sourceVolume"]?.string, let label = volumeNames[volume], let path = mount["containerPath"]?.string else {
                usage.lose(mount, "its volume is not carried, or the mount has no literal path")
                return nil
            }
            usage.use(mount["sourceVolume"], mount["containerPath"], mount["readOnly"])
            var entries: [(String, Node)] = [("name", Build.string(label)), ("mountPath", Build.string(path))]
            if mount["readOnly"]?.bool == true { entries.append(("readOnly", Build.bool(true))) }
            return Build.mapping(entries)
        }
    }

    /// `volumesFrom`: the other container's mounts, read-only if asked.
    private func volumesFrom(_ plan: Plan, plans: [Plan], mounts: [[Node]]) -> [Node] {
        (plan.value["volumesFrom"]?.array ?? []).flatMap { entry -> [Node] in
            guard let name = entry["sourceContainer"]?.string, let index = plans.firstIndex(where: { $0.ecsName == name }) else {
                usage.lose(entry, "it names no container of this task")
                return []
            }
            usage.use(entry)
            let readOnly = entry["readOnly"]?.bool == true
            return mounts[index].map { mount in
                guard readOnly, let entries = mount.entries else { return mount }
                return Build.mapping(entries.filter { $0.key.text != "readOnly" }.map { ($0.key.text ?? "", $0.value) } + [("readOnly", Build.bool(true))])
            }
        }
    }

    /// Pod-wide settings a container asks for: links, extra hosts, DNS, hostname, sysctls, stop timeout.
    private mutating func podSettings(_ container: Value) {
        // Containers of a pod share its network: a linked container is on localhost.
        for link in container["links"]?.array ?? [] {
            guard let text = link.string else { continue }
            usage.use(link)
            let names = text.split(separator: ":").map(String.init)
            addHostAlias("127.0.0.1", names)
        }
        for host in container["extraHosts"]?.array ?? [] {
            guard let name = host["hostname"]?.string, let ip = host["ipAddress"]?.string else { continue }
            usage.use(host)
            addHostAlias(ip, [name])
        }
        for (field, target) in [("dnsServers", \KubernetesPod.nameservers), ("dnsSearchDomains", \KubernetesPod.searches)] {
            guard let list = container[field], let items = list.array?.compactMap(\.string) else { continue }
            usage.use(list)
            for item in items where !self[keyPath: target].contains(item) { self[keyPath: target].append(item) }
        }
        if let value = container["hostname"], let text = value.string {
            if hostname == nil || hostname == text {
                usage.use(value)
                hostname = text
            } else {
                usage.lose(value, "a pod has one hostname (\(hostname!))")
            }
        }
        for control in container["systemControls"]?.array ?? [] {
            guard let name = control["namespace"]?.string, let value = control["value"].flatMap(Self.text) else { continue }
            usage.use(control)
            if !sysctls.contains(where: { $0.0 == name }) { sysctls.append((name, value)) }
        }
        // Private registry credentials: a Secret of type kubernetes.io/dockerconfigjson named like the secret.
        if let credentials = container["repositoryCredentials"]?["credentialsParameter"], let arn = credentials.string {
            usage.use(credentials)
            let name = Self.secretReference(valueFrom: arn, variable: "").name
            if !imagePullSecrets.contains(name) { imagePullSecrets.append(name) }
        }
        if let stop = container["stopTimeout"], let seconds = Self.integer(stop) {
            usage.use(stop)
            terminationGrace = max(terminationGrace ?? 0, seconds)
        }
    }

    private mutating func addHostAlias(_ ip: String, _ names: [String]) {
        if let index = hostAliases.firstIndex(where: { $0.ip == ip }) {
            for name in names where !hostAliases[index].hostnames.contains(name) { hostAliases[index].hostnames.append(name) }
        } else {
            var unique: [String] = []
            for name in names where !unique.contains(name) { unique.append(name) }
            hostAliases.append((ip, unique))
        }
    }

    /// `runtimePlatform` as the well-known node labels.
    private func nodeSelector() -> Node? {
        guard let platform = task.properties["runtimePlatform"] else { return nil }
        var entries: [(String, Node)] = []
        if let family = platform["operatingSystemFamily"], let text = family.string {
            usage.use(family)
            entries.append(("kubernetes.io/os", Build.string(text.uppercased().hasPrefix("WINDOWS") ? "windows" : "linux")))
        }
        if let architecture = platform["cpuArchitecture"], let text = architecture.string {
            switch text.uppercased() {
            case "X86_64": usage.use(architecture); entries.append(("kubernetes.io/arch", Build.string("amd64")))
            case "ARM64": usage.use(architecture); entries.append(("kubernetes.io/arch", Build.string("arm64")))
            default: break
            }
        }
        return entries.isEmpty ? nil : Build.mapping(entries)
    }

    // MARK: Reading values

    /// A known scalar as text (placeholders as written: they are filled in later, as in ECS).
    static func text(_ value: Value) -> String? {
        switch value.content {
        case .string(let text), .number(let text), .unresolved(.placeholder(let text)): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    static func integer(_ value: Value) -> Int? {
        switch value.content {
        case .number(let text), .string(let text): return ModelComparison.integer(text)
        default: return nil
        }
    }

    static func unresolvedName(_ value: Value) -> String {
        switch value.content {
        case .unresolved(.intrinsic(let intrinsic)): return "the intrinsic function \(intrinsic.function)"
        case .unresolved(.dynamicReference): return "a dynamic reference"
        default: return "the value"
        }
    }
}
