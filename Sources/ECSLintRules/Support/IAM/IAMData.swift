import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Synchronization

/// The IAM facts the rules read from data: the action catalog (`rules/data/iam-actions.json`,
/// docs/iam-actions.md) and the AWS managed policies ecs-lint knows by ARN
/// (`rules/data/aws-managed-policies.json`, docs/aws-managed-policies.md). Built once per run.
final class IAMData: Sendable {
    struct Action: Sendable {
        /// As the catalog spells it (`GetSecretValue`).
        let name: String
        /// `List`, `Read`, `Write`, `Tagging` or `Permissions management`.
        let level: String
        /// The resource types it can be scoped to; empty: only `*`.
        let resources: [String]
    }

    struct ManagedPolicy: Sendable {
        let name: String
        /// `arn:aws:iam::aws:policy/…` (other partitions match by what follows the partition).
        let arn: String
        /// The document, loaded like a standalone policy document (its values point into the
        /// data table, not into the user's files).
        let document: Value
    }

    /// Actions by service prefix, then by lower-cased name; AWS managed policies by ARN without
    /// its partition. Read from the tables on first use: most runs (a task definition without
    /// roles) never ask, and a pre-commit run should not pay for parsing them.
    private struct Tables: Sendable {
        let services: [String: [String: Action]]
        let managed: [String: ManagedPolicy]
    }

    private let source: @Sendable () -> (actions: Node?, policies: Node?)
    private let tables = Mutex<Tables?>(nil)

    private var services: [String: [String: Action]] { loaded.services }
    private var managed: [String: ManagedPolicy] { loaded.managed }

    private var loaded: Tables {
        tables.withLock { tables in
            if let tables { return tables }
            let (actions, policies) = source()
            let built = Self.build(actions: actions, policies: policies)
            tables = built
            return built
        }
    }

    private static let cache = Mutex<IAMData?>(nil)

    static func shared(_ setup: RuleSetup) -> IAMData {
        if let data = cache.withLock({ $0 }) { return data }
        let table = setup.table
        let data = IAMData { (table("iam-actions"), table("aws-managed-policies")) }
        cache.withLock { $0 = data }
        return data
    }

    init(source: @escaping @Sendable () -> (actions: Node?, policies: Node?)) {
        self.source = source
    }

    convenience init(actions: Node, policies: Node) {
        self.init { (actions, policies) }
    }

    private static func build(actions: Node?, policies: Node?) -> Tables {
        var services: [String: [String: Action]] = [:]
        for service in actions?["services"]?.entries ?? [] {
            guard let prefix = service.key.text else { continue }
            var byName: [String: Action] = [:]
            for action in service.value["actions"]?.entries ?? [] {
                guard let name = action.key.text else { continue }
                byName[name.lowercased()] = Action(name: name, level: action.value["level"]?.text ?? "",
                                                   resources: action.value["resources"]?.items?.compactMap(\.text) ?? [])
            }
            services[prefix] = byName
        }
        var managed: [String: ManagedPolicy] = [:]
        for policy in policies?["policies"]?.entries ?? [] {
            guard let arn = policy.key.text, let node = policy.value["document"],
                  let document = Loader.load(node, as: .iamJSON).resources.first?.properties["policyDocument"] else { continue }
            managed[partitionless(arn)] = ManagedPolicy(name: policy.value["name"]?.text ?? arn, arn: arn, document: document)
        }
        return Tables(services: services, managed: managed)
    }

    /// Whether the catalog covers the service (`s3`, `ecr`).
    func knows(service prefix: String) -> Bool { services[prefix.lowercased()] != nil }

    /// The catalog's action, when it has the service and the action.
    func action(_ qualified: String) -> Action? {
        let parts = qualified.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        return services[parts[0].lowercased()]?[parts[1].lowercased()]
    }

    /// The names of a service's actions (for did-you-mean suggestions).
    func actionNames(service prefix: String) -> [String] {
        services[prefix.lowercased()]?.values.map(\.name) ?? []
    }

    /// Every cataloged action an action pattern (`s3:Get*`, `*`) covers.
    func actions(matching pattern: String) -> [String] {
        let parts = pattern.split(separator: ":", maxSplits: 1).map(String.init)
        var found: [String] = []
        for (prefix, actions) in services where parts.count == 2 ? IAMPattern.matches(parts[0], prefix, caseSensitive: false) : pattern == "*" {
            for action in actions.values where IAMPattern.actionMatches(pattern, "\(prefix):\(action.name)") {
                found.append("\(prefix):\(action.name)")
            }
        }
        return found.sorted()
    }

    /// An AWS managed policy by ARN, in any partition.
    func managedPolicy(arn: String) -> ManagedPolicy? { managed[Self.partitionless(arn)] }

    /// `arn:aws-cn:iam::aws:policy/X` → `iam::aws:policy/X`.
    private static func partitionless(_ arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count == 3 ? String(parts[2]) : arn
    }

    /// The ARN a managed policy value names, when it is literal or a `Sub` whose only
    /// variable is `${AWS::Partition}` (how CDK and SAM write AWS managed policies).
    static func managedPolicyARN(_ value: Value) -> String? {
        if let text = value.string { return text }
        guard case .intrinsic(let intrinsic)? = value.unresolved, intrinsic.function == "Fn::Sub", let template = intrinsic.template else {
            if case .intrinsic(let intrinsic)? = value.unresolved, intrinsic.function == "Fn::Join" { return joinedARN(intrinsic.argument) }
            return nil
        }
        let resolved = template.replacing("${AWS::Partition}", with: "aws")
        return resolved.contains("${") ? nil : resolved
    }

    /// `Fn::Join ["", ["arn:", {Ref: AWS::Partition}, ":iam::aws:policy/X"]]`.
    private static func joinedARN(_ argument: Value) -> String? {
        guard let items = argument.array, items.count == 2, let separator = items[0].string, let parts = items[1].array else { return nil }
        var texts: [String] = []
        for part in parts {
            if let text = part.string {
                texts.append(text)
            } else if case .intrinsic(let reference)? = part.unresolved, reference.function == "Ref", reference.argument.string == "AWS::Partition" {
                texts.append("aws")
            } else {
                return nil
            }
        }
        return texts.joined(separator: separator)
    }
}
