import Foundation
import Testing

/// The README's sample runs are what ecs-lint prints today: every fenced block that starts with
/// `$ ecs-lint ARGS` is run from the repository root and its output compared line by line. A
/// README line may shorten a message with `…` (the parts around it must appear in order), and a
/// line that is only `…` stands for any number of lines.
@Suite struct ReadmeTests {
    struct Sample: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let lines: [String]
        var testDescription: String { "ecs-lint " + arguments.joined(separator: " ") }
    }

    static let samples: [Sample] = {
        guard let readme = try? String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8) else { return [] }
        var samples: [Sample] = []
        var current: Sample?
        for line in readme.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let sample = current { samples.append(sample) }
                current = nil
            } else if line.hasPrefix("$ ecs-lint "), current == nil {
                // Only runs on the shipped examples: other blocks show commands for the reader's files.
                let arguments = line.dropFirst("$ ecs-lint ".count).split(separator: " ").map(String.init)
                if arguments.contains(where: { $0.hasPrefix("examples") }) { current = Sample(arguments: arguments, lines: []) }
            } else if let sample = current {
                current = Sample(arguments: sample.arguments, lines: sample.lines + [line])
            }
        }
        return samples
    }()

    @Test func theReadmeHasSampleRuns() {
        #expect(Self.samples.count >= 3)
    }

    /// Runs in a scratch copy of examples/, since a sample may fix files in place.
    @Test(arguments: samples)
    func sampleRunPrintsWhatTheReadmeShows(_ sample: Sample) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("examples"), to: scratch.appendingPathComponent("examples"))
        let result = try CLI.run(sample.arguments + ["--color", "never"], directory: scratch)
        // What a terminal shows: the report, then the notes on standard error.
        let actual = (result.stdout + result.stderr).split(separator: "\n").map(String.init)
        var index = 0
        var gap = false
        for shown in sample.lines {
            if shown == "…" {
                gap = true
                continue
            }
            while index < actual.count, gap, !Self.matches(shown, actual[index]) { index += 1 }
            guard index < actual.count else {
                Issue.record("README line not printed: \(shown)\nthe run printed:\n\(result.stdout)")
                return
            }
            #expect(Self.matches(shown, actual[index]), "README: \(shown)\nprinted: \(actual[index])")
            index += 1
            gap = false
        }
        #expect(gap || index == actual.count, "the run printed more than the README shows:\n\(result.stdout)")
    }

    /// The README line with `…` standing for any text.
    static func matches(_ shown: String, _ printed: String) -> Bool {
        var rest = Substring(printed)
        for part in shown.components(separatedBy: "…") where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
