import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// One input file of a conversion: parsed and loaded.
public struct ConversionInput: Sendable {
    public let parsed: ParsedFile
    public let documents: [Document]
    public var source: SourceFile { parsed.source }

    public init(parsed: ParsedFile, documents: [Document]) {
        self.parsed = parsed
        self.documents = documents
    }

    /// Why a file cannot be converted: it does not parse, is not an ECS or CloudFormation
    /// document, or holds no task definition, service or cluster.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let path: String
        /// 1-based line and column, when the problem has a place.
        public let position: SourcePosition?
        public let message: String
        public var description: String {
            "\(path)\(position.map { ":\($0.line):\($0.column)" } ?? ""): \(message)"
        }
    }

    /// The resource kinds a conversion starts from; anything else in a file (IAM roles, target
    /// groups) is carried along by CloudFormation targets or reported as not carried.
    public static let convertibleKinds: Set<Resource.Kind> = [.taskDefinition, .service, .cluster]

    /// Parses and loads `source` (the linter's parsers, loaders and limits). `terraform` reads a
    /// `.tf` file's module; without it the file is read alone.
    public static func load(_ source: SourceFile, limits: ParseLimits = .default, terraform: TerraformModules? = nil) throws(Problem) -> ConversionInput {
        let parsed: ParsedFile
        do {
            parsed = try SyntaxKind.parse(source, limits: limits)
        } catch {
            let breaks: SourceFile.LineBreaks = SyntaxKind.detect(path: source.path, bytes: source.bytes) == .yaml ? .yaml : .json
            let position = source.withLineBreaks(breaks).position(of: error.offset)
            throw Problem(path: source.path, position: position, message: "does not parse: \(error.message)")
        }
        switch Loader.load(parsed, terraform: terraform) {
        case .skipped(let reason):
            throw Problem(path: source.path, position: nil, message: "nothing to convert: \(reason)")
        case .loaded(let documents):
            let input = ConversionInput(parsed: parsed, documents: documents)
            guard documents.contains(where: { $0.resources.contains { convertibleKinds.contains($0.kind) } }) else {
                let what = documents.contains { $0.format == .codeDeployAppSpec }
                    ? "a CodeDeploy AppSpec names a task definition but holds none (convert its taskdef.json)"
                    : "no ECS task definition, service or cluster in it"
                throw Problem(path: source.path, position: parsed.source.position(of: documents[0].root.range.start),
                              message: "nothing to convert: \(what)")
            }
            return input
        }
    }
}

/// What a conversion produced, and what it could not carry.
public struct Conversion: Sendable {
    public var files: [ConvertedFile]
    /// Every value of the inputs the outputs do not carry; empty when the conversion is lossless.
    public var losses: [Loss]
    /// What a reader should know that is not a loss (comments are not carried, names changed to
    /// fit the target's rules).
    public var notes: [String]

    public init(files: [ConvertedFile], losses: [Loss], notes: [String]) {
        self.files = files
        self.losses = losses
        self.notes = notes
    }

    public var isLossless: Bool { losses.isEmpty }

    /// All outputs as one text, for standard output or a single file: the only file, or YAML
    /// files as one multi-document stream. Nil for several JSON files (they need a directory).
    public var combinedText: String? {
        if files.count == 1 { return files[0].text }
        guard !files.isEmpty, files.allSatisfy({ $0.syntax == .yaml }) else { return nil }
        return files.map { $0.text.hasPrefix("---") ? $0.text : "---\n" + $0.text }.joined()
    }
}

/// One output file.
public struct ConvertedFile: Sendable {
    /// The file's name in an output directory.
    public let name: String
    public let text: String
    public let syntax: SyntaxKind
    /// What the file is, for loading it again; nil for formats the loaders do not read.
    public let format: DocumentFormat?
    /// The resources this file carries in the canonical model, for `FidelityCheck`.
    public let carried: [CarriedResource]

    public init(name: String, text: String, syntax: SyntaxKind, format: DocumentFormat? = nil, carried: [CarriedResource] = []) {
        self.name = name
        self.text = text
        self.syntax = syntax
        self.format = format
        self.carried = carried
    }
}

