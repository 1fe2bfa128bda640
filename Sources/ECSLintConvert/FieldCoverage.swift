import ECSLintModel

/// The ECS fields one format has and another does not. The lists are the members the generated
/// schema (`rules/data/ecs-schema.json`: the ECS API model and CloudFormation's resource
/// schemas) has on one side only; `FieldCoverageTests` fails when the schema and these lists
/// disagree. Clusters are not in that schema; their lists follow the API reference.
enum FieldCoverage {
    /// `describe-task-definition` output: register-task-definition and CloudFormation take none of them.
    static let taskDefinitionOutput: Set<String> = [
        "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
        "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt",
    ]

    /// `describe-services` / `create-service` output only.
    static let serviceOutput: Set<String> = [
        "serviceArn", "clusterArn", "createdAt", "createdBy", "currentServiceDeployment", "currentServiceRevisions",
        "deployments", "events", "pendingCount", "runningCount", "platformFamily", "resourceManagementType",
        "roleArn", "status", "taskSets",
    ]

    /// `describe-clusters` / `create-cluster` output only (ECS API reference, `Cluster`).
    static let clusterOutput: Set<String> = [
        "clusterArn", "status", "registeredContainerInstancesCount", "runningTasksCount", "pendingTasksCount",
        "activeServicesCount", "statistics", "attachments", "attachmentsStatus",
    ]

    /// `register-task-definition` members `AWS::ECS::TaskDefinition` does not have yet.
    static let taskDefinitionNotInCloudFormation: Set<String> = ["trustedExecutionConfiguration"]

    /// `create-service` members `AWS::ECS::Service` does not have (`[]` stands for any index).
    static let serviceNotInCloudFormation: Set<String> = [
        "clientToken",
        "gatewayConnectors[].deregistrationDelay",
    ]

    /// `AWS::ECS::Service` properties `create-service` does not have.
    static let serviceNotInECS: Set<String> = ["forceNewDeployment"]

    /// Why the member at `path` of a resource of `kind` cannot be written in `target`; nil when it can.
    static func refusal(kind: Resource.Kind, path: String, target: Target) -> String? {
        let pattern = Self.pattern(path)
        switch (kind, target) {
        case (.taskDefinition, _) where taskDefinitionOutput.contains(pattern):
            return "'\(pattern)' is describe-task-definition output; \(target.name) has no such field"
        case (.service, _) where serviceOutput.contains(pattern):
            return "'\(pattern)' is describe-services output; \(target.name) has no such field"
        case (.cluster, _) where clusterOutput.contains(pattern):
            return "'\(pattern)' is describe-clusters output; \(target.name) has no such field"
        case (.taskDefinition, .cloudFormation) where taskDefinitionNotInCloudFormation.contains(pattern):
            return "AWS::ECS::TaskDefinition has no property for '\(pattern)'"
        case (.service, .cloudFormation) where serviceNotInCloudFormation.contains(pattern):
            return "AWS::ECS::Service has no property for '\(pattern)'"
        case (.service, .ecsJSON) where serviceNotInECS.contains(pattern):
            return "'\(pattern)' is CloudFormation's; create-service has no such field"
        default:
            return nil
        }
    }

    enum Target {
        case ecsJSON, cloudFormation
        var name: String {
            switch self {
            case .ecsJSON: return "ECS input JSON"
            case .cloudFormation: return "CloudFormation"
            }
        }
    }

    /// `deploymentConfiguration.lifecycleHooks[0].targetType` → `deploymentConfiguration.lifecycleHooks[].targetType`.
    static func pattern(_ path: String) -> String {
        var result = ""
        var inIndex = false
        for character in path {
            if inIndex {
                if character == "]" {
                    inIndex = false
                    result.append("[]")
                } else if !character.isNumber {
                    // A quoted map key (`["a.b"]`), not an index.
                    inIndex = false
                    result.append("[")
                    result.append(character)
                }
            } else if character == "[" {
                inIndex = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
