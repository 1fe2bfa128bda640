import ECSLintModel

/// Runs a rule file's `check:` block on each resource in the rule's scope.
struct DeclarativeRule: Rule {
    let check: PolicyCheck

    struct MissingCheck: Error, CustomStringConvertible {
        let code: String
        var description: String { "\(code): implementation 'check' without a check block" }
    }

    init(setup: RuleSetup) throws {
        guard let check = setup.check else { throw MissingCheck(code: setup.description.code) }
        self.check = check
    }

    func check(_ resource: Resource, in context: RuleContext) {
        let scope = PolicyScope(resource: resource, context: context)
        let root = resource.properties
        let subjects = check.forEach.map { $0.select(from: root, in: scope).values.filter { !$0.isUnresolved } } ?? [root]
        // Patterns that could not decide, kept only where that left the check undecided (an
        // `any` that holds through another condition is decided).
        var undecidedPatterns: [(pattern: String, value: Value)] = []
        for subject in subjects {
            let exhaustedBefore = scope.exhaustedPatterns.count
            if let when = check.when {
                scope.isPrecondition = true
                let applies = when.evaluate(on: subject, in: scope)
                scope.isPrecondition = false
                guard case .holds = applies else {
                    if case .unknown = applies { undecidedPatterns += scope.exhaustedPatterns[exhaustedBefore...] }
                    continue
                }
            }
            let outcome = check.assertion.evaluate(on: subject, in: scope)
            if case .unknown = outcome { undecidedPatterns += scope.exhaustedPatterns[exhaustedBefore...] }
            guard case .fails(let failure) = outcome else { continue }
            let target = check.reportAt.flatMap { $0.select(from: subject, in: scope).values.first } ?? failure.at ?? subject
            // The parser makes sure one of the two exists.
            let template = failure.message ?? check.message ?? ""
            let message = Self.render(template, target: target, text: failure.text, bindings: failure.bindings,
                                      subject: subject, resource: resource)
            context.report(message, at: target, in: resource)
        }
        // Fails closed: a value the check could not judge is a finding of the rule, never a
        // silent pass (a gate must not turn green because a pattern is slow). One per pattern
        // and resource, at the first value it could not decide.
        var undecided: [String: (first: Value, count: Int)] = [:]
        var order: [String] = []
        for (pattern, value) in undecidedPatterns {
            if let seen = undecided[pattern] {
                undecided[pattern] = (seen.first, seen.count + 1)
            } else {
                undecided[pattern] = (value, 1)
                order.append(pattern)
            }
        }
        for pattern in order {
            guard let (value, count) = undecided[pattern] else { continue }
            let subject = value.path.isEmpty ? "a value" : value.path
            let more = count > 1 ? " (and \(count - 1) more value\(count == 2 ? "" : "s") of this resource)" : ""
            context.report("could not decide: the pattern '\(pattern)' ran out of its match budget on \(subject)\(more), so the check cannot tell whether it passes. Nested quantifiers such as (a+)+ backtrack exponentially: simplify the pattern",
                           at: value, in: resource)
        }
    }

    /// Fills `{value}`, `{path}`, `{container}`, `{family}`, `{resource}`, `{name}` and a table's
    /// column names; `?` where there is nothing to show.
    static func render(_ template: String, target: Value, text: String?, bindings: [String: String], subject: Value, resource: Resource) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            output += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            let replacement: String?
            switch name {
            case "value": replacement = text ?? target.scalarText
            case "path": replacement = target.path.isEmpty ? nil : target.path
            case "container": replacement = container(of: target, in: resource)
            case "family": replacement = resource.properties["family"]?.scalarText ?? resource.name
            case "resource": replacement = resource.logicalID ?? resource.name
            // Without a name (or with an unresolved one), where the value is: better than "?".
            case "name": replacement = subject["name"]?.scalarText ?? (subject.path.isEmpty ? nil : subject.path)
            default: replacement = bindings[name]
            }
            output += replacement ?? "?"
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    /// The `name` of the container definition a value sits in (`containerDefinitions[2]…`).
    static func container(of value: Value, in resource: Resource) -> String? {
        let prefix = "containerDefinitions["
        guard value.path.hasPrefix(prefix) else { return nil }
        let digits = value.path.dropFirst(prefix.count).prefix { $0.isNumber }
        guard let index = Int(digits), let containers = resource.properties["containerDefinitions"]?.array, index < containers.count else {
            return nil
        }
        return TaskFacts.containerName(containers[index])
    }
}
