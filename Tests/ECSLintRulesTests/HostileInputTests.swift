import ECSLintEngine
import ECSLintRules
import ECSLintSyntax
import Testing

/// Input a repository can hold by accident or malice goes through the whole pipeline (read,
/// detect, parse, load, rules) and ends in a clear finding with a position, or lints normally:
/// never a crash, a hang or a memory blow-up. The cases are generated, so the large ones cost no
/// repository space; each runs on a Dispatch worker thread, as in a real run (whose stacks are
/// smaller than the main thread's).
@Suite struct HostileInputTests {
    enum Outcome: Sendable, Equatable {
        /// One finding of this rule at this line and column, and nothing else.
        case finding(String, line: Int, column: Int)
        /// Recognised and linted (findings of ordinary rules allowed, no ECS001/ECS012).
        case linted
        case skipped
        /// Anything, as long as it ends and every finding has a position (random input).
        case anyPositionedOutcome
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: Outcome
        let limits: ParseLimits
        let bytes: @Sendable () -> [UInt8]
        init(_ name: String, _ expected: Outcome, limits: ParseLimits = .default, _ bytes: @escaping @Sendable () -> [UInt8]) {
            self.name = name
            self.expected = expected
            self.limits = limits
            self.bytes = bytes
        }
        var testDescription: String { name }
    }

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }
    static func repeated(_ string: String, _ count: Int) -> String { String(repeating: string, count: count) }

    /// A reproducible byte stream (xorshift), so a failure can be replayed.
    static func randomBytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    static let taskJSON = #"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 512}]}"#

    static let cases: [Case] = [
        // Nesting: 300,000 levels must stop at the limit without touching the stack.
        Case("JSON arrays nested 300,000 deep", .finding("ECS012", line: 1, column: 257)) { text(repeated("[", 300_000) + repeated("]", 300_000)) },
        Case("JSON objects nested 300,000 deep", .finding("ECS012", line: 1, column: 1_281)) {
            text(repeated(#"{"a":"#, 300_000) + "1" + repeated("}", 300_000))
        },
        Case("JSON unclosed arrays 300,000 deep", .finding("ECS012", line: 1, column: 257)) { text(repeated("[", 300_000)) },
        Case("YAML flow sequences nested 300,000 deep", .finding("ECS012", line: 1, column: 259)) {
            text("a: " + repeated("[", 300_000) + repeated("]", 300_000) + "\n")
        },
        Case("YAML block mappings nested 2,000 deep", .finding("ECS012", line: 257, column: 257)) {
            text((0..<2_000).map { repeated(" ", $0) + "a:\n" }.joined() + repeated(" ", 2_000) + "b: 1\n")
        },
        Case("YAML nesting just inside a lowered limit", .linted, limits: ParseLimits(maxDepth: 8)) {
            text("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n        - Name: a\n          Image: nginx\n")
        },
        // Aliases: billion laughs ends at the budget, in milliseconds.
        Case("YAML billion laughs", .finding("ECS012", line: 7, column: 8)) {
            var yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
            let names = "abcdefghij".map(String.init)
            for index in 1..<names.count {
                let previous = "*" + names[index - 1]
                yaml += "\(names[index]): &\(names[index]) [" + Array(repeating: previous, count: 9).joined(separator: ", ") + "]\n"
            }
            return text(yaml)
        },
        Case("YAML alias of an anchor being defined", .finding("ECS001", line: 1, column: 8)) { text("a: &a [*a]\n") },
        // Bytes that are not text.
        Case("200 KB of random bytes (.json)", .anyPositionedOutcome) { randomBytes(count: 200_000, seed: 0x5EED) },
        Case("200 KB of random bytes (.yaml)", .anyPositionedOutcome) { randomBytes(count: 200_000, seed: 42) },
        Case("200 KB of random JSON punctuation", .anyPositionedOutcome) {
            let alphabet = Array(#"{}[]:,"\ 0123456789.eE+-truefalsnl"#.utf8)
            return randomBytes(count: 200_000, seed: 7).map { alphabet[Int($0) % alphabet.count] }
        },
        Case("200 KB of random YAML punctuation (.yaml)", .anyPositionedOutcome) {
            let alphabet = Array("{}[]:,-?&*!|>'\"#%@` \n\tab01.".utf8)
            return randomBytes(count: 200_000, seed: 9).map { alphabet[Int($0) % alphabet.count] }
        },
        Case("invalid UTF-8 in a string", .finding("ECS012", line: 1, column: 13)) { text(#"{"family": ""#) + [0xFF, 0xFE] + text(#""}"#) },
        Case("an overlong UTF-8 encoding", .finding("ECS012", line: 1, column: 13)) { text(#"{"family": ""#) + [0xC0, 0xAF] + text(#""}"#) },
        Case("a NUL byte (.yaml)", .finding("ECS012", line: 1, column: 12)) { text("family: web") + [0] + text("\n") },
        Case("UTF-16 with a byte-order mark", .finding("ECS012", line: 1, column: 1)) {
            [0xFF, 0xFE] + Array(#"{"family":"web"}"#.utf8).flatMap { [$0, 0] }
        },
        Case("a file over a lowered size limit", .finding("ECS012", line: 1, column: 1), limits: ParseLimits(maxFileSize: 1_000)) {
            text(#"{"family": ""# + repeated("a", 2_000) + #""}"#)
        },
        // Numbers and strings the grammar allows but nothing can hold.
        Case("an integer beyond 64 bits", .finding("ECS012", line: 1, column: 24)) {
            text(#"{"family": "x", "cpu": 99999999999999999999999, "containerDefinitions": []}"#)
        },
        Case("a float overflowing to infinity", .finding("ECS012", line: 1, column: 27)) {
            text(#"{"family": "x", "memory": 1e99999, "containerDefinitions": []}"#)
        },
        Case("a YAML hex integer beyond 64 bits (.yaml)", .finding("ECS012", line: 5, column: 12)) {
            text("Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      Cpu: 0x7fffffffffffffffffffff\n")
        },
        Case("the largest 64-bit integer is fine", .linted) {
            text(#"{"family": "x", "cpu": 9223372036854775807, "memory": -9223372036854775808, "containerDefinitions": []}"#)
        },
        Case("a bad escape in a string", .finding("ECS001", line: 1, column: 14)) { text(#"{"family": "a\qb"}"#) },
        Case("an unpaired surrogate escape", .finding("ECS001", line: 1, column: 13)) { text(#"{"family": "\ud800"}"#) },
        Case("an empty .json file", .finding("ECS001", line: 1, column: 1)) { [] },
        // Valid but unusual files parse.
        Case("a 5 MB task definition", .linted) {
            let environment = (0..<100).map { #"{"name": "VAR_\#($0)", "value": "\#(repeated("x", 40))"}"# }.joined(separator: ", ")
            let container = #"{"name": "c", "image": "nginx:1.27", "memory": 512, "environment": [\#(environment)]}"#
            let containers = Array(repeating: container, count: 1_000).joined(separator: ",\n")
            return text(#"{"family": "big", "containerDefinitions": [\#(containers)]}"#)
        },
        Case("a 5 MB single-line string", .linted) {
            text(#"{"family": "web", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 512, "command": [""# + repeated("a", 5_000_000) + #""]}]}"#)
        },
        Case("CRLF line ends (.yaml)", .linted) {
            text("AWSTemplateFormatVersion: '2010-09-09'\r\nResources:\r\n  T:\r\n    Type: AWS::ECS::TaskDefinition\r\n    Properties:\r\n      Family: web\r\n")
        },
        Case("a UTF-8 byte-order mark", .linted) { [0xEF, 0xBB, 0xBF] + text(taskJSON) },
        Case("tabs as separators (.yaml)", .linted) {
            text("Resources:\n  T:\n    Type:\tAWS::ECS::TaskDefinition\n    Properties: {Family:\tweb}\n")
        },
        Case("merge keys (.yaml)", .linted) {
            text("Resources:\n  Base: &base\n    Type: AWS::ECS::TaskDefinition\n  T:\n    <<: *base\n    Properties: {Family: web}\n")
        },
        Case("a multi-document stream (.yaml)", .linted) {
            let template = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties: {Family: web}\n"
            return text(template + "---\n" + template + "...\n")
        },
        Case("100,000 anchors (.yaml)", .skipped) { text((0..<100_000).map { "k\($0): &a\($0) \($0)\n" }.joined()) },
        Case("100,000 duplicate keys", .skipped) { text("{" + Array(repeating: #""k": 1"#, count: 100_000).joined(separator: ",") + "}") },
        Case("only whitespace (.yaml)", .skipped) { text("   \n\n  \n") },
        // Terraform: every kind of nesting counts against the limit, so no tree is deeper than
        // it (a 90,000-term operator chain once overflowed the stack when its tree was freed).
        Case("an operator chain of 90,000 terms (.tf)", .finding("ECS012", line: 2, column: 516)) {
            text("locals {\n  x = " + Array(repeating: "1", count: 90_000).joined(separator: "+") + "\n}\n")
        },
        Case("a comparison chain of 90,000 terms (.tf)", .finding("ECS012", line: 2, column: 1_279)) {
            text("locals {\n  x = " + Array(repeating: "1", count: 90_000).joined(separator: " == ") + "\n}\n")
        },
        Case("90,000 unary operators (.tf)", .finding("ECS012", line: 2, column: 261)) {
            text("locals {\n  x = " + repeated("!", 90_000) + "true\n}\n")
        },
        Case("90,000 chained conditionals (.tf)", .finding("ECS012", line: 2, column: 2_808)) {
            text("locals {\n  x = " + repeated("true ? 1 : ", 90_000) + "2\n}\n")
        },
        Case("templates nested 20,000 deep (.tf)", .finding("ECS012", line: 2, column: 772)) {
            text("locals {\n  x = " + repeated("\"${", 20_000) + "x" + repeated("}\"", 20_000) + "\n}\n")
        },
        Case("heredocs nested 3,000 deep (.tf)", .finding("ECS012", line: 257, column: 3)) {
            text("locals {\n  x = " + (0..<3_000).map { "<<E\($0)\n${" }.joined() + "1"
                 + (0..<3_000).reversed().map { "}\nE\($0)\n" }.joined() + "\n}\n")
        },
        Case("an operator chain just inside a lowered limit (.tf)", .linted, limits: ParseLimits(maxDepth: 16)) {
            text("resource \"aws_ecs_task_definition\" \"t\" {\n  family = \"web\"\n  cpu = 1+1+1+1+1+1+1+1\n  container_definitions = \"[]\"\n}\n")
        },
    ]

    @Test(arguments: cases)
    func endsInAClearOutcome(_ testCase: Case) throws {
        let name = testCase.name.contains("(.tf)") ? "hostile.tf"
            : testCase.name.contains("(.yaml)") || testCase.name.contains("YAML") ? "hostile.yaml" : "hostile.json"
        let bytes = testCase.bytes()
        let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations,
                                options: LintOptions(limits: testCase.limits))
        // Two inputs, so the run goes through Dispatch's worker threads like a real one; the
        // second file must be linted whatever happened to the first.
        let reports = linter.lint([
            LintInput(displayPath: name) { .success(SourceFile(path: name, bytes: bytes)) },
            LintInput(displayPath: "ok.json") { .success(SourceFile(path: "ok.json", text: Self.taskJSON, lineBreaks: .json)) },
        ])
        #expect(reports[1].status == .linted)
        let report = reports[0]
        let pipelineFindings = report.diagnostics.filter { $0.code == "ECS001" || $0.code == "ECS012" }
        switch testCase.expected {
        case .finding(let code, let line, let column):
            #expect(report.status == .failed)
            #expect(report.diagnostics.map(\.code) == [code], "\(report.diagnostics.map(\.message))")
            let position = try #require(report.diagnostics.first?.start)
            #expect((position.line, position.column) == (line, column), "\(report.diagnostics.map(\.message))")
        case .linted:
            #expect(report.status == .linted)
            #expect(pipelineFindings.isEmpty, "\(pipelineFindings.map(\.message))")
        case .skipped:
            #expect(report.status != .linted && report.status != .failed)
            #expect(pipelineFindings.isEmpty)
        case .anyPositionedOutcome:
            #expect(report.diagnostics.allSatisfy { $0.start.line >= 1 && $0.start.column >= 1 })
        }
    }

    /// 1,200 containers on one minified line, each with the same two problems: each rule lists
    /// its first `max-findings-per-rule` findings and one more that says how many it left out,
    /// at the first of them, with their severity; the configuration sets the number.
    @Test func findingsPerRuleAndFileAreCappedWithASummary() throws {
        let container = #"{"name":"c","image":"nginx:1.27","memory":512,"privileged":true,"environment":[{"name":"DB_PASSWORD","value":"x"}]}"#
        let text = #"{"family":"f","containerDefinitions":["# + Array(repeating: container, count: 1_200).joined(separator: ",") + "]}"
        var configuration = Configuration()
        configuration.maxFindingsPerRule = 100
        let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations, configuration: configuration)
        let report = linter.lint(SourceFile(path: "min.json", text: text))
        let secrets = report.diagnostics.filter { $0.code == "ECS401" }
        #expect(secrets.count == 101)
        let summary = try #require(secrets.last)
        #expect(summary.message.hasPrefix("1100 more ECS401 findings in this file not listed: at most 100 are reported per rule and file (limits.max-findings-per-rule); the first one left out: environment variable \"DB_PASSWORD\""),
                "\(summary.message)")
        #expect(summary.severity == .error)
        // At the 101st container's variable (the first at its 1st): columns on the one long line are exact.
        let first = try #require(secrets.first)
        let containerStart = #"{"family":"f","containerDefinitions":["#.utf8.count
        #expect(summary.start.line == 1 && summary.start.column == first.start.column + 100 * (container.utf8.count + 1), "\(summary.start)")
        #expect(first.start.column > containerStart && first.start.column < containerStart + container.utf8.count)
        #expect(report.diagnostics.filter { $0.code == "ECS201" }.count == 101)
        // The default lists 500.
        let defaults = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations)
        #expect(defaults.lint(SourceFile(path: "min.json", text: text)).diagnostics.filter { $0.code == "ECS401" }.count == 501)
    }

    /// The cap counts findings that are not suppressed: a comment on one finding hides that one
    /// only, and the summary's fingerprint names the count, so a baseline that holds it does not
    /// hide a new problem past the cap.
    @Test func theCapComesAfterSuppressionsAndTheSummaryNamesItsCount() throws {
        func template(_ containers: Int) -> String {
            var text = "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n"
            for index in 0..<containers {
                text += "        - Name: c\(index)\n          Image: nginx:1.27\n"
                text += index == 0 ? "          Privileged: true  # ecs-lint: ignore[ECS201] -- the agent needs it\n" : "          Privileged: true\n"
            }
            return text
        }
        var configuration = Configuration()
        configuration.maxFindingsPerRule = 2
        let linter = try Linter(catalog: Repository.catalog, implementations: BuiltinRules.implementations, configuration: configuration)
        func privileged(_ containers: Int) -> [Diagnostic] {
            linter.lint(SourceFile(path: "t.yaml", text: template(containers), lineBreaks: .yaml)).diagnostics.filter { $0.code == "ECS201" }
        }
        let five = privileged(5)
        #expect(five.filter { $0.suppression != nil }.count == 1)          // c0, suppressed, kept
        let active = five.filter { $0.suppression == nil }
        #expect(active.count == 3)                                          // c1, c2 and the summary
        let summary = try #require(active.last)
        #expect(summary.message.hasPrefix("2 more ECS201 findings in this file not listed"), "\(summary.message)")
        // One more privileged container: a new summary fingerprint, so a baseline of five does not hide it.
        let six = try #require(privileged(6).last)
        #expect(six.message.hasPrefix("3 more ECS201 findings"))
        #expect(six.fingerprint != summary.fingerprint)
        #expect(!five.contains { $0.code == "ECS008" })
    }

    @Test func sizesReadAndPrintTheWayPeopleWriteThem() {
        #expect(ByteCount.parse("8MiB") == 8 << 20)
        #expect(ByteCount.parse("500kB") == 500_000)
        #expect(ByteCount.parse("1048576") == 1 << 20)
        #expect(ByteCount.parse(" 2 MB ") == 2_000_000)
        #expect(ByteCount.parse("0") == nil)
        #expect(ByteCount.parse("-5MB") == nil)
        #expect(ByteCount.parse("lots") == nil)
        #expect(ByteCount.parse("99999999999999GiB") == nil)
        #expect(ByteCount.describe(8 << 20) == "8 MiB (8,388,608 bytes)")
        #expect(ByteCount.describe(1_000) == "1,000 bytes")
        #expect(ByteCount.describe(1) == "1 byte")
    }
}
