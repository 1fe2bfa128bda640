import ECSLintEngine
import Foundation

// Regenerates everything derived from rules/: the embedded copy compiled into ecs-lint and the
// Markdown pages under docs/rules/. Run from the repository root: `make generate`.
let root = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? FileManager.default.currentDirectoryPath)
do {
    let files = try GeneratedSources.readRuleFiles(repositoryRoot: root)
    let catalog = try RuleCatalog(files: files)
    var outputs = [(GeneratedSources.embeddedRulesPath, GeneratedSources.embeddedRulesSwift(files, catalog: catalog))]
    outputs += GeneratedSources.documentation(catalog)
    let docs = root.appendingPathComponent(GeneratedSources.documentationDirectory)
    try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
    // Pages of rules that no longer exist would otherwise linger. Only rule pages
    // (`<CODE>-<name>.md`) are ours to delete: corpus-report.md is written by hand around a
    // block the tests generate.
    func isRulePage(_ name: String) -> Bool {
        let code = name.prefix { $0 != "-" }
        return name.hasSuffix(".md") && code.count < name.count && code.first?.isUppercase == true && code.last?.isNumber == true
    }
    for stale in try FileManager.default.contentsOfDirectory(atPath: docs.path)
    where isRulePage(stale) && !outputs.contains(where: { $0.0.hasSuffix("/" + stale) }) {
        try FileManager.default.removeItem(at: docs.appendingPathComponent(stale))
    }
    for (path, text) in outputs {
        try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }
    print("generated \(outputs.count) files from \(files.count) rule files")
} catch {
    FileHandle.standardError.write(Data("ecs-lint-generate: \(error)\n".utf8))
    exit(1)
}
