import ECSLintModel
import ECSLintSyntax

/// One suppression as written: a YAML comment, a CloudFormation Metadata entry or a
/// `suppressions:` entry of the configuration.
struct SuppressionDirective {
    enum Scope {
        /// Findings that start on (or whose key is on) one of these lines.
        case lines(Set<Int>)
        case file
        /// Findings inside a resource or template.
        case range(SourceRange)
    }

    /// A rule the directive names, where it is written, and what it names.
    struct NamedRule {
        let text: String
        let selector: RuleSelector?
        let position: SourcePosition
    }

    let kind: Suppression.Kind
    let rules: [SuppressionDirective.NamedRule]
    let reason: String?
    let target: SuppressionTarget?
    let expires: String?
    let scope: Scope
    /// The file it is written in (as displayed) and where, for ECS008/ECS009 and `suppression.source`.
    let file: String
    let position: SourcePosition
    /// Index into `Configuration.suppressions` for config entries.
    let configIndex: Int?

    var source: String { "\(file):\(position.line):\(position.column)" }
}

/// A directive that could not be read; reported as ECS008 since it suppresses nothing.
struct MalformedDirective {
    let message: String
    let position: SourcePosition
}

/// Reads suppressions out of one file: `# ecs-lint: ignore[...] -- reason` comments in YAML and
/// `Metadata.ecs-lint.ignore` in CloudFormation.
struct InlineSuppressionReader {
    static let marker = "ecs-lint"
    static let metadataKeys = ["id", "reason", "target", "expires"]

    let parsed: ParsedFile
    let documents: [Document]
    let displayPath: String
    let catalog: RuleCatalog

    func read() -> (directives: [SuppressionDirective], malformed: [MalformedDirective]) {
        var directives: [SuppressionDirective] = []
        var malformed: [MalformedDirective] = []
        if let hcl = parsed.hcl {
            for comment in hcl.comments where comment.text.contains(Self.marker) {
                // `// …` reads as `# …` (same length, so positions hold); `/* */` is no directive.
                let text = comment.text.hasPrefix("//") ? "# " + comment.text.dropFirst(2) : comment.text
                guard text.hasPrefix("#") else { continue }
                switch readComment(YAMLComment(offset: comment.range.start, text: text, isOwnLine: comment.isOwnLine)) {
                case .directive(let directive)?: directives.append(Self.coveringItem(directive, in: hcl, source: parsed.source))
                case .malformed(let problem)?: malformed.append(problem)
                case nil: break
                }
            }
        }
        if parsed.source.lineBreaks == .yaml {
            for comment in YAMLComments.scan(parsed, containing: Self.marker) {
                switch readComment(comment) {
                case .directive(let directive)?: directives.append(directive)
                case .malformed(let problem)?: malformed.append(problem)
                case nil: break
                }
            }
        }
        for document in documents {
            for embedded in document.embeddedSuppressions {
                switch embedded.form {
                case .metadata: readMetadata(embedded, into: &directives, malformed: &malformed)
                case .annotations: readAnnotations(embedded, into: &directives, malformed: &malformed)
                }
            }
        }
        return (directives, malformed)
    }

    enum CommentReading {
        case directive(SuppressionDirective)
        case malformed(MalformedDirective)
    }

