import ECSLintEngine
import ECSLintModel

/// IAM006: the task's execution role resolves, the run shows all its permissions, and they do
/// not allow what the ECS agent must read at task start (ECS-FACTS §3.2, §4):
/// `secretsmanager:GetSecretValue` on each Secrets Manager secret of `secrets`, `secretOptions`
/// and `repositoryCredentials`, `ssm:GetParameters` on each SSM parameter, `logs:CreateLogGroup`
/// on the log group of `awslogs-create-group: "true"`, and `s3:GetObject` on each environment
/// file. The task then stops before its containers start (ResourceInitializationError).
///
/// Only a definite answer is reported: `notAllowed` or `denied` for every ARN the reference may
/// stand for. A resource allowed under conditions, a statement that cannot be read, and a
/// reference whose region or account the task does not say (an SSM parameter by name) against
/// a policy that names them are silent.
struct ExecutionRoleCannotReadRule: Rule {
    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    /// One thing the agent reads, and the ARNs it may be.
    struct Need {
        let action: String
        let value: Value
        /// What the message names (the reference as written, or the log group).
        let shown: String
        let readings: [SecretARN.Reading]
        /// Said after the reason, e.g. how to name a secret in a policy.
        let hint: String
    }

    func check(_ task: Resource, in context: RuleContext) {
        guard let value = task.properties["executionRoleArn"],
              let role = context.workspace.role(value, from: task, in: context.displayPath) else { return }
        let permissions = RolePermissions(role: role, workspace: context.workspace, data: data)
        guard permissions.isComplete else { return }
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            for need in Self.needs(of: container) {
                guard let verdict = Self.verdict(need, permissions: permissions) else { continue }
                let reason = verdict == .denied ? "denies" : "does not allow"
                context.report("the execution role \(RoleUses.label(role: role)) \(reason) \(need.action) on \(need.shown): the task stops before container \(TaskContainers.label(container)) starts (ResourceInitializationError); \(need.hint)",
                               at: need.value, in: task)
            }
        }
    }

    /// `.notAllowed` or `.denied` when no reading of the need is allowed; nil otherwise.
    static func verdict(_ need: Need, permissions: RolePermissions) -> Decision? {
        var denied = false
        for reading in need.readings {
            switch permissions.decide(need.action, on: reading.probe) {
            case .allowed, .allowedWithConditions, .unknown: return nil
            case .denied: denied = true
            case .notAllowed:
                if reading.unknownSuffix, SecretARN.someAllowMayMatch(reading, action: need.action, in: permissions.documents) { return nil }
            }
        }
        return denied ? .denied : .notAllowed
    }

    static func needs(of container: Value) -> [Need] {
        var needs: [Need] = []
        for secret in container["secrets"]?.array ?? [] {
            if let need = valueFromNeed(secret["valueFrom"]) { needs.append(need) }
        }
        let logging = container["logConfiguration"]
        for secret in logging?["secretOptions"]?.array ?? [] {
            if let need = valueFromNeed(secret["valueFrom"]) { needs.append(need) }
        }
        if let parameter = container["repositoryCredentials"]?["credentialsParameter"], let need = credentialsNeed(parameter) {
            needs.append(need)
        }
        if let need = logGroupNeed(logging) { needs.append(need) }
        for file in container["environmentFiles"]?.array ?? [] {
            guard let value = file["value"], let text = value.string, file["type"]?.string.map({ $0 == "s3" }) ?? true,
                  let arn = AWSARN(text), arn.service == "s3", let name = ResourceName(arn: text) else { continue }
            needs.append(Need(action: "s3:GetObject", value: value, shown: text, readings: [.init(probe: name)],
                              hint: "allow s3:GetObject on this object (and s3:GetBucketLocation on its bucket)"))
        }
        return needs
    }

    /// A `secrets[]`/`secretOptions[]` `valueFrom`: a Secrets Manager ARN, an SSM parameter ARN
    /// or name (ECS-FACTS §4.1).
    static func valueFromNeed(_ value: Value?) -> Need? {
        guard let value, let text = value.string else { return nil }
        switch SecretReference.classify(valueFrom: text) {
        case .success(.secretsManager(let arn)):
            let name = String(arn.resource.split(separator: ":", omittingEmptySubsequences: false)[1])
            return secretNeed(value, name: name, partition: arn.partition, region: arn.region, account: arn.account)
        case .success(.ssmParameterARN(let arn)):
            guard let name = ResourceName(arn: text), !isSecretsManagerReference(String(arn.resource.dropFirst("parameter".count))) else { return nil }
            return parameterNeed(value, name)
        case .success(.ssmParameterName):
            // `/app/db` is `parameter/app/db` in its ARN; `db` is `parameter/db`.
            guard !isSecretsManagerReference(text) else { return nil }
            let path = text.hasPrefix("/") ? String(text.dropFirst()) : text
            return parameterNeed(value, ResourceName(service: "ssm", resource: "parameter/" + path))
        case .failure:
            return nil
        }
    }

    /// `/aws/reference/secretsmanager/…` parameters stand for a secret: what the agent then
    /// needs is not the parameter's ARN alone.
    static func isSecretsManagerReference(_ name: String) -> Bool {
        name.hasPrefix("/aws/reference/")
    }

    static func parameterNeed(_ value: Value, _ name: ResourceName) -> Need {
        Need(action: "ssm:GetParameters", value: value, shown: value.string ?? name.text, readings: [.init(probe: name)],
             hint: "allow ssm:GetParameters on this parameter (and kms:Decrypt on its key if a customer managed key encrypts it)")
    }

    /// `repositoryCredentials.credentialsParameter`: a secret ARN, or a secret name in the
    /// task's Region (ECS-FACTS §4.3).
    static func credentialsNeed(_ value: Value) -> Need? {
        guard let text = value.string else { return nil }
        if let arn = AWSARN(text) {
            guard arn.service == "secretsmanager", SecretReference.secretsManagerProblem(arn, allowSelectors: false) == nil else { return nil }
            return secretNeed(value, name: String(arn.resource.dropFirst("secret:".count)), partition: arn.partition, region: arn.region, account: arn.account)
        }
        guard SecretReference.isSecretName(text) else { return nil }
        return secretNeed(value, name: text, partition: nil, region: nil, account: nil)
    }

    static func secretNeed(_ value: Value, name: String, partition: String?, region: String?, account: String?) -> Need {
        let readings = SecretARN.readings(name: name, partition: partition, region: region, account: account)
        return Need(action: "secretsmanager:GetSecretValue", value: value, shown: value.string ?? name, readings: readings,
                    hint: "allow it on the secret's ARN, which ends in the 6-character suffix Secrets Manager adds (write secret:\(SecretARN.baseName(name))-?????? to match any), and kms:Decrypt on its key if a customer managed key encrypts it")
    }

    /// `awslogs-create-group: "true"`: `logs:CreateLogGroup` on the group of `awslogs-group`
    /// in the Region of `awslogs-region` (§3.2).
    static func logGroupNeed(_ logging: Value?) -> Need? {
        guard let logging, logging["logDriver"]?.string == "awslogs", let options = logging["options"],
              let create = options["awslogs-create-group"], create.scalarText?.lowercased() == "true",
              let group = options["awslogs-group"]?.string, !group.isEmpty else { return nil }
        let region = options["awslogs-region"]?.string
        // Policies name a log group as `log-group:NAME` or, as DescribeLogGroups shows it,
        // `log-group:NAME:*`; either is taken to allow it.
        let readings = ["log-group:\(group)", "log-group:\(group):*"].map {
            SecretARN.Reading(probe: ResourceName(service: "logs", resource: $0, region: region))
        }
        return Need(action: "logs:CreateLogGroup", value: create, shown: "log group \(group)", readings: readings,
                    hint: "allow logs:CreateLogGroup on it (it is not in AmazonECSTaskExecutionRolePolicy), or create the group beforehand and remove awslogs-create-group")
    }
}

