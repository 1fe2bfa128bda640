import ECSLintEngine
import ECSLintLoaders
import ECSLintSyntax
import Foundation

/// Turns command-line paths into lint inputs: files as given, directories searched recursively
/// (in a stable order, never following a symlink back into a directory already visited).
struct FileCollector {
    static let skippedDirectories: Set<String> = [".git", ".build", "node_modules"]
    let stdinFilename: String?

    func collect(_ paths: [String]) throws -> [LintInput] {
        var inputs: [LintInput] = []
        var visited = Set<String>()
        for path in paths {
            if path == "-" {
                let name = stdinFilename ?? "-"
                let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                inputs.append(LintInput(displayPath: name) { .success(SourceFile(path: name, bytes: bytes)) })
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw UsageError(message: "\(path): no such file or directory")
            }
            if isDirectory.boolValue {
                walk(directory: path, display: path == "." ? "" : path, visited: &visited, into: &inputs)
            } else {
                inputs.append(Self.input(path: path, display: path))
            }
        }
        return inputs
    }

    private func walk(directory: String, display: String, visited: inout Set<String>, into inputs: inout [LintInput]) {
        let resolved = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard visited.insert(resolved).inserted else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let shown = display.isEmpty ? name : (display.hasSuffix("/") ? display + name : display + "/" + name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }  // dangling link
            if isDirectory.boolValue {
                if !Self.skippedDirectories.contains(name) {
                    walk(directory: path, display: shown, visited: &visited, into: &inputs)
                }
            } else if let pathExtension = SyntaxKind.pathExtension(name), SyntaxKind.candidateExtensions.contains(pathExtension) {
                inputs.append(Self.input(path: path, display: shown))
            }
        }
    }

    private static func input(path: String, display: String) -> LintInput {
        LintInput(displayPath: display) {
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(.init("cannot be read"))
            }
            return .success(SourceFile(path: path, bytes: [UInt8](data)))
        }
    }
}