    /// `# ecs-lint: ignore[ECS104, ECS105] -- reason` or `# ecs-lint: ignore-file[ECS104] -- reason`.
    /// Comments that merely mention ecs-lint (no `ecs-lint:`) are not directives.
    func readComment(_ comment: YAMLComment) -> CommentReading? {
        let characters = Array(comment.text.unicodeScalars)
        var index = 1  // past '#'
        func skipSpaces() { while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 } }
        func take(_ word: String) -> Bool {
            let scalars = Array(word.unicodeScalars)
            guard index + scalars.count <= characters.count, Array(characters[index..<(index + scalars.count)]) == scalars else { return false }
            index += scalars.count
            return true
        }
        skipSpaces()
        guard take("ecs-lint") else { return nil }
        skipSpaces()
        guard take(":") else { return nil }
        let position = parsed.source.position(of: comment.offset)
        func problem(_ message: String) -> CommentReading {
            .malformed(MalformedDirective(message: "unreadable ecs-lint directive: \(message); write '# ecs-lint: ignore[CODE] -- reason'", position: position))
        }
        skipSpaces()
        let isFile: Bool
        if take("ignore-file") { isFile = true } else if take("ignore") { isFile = false } else {
            return problem("expected 'ignore[...]' or 'ignore-file[...]'")
        }
        skipSpaces()
        guard take("[") else { return problem("the rules go in brackets") }
        guard let close = characters[index...].firstIndex(of: "]") else { return problem("missing ']'") }
        var rules: [SuppressionDirective.NamedRule] = []
        var start = index
        // Offsets of scalars in the comment → byte offsets in the file, for exact positions.
        func byteOffset(_ scalarIndex: Int) -> Int {
            comment.offset + String(String.UnicodeScalarView(characters[0..<scalarIndex])).utf8.count
        }
        for position in index...close where position == close || characters[position] == "," {
            let raw = String(String.UnicodeScalarView(characters[start..<position]))
            let text = raw.trimmingWhitespace
            let leading = raw.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
            if !text.isEmpty {
                rules.append(SuppressionDirective.NamedRule(text: text, selector: RuleSelector(text, catalog: catalog),
                                       position: parsed.source.position(of: byteOffset(start + leading))))
            }
            start = position + 1
        }
        guard !rules.isEmpty else { return problem("name at least one rule in the brackets") }
        index = close + 1
        skipSpaces()
        var reason: String?
        if index < characters.count {
            guard take("--") else { return problem("put the reason after '--'") }
            let text = String(String.UnicodeScalarView(characters[index...])).trimmingWhitespace
            reason = text.isEmpty ? nil : text
        }
        let scope: SuppressionDirective.Scope
        if isFile {
            scope = .file
        } else if comment.isOwnLine {
            scope = .lines([nextContentLine(after: position.line)])
        } else {
            scope = .lines([position.line])
        }
        return .directive(SuppressionDirective(kind: isFile ? .fileComment : .comment, rules: rules, reason: reason, target: nil,
                                               expires: nil, scope: scope, file: displayPath, position: position, configIndex: nil))
    }

    /// In Terraform a directive covers the attribute or block that starts on the line it covers
    /// (the outermost one), with everything inside it: a comment above a resource covers the
    /// resource, one above `container_definitions` the JSON inside it.
    static func coveringItem(_ directive: SuppressionDirective, in file: HCLFile, source: SourceFile) -> SuppressionDirective {
        guard case .lines(let lines) = directive.scope, let line = lines.first else { return directive }
        func find(_ body: HCLBody) -> SourceRange? {
            for item in body.items {
                let range: SourceRange
                let inner: HCLBody?
                switch item {
                case .attribute(let attribute): (range, inner) = (attribute.range, nil)
                case .block(let block): (range, inner) = (block.range, block.body)
                }
                let first = source.position(of: range.start).line
                if first == line { return range }
                if let inner, first < line, source.position(of: max(range.start, range.end - 1)).line >= line, let found = find(inner) {
                    return found
                }
            }
            return nil
        }
        guard let item = find(file.body) else { return directive }
        return SuppressionDirective(kind: directive.kind, rules: directive.rules, reason: directive.reason, target: directive.target,
                                    expires: directive.expires, scope: .range(item), file: directive.file, position: directive.position,
                                    configIndex: directive.configIndex)
    }

    /// The first line after `line` that holds something other than white space or a comment.
    private func nextContentLine(after line: Int) -> Int {
        let source = parsed.source
        var candidate = line + 1
        while candidate <= source.lineCount {
            let text = source.lineText(candidate).trimmingWhitespace
            if !text.isEmpty, !text.hasPrefix("#"), parsed.hcl == nil || !text.hasPrefix("//") { return candidate }
            candidate += 1
        }
        return line + 1
    }

    static let ignoreAnnotation = "ecs-lint.io/ignore", reasonAnnotation = "ecs-lint.io/ignore-reason"
    static let checkAnnotationPrefix = "ignore-check.ecs-lint.io/"

    /// `ecs-lint.io/ignore: "ECS201,ECS202"` with `ecs-lint.io/ignore-reason: "…"`, and
    /// kube-linter's form, one rule per annotation: `ignore-check.ecs-lint.io/ECS201: "reason"`.
    /// Both cover the whole object.
    private func readAnnotations(_ embedded: EmbeddedSuppressions, into directives: inout [SuppressionDirective],
                                 malformed: inout [MalformedDirective]) {
        let source = parsed.source
        func position(_ node: Node) -> SourcePosition { source.position(of: node.range.start) }
        guard let entries = embedded.node.entries else { return }  // not ours to judge: Kubernetes rejects it
        let expected = "expected \(Self.ignoreAnnotation): \"CODE,CODE\" with \(Self.reasonAnnotation), or \(Self.checkAnnotationPrefix)CODE: \"reason\""
        func reason(_ node: Node?) -> String? {
            guard let text = node?.text?.trimmingWhitespace, !text.isEmpty else { return nil }
            return text
        }
        for entry in entries {
            guard let key = entry.key.text else { continue }
            if key == Self.ignoreAnnotation {
                guard let text = entry.value.text, !text.trimmingWhitespace.isEmpty else {
                    malformed.append(MalformedDirective(message: "\(key) names no rule; \(expected)", position: position(entry.value)))
                    continue
                }
                // Each code where it is written in the value (after any quote), when it can be found.
                let raw = source.text(entry.value.range)
                var searchFrom = 0
                let rules = text.split(separator: ",").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }.map { code -> SuppressionDirective.NamedRule in
                    var at = position(entry.value)
                    if let found = String(decoding: raw.utf8.dropFirst(searchFrom), as: UTF8.self).utf8Offset(of: code) {
                        at = source.position(of: entry.value.range.start + searchFrom + found)
                        searchFrom += found + code.utf8.count
                    }
                    return SuppressionDirective.NamedRule(text: code, selector: RuleSelector(code, catalog: catalog), position: at)
                }
                directives.append(SuppressionDirective(
                    kind: .annotation, rules: rules, reason: reason(embedded.node[Self.reasonAnnotation]), target: nil, expires: nil,
                    scope: .range(embedded.scope), file: displayPath, position: position(entry.key), configIndex: nil))
            } else if key.hasPrefix(Self.checkAnnotationPrefix) {
                let code = String(key.dropFirst(Self.checkAnnotationPrefix.count))
                directives.append(SuppressionDirective(
                    kind: .annotation, rules: [.init(text: code, selector: RuleSelector(code, catalog: catalog), position: position(entry.key))],
                    reason: reason(entry.value), target: nil, expires: nil,
                    scope: .range(embedded.scope), file: displayPath, position: position(entry.key), configIndex: nil))
            } else if key != Self.reasonAnnotation, key.hasPrefix("ecs-lint.io/") || key.hasPrefix("ecs-lint/") {
                malformed.append(MalformedDirective(message: "unknown ecs-lint annotation '\(key)'; \(expected)", position: position(entry.key)))
            }
        }
        if let reasonEntry = entries.first(where: { $0.key.text == Self.reasonAnnotation }),
           !entries.contains(where: { $0.key.text == Self.ignoreAnnotation }) {
            malformed.append(MalformedDirective(message: "\(Self.reasonAnnotation) without \(Self.ignoreAnnotation); \(expected)",
                                                position: position(reasonEntry.key)))
        }
    }

    private func readMetadata(_ embedded: EmbeddedSuppressions, into directives: inout [SuppressionDirective],
                              malformed: inout [MalformedDirective]) {
        let source = parsed.source
        func position(_ node: Node) -> SourcePosition { source.position(of: node.range.start) }
        let expected = "expected Metadata: {ecs-lint: {ignore: [{id: CODE, reason: ...}]}}"
        guard let entries = embedded.node.entries else {
            malformed.append(MalformedDirective(message: "ecs-lint Metadata must be a mapping; \(expected)", position: position(embedded.node)))
            return
        }
        for entry in entries where entry.key.text != "ignore" {
            malformed.append(MalformedDirective(message: "unknown ecs-lint Metadata key '\(entry.key.text ?? "")'; \(expected)",
                                                position: position(entry.key)))
        }
        guard let ignore = embedded.node["ignore"] else { return }
        guard let items = ignore.items else {
            malformed.append(MalformedDirective(message: "ecs-lint Metadata 'ignore' must be a list; \(expected)", position: position(ignore)))
            return
        }
        for item in items {
            guard let fields = item.entries else {
                malformed.append(MalformedDirective(message: "each ignore entry is a mapping with id and reason; \(expected)", position: position(item)))
                continue
            }
            var problems: [MalformedDirective] = []
            for field in fields where !Self.metadataKeys.contains(field.key.text ?? "") {
                let name = field.key.text ?? ""
                problems.append(MalformedDirective(
                    message: "unknown key '\(name)' in an ecs-lint ignore entry\(Suggestion.hint(Suggestion.closest(to: name, among: Self.metadataKeys)))"
                        + "; expected \(Self.metadataKeys.joined(separator: ", "))",
                    position: position(field.key)))
            }
            var target: SuppressionTarget?
            if let targetNode = item["target"] {
                do {
                    target = try SuppressionTarget(targetNode.text ?? "")
                } catch {
                    problems.append(MalformedDirective(message: error.message, position: position(targetNode)))
                }
            }
            let expires = item["expires"]?.text
            if let expiresNode = item["expires"], !ExpiryDate.isValid(expires ?? "") {
                problems.append(MalformedDirective(message: "expires must be a date written YYYY-MM-DD", position: position(expiresNode)))
            }
            // `id: ECS401`, `id: "ECS401, ECS011"` or `id: [ECS401, ECS011]`.
            let idNodes = item["id"].map { $0.items ?? [$0] } ?? []
            let ids = idNodes.compactMap { $0.text }.joined(separator: ",")
            guard let idNode = item["id"], idNodes.allSatisfy({ $0.scalar != nil }), !ids.trimmingWhitespace.isEmpty else {
                let message = item["id"] == nil ? "an ecs-lint ignore entry needs 'id'" : "'id' must be a rule code or a list of codes"
                problems.append(MalformedDirective(message: message, position: position(item["id"] ?? item)))
                malformed.append(contentsOf: problems)
                continue
            }
            guard problems.isEmpty else {
                malformed.append(contentsOf: problems)
                continue
            }
            let rules = ids.split(separator: ",").map { part in
                SuppressionDirective.NamedRule(text: part.trimmingWhitespace, selector: RuleSelector(String(part), catalog: catalog), position: position(idNode))
            }
            let reason = item["reason"]?.text?.trimmingWhitespace
            directives.append(SuppressionDirective(
                kind: .metadata, rules: rules, reason: reason?.isEmpty == false ? reason : nil, target: target, expires: expires,
                scope: .range(embedded.scope), file: displayPath, position: position(item), configIndex: nil))
        }
    }
}

