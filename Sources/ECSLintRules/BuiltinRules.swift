import ECSLintEngine
import ECSLintSyntax

/// The Swift rule implementations and the embedded copy of `rules/`.
public enum BuiltinRules {
    /// Every Swift rule type; each rule YAML names one of these in `implementation:`.
    public static let implementations: [any Rule.Type] = [
        DuplicateKeyRule.self,
        UnrecognizedSizeUnitRule.self,
        InvalidNetworkModeRule.self,
        PlaintextSecretInEnvironmentRule.self,
        SharedTaskAndExecutionRoleRule.self,
        ContainerRunsAsRootRule.self,
        DangerousCapabilityRule.self,
        SensitiveHostMountRule.self,
        UnknownFieldRule.self,
        WrongTypeRule.self,
        InvalidEnumValueRule.self,
        MissingRequiredFieldRule.self,
        ReadOnlyFieldRule.self,
        UnresolvedReferenceRule.self,
        ContainerResourcesExceedTaskRule.self,
        MissingContainerMemoryRule.self,
        FargateUnsupportedFieldRule.self,
        WindowsUnsupportedFieldRule.self,
        InvalidEphemeralStorageRule.self,
        InvalidRuntimePlatformRule.self,
        ResourceOutOfRangeRule.self,
        DuplicateContainerNameRule.self,
        InvalidNameRule.self,
        UnresolvedContainerReferenceRule.self,
        DependencyCycleRule.self,
        UnresolvedVolumeReferenceRule.self,
        EssentialContainerAwaitedRule.self,
        TaskDefinitionTooLargeRule.self,
        HostPortMismatchRule.self,
        FieldInvalidForNetworkModeRule.self,
        InvalidPortRule.self,
        DuplicatePortRule.self,
        InvalidDaemonServiceRule.self,
        InvalidPlacementRule.self,
        InvalidDeploymentConfigurationRule.self,
        InvalidAwslogsOptionsRule.self,
        FirelensRouterMissingRule.self,
        InvalidHealthCheckRule.self,
        HealthyDependencyWithoutHealthCheckRule.self,
        MutableImageTagRule.self,
        ImageNotPinnedByDigestRule.self,
        DisallowedRegistryRule.self,
        InvalidImageReferenceRule.self,
        PrivateRegistryWithoutCredentialsRule.self,
        InvalidEFSConfigurationRule.self,
        InvalidVolumeRule.self,
        InvalidSecretReferenceRule.self,
        DuplicateEnvironmentNameRule.self,
        InvalidEnvironmentFileRule.self,
        InvalidRepositoryCredentialsRule.self,
        SecretInLogOptionsRule.self,
        SecretInCommandRule.self,
        ResolvedSecretInEnvironmentRule.self,
        SecretParameterWithoutNoEchoRule.self,
        MissingExecutionRoleRule.self,
        InvalidRoleReferenceRule.self,
        // Task definitions and services checked against the roles of the run (Workspace).
        ExecutionPolicyOnTaskRoleRule.self,
        ApplicationPermissionsOnExecutionRoleRule.self,
        ExecWithoutSSMPermissionsRule.self,
        ExecutionRoleCannotReadRule.self,
        WrongTrustPrincipalRule.self,
        MissingConfusedDeputyConditionRule.self,
        TaskRoleSharedAcrossFamiliesRule.self,
        // Policy documents of roles and policies (IAM1xx).
        WildcardTrustPrincipalRule.self,
        BroadCrossAccountTrustRule.self,
        WildcardActionRule.self,
        AdminAccessRule.self,
        WildcardResourceRule.self,
        PassRoleToAnyRoleRule.self,
        PrivilegeEscalationRule.self,
        AllowWithNotElementRule.self,
        InvalidPolicyDocumentRule.self,
        UnknownActionRule.self,
        SensitiveActionOnAllResourcesRule.self,
        // Services checked against their task definitions and clusters (Workspace).
        ServiceNetworkConfigurationRule.self,
        PublicIPAssignedRule.self,
        LoadBalancerTargetMismatchRule.self,
        UnknownPortNameRule.self,
        ServiceRoleNotAllowedRule.self,
        InvalidServiceRegistryRule.self,
        ServiceTaskCompatibilityRule.self,
        InvalidCapacityProviderStrategyRule.self,
        OutdatedPlatformVersionRule.self,
    ]

    /// The catalog built from the embedded copy of `rules/` (see `make generate`).
    /// What the embedded fact tables were generated from, one line each: the ECS API model,
    /// the CloudFormation schemas, the IAM actions (`ecs-lint --version`).
    public static var factSources: [String] { EmbeddedRules.factSources }

    public static func catalog() throws -> RuleCatalog {
        RuleCatalog(embedded: EmbeddedRules.descriptions, files: EmbeddedRules.files)
    }

    public static func linter(configuration: Configuration = Configuration(), options: LintOptions = LintOptions()) throws -> Linter {
        try Linter(catalog: catalog(), implementations: implementations, configuration: configuration, options: options)
    }
}