/// The ARNs a Secrets Manager reference may stand for. A secret's ARN ends in `-` and six
/// random characters; ECS also takes a partial ARN without them, which Secrets Manager completes.
/// A name that ends in `-` and six letters or digits may be either, so it has two readings: as
/// written, and as written plus an unknown suffix.
enum SecretARN {
    struct Reading {
        /// The ARN to evaluate; with `unknownSuffix`, its last six characters are placeholders
        /// that only `?` and `*` match, so an `allowed` decision holds for every suffix.
        let probe: ResourceName
        var unknownSuffix = false
    }

    /// A character no policy contains: stands for one unknown character of a suffix.
    static let unknown: Character = "\u{E000}"

    static func readings(name: String, partition: String?, region: String?, account: String?) -> [Reading] {
        func probe(_ resource: String) -> ResourceName {
            ResourceName(service: "secretsmanager", resource: "secret:" + resource, partition: partition, region: region, account: account)
        }
        let completed = Reading(probe: probe(name + "-" + String(repeating: unknown, count: 6)), unknownSuffix: true)
        return hasSuffix(name) ? [Reading(probe: probe(name)), completed] : [completed]
    }

    /// `name-AbCdEf`: ends in `-` and six letters or digits.
    static func hasSuffix(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count > 7, scalars[scalars.count - 7] == "-" else { return false }
        return scalars.suffix(6).allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }

    /// The name without a suffix it may end in, for hints.
    static func baseName(_ name: String) -> String {
        hasSuffix(name) ? String(name.unicodeScalars.dropLast(7)) : name
    }

    /// Whether an `Allow` statement for `action` has a resource pattern that matches the
    /// reading for some suffix (`secret:db-AbCdEf` against a partial `secret:db`): then the
    /// answer depends on the real suffix, and is unknown.
    static func someAllowMayMatch(_ reading: Reading, action: String, in documents: [PolicyDocument]) -> Bool {
        for document in documents {
            for statement in document.statements where statement.isAllow {
                guard let actions = statement.actions, let resources = statement.resources else { continue }
                let named = actions.strings.contains { IAMPattern.actionMatches($0, action) }
                guard actions.negated ? !named : named else { continue }
                if resources.negated { return true }
                if resources.strings.contains(where: { mayMatch($0, reading.probe) }) { return true }
            }
        }
        return false
    }

    /// A pattern matches the probe for some choice of its placeholder characters (each a letter
    /// or digit).
    static func mayMatch(_ pattern: String, _ probe: ResourceName) -> Bool {
        if pattern.contains("${") { return true }
        let parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6 else { return false }
        for (index, part) in parts.enumerated() {
            guard let known = probe.parts[index] else { continue }
            if !glob(Array(part.unicodeScalars), Array(known.unicodeScalars)) { return false }
        }
        return true
    }

    /// IAM's `*`/`?` matching where a placeholder in the text also matches a letter or digit
    /// of the pattern.
    private static func glob(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        let placeholder = unknown.unicodeScalars.first!
        func same(_ p: Unicode.Scalar, _ t: Unicode.Scalar) -> Bool {
            p == t || (t == placeholder && (("a"..."z").contains(p) || ("A"..."Z").contains(p) || ("0"..."9").contains(p)))
        }
        return IAMPattern.glob(pattern, text, same: same)
    }
}
