import Synchronization
import ECSLintModel
import ECSLintSyntax

/// How the Terraform loader reads the files around the one it loads: the other `.tf` files of
/// its module (for locals, variables and policy documents) and the files `file()` and
/// `templatefile()` read. The engine gives the disk; tests give files in memory.
public protocol TerraformFiles: Sendable {
    /// The names of the files in a directory (`""` is the current one); `read` refuses those
    /// that are not regular files.
    func names(in directory: String) -> [String]
    /// A file's bytes (size-bounded), or nil when it cannot be read.
    func read(_ path: String) -> SourceFile?
}

/// Files given in memory by path; nothing else exists.
public struct InMemoryTerraformFiles: TerraformFiles {
    private let files: [String: SourceFile]

    public init(_ sources: [SourceFile]) {
        files = Dictionary(sources.map { (TerraformPath.normalized($0.path), $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func names(in directory: String) -> [String] {
        let directory = TerraformPath.normalized(directory)
        return files.keys.filter { TerraformPath.directory(of: $0) == directory }.map { String($0.split(separator: "/").last ?? "") }
    }

    public func read(_ path: String) -> SourceFile? { files[TerraformPath.normalized(path)] }
}

/// One directory's `.tf` files, parsed once per run and shared by every file of it that is
/// loaded: what a module defines for its expressions to use.
public final class TerraformModule: Sendable {
    public let directory: String
    let files: TerraformFiles
    /// The module's files by path (a file that does not parse is left out: its own load
    /// reports it).
    let parsed: [String: (source: SourceFile, file: HCLFile)]
    let variables: [String: Definition]
    let locals: [String: Definition]
    /// `data "aws_iam_policy_document" "name"` blocks.
    let policyDocuments: [String: (block: HCLBlock, path: String)]
    /// Values `terraform.tfvars` / `*.auto.tfvars` give variables (Terraform reads those files
    /// by itself in a root module).
    let variableFiles: [String: Definition]
    /// Variables a JSON variable file sets (not evaluated).
    let assignedInJSON: Set<String>
    /// The variables' declared types: `.some(nil)` for a type ecs-lint does not model (its
    /// values are then unknown).
    let variableTypes: [String: TerraformTypes.Spec?]
    /// What the module's override files (`override.tf`, `*_override.tf`) set: `var.x`, `local.y`,
    /// and per resource address the arguments and blocks. Terraform merges them into the
    /// definitions after every other file; ecs-lint does not merge, so all of it is unknown.
    let overridden: Set<String>
    let overriddenArguments: [String: Set<String>]

    /// Terraform's override files, merged into other files' blocks rather than read as their own.
    public static func isOverrideFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == "override.tf" || name.hasSuffix("_override.tf")
    }

    /// An expression and the file it is written in.
    struct Definition: Sendable {
        let expression: HCLExpression
        let path: String
        /// Where the name is written (the `variable` block, the local's attribute).
        let range: SourceRange
    }

    init(directory: String, files: TerraformFiles, limits: ParseLimits) {
        self.directory = directory
        self.files = files
        var parsed: [String: (source: SourceFile, file: HCLFile)] = [:]
        var variables: [String: Definition] = [:]
        var locals: [String: Definition] = [:]
        var documents: [String: (block: HCLBlock, path: String)] = [:]
        var types: [String: TerraformTypes.Spec?] = [:]
        var overridden = Set<String>()
        var overriddenArguments: [String: Set<String>] = [:]
        let names = files.names(in: directory).sorted()
        for name in names where name.hasSuffix(".tf") {
            let path = TerraformPath.joined(directory, name)
            guard let source = files.read(path), InputCheck.validate(source.bytes, limits: limits) == nil,
                  let file = try? HCLParser.parseFile(source, limits: limits) else { continue }
            if Self.isOverrideFile(name) {
                for block in file.body.blocks {
                    switch (block.type, block.labels.count) {
                    case ("variable", 1): overridden.insert("var." + block.labels[0].text)
                    case ("locals", 0): overridden.formUnion(block.body.attributes.map { "local." + $0.name })
                    case ("resource", 2):
                        overriddenArguments["\(block.labels[0].text).\(block.labels[1].text)", default: []]
                            .formUnion(block.body.items.map { item in
                                switch item {
                                case .attribute(let attribute): attribute.name
                                case .block(let inner): inner.type == "dynamic" ? (inner.labels.first?.text ?? "") : inner.type
                                }
                            })
                    case ("data", 2) where block.labels[0].text == "aws_iam_policy_document":
                        overridden.insert("data." + block.labels[1].text)
                    default: break
                    }
                }
                continue
            }
            parsed[path] = (source, file)
            Self.collect(file, path: path, variables: &variables, locals: &locals, documents: &documents, types: &types)
        }
        var assigned: [String: Definition] = [:]
        var assignedInJSON: Set<String> = []
        // Terraform reads these in this order, later files winning. JSON variable files are not
        // evaluated: what they set is unknown.
        for name in names where name == "terraform.tfvars.json" || name.hasSuffix(".auto.tfvars.json") {
            if let source = files.read(TerraformPath.joined(directory, name)), let parsed = try? JSONParser.parse(source, limits: limits) {
                assignedInJSON.formUnion(parsed.documents.first?.entries?.compactMap(\.key.text) ?? [])
            }
        }
        for name in ["terraform.tfvars"] + names.filter({ $0.hasSuffix(".auto.tfvars") }) where names.contains(name) {
            let path = TerraformPath.joined(directory, name)
            guard let source = files.read(path), InputCheck.validate(source.bytes, limits: limits) == nil,
                  let file = try? HCLParser.parseFile(source, limits: limits) else { continue }
            parsed[path] = (source, file)
            for attribute in file.body.attributes {
                assigned[attribute.name] = Definition(expression: attribute.value, path: path, range: attribute.range)
            }
        }
        self.parsed = parsed
        self.variables = variables
        self.locals = locals
        self.policyDocuments = documents
        self.variableFiles = assigned
        self.assignedInJSON = assignedInJSON
        variableTypes = types
        self.overridden = overridden
        self.overriddenArguments = overriddenArguments
    }

    /// The same module with `path` read as the linter has it (standard input, a file changed
    /// in memory, a file the provider cannot list): its definitions replace the disk's.
    init(_ module: TerraformModule, with source: SourceFile, file: HCLFile, at path: String) {
        directory = module.directory
        files = module.files
        var parsed = module.parsed
        parsed[path] = (source, file)
        var variables = module.variables.filter { $0.value.path != path }
        var locals = module.locals.filter { $0.value.path != path }
        var documents = module.policyDocuments.filter { $0.value.path != path }
        var types = module.variableTypes
        Self.collect(file, path: path, variables: &variables, locals: &locals, documents: &documents, types: &types)
        self.parsed = parsed
        self.variables = variables
        self.locals = locals
        policyDocuments = documents
        variableFiles = module.variableFiles
        assignedInJSON = module.assignedInJSON
        variableTypes = types
        overridden = module.overridden
        overriddenArguments = module.overriddenArguments
    }

    /// What one `.tf` file defines for the module's expressions.
    private static func collect(_ file: HCLFile, path: String, variables: inout [String: Definition], locals: inout [String: Definition],
                                documents: inout [String: (block: HCLBlock, path: String)], types: inout [String: TerraformTypes.Spec?]) {
        for block in file.body.blocks {
            switch (block.type, block.labels.count) {
            case ("variable", 1):
                if let type = block.body[attribute: "type"] { types[block.labels[0].text] = .some(TerraformTypes.spec(type.value)) }
                if let value = block.body[attribute: "default"] {
                    variables[block.labels[0].text] = Definition(expression: value.value, path: path, range: block.range)
                }
            case ("locals", 0):
                for attribute in block.body.attributes {
                    locals[attribute.name] = Definition(expression: attribute.value, path: path, range: attribute.range)
                }
            case ("data", 2) where block.labels[0].text == "aws_iam_policy_document":
                documents[block.labels[1].text] = (block, path)
            default:
                break
            }
        }
    }
}

/// The modules of one run, each read once however many of its files are loaded.
public final class TerraformModules: Sendable {
    public let files: TerraformFiles
    let limits: ParseLimits
    private let modules = Mutex<[String: TerraformModule]>([:])

    public init(files: TerraformFiles, limits: ParseLimits = .default) {
        self.files = files
        self.limits = limits
    }

    /// The `.tf` files of a module (a directory, as `module(containing:)` names it) that hold
    /// resources, loaded (once per run): what its linted files' references may name when the
    /// other files are not linted themselves. Asked once per module, not per file: a module of
    /// 2,000 files would otherwise list 2,000 × 2,000 entries.
    /// Files whose normalized path `skipping` holds (the run lints them itself) are not loaded.
    public func documents(inModule directory: String, skipping: Set<String> = []) -> [(path: String, source: SourceFile, document: Document)] {
        let module = module(inDirectory: directory)
        return module.parsed.keys.sorted().compactMap { other in
            guard other.hasSuffix(".tf"), !skipping.contains(other), let entry = module.parsed[other] else { return nil }
            let document: Document?
            if let cached = documents.withLock({ $0[other] }) {
                document = cached
            } else {
                let parsed = ParsedFile(source: entry.source, documents: [], duplicateKeys: [], hcl: entry.file)
                document = TerraformLoader.load(parsed, modules: self).flatMap { $0.resources.isEmpty ? nil : $0 }
                documents.withLock { $0[other] = .some(document) }
            }
            return document.map { (other, entry.source, $0) }
        }
    }

    private let documents = Mutex<[String: Document?]>([:])

    /// The module of a `.tf` file: its directory.
    public func module(containing path: String) -> TerraformModule {
        module(inDirectory: moduleDirectory(of: path))
    }

    /// The directory that names the module of a `.tf` file.
    public func moduleDirectory(of path: String) -> String {
        TerraformPath.directory(of: TerraformPath.normalized(path))
    }

    private func module(inDirectory directory: String) -> TerraformModule {
        if let module = modules.withLock({ $0[directory] }) { return module }
        // Read outside the lock; two threads may both read a directory, and one result is kept.
        let module = TerraformModule(directory: directory, files: files, limits: limits)
        return modules.withLock { cache in
            if let existing = cache[directory] { return existing }
            cache[directory] = module
            return module
        }
    }
}

/// `/`-separated paths as Terraform writes them (`${path.module}/containers.json`).
public enum TerraformPath {
    /// The directory part (`""` for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func joined(_ directory: String, _ path: String) -> String {
        if path.hasPrefix("/") || directory.isEmpty { return normalized(path) }
        return normalized(directory + "/" + path)
    }

    /// `a/./b/../c` → `a/c`; a leading `..` is kept (it leaves the known tree).
    public static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == "..", absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : joined
    }

    /// `target` written relative to `directory` (both normalized the same way).
    public static func relative(_ target: String, from directory: String) -> String {
        let from = directory.split(separator: "/").map(String.init)
        let to = target.split(separator: "/").map(String.init)
        guard target.hasPrefix("/") == directory.hasPrefix("/") || directory.isEmpty else { return target }
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...]).joined(separator: "/")
    }
}