extension Substring {
    var trimmingWhitespace: String { String(self).trimmingWhitespace }
}

/// Applies per-file ignores and suppressions to one file's findings, and reports suppressions
/// that are unused (ECS008), unreadable (ECS008), expired (ECS008) or give no reason (ECS009).
struct SuppressionPass {
    let linter: Linter
    let parsed: ParsedFile
    let documents: [Document]
    let projectPath: String

    func apply(to report: inout FileReport) {
        let configuration = linter.configuration
        let ignored = configuration.ignoredRules(forPath: projectPath)
        if !ignored.isEmpty {
            report.diagnostics.removeAll { diagnostic in
                guard let rule = linter.rule(diagnostic.code), !Configuration.alwaysOn.contains(rule.code) else { return false }
                return ignored.contains { $0.matches(rule) }
            }
        }
        var directives: [SuppressionDirective] = []
        var malformed: [MalformedDirective] = []
        if linter.options.inlineSuppressions {
            (directives, malformed) = InlineSuppressionReader(parsed: parsed, documents: documents, displayPath: report.path,
                                                              catalog: linter.catalog).read()
        }
        for (index, entry) in configuration.suppressions.enumerated()
        where Configuration.isInsideProject(projectPath) && entry.path.matches(projectPath) {
            report.coveredBy.insert(index)
            for (ruleIndex, selector) in entry.selectors.enumerated()
            where runsHere(selector) {
                report.judgeableConfigRules.insert(ConfigRuleKey(entry: index, rule: ruleIndex))
            }
            directives.append(SuppressionDirective(
                kind: .config, rules: entry.selectors.map { .init(text: $0.text, selector: $0, position: entry.position) },
                reason: entry.reason, target: entry.target, expires: entry.expires, scope: .file,
                file: configuration.file ?? Configuration.fileNames[0], position: entry.position, configIndex: index))
        }
        guard !directives.isEmpty || !malformed.isEmpty else { return }

        let today = linter.options.today
        var used = directives.map { Array(repeating: 0, count: $0.rules.count) }
        for index in report.diagnostics.indices {
            let diagnostic = report.diagnostics[index]
            guard isSuppressible(diagnostic.code), let rule = linter.rule(diagnostic.code) else { continue }
            for (directiveIndex, directive) in directives.enumerated()
            where !ExpiryDate.hasExpired(directive.expires, today: today) && applies(directive, to: diagnostic) {
                guard let ruleIndex = directive.rules.firstIndex(where: { $0.selector?.matches(rule) == true }) else { continue }
                used[directiveIndex][ruleIndex] += 1
                report.diagnostics[index].suppression = Suppression(kind: directive.kind, reason: directive.reason, source: directive.source)
                if let configIndex = directive.configIndex {
                    report.usedConfigRules.insert(ConfigRuleKey(entry: configIndex, rule: ruleIndex))
                }
                break
            }
        }

        var problems: [(code: String, message: String, position: SourcePosition)] = []
        for problem in malformed {
            problems.append((Linter.unusedSuppressionCode, problem.message, problem.position))
        }
        // Config entries are judged once for the whole run (ConfigSuppressionPass).
        for (directiveIndex, directive) in directives.enumerated() where directive.configIndex == nil {
            if let expires = directive.expires, ExpiryDate.hasExpired(expires, today: today) {
                problems.append((Linter.unusedSuppressionCode, "suppression expired on \(expires); its findings are reported again", directive.position))
                continue
            }
            if directive.reason == nil {
                let how = switch directive.kind {
                case .metadata: "add 'reason' to the entry"
                case .annotation: directive.rules.count == 1 && directive.position == directive.rules[0].position
                    ? "give the reason as the annotation's value" : "add the \(InlineSuppressionReader.reasonAnnotation) annotation"
                default: "add one after ' -- '"
                }
                problems.append((Linter.suppressionWithoutReasonCode, "suppression gives no reason; \(how)", directive.position))
            }
            for (ruleIndex, named) in directive.rules.enumerated() where used[directiveIndex][ruleIndex] == 0 {
                guard let selector = named.selector else {
                    let hint = Suggestion.hint(RuleSelector.suggestion(for: named.text, catalog: linter.catalog))
                    problems.append((Linter.unusedSuppressionCode, "suppression names '\(named.text)', which is no rule\(hint)", named.position))
                    continue
                }
                // A suppression for a rule that is not running here cannot be judged.
                guard runsHere(selector) else { continue }
                problems.append((Linter.unusedSuppressionCode, "suppression of \(named.text) matched no finding; remove it", named.position))
            }
        }
        for problem in problems where isRunning(problem.code) {
            report.diagnostics.append(linter.pipelineDiagnostic(problem.code, problem.message, at: problem.position, displayPath: report.path,
                                                                location: LogicalLocation(resource: nil, segments: [.member(problem.message)])))
        }
    }

