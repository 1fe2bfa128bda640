import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// A rule implemented in Swift. One type per file in `Sources/ECSLintRules/Rules/<Family>/`; the
/// rule's YAML file names the type in `implementation:`.
public protocol Rule: Sendable {
    /// Built once per run: compile patterns and read data tables here, never per file.
    init(setup: RuleSetup) throws
    /// Called once per resource whose kind is in the rule's scope.
    func check(_ resource: Resource, in context: RuleContext)
    /// Called once per loaded file for rules with the `file` scope.
    func checkFile(_ context: RuleContext)
}

extension Rule {
    public func check(_ resource: Resource, in context: RuleContext) {}
    public func checkFile(_ context: RuleContext) {}
}

/// What a rule gets when it is built.
public struct RuleSetup: Sendable {
    public let description: RuleDescription
    /// The rule's data table (`data:` in its YAML), if any.
    public let data: Node?
    /// Values from `rules: {CODE: {...}}` in the configuration, already checked against the
    /// rule's declared parameters.
    public let parameters: [String: Node]
    /// The compiled `check:` block of a declarative rule.
    public let check: PolicyCheck?
    /// Every data table of the catalog by file name (`iam-actions.json`), for rules that read
    /// more than their own.
    public let table: @Sendable (String) -> Node?

    public init(description: RuleDescription, data: Node?, parameters: [String: Node] = [:], check: PolicyCheck? = nil,
                table: @escaping @Sendable (String) -> Node? = { _ in nil }) {
        self.description = description
        self.data = data
        self.parameters = parameters
        self.check = check
        self.table = table
    }

    /// A `string-list` or `pattern-list` parameter; empty when not configured.
    public func strings(parameter name: String) -> [String] {
        parameters[name]?.items?.compactMap(\.text) ?? []
    }

    /// A `boolean` parameter; nil when not configured.
    public func bool(parameter name: String) -> Bool? {
        guard let node = parameters[name], node.scalar?.kind == .bool else { return nil }
        return node.text == "true"
    }

    public struct DataError: Error, CustomStringConvertible {
        public let message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// The data table, or an error naming the rule.
    public func requireData() throws -> Node {
        guard let data else { throw DataError(message: "\(description.code) needs a data table") }
        return data
    }

    /// Compiles a list of patterns found at `key` in the data table.
    public func patterns(_ key: String, in node: Node? = nil) throws -> [Regex] {
        guard let items = (node ?? data)?[key]?.items else {
            throw DataError(message: "\(description.code): data table has no '\(key)' list")
        }
        return try items.map { item in
            guard let pattern = item.text ?? item["pattern"]?.text else {
                throw DataError(message: "\(description.code): '\(key)' holds a non-pattern item")
            }
            return try Regex(pattern)
        }
    }
}

/// Findings of one rule not listed: the first of them, how many, and their highest severity.
typealias LeftOutFindings = (first: Diagnostic, count: Int, severity: Severity)

/// What a rule sees while it checks one file: the loaded documents and a way to report.
public final class RuleContext {
    public let source: SourceFile
    public let displayPath: String
    public let parsed: ParsedFile
    public let documents: [Document]
    /// Every resource of the run, for links to other resources and files.
    public let workspace: Workspace
    /// The document the current resource belongs to.
    public internal(set) var document: Document?
    var description: RuleDescription?
    var severity: Severity = .error
    var diagnostics: [Diagnostic] = []
    /// Warnings about the rules themselves (not findings), each once.
    var notes: [String] = []
    /// At most this many findings of one rule are kept in memory for the file (ten times what
    /// is listed, `Linter.listed`, so that suppressions can still match the ones listed); the
    /// rest are only counted (`overflow`), so that a file with a million repeated problems costs
    /// neither minutes nor gigabytes.
    var maxFindingsKeptPerRule = Int.max
    private var keptFindings: [String: Int] = [:]
    /// Per rule: how many findings were not kept, the first of them and their highest severity.
    private(set) var overflow: [String: LeftOutFindings] = [:]

    init(source: SourceFile, displayPath: String, parsed: ParsedFile, documents: [Document], workspace: Workspace) {
        self.source = source
        self.displayPath = displayPath
        self.parsed = parsed
        self.documents = documents
        self.workspace = workspace
    }

    /// Reports a finding on a value (its range and logical path). `atMost` lowers the severity
    /// of this one finding (SYS_PTRACE is a warning where other capabilities are errors); it
    /// never raises what the configuration set.
    ///
    /// `raisedTo` makes this one finding more severe than the rule's default (ECS309's public IP
    /// is a warning, and an error off Fargate), but only while the configuration leaves the
    /// rule's severity at its default: a user who turned the rule down keeps it down.
    public func report(_ message: String, at value: Value, in resource: Resource, atMost: Severity? = nil, raisedTo: Severity? = nil,
                       fix: Fix? = nil) {
        let configured = severity
        if let raisedTo, raisedTo > configured, configured == description?.severity { severity = raisedTo }
        report(message, range: value.range, logicalPath: value.path, resource: resource, atMost: atMost, fix: fix)
        severity = configured
    }

