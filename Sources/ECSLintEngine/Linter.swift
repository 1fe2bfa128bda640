import Dispatch
import Synchronization
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// The result of linting one file.
public struct FileReport: Sendable {
    public enum Status: Sendable, Equatable {
        /// Recognised and checked.
        case linted
        /// Not an ECS/CloudFormation document; the reason is shown with `-v`.
        case skipped(String)
        /// Could not be parsed (ECS001) or hit an input limit (ECS012).
        case failed
        /// Not a linted file: findings about the configuration file's own suppressions.
        case configuration
    }

    public let path: String
    public let status: Status
    public internal(set) var diagnostics: [Diagnostic]
    /// Warnings about rules that could not decide something in this file (`RuleContext.note`).
    public internal(set) var notes: [String] = []
    /// The path relative to the project root that fingerprints and config globs use.
    public let projectPath: String
    /// Config `suppressions:` whose path covers this file (by index), and per entry and named
    /// rule: which rules run for this file (so can be judged) and which suppressed something.
    var coveredBy: Set<Int> = []
    var judgeableConfigRules: Set<ConfigRuleKey> = []
    var usedConfigRules: Set<ConfigRuleKey> = []

    public init(path: String, status: Status, diagnostics: [Diagnostic], projectPath: String? = nil) {
        self.path = path
        self.status = status
        self.diagnostics = diagnostics
        self.projectPath = projectPath ?? path
    }

    /// Gives every finding its fingerprint, once the file's project path is known.
    mutating func fingerprintFindings() {
        for index in diagnostics.indices {
            diagnostics[index].fingerprint = Fingerprint.compute(rule: diagnostics[index].code, projectPath: projectPath,
                                                                 location: diagnostics[index].location)
        }
    }
}

/// One rule named by one config `suppressions:` entry.
struct ConfigRuleKey: Hashable, Sendable {
    let entry: Int
    let rule: Int
}

/// Settings of one run that are not part of the configuration file.
public struct LintOptions: Sendable {
    /// Apply `# ecs-lint:` comments and CloudFormation Metadata (off for audits).
    public var inlineSuppressions = true
    /// `YYYY-MM-DD`, for suppressions that expire; empty means none has expired.
    public var today = ""
    public var limits = ParseLimits.default
    /// Where a run over `LintInput`s reads the rest of a Terraform module (the `.tf` files
    /// beside a linted one, what `file()` reads); nil: the disk.
    public var terraformFiles: (any TerraformFiles)?

    public init(inlineSuppressions: Bool = true, today: String = "", limits: ParseLimits = .default, terraformFiles: (any TerraformFiles)? = nil) {
        self.inlineSuppressions = inlineSuppressions
        self.today = today
        self.limits = limits
        self.terraformFiles = terraformFiles
    }
}

/// Runs the pipeline bytes → syntax → loaders → model → rules for each file.
public final class Linter: Sendable {
    public let catalog: RuleCatalog
    public let configuration: Configuration
    public let options: LintOptions
    public var limits: ParseLimits { options.limits }
    /// The severity each running rule has after `select`, `ignore` and `severity`.
    public let severities: [String: Severity]
    private let rulesByCode: [String: RuleDescription]
    private let resourceRules: [Resource.Kind: [(RuleDescription, Severity, any Rule)]]
    private let fileRules: [(RuleDescription, Severity, any Rule)]

    public static let parseErrorCode = "ECS001"
    public static let inputLimitCode = "ECS012"
    public static let unusedSuppressionCode = "ECS008"
    public static let suppressionWithoutReasonCode = "ECS009"

