import ECSLintEngine
import ECSLintModel
import ECSLintRules
import ECSLintSyntax
import Testing

// Rules that misbehave on purpose, to prove what the applier does with their fixes. Each fires
// on a task definition whose family names it.

/// TST001: a fix that makes the file unparseable.
struct BreakingFixRule: Rule {
    init(setup: RuleSetup) throws {}
    func check(_ resource: Resource, in context: RuleContext) {
        guard let family = resource.properties["family"], family.string == "breaks" else { return }
        context.report("breaks", at: family, in: resource,
                       fix: Fix("break the file", edits: [TextEdit(range: SourceRange(start: family.range.start, end: family.range.start), replacement: "{")]))
    }
}

/// TST002: a fix that undoes itself: `flip` ↔ `flop` forever.
struct OscillatingFixRule: Rule {
    init(setup: RuleSetup) throws {}
    func check(_ resource: Resource, in context: RuleContext) {
        guard let family = resource.properties["family"], let text = family.string, ["flip", "flop"].contains(text) else { return }
        let other = text == "flip" ? "flop" : "flip"
        context.report("flips", at: family, in: resource, fix: context.replacing(family, text: text, with: other).map { Fix("flip", edits: [$0]) })
    }
}

/// TST003: an unsafe fix (`unsafe` → `changed`).
struct UnsafeFixRule: Rule {
    init(setup: RuleSetup) throws {}
    func check(_ resource: Resource, in context: RuleContext) {
        guard let family = resource.properties["family"], family.string == "unsafe" else { return }
        context.report("unsafe", at: family, in: resource,
                       fix: context.replacing(family, text: "unsafe", with: "changed").map { Fix("change it", applicability: .unsafe, edits: [$0]) })
    }
}

/// TST004: tries to rewrite every unresolved value of a task definition's containers.
struct UnresolvedEditingRule: Rule {
    init(setup: RuleSetup) throws {}
    func check(_ resource: Resource, in context: RuleContext) {
        for container in resource.properties["containerDefinitions"]?.array ?? [] {
            for member in container.members ?? [] where member.value.isUnresolved {
                context.report("unresolved", at: member.value, in: resource,
                               fix: Fix("rewrite it", edits: [TextEdit(range: member.value.range, replacement: "\"x\"")]))
                // Removing the whole member removes the unresolved value with it.
                context.report("unresolved member", at: member.value, in: resource,
                               fix: context.removing(member, from: container).map { Fix("remove it", edits: [$0]) })
            }
        }
    }
}

enum TestRules {
    static func file(_ code: String, _ name: String, _ implementation: String, fix: String) -> (path: String, text: String) {
        ("rules/test/\(code)-\(name).yaml", """
        code: \(code)
        name: \(name)
        severity: error
        summary: A test rule.
        scope: [taskDefinition]
        fix: \(fix)
        implementation: \(implementation)
        rationale: Tests the fix applier.
        remediation: None.
        examples: []

        """)
    }

    static let linter: Linter = {
        do {
            let files = try GeneratedSources.readRuleFiles(repositoryRoot: Repository.root) + [
                file("TST001", "breaking-fix", "BreakingFixRule", fix: "safe"),
                file("TST002", "oscillating-fix", "OscillatingFixRule", fix: "safe"),
                file("TST003", "unsafe-fix", "UnsafeFixRule", fix: "unsafe"),
                file("TST004", "unresolved-editing", "UnresolvedEditingRule", fix: "safe"),
            ]
            return try Linter(catalog: RuleCatalog(files: files),
                              implementations: BuiltinRules.implementations + [BreakingFixRule.self, OscillatingFixRule.self,
                                                                               UnsafeFixRule.self, UnresolvedEditingRule.self])
        } catch {
            fatalError("test rules do not load: \(error)")
        }
    }()

    static func task(family: String, networkMode: String = "awsvpc") -> String {
        #"{"family": "\#(family)", "networkMode": "\#(networkMode)", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#
    }
}

@Suite struct FixApplierTests {
    /// The breaking fix is reverted and named; the other fix of the file is still applied.
    @Test func aFixThatBreaksTheFileIsRevertedAndNamed() {
        let result = FixApplier(linter: TestRules.linter).fix(SourceFile(path: "task.json", text: TestRules.task(family: "breaks", networkMode: "AWSVPC")))
        #expect(result.problems.contains { if case .breaksFile(rule: "TST001", _, _) = $0 { true } else { false } }, "\(result.problems)")
        #expect(String(decoding: result.fixed, as: UTF8.self) == TestRules.task(family: "breaks", networkMode: "awsvpc"))
        #expect(result.applied.map(\.rule) == ["ECS301"])
    }