    /// Parse errors and findings about suppressions cannot themselves be suppressed inline.
    private func isSuppressible(_ code: String) -> Bool {
        !Configuration.alwaysOn.contains(code) && code != Linter.unusedSuppressionCode && code != Linter.suppressionWithoutReasonCode
    }

    private func isRunning(_ code: String) -> Bool {
        linter.severities[code] != nil && !linter.isIgnored(code, forPath: projectPath)
    }

    /// Some rule the selector names runs for this file, so a suppression of it can be judged.
    private func runsHere(_ selector: RuleSelector) -> Bool {
        linter.catalog.rules.contains { selector.matches($0) && isRunning($0.code) }
    }

    private func applies(_ directive: SuppressionDirective, to diagnostic: Diagnostic) -> Bool {
        if let target = directive.target, !target.covers(diagnostic.location) { return false }
        guard diagnostic.range.start > parsed.source.bytes.count,
              let document = documents.first(where: { $0.attachment(containing: diagnostic.range.start) != nil }) else {
            return applies(directive, range: diagnostic.range, startLine: diagnostic.start.line)
        }
        // A value Terraform reads from elsewhere (a local, a variable's default, a file()) is
        // covered where it is used, and, in this file, also where it is written.
        var range = diagnostic.range
        while let attachment = document.attachment(containing: range.start) {
            if attachment.source === parsed.source {
                let written = SourceRange(start: range.start - attachment.base, end: range.end - attachment.base)
                if applies(directive, range: written, startLine: parsed.source.position(of: written.start).line) { return true }
            }
            range = attachment.anchor
        }
        return applies(directive, range: range, startLine: parsed.source.position(of: range.start).line)
    }

