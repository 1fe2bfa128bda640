import ECSLintModel

/// The AWS provider's resource types ecs-lint reads, and how their arguments map to the
/// canonical (API) shape. Argument names: registry.terraform.io/providers/hashicorp/aws/latest/docs
/// (resources ecs_task_definition, ecs_service, ecs_cluster, ecs_cluster_capacity_providers,
/// ecs_capacity_provider, iam_role, iam_role_policy, iam_policy, iam_role_policy_attachment,
/// iam_policy_attachment, lb_target_group; read 2026-11). Arguments not listed (meta-arguments,
/// Terraform-only settings such as `skip_destroy`) are not part of the canonical resource.
enum TerraformResourceTypes {
    static let kinds: [String: Resource.Kind] = [
        "aws_ecs_task_definition": .taskDefinition,
        "aws_ecs_service": .service,
        "aws_ecs_cluster": .cluster,
        "aws_ecs_capacity_provider": .capacityProvider,
        "aws_ecs_cluster_capacity_providers": .clusterCapacityProviderAssociations,
        "aws_iam_role": .iamRole,
        "aws_iam_role_policy": .iamPolicy,
        "aws_iam_policy": .iamPolicy,
        "aws_iam_role_policy_attachment": .iamPolicy,
        "aws_iam_policy_attachment": .iamPolicy,
        "aws_lb_target_group": .targetGroup,
        "aws_alb_target_group": .targetGroup,
    ]

    /// How one argument or nested block becomes a canonical member.
    indirect enum Shape: Sendable {
        /// As written (lists, maps and strings alike).
        case value
        /// JSON text (`jsonencode(…)`, a heredoc, `file()`): its value, with the API's names.
        case json
        /// Container definitions' JSON text. The provider decodes it with Go's `encoding/json`
        /// into the SDK's types, which matches member names without regard to case (`Image` is
        /// `image`): names are folded to the API's, except the keys of string maps.
        case containerDefinitions
        /// One nested block (or an object) with these arguments.
        case object([String: Field])
        /// Repeated nested blocks (or a list of objects).
        case list([String: Field])
        /// A map whose keys are data (`driver_opts`, log `options`).
        case map
        /// A map of tags → `[{key, value}]`.
        case tags
        /// A map → `[{name, value}]` (a proxy configuration's `properties`).
        case nameValues
        /// `true`/`false` → `ENABLED`/`DISABLED` (a service's `assign_public_ip`).
        case enabledFlag
        /// A task volume's `host_path` string → `host: {sourcePath}`.
        case hostPath
        /// A nested block whose arguments are members of the enclosing object (a target
        /// group's `health_check { port }` is `healthCheckPort`).
        case flattened([String: Field])
    }

    struct Field: Sendable {
        /// The canonical name; a dotted name nests (`deploymentConfiguration.maximumPercent`).
        let canonical: String
        let shape: Shape

        init(_ canonical: String, _ shape: Shape = .value) {
            self.canonical = canonical
            self.shape = shape
        }
    }

    static func fields(of type: String) -> [String: Field]? {
        switch type {
        case "aws_ecs_task_definition": return taskDefinition
        case "aws_ecs_service": return service
        case "aws_ecs_cluster": return cluster
        case "aws_ecs_capacity_provider": return capacityProvider
        case "aws_ecs_cluster_capacity_providers": return clusterCapacityProviders
        case "aws_iam_role": return role
        case "aws_iam_role_policy": return ["name": Field("policyName"), "role": Field("roleName"), "policy": Field("policyDocument", .json)]
        case "aws_iam_policy": return ["name": Field("managedPolicyName"), "path": Field("path"), "description": Field("description"),
                                       "policy": Field("policyDocument", .json)]
        case "aws_iam_role_policy_attachment": return ["role": Field("roleName"), "policy_arn": Field("policyArn")]
        case "aws_iam_policy_attachment": return ["roles": Field("roles"), "policy_arn": Field("policyArn")]
        case "aws_lb_target_group", "aws_alb_target_group": return targetGroup
        default: return nil
        }
    }

    private static let authorization: [String: Field] = ["access_point_id": Field("accessPointId"), "iam": Field("iam")]

