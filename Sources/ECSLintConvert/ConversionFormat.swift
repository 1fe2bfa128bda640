import ECSLintSyntax

/// The formats `ecs-lint convert --to` writes. A new format is a case here and its writer.
public enum ConversionFormat: String, CaseIterable, Sendable {
    case ecsJSON = "ecs-json"
    case cloudFormationJSON = "cfn-json"
    case cloudFormationYAML = "cfn-yaml"
    case kubernetes
    /// AWS Controllers for Kubernetes resources.
    case kubernetesStyleYAML = "k8s-yaml"

    public var writer: any ConversionWriter {
        switch self {
        case .ecsJSON: return ECSJSONWriter()
        case .cloudFormationJSON: return CloudFormationWriter(syntax: .json)
        case .cloudFormationYAML: return CloudFormationWriter(syntax: .yaml)
        case .kubernetes: return KubernetesWriter()
        case .kubernetesStyleYAML: return ACKWriter()
        }
    }

    /// One line for `--help`.
    public var summary: String {
        switch self {
        case .ecsJSON: return "ECS register-task-definition / create-service / create-cluster input JSON, one file per resource"
        case .cloudFormationJSON: return "one CloudFormation template in JSON (intrinsics in long form)"
        case .cloudFormationYAML: return "one CloudFormation template in YAML (intrinsics in short form: !Ref, !Sub, !GetAtt)"
        case .kubernetes: return "Kubernetes apps/v1 Deployments (+ v1 Services), one YAML stream"
        case .kubernetesStyleYAML: return "AWS Controllers for Kubernetes (ACK) TaskDefinition, Service and Cluster objects, one YAML stream"
        }
    }
}