    /// Reports a finding on a member's key as written (an unknown or read-only field), or on its
    /// value when the key has no place in the source.
    public func report(_ message: String, atKeyOf member: Value.Member, in resource: Resource, atMost: Severity? = nil, fix: Fix? = nil) {
        report(message, range: member.keyRange ?? member.value.range, logicalPath: member.value.path, resource: resource, atMost: atMost, fix: fix)
    }

    /// Reports a finding on a source range; `logicalPath` names it inside `resource` when it has one.
    public func report(_ message: String, range: SourceRange, logicalPath: String?, resource: Resource?, atMost: Severity? = nil, fix: Fix? = nil) {
        guard let description else { return }
        let configured = severity
        if let atMost, atMost < configured { severity = atMost }
        defer { severity = configured }
        let location: LogicalLocation
        if let resource, let logicalPath {
            location = LogicalLocation(logicalPath: logicalPath, in: resource)
        } else {
            location = LogicalLocation(offset: range.start, in: parsed)
        }
        let kept = keptFindings[description.code, default: 0]
        if kept >= maxFindingsKeptPerRule, let leftOut = overflow[description.code] {
            overflow[description.code] = (leftOut.first, leftOut.count + 1, max(leftOut.severity, severity))
            return
        }
        let place = self.place(range)
        let diagnostic = Diagnostic(
            code: description.code, name: description.name, severity: severity, message: message,
            file: place.file, range: range, start: place.start, end: place.end,
            logicalPath: logicalPath, resource: resource.flatMap { $0.logicalID ?? $0.name }, location: location,
            fix: fix.flatMap { touchesUnresolvedValue($0) || touchesAliasedText($0) ? nil : located($0) })
        if kept >= maxFindingsKeptPerRule {
            overflow[description.code] = (diagnostic, 1, severity)
        } else {
            keptFindings[description.code] = kept + 1
            diagnostics.append(diagnostic)
        }
    }

    // MARK: Edits for fixes

    /// Where the file's unresolved values are (intrinsics, placeholders, dynamic references),
    /// found on the first fix.
    private var unresolvedRanges: [SourceRange]?

    /// Fixes never change what ecs-lint cannot know: a fix with an edit inside (or over) an
    /// unresolved value is dropped, whatever rule made it.
    private func touchesUnresolvedValue(_ fix: Fix) -> Bool {
        if unresolvedRanges == nil {
            var ranges: [SourceRange] = []
            func collect(_ value: Value) {
                switch value.content {
                case .unresolved: ranges.append(value.range)
                case .array(let items): items.forEach(collect)
                case .object(let members): members.forEach { collect($0.value) }
                default: break
                }
            }
            for document in documents { document.resources.forEach { collect($0.properties) } }
            unresolvedRanges = ranges
        }
        return fix.edits.contains { edit in
            unresolvedRanges!.contains { edit.range.start < $0.end && $0.start < edit.range.end }
        }
    }

    /// Fixes never edit YAML text that an alias or merge key repeats elsewhere: the edit would
    /// change every copy, not only the value the finding is about.
    private func touchesAliasedText(_ fix: Fix) -> Bool {
        parsed.aliasedRanges.contains { aliased in
            fix.edits.contains { $0.range.start < aliased.end && aliased.start < $0.range.end }
        }
    }

    private func located(_ fix: Fix) -> Fix {
        var fix = fix
        fix.spans = fix.edits.map { Fix.Span(start: source.position(of: $0.range.start), end: source.position(of: $0.range.end)) }
        return fix
    }

    /// Renames a member's key in place (keeping its quotes); nil when the key is not written
    /// plainly in the source.
    public func renaming(_ member: Value.Member, to name: String) -> TextEdit? {
        guard document?.format.allowsTextEdits != false, let key = member.keyRange else { return nil }
        return SourceEdits.replacing(member.writtenName, with: name, in: key, of: source)
    }

    /// Rewrites a scalar value in place (keeping its quotes).
    public func replacing(_ value: Value, text old: String, with new: String) -> TextEdit? {
        guard document?.format.allowsTextEdits != false else { return nil }
        return SourceEdits.replacing(old, with: new, in: value.range, of: source)
    }

