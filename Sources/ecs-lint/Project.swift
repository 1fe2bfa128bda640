import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a run stands: the working directory, the project root that config globs, baselines and
/// fingerprints are relative to, and the configuration in force.
///
/// The project root is the directory holding the configuration file; without one, the git
/// repository root; outside a repository, the working directory.
struct Project {
    let workingDirectory: String
    let root: String
    let configuration: Configuration
    /// The git repository root (else the project root): what CI systems resolve report paths
    /// against, so GitHub annotations and SARIF URIs are relative to it.
    let sourceRoot: String
    /// Where the configuration came from, for `config --show`; nil for the defaults.
    let configurationPath: String?
    /// The built-in rules plus the team's own (`--rules-dir`, `custom-rules:`).
    let catalog: RuleCatalog

    static let environmentVariable = "ECS_LINT_CONFIG"

    /// - Parameter rulesDirectories: `--rules-dir` values, relative to the working directory.
    static func load(configPath: String?, noConfig: Bool, rulesDirectories: [String] = []) throws -> Project {
        let builtin = try orInternalError { try BuiltinRules.catalog() }
        let workingDirectory = FileManager.default.currentDirectoryPath
        let gitRoot = findGitRoot(from: workingDirectory)
        var chosen: String?
        if noConfig {
            chosen = nil
        } else if let configPath {
            chosen = absolute(configPath, in: workingDirectory)
        } else if let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable], !fromEnvironment.isEmpty {
            chosen = absolute(fromEnvironment, in: workingDirectory)
        } else {
            chosen = discover(from: workingDirectory, stopAt: gitRoot)
        }
        var ruleDirectories = rulesDirectories.map { (path: absolute($0, in: workingDirectory), shown: $0) }
        guard let chosen else {
            let catalog = try CustomRules.catalog(base: builtin, directories: ruleDirectories, workingDirectory: workingDirectory)
            return Project(workingDirectory: workingDirectory, root: gitRoot ?? workingDirectory,
                           configuration: Configuration(), sourceRoot: gitRoot ?? workingDirectory, configurationPath: nil, catalog: catalog)
        }
        let display = displayPath(chosen, workingDirectory: workingDirectory)
        guard let data = FileManager.default.contents(atPath: chosen) else {
            throw UsageError(message: "\(display): configuration file not found or not readable")
        }
        let source = SourceFile(path: chosen, bytes: [UInt8](data), lineBreaks: .yaml)
        let root = PathString.parent(chosen)
        for directory in try Configuration.customRuleDirectories(in: source, displayPath: display, catalog: builtin) {
            let path = absolute(directory, in: root)
            ruleDirectories.append((path, displayPath(path, workingDirectory: workingDirectory)))
        }
        let catalog = try CustomRules.catalog(base: builtin, directories: ruleDirectories, workingDirectory: workingDirectory)
        var configuration = try Configuration.parse(source, displayPath: display, catalog: catalog)
        configuration.projectPath = PathString.lastComponent(chosen)
        return Project(workingDirectory: workingDirectory, root: root, configuration: configuration,
                       sourceRoot: gitRoot ?? root, configurationPath: display, catalog: catalog)
    }

    /// The nearest `.ecs-lint.yaml` / `.ecs-lint.yml` from `directory` upwards, not above the
    /// repository root.
    static func discover(from directory: String, stopAt gitRoot: String?) -> String? {
        var current = directory
        while true {
            for name in Configuration.fileNames {
                let candidate = PathString.join(current, name)
                if FileManager.default.isReadableFile(atPath: candidate) { return candidate }
            }
            if current == gitRoot || current == "/" { return nil }
            let parent = PathString.parent(current)
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    static func findGitRoot(from directory: String) -> String? {
        var current = directory
        while true {
            if FileManager.default.fileExists(atPath: PathString.join(current, ".git")) { return current }
            let parent = PathString.parent(current)
            if parent == current || parent.isEmpty { return nil }
            current = parent
        }
    }

    static func absolute(_ path: String, in directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : PathString.join(directory, path)
        return PathString.standardized(joined)
    }

    /// Relative to the working directory when inside it, else absolute.
    static func displayPath(_ absolutePath: String, workingDirectory: String) -> String {
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return absolutePath.hasPrefix(base) ? String(absolutePath.dropFirst(base.count)) : absolutePath
    }

    /// A path as config globs, baselines and fingerprints see it: relative to the project root,
    /// `/`-separated; files outside the root keep their absolute path.
    func projectPath(of path: String) -> String {
        let full = Self.absolute(path, in: workingDirectory)
        if full == root { return "" }
        let base = root.hasSuffix("/") ? root : root + "/"
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }


    /// A path from the configuration (relative to the project root) made usable from here.
    func resolve(configuredPath path: String) -> String {
        Self.absolute(path, in: root)
    }
}

/// The team's own rule files: every `.yaml`/`.yml` under the given directories (rules, and data
/// tables in `data/` folders), added to the built-in catalog.
enum CustomRules {
    static func catalog(base: RuleCatalog, directories: [(path: String, shown: String)], workingDirectory: String) throws -> RuleCatalog {
        guard !directories.isEmpty else { return base }
        var files: [(path: String, text: String)] = []
        for directory in directories {
            guard case .success(.directory) = FileKind.of(directory.path) else {
                throw UsageError(message: "\(directory.shown): rules directory not found")
            }
            let subpaths = (try? FileManager.default.subpathsOfDirectory(atPath: directory.path)) ?? []
            for relative in subpaths.sorted() where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                let path = PathString.join(directory.path, relative)
                let shown = PathString.join(directory.shown, relative)
                switch FileReading.contents(ofFile: path, maxBytes: 1 << 20) {
                case .success(let bytes):
                    files.append((shown, String(decoding: bytes, as: UTF8.self)))
                case .failure(let error):
                    throw UsageError(message: "\(shown): \(error.message)")
                }
            }
        }
        do {
            return try RuleCatalog(base: base, customFiles: files)
        } catch {
            throw UsageError(message: error.description)
        }
    }
}
