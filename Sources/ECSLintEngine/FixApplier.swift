import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// Applies the fixes of a file's findings to its text, the way `ecs-lint --fix` does and the
/// tests prove it (DESIGN.md, ANCHORS.md §B7):
///
/// 1. lint; take the fixes of findings that are not suppressed, of an allowed applicability;
/// 2. take them in source order, skipping a fix with an edit that overlaps one already taken
///    (a wrapper and the members inside it: the rest wait for the next round);
/// 3. apply the edits to the source text, so comments, layout and key order survive;
/// 4. parse and load the result: when it no longer parses (or is no longer an ECS definition),
///    revert, find the fix that broke it, record its rule and never try that fix again;
/// 5. re-lint and repeat, at most `maxRounds` rounds; a file whose fixes do not settle by then
///    is left as it was and reported.
///
/// A file that does not parse (ECS001, ECS012) or is not an ECS definition is never changed.
/// Fixes never touch unresolved values: `RuleContext` drops any fix with an edit inside one.
///
/// In a run, each file is fixed within the run's workspace: the other files as they were read,
/// so links between files (a service and its task definition) hold while a file is fixed. Once
/// every file is fixed, the whole run is linted again, so the findings left are those of the
/// fixed files together.
public struct FixApplier: Sendable {
    public let linter: Linter
    /// Apply unsafe fixes too (`--unsafe-fixes`), not only safe ones.
    public let includeUnsafe: Bool
    /// Only the fixes of these rules (a rule's examples prove that rule's fixes); nil: all rules.
    public let rules: Set<String>?
    public static let maxRounds = 10

    public init(linter: Linter, includeUnsafe: Bool = false, rules: Set<String>? = nil) {
        self.linter = linter
        self.includeUnsafe = includeUnsafe
        self.rules = rules
    }

    /// Whether `--fix` would apply this finding's fix: it has one, of an allowed applicability,
    /// from an allowed rule, and the finding is not suppressed. Baselined findings are fixed: the
    /// baseline accepts findings for the exit status, and a certain repair pays that debt.
    public func applies(to diagnostic: Diagnostic) -> Bool {
        guard let fix = diagnostic.fix, diagnostic.suppression == nil else { return false }
        guard includeUnsafe || fix.applicability == .safe else { return false }
        return rules?.contains(diagnostic.code) ?? true
    }

    // MARK: One file

    /// Fixes one file on its own (links to other files are unknown), in memory.
    public func fix(_ source: SourceFile, displayPath: String? = nil, projectPath: String? = nil, limits: ParseLimits? = nil) -> FixResult {
        let displayPath = displayPath ?? source.path
        switch linter.load(source, displayPath: displayPath, projectPath: projectPath ?? displayPath, limits: limits ?? linter.limits) {
        case .finished(let report):
            return FixResult(unfixed: source, report: report)
        case .loaded(let file):
            let check = { (file: Linter.LoadedFile) in linter.check(file, in: Workspace(files: [file.workspaceFile])) }
            return fix(file, firstReport: check(file), limits: limits ?? linter.limits, check: check).result
        }
    }

    // MARK: A run

    /// The outcome of fixing every file of a run.
    public struct Run: Sendable {
        /// The findings of the run after fixing (what is left), one report per input plus the
        /// configuration's, as `Linter.lint(_:)` returns them.
        public let reports: [FileReport]
        /// Per input: what fixing did (nothing, for a file that did not load).
        public let results: [FixResult]

        public var changed: [FixResult] { results.filter(\.changed) }
        public var appliedCount: Int { results.reduce(0) { $0 + $1.applied.count } }
    }

