import ECSLintEngine
import ECSLintModel

/// IAM002: a task definition uses a feature that the ECS agent can only serve with the task
/// execution role (ECS-FACTS §3.2) and has no `executionRoleArn`. An error where nothing else
/// can stand in (secrets, registry credentials, environment files, FireLens configuration from
/// S3, and image pulls and awslogs on Fargate, EXTERNAL and Managed Instances); a warning for
/// image pulls from private ECR and awslogs on EC2, where the container instance role can.
struct MissingExecutionRoleRule: Rule {
    init(setup: RuleSetup) {}

    /// One reason a container needs the execution role.
    struct Need {
        let feature: String
        let value: Value
        /// Only the EC2 instance role could stand in.
        let instanceRoleSuffices: Bool
    }

    func check(_ task: Resource, in context: RuleContext) {
        if let role = task.properties["executionRoleArn"], !role.isNull, !(role.string?.isEmpty ?? false) { return }
        let agentOnly = Self.needsExecutionRoleForPulls(task, in: context)
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            let needs = Self.needs(of: container, agentOnly: agentOnly)
            guard let first = needs.first(where: { !$0.instanceRoleSuffices }) ?? needs.first else { continue }
            let features = needs.map(\.feature)
            let listed = features.count > 1 ? features.dropLast().joined(separator: ", ") + " and " + features[features.count - 1] : features[0]
            let atMost: Severity? = needs.allSatisfy(\.instanceRoleSuffices) ? .warning : nil
            let note = atMost == nil ? "" : " (on EC2 the container instance role can stand in when it has the permissions, so this is a warning)"
            context.report("container \(TaskContainers.label(container)) uses \(listed), which the ECS agent serves with the task execution role, but the task definition has no executionRoleArn\(note); add a role with AmazonECSTaskExecutionRolePolicy and read access to what it fetches",
                           at: first.value, in: task, atMost: atMost)
        }
    }

    /// On Fargate, EXTERNAL and Managed Instances only the execution role pulls private ECR
    /// images and ships awslogs; on EC2 the instance role can (§3.2).
    static func needsExecutionRoleForPulls(_ task: Resource, in context: RuleContext) -> Bool {
        let agentOnly: Set = ["FARGATE", "EXTERNAL", "MANAGED_INSTANCES"]
        return TaskFacts.compatibilities(task).contains(where: agentOnly.contains) || TaskFacts.isFargate(task, in: context)
    }

    static func needs(of container: Value, agentOnly: Bool) -> [Need] {
        var needs: [Need] = []
        func add(_ feature: String, _ value: Value?, instanceRoleSuffices: Bool = false) {
            guard let value, !value.isNull else { return }
            // A list counts when it surely holds an entry (an `Fn::If` item may be none).
            if let items = value.array, !items.contains(where: { !$0.isUnresolved }) { return }
            if value.isUnresolved { return }
            needs.append(Need(feature: feature, value: value, instanceRoleSuffices: instanceRoleSuffices))
        }
        add("secrets", container["secrets"])
        let logging = container["logConfiguration"]
        add("logConfiguration.secretOptions", logging?["secretOptions"])
        add("repositoryCredentials", container["repositoryCredentials"])
        add("environmentFiles", container["environmentFiles"])
        if let type = container["firelensConfiguration"]?["options"]?["config-file-type"], type.string?.lowercased() == "s3" {
            add("a FireLens configuration file from S3", type)
        }
        if let driver = logging?["logDriver"], driver.string == "awslogs" {
            add("the awslogs log driver", driver, instanceRoleSuffices: !agentOnly)
        }
        if let image = container["image"], let text = image.string, isPrivateECR(text) {
            add("an image from private ECR", image, instanceRoleSuffices: !agentOnly)
        }
        return needs
    }

    /// `ACCOUNT.dkr.ecr.REGION.amazonaws.com/…` (also `dkr.ecr-fips`, and `.com.cn` in China);
    /// `public.ecr.aws` needs no credentials.
    static func isPrivateECR(_ image: String) -> Bool {
        guard let slash = image.firstIndex(of: "/") else { return false }
        let host = image[..<slash].split(separator: ".")
        guard host.count >= 6, host[0].count == 12, host[0].allSatisfy(\.isASCIIDigit), host[1] == "dkr",
              host[2] == "ecr" || host[2] == "ecr-fips" else { return false }
        return image[..<slash].hasSuffix(".amazonaws.com") || image[..<slash].hasSuffix(".amazonaws.com.cn")
    }
}
