import ECSLintEngine
import ECSLintModel

/// ECS311: Service Connect and VPC Lattice name a port of the task definition by its
/// `portMappings[].name`; the name must exist and follow the API's pattern (ECS-FACTS.md §2.2, §5.6).
struct UnknownPortNameRule: Rule {
    /// `PortMapping.name`: lower-case letters, digits, `_` and `-`, not starting with `-`, ≤ 64.
    let pattern: Regex

    init(setup: RuleSetup) throws {
        pattern = try Regex("^[a-z0-9_][a-z0-9_-]{0,63}$")
    }

    func check(_ resource: Resource, in context: RuleContext) {
        if resource.kind == .taskDefinition {
            checkNames(resource, context: context)
        } else {
            checkReferences(resource, context: context)
        }
    }

    private func checkNames(_ task: Resource, context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            for mapping in container["portMappings"]?.array ?? [] {
                guard let value = mapping["name"], let name = value.string else { continue }
                if !pattern.matches(name) {
                    context.report("port mapping name \"\(name)\" of container \(TaskFacts.containerName(container)) is invalid: use 1–64 lower-case letters, digits, '_' and '-', not starting with '-'",
                                   at: value, in: task)
                }
            }
        }
    }

    private func checkReferences(_ service: Resource, context: RuleContext) {
        let references = (service.properties["serviceConnectConfiguration"]?["services"]?.array ?? []).compactMap { $0["portName"] }
            + (service.properties["vpcLatticeConfigurations"]?.array ?? []).compactMap { $0["portName"] }
        guard !references.isEmpty, let task = context.taskDefinition(of: service), let names = Self.portNames(of: task.resource) else { return }
        let label = ServiceLinks(service, in: context).taskLabel(from: context.displayPath)
        for reference in references {
            guard let name = reference.string, !names.contains(name) else { continue }
            let known = names.isEmpty ? "it names no port mappings" : "its port names: " + names.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            context.report("portName \"\(name)\" is not the name of a port mapping in \(label) (\(known))", at: reference, in: service)
        }
    }

    /// Every `portMappings[].name` of the task; nil when one is unresolved.
    static func portNames(of task: Resource) -> Set<String>? {
        guard let containers = task.properties["containerDefinitions"]?.array else { return nil }
        var names: Set<String> = []
        for container in containers {
            guard let mappings = container["portMappings"] else { continue }
            guard let items = mappings.array else { return nil }
            for mapping in items {
                guard let value = mapping["name"] else { continue }
                guard let name = value.string else { return nil }
                names.insert(name)
            }
        }
        return names
    }
}
