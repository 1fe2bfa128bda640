import ECSLintModel
import ECSLintSyntax

/// An example from a rule file: input that the rule must flag at the stated places, or (with no
/// `fires`) input it must leave alone. Examples are the rule's tests and its documentation.
public struct RuleExample: Sendable {
    public enum Input: Sendable {
        /// A task definition in the canonical (API) shape; runs as ECS JSON and CloudFormation JSON/YAML.
        case taskDefinition(Node)
        /// A service in the canonical shape; same three formats.
        case service(Node)
        /// A cluster in the canonical shape; same three formats.
        case cluster(Node)
        /// Several resources that belong together, linked the way each format links them: ECS
        /// JSON as one file each (the service names the task definition's family and the
        /// cluster's name), CloudFormation as one template (`Ref`s). An AppSpec is written as
        /// it is and runs beside the task definition it deploys.
        case related(RelatedResources)
        /// A CloudFormation YAML template; runs as written and converted to CloudFormation JSON.
        case template(String)
        /// Raw text per format, for syntax-level rules.
        case sources([ExampleFormat: String])
    }

    public enum Expectation: Sendable, Equatable, CustomStringConvertible {
        /// A logical path inside a resource (`containerDefinitions[0].environment[1]`).
        case path(String)
        /// A 1-based line and column in a raw source.
        case position(line: Int, column: Int)
        /// A 1-based line and column in the example's `config` (findings about config suppressions).
        case configPosition(line: Int, column: Int)

        public var description: String {
            switch self {
            case .path(let path): return path
            case .position(let line, let column): return "\(line):\(column)"
            case .configPosition(let line, let column): return "\(RuleExample.configFileName):\(line):\(column)"
            }
        }
    }

    /// The resources of a `related` example; `appSpec` is the AppSpec's text.
    public struct RelatedResources: Sendable {
        public let taskDefinition: Node?
        public let service: Node?
        public let cluster: Node?
        public let appSpec: String?
        /// IAM roles in the canonical shape (`roleName`, `assumeRolePolicyDocument`, `policies`,
        /// `managedPolicyArns`); `fires` labels each by its `roleName`.
        public var roles: [Node] { rolesNode?.items ?? [] }
        /// IAM policies (`policyName`, `policyDocument`, optional `roles: [one roleName]`);
        /// labelled by `policyName`.
        public var policies: [Node] { policiesNode?.items ?? [] }
        /// The lists as written. Examples keep nodes, not arrays of them: an array held only in
        /// an enum payload hides from LeakSanitizer (docs/ROBUSTNESS.md), a node never does.
        var rolesNode: Node?
        var policiesNode: Node?

        /// More task definitions of the run (`otherTaskDefinitions:`), each with a literal
        /// `family` that labels it in `fires`: rules about several task definitions (a role
        /// that several families share) need them in every format. In ECS JSON each is a file
        /// of its own, in CloudFormation a resource of the template, in Kubernetes an object.
        public var otherTaskDefinitions: [Node] { otherTaskDefinitionsNode?.items ?? [] }
        var otherTaskDefinitionsNode: Node?

        /// Whether the example has IAM resources (and renders in the cross-file format too).
        public var hasIAM: Bool { !roles.isEmpty || !policies.isEmpty }
    }

    public let description: String
    public let fires: [Expectation]
    public let input: Input
    /// Parser limits for the example (small limits keep ECS012 examples short).
    public let limits: ParseLimits
    /// `.ecs-lint.yaml` text the example runs with (suppressions for raw ECS JSON, rule settings).
    public let config: String?
    /// For a bad example of a rule with a fix: the resource after `ecs-lint --fix` applied the
    /// rule's fixes, in the canonical shape of `taskDefinition:` (or `service:`, `cluster:`).
    /// The example tests apply the fixes to every rendering and compare the result with this
    /// resource rendered the same way.
    public let fixed: Node?
    public static let configFileName = ".ecs-lint.yaml"
    public var isBad: Bool { !fires.isEmpty }

