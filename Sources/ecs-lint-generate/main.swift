import ECSLintEngine
import ECSLintSchemaGenerator
import Foundation

// Regenerates everything derived from rules/: the embedded copy compiled into ecs-lint and the
// Markdown pages under docs/rules/. Run from the repository root: `make generate`.
// With `--schema SOURCES_DIR` it first rewrites rules/data/ecs-schema.json from the ECS model and
// CloudFormation schemas there (`make generate-schema`, `make refresh-facts`: rules/data/sources),
// then does the same.
var arguments = Array(CommandLine.arguments.dropFirst())
var schemasDirectory: URL?
if let flag = arguments.firstIndex(of: "--schema"), flag + 1 < arguments.count {
    schemasDirectory = URL(fileURLWithPath: arguments[flag + 1])
    arguments.removeSubrange(flag...flag + 1)
}
let root = URL(fileURLWithPath: arguments.first ?? FileManager.default.currentDirectoryPath)
do {
    if let schemasDirectory {
        var generator = try SchemaGenerator(schemasDirectory: schemasDirectory)
        let text = try generator.generate()
        try text.write(to: root.appendingPathComponent(SchemaGenerator.outputPath), atomically: true, encoding: .utf8)
        print("generated \(SchemaGenerator.outputPath) from \(schemasDirectory.path)")
    }
    let files = try GeneratedSources.readRuleFiles(repositoryRoot: root)
    let catalog = try RuleCatalog(files: files)
    let factSources = try GeneratedSources.factSources(repositoryRoot: root)
    var outputs = [(GeneratedSources.embeddedRulesPath, GeneratedSources.embeddedRulesSwift(files, catalog: catalog, factSources: factSources))]
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
