/// CloudFormation ↔ ECS API property names. A CloudFormation name is the API name with its first
/// letter upper-cased, except for the names below (ECS-FACTS.md §7.2).
public enum FieldNames {
    /// CloudFormation names that are not a plain case change of the API name.
    private static let cloudFormationExceptions: [String: String] = [
        "EFSVolumeConfiguration": "efsVolumeConfiguration",
        "FilesystemId": "fileSystemId",
        "IAM": "iam",
        "FSxWindowsFileServerVolumeConfiguration": "fsxWindowsFileServerVolumeConfiguration",
        "S3FilesVolumeConfiguration": "s3filesVolumeConfiguration",
        "ProxyConfigurationProperties": "properties",
        "PlacementStrategies": "placementStrategy",
        "ClusterSettings": "settings",
    ]

    /// Properties whose values are string maps: their keys are data and keep their case.
    public static let mapProperties: Set<String> = ["options", "dockerLabels", "driverOpts", "labels"]

    /// IAM policy documents are written in IAM's own grammar in every format.
    public static let verbatimProperties: Set<String> = ["assumeRolePolicyDocument", "policyDocument"]

    public static func canonical(fromCloudFormation name: String) -> String {
        if let exception = cloudFormationExceptions[name] { return exception }
        guard let first = name.first, first.isUppercase else { return name }
        return first.lowercased() + name.dropFirst()
    }

    /// The CloudFormation name of an API member; `parent` is the API name of the enclosing object.
    public static func cloudFormation(fromCanonical name: String, parent: String?) -> String {
        switch (name, parent) {
        case ("efsVolumeConfiguration", _): return "EFSVolumeConfiguration"
        case ("fileSystemId", "efsVolumeConfiguration"): return "FilesystemId"
        case ("iam", "authorizationConfig"): return "IAM"
        case ("fsxWindowsFileServerVolumeConfiguration", _): return "FSxWindowsFileServerVolumeConfiguration"
        case ("s3filesVolumeConfiguration", _): return "S3FilesVolumeConfiguration"
        case ("properties", "proxyConfiguration"): return "ProxyConfigurationProperties"
        case ("placementStrategy", _): return "PlacementStrategies"
        case ("settings", nil): return "ClusterSettings"
        default:
            guard let first = name.first else { return name }
            return first.uppercased() + name.dropFirst()
        }
    }

    /// CloudFormation resource types and the canonical kinds they load as.
    public static let cloudFormationTypes: [String: Resource.Kind] = [
        "AWS::ECS::TaskDefinition": .taskDefinition,
        "AWS::ECS::Service": .service,
        "AWS::ECS::Cluster": .cluster,
        "AWS::IAM::Role": .iamRole,
        "AWS::IAM::Policy": .iamPolicy,
        "AWS::IAM::ManagedPolicy": .iamPolicy,
        "AWS::IAM::RolePolicy": .iamPolicy,
        "AWS::ElasticLoadBalancingV2::TargetGroup": .targetGroup,
        "AWS::ECS::CapacityProvider": .capacityProvider,
        "AWS::ECS::ClusterCapacityProviderAssociations": .clusterCapacityProviderAssociations,
    ]
}
