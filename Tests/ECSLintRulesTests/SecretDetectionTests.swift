import ECSLintEngine
import ECSLintSyntax
import Foundation
import Testing

/// ECS401 measured on a labelled set of realistic environment entries
/// (`testdata/secrets/labelled-environment.yaml`): every group becomes one container of an ECS
/// JSON task definition, the real linter runs on it, and each entry counts as flagged when an
/// ECS401 finding sits on it. Precision and recall must both stay at or above 0.95; a failure
/// lists every misclassified entry (by name and reason, never by value).
@Suite struct SecretDetectionTests {
    struct Entry {
        let group: String
        let name: String
        let value: String
        let isSecret: Bool
        let reason: String?
    }

    struct Measurement {
        let entries: [Entry]
        let flagged: [Bool]

        var truePositives: Int { zip(entries, flagged).filter { $0.isSecret && $1 }.count }
        var falsePositives: [Entry] { zip(entries, flagged).filter { !$0.isSecret && $1 }.map(\.0) }
        var falseNegatives: [Entry] { zip(entries, flagged).filter { $0.isSecret && !$1 }.map(\.0) }
        var precision: Double { Double(truePositives) / Double(truePositives + falsePositives.count) }
        var recall: Double { Double(truePositives) / Double(truePositives + falseNegatives.count) }

        var report: String {
            func listed(_ entries: [Entry]) -> String {
                entries.isEmpty ? " none" : entries.map { "\n  - \($0.group): \($0.name)\($0.reason.map { " (\($0))" } ?? "")" }.joined()
            }
            return """
            precision \(String(format: "%.3f", precision)), recall \(String(format: "%.3f", recall)) on \(entries.count) entries \
            (\(entries.filter(\.isSecret).count) secret, \(entries.filter { !$0.isSecret }.count) not)
            false positives (flagged, not secret):\(listed(falsePositives))
            false negatives (secret, not flagged):\(listed(falseNegatives))
            """
        }
    }

    static let dataPath = "testdata/secrets/labelled-environment.yaml"

    static func loadEntries() throws -> [[Entry]] {
        let url = Repository.root.appendingPathComponent(dataPath)
        let text = try String(contentsOf: url, encoding: .utf8)
        let parsed = try YAMLLoader.parse(SourceFile(path: dataPath, text: text, lineBreaks: .yaml))
        let groups = try #require(parsed.documents.first?["groups"]?.items, "\(dataPath) has no groups")
        return try groups.map { group in
            let container = try #require(group["container"]?.text)
            return try (group["environment"]?.items ?? []).map { item in
                let name = try #require(item["name"]?.text, "an entry of \(container) has no name")
                let label = try #require(item["label"]?.text, "\(container): \(name) has no label")
                #expect(label == "secret" || label == "not-secret", "\(container): \(name) has label \(label)")
                return Entry(group: container, name: name, value: try #require(item["value"]?.text, "\(container): \(name) has no value"),
                             isSecret: label == "secret", reason: item["reason"]?.text)
            }
        }
    }

    /// One ECS JSON task definition with a container per group, every value a JSON string.
    static func taskDefinition(_ groups: [[Entry]]) -> String {
        let containers = groups.map { entries in
            let environment = entries.map { #"{"name": \#(JSONWriter.quote($0.name)), "value": \#(JSONWriter.quote($0.value))}"# }
            return #"{"name": \#(JSONWriter.quote(entries.first?.group ?? "empty")), "image": "app:1.0", "environment": [\#(environment.joined(separator: ",\n  "))]}"#
        }
        return #"{"family": "labelled-secrets", "containerDefinitions": [\#(containers.joined(separator: ",\n"))]}"#
    }

    static func measure() throws -> Measurement {
        let groups = try loadEntries()
        let report = Repository.linter.lint(SourceFile(path: "labelled-secrets.json", text: taskDefinition(groups), lineBreaks: .json))
        let flaggedPaths = Set(report.diagnostics.filter { $0.code == "ECS401" }.compactMap(\.logicalPath))
        var entries: [Entry] = []
        var flagged: [Bool] = []
        for (containerIndex, group) in groups.enumerated() {
            for (entryIndex, entry) in group.enumerated() {
                entries.append(entry)
                flagged.append(flaggedPaths.contains("containerDefinitions[\(containerIndex)].environment[\(entryIndex)]"))
            }
        }
        return Measurement(entries: entries, flagged: flagged)
    }

    @Test func theSetIsLargeAndMixed() throws {
        let entries = try Self.loadEntries().flatMap { $0 }
        #expect(entries.count >= 200)
        #expect(entries.filter(\.isSecret).count >= 80)
        #expect(entries.filter { !$0.isSecret }.count >= 80)
    }

    @Test func precisionAndRecallOnTheLabelledSet() throws {
        let measurement = try Self.measure()
        print(measurement.report)
        #expect(measurement.precision >= 0.95 && measurement.recall >= 0.95, "\(measurement.report)")
    }

    /// The finding names the variable and never shows the value.
    @Test func findingsNeverShowTheValue() throws {
        let groups = try Self.loadEntries()
        let report = Repository.linter.lint(SourceFile(path: "labelled-secrets.json", text: Self.taskDefinition(groups), lineBreaks: .json))
        let secrets = groups.flatMap { $0 }.filter(\.isSecret).map(\.value).filter { $0.count >= 6 }
        for diagnostic in report.diagnostics where diagnostic.code == "ECS401" {
            #expect(!secrets.contains { diagnostic.message.contains($0) }, "\(diagnostic.logicalPath ?? ""): \(diagnostic.message)")
        }
    }
}
