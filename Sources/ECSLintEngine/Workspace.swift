import Synchronization
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// Every resource of one run, so that a rule checking one resource can follow its links to
/// others, in the same file or in another file of the run: a service to the task definition it
/// runs, its cluster, the cluster's capacity providers and its target groups, and a task
/// definition back to the services that run it.
///
/// A link the run cannot resolve exactly (a parameter, an ARN of something outside the run, two
/// task definitions of the same family) resolves to nothing: rules treat it as unknown and stay
/// silent, as they do for unresolved values.
public final class Workspace: Sendable {
    /// One resource and where it comes from.
    public struct Entry: Sendable {
        public let resource: Resource
        public let document: Document
        /// The file, as findings name it.
        public let file: String
        public let source: SourceFile

        /// `file:line:column` of the resource, for messages about a resource in another file.
        public var place: String {
            let position = source.position(of: resource.range.start)
            return "\(file):\(position.line):\(position.column)"
        }

        var key: Key { Key(file: file, start: resource.range.start, end: resource.range.end, kind: resource.kind) }
    }

    /// Resources are values; a resource is identified by its file and its range there.
    struct Key: Hashable, Sendable {
        let file: String
        let start: Int
        let end: Int
        let kind: Resource.Kind
    }

    /// A loaded file: what the workspace is built from.
    public struct File: Sendable {
        public let path: String
        public let source: SourceFile
        public let documents: [Document]

        public init(path: String, source: SourceFile, documents: [Document]) {
            self.path = path
            self.source = source
            self.documents = documents
        }
    }

    public let entries: [Entry]
    /// What rules work out once per run and share between the resources they check.
    private let memos = Mutex<[String: any Sendable]>([:])
    private let entriesByKey: [Key: Entry]
    private let taskDefinitionsByFamily: [String: [Entry]]
    private let clustersByName: [String: [Entry]]
    /// Kubernetes-style objects' resources by kind and object name, for `…Ref` references.
    private let resourcesByObjectName: [ObjectKey: [Entry]]
    private let taskDefinitionOfService: [Key: Entry]
    private let servicesOfTask: [Key: [Entry]]
    /// Task definitions at least one of whose services runs on Fargate: computed once, since
    /// every service's rules ask it of their task (asking each time walked every service of a
    /// task definition 20,000 services share, per service).
    private let tasksWithFargateServices: Set<Key>
    /// IAM roles by their name, lower-cased (IAM role names are unique without regard to case).
    private let rolesByName: [String: [Entry]]
    /// Customer managed policies by their name (what a policy ARN ends in).
    private let managedPoliciesByName: [String: [Entry]]
    /// The policies of the run attached to each role (by `roles`, `roleName` or a reference).
    private let policiesOfRole: [Key: [Entry]]
    /// The roles each policy of the run gives its permissions to (by `Roles`/`RoleName`, or named
    /// in a role's `managedPolicyArns`).
    private let rolesOfPolicy: [Key: [Entry]]
    /// Roles a policy of the run may be attached to without the run saying so: a `Roles` entry
    /// that is unresolved (then every role of its file) or a name several roles have.
    private let rolesWithUnknownAttachments: Set<Key>
    /// The task definitions that name each role as `taskRoleArn` or `executionRoleArn`.
    private let usesOfRole: [Key: [RoleUse]]
    /// The task definitions whose `taskRoleArn` names a role by name or ARN (or a template role
    /// with a literal `RoleName`), by the role name lower-cased: roles the run need not hold.
    private let taskDefinitionsByTaskRoleName: [String: [NamedRoleUse]]

    struct NamedRoleUse: Sendable {
        let account: String?
        let taskDefinition: Entry
    }

    /// A task definition that names a role, and as which role.
    public struct RoleUse: Sendable {
        /// `taskRoleArn` or `executionRoleArn`.
        public let field: String
        public let taskDefinition: Entry
        public var isTaskRole: Bool { field == "taskRoleArn" }
    }

    struct ObjectKey: Hashable, Sendable {
        let kind: Resource.Kind
        let name: String
    }