    private func applies(_ directive: SuppressionDirective, range: SourceRange, startLine: Int) -> Bool {
        switch directive.scope {
        case .file:
            return true
        case .range(let covered):
            return covered.contains(range.start)
        case .lines(let lines):
            // Any line the finding spans: the comment may sit on the `Value:` line of a
            // `- Name: … / Value: …` entry that is reported as a whole.
            let last = lastContentLine(of: range, from: startLine)
            if lines.contains(where: { $0 >= startLine && $0 <= last }) { return true }
            return keyLine(of: range).map(lines.contains) ?? false
        }
    }

    /// The line of the last non-blank byte of a range (block nodes end where the next one starts).
    private func lastContentLine(of range: SourceRange, from startLine: Int) -> Int {
        let bytes = parsed.source.bytes
        var end = min(range.end, bytes.count)
        while end > range.start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        guard end > range.start else { return startLine }
        return parsed.source.position(of: end - 1).line
    }

    /// The line of the mapping key whose value is exactly `range`: a comment above `Properties:`
    /// covers a finding on the whole properties block, which starts a line lower.
    private func keyLine(of range: SourceRange) -> Int? {
        var node = parsed.documents.first { $0.range.contains(range.start) }
        while let current = node {
            switch current.content {
            case .scalar:
                return nil
            case .sequence(let items):
                node = items.first { $0.range.contains(range.start) }
            case .mapping(let entries):
                guard let entry = entries.first(where: { $0.value.range.contains(range.start) }) else {
                    return nil
                }
                if entry.value.range == range { return parsed.source.position(of: entry.key.range.start).line }
                node = entry.value
            }
        }
        return nil
    }
}