    static let taskDefinition: [String: Field] = [
        "family": Field("family"),
        "container_definitions": Field("containerDefinitions", .containerDefinitions),
        "task_role_arn": Field("taskRoleArn"),
        "execution_role_arn": Field("executionRoleArn"),
        "network_mode": Field("networkMode"),
        "ipc_mode": Field("ipcMode"),
        "pid_mode": Field("pidMode"),
        "cpu": Field("cpu"),
        "memory": Field("memory"),
        "requires_compatibilities": Field("requiresCompatibilities"),
        "enable_fault_injection": Field("enableFaultInjection"),
        "volume": Field("volumes", .list([
            "name": Field("name"),
            "host_path": Field("host", .hostPath),
            "configure_at_launch": Field("configuredAtLaunch"),
            "docker_volume_configuration": Field("dockerVolumeConfiguration", .object([
                "scope": Field("scope"), "autoprovision": Field("autoprovision"), "driver": Field("driver"),
                "driver_opts": Field("driverOpts", .map), "labels": Field("labels", .map),
            ])),
            "efs_volume_configuration": Field("efsVolumeConfiguration", .object([
                "file_system_id": Field("fileSystemId"), "root_directory": Field("rootDirectory"),
                "transit_encryption": Field("transitEncryption"), "transit_encryption_port": Field("transitEncryptionPort"),
                "authorization_config": Field("authorizationConfig", .object(authorization)),
            ])),
            "fsx_windows_file_server_volume_configuration": Field("fsxWindowsFileServerVolumeConfiguration", .object([
                "file_system_id": Field("fileSystemId"), "root_directory": Field("rootDirectory"),
                "authorization_config": Field("authorizationConfig", .object([
                    "credentials_parameter": Field("credentialsParameter"), "domain": Field("domain"),
                ])),
            ])),
        ])),
        "placement_constraints": Field("placementConstraints", .list(["type": Field("type"), "expression": Field("expression")])),
        "proxy_configuration": Field("proxyConfiguration", .object([
            "container_name": Field("containerName"), "properties": Field("properties", .nameValues), "type": Field("type"),
        ])),
        "ephemeral_storage": Field("ephemeralStorage", .object(["size_in_gib": Field("sizeInGiB")])),
        "runtime_platform": Field("runtimePlatform", .object([
            "operating_system_family": Field("operatingSystemFamily"), "cpu_architecture": Field("cpuArchitecture"),
        ])),
        "inference_accelerator": Field("inferenceAccelerators", .list(["device_name": Field("deviceName"), "device_type": Field("deviceType")])),
        "tags": Field("tags", .tags),
    ]

    private static let strategy: [String: Field] = [
        "capacity_provider": Field("capacityProvider"), "weight": Field("weight"), "base": Field("base"),
    ]

    static let service: [String: Field] = [
        "name": Field("serviceName"),
        "cluster": Field("cluster"),
        "task_definition": Field("taskDefinition"),
        "desired_count": Field("desiredCount"),
        "launch_type": Field("launchType"),
        "platform_version": Field("platformVersion"),
        "scheduling_strategy": Field("schedulingStrategy"),
        "iam_role": Field("role"),
        "enable_ecs_managed_tags": Field("enableECSManagedTags"),
        "enable_execute_command": Field("enableExecuteCommand"),
        "propagate_tags": Field("propagateTags"),
        "health_check_grace_period_seconds": Field("healthCheckGracePeriodSeconds"),
        "availability_zone_rebalancing": Field("availabilityZoneRebalancing"),
        "deployment_maximum_percent": Field("deploymentConfiguration.maximumPercent"),
        "deployment_minimum_healthy_percent": Field("deploymentConfiguration.minimumHealthyPercent"),
        "deployment_circuit_breaker": Field("deploymentConfiguration.deploymentCircuitBreaker", .object([
            "enable": Field("enable"), "rollback": Field("rollback"),
        ])),
        "alarms": Field("deploymentConfiguration.alarms", .object([
            "alarm_names": Field("alarmNames"), "enable": Field("enable"), "rollback": Field("rollback"),
        ])),
        "deployment_controller": Field("deploymentController", .object(["type": Field("type")])),
        "load_balancer": Field("loadBalancers", .list([
            "target_group_arn": Field("targetGroupArn"), "elb_name": Field("loadBalancerName"),
            "container_name": Field("containerName"), "container_port": Field("containerPort"),
        ])),
        "network_configuration": Field("networkConfiguration.awsvpcConfiguration", .object([
            "subnets": Field("subnets"), "security_groups": Field("securityGroups"), "assign_public_ip": Field("assignPublicIp", .enabledFlag),
        ])),
        "capacity_provider_strategy": Field("capacityProviderStrategy", .list(strategy)),
        "ordered_placement_strategy": Field("placementStrategy", .list(["type": Field("type"), "field": Field("field")])),
        "placement_constraints": Field("placementConstraints", .list(["type": Field("type"), "expression": Field("expression")])),
        "service_registries": Field("serviceRegistries", .list([
            "registry_arn": Field("registryArn"), "port": Field("port"), "container_port": Field("containerPort"),
            "container_name": Field("containerName"),
        ])),
        "service_connect_configuration": Field("serviceConnectConfiguration", .object([
            "enabled": Field("enabled"),
            "namespace": Field("namespace"),
            "log_configuration": Field("logConfiguration", .object([
                "log_driver": Field("logDriver"), "options": Field("options", .map),
                "secret_option": Field("secretOptions", .list(["name": Field("name"), "value_from": Field("valueFrom")])),
            ])),
            "service": Field("services", .list([
                "port_name": Field("portName"), "discovery_name": Field("discoveryName"),
                "ingress_port_override": Field("ingressPortOverride"),
                "client_alias": Field("clientAliases", .list(["port": Field("port"), "dns_name": Field("dnsName")])),
                "timeout": Field("timeout", .object([
                    "idle_timeout_seconds": Field("idleTimeoutSeconds"), "per_request_timeout_seconds": Field("perRequestTimeoutSeconds"),
                ])),
            ])),
        ])),
        "volume_configuration": Field("volumeConfigurations", .list([
            "name": Field("name"),
            "managed_ebs_volume": Field("managedEBSVolume", .object([
                "role_arn": Field("roleArn"), "encrypted": Field("encrypted"), "kms_key_id": Field("kmsKeyId"),
                "size_in_gb": Field("sizeInGiB"), "volume_type": Field("volumeType"), "iops": Field("iops"),
                "throughput": Field("throughput"), "snapshot_id": Field("snapshotId"), "file_system_type": Field("filesystemType"),
            ])),
        ])),
        "tags": Field("tags", .tags),
    ]

