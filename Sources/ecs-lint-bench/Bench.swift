// ecs-lint-bench: in-process throughput of each stage of the pipeline, to know the floor that
// parsing sets and how far the full lint is from it. Used by bench/run.sh; not installed.
//
//   ecs-lint-bench [--repeat N] [--stage parse|load|lint|lint-parallel] FILE...
//
// `--stage` runs one stage only, for a profiler (`valgrind --tool=callgrind`).
// Files are read into memory first, so disk and process start-up are not measured.

import ECSLintEngine
import ECSLintLoaders
import ECSLintRules
import ECSLintSyntax
import Foundation

@main
struct Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var repeatCount = 5
        if arguments.first == "--repeat", arguments.count >= 2, let count = Int(arguments[1]), count > 0 {
            repeatCount = count
            arguments.removeFirst(2)
        }
        var onlyStage: String?
        if arguments.first == "--stage", arguments.count >= 2 {
            onlyStage = arguments[1]
            arguments.removeFirst(2)
        }
        let repetitions = repeatCount
        guard !arguments.isEmpty else {
            FileHandle.standardError.write(Data("usage: ecs-lint-bench [--repeat N] [--stage parse|load|lint|lint-parallel] FILE...\n".utf8))
            exit(2)
        }
        let sources: [SourceFile] = arguments.compactMap { path in
            FileManager.default.contents(atPath: path).map { SourceFile(path: path, bytes: [UInt8]($0)) }
        }
        let totalBytes = sources.reduce(0) { $0 + $1.bytes.count }
        let linter = try BuiltinRules.linter()

        /// The best of `repetitions` runs of `body`, in seconds (the least disturbed by the machine).
        func best(_ body: () -> Void) -> Double {
            var fastest = Double.infinity
            let clock = ContinuousClock()
            for _ in 0..<repetitions {
                let elapsed = clock.measure(body)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                fastest = min(fastest, seconds)
            }
            return fastest
        }

        var sink = 0
        let allStages: [(key: String, name: String, run: () -> Void)] = [
            ("parse", "parse (JSON parser, YAML loader)", {
                for source in sources { sink &+= (try? SyntaxKind.parse(source))?.documents.count ?? 0 }
            }),
            ("load", "parse + load into the canonical model", {
                for source in sources {
                    guard let parsed = try? SyntaxKind.parse(source) else { continue }
                    if case .loaded(let documents) = Loader.load(parsed) { sink &+= documents.count }
                }
            }),
            ("lint", "full lint, one thread", {
                for source in sources { sink &+= linter.lint(source).diagnostics.count }
            }),
            ("lint-parallel", "full lint, all cores", {
                let inputs = sources.map { source in LintInput(displayPath: source.path) { .success(source) } }
                sink &+= linter.lint(inputs).count
            }),
        ]
        let stages = allStages.filter { onlyStage == nil || $0.key == onlyStage }
        guard !stages.isEmpty else {
            FileHandle.standardError.write(Data("ecs-lint-bench: unknown stage \(onlyStage ?? "")\n".utf8))
            exit(2)
        }

        print("| Stage (\(sources.count) files, \(String(format: "%.2f", Double(totalBytes) / 1_000_000)) MB) | Best of \(repetitions) | Throughput |")
        print("|---|---|---|")
        for (_, name, body) in stages {
            let seconds = best(body)
            print("| \(name) | \(String(format: "%.1f", seconds * 1000)) ms | \(String(format: "%.0f", Double(totalBytes) / 1_000_000 / seconds)) MB/s |")
        }
        if sink == Int.min { print(sink) }  // keeps the work from being optimised away
    }
}