    /// Lints the files of a run, fixes each (in memory, in parallel; nothing is written), and
    /// lints the fixed run again. The inputs at the indices in `skipping` are linted but not
    /// fixed (a symbolic link `--fix` will not write through).
    public func fix(_ inputs: [LintInput], skipping: Set<Int> = []) -> Run {
        // Each input is read once, so a file that is not fixed still has its text in its result.
        let reads = ResultSlots<Result<SourceFile, LintInput.ReadError>>(count: inputs.count)
        Linter.forEach(inputs.count) { reads.set($0, inputs[$0].read()) }
        let texts = reads.values
        let outcomes = linter.load(inputs.indices.map { index in
            LintInput(displayPath: inputs[index].displayPath, projectPath: inputs[index].projectPath) { texts[index] }
        })
        let workspaceFiles = Linter.workspaceFiles(of: outcomes)
        let moduleFiles = Linter.moduleFiles(of: outcomes)
        let firstReports = linter.check(outcomes, in: Workspace(files: workspaceFiles.compactMap { $0 } + moduleFiles))
        let results = ResultSlots<(FixResult, Linter.LoadOutcome)>(count: outcomes.count)
        let limits = linter.limits
        Linter.forEach(outcomes.count) { index in
            guard !skipping.contains(index), case .loaded(let file) = outcomes[index],
                  firstReports[index].diagnostics.contains(where: applies) else {
                let source = (try? texts[index].get()) ?? SourceFile(path: firstReports[index].path, bytes: [])
                results.set(index, (FixResult(unfixed: source, report: firstReports[index]), outcomes[index]))
                return
            }
            // This file as fixed so far, the others as read.
            let check = { (fixed: Linter.LoadedFile) -> FileReport in
                var files = workspaceFiles
                files[index] = fixed.workspaceFile
                return linter.check(fixed, in: Workspace(files: files.compactMap { $0 } + moduleFiles))
            }
            let (result, fixed) = fix(file, firstReport: firstReports[index], limits: limits, check: check)
            results.set(index, (result, .loaded(fixed)))
        }
        let fixed = results.values
        guard fixed.contains(where: { $0.0.changed }) else {
            return Run(reports: linter.finishRun(firstReports), results: fixed.map(\.0))
        }
        let finalOutcomes = fixed.map(\.1)
        let reports = linter.check(finalOutcomes, in: Linter.workspace(of: finalOutcomes))
        return Run(reports: linter.finishRun(reports), results: fixed.map(\.0))
    }

    // MARK: The loop

    private struct Candidate {
        let code: String
        let fix: Fix
        var key: RejectedFix { RejectedFix(code: code, edits: fix.edits) }
    }

    /// A fix that broke the file, by what it does (it is found again after the revert).
    private struct RejectedFix: Hashable {
        let code: String
        let edits: [TextEdit]
    }

    private enum Attempt {
        case loaded(Linter.LoadedFile)
        case broken(String)
    }

    private func fix(_ original: Linter.LoadedFile, firstReport: FileReport, limits: ParseLimits,
                     check: (Linter.LoadedFile) -> FileReport) -> (result: FixResult, file: Linter.LoadedFile) {
        var current = original
        var report = firstReport
        var applied: [AppliedFix] = []
        var problems: [FixProblem] = []
        var rejected = Set<RejectedFix>()
        var rounds = 0

        func attempt(_ candidates: [Candidate]) -> Attempt {
            let edits = candidates.flatMap(\.fix.edits)
            let before = current.parsed.source
            guard let bytes = TextEdit.apply(edits, to: before.bytes) else { return .broken("its edits overlap") }
            let source = SourceFile(path: before.path, bytes: bytes, lineBreaks: before.lineBreaks)
            switch linter.load(source, displayPath: current.displayPath, projectPath: current.projectPath, limits: limits) {
            case .loaded(let file):
                return .loaded(file)
            case .finished(let failed):
                if case .skipped(let reason) = failed.status { return .broken("the result is no longer an ECS definition (\(reason))") }
                return .broken("the result does not parse: " + failed.diagnostics.map(\.message).joined(separator: "; "))
            }
        }

        while true {
            let candidates = report.diagnostics.filter(applies).compactMap { diagnostic in
                diagnostic.fix.map { Candidate(code: diagnostic.code, fix: $0) }
            }.filter { !rejected.contains($0.key) }
            if candidates.isEmpty { break }
            if rounds == Self.maxRounds {
                problems.append(.didNotConverge(rounds: rounds, rules: Array(Set(candidates.map(\.code))).sorted()))
                current = original
                report = firstReport
                applied = []
                break
            }
            rounds += 1
            var chosen = Self.nonOverlapping(candidates)
            switch attempt(chosen) {
            case .loaded(let file):
                current = file
            case .broken:
                // Find the fixes that break the file on their own; keep the others.
                var kept: [Candidate] = []
                for candidate in chosen {
                    if case .broken(let reason) = attempt([candidate]) {
                        rejected.insert(candidate.key)
                        problems.append(.breaksFile(rule: candidate.code, title: candidate.fix.title, reason: reason))
                    } else {
                        kept.append(candidate)
                    }
                }
                chosen = kept
                if case .loaded(let file) = chosen.isEmpty ? .broken("") : attempt(chosen) {
                    current = file
                } else {
                    // Only together do they break it: give up on all of them.
                    for candidate in chosen {
                        rejected.insert(candidate.key)
                        problems.append(.breaksFile(rule: candidate.code, title: candidate.fix.title, reason: "applied together with the others of its round, the result does not parse"))
                    }
                    chosen = []
                }
            }
            guard !chosen.isEmpty else { continue }
            applied += chosen.map { AppliedFix(rule: $0.code, title: $0.fix.title, applicability: $0.fix.applicability) }
            report = check(current)
        }
        let result = FixResult(path: original.displayPath, sourcePath: original.parsed.source.path, original: original.parsed.source.bytes,
                               fixed: current.parsed.source.bytes, applied: applied, problems: problems, rounds: rounds, report: report)
        return (result, current)
    }

