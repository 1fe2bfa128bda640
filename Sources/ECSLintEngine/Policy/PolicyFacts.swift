import ECSLintModel

/// Derived facts a declarative check reads as `@name` paths: what takes real logic to work out
/// (a service elsewhere in the template launching the task on Fargate, `"1 vCPU"` meaning 1024
/// units) is computed once here, in Swift, and the policy stays a readable condition over it.
/// Each fact is a scalar that sits at the source value it was derived from, so a finding on it
/// points at the right place.
public enum PolicyFact: String, CaseIterable, Sendable {
    /// `true` when the task runs on Fargate: `requiresCompatibilities` has FARGATE or a service in
    /// the run (`Workspace`) launches it there; for a service, its launch type or capacity providers.
    case onFargate = "on-fargate"
    /// `Linux` or `Windows`, from `runtimePlatform.operatingSystemFamily` (Linux when absent).
    case osFamily = "os-family"
    /// Task `cpu` in CPU units: `"1 vCPU"` is 1024. Unknown in a form ECS does not document (ECS011).
    case cpuUnits = "cpu-units"
    /// Task `memory` in MiB: `"2 GB"` is 2048. Unknown in a form ECS does not document (ECS011).
    case memoryMiB = "memory-mib"

    /// One line per fact for documentation and error messages.
    public var summary: String {
        switch self {
        case .onFargate: return "true when the task (or service) runs on Fargate, also when only a service of the run (same template or another file) launches it there"
        case .osFamily: return "Linux or Windows, from runtimePlatform.operatingSystemFamily (Linux when absent)"
        case .cpuUnits: return "task cpu in CPU units (\"1 vCPU\" is 1024)"
        case .memoryMiB: return "task memory in MiB (\"2 GB\" is 2048)"
        }
    }

    /// What the fact is for a resource.
    public enum Result: Sendable {
        case value(Value)
        /// The fact does not apply (no task `cpu`): like an absent field.
        case absent
        /// It depends on something unresolved, or on a value in a form nobody documents.
        case unknown
    }

    func evaluate(for resource: Resource, context: RuleContext?) -> Result {
        let properties = resource.properties
        switch self {
        case .onFargate:
            switch resource.kind {
            case .taskDefinition:
                let fargate = context.map { TaskFacts.isFargate(resource, in: $0) } ?? TaskFacts.compatibilities(resource).contains("FARGATE")
                return .value(Self.derived(.bool(fargate), at: TaskFacts.anchor(resource)))
            case .service:
                let anchor = properties["launchType"] ?? properties["capacityProviderStrategy"] ?? properties
                return .value(Self.derived(.bool(TaskFacts.runsOnFargate(resource)), at: anchor))
            default:
                return .absent
            }
        case .osFamily:
            guard resource.kind == .taskDefinition else { return .absent }
            guard let family = properties["runtimePlatform"]?["operatingSystemFamily"], !family.isNull else {
                return .value(Self.derived(.string("Linux"), at: properties))
            }
            guard let text = family.string else { return .unknown }
            return .value(Self.derived(.string(text.uppercased().hasPrefix("WINDOWS") ? "Windows" : "Linux"), at: family))
        case .cpuUnits, .memoryMiB:
            guard resource.kind == .taskDefinition else { return .absent }
            let field = self == .cpuUnits ? "cpu" : "memory"
            guard let size = properties[field], !size.isNull else { return .absent }
            let parsed = self == .cpuUnits ? TaskSize.cpu(size) : TaskSize.memory(size)
            guard case .amount(let amount)? = parsed else { return .unknown }
            return .value(Self.derived(.number(TaskSize.format(amount)), at: size))
        }
    }

    /// A value that reports at `source`'s place and logical path.
    private static func derived(_ content: Value.Content, at source: Value) -> Value {
        Value(content, range: source.range, path: source.path)
    }
}

/// Where a declarative check is evaluated: the resource (whose properties `$` paths start at),
/// its facts, and what the evaluation ran into that the user should hear about.
public final class PolicyScope {
    public let resource: Resource
    let context: RuleContext?
    private var facts: [PolicyFact: PolicyFact.Result] = [:]
    /// True while `when` is evaluated: a test with nothing to test is false there, as a
    /// precondition reads ("networkMode equals host" is false without a networkMode), where in
    /// `assert` it is no failure.
    var isPrecondition = false
    /// Patterns that ran out of their match budget, and the value each was matching.
    public private(set) var exhaustedPatterns: [(pattern: String, value: Value)] = []

    public init(resource: Resource, context: RuleContext? = nil) {
        self.resource = resource
        self.context = context
    }

    var root: Value { resource.properties }

    func fact(_ fact: PolicyFact) -> PolicyFact.Result {
        if let known = facts[fact] { return known }
        let result = fact.evaluate(for: resource, context: context)
        facts[fact] = result
        return result
    }

    func noteExhausted(_ regex: Regex, on value: Value) {
        exhaustedPatterns.append((regex.pattern, value))
    }
}