    public init(files: [File]) {
        var entries: [Entry] = []
        for file in files {
            for document in file.documents {
                for resource in document.resources {
                    entries.append(Entry(resource: resource, document: document, file: file.path, source: file.source))
                }
            }
        }
        self.entries = entries
        entriesByKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var families: [String: [Entry]] = [:]
        var clusters: [String: [Entry]] = [:]
        for entry in entries {
            switch entry.resource.kind {
            case .taskDefinition:
                if let family = entry.resource.properties["family"]?.string { families[family, default: []].append(entry) }
            case .cluster:
                if let name = entry.resource.properties["clusterName"]?.string { clusters[name, default: []].append(entry) }
            default:
                break
            }
        }
        taskDefinitionsByFamily = families
        clustersByName = clusters
        var objects: [ObjectKey: [Entry]] = [:]
        for entry in entries {
            if let name = entry.resource.object?.name { objects[ObjectKey(kind: entry.resource.kind, name: name), default: []].append(entry) }
        }
        resourcesByObjectName = objects
        var taskOfService: [Key: Entry] = [:]
        var servicesOfTask: [Key: [Entry]] = [:]
        for entry in entries where entry.resource.kind == .service || entry.resource.kind == .appSpec {
            guard let task = Self.resolveTaskDefinition(of: entry, entries: entries, families: families, objects: objects) else { continue }
            taskOfService[entry.key] = task
            servicesOfTask[task.key, default: []].append(entry)
        }
        taskDefinitionOfService = taskOfService
        self.servicesOfTask = servicesOfTask
        tasksWithFargateServices = Set(servicesOfTask.filter { $0.value.contains { TaskFacts.runsOnFargate($0.resource) } }.keys)
        var roles: [String: [Entry]] = [:]
        var managed: [String: [Entry]] = [:]
        for entry in entries {
            if entry.resource.kind == .iamRole, let name = entry.resource.properties["roleName"]?.string {
                roles[name.lowercased(), default: []].append(entry)
            }
            if entry.resource.kind == .iamPolicy, let name = entry.resource.properties["managedPolicyName"]?.string {
                managed[name, default: []].append(entry)
            }
        }
        rolesByName = roles
        managedPoliciesByName = managed
        var attached: [Key: [Entry]] = [:]
        var unknownTargets: Set<Key> = []
        var filesWithUnknownTargets: Set<String> = []
        for entry in entries where entry.resource.kind == .iamPolicy {
            var targets: [Value] = []
            if let list = entry.resource.properties["roles"] {
                if let items = list.array { targets += items } else { filesWithUnknownTargets.insert(entry.file) }
            }
            if let role = entry.resource.properties["roleName"] { targets.append(role) }
            for target in targets {
                if let role = Self.role(target, from: entry, roles: roles, objects: objects) {
                    if !(attached[role.key]?.contains { $0.key == entry.key } ?? false) { attached[role.key, default: []].append(entry) }
                } else if let text = target.string {
                    // A name that several roles of the run have may be any of them.
                    let name = RoleIdentity.fromLiteral(text).flatMap { if case .named(let name, _) = $0 { name } else { nil } } ?? text
                    for candidate in roles[name.lowercased()] ?? [] { unknownTargets.insert(candidate.key) }
                } else if case .objectReference(let reference)? = target.unresolved, reference.name != nil {
                    continue  // one named object, not in the run
                } else {
                    // `Fn::If`, a parameter, a selector: it may name any role of its file.
                    filesWithUnknownTargets.insert(entry.file)
                }
            }
        }
        policiesOfRole = attached
        var rolesOfPolicy: [Key: [Entry]] = [:]
        for entry in entries where entry.resource.kind == .iamRole {
            for policy in attached[entry.key] ?? [] { rolesOfPolicy[policy.key, default: []].append(entry) }
            for arn in entry.resource.properties["managedPolicyArns"]?.array ?? [] {
                if let policy = Self.managedPolicy(arn, from: entry, managed: managed, objects: objects) {
                    rolesOfPolicy[policy.key, default: []].append(entry)
                }
            }
        }
        self.rolesOfPolicy = rolesOfPolicy
        rolesWithUnknownAttachments = unknownTargets.union(entries.filter {
            $0.resource.kind == .iamRole && filesWithUnknownTargets.contains($0.file)
        }.map(\.key))
        var uses: [Key: [RoleUse]] = [:]
        for entry in entries where entry.resource.kind == .taskDefinition {
            for field in ["taskRoleArn", "executionRoleArn"] {
                guard let value = entry.resource.properties[field],
                      let role = Self.role(value, from: entry, roles: roles, objects: objects) else { continue }
                uses[role.key, default: []].append(RoleUse(field: field, taskDefinition: entry))
            }
        }
        usesOfRole = uses
        var byTaskRoleName: [String: [NamedRoleUse]] = [:]
        for entry in entries where entry.resource.kind == .taskDefinition {
            guard let value = entry.resource.properties["taskRoleArn"],
                  case .named(let name, let account)? = RoleIdentity(value, in: entry.document)?.resolved(in: entry.document) else { continue }
            byTaskRoleName[name.lowercased(), default: []].append(NamedRoleUse(account: account, taskDefinition: entry))
        }
        taskDefinitionsByTaskRoleName = byTaskRoleName
    }

