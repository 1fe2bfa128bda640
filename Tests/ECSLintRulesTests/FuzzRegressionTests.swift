import ECSLintFuzzTargets
import Foundation
import Testing

/// Inputs that once crashed, hung or broke an invariant (testdata/fuzz/TARGET/, found by
/// fuzz/run.sh or written by hand), and the kept corpus of each target, replayed through the
/// same fuzz target in process.
@Suite struct FuzzRegressionTests {
    struct Input: Sendable, CustomTestStringConvertible {
        let target: FuzzTarget
        let path: String
        var testDescription: String {
            let kept = path.contains("/testdata/fuzz/corpus/") ? "corpus/" : ""
            return "\(kept)\(target.rawValue)/\((path as NSString).lastPathComponent)"
        }
    }

    /// The regression inputs of each target (testdata/fuzz/TARGET) and its kept corpus
    /// (testdata/fuzz/corpus/TARGET, fuzz/keep.sh): the inputs that reached new coverage.
    static let inputs: [Input] = FuzzTarget.allCases.flatMap { target -> [Input] in
        ["testdata/fuzz/\(target.rawValue)", "testdata/fuzz/corpus/\(target.rawValue)"].flatMap { relative -> [Input] in
            let directory = Repository.root.appendingPathComponent(relative)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.sorted().map { Input(target: target, path: directory.appendingPathComponent($0).path) }
        }
    }

    @Test func everyTargetHasRegressionInputs() {
        for target in FuzzTarget.allCases {
            #expect(Self.inputs.contains { $0.target == target }, "testdata/fuzz/\(target.rawValue)/ is empty")
        }
    }

    /// A crash ends the test process, which fails the run; the replay itself checks invariants.
    @Test(arguments: inputs)
    func replaysWithoutCrashing(_ input: Input) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: input.path)))
        input.target.run(bytes)
        // The pipeline target lints the bytes under four names; all of them must come back.
        if input.target == .pipeline {
            #expect(FuzzTarget.pipelineReportCount(bytes) == 4)
        }
    }
}