    public struct SetupError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// - Parameter implementations: the Swift rule types, looked up by the YAML `implementation:` name.
    public init(catalog: RuleCatalog, implementations: [any Rule.Type], configuration: Configuration = Configuration(),
                options: LintOptions = LintOptions()) throws {
        self.catalog = catalog
        self.configuration = configuration
        self.options = options
        var byName: [String: any Rule.Type] = [:]
        // `_typeName`, not `String(describing:)`: describing a metatype makes the runtime search
        // every protocol-conformance record for CustomStringConvertible, a millisecond per rule.
        for type in implementations { byName[_typeName(type, qualified: false)] = type }
        byName[RuleDescription.declarativeImplementation] = DeclarativeRule.self
        var severities: [String: Severity] = [:]
        var resourceRules: [Resource.Kind: [(RuleDescription, Severity, any Rule)]] = [:]
        var fileRules: [(RuleDescription, Severity, any Rule)] = []
        for description in catalog.rules {
            let severity = configuration.severity(for: description)
            if let severity { severities[description.code] = severity }
            guard description.implementation != RuleDescription.pipelineImplementation else { continue }
            guard let type = byName[description.implementation] else {
                throw SetupError(message: "\(description.sourcePath): implementation \(description.implementation) does not exist")
            }
            guard let severity else { continue }
            var check: PolicyCheck?
            if let node = description.check {
                do {
                    check = try PolicyParser.parse(node) { catalog.data($0) }
                } catch {
                    throw SetupError(message: "\(description.sourcePath): invalid check: \(error.message)")
                }
            }
            let setup = RuleSetup(description: description, data: description.data.flatMap { catalog.data($0) },
                                  parameters: configuration.ruleParameters[description.code] ?? [:], check: check,
                                  table: { catalog.data($0) })
            let entry = (description, severity, try type.init(setup: setup))
            for scope in description.scope {
                switch scope {
                case .file: fileRules.append(entry)
                case .taskDefinition: resourceRules[.taskDefinition, default: []].append(entry)
                case .service: resourceRules[.service, default: []].append(entry)
                case .cluster: resourceRules[.cluster, default: []].append(entry)
                case .iamRole: resourceRules[.iamRole, default: []].append(entry)
                case .iamPolicy: resourceRules[.iamPolicy, default: []].append(entry)
                case .appSpec: resourceRules[.appSpec, default: []].append(entry)
                }
            }
        }
        self.severities = severities
        self.rulesByCode = Dictionary(catalog.rules.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.resourceRules = resourceRules
        self.fileRules = fileRules
    }

    /// Lints one file on its own (links to other files are unknown). `displayPath` is how
    /// findings name it; `projectPath` (relative to the project root) is what fingerprints and
    /// config globs see.
    public func lint(_ source: SourceFile, displayPath: String? = nil, projectPath: String? = nil, limits: ParseLimits? = nil) -> FileReport {
        let displayPath = displayPath ?? source.path
        let terraform = TerraformModules(files: InMemoryTerraformFiles([source]), limits: limits ?? self.limits)
        switch load(source, displayPath: displayPath, projectPath: projectPath ?? displayPath, limits: limits ?? self.limits, terraform: terraform) {
        case .finished(let report):
            return report
        case .loaded(let file):
            return check(file, in: Self.workspace(of: [.loaded(file)]))
        }
    }

    /// Lints files that belong together (a service and its task definition, an AppSpec and its
    /// `taskdef.json`), in memory, as one run; without the configuration-wide passes.
    /// Terraform modules are made of the given files only.
    public func lint(_ sources: [SourceFile], limits: ParseLimits? = nil) -> [FileReport] {
        let terraform = TerraformModules(files: InMemoryTerraformFiles(sources), limits: limits ?? self.limits)
        let loaded = Self.withoutFilesReadByTerraform(sources.map {
            load($0, displayPath: $0.path, projectPath: $0.path, limits: limits ?? self.limits, terraform: terraform)
        })
        let workspace = Self.workspace(of: loaded)
        return loaded.map { outcome in
            switch outcome {
            case .finished(let report): return report
            case .loaded(let file): return check(file, in: workspace)
            }
        }
    }

    /// A file that parsed and holds something ecs-lint understands, waiting for its rules.
    struct LoadedFile: Sendable {
        let parsed: ParsedFile
        let documents: [Document]
        let displayPath: String
        let projectPath: String
        /// For a `.tf` file: its module, whose other files' resources its references may name (a
        /// pre-commit run on `main.tf` still follows `aws_iam_role.exec` into `iam.tf`).
        var terraformModule: TerraformModuleOfFile?

        var workspaceFile: Workspace.File { Workspace.File(path: displayPath, source: parsed.source, documents: documents) }
    }

    /// Where a loaded `.tf` file's module is read, and how its files are shown.
    struct TerraformModuleOfFile: Sendable {
        let modules: TerraformModules
        /// The module's directory as `TerraformModules` names it.
        let directory: String
        /// The directory part of the file's display path, for the other files of the module.
        let displayDirectory: String
    }

    enum LoadOutcome: Sendable {
        /// Skipped or failed: nothing for the rules.
        case finished(FileReport)
        case loaded(LoadedFile)
    }

    /// The first half of the pipeline: syntax and loaders. `terraform` reads the module of a
    /// `.tf` file (its other files, what `file()` reads); without it the file is read alone.
    func load(_ source: SourceFile, displayPath: String, projectPath: String, limits: ParseLimits, terraform: TerraformModules? = nil) -> LoadOutcome {
        if let reason = SyntaxKind.unsupportedReason(path: source.path) {
            return .finished(FileReport(path: displayPath, status: .skipped(reason), diagnostics: [], projectPath: projectPath))
        }
        let parsed: ParsedFile
        do {
            parsed = try SyntaxKind.parse(source, limits: limits)
        } catch {
            // A file named like something else (README.md) that is not JSON/YAML is not ours.
            if error.kind == .syntax, let pathExtension = SyntaxKind.pathExtension(source.path),
               !SyntaxKind.dataExtensions.contains(pathExtension) {
                return .finished(FileReport(path: displayPath, status: .skipped("not JSON or YAML"), diagnostics: [], projectPath: projectPath))
            }
            let code = error.kind == .limit ? Self.inputLimitCode : Self.parseErrorCode
            // Positions must use the line breaks of the parser that failed.
            let positioned = SyntaxKind.detect(path: source.path, bytes: source.bytes) == .yaml ? source.withLineBreaks(.yaml) : source
            var report = FileReport(path: displayPath, status: .failed,
                                    diagnostics: [pipelineDiagnostic(code, error.message, at: error.offset, in: positioned, displayPath: displayPath)],
                                    projectPath: projectPath)
            report.fingerprintFindings()
            return .finished(report)
        }
        switch Loader.load(parsed, terraform: terraform) {
        case .skipped(let reason):
            return .finished(FileReport(path: displayPath, status: .skipped(reason), diagnostics: [], projectPath: projectPath))
        case .loaded(let documents):
            var file = LoadedFile(parsed: parsed, documents: documents, displayPath: displayPath, projectPath: projectPath)
            if parsed.hcl != nil, let terraform {
                file.terraformModule = TerraformModuleOfFile(modules: terraform, directory: terraform.moduleDirectory(of: source.path),
                                                             displayDirectory: TerraformPath.directory(of: displayPath))
            }
            return .loaded(file)
        }
    }

    /// The second half: rules (with the run's workspace), suppressions, fingerprints.
    func check(_ file: LoadedFile, in workspace: Workspace) -> FileReport {
        let context = RuleContext(source: file.parsed.source, displayPath: file.displayPath, parsed: file.parsed,
                                  documents: file.documents, workspace: workspace)
        context.maxFindingsKeptPerRule = configuration.maxFindingsPerRule.multipliedReportingOverflow(by: 10).overflow
            ? Int.max : configuration.maxFindingsPerRule * 10
        for (description, severity, rule) in fileRules {
            context.description = description
            context.severity = severity
            rule.checkFile(context)
        }
        for document in file.documents {
            context.document = document
            for resource in document.resources {
                for (description, severity, rule) in resourceRules[resource.kind] ?? [] {
                    context.description = description
                    context.severity = severity
                    rule.check(resource, in: context)
                }
            }
        }
        var report = FileReport(path: file.displayPath, status: .linted, diagnostics: context.diagnostics, projectPath: file.projectPath)
        report.notes = context.notes
        SuppressionPass(linter: self, parsed: file.parsed, documents: file.documents, projectPath: file.projectPath).apply(to: &report)
        report.diagnostics = Self.listed(report.diagnostics, limit: configuration.maxFindingsPerRule, overflow: context.overflow)
        report.fingerprintFindings()
        return report
    }

    /// At most `limit` findings of each rule that are not suppressed; the rest of them (and
    /// those never kept, `overflow`) become one finding of the rule at the first left out, with
    /// their highest severity, saying how many. The cap comes after suppressions, so that a
    /// comment on one finding hides that finding only, and the summary's location names the
    /// count, so that a baseline holds it only while the count stays the same (a new problem
    /// past the cap makes it a new finding). Suppressed findings stay, for `--show-suppressed`.
    static func listed(_ diagnostics: [Diagnostic], limit: Int,
                       overflow: [String: LeftOutFindings]) -> [Diagnostic] {
        var active: [String: Int] = [:]
        for diagnostic in diagnostics where diagnostic.suppression == nil { active[diagnostic.code, default: 0] += 1 }
        guard !overflow.isEmpty || active.values.contains(where: { $0 > limit }) else { return diagnostics }
        var listed: [String: Int] = [:]
        var leftOut: [String: LeftOutFindings] = [:]
        var kept: [Diagnostic] = []
        for diagnostic in diagnostics {
            guard diagnostic.suppression == nil else { kept.append(diagnostic); continue }
            let count = listed[diagnostic.code, default: 0]
            if count < limit {
                listed[diagnostic.code] = count + 1
                kept.append(diagnostic)
            } else if let seen = leftOut[diagnostic.code] {
                leftOut[diagnostic.code] = (seen.first, seen.count + 1, max(seen.severity, diagnostic.severity))
            } else {
                leftOut[diagnostic.code] = (diagnostic, 1, diagnostic.severity)
            }
        }
        for (code, extra) in overflow {
            if let seen = leftOut[code] {
                leftOut[code] = (seen.first, seen.count + extra.count, max(seen.severity, extra.severity))
            } else {
                leftOut[code] = extra
            }
        }
        for (code, summary) in leftOut.sorted(by: { $0.key < $1.key }) {
            let first = summary.first, count = summary.count
            kept.append(Diagnostic(
                code: code, name: first.name, severity: summary.severity,
                message: "\(count) more \(code) finding\(count == 1 ? "" : "s") in this file not listed: at most \(limit) are reported per rule and file (limits.max-findings-per-rule); the first one left out: \(first.message)",
                file: first.file, range: first.range, start: first.start, end: first.end,
                logicalPath: first.logicalPath, resource: first.resource,
                location: LogicalLocation(resource: first.location.resource,
                                          segments: first.location.segments + [.member("(\(count) more not listed)")])))
        }
        return kept
    }

    /// The rules `per-file-ignores` turns off for a file.
    func isIgnored(_ code: String, forPath projectPath: String) -> Bool {
        guard let rule = rulesByCode[code] else { return false }
        return configuration.ignoredRules(forPath: projectPath).contains { $0.matches(rule) }
    }

    func rule(_ code: String) -> RuleDescription? { rulesByCode[code] }

    /// Lints the files of a run in parallel: first every file is parsed and loaded, then the
    /// rules run on each with the whole run's `Workspace`, so that a service in one file is
    /// checked against its task definition in another.
    public func lint(_ inputs: [LintInput]) -> [FileReport] {
        let outcomes = load(inputs)
        return finishRun(check(outcomes, in: Self.workspace(of: outcomes)))
    }

    /// Reads, parses and loads every input (in parallel).
    func load(_ inputs: [LintInput]) -> [LoadOutcome] {
        let loaded = ResultSlots<LoadOutcome>(count: inputs.count)
        let terraform = TerraformModules(files: options.terraformFiles ?? DiskTerraformFiles(maxBytes: limits.maxFileSize), limits: limits)
        @Sendable func loadInput(at index: Int) {
            let input = inputs[index]
            switch input.read() {
            case .success(let source):
                loaded.set(index, load(source, displayPath: input.displayPath, projectPath: input.projectPath, limits: limits, terraform: terraform))
            case .failure(let error):
                let empty = SourceFile(path: input.displayPath, bytes: [])
                var failed = FileReport(path: input.displayPath, status: .failed, diagnostics: [
                    pipelineDiagnostic(error.isLimit ? Self.inputLimitCode : Self.parseErrorCode, error.message, at: 0, in: empty,
                                       displayPath: input.displayPath),
                ], projectPath: input.projectPath)
                failed.fingerprintFindings()
                loaded.set(index, .finished(failed))
            }
        }
        Self.forEach(inputs.count, loadInput)
        return Self.withoutFilesReadByTerraform(loaded.values)
    }

    /// A file that a Terraform file of the run reads with `file()` (a task's container
    /// definitions) is linted as part of that resource, where its findings are reported with
    /// their place in the file; linted alone as well, each finding would be reported twice.
    static func withoutFilesReadByTerraform(_ outcomes: [LoadOutcome]) -> [LoadOutcome] {
        var readBy: [String: String] = [:]
        for case .loaded(let file) in outcomes {
            for document in file.documents {
                for attachment in document.attachments where attachment.kind == .fileFunction {
                    let key = FileReading.identity(attachment.source.path)
                    readBy[key] = readBy[key] ?? file.displayPath
                }
            }
        }
        guard !readBy.isEmpty else { return outcomes }
        return outcomes.map { outcome in
            guard case .loaded(let file) = outcome, file.parsed.hcl == nil,
                  let reader = readBy[FileReading.identity(file.parsed.source.path)] else { return outcome }
            return .finished(FileReport(path: file.displayPath, status: .skipped("read by \(reader) with file() or templatefile(); linted there"),
                                        diagnostics: [], projectPath: file.projectPath))
        }
    }

    /// The workspace of the files that loaded, with the other files of their Terraform modules
    /// that the run does not lint (links only: their resources are not checked).
    static func workspace(of outcomes: [LoadOutcome]) -> Workspace {
        Workspace(files: workspaceFiles(of: outcomes).compactMap { $0 } + moduleFiles(of: outcomes))
    }

    /// The loaded files' workspace files, by outcome (nil where nothing loaded).
    static func workspaceFiles(of outcomes: [LoadOutcome]) -> [Workspace.File?] {
        outcomes.map { if case .loaded(let file) = $0 { file.workspaceFile } else { nil } }
    }

    /// The Terraform module files the loaded files bring along, each once, less those the run
    /// lints itself.
    static func moduleFiles(of outcomes: [LoadOutcome]) -> [Workspace.File] {
        var seen = Set<String>()
        var modules: [TerraformModuleOfFile] = []
        var moduleDirectories = Set<String>()
        for case .loaded(let file) in outcomes {
            seen.insert(TerraformPath.normalized(file.parsed.source.path))
            if let module = file.terraformModule, moduleDirectories.insert(module.directory).inserted { modules.append(module) }
        }
        var files: [Workspace.File] = []
        for module in modules {
            for other in module.modules.documents(inModule: module.directory, skipping: seen)
            where seen.insert(TerraformPath.normalized(other.source.path)).inserted {
                let name = String(other.path.split(separator: "/").last ?? "")
                files.append(Workspace.File(path: TerraformPath.joined(module.displayDirectory, name), source: other.source, documents: [other.document]))
            }
        }
        return files
    }

    /// Runs the rules on every loaded file with `workspace` (in parallel).
    func check(_ outcomes: [LoadOutcome], in workspace: Workspace) -> [FileReport] {
        let results = ResultSlots<FileReport>(count: outcomes.count)
        Self.forEach(outcomes.count) { index in
            switch outcomes[index] {
            case .finished(let report): results.set(index, report)
            case .loaded(let file): results.set(index, check(file, in: workspace))
            }
        }
        return results.values
    }

    /// The passes that need the whole run: configuration suppressions that matched nothing.
    func finishRun(_ reports: [FileReport]) -> [FileReport] {
        var reports = reports
        if let configurationReport = ConfigSuppressionPass(linter: self).report(for: reports) {
            reports.append(configurationReport)
        }
        return reports
    }

    /// One file (the pre-commit case) is not worth starting Dispatch's worker threads for.
    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }

    /// A finding the pipeline itself makes (parse errors, suppression problems) at one offset.
    func pipelineDiagnostic(_ code: String, _ message: String, at offset: Int, in source: SourceFile, displayPath: String) -> Diagnostic {
        pipelineDiagnostic(code, message, at: source.position(of: offset), displayPath: displayPath)
    }

    /// Without a `location`, the finding is about the file as a whole (line numbers never go
    /// into fingerprints).
    func pipelineDiagnostic(_ code: String, _ message: String, at position: SourcePosition, displayPath: String,
                            location: LogicalLocation? = nil) -> Diagnostic {
        let description = rulesByCode[code]
        let severity = severities[code] ?? description?.severity ?? .error
        return Diagnostic(code: code, name: description?.name ?? code, severity: severity,
                          message: message, file: displayPath, range: .init(start: position.offset, end: position.offset),
                          start: position, end: position, logicalPath: nil, resource: nil,
                          location: location ?? LogicalLocation(resource: nil, segments: []))
    }
}

/// A file to lint: where to read it and how to name it in findings.
public struct LintInput: Sendable {
    public let displayPath: String
    /// Relative to the project root, `/`-separated: what fingerprints and config globs see.
    public let projectPath: String
    public let read: @Sendable () -> Result<SourceFile, ReadError>