    @Test func fixesThatDoNotSettleLeaveTheFileAsItWas() {
        let source = SourceFile(path: "task.json", text: TestRules.task(family: "flip", networkMode: "AWSVPC"))
        let result = FixApplier(linter: TestRules.linter).fix(source)
        #expect(result.problems == [.didNotConverge(rounds: FixApplier.maxRounds, rules: ["TST002"])])
        #expect(!result.changed)
        #expect(result.applied.isEmpty)
        #expect(result.problems.first?.description.contains("did not converge after 10 rounds") == true)
    }

    @Test func unsafeFixesOnlyWhenAsked() {
        let source = SourceFile(path: "task.json", text: TestRules.task(family: "unsafe"))
        #expect(!FixApplier(linter: TestRules.linter).fix(source).changed)
        let unsafe = FixApplier(linter: TestRules.linter, includeUnsafe: true).fix(source)
        #expect(String(decoding: unsafe.fixed, as: UTF8.self) == TestRules.task(family: "changed"))
        #expect(unsafe.applied == [AppliedFix(rule: "TST003", title: "change it", applicability: .unsafe)])
    }

    /// No fix that edits an unresolved value (or removes it with its member) reaches a finding.
    @Test func fixesNeverTouchUnresolvedValues() throws {
        let template = """
        Parameters:
          Image: {Type: String}
        Resources:
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions:
                - Name: web
                  Image: !Ref Image
                  Command: !Split [",", !Sub "${Image},run"]
        """
        let report = TestRules.linter.lint(SourceFile(path: "template.yaml", text: template))
        let findings = report.diagnostics.filter { $0.code == "TST004" }
        #expect(findings.count == 4)
        #expect(findings.allSatisfy { $0.fix == nil })
        let changed = FixApplier(linter: TestRules.linter).fix(SourceFile(path: "template.yaml", text: template)).changed
        #expect(!changed)
    }

    @Test(arguments: [
        ("task.json", #"{"family": "web", "networkMode": "AWSVPC", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}"#),
        ("task.yaml", "family: web\nnetworkMode: AWSVPC\ncontainerDefinitions: [{name: web, image: nginx:1.27\n"),
        ("task.json", "{\"family\": \"web\", \"networkMode\": \"AWSVPC\"\u{0}}"),
    ])
    func aFileThatDoesNotParseIsNeverFixed(_ path: String, _ text: String) {
        let result = FixApplier(linter: TestRules.linter).fix(SourceFile(path: path, text: text))
        #expect(result.report.status == .failed)
        #expect(!result.changed)
    }

    @Test func suppressedFindingsAreNotFixed() throws {
        let text = "family: web\nnetworkMode: AWSVPC  # ecs-lint: ignore[ECS301] -- the test says so\ncontainerDefinitions: [{name: web, image: nginx:1.27}]\n"
        let result = FixApplier(linter: TestRules.linter).fix(SourceFile(path: "task.yaml", text: text))
        #expect(!result.changed)
        #expect(result.report.diagnostics.contains { $0.code == "ECS301" && $0.suppression != nil })
    }

    /// In a run, a file is fixed with the other files as links, and the run is linted again
    /// afterwards: once the task definition's `Family` is spelt `family`, the service in the
    /// other file finds it and needs a network configuration for its awsvpc mode (ECS308),
    /// which only the re-lint of the whole run can know.
    @Test func aRunIsLintedAgainAfterFixing() throws {
        let files = [
            ("taskdef.json", #"{"Family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 256}]}"#),
            ("service.json", #"{"serviceName": "web", "cluster": "prod", "taskDefinition": "web", "desiredCount": 2}"#),
        ]
        let inputs = files.map { file in LintInput(displayPath: file.0) { .success(SourceFile(path: file.0, text: file.1)) } }
        let before = TestRules.linter.lint(inputs)
        #expect(!before[1].diagnostics.contains { $0.code == "ECS308" })
        let run = FixApplier(linter: TestRules.linter).fix(inputs)
        #expect(run.changed.map(\.path) == ["taskdef.json"])
        #expect(run.appliedCount == 1)
        #expect(!run.reports[0].diagnostics.contains { $0.code == "ECS003" })
        #expect(run.reports[1].diagnostics.contains { $0.code == "ECS308" }, "\(run.reports[1].diagnostics.map(\.code))")
    }

    /// Overlapping fixes wait for the next round: the describe wrapper and the members inside it.
    @Test func overlappingFixesTakeSeveralRounds() throws {
        let text = #"{"taskDefinition": {"family": "web", "revision": 3, "networkMode": "AWSVPC", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}}"#
        let result = FixApplier(linter: TestRules.linter).fix(SourceFile(path: "task.json", text: text))
        #expect(result.problems.isEmpty)
        #expect(String(decoding: result.fixed, as: UTF8.self) == #"{"family": "web", "networkMode": "awsvpc", "containerDefinitions": [{"name": "web", "image": "nginx:1.27"}]}"#)
        #expect(Set(result.applied.map(\.rule)) == ["ECS007", "ECS301"])
        #expect(result.applied.count == 3)
    }
}
