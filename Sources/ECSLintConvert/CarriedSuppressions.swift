import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// Suppressions written in a form the target cannot hold, carried as data it can: YAML comment
/// directives (no output format keeps comments) and a Kubernetes object's annotations become
/// CloudFormation `Metadata.ecs-lint.ignore` entries; comments and CloudFormation Metadata become
/// annotations of ACK objects. So a suppressed finding stays suppressed after conversion. (A
/// Metadata entry with `expires` is not carried into annotations, which cannot expire.)
struct CarriedSuppression: Sendable {
    /// The input it is written in.
    let input: Int
    let rules: [String]
    let reason: String?
    /// The resource it covers; nil for the whole file (`ignore-file`, a template's Metadata).
    let resource: ResourceKey?
    /// The part of the resource it covers, as a logical path; nil for the whole resource.
    let target: String?

    /// A resource of one input (ranges are unique within a file).
    struct ResourceKey: Hashable, Sendable {
        let input: Int
        let start: Int
        let end: Int

        init(input: Int, resource: Resource) {
            self.input = input
            start = resource.range.start
            end = resource.range.end
        }
    }

    /// The comment directives of every input, placed on the resource (and the value) of the line
    /// each covers.
    static func fromComments(_ inputs: [ConversionInput]) -> [CarriedSuppression] {
        var carried: [CarriedSuppression] = []
        for (index, input) in inputs.enumerated() {
            for directive in CommentSuppression.read(input.parsed) {
                guard let line = directive.coveredLine else {
                    carried.append(CarriedSuppression(input: index, rules: directive.rules, reason: directive.reason, resource: nil, target: nil))
                    continue
                }
                let resources = input.documents.flatMap(\.resources)
                let source = input.source
                // The innermost resource whose text holds the line.
                guard let resource = resources.filter({ source.position(of: $0.range.start).line <= line
                        && source.position(of: max($0.range.start, $0.range.end - 1)).line >= line })
                    .min(by: { $0.range.end - $0.range.start < $1.range.end - $1.range.start }) else { continue }
                let target = outermostPath(in: resource.properties, onLine: line, source: source)
                carried.append(CarriedSuppression(input: index, rules: directive.rules, reason: directive.reason,
                                                  resource: ResourceKey(input: index, resource: resource), target: target))
            }
        }
        return carried
    }

    /// The embedded suppressions of every input of one form (CloudFormation Metadata, or
    /// annotations), for targets that hold the other form.
    static func fromEmbedded(_ inputs: [ConversionInput], form: EmbeddedSuppressions.Form) -> [CarriedSuppression] {
        var carried: [CarriedSuppression] = []
        for (index, input) in inputs.enumerated() {
            for document in input.documents {
                for embedded in document.embeddedSuppressions where sameForm(embedded.form, form) {
                    let covered = document.resources.filter { embedded.scope.start <= $0.range.start && $0.range.end <= embedded.scope.end }
                    let keys: [ResourceKey?] = embedded.resource == nil && form == .metadata ? [nil] : covered.map { ResourceKey(input: index, resource: $0) }
                    for (rules, reason, target) in entries(embedded) {
                        for key in keys { carried.append(CarriedSuppression(input: index, rules: rules, reason: reason, resource: key, target: target)) }
                    }
                }
            }
        }
        return carried
    }

    private static func sameForm(_ a: EmbeddedSuppressions.Form, _ b: EmbeddedSuppressions.Form) -> Bool {
        switch (a, b) {
        case (.metadata, .metadata), (.annotations, .annotations): return true
        default: return false
        }
    }

