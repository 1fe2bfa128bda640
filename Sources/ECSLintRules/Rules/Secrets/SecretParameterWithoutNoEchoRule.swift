import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// ECS409: an `environment` variable named like a secret (`SecretDetector`, ECS401's name
/// patterns) takes its value from a template parameter that is not `NoEcho: true`, so the
/// secret is shown wherever the stack's parameters are.
struct SecretParameterWithoutNoEchoRule: Rule {
    let detector: SecretDetector

    init(setup: RuleSetup) throws {
        detector = try SecretDetector(setup: setup)
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard let document = context.document, let parameters = document.root["Parameters"] else { return }
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            for entry in container["environment"]?.array ?? [] {
                guard let name = entry["name"]?.string, let value = entry["value"], value.isUnresolved,
                      detector.isSecretName(name) else { continue }
                let echoed = Self.parameterNames(in: value).filter { document.parameters.contains($0) && !Self.isNoEcho(parameters[$0]) }
                guard let parameter = echoed.first else { continue }
                context.report("container \(TaskContainers.label(container)): environment variable \"\(name)\" takes its value from parameter \(parameter), which is not NoEcho: CloudFormation shows it in the console and in describe-stacks; set NoEcho: true, and better, keep the secret in Secrets Manager and pass it through \"secrets\"",
                               at: value, in: task)
            }
        }
    }

    /// The names an intrinsic refers to, also inside nested intrinsics (`!If`, `!Join`, `!Sub`
    /// with variables), in order, each once.
    static func parameterNames(in value: Value) -> [String] {
        var names: [String] = []
        func visit(_ value: Value) {
            switch value.content {
            case .unresolved(.intrinsic(let intrinsic)):
                for reference in intrinsic.references where reference.attribute == nil && !names.contains(reference.target) {
                    names.append(reference.target)
                }
                visit(intrinsic.argument)
            case .array(let items): items.forEach(visit)
            case .object(let members): members.forEach { visit($0.value) }
            default: break
            }
        }
        visit(value)
        return names
    }

    /// `NoEcho: true` (or `"true"`, as templates often write it).
    static func isNoEcho(_ parameter: Node?) -> Bool {
        parameter?["NoEcho"]?.text?.lowercased() == "true"
    }
}