/// A resource written into an output file: loading the file again must give back its model
/// without the values that were not carried.
public struct CarriedResource: Sendable {
    public let resource: Resource
    /// Its logical ID in a CloudFormation output; nil when the file's resources (in all its
    /// documents) are the carried ones in order.
    public let logicalID: String?
    /// The values of the resource that the output does not carry (also listed as `Loss`es).
    public let lost: Set<ValueLocation>

    public init(resource: Resource, logicalID: String?, lost: Set<ValueLocation>) {
        self.resource = resource
        self.logicalID = logicalID
        self.lost = lost
    }

    /// What loading the output should give: the properties without what was not carried.
    public var expectedProperties: Value? { resource.properties.removing(lost) }
}

/// A value of an input that an output does not carry.
public struct Loss: Sendable, CustomStringConvertible {
    public let source: SourceFile
    public let range: SourceRange
    /// What it belongs to: `task definition web`, `service api`, `template`.
    public let subject: String
    /// Its logical path in the resource (`containerDefinitions[0].logConfiguration`), or its
    /// place in the template (`Parameters`, `Resources.Queue`); empty for a whole resource.
    public let path: String
    public let reason: String
    /// The files the input's values come from besides its own (a Terraform module's
    /// `variables.tf`, the JSON `file()` reads), to place a loss there.
    public var attachments: [SourceAttachment] = []

    public init(source: SourceFile, range: SourceRange, subject: String, path: String, reason: String) {
        self.source = source
        self.range = range
        self.subject = subject
        self.path = path
        self.reason = reason
    }

    /// `file:line:col: lost: subject path: reason`
    public var description: String {
        var file = source.path
        var position = source.position(of: range.start)
        if range.start > source.bytes.count, let attachment = attachments.last(where: { $0.base <= range.start }) {
            file = TerraformPath.joined(TerraformPath.directory(of: source.path), attachment.relativePath)
            position = attachment.source.position(of: range.start - attachment.base)
        }
        return "\(file):\(position.line):\(position.column): lost: \(subject)\(path.isEmpty ? "" : " \(path)"): \(reason)"
    }
}

/// A conversion that cannot be made at all (as opposed to one that loses values).
public struct ConversionError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// ecs-lint's fault (the output did not verify), not the inputs'.
    public let isInternal: Bool
    public init(_ message: String, isInternal: Bool = false) {
        self.message = message
        self.isInternal = isInternal
    }
    public var description: String { message }
}

/// Writes the canonical model of some inputs in one target format. Adding a format is one new
/// writer and one case of `ConversionFormat`.
public protocol ConversionWriter: Sendable {
    /// Never fails for a value it cannot carry (that is a `Loss`); fails only when the inputs
    /// cannot be combined into its output at all.
    func convert(_ inputs: [ConversionInput]) throws(ConversionError) -> Conversion
}

extension Resource.Kind {
    /// How messages name a resource of this kind.
    var displayName: String {
        switch self {
        case .taskDefinition: return "task definition"
        case .service: return "service"
        case .cluster: return "cluster"
        case .iamRole: return "IAM role"
        case .iamPolicy: return "IAM policy"
        case .appSpec: return "AppSpec service"
        case .targetGroup: return "target group"
        case .capacityProvider: return "capacity provider"
        case .clusterCapacityProviderAssociations: return "cluster capacity provider associations"
        }
    }
}

extension Resource {
    /// The name the resource gives itself (family, service or cluster name), else its logical ID.
    var ownName: String? {
        let key: String
        switch kind {
        case .taskDefinition: key = "family"
        case .service: key = "serviceName"
        case .cluster: key = "clusterName"
        default: return name
        }
        return properties[key]?.string ?? name
    }

    /// `task definition web`, `service Api` (the CloudFormation logical ID, else the name).
    var subject: String {
        guard let label = logicalID ?? name, !label.isEmpty else { return kind.displayName }
        return kind.displayName + " " + label
    }
}
