import ECSLintSyntax

/// One ECS or IAM resource in canonical form, whatever format it came from.
public struct Resource: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case taskDefinition, service, cluster, iamRole
        /// An IAM policy document with where it is attached: `AWS::IAM::Policy`,
        /// `AWS::IAM::ManagedPolicy`, `AWS::IAM::RolePolicy`, a standalone policy document,
        /// `get-role-policy` output, an ACK/Crossplane policy or role-policy attachment.
        case iamPolicy
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
    /// Set for Kubernetes-style resources: the object the resource comes from (several resources
    /// may come from one object: project-planton's `AwsEcsService` is a task definition and a
    /// service).
    public let object: KubernetesObject?

    public init(kind: Kind, name: String?, logicalID: String?, properties: Value, range: SourceRange, object: KubernetesObject? = nil) {
        self.kind = kind
        self.name = name
        self.logicalID = logicalID
        self.properties = properties
        self.range = range
        self.object = object
    }
}

/// The identity of a Kubernetes-style object: what other objects' references name.
public struct KubernetesObject: Sendable, Hashable {
    public let apiVersion: String
    public let kind: String
    public let name: String?
    public let namespace: String?

    public init(apiVersion: String, kind: String, name: String?, namespace: String?) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
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
    /// Standalone IAM JSON: a policy document, `aws iam get-role` / `get-role-policy` /
    /// `get-policy-version` / `get-account-authorization-details` output, `create-role` input.
    case iamJSON = "iam-json"
    /// AWS Controllers for Kubernetes (`ecs.services.k8s.aws`): `spec` is the API request with
    /// ACK's spelling of acronyms (`executionRoleARN`) and `…Ref` references.
    case ack = "ack"
    /// Crossplane's provider-aws (`ecs.aws.crossplane.io`): `spec.forProvider`, ACK's spelling.
    case crossplane = "crossplane"
    /// ecs-kube's `ECSDeployment` (`ecskube.ecskube`): `spec.Task.Properties` and `spec.Service`,
    /// read by Go's case-insensitive JSON decoding into the AWS SDK's types.
    case ecsKube = "ecs-kube"
    /// project-planton's `AwsEcsService` / `AwsEcsCluster` (`aws.project-planton.org`): a
    /// higher-level spec from which its modules create a task definition, service or cluster.
    case projectPlanton = "project-planton"
    /// A Terraform `.tf` file (HCL native syntax): `aws_ecs_*` and `aws_iam_*` resources, with
    /// what can be evaluated exactly (literals, `jsonencode`, `file`, locals, variable defaults).
    case terraform = "terraform"
    /// Terraform plan JSON (`terraform show -json`): the same resources as planned.
    case terraformPlan = "terraform-plan"

    /// A `.tf` file or a plan: the AWS provider's arguments.
    public var isTerraform: Bool { self == .terraform || self == .terraformPlan }

    public var isCloudFormation: Bool { self == .cloudFormation }

    /// Whether fixes may edit the text. Terraform values are often computed (`jsonencode`,
    /// JSON inside a quoted string, a file another file reads), so no edit is made there yet.
    public var allowsTextEdits: Bool { !isDerived && !isTerraform }

    /// Resources ecs-lint builds from a higher-level spec (project-planton) rather than reads
    /// as written: findings point at the spec value they come from, and no fix edits the text.
    public var isDerived: Bool { self == .projectPlanton }

    /// One of the Kubernetes-style formats (`apiVersion`, `kind`, `metadata`, `spec`).
    public var isKubernetes: Bool {
        switch self {
        case .ack, .crossplane, .ecsKube, .projectPlanton: return true
        default: return false
        }
    }
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
    /// Members of a derived format's spec that the format does not have (project-planton's
    /// modules would reject them); ECS003 reports them, since no resource holds them.
    public let unknownMembers: [UnknownMember]
    /// Other files whose text values of this document come from (a Terraform `file()`, a local
    /// in another `.tf` file of the module): their ranges are offset past this file's bytes.
    public let attachments: [SourceAttachment]

    public init(format: DocumentFormat, root: Node, resources: [Resource], parameters: Set<String> = [],
                embeddedSuppressions: [EmbeddedSuppressions] = [], templateReferences: TemplateReferences? = nil,
                unknownMembers: [UnknownMember] = [], attachments: [SourceAttachment] = []) {
        self.unknownMembers = unknownMembers
        self.attachments = attachments
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

    /// The attachment a range of this document lies in; nil for the document's own file.
    public func attachment(containing offset: Int) -> SourceAttachment? {
        guard let first = attachments.first, offset >= first.base else { return nil }
        return attachments.last { $0.base <= offset && offset <= $0.base + $0.source.bytes.count }
    }

    /// Where an offset is used in the document's own file: itself, or the place that brought in
    /// the attachment holding it (a finding in a `file()`-read JSON is "at" the `file()` call
    /// for suppression comments).
    public func anchor(of range: SourceRange) -> SourceRange {
        var range = range
        // Attachments only point back to earlier ones, so this ends.
        while let attachment = attachment(containing: range.start) { range = attachment.anchor }
        return range
    }
}

/// Another file whose text a document uses, placed after the document's own bytes: a value at
/// offset `base + n` is at byte `n` of `source`.
public struct SourceAttachment: Sendable {
    public enum Kind: Sendable {
        /// Read by Terraform's `file()` or `templatefile()`.
        case fileFunction
        /// Another `.tf` file of the module (a local, a variable's default, a policy document).
        case moduleFile
    }

    public let base: Int
    public let source: SourceFile
    /// The path relative to the directory of the document's file (`containers.json`,
    /// `../shared/task.json`), to name it in findings.
    public let relativePath: String
    /// What brings it in: the `file()` call, the `local.x` reference (a range of the document,
    /// or of an earlier attachment).
    public let anchor: SourceRange
    public let kind: Kind

    public init(base: Int, source: SourceFile, relativePath: String, anchor: SourceRange, kind: Kind) {
        self.base = base
        self.source = source
        self.relativePath = relativePath
        self.anchor = anchor
        self.kind = kind
    }
}

/// A member a spec does not have, with the names it does have (for a suggestion).
public struct UnknownMember: Sendable {
    public let name: String
    public let keyRange: SourceRange
    /// Where it is, e.g. `spec.container`.
    public let parent: String
    public let known: [String]

    public init(name: String, keyRange: SourceRange, parent: String, known: [String]) {
        self.name = name
        self.keyRange = keyRange
        self.parent = parent
        self.known = known
    }
}

/// Suppressions written as data, which survive YAML ↔ JSON conversion unlike comments:
/// `Metadata: {ecs-lint: {ignore: [...]}}` on a CloudFormation resource or on the template, or a
/// Kubernetes-style object's `metadata.annotations`. The engine reads the node.
public struct EmbeddedSuppressions: Sendable {
    public enum Form: Sendable {
        /// The CloudFormation `ecs-lint` Metadata node.
        case metadata
        /// A Kubernetes-style object's `metadata.annotations` mapping (`ecs-lint.io/ignore`,
        /// `ecs-lint.io/ignore-reason`, `ignore-check.ecs-lint.io/CODE`).
        case annotations
    }

    public let form: Form
    /// The source the suppressions cover: the resource, the object, or the whole template.
    public let scope: SourceRange
    /// The resource's logical ID or object name; nil for the template's own Metadata.
    public let resource: String?
    /// The node as written.
    public let node: Node

    public init(form: Form = .metadata, scope: SourceRange, resource: String?, node: Node) {
        self.form = form
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
