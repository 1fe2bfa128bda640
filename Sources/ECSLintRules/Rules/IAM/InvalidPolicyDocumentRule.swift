import ECSLintEngine
import ECSLintModel

/// IAM109: a policy document IAM rejects, or reads other than it looks. The grammar is the IAM
/// JSON policy reference's:
/// - `Version` missing (IAM then reads the document as `2008-10-17`, where policy variables are
///   plain text) or other than `2012-10-17`; missing and `2008-10-17` are warnings (valid, but
///   outdated) unless the document uses policy variables;
///   YAML may write the date unquoted, and its text is what counts;
/// - elements other than `Version`, `Id`, `Statement`, and in a statement `Sid`, `Effect`,
///   `Principal`/`NotPrincipal`, `Action`/`NotAction`, `Resource`/`NotResource`, `Condition`
///   (with did-you-mean: `Actions`), an element and its `Not…` form together;
/// - `Effect` other than `Allow` or `Deny` (they are case-sensitive);
/// - an action that is not `service:action` (wildcards allowed) or `*`;
/// - a resource that is neither `*` nor an ARN;
/// - `Principal` in a permissions policy, no `Principal` in a trust or resource policy, a
///   principal type other than `AWS`, `Service`, `Federated`, `CanonicalUser`; `Resource` in a
///   trust policy; no `Action`, and (permissions policies) no `Resource`;
/// - a `Sid` used twice in one document, or (IAM policies) with characters other than letters
///   and digits;
/// - a condition operator IAM does not have (with its `ForAllValues:`/`ForAnyValue:` prefix
///   and `IfExists` suffix; `NullIfExists` is none), or a condition that is not a map of keys.
/// Unresolved values (intrinsics, placeholders) are unknown and never reported.
struct InvalidPolicyDocumentRule: Rule {
    static let documentElements = ["Version", "Id", "Statement"]
    static let statementElements = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]
    static let principalTypes = ["AWS", "Service", "Federated", "CanonicalUser"]

    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        for item in PolicyDocuments.of(resource, context.document) {
            Checker(item: item, resource: resource, context: context).run()
        }
    }

    /// The checks of one document.
    struct Checker {
        let item: PolicyDocuments.Item
        let resource: Resource
        let context: RuleContext
        var kind: PolicyDocument.Kind { item.document.kind }

        func error(_ message: String, at value: Value) {
            context.report(message, at: value, in: resource)
        }

        func unknownKey(_ member: Value.Member, in place: String, known: [String]) {
            context.report("\(place) has an element \"\(member.name)\" IAM does not know\(Suggestions.hint(member.name, among: known)); IAM rejects the policy",
                           atKeyOf: member, in: resource)
        }

        func run() {
            let document = item.document.value
            guard let members = document.members else { return }
            for member in members where !InvalidPolicyDocumentRule.documentElements.contains(member.name) {
                unknownKey(member, in: item.label.prefix(1).uppercased() + item.label.dropFirst(), known: InvalidPolicyDocumentRule.documentElements)
            }
            checkVersion(document)
            guard let statements = document["Statement"] else {
                // A misspelt `Statements` is reported as an unknown element already.
                if !members.contains(where: { Suggestion.closest(to: $0.name, among: ["Statement"], ignoringCase: true, maxDistance: 2) != nil }) {
                    error("\(item.label) has no Statement: IAM rejects a policy without statements", at: document)
                }
                return
            }
            let items: [Value]
            switch statements.content {
            case .array(let list): items = list
            case .object: items = [statements]
            case .unresolved: return
            default:
                error("Statement in \(item.label) is neither a statement nor a list of them", at: statements)
                return
            }
            var sids: Set<String> = []
            for statement in items {
                if statement.isUnresolved { continue }
                guard statement.members != nil else {
                    error("a Statement item of \(item.label) is not a statement (a map with Effect, Action, …)", at: statement)
                    continue
                }
                checkStatement(statement)
                if let sid = statement["Sid"]?.string, !sid.isEmpty, !sids.insert(sid).inserted {
                    error("Sid \"\(sid)\" is used twice in \(item.label): IAM requires each statement's Sid to be unique in its policy", at: statement["Sid"]!)
                }
            }
        }

        func checkVersion(_ document: Value) {
            let variables = InvalidPolicyDocumentRule.policyVariables(in: document)
            let broken = variables.isEmpty ? "" : ": its \(PolicyDocuments.listed(variables.map { "\"\($0)\"" }, limit: 3)) would be matched as written"
            guard let version = document["Version"] else {
                // The same grammar as an explicit "2008-10-17", and as often AWS's own samples:
                // a warning unless the document relies on policy variables.
                context.report("\(item.label) has no Version, so IAM reads it with the 2008-10-17 grammar, where policy variables such as ${aws:username} are plain text\(broken); add Version: \"2012-10-17\"",
                               at: document, in: resource, atMost: variables.isEmpty ? .warning : nil)
                return
            }
            if version.isUnresolved { return }
            switch version.scalarText {
            case "2012-10-17"?: return
            case "2008-10-17"?:
                // Valid but old: an error only when the document relies on what it lacks.
                context.report("Version \"2008-10-17\" is the old policy grammar, without policy variables such as ${aws:username}\(broken); use \"2012-10-17\"",
                               at: version, in: resource, atMost: variables.isEmpty ? .warning : nil)
            default:
                error("Version \(version.scalarText.map { "\"\($0)\"" } ?? "is not text and") is not a policy language version: IAM knows \"2012-10-17\" (current) and \"2008-10-17\"; write \"2012-10-17\"", at: version)
            }
        }

        func checkStatement(_ statement: Value) {
            let members = statement.members ?? []
            let name = item.name(of: PolicyStatement(statement))
            var suggested: Set<String> = []
            for member in members where !InvalidPolicyDocumentRule.statementElements.contains(member.name) {
                unknownKey(member, in: name.prefix(1).uppercased() + name.dropFirst(), known: InvalidPolicyDocumentRule.statementElements)
                if let close = Suggestion.closest(to: member.name, among: InvalidPolicyDocumentRule.statementElements, ignoringCase: true, maxDistance: 2) {
                    suggested.insert(close)
                }
            }
            func has(_ element: String) -> Bool { statement[element] != nil || suggested.contains(element) }
            func pair(_ element: String, _ negated: String) {
                if let second = members.last(where: { $0.name == negated }), statement[element] != nil {
                    context.report("\(name) has both \(element) and \(negated): a statement takes one of them", atKeyOf: second, in: resource)
                }
            }
            pair("Action", "NotAction")
            pair("Resource", "NotResource")
            pair("Principal", "NotPrincipal")

            if let sid = statement["Sid"], !sid.isUnresolved {
                if let text = sid.string {
                    if kind != .resource, !text.unicodeScalars.allSatisfy(InvalidPolicyDocumentRule.isAlphanumeric) {
                        error("Sid \"\(text)\" has characters other than letters and digits, which IAM policies do not allow; write it as one word (\"\(String(text.unicodeScalars.filter(InvalidPolicyDocumentRule.isAlphanumeric)))\")", at: sid)
                    }
                } else {
                    error("Sid is not text", at: sid)
                }
            }

            if let effect = statement["Effect"] {
                if !effect.isUnresolved, effect.string != "Allow", effect.string != "Deny" {
                    let text = effect.scalarText.map { "\"\($0)\"" } ?? "not text"
                    error("Effect is \(text)\(Suggestions.hint(effect.scalarText ?? "", among: ["Allow", "Deny"])), and IAM takes only \"Allow\" or \"Deny\" (case-sensitive)", at: effect)
                }
            } else if !has("Effect") {
                error("\(name) has no Effect: add Effect: Allow or Effect: Deny", at: statement)
            }

            let actions = statement["Action"] ?? statement["NotAction"]
            if let actions {
                for action in Self.items(of: actions) { checkAction(action) }
            } else if !has("Action"), !has("NotAction") {
                error("\(name) has no Action: say which actions it allows or denies", at: statement)
            }

            let resources = statement["Resource"] ?? statement["NotResource"]
            if kind == .trust, let member = members.last(where: { $0.name == "Resource" || $0.name == "NotResource" }) {
                context.report("\(name) has \(member.name), which a trust policy does not take (the resource is the role): IAM rejects it; remove it", atKeyOf: member, in: resource)
            } else if let resources {
                for value in Self.items(of: resources) { checkResource(value) }
            } else if kind == .identity, !has("Resource"), !has("NotResource") {
                error("\(name) has no Resource: a permissions policy statement names the resources it applies to (\"*\" or ARNs)", at: statement)
            }

            let principal = members.last { $0.name == "Principal" || $0.name == "NotPrincipal" }
            if kind == .identity, let principal {
                context.report("\(name) has \(principal.name), which a permissions policy does not take: it applies to whoever it is attached to. Remove it (who may assume a role belongs in its trust policy)",
                               atKeyOf: principal, in: resource)
            } else if let principal {
                checkPrincipal(principal.value)
            } else if kind != .identity, !has("Principal"), !has("NotPrincipal") {
                let what = kind == .trust ? "who may assume the role (Service: ecs-tasks.amazonaws.com for a task role)" : "who it grants access to"
                error("\(name) has no Principal: a \(kind == .trust ? "trust" : "resource") policy statement names \(what)", at: statement)
            }

            if let condition = statement["Condition"] { checkCondition(condition) }
        }

        static func items(of value: Value) -> [Value] {
            value.array ?? [value]
        }

        func checkAction(_ action: Value) {
            if action.isUnresolved { return }
            guard let text = action.string else {
                error("an Action item is not text: actions are written \"service:ActionName\"", at: action)
                return
            }
            guard text != "*", !InvalidPolicyDocumentRule.isAction(text) else { return }
            error("\"\(text)\" is not an action: IAM writes them \"service:ActionName\" (\"s3:GetObject\", \"ecr:*\") or \"*\"", at: action)
        }

        func checkResource(_ value: Value) {
            if value.isUnresolved { return }
            guard let text = value.string else {
                error("a Resource item is not text: resources are \"*\" or ARNs", at: value)
                return
            }
            guard text != "*", !text.hasPrefix("arn:") else { return }
            error("Resource \"\(text)\" is neither \"*\" nor an ARN (arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE): IAM rejects it", at: value)
        }

        func checkPrincipal(_ value: Value) {
            switch value.content {
            case .unresolved: return
            case .string(let text):
                if text != "*" {
                    error("Principal \"\(text)\" is neither \"*\" nor a map of principal types ({AWS: …}, {Service: …}, {Federated: …})", at: value)
                }
            case .object(let members):
                for member in members where !InvalidPolicyDocumentRule.principalTypes.contains(member.name) {
                    context.report("Principal has a type \"\(member.name)\" IAM does not know\(Suggestions.hint(member.name, among: InvalidPolicyDocumentRule.principalTypes)); the types are AWS, Service, Federated and CanonicalUser",
                                   atKeyOf: member, in: resource)
                }
            default:
                error("Principal is neither \"*\" nor a map of principal types ({AWS: …}, {Service: …}, {Federated: …})", at: value)
            }
        }

        func checkCondition(_ condition: Value) {
            guard let tests = condition.members else {
                if !condition.isUnresolved { error("Condition is not a map of operators to keys ({StringEquals: {aws:SourceAccount: \"123456789012\"}})", at: condition) }
                return
            }
            for test in tests {
                let parsed = ConditionOperator(test.name)
                if !parsed.isKnown {
                    var hint = Suggestions.hint(parsed.base, among: ConditionOperator.names)
                    if parsed.knownBase != nil, parsed.qualifier != nil { hint = " (the prefixes are ForAllValues: and ForAnyValue:)" }
                    if parsed.knownBase == "Null", parsed.ifExists { hint = " (Null tests existence itself and takes no IfExists)" }
                    context.report("condition operator \"\(test.name)\" is not one IAM has\(hint); IAM rejects the policy", atKeyOf: test, in: resource)
                } else if test.value.members == nil, !test.value.isUnresolved {
                    error("condition operator \(test.name) takes a map of condition keys to values ({aws:SourceAccount: \"123456789012\"})", at: test.value)
                }
            }
        }
    }

    /// The policy variables (`${aws:username}`) a document uses: text the loader keeps as a
    /// placeholder.
    static func policyVariables(in value: Value) -> [String] {
        var found: [String] = []
        func walk(_ value: Value) {
            switch value.content {
            case .unresolved(.placeholder(let text)) where text.contains("${"):
                if !found.contains(text) { found.append(text) }
            case .array(let items): items.forEach(walk)
            case .object(let members): members.forEach { walk($0.value) }
            default: break
            }
        }
        walk(value)
        return found
    }

    /// `service:Action`, with `*` and `?` allowed in both parts.
    static func isAction(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        let prefixOK = parts[0].unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "*" || $0 == "?" }
        let nameOK = parts[1].unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "*" || $0 == "?" }
        return prefixOK && nameOK
    }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