    /// The rules, reason and target of each suppression an embedded node holds.
    private static func entries(_ embedded: EmbeddedSuppressions) -> [(rules: [String], reason: String?, target: String?)] {
        switch embedded.form {
        case .metadata:
            return (embedded.node["ignore"]?.items ?? []).compactMap { item in
                // An annotation cannot expire: a suppression that does is not carried (its
                // finding comes back, as it would when the date passes).
                guard item["expires"] == nil else { return nil }
                let ids = (item["id"].map { $0.items ?? [$0] } ?? []).compactMap(\.text)
                    .flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters() } }.filter { !$0.isEmpty }
                guard !ids.isEmpty else { return nil }
                return (ids, item["reason"]?.text, item["target"]?.text)
            }
        case .annotations:
            var result: [(rules: [String], reason: String?, target: String?)] = []
            for entry in embedded.node.entries ?? [] {
                guard let key = entry.key.text else { continue }
                if key == "ecs-lint.io/ignore", let text = entry.value.text {
                    let rules = text.split(separator: ",").map { String($0).trimmingCharacters() }.filter { !$0.isEmpty }
                    if !rules.isEmpty { result.append((rules, embedded.node["ecs-lint.io/ignore-reason"]?.text, nil)) }
                } else if key.hasPrefix("ignore-check.ecs-lint.io/") {
                    let reason = entry.value.text.flatMap { $0.isEmpty ? nil : $0 }
                    result.append(([String(key.dropFirst("ignore-check.ecs-lint.io/".count))], reason, nil))
                }
            }
            return result
        }
    }

    /// The logical path of the outermost value written on `line` (a member by its key, a list
    /// item by its dash), or nil when the line holds no value of the resource (the directive then
    /// covers all of it). A comment covers the findings on its line; as a target it covers that
    /// value and everything inside it.
    private static func outermostPath(in value: Value, onLine line: Int, source: SourceFile) -> String? {
        func visit(_ value: Value) -> String? {
            switch value.content {
            case .object(let members):
                for member in members {
                    let start = member.keyRange?.start ?? member.value.range.start
                    if source.position(of: start).line == line { return member.value.path }
                    if let found = visit(member.value) { return found }
                }
            case .array(let items):
                for item in items {
                    if source.position(of: item.range.start).line == line { return item.path }
                    if let found = visit(item) { return found }
                }
            default:
                break
            }
            return nil
        }
        return visit(value).flatMap { $0.isEmpty ? nil : $0 }
    }

    // MARK: Writing

    /// A `Metadata.ecs-lint.ignore` item.
    var metadataEntry: Node {
        var entries: [(String, Node)] = [("id", rules.count == 1 ? Build.string(rules[0]) : Build.sequence(rules.map(Build.string)))]
        if let reason { entries.append(("reason", Build.string(reason))) }
        if let target { entries.append(("target", Build.string(target))) }
        return Build.mapping(entries)
    }

    /// `ignore-check.ecs-lint.io/CODE: reason` annotations (an annotation covers the object).
    var annotations: [(String, Node)] {
        rules.map { ("ignore-check.ecs-lint.io/\($0)", Build.string(reason ?? "")) }
    }

    /// Adds `Metadata.ecs-lint.ignore` items to a template: on the resources (by logical ID), and
    /// the template's own for those of no resource. Items already there are kept.
    static func addingMetadata(to template: Node, resources: [String: [Node]], template templateItems: [Node]) -> Node {
        guard !resources.isEmpty || !templateItems.isEmpty, let sections = template.entries else { return template }
        func withIgnore(_ node: Node?, _ items: [Node]) -> Node {
            var metadata = node?.entries.map { $0.map { ($0.key.text ?? "", $0.value) } } ?? []
            var ecsLint = metadata.first { $0.0 == "ecs-lint" }?.1.entries.map { $0.map { ($0.key.text ?? "", $0.value) } } ?? []
            let existing = ecsLint.first { $0.0 == "ignore" }?.1.items ?? []
            ecsLint.removeAll { $0.0 == "ignore" }
            ecsLint.append(("ignore", Build.sequence(existing + items)))
            metadata.removeAll { $0.0 == "ecs-lint" }
            metadata.append(("ecs-lint", Build.mapping(ecsLint)))
            return Build.mapping(metadata)
        }
        var entries = sections.map { ($0.key.text ?? "", $0.value) }
        if let index = entries.firstIndex(where: { $0.0 == "Resources" }), let resourceEntries = entries[index].1.entries {
            let rewritten = resourceEntries.map { entry -> (String, Node) in
                let id = entry.key.text ?? ""
                guard let items = resources[id], let fields = entry.value.entries else { return (id, entry.value) }
                var pairs = fields.map { ($0.key.text ?? "", $0.value) }
                let metadata = withIgnore(entry.value["Metadata"], items)
                if let at = pairs.firstIndex(where: { $0.0 == "Metadata" }) { pairs[at].1 = metadata } else { pairs.append(("Metadata", metadata)) }
                return (id, Build.mapping(pairs))
            }
            entries[index].1 = Build.mapping(rewritten)
        }
        if !templateItems.isEmpty {
            let metadata = withIgnore(template["Metadata"], templateItems)
            if let at = entries.firstIndex(where: { $0.0 == "Metadata" }) {
                entries[at].1 = metadata
            } else {
                entries.insert(("Metadata", metadata), at: entries.firstIndex { $0.0 == "Resources" } ?? entries.count)
            }
        }
        return Build.mapping(entries)
    }
}

private extension String {
    func trimmingCharacters() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