/// Judges the configuration's `suppressions:` over the whole run: an entry is unused only when
/// it covered files in this run and suppressed nothing in any of them (a pre-commit run on two
/// files says nothing about entries for other files).
struct ConfigSuppressionPass {
    let linter: Linter

    func report(for reports: [FileReport]) -> FileReport? {
        let configuration = linter.configuration
        guard let file = configuration.file, !configuration.suppressions.isEmpty else { return nil }
        var diagnostics: [Diagnostic] = []
        func add(_ code: String, _ message: String, _ position: SourcePosition) {
            guard linter.severities[code] != nil else { return }
            diagnostics.append(linter.pipelineDiagnostic(code, message, at: position, displayPath: file,
                                                         location: LogicalLocation(resource: nil, segments: [.member(message)])))
        }
        for (index, entry) in configuration.suppressions.enumerated() where reports.contains(where: { $0.coveredBy.contains(index) }) {
            if let expires = entry.expires, ExpiryDate.hasExpired(expires, today: linter.options.today) {
                add(Linter.unusedSuppressionCode, "suppression expired on \(expires); its findings are reported again", entry.position)
                continue
            }
            if entry.reason == nil {
                add(Linter.suppressionWithoutReasonCode, "suppression gives no reason; add 'reason'", entry.position)
            }
            // Judged per named rule, and only where that rule ran (not ignored, selected away or
            // turned off for the file), like comments and Metadata.
            for (ruleIndex, selector) in entry.selectors.enumerated() {
                let key = ConfigRuleKey(entry: index, rule: ruleIndex)
                guard reports.contains(where: { $0.judgeableConfigRules.contains(key) }),
                      !reports.contains(where: { $0.usedConfigRules.contains(key) }) else { continue }
                add(Linter.unusedSuppressionCode, "suppression of \(selector.text) for '\(entry.path)' matched no finding; remove it", entry.position)
            }
        }
        guard !diagnostics.isEmpty else { return nil }
        let projectPath = configuration.projectPath ?? file
        var report = FileReport(path: file, status: .configuration, diagnostics: diagnostics, projectPath: projectPath)
        report.fingerprintFindings()
        return report
    }
}