    /// Deletes a member from the object it belongs to, with its comma or lines.
    public func removing(_ member: Value.Member, from object: Value) -> TextEdit? {
        guard document?.format.allowsTextEdits != false, let key = member.keyRange, let members = object.members,
              let index = members.firstIndex(where: { $0.keyRange == key }) else { return nil }
        let nextKey = members.index(after: index) < members.endIndex ? members[members.index(after: index)].keyRange?.start : nil
        let value = SourceRange(start: member.value.range.start, end: textEnd(of: member.value))
        return SourceEdits.removingEntry(key: key, value: value, nextKey: nextKey, in: source)
    }

    /// Deletes an item from the list it belongs to, with its comma or lines.
    public func removing(item: Value, from list: Value) -> TextEdit? {
        guard document?.format.allowsTextEdits != false, let items = list.array, items.contains(where: { $0 === item }) else { return nil }
        return SourceEdits.removingItem(SourceRange(start: item.range.start, end: textEnd(of: item)), onlyItem: items.count == 1, in: source)
    }

    /// Where a value's text ends. libyaml ends a block mapping or list where the next token
    /// starts, after any comment lines in between (which belong to what follows); its text ends
    /// with its last child's. A flow collection ends at its closing bracket.
    private func textEnd(of value: Value) -> Int {
        let inner: Int
        switch value.content {
        case .object(let members) where !members.isEmpty:
            inner = max(textEnd(of: members[members.count - 1].value), members[members.count - 1].keyRange?.end ?? 0)
        case .array(let items) where !items.isEmpty:
            inner = textEnd(of: items[items.count - 1])
        default:
            return value.range.end
        }
        let bytes = source.bytes
        var last = min(value.range.end, bytes.count) - 1
        while last >= inner, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[last]) { last -= 1 }
        if last >= inner, bytes[last] == UInt8(ascii: "}") || bytes[last] == UInt8(ascii: "]") { return value.range.end }
        return min(inner, value.range.end)
    }

    /// Replaces `container` (a whole document's mapping) by `value`, one of its values.
    public func unwrapping(_ value: Node, from container: Node) -> [TextEdit]? {
        SourceEdits.unwrapping(value, from: container, in: source)
    }

    public func position(of offset: Int) -> SourcePosition { place(SourceRange(start: offset, end: offset)).start }

    /// The file and positions of a range: in the linted file, or in a file one of its documents
    /// reads (a Terraform `file()`, a local in another `.tf` file of the module).
    public func place(_ range: SourceRange) -> (file: String, start: SourcePosition, end: SourcePosition) {
        if range.start > source.bytes.count, let attachment = documents.lazy.compactMap({ $0.attachment(containing: range.start) }).first {
            let file = attachment.source === source ? displayPath : TerraformPath.joined(TerraformPath.directory(of: displayPath), attachment.relativePath)
            let local = attachment.source
            return (file, local.position(of: range.start - attachment.base), local.position(of: max(range.start, range.end) - attachment.base))
        }
        return (displayPath, source.position(of: range.start), source.position(of: range.end))
    }

    /// A warning about the running rule itself, such as a pattern that could not decide: the
    /// run shows it on standard error. Not a finding, so it never changes the exit status.
    public func note(_ message: String) {
        let note = "\(description?.code ?? "?"): \(message)"
        if !notes.contains(note) { notes.append(note) }
    }


    /// The services (and AppSpecs) of the run that run `taskDefinition`: by `Ref`/`GetAtt` in
    /// the same template, or by family, `family:revision` or ARN in any file (`Workspace`).
    public func services(running taskDefinition: Resource) -> [Resource] {
        workspace.services(running: taskDefinition, in: displayPath).map(\.resource)
    }

    /// The task definition a service or AppSpec of this file runs, when the run has it.
    public func taskDefinition(of service: Resource) -> Workspace.Entry? {
        workspace.taskDefinition(of: service, in: displayPath)
    }

    /// The cluster a service of this file runs in, when the run has it.
    public func cluster(of service: Resource) -> Workspace.Entry? {
        workspace.cluster(of: service, in: displayPath)
    }

    /// The resource of `kind` a `Ref`/`GetAtt` in `resource` names in the same template.
    public func referenced(_ value: Value, kind: Resource.Kind, from resource: Resource) -> Workspace.Entry? {
        workspace.referenced(value, kind: kind, from: resource, in: displayPath)
    }

    /// The resource and canonical value that contain a byte offset (deepest first).
    public func locate(offset: Int) -> (resource: Resource, value: Value)? {
        for document in documents {
            for resource in document.resources where resource.range.start <= offset && offset < resource.range.end {
                var current = resource.properties
                descend: while true {
                    let children: [Value]
                    switch current.content {
                    case .array(let items): children = items
                    case .object(let members): children = members.map(\.value)
                    default: break descend
                    }
                    guard let next = children.first(where: { $0.range.start <= offset && offset < $0.range.end }) else { break }
                    current = next
                }
                return (resource, current)
            }
        }
        return nil
    }
}
