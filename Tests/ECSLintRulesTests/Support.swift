import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintRules
import ECSLintSyntax
import Foundation
import Testing

enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedCorpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// The catalog read from rules/ in the working tree (not the embedded copy, whose freshness
    /// has its own test).
    static let catalog: RuleCatalog = {
        do {
            return try RuleCatalog(files: GeneratedSources.readRuleFiles(repositoryRoot: root))
        } catch {
            fatalError("rules/ does not load: \(error)")
        }
    }()

    static let linter: Linter = {
        do {
            return try Linter(catalog: catalog, implementations: BuiltinRules.implementations)
        } catch {
            fatalError("linter setup failed: \(error)")
        }
    }()
}

/// The example policies in examples/policies/ (declarative custom rules), loaded next to the
/// built-in rules the way a user's rules are.
enum Policies {
    static let directory = Repository.root.appendingPathComponent("examples/policies")

    static let files: [(path: String, text: String)] = {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        return names.map { name in
            ("examples/policies/" + name, (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
    }()

    static let catalog: RuleCatalog = {
        do {
            return try RuleCatalog(files: GeneratedSources.readRuleFiles(repositoryRoot: Repository.root) + files)
        } catch {
            fatalError("examples/policies/ does not load: \(error)")
        }
    }()

    static let linter: Linter = {
        do {
            return try Linter(catalog: catalog, implementations: BuiltinRules.implementations)
        } catch {
            fatalError("linter setup failed: \(error)")
        }
    }()

    static let codes = Set(catalog.rules.filter { $0.sourcePath.hasPrefix("examples/policies/") }.map(\.code))
}

/// One rule example rendered in one format.
struct ExampleCase: Sendable, CustomTestStringConvertible {
    let rule: RuleDescription
    let index: Int
    let example: RuleExample
    let rendered: ExampleRenderer.Rendered

    var testDescription: String {
        "\(rule.code) example \(index + 1) (\(rendered.format.rawValue)): \(example.description)"
    }

    static let all: [ExampleCase] = cases(of: Repository.catalog.rules)

    static let policies: [ExampleCase] = cases(of: Policies.catalog.rules.filter { Policies.codes.contains($0.code) })

    static func cases(of rules: [RuleDescription]) -> [ExampleCase] {
        rules.flatMap { rule in
            rule.examples.enumerated().flatMap { index, example in
                ExampleRenderer.render(example, of: rule).map { ExampleCase(rule: rule, index: index, example: example, rendered: $0) }
            }
        }
    }
}

/// Finds the syntax node a canonical logical path points at in a rendered example, walking the
/// source independently of the loaders (so it checks the positions the loaders give).
enum SourceLocator {
    /// Where a resource's properties are in a file, and how their keys are written.
    enum Layout {
        case ecsJSON
        case cloudFormation(resource: String?)
        /// A CodeDeploy AppSpec: the first resource's `Properties`, capitalised like CloudFormation.
        case appSpec
        /// ACK objects: the `spec` of the object named `resource`, spelled the ACK way.
        case kubernetes(resource: String?)
    }

    static func ranges(of logicalPath: String, in parsed: ParsedFile, layout: Layout) -> (key: SourceRange?, value: SourceRange)? {
        guard var node = parsed.documents.first else { return nil }
        let cloudFormation: Bool
        var ackKind: Resource.Kind?
        switch layout {
        case .kubernetes(let resource):
            guard let object = parsed.documents.first(where: { $0["metadata"]?["name"]?.text == resource }),
                  let spec = object["spec"] else { return nil }
            node = spec
            cloudFormation = false
            ackKind = ["TaskDefinition": .taskDefinition, "Service": .service, "Cluster": .cluster][object["kind"]?.text ?? ""]
        case .ecsJSON:
            cloudFormation = false
        case .cloudFormation(let resource):
            guard let resource, let properties = node["Resources"]?[resource]?["Properties"] else { return nil }
            node = properties
            cloudFormation = true
        case .appSpec:
            guard let properties = node["Resources"]?.items?.first?.entries?.first?.value["Properties"] else { return nil }
            node = properties
            cloudFormation = true
        }
        var keyRange: SourceRange?
        var parent: String?
        for component in components(logicalPath) {
            // A policy document written as JSON text: the loader places every value inside it
            // at the string.
            if let text = node.string, text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") { return (nil, node.range) }
            switch component {
            case .index(let index):
                guard let items = node.items, index < items.count else { return nil }
                node = items[index]
                keyRange = nil
            case .member(let name):
                // A policy document written as JSON text: the loader places every node of it at
                // the string.
                if let text = node.scalar?.text, text.drop(while: { $0 == " " || $0 == "\n" }).hasPrefix("{") { return (keyRange, node.range) }
                var written = cloudFormation ? FieldNames.cloudFormation(fromCanonical: name, parent: parent) : name
                if case .kubernetes = layout {
                    written = parent == nil && ackKind != nil ? KubernetesNames.spelled(spec: name, kind: ackKind!, dialect: .ack)
                        : KubernetesNames.spelled(name, dialect: .ack)
                    // A reference member fills the member it names (`taskDefinitionRef`).
                    if node[written] == nil, let reference = node[name + "Ref"] {
                        return (node.entries?.last { $0.key.text == name + "Ref" }?.key.range, reference.range)
                    }
                }
                // A mis-cased key (`image` in a template) is still the member its canonical name says.
                guard let entry = node.entries?.last(where: { $0.key.text == written })
                        ?? node.entries?.last(where: { cloudFormation && $0.key.text.map(FieldNames.canonical(fromCloudFormation:)) == name })
                else { return nil }
                node = entry.value
                keyRange = entry.key.range
                parent = name
            }
        }
        return (keyRange, node.range)
    }

    /// In a `.tf` file: the value the loader placed at the path of the resource with this
    /// address (or its key), and what is written there, so the finding can be compared with it.
    static func terraformRanges(of logicalPath: String, in source: SourceFile, resource: String?) -> (key: SourceRange?, value: SourceRange, text: String)? {
        guard let parsed = try? SyntaxKind.parse(source), case .loaded(let documents) = Loader.load(parsed),
              let found = documents.flatMap(\.resources).first(where: { $0.name == resource }) else { return nil }
        var value = found.properties
        var keyRange: SourceRange?
        for component in components(logicalPath) {
            switch component {
            case .index(let index):
                guard let items = value.array, index < items.count else { return nil }
                value = items[index]
                keyRange = nil
            case .member(let name):
                guard let member = value.members?.last(where: { $0.name == name }) else { return nil }
                value = member.value
                keyRange = member.keyRange
            }
        }
        return (keyRange, value.range, source.text(value.range))
    }

    enum Component { case member(String), index(Int) }

    static func components(_ path: String) -> [Component] {
        var result: [Component] = []
        var current = ""
        var index: String?
        // A member that is not a simple name is quoted in brackets: `ArnLike["aws:SourceArn"]`.
        var quoted: String?
        var escaped = false
        for character in path {
            if var name = quoted {
                if escaped {
                    name.append(character); escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    result.append(.member(name)); quoted = nil; index = nil; continue
                } else {
                    name.append(character)
                }
                quoted = name
                continue
            }
            if index == "", character == "\"" { quoted = ""; continue }
            switch character {
            case ".":
                if !current.isEmpty { result.append(.member(current)) }
                current = ""
            case "[":
                if !current.isEmpty { result.append(.member(current)) }
                current = ""
                index = ""
            case "]":
                if let text = index, let number = Int(text) { result.append(.index(number)) }
                index = nil
            default:
                if index != nil { index!.append(character) } else { current.append(character) }
            }
        }
        if !current.isEmpty { result.append(.member(current)) }
        return result
    }
}
