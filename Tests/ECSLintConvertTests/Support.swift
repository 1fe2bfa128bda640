@testable import ECSLintConvert
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Foundation
import Testing

enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shared corpus (../shared/corpus): its MANIFEST.tsv says what kind each file is.
    static let corpus = root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
}

/// One corpus file that loads as something convert starts from.
struct CorpusFile: Sendable, CustomTestStringConvertible {
    enum Kind: String, Sendable { case ecsJSON, cloudFormation, kubernetes }

    let path: String
    let kind: Kind
    var testDescription: String { path }

    /// `..` is resolved by name, not by the file system: the corpus may be a symbolic link, and
    /// our own testdata is reached as `../../REPOSITORY/testdata/…` from it.
    var url: URL { Repository.corpus.appendingPathComponent(path).standardized }

    func load() throws -> ConversionInput {
        let data = try Data(contentsOf: url)
        return try ConversionInput.load(SourceFile(path: path, bytes: [UInt8](data)))
    }

    /// Every ECS JSON and CloudFormation file of the corpus that loads with something to convert
    /// (files that do not parse or hold no ECS resource are convert's errors, tested elsewhere).
    static let all: [CorpusFile] = {
        let manifest = Repository.corpus.appendingPathComponent("MANIFEST.tsv")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line -> CorpusFile? in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count > 5 else { return nil }
            let kind: Kind
            switch columns[5] {
            case "ecs-taskdef-json", "ecs-service-json": kind = .ecsJSON
            case "cfn-json", "cfn-yaml": kind = .cloudFormation
            case "k8s-style-yaml": kind = .kubernetes
            default: return nil
            }
            let file = CorpusFile(path: columns[0], kind: kind)
            return (try? file.load()) == nil ? nil : file
        }
    }()

    static let ecsJSON = all.filter { $0.kind == .ecsJSON }
    static let cloudFormation = all.filter { $0.kind == .cloudFormation }
    static let kubernetes = all.filter { $0.kind == .kubernetes }
}

enum Convert {
    static func input(_ text: String, path: String = "input.json") throws -> ConversionInput {
        try ConversionInput.load(SourceFile(path: path, text: text))
    }

    /// The output files of a conversion loaded again, as inputs of the next one.
    static func reload(_ conversion: Conversion) throws -> [ConversionInput] {
        try conversion.files.map { try ConversionInput.load(SourceFile(path: $0.name, text: $0.text)) }
    }

    /// The locations of every reported loss.
    static func lossLocations(_ conversion: Conversion) -> Set<ValueLocation> {
        Set(conversion.losses.map { ValueLocation(path: $0.path, range: $0.range) })
    }

    /// Every intrinsic function in a value tree, as `function(argument summary)` strings.
    static func intrinsics(_ value: Value) -> [String] {
        switch value.content {
        case .unresolved(.intrinsic(let intrinsic)):
            return [intrinsic.function] + intrinsics(intrinsic.argument)
        case .array(let items): return items.flatMap(intrinsics)
        case .object(let members): return members.flatMap { intrinsics($0.value) }
        default: return []
        }
    }

    static func parsedYAML(_ text: String) throws -> [Node] {
        try YAMLLoader.parse(SourceFile(path: "out.yaml", text: text)).documents
    }
}
