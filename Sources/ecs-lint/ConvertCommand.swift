import ArgumentParser
import ECSLintConvert
import ECSLintEngine
import ECSLintLoaders
import ECSLintRules
import ECSLintSyntax

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert ECS JSON, CloudFormation and Kubernetes-style resources to ECS JSON, CloudFormation, ACK objects or Kubernetes manifests.",
        discussion: """
        Formats (--to):
        \(ConversionFormat.allCases.map { "  \($0.rawValue): \($0.summary)" }.joined(separator: "\n"))

        Inputs are ECS task definition, service and cluster JSON (register, create and describe forms), \
        CloudFormation templates in JSON or YAML, and Kubernetes-style resources (ACK, Crossplane, ecs-kube, \
        project-planton); several inputs go into one CloudFormation template or one Kubernetes stream. From a template to a template, parameters, conditions, outputs, other resources and \
        Metadata (ecs-lint suppressions included) are kept and intrinsic functions survive (long form in JSON, \
        short form in YAML). Comments are not kept; '# ecs-lint:' suppressions are, as Metadata.ecs-lint or as \
        ACK annotations.

        Output: without -o, standard output (several Kubernetes workloads as one YAML stream; several ECS JSON \
        files need -o DIRECTORY). With -o, a file, or a directory when it is one, ends with '/', or several ECS JSON \
        files are written: <family>-taskdef.json, <serviceName>-service.json, <clusterName>-cluster.json, \
        template.json / template.yaml, <name>.yaml per Kubernetes workload. Files are written atomically.

        Fidelity: every conversion is checked by loading its output again. When the output cannot carry something \
        (an intrinsic function in ECS JSON, describe-only fields, ECS fields Kubernetes has no equivalent for), \
        convert lists each lost value with its file:line:column on standard error and writes nothing, unless \
        --allow-lossy is given. docs/convert.md has the mapping of every field.

        Fixing first: --fix applies the inputs' safe fixes (--unsafe-fixes: the unsafe ones too) in memory and \
        converts the fixed text; the inputs are not changed. 'ecs-lint --fix --to FORMAT …' is the same command.

        Exit status: 0 written; 1 not written because the conversion would lose values (see --allow-lossy); \
        2 usage error, an input that cannot be read, parsed, fixed or converted, or an internal error.
        """)

    @Option(name: .customLong("to"), help: ArgumentHelp("The format to write (Formats, above).", valueName: "format"))
    var format: ConversionFormat

    @Argument(help: "The files to convert.")
    var inputs: [String] = []

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file or directory instead of standard output ('-').", valueName: "path"))
    var output: String?

    @Flag(name: .customLong("allow-lossy"), help: "Write even when the output cannot carry every value; the losses are still listed on standard error.")
    var allowLossy = false

    @Flag(help: "Apply the inputs' safe fixes before converting (in memory; the inputs are not changed).")
    var fix = false

    @Flag(name: .customLong("unsafe-fixes"), help: "With --fix, apply unsafe fixes too.")
    var unsafeFixes = false

    @Option(name: .customLong("max-file-size"), help: ArgumentHelp("Inputs larger than this are refused, e.g. 8MiB (the default), 500kB or bytes.", valueName: "size"))
    var maxFileSize: String?

    func run() throws {
        do {
            try convert()
        } catch let error as UsageError {
            StandardStreams.writeError(error.description + "\n")
            throw ExitCode(2)
        }
    }

    private func convert() throws {
        guard !inputs.isEmpty else { throw UsageError(message: "convert: name at least one file to convert") }
        var limits = ParseLimits.default
        if let maxFileSize {
            switch ByteCount.fileSizeLimit(maxFileSize) {
            case .success(let size): limits.maxFileSize = size
            case .failure(let problem): throw UsageError(message: "--max-file-size '\(maxFileSize)' \(problem.message)")
            }
        }
        guard fix || !unsafeFixes else { throw UsageError(message: "convert: --unsafe-fixes needs --fix") }
        let fixing = fix ? try fixApplier(limits: limits) : nil
        // A .tf file is read with its module (variables, locals, the files file() reads).
        let terraform = TerraformModules(files: DiskTerraformFiles(maxBytes: limits.maxFileSize), limits: limits)
        var loaded: [ConversionInput] = []
        var problems: [String] = []
        for path in inputs {
            switch FileKind.of(path) {
            case .success(.directory):
                problems.append("\(path): is a directory; name the files to convert")
                continue
            case .success(let kind) where kind != .regularFile:
                // Opening a FIFO waits for a writer, and a device may never end.
                problems.append("\(path): \(kind.noun), not a regular file; convert reads files")
                continue
            default:
                break
            }
            switch FileReading.contents(ofFile: path, maxBytes: limits.maxFileSize) {
            case .failure(let error):
                problems.append("\(path): \(error.message)")
            case .success(let bytes):
                do {
                    var source = SourceFile(path: path, bytes: bytes)
                    if let fixing { source = try fixed(source, with: fixing, limits: limits) }
                    loaded.append(try ConversionInput.load(source, limits: limits, terraform: terraform))
                } catch let problem as FixingProblem {
                    problems.append(problem.message)
                } catch let error as ConversionInput.Problem {
                    problems.append(error.description)
                }
            }
        }
        guard problems.isEmpty else {
            for problem in problems { StandardStreams.writeError("ecs-lint: \(problem)\n") }
            throw ExitCode(2)
        }

        let conversion: Conversion
        do {
            conversion = try Converter.convert(loaded, to: format)
        } catch {
            StandardStreams.writeError("ecs-lint: \(error.isInternal ? "internal error: " : "")\(error.message)\n")
            throw ExitCode(2)
        }
        for note in conversion.notes { StandardStreams.writeError("note: \(note)\n") }
        for loss in conversion.losses { StandardStreams.writeError(loss.description + "\n") }
        if !conversion.isLossless {
            let count = conversion.losses.count
            let what = "\(count) value\(count == 1 ? " is" : "s are") not carried to \(format.rawValue) (listed above)"
            guard allowLossy else {
                StandardStreams.writeError("ecs-lint: nothing written: \(what); --allow-lossy writes the rest anyway\n")
                throw ExitCode(1)
            }
            StandardStreams.writeError("ecs-lint: \(what); written anyway (--allow-lossy)\n")
        }
        try write(conversion)
    }

    struct FixingProblem: Error { let message: String }

    /// The fix applier `ecs-lint --fix` would use: the project's configuration and rules.
    private func fixApplier(limits: ParseLimits) throws -> (applier: FixApplier, project: Project) {
        let project = try Project.load(configPath: nil, noConfig: false)
        let options = LintOptions(today: UTCDate.today(), limits: limits)
        let linter = try orInternalError { try Linter(catalog: project.catalog, implementations: BuiltinRules.implementations,
                                               configuration: project.configuration, options: options) }
        return (FixApplier(linter: linter, includeUnsafe: unsafeFixes), project)
    }

    /// The source with its fixes applied (as `ecs-lint --fix` would, with the project's
    /// configuration and suppressions for its path), or a problem when they cannot be applied.
    private func fixed(_ source: SourceFile, with fixing: (applier: FixApplier, project: Project), limits: ParseLimits) throws -> SourceFile {
        let result = fixing.applier.fix(source, projectPath: fixing.project.projectPath(of: source.path), limits: limits)
        if let problem = result.problems.first { throw FixingProblem(message: "\(source.path): \(problem)") }
        if !result.applied.isEmpty {
            let count = result.applied.count
            StandardStreams.writeError("ecs-lint: applied \(count) fix\(count == 1 ? "" : "es") to \(source.path) before converting (the file is unchanged)\n")
        }
        return SourceFile(path: source.path, bytes: result.fixed)
    }

    private func write(_ conversion: Conversion) throws {
        guard !conversion.files.isEmpty else {
            StandardStreams.writeError("ecs-lint: nothing to write: no input value could be carried\n")
            return
        }
        guard let output, output != "-" else {
            guard let text = conversion.combinedText else {
                throw UsageError(message: "convert: \(conversion.files.count) \(format.rawValue) files; give -o DIRECTORY to write them")
            }
            StandardStreams.writeOutput(text)
            return
        }
        var isDirectory = output.hasSuffix("/") || conversion.combinedText == nil
        switch FileKind.of(output) {
        case .success(.directory): isDirectory = true
        case .success: if isDirectory { throw UsageError(message: "\(output): not a directory; \(conversion.files.count) files need one") }
        case .failure: break
        }
        if isDirectory {
            for file in conversion.files { try write(file.text, to: PathString.join(output, file.name)) }
        } else {
            try write(conversion.combinedText ?? "", to: output)
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try AtomicFile.write(text, to: path)
        } catch {
            throw UsageError(message: "\(path): cannot write: \(error)")
        }
        StandardStreams.writeError("wrote \(path)\n")
    }
}

/// As `RawValueArgument`, which a type of another module cannot adopt (its witnesses must be public).
extension ConversionFormat: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    public var defaultValueDescription: String { rawValue }
}
