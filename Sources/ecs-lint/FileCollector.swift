import ECSLintEngine
import ECSLintLoaders
import ECSLintSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns command-line paths into lint inputs: files as given, directories searched recursively
/// (in a stable order, never following a symlink back into a directory already visited).
/// `exclude` prunes directories and files found by the walk; `include`, when set, limits what
/// the walk picks up. Files named explicitly are linted even when excluded, unless
/// `forceExclude` (the pre-commit hook passes every staged file by name).
struct FileCollector {
    /// Also Terraform's downloaded modules (`terraform init`, Terragrunt): other people's code,
    /// which would be linted as root modules with their defaults.
    static let skippedDirectories: Set<String> = [".git", ".build", "node_modules", ".terraform", ".terragrunt-cache"]
    let stdinFilename: String?
    let project: Project
    var include: [Glob] = []
    var exclude: [Glob] = []
    var forceExclude = false
    /// Files over this size are not read (ECS012).
    var maxFileSize = ParseLimits.default.maxFileSize
    /// Symbolic-link loops the walk could not follow: shown on standard error, since nothing else
    /// would say that a path went unchecked.
    private(set) var warnings: [String] = []
    /// Where this run writes its reports (`-o report.json`, `> report.json`): never linted, or a
    /// second run would lint the first one's report.
    var reportFiles: [FileIdentity: String] = [:]
    /// The walk stays inside these directories (links resolved): the project root and the
    /// directories named on the command line. A symbolic link out of them (to `/proc`, to `/`)
    /// is not followed.
    var walkRoots: [String] = []
    /// What the walk passed over and why: dangling links, links out of the project, the report
    /// file (shown with -v).
    private(set) var skippedLinks: [String] = []
    /// Where each input comes from, by index: standard input or the path of a file.
    private(set) var origins: [Origin] = []

    enum Origin: Equatable {
        case standardInput
        case file(String)
        /// A directory ecs-lint could not read (its input is a finding).
        case unreadableDirectory
    }

    mutating func collect(_ paths: [String]) throws -> [LintInput] {
        var inputs: [LintInput] = []
        var visited = Set<String>()
        for path in paths {
            if path == "-" {
                let name = stdinFilename ?? "-"
                let projectPath = stdinFilename.map(project.projectPath) ?? "-"
                if forceExclude, stdinFilename != nil, isExcluded(projectPath) { continue }
                let read = FileReading.contents(ofDescriptor: 0, maxBytes: maxFileSize)
                inputs.append(LintInput(displayPath: name, projectPath: projectPath) { read.map { SourceFile(path: name, bytes: $0) } })
                origins.append(.standardInput)
                continue
            }
            let kind: FileKind
            switch FileKind.of(path) {
            case .success(let found): kind = found
            case .failure(let error): throw UsageError(message: "\(path): \(error.description.lowercasedFirst)")
            }
            switch kind {
            case .directory:
                if forceExclude, isExcluded(project.projectPath(of: path)) { continue }
                walk(directory: path, display: path == "." ? "" : path, visited: &visited, into: &inputs)
            case .regularFile:
                let projectPath = project.projectPath(of: path)
                if forceExclude, isExcluded(projectPath) { continue }
                if let report = reportFile(path) {
                    skippedLinks.append("\(path): skipped: it is where this run writes its report (\(report))")
                    continue
                }
                inputs.append(.file(path: path, displayPath: path, projectPath: projectPath, maxBytes: maxFileSize))
                origins.append(.file(path))
            case .fifo, .device, .socket:
                // Opening a FIFO waits for a writer and a device may never end: a named path
                // must be a file.
                throw UsageError(message: "\(path): \(kind.noun), not a regular file; ecs-lint reads files and directories (use - for standard input)")
            }
        }
        return inputs
    }

    /// The report output `path` is, if it is one.
    private func reportFile(_ path: String) -> String? {
        guard !reportFiles.isEmpty, let identity = FileIdentity.of(path) else { return nil }
        return reportFiles[identity]
    }

    /// Whether a directory (links resolved) lies inside one of the walk's roots.
    private func isInsideWalkRoots(_ resolved: String) -> Bool {
        walkRoots.contains { root in
            root == "/" || resolved == root || resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
    }

    private func isExcluded(_ projectPath: String) -> Bool {
        // Globs never apply above the project root: `exclude: [build]` must not match a `build`
        // folder the checkout happens to live in.
        Configuration.isInsideProject(projectPath) && exclude.contains { $0.matches(projectPath) }
    }

    private mutating func walk(directory: String, display: String, visited: inout Set<String>, into inputs: inout [LintInput]) {
        let resolved = PathString.resolvingSymlinks(directory)
        guard visited.insert(resolved).inserted else { return }
        let names: [String]
        switch DirectoryListing.names(in: directory) {
        case .success(let found): names = found
        case .failure(let error):
            // A finding (ECS001) rather than a note: the files in there went unchecked, and a gate
            // must not pass because of it.
            let shown = display.isEmpty ? "." : display
            inputs.append(LintInput(displayPath: shown, projectPath: project.projectPath(of: directory)) {
                .failure(.init("cannot read directory: \(error); the files in it were not checked"))
            })
            origins.append(.unreadableDirectory)
            return
        }
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let shown = display.isEmpty ? name : (display.hasSuffix("/") ? display + name : display + "/" + name)
            let projectPath = project.projectPath(of: path)
            if isExcluded(projectPath) { continue }
            let kind: FileKind
            switch FileKind.of(path) {
            case .success(let found): kind = found
            case .failure(let error):
                // Only links that could have led to something ecs-lint reads are worth a word: a
                // data file, or a name without an extension (maybe a directory).
                let pathExtension = SyntaxKind.pathExtension(name)
                guard pathExtension.map(SyntaxKind.candidateExtensions.contains) ?? true else { continue }
                if error.isSymbolicLinkLoop {
                    warnings.append("\(shown): cannot follow symbolic link: \(error.description.lowercasedFirst)")
                } else {
                    skippedLinks.append("\(shown): skipped: \(error.description.lowercasedFirst) (a dangling symbolic link?)")
                }
                continue
            }
            if kind == .directory {
                guard !Self.skippedDirectories.contains(name) else { continue }
                if FileKind.isSymbolicLink(path) {
                    let target = PathString.resolvingSymlinks(path)
                    guard isInsideWalkRoots(target) else {
                        skippedLinks.append("\(shown): skipped: a symbolic link to \(target), outside the project")
                        continue
                    }
                }
                walk(directory: path, display: shown, visited: &visited, into: &inputs)
            } else if kind == .regularFile,  // a FIFO or device found by the walk would block or never end
                      let pathExtension = SyntaxKind.pathExtension(name), SyntaxKind.candidateExtensions.contains(pathExtension),
                      include.isEmpty || !Configuration.isInsideProject(projectPath)
                        || include.contains(where: { $0.matches(projectPath) }) {
                if let report = reportFile(path) {
                    skippedLinks.append("\(shown): skipped: it is where this run writes its report (\(report))")
                    continue
                }
                inputs.append(.file(path: path, displayPath: shown, projectPath: projectPath, maxBytes: maxFileSize))
                origins.append(.file(path))
            } else if kind != .regularFile, let pathExtension = SyntaxKind.pathExtension(name), SyntaxKind.candidateExtensions.contains(pathExtension) {
                // Never opened: a FIFO would wait for a writer, a device might never end.
                skippedLinks.append("\(shown): skipped: \(kind.noun), not a regular file")
            }
        }
    }
}