    /// Whether the example is a canonical resource that ecs-lint writes into each format (not
    /// text written by hand: `template:`, `sources:`).
    public var rendersFromCanonicalInput: Bool {
        switch input {
        case .taskDefinition, .service, .cluster: return true
        default: return false
        }
    }

    /// The `fixed:` resource as an example of its own, in the canonical input of a resource of
    /// `kind` (what the bad example holds), so that it renders into the same formats.
    public func fixedExample(kind: Resource.Kind) -> RuleExample? {
        guard let fixed else { return nil }
        let input: Input
        switch kind {
        case .taskDefinition: input = .taskDefinition(fixed)
        case .service: input = .service(fixed)
        case .cluster: input = .cluster(fixed)
        default: return nil
        }
        return RuleExample(description: description + " (fixed)", fires: [], input: input, limits: limits, config: config, fixed: nil)
    }

    private init(description: String, fires: [Expectation], input: Input, limits: ParseLimits, config: String?, fixed: Node?) {
        self.description = description
        self.fires = fires
        self.input = input
        self.limits = limits
        self.config = config
        self.fixed = fixed
    }

    init(node: Node, index: Int, sourcePath: String) throws(CatalogError) {
        func fail(_ message: String) -> CatalogError {
            CatalogError(path: sourcePath, message: "example \(index + 1): \(message)", offset: node.range.start)
        }
        guard let description = node["description"]?.text else { throw fail("missing 'description'") }
        self.description = description
        var fires: [Expectation] = []
        for item in node["fires"]?.items ?? [] {
            if let path = item.text {
                fires.append(.path(path))
            } else if let line = item["line"]?.text.flatMap({ Int($0) }), let column = item["column"]?.text.flatMap({ Int($0) }) {
                switch item["in"]?.text {
                case nil: fires.append(.position(line: line, column: column))
                case "config": fires.append(.configPosition(line: line, column: column))
                default: throw fail("'in' may only be 'config'")
                }
            } else {
                throw fail("'fires' items are logical paths or {line, column[, in: config]}")
            }
        }
        self.fires = fires
        let canonical = ["taskDefinition", "service", "cluster", "appSpec"].filter { node[$0] != nil }
        let iam = ["roles", "policies", "otherTaskDefinitions"].filter { node[$0] != nil }
        if canonical.count > 1 || canonical == ["appSpec"] || !iam.isEmpty {
            guard node["appSpec"] == nil || node["appSpec"]?.text != nil else { throw fail("'appSpec' is the AppSpec's text (a YAML block scalar)") }
            guard node["appSpec"] == nil || node["service"] == nil else { throw fail("an AppSpec example has no 'service'") }
            var related = RelatedResources(taskDefinition: node["taskDefinition"], service: node["service"], cluster: node["cluster"],
                                           appSpec: node["appSpec"]?.text)
            related.rolesNode = node["roles"]
            related.policiesNode = node["policies"]
            guard node["roles"] == nil || node["roles"]?.items != nil, node["policies"] == nil || node["policies"]?.items != nil else {
                throw fail("'roles' and 'policies' are lists")
            }
            let roleNames = related.roles.compactMap { $0["roleName"]?.text }
            guard roleNames.count == related.roles.count, Set(roleNames).count == roleNames.count,
                  roleNames.allSatisfy({ ExampleIAM.isSimpleName($0) }) else {
                throw fail("each role has a unique 'roleName' of lower-case letters, digits and hyphens")
            }
            for policy in related.policies {
                guard let name = policy["policyName"]?.text, ExampleIAM.isSimpleName(name), policy["policyDocument"] != nil else {
                    throw fail("each policy has a 'policyName' of lower-case letters, digits and hyphens, and a 'policyDocument'")
                }
                let attached = policy["roles"]?.items?.compactMap(\.text) ?? []
                guard attached.count <= 1, attached.allSatisfy(roleNames.contains) else {
                    throw fail("a policy's 'roles' names at most one of the example's roles")
                }
            }
            related.otherTaskDefinitionsNode = node["otherTaskDefinitions"]
            let families = related.otherTaskDefinitions.compactMap { $0["family"]?.text }
            let iamNames = Set(roleNames + related.policies.compactMap { $0["policyName"]?.text })
            guard node["otherTaskDefinitions"] == nil || (node["taskDefinition"] != nil && node["otherTaskDefinitions"]?.items != nil),
                  families.count == related.otherTaskDefinitions.count, Set(families).count == families.count,
                  families.allSatisfy({ ExampleIAM.isSimpleName($0) && !iamNames.contains($0) && $0 != related.taskDefinition?["family"]?.text }) else {
                throw fail("'otherTaskDefinitions' (beside a 'taskDefinition') is a list of task definitions, each with a unique 'family' of lower-case letters, digits and hyphens that no role or policy has")
            }
            input = .related(related)
        } else if let taskDefinition = node["taskDefinition"] {
            input = .taskDefinition(taskDefinition)
        } else if let service = node["service"] {
            input = .service(service)
        } else if let cluster = node["cluster"] {
            input = .cluster(cluster)
        } else if let template = node["template"]?.text {
            input = .template(template)
        } else if let sources = node["sources"]?.entries {
            var texts: [ExampleFormat: String] = [:]
            for entry in sources {
                guard let name = entry.key.text, let format = ExampleFormat(rawValue: name), let text = entry.value.text else {
                    throw fail("'sources' keys are \(ExampleFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                texts[format] = text
            }
            input = .sources(texts)
        } else {
            throw fail("needs taskDefinition, service, cluster, appSpec, roles or policies (one or several), template or sources")
        }
        var limits = ParseLimits.default
        if let depth = node["limits"]?["max-depth"]?.text.flatMap({ Int($0) }) { limits.maxDepth = depth }
        if let expansion = node["limits"]?["max-alias-expansion"]?.text.flatMap({ Int($0) }) { limits.maxAliasExpansion = expansion }
        if let size = node["limits"]?["max-file-size"]?.text.flatMap({ Int($0) }) { limits.maxFileSize = size }
        self.limits = limits
        config = node["config"]?.text
        fixed = node["fixed"]
        if let fixed {
            guard fixed.entries != nil else { throw fail("'fixed' is the resource after the fix, a mapping like 'taskDefinition'") }
            guard !fires.isEmpty else { throw fail("only a bad example (with 'fires') has a 'fixed' resource") }
            if case .related = input { throw fail("'fixed' is for examples of one resource, not related examples") }
        }
    }
}

/// The input formats every example is run in.
public enum ExampleFormat: String, Sendable, CaseIterable, Hashable {
    case ecsJSON = "ecs-json"
    case cloudFormationJSON = "cfn-json"
    case cloudFormationYAML = "cfn-yaml"
    /// AWS Controllers for Kubernetes resources (one YAML document per resource).
    case kubernetesYAML = "k8s-yaml"
    /// Examples with IAM roles: the ECS resources as ECS JSON, the roles and policies in a
    /// CloudFormation YAML template of their own, linked by role name across the files.
    case crossFile = "ecs-json+cfn-yaml"
    /// A Terraform `.tf` file (AWS provider resources; container definitions in `jsonencode`),
    /// for examples whose members all have a Terraform argument.
    case terraform = "terraform"

    /// A file name whose extension selects the right parser.
    public var fileName: String {
        switch self {
        case .ecsJSON: return "example.json"
        case .cloudFormationJSON: return "template.json"
        case .cloudFormationYAML: return "template.yaml"
        case .kubernetesYAML: return "resources.yaml"
        case .crossFile: return "roles.yaml"
        case .terraform: return "main.tf"
        }
    }
}