    /// A value computed once per run under `key` (rules checking each resource of a group, such
    /// as the task definitions sharing a role, would otherwise each redo the group's work).
    public func memo<T: Sendable>(_ key: String, _ compute: () -> T) -> T {
        if let value = memos.withLock({ $0[key] }) as? T { return value }
        let value = compute()
        memos.withLock { $0[key] = value }
        return value
    }

    /// The entry of a resource of this workspace.
    public func entry(for resource: Resource, in file: String) -> Entry? {
        entriesByKey[Key(file: file, start: resource.range.start, end: resource.range.end, kind: resource.kind)]
    }

    /// The task definition a service (or an AppSpec) runs, when the run holds exactly one that
    /// matches: a CloudFormation `Ref`/`GetAtt` in the same template, or a family,
    /// `family:revision` or task definition ARN matched against the task definitions' `family`
    /// (and `revision`, when the task definition is describe output that has one).
    public func taskDefinition(of service: Resource, in file: String) -> Entry? {
        taskDefinitionOfService[Key(file: file, start: service.range.start, end: service.range.end, kind: service.kind)]
    }

    /// The services (and AppSpecs) of the run that resolve to this task definition.
    public func services(running task: Resource, in file: String) -> [Entry] {
        servicesOfTask[Key(file: file, start: task.range.start, end: task.range.end, kind: task.kind)] ?? []
    }

    /// Whether a service of the run that runs `task` runs on Fargate.
    public func hasFargateService(running task: Resource, in file: String) -> Bool {
        tasksWithFargateServices.contains(Key(file: file, start: task.range.start, end: task.range.end, kind: task.kind))
    }

    /// The cluster a service runs in: `Ref`/`GetAtt` in the same template, or a cluster name or
    /// ARN matched against the clusters' `clusterName` (exactly one).
    public func cluster(of service: Resource, in file: String) -> Entry? {
        guard let from = entry(for: service, in: file), let value = service.properties["cluster"] else { return nil }
        if case .objectReference(let reference)? = value.unresolved {
            return Self.object(reference, kind: .cluster, from: from, objects: resourcesByObjectName)
        }
        if let target = Self.referencedLogicalID(value) {
            return Self.resource(logicalID: target, kind: .cluster, from: from)
        }
        guard let text = value.string else { return nil }
        let name = Self.resourceName(text, type: "cluster")
        guard let candidates = clustersByName[name], candidates.count == 1 else { return nil }
        return candidates[0]
    }

    /// The resource a CloudFormation `Ref`/`GetAtt` value names in the same template, or a
    /// reference to an object (Terraform's `aws_lb_target_group.app.arn`) names in the run, when
    /// it is of `kind` (a target group from `targetGroupArn`, a capacity provider from a strategy
    /// item).
    public func referenced(_ value: Value, kind: Resource.Kind, from resource: Resource, in file: String) -> Entry? {
        if case .objectReference(let reference)? = value.unresolved, let from = entry(for: resource, in: file) {
            return Self.object(reference, kind: kind, from: from, objects: resourcesByObjectName)
        }
        guard let target = Self.referencedLogicalID(value), let from = entry(for: resource, in: file) else { return nil }
        return Self.resource(logicalID: target, kind: kind, from: from)
    }

    /// How a capacity provider is named: a plain name (`FARGATE`, `my-asg-provider`) or a
    /// `Ref` to an `AWS::ECS::CapacityProvider` of the same template.
    public enum CapacityProviderName: Hashable, Sendable {
        case name(String)
        case resource(String)

        public init?(_ value: Value) {
            if let name = value.string {
                self = .name(name)
            } else if let target = Workspace.referencedLogicalID(value) {
                self = .resource(target)
            } else {
                return nil
            }
        }
    }

    /// The capacity providers a cluster of the run declares (its `capacityProviders` and the
    /// `AWS::ECS::ClusterCapacityProviderAssociations` of the same template that name it); nil
    /// when it declares none or one of them is unresolved, since providers can be associated
    /// outside the run.
    public func capacityProviders(of cluster: Entry) -> Set<CapacityProviderName>? {
        var lists: [Value] = []
        if let own = cluster.resource.properties["capacityProviders"] { lists.append(own) }
        for association in cluster.document.resources where association.kind == .clusterCapacityProviderAssociations {
            guard let target = association.properties["cluster"] else { continue }
            let names: Bool
            if let logicalID = Self.referencedLogicalID(target) {
                names = logicalID == cluster.resource.logicalID
            } else if let text = target.string, let clusterName = cluster.resource.properties["clusterName"]?.string {
                names = Self.resourceName(text, type: "cluster") == clusterName
            } else {
                return nil  // an association whose cluster is unknown may be this one
            }
            if names, let list = association.properties["capacityProviders"] { lists.append(list) }
        }
        guard !lists.isEmpty else { return nil }
        var providers: Set<CapacityProviderName> = []
        for list in lists {
            guard let items = list.array else { return nil }
            for item in items {
                guard let name = CapacityProviderName(item) else { return nil }
                providers.insert(name)
            }
        }
        return providers
    }

