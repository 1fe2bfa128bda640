import ECSLintSyntax

/// One ECS or IAM resource in canonical form, whatever format it came from.
public struct Resource: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case taskDefinition, service, cluster, iamRole
        /// A CodeDeploy AppSpec's `AWS::ECS::Service` resource (blue/green deployments).
        case appSpec
        /// Loaded so that services can be checked against them; no rule checks them alone.
        case targetGroup, capacityProvider, clusterCapacityProviderAssociations
    }

    public let kind: Kind
    /// CloudFormation logical ID, or the task family / service name for ECS JSON.
    public let name: String?
    /// Set for CloudFormation resources: the key under `Resources`.
    public let logicalID: String?
    /// The canonical properties (task definition members, service members, …).
    public let properties: Value
    /// The whole resource's source range (for findings about the resource as a whole).
    public let range: SourceRange

    public init(kind: Kind, name: String?, logicalID: String?, properties: Value, range: SourceRange) {
        self.kind = kind
        self.name = name
        self.logicalID = logicalID
        self.properties = properties
        self.range = range
    }
}

/// How a document was recognised.
public enum DocumentFormat: String, Sendable {
    /// `register-task-definition` input.
    case ecsTaskDefinition = "ecs-task-definition"
    /// `describe-task-definition` output (`{"taskDefinition": …}`).
    case ecsTaskDefinitionDescribe = "ecs-task-definition-describe"
    /// A bare `containerDefinitions` array.
    case ecsContainerDefinitions = "ecs-container-definitions"
    /// `create-service` input or `create-service`/`describe-services` output.
    case ecsService = "ecs-service"
    /// `create-cluster` input or `create-cluster`/`describe-clusters` output.
    case ecsCluster = "ecs-cluster"
    /// A CodeDeploy `appspec.yaml`/`.json` for an ECS blue/green deployment.
    case codeDeployAppSpec = "codedeploy-appspec"
    case cloudFormation = "cloudformation"

    public var isCloudFormation: Bool { self == .cloudFormation }
}

/// One recognised document of a file, with its resources in canonical form.
public struct Document: Sendable {
    public let format: DocumentFormat
    public let root: Node
    public let resources: [Resource]
    /// CloudFormation parameter logical IDs (so a `Ref` can be told apart from a resource).
    public let parameters: Set<String>
    /// `Metadata.ecs-lint` blocks of the template and its resources.
    public let embeddedSuppressions: [EmbeddedSuppressions]
    /// Every `Ref`, `Fn::GetAtt` and `Fn::Sub` of a CloudFormation template, wherever it is, and
    /// what the template defines for them to name.
    public let templateReferences: TemplateReferences?

    public init(format: DocumentFormat, root: Node, resources: [Resource], parameters: Set<String> = [],
                embeddedSuppressions: [EmbeddedSuppressions] = [], templateReferences: TemplateReferences? = nil) {
        self.format = format
        self.root = root
        self.resources = resources
        self.parameters = parameters
        self.embeddedSuppressions = embeddedSuppressions
        self.templateReferences = templateReferences
    }

    public func resource(logicalID: String) -> Resource? {
        resources.first { $0.logicalID == logicalID }
    }
}

/// `Metadata: {ecs-lint: {ignore: [...]}}` on a CloudFormation resource or on the template. The
/// data survives YAML ↔ JSON conversion, unlike comments. The engine reads the `ecs-lint` node.
public struct EmbeddedSuppressions: Sendable {
    /// The source the suppressions cover: the resource, or the whole template.
    public let scope: SourceRange
    /// The resource's logical ID; nil for the template's own Metadata.
    public let resource: String?
    /// The `ecs-lint` node as written.
    public let node: Node

    public init(scope: SourceRange, resource: String?, node: Node) {
        self.scope = scope
        self.resource = resource
        self.node = node
    }
}

/// The references a CloudFormation template makes and the names it defines (all resources, of
/// any type, and parameters).
public struct TemplateReferences: Sendable {
    public struct Use: Sendable {
        public let reference: Reference
        /// `Ref`, `Fn::GetAtt` or `Fn::Sub`.
        public let function: String
        /// The name as written (the `Ref` argument, the `Fn::Sub` template).
        public let range: SourceRange

        public init(reference: Reference, function: String, range: SourceRange) {
            self.reference = reference
            self.function = function
            self.range = range
        }
    }

    public let uses: [Use]
    public let resourceIDs: Set<String>
    public let parameters: Set<String>
    /// A `Transform` (SAM, macros, language extensions) adds names the template does not show.
    public let transformed: Bool

    public init(uses: [Use], resourceIDs: Set<String>, parameters: Set<String>, transformed: Bool) {
        self.uses = uses
        self.resourceIDs = resourceIDs
        self.parameters = parameters
        self.transformed = transformed
    }
}