    public struct ReadError: Error, Sendable {
        public let message: String
        /// A safety limit (ECS012) rather than a failure to read (ECS001).
        public let isLimit: Bool
        public init(_ message: String, isLimit: Bool = false) {
            self.message = message
            self.isLimit = isLimit
        }
    }

    /// A file on disk, read (up to `maxBytes`) only when the linter gets to it.
    public static func file(path: String, displayPath: String, projectPath: String, maxBytes: Int) -> LintInput {
        LintInput(displayPath: displayPath, projectPath: projectPath) {
            FileReading.contents(ofFile: path, maxBytes: maxBytes).map { SourceFile(path: path, bytes: $0) }
        }
    }

    public init(displayPath: String, projectPath: String? = nil, read: @escaping @Sendable () -> Result<SourceFile, ReadError>) {
        self.displayPath = displayPath
        self.projectPath = projectPath ?? displayPath
        self.read = read
    }
}

/// Fixed slots, each written once by one of `concurrentPerform`'s iterations and read after it
/// returns. Iterations write different slots, so they need no lock; `concurrentPerform`
/// returning orders every write before the reads (and ThreadSanitizer sees that edge, which it
/// cannot see through Synchronization.Mutex, docs/ROBUSTNESS.md).
final class ResultSlots<Element>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Element?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Element) { slots[index] = value }

    var values: [Element] { slots.map { $0! } }
}