    // MARK: IAM

    /// The IAM role a `taskRoleArn`/`executionRoleArn`/`role` value names, when the run holds
    /// exactly one: a `Ref`/`GetAtt`/`Sub` of a role in the same template, a role name or ARN
    /// (path ignored, account compared when both say one) matched against the roles' names in
    /// every file, or a Kubernetes-style reference to a role object.
    public func role(_ value: Value, from resource: Resource, in file: String) -> Entry? {
        guard let from = entry(for: resource, in: file) else { return nil }
        return Self.role(value, from: from, roles: rolesByName, objects: resourcesByObjectName)
    }

    /// The policies of the run attached to a role from outside it: `AWS::IAM::Policy` and
    /// `AWS::IAM::ManagedPolicy` whose `Roles` name it, `AWS::IAM::RolePolicy` and
    /// `get-role-policy` output with its `RoleName`, Kubernetes-style attachments. The role's own
    /// `policies` and `managedPolicyArns` are not included.
    public func policies(attachedTo role: Entry) -> [Entry] {
        policiesOfRole[role.key] ?? []
    }

    /// The task definitions of the run that use a role as their task or execution role.
    public func uses(of role: Entry) -> [RoleUse] {
        usesOfRole[role.key] ?? []
    }

    /// The task definitions of the run whose `taskRoleArn` names a role of this name (without
    /// regard to case, as IAM compares role names; accounts compared when both say one), whether
    /// or not the run holds the role. Only `.named` identities match: a logical ID names a role
    /// of one template, which `role(_:from:in:)` and `uses(of:)` follow.
    public func taskDefinitions(usingTaskRole identity: RoleIdentity) -> [Entry] {
        guard case .named(let name, let account) = identity else { return [] }
        return (taskDefinitionsByTaskRoleName[name.lowercased()] ?? []).filter { use in
            account == nil || use.account == nil || use.account == account
        }.map(\.taskDefinition)
    }

    /// The customer managed policy of the run a managed policy ARN (or `Ref`) names: a `Ref` to
    /// a policy of the same template, or an ARN whose policy name is the `ManagedPolicyName` of
    /// exactly one policy of the run (for an AWS managed policy, `arn:aws:iam::aws:policy/…`,
    /// only one the run lists with that very ARN, as `get-account-authorization-details` does).
    public func managedPolicy(_ value: Value, from: Entry) -> Entry? {
        Self.managedPolicy(value, from: from, managed: managedPoliciesByName, objects: resourcesByObjectName)
    }

    private static func managedPolicy(_ value: Value, from: Entry, managed: [String: [Entry]], objects: [ObjectKey: [Entry]]) -> Entry? {
        if case .objectReference(let reference)? = value.unresolved {
            return object(reference, kind: .iamPolicy, from: from, objects: objects)
        }
        if let target = referencedLogicalID(value) {
            return resource(logicalID: target, kind: .iamPolicy, from: from)
        }
        guard let text = value.string, text.hasPrefix("arn:") else { return nil }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "iam", parts[5].hasPrefix("policy/"),
              let name = parts[5].split(separator: "/").last, let candidates = managed[String(name)] else { return nil }
        let awsManaged = parts[4] == "aws"
        let matching = candidates.filter { candidate in
            guard let arn = candidate.resource.properties["arn"]?.string else { return !awsManaged }
            return arn == text
        }
        return matching.count == 1 ? matching[0] : nil
    }

    /// The roles of the run a policy gives its permissions to: those its `Roles`/`RoleName`
    /// name, and those whose `managedPolicyArns` name it.
    public func roles(attachedTo policy: Entry) -> [Entry] {
        rolesOfPolicy[policy.key] ?? []
    }

    /// Whether a policy of the run may be attached to the role without the run saying so (its
    /// `Roles` is unresolved, or names a role name several roles have): the role's permissions
    /// are then not all known.
    public func hasUnknownAttachments(_ role: Entry) -> Bool {
        rolesWithUnknownAttachments.contains(role.key)
    }