    static let cluster: [String: Field] = [
        "name": Field("clusterName"),
        "setting": Field("settings", .list(["name": Field("name"), "value": Field("value")])),
        "configuration": Field("configuration", .object([
            "execute_command_configuration": Field("executeCommandConfiguration", .object([
                "kms_key_id": Field("kmsKeyId"), "logging": Field("logging"),
                "log_configuration": Field("logConfiguration", .object([
                    "cloud_watch_encryption_enabled": Field("cloudWatchEncryptionEnabled"),
                    "cloud_watch_log_group_name": Field("cloudWatchLogGroupName"),
                    "s3_bucket_name": Field("s3BucketName"),
                    "s3_bucket_encryption_enabled": Field("s3EncryptionEnabled"),
                    "s3_key_prefix": Field("s3KeyPrefix"),
                ])),
            ])),
            "managed_storage_configuration": Field("managedStorageConfiguration", .object([
                "fargate_ephemeral_storage_kms_key_id": Field("fargateEphemeralStorageKmsKeyId"), "kms_key_id": Field("kmsKeyId"),
            ])),
        ])),
        "service_connect_defaults": Field("serviceConnectDefaults", .object(["namespace": Field("namespace")])),
        "tags": Field("tags", .tags),
    ]

    static let clusterCapacityProviders: [String: Field] = [
        "cluster_name": Field("cluster"),
        "capacity_providers": Field("capacityProviders"),
        "default_capacity_provider_strategy": Field("defaultCapacityProviderStrategy", .list(strategy)),
    ]

    static let capacityProvider: [String: Field] = [
        "name": Field("name"),
        "auto_scaling_group_provider": Field("autoScalingGroupProvider", .object([
            "auto_scaling_group_arn": Field("autoScalingGroupArn"),
            "managed_termination_protection": Field("managedTerminationProtection"),
            "managed_draining": Field("managedDraining"),
            "managed_scaling": Field("managedScaling", .object([
                "status": Field("status"), "target_capacity": Field("targetCapacity"),
                "minimum_scaling_step_size": Field("minimumScalingStepSize"), "maximum_scaling_step_size": Field("maximumScalingStepSize"),
                "instance_warmup_period": Field("instanceWarmupPeriod"),
            ])),
        ])),
    ]

    static let role: [String: Field] = [
        "name": Field("roleName"),
        "path": Field("path"),
        "description": Field("description"),
        "assume_role_policy": Field("assumeRolePolicyDocument", .json),
        "inline_policy": Field("policies", .list(["name": Field("policyName"), "policy": Field("policyDocument", .json)])),
        "managed_policy_arns": Field("managedPolicyArns"),
        "permissions_boundary": Field("permissionsBoundary"),
        "max_session_duration": Field("maxSessionDuration"),
    ]

    static let targetGroup: [String: Field] = [
        "name": Field("name"),
        "port": Field("port"),
        "protocol": Field("protocol"),
        "target_type": Field("targetType"),
        "vpc_id": Field("vpcId"),
        "health_check": Field("healthCheck", .flattened([
            "port": Field("healthCheckPort"), "path": Field("healthCheckPath"), "protocol": Field("healthCheckProtocol"),
        ])),
    ]
}