    /// The fixes to apply together: in source order, each whose edits overlap neither each
    /// other nor an edit already taken. Two insertions at one offset overlap too (their order
    /// would be a guess).
    private static func nonOverlapping(_ candidates: [Candidate]) -> [Candidate] {
        func overlap(_ a: SourceRange, _ b: SourceRange) -> Bool {
            (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.start == a.end || b.start == b.end))
        }
        let ordered = candidates.sorted { left, right in
            let l = left.fix.edits.map(\.range.start).min() ?? 0, r = right.fix.edits.map(\.range.start).min() ?? 0
            return l < r
        }
        // Taken ranges never overlap, so sorted by start they are sorted by end too: a new range
        // can only overlap its neighbours in that order (found by binary search).
        var taken: [SourceRange] = []
        func overlapsTaken(_ range: SourceRange) -> Bool {
            var low = 0, high = taken.count
            while low < high {
                let middle = (low + high) / 2
                if taken[middle].start < range.start { low = middle + 1 } else { high = middle }
            }
            return (low < taken.count && overlap(taken[low], range)) || (low > 0 && overlap(taken[low - 1], range))
        }
        func take(_ range: SourceRange) {
            var low = 0, high = taken.count
            while low < high {
                let middle = (low + high) / 2
                if taken[middle].start < range.start { low = middle + 1 } else { high = middle }
            }
            taken.insert(range, at: low)
        }
        var chosen: [Candidate] = []
        for candidate in ordered {
            let ranges = candidate.fix.edits.map(\.range)
            guard !ranges.isEmpty else { continue }
            let selfOverlapping = ranges.indices.contains { i in ranges.indices.contains { j in i < j && overlap(ranges[i], ranges[j]) } }
            guard !selfOverlapping, !ranges.contains(where: overlapsTaken) else { continue }
            ranges.forEach(take)
            chosen.append(candidate)
        }
        return chosen
    }
}

/// What fixing one file did.
public struct FixResult: Sendable {
    /// The file as findings name it.
    public let path: String
    /// The path it was read from (what `--fix` writes).
    public let sourcePath: String
    /// The text as read (empty when it could not be read).
    public let original: [UInt8]
    /// The fixed text; the original when nothing was applied.
    public let fixed: [UInt8]
    /// Every fix applied, in the order applied.
    public let applied: [AppliedFix]
    public let problems: [FixProblem]
    /// Rounds of lint-and-fix it took.
    public let rounds: Int
    /// The file's findings after fixing, as the fixing saw them (for a run, `FixApplier.Run`'s
    /// reports are those of all fixed files together).
    public let report: FileReport

    public var changed: Bool { fixed != original }

    init(path: String, sourcePath: String, original: [UInt8], fixed: [UInt8], applied: [AppliedFix], problems: [FixProblem], rounds: Int,
         report: FileReport) {
        self.path = path
        self.sourcePath = sourcePath
        self.original = original
        self.fixed = fixed
        self.applied = applied
        self.problems = problems
        self.rounds = rounds
        self.report = report
    }

    /// A file with nothing to fix, or one that cannot be fixed (it does not parse or load).
    init(unfixed source: SourceFile, report: FileReport) {
        self.init(path: report.path, sourcePath: source.path, original: source.bytes, fixed: source.bytes, applied: [], problems: [],
                  rounds: 0, report: report)
    }
}

public struct AppliedFix: Sendable, Hashable {
    public let rule: String
    public let title: String
    public let applicability: Fix.Applicability

    public init(rule: String, title: String, applicability: Fix.Applicability) {
        self.rule = rule
        self.title = title
        self.applicability = applicability
    }
}

/// Why a fix was not applied, or a file not fixed.
public enum FixProblem: Sendable, Hashable, CustomStringConvertible {
    /// The fix makes the file unparseable (or no longer an ECS definition): a bug in the rule.
    case breaksFile(rule: String, title: String, reason: String)
    /// Fixes were still found after `FixApplier.maxRounds` rounds: the file is left as it was.
    case didNotConverge(rounds: Int, rules: [String])

    public var description: String {
        switch self {
        case .breaksFile(let rule, let title, let reason):
            return "\(rule)'s fix '\(title)' was not applied: \(reason)"
        case .didNotConverge(let rounds, let rules):
            return "fixes did not converge after \(rounds) rounds (still fixing \(rules.joined(separator: ", "))); the file was left unchanged"
        }
    }
}