    private static func role(_ value: Value, from: Entry, roles: [String: [Entry]], objects: [ObjectKey: [Entry]]) -> Entry? {
        if case .objectReference(let reference)? = value.unresolved {
            return object(reference, kind: .iamRole, from: from, objects: objects)
        }
        guard let identity = RoleIdentity(value, in: from.document) else { return nil }
        switch identity {
        case .logical(let logicalID):
            return resource(logicalID: logicalID, kind: .iamRole, from: from)
        case .named(let name, let account):
            let matching = (roles[name.lowercased()] ?? []).filter { candidate in
                guard let account, let arn = candidate.resource.properties["arn"]?.string,
                      case .named(_, let own?)? = RoleIdentity.fromLiteral(arn) else { return true }
                return own == account
            }
            return matching.count == 1 ? matching[0] : nil
        case .imported, .object:
            return nil  // an object reference was followed above
        }
    }

    // MARK: Resolution

    private static func resolveTaskDefinition(of service: Entry, entries: [Entry], families: [String: [Entry]],
                                              objects: [ObjectKey: [Entry]]) -> Entry? {
        guard let value = service.resource.properties["taskDefinition"] else { return nil }
        if case .objectReference(let reference)? = value.unresolved {
            return object(reference, kind: .taskDefinition, from: service, objects: objects)
        }
        if let target = referencedLogicalID(value) {
            return resource(logicalID: target, kind: .taskDefinition, from: service)
        }
        if case .placeholder? = value.unresolved, service.resource.kind == .appSpec {
            // CodePipeline's ECS blue/green action fills `<TASK_DEFINITION>` with the task
            // definition registered from the `taskdef.json` next to the AppSpec.
            let directory = directoryOf(service.file)
            let beside = entries.filter { $0.resource.kind == .taskDefinition && directoryOf($0.file) == directory }
            return beside.count == 1 ? beside[0] : nil
        }
        guard let text = value.string, let (family, revision) = taskDefinitionName(text),
              let candidates = families[family] else { return nil }
        let matching = candidates.filter { candidate in
            guard let revision, let own = candidate.resource.properties["revision"]?.scalarText else { return true }
            return Int(own) == revision
        }
        return matching.count == 1 ? matching[0] : nil
    }

    /// The one object of the run a Kubernetes-style reference names: same kind and name, and the
    /// same namespace (the reference's, or else the referring object's) where both say one.
    private static func object(_ reference: ObjectReference, kind: Resource.Kind, from: Entry, objects: [ObjectKey: [Entry]]) -> Entry? {
        guard reference.kind == nil || reference.kind == kind, let name = reference.name,
              let candidates = objects[ObjectKey(kind: kind, name: name)] else { return nil }
        let namespace = reference.namespace ?? from.resource.object?.namespace
        let matching = candidates.filter { candidate in
            guard let namespace, let own = candidate.resource.object?.namespace else { return true }
            return namespace == own
        }
        return matching.count == 1 ? matching[0] : nil
    }

    /// `family`, `family:revision` or `arn:…:ecs:region:account:task-definition/family:revision`.
    static func taskDefinitionName(_ text: String) -> (family: String, revision: Int?)? {
        let reference = resourceName(text, type: "task-definition")
        var family = reference
        var revision: Int?
        if let colon = reference.lastIndex(of: ":") {
            guard let number = Int(reference[reference.index(after: colon)...]) else { return nil }
            family = String(reference[..<colon])
            revision = number
        }
        let allowed = family.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        return !family.isEmpty && allowed ? (family, revision) : nil
    }

    /// The resource part of an ECS ARN (`arn:aws:ecs:r:a:cluster/name` → `name`), or the text.
    static func resourceName(_ text: String, type: String) -> String {
        let marker = ":\(type)/"
        guard text.hasPrefix("arn:"), let offset = text.utf8Offset(of: marker) else { return text }
        return String(decoding: text.utf8.dropFirst(offset + marker.utf8.count), as: UTF8.self)
    }

    /// The logical ID a `Ref` or `Fn::GetAtt` names.
    static func referencedLogicalID(_ value: Value) -> String? {
        guard case .intrinsic(let intrinsic)? = value.unresolved, ["Ref", "Fn::GetAtt"].contains(intrinsic.function),
              intrinsic.references.count == 1 else { return nil }
        return intrinsic.references[0].target
    }

    private static func resource(logicalID: String, kind: Resource.Kind, from: Entry) -> Entry? {
        guard let resource = from.document.resource(logicalID: logicalID), resource.kind == kind else { return nil }
        return Entry(resource: resource, document: from.document, file: from.file, source: from.source)
    }

    private static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