/// The `# ecs-lint: ignore[…]` comment directives of a YAML file, for conversions that carry
/// them into a format with no comments (as CloudFormation Metadata or annotations).
public struct CommentSuppression: Sendable {
    /// The rule codes (or selectors) as written.
    public let rules: [String]
    public let reason: String?
    /// `ignore-file[…]`: the whole file.
    public let wholeFile: Bool
    /// The line the directive covers (its own, or the next content line for a comment on a
    /// line of its own); nil for `ignore-file`.
    public let coveredLine: Int?
    public let position: SourcePosition

    /// Every readable directive of `parsed` (unreadable ones are the linter's ECS008 findings).
    public static func read(_ parsed: ParsedFile) -> [CommentSuppression] {
        guard parsed.source.lineBreaks == .yaml else { return [] }
        let reader = InlineSuppressionReader(parsed: parsed, documents: [], displayPath: parsed.source.path,
                                             catalog: RuleCatalog(embedded: [], files: []))
        return YAMLComments.scan(parsed, containing: InlineSuppressionReader.marker).compactMap { comment in
            guard case .directive(let directive)? = reader.readComment(comment) else { return nil }
            var line: Int?
            if case .lines(let lines) = directive.scope { line = lines.first }
            return CommentSuppression(rules: directive.rules.map(\.text), reason: directive.reason, wholeFile: directive.kind == .fileComment,
                                      coveredLine: line, position: directive.position)
        }
    }
}
