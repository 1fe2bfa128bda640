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
    static let skippedDirectories: Set<String> = [".git", ".build", "node_modules"]
    let stdinFilename: String?
    let project: Project
    var include: [Glob] = []
    var exclude: [Glob] = []
    var forceExclude = false

    func collect(_ paths: [String]) throws -> [LintInput] {
        var inputs: [LintInput] = []
        var visited = Set<String>()
        for path in paths {
            if path == "-" {
                let name = stdinFilename ?? "-"
                let projectPath = stdinFilename.map(project.projectPath) ?? "-"
                if forceExclude, stdinFilename != nil, isExcluded(projectPath) { continue }
                let bytes = StandardStreams.readInput()
                inputs.append(LintInput(displayPath: name, projectPath: projectPath) { .success(SourceFile(path: name, bytes: bytes)) })
                continue
            }
            guard let kind = FileKind.of(path) else {
                throw UsageError(message: "\(path): no such file or directory")
            }
            if kind == .directory {
                if forceExclude, isExcluded(project.projectPath(of: path)) { continue }
                walk(directory: path, display: path == "." ? "" : path, visited: &visited, into: &inputs)
            } else {
                let projectPath = project.projectPath(of: path)
                if forceExclude, isExcluded(projectPath) { continue }
                inputs.append(Self.input(path: path, display: path, projectPath: projectPath))
            }
        }
        return inputs
    }

    private func isExcluded(_ projectPath: String) -> Bool {
        // Globs never apply above the project root: `exclude: [build]` must not match a `build`
        // folder the checkout happens to live in.
        Configuration.isInsideProject(projectPath) && exclude.contains { $0.matches(projectPath) }
    }

    private func walk(directory: String, display: String, visited: inout Set<String>, into inputs: inout [LintInput]) {
        let resolved = PathString.resolvingSymlinks(directory)
        guard visited.insert(resolved).inserted else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let shown = display.isEmpty ? name : (display.hasSuffix("/") ? display + name : display + "/" + name)
            guard let kind = FileKind.of(path) else { continue }  // dangling link
            let projectPath = project.projectPath(of: path)
            if kind == .directory {
                if !Self.skippedDirectories.contains(name), !isExcluded(projectPath) {
                    walk(directory: path, display: shown, visited: &visited, into: &inputs)
                }
            } else if kind == .regularFile,  // a FIFO or device found by the walk would block or never end
                      let pathExtension = SyntaxKind.pathExtension(name), SyntaxKind.candidateExtensions.contains(pathExtension),
                      !isExcluded(projectPath), include.isEmpty || !Configuration.isInsideProject(projectPath)
                        || include.contains(where: { $0.matches(projectPath) }) {
                inputs.append(Self.input(path: path, display: shown, projectPath: projectPath))
            }
        }
    }

    private static func input(path: String, display: String, projectPath: String) -> LintInput {
        LintInput(displayPath: display, projectPath: projectPath) {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(.init("cannot be read"))
            }
            return .success(SourceFile(path: path, bytes: [UInt8](data)))
        }
    }
}
