import ECSLintEngine
import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax
import Foundation
import Testing

/// `--fix` over the whole shared corpus, in memory (the corpus is never written): safe fixes,
/// and separately safe plus unsafe ones. One pass settles everything (the run linted again
/// after fixing has nothing left to fix), every fixed file still parses and loads, a file that
/// did not parse is never changed, no fix breaks a file, and every unresolved value
/// (intrinsic, placeholder, dynamic reference) is still there, unchanged and in order.
@Suite struct FixCorpusTests {
    /// Every file a directory run would read, by its path inside the corpus.
    static let files: [(path: String, bytes: [UInt8])] = {
        let root = Repository.sharedCorpus
        let paths = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return paths.sorted().compactMap { path in
            guard let pathExtension = SyntaxKind.pathExtension(path), SyntaxKind.candidateExtensions.contains(pathExtension),
                  let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { return nil }
            return (path, [UInt8](data))
        }
    }()

    @Test(arguments: [false, true])
    func fixingTheCorpusSettlesInOnePassAndKeepsEveryFileLoading(includeUnsafe: Bool) throws {
        try #require(Self.files.count > 500, "the corpus is expected at \(Repository.sharedCorpus.path)")
        let applier = FixApplier(linter: Repository.linter, includeUnsafe: includeUnsafe)
        let inputs = Self.files.map { file in LintInput(displayPath: file.path) { .success(SourceFile(path: file.path, bytes: file.bytes)) } }
        let run = applier.fix(inputs)
        #expect(run.results.count == Self.files.count)

        #expect(run.results.flatMap(\.problems).isEmpty, "\(run.results.flatMap { result in result.problems.map { "\(result.path): \($0)" } })")
        let leftToFix = run.reports.flatMap(\.diagnostics).filter(applier.applies)
        #expect(leftToFix.isEmpty, "a second pass would fix: \(leftToFix.map { "\($0.file):\($0.start) \($0.code) \($0.fix?.title ?? "")" })")
        // The corpus has fixable files (describe output, mis-cased keys and values, host ports).
        #expect(run.changed.count >= 10)
        #expect(run.appliedCount >= run.changed.count)

        var unresolvedKept = 0
        for (file, result) in zip(Self.files, run.results) {
            #expect(result.original == file.bytes ? true : false, "\(file.path): the fix started from other text")
            guard result.changed else { continue }
            let before = try #require(Self.load(SourceFile(path: file.path, bytes: file.bytes)), "\(file.path) did not load, yet it was fixed")
            let after = try #require(Self.load(SourceFile(path: file.path, bytes: result.fixed)), "\(file.path) no longer parses or loads after fixing")
            let unresolvedBefore = before.flatMap { Self.unresolvedValues(in: $0.properties) }
            let unresolvedAfter = after.flatMap { Self.unresolvedValues(in: $0.properties) }
            #expect(unresolvedBefore.count == unresolvedAfter.count, "\(file.path): an unresolved value was removed or added")
            unresolvedKept += unresolvedBefore.count
            for (old, new) in zip(unresolvedBefore, unresolvedAfter) {
                #expect(ModelComparison.equivalent(old, new), "\(file.path): an unresolved value changed")
                #expect(result.original[old.range.start..<old.range.end] == result.fixed[new.range.start..<new.range.end],
                        "\(file.path): the text of an unresolved value changed")
            }
        }
        // The fixed files hold intrinsics and placeholders, so the check above is not empty.
        #expect(unresolvedKept >= 20, "\(unresolvedKept)")
        // A file that does not parse is reported and left alone.
        let failed = run.results.filter { $0.report.status == .failed }
        #expect(!failed.isEmpty)
        #expect(failed.allSatisfy { !$0.changed })
    }

    static func load(_ source: SourceFile) -> [Resource]? {
        guard let parsed = try? SyntaxKind.parse(source), case .loaded(let documents) = Loader.load(parsed) else { return nil }
        return documents.flatMap(\.resources)
    }

    /// The unresolved values of a value tree, outermost only, in source order.
    static func unresolvedValues(in value: Value) -> [Value] {
        switch value.content {
        case .unresolved: return [value]
        case .array(let items): return items.flatMap(unresolvedValues)
        case .object(let members): return members.flatMap { unresolvedValues(in: $0.value) }
        default: return []
        }
    }
}
