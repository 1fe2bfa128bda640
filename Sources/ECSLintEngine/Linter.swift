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
    }

    public let path: String
    public let status: Status
    public let diagnostics: [Diagnostic]
}

/// Runs the pipeline bytes → syntax → loaders → model → rules for each file.
public final class Linter: Sendable {
    public let catalog: RuleCatalog
    public let limits: ParseLimits
    private let resourceRules: [Resource.Kind: [(RuleDescription, Severity, any Rule)]]
    private let fileRules: [(RuleDescription, Severity, any Rule)]

    public static let parseErrorCode = "ECS001"
    public static let inputLimitCode = "ECS012"

    public struct SetupError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// - Parameter implementations: the Swift rule types, looked up by the YAML `implementation:` name.
    public init(catalog: RuleCatalog, implementations: [any Rule.Type], limits: ParseLimits = .default,
                enabled: (RuleDescription) -> Bool = { $0.severity != nil }) throws {
        self.catalog = catalog
        self.limits = limits
        var byName: [String: any Rule.Type] = [:]
        for type in implementations { byName[String(describing: type)] = type }
        var resourceRules: [Resource.Kind: [(RuleDescription, Severity, any Rule)]] = [:]
        var fileRules: [(RuleDescription, Severity, any Rule)] = []
        for description in catalog.rules where description.implementation != RuleDescription.pipelineImplementation {
            guard let type = byName[description.implementation] else {
                throw SetupError(message: "\(description.sourcePath): implementation \(description.implementation) does not exist")
            }
            guard enabled(description) else { continue }
            let rule = try type.init(setup: RuleSetup(description: description, data: description.data.flatMap { catalog.data[$0] }))
            let entry = (description, description.severity ?? .warning, rule)
            for scope in description.scope {
                switch scope {
                case .file: fileRules.append(entry)
                case .taskDefinition: resourceRules[.taskDefinition, default: []].append(entry)
                case .service: resourceRules[.service, default: []].append(entry)
                case .cluster: resourceRules[.cluster, default: []].append(entry)
                case .iamRole: resourceRules[.iamRole, default: []].append(entry)
                }
            }
        }
        self.resourceRules = resourceRules
        self.fileRules = fileRules
    }

    /// Lints one file. `displayPath` is how findings name it.
    public func lint(_ source: SourceFile, displayPath: String? = nil, limits: ParseLimits? = nil) -> FileReport {
        let displayPath = displayPath ?? source.path
        if let reason = SyntaxKind.unsupportedReason(path: source.path) {
            return FileReport(path: displayPath, status: .skipped(reason), diagnostics: [])
        }
        let parsed: ParsedFile
        do {
            parsed = try SyntaxKind.parse(source, limits: limits ?? self.limits)
        } catch {
            // A file named like something else (README.md) that is not JSON/YAML is not ours.
            if error.kind == .syntax, let pathExtension = SyntaxKind.pathExtension(source.path),
               !SyntaxKind.dataExtensions.contains(pathExtension) {
                return FileReport(path: displayPath, status: .skipped("not JSON or YAML"), diagnostics: [])
            }
            let code = error.kind == .limit ? Self.inputLimitCode : Self.parseErrorCode
            // Positions must use the line breaks of the parser that failed.
            let positioned = SyntaxKind.detect(path: source.path, bytes: source.bytes) == .yaml ? source.withLineBreaks(.yaml) : source
            return FileReport(path: displayPath, status: .failed,
                              diagnostics: [pipelineDiagnostic(code, error.message, at: error.offset, in: positioned, displayPath: displayPath)])
        }
        let documents: [Document]
        switch Loader.load(parsed) {
        case .skipped(let reason):
            return FileReport(path: displayPath, status: .skipped(reason), diagnostics: [])
        case .loaded(let loaded):
            documents = loaded
        }
        let context = RuleContext(source: parsed.source, displayPath: displayPath, parsed: parsed, documents: documents)
        for (description, severity, rule) in fileRules {
            context.description = description
            context.severity = severity
            rule.checkFile(context)
        }
        for document in documents {
            context.document = document
            for resource in document.resources {
                for (description, severity, rule) in resourceRules[resource.kind] ?? [] {
                    context.description = description
                    context.severity = severity
                    rule.check(resource, in: context)
                }
            }
        }
        return FileReport(path: displayPath, status: .linted, diagnostics: context.diagnostics)
    }

    /// Lints files in parallel (parsing and per-resource rules are independent per file).
    public func lint(_ inputs: [LintInput]) -> [FileReport] {
        let results = ResultSlots(count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            let input = inputs[index]
            let report: FileReport
            switch input.read() {
            case .success(let source):
                report = lint(source, displayPath: input.displayPath)
            case .failure(let error):
                let empty = SourceFile(path: input.displayPath, bytes: [])
                report = FileReport(path: input.displayPath, status: .failed, diagnostics: [
                    pipelineDiagnostic(Self.parseErrorCode, "cannot read file: \(error.message)", at: 0, in: empty, displayPath: input.displayPath),
                ])
            }
            results.set(index, report)
        }
        return results.values
    }

    private func pipelineDiagnostic(_ code: String, _ message: String, at offset: Int, in source: SourceFile, displayPath: String) -> Diagnostic {
        let description = catalog.rule(code)
        let position = source.position(of: offset)
        return Diagnostic(code: code, name: description?.name ?? code, severity: description?.severity ?? .error,
                          message: message, file: displayPath, range: .init(start: position.offset, end: position.offset),
                          start: position, end: position, logicalPath: nil, resource: nil)
    }
}

/// A file to lint: where to read it and how to name it in findings.
public struct LintInput: Sendable {
    public let displayPath: String
    public let read: @Sendable () -> Result<SourceFile, ReadError>

    public struct ReadError: Error, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    public init(displayPath: String, read: @escaping @Sendable () -> Result<SourceFile, ReadError>) {
        self.displayPath = displayPath
        self.read = read
    }
}

/// Fixed slots written once each from concurrent iterations.
private final class ResultSlots: Sendable {
    private let slots: Mutex<[FileReport?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    func set(_ index: Int, _ report: FileReport) { slots.withLock { $0[index] = report } }
    var values: [FileReport] { slots.withLock { $0.map { $0! } } }
}
