import ECSLintModel

/// An IAM policy document read from the canonical model, kept as written: IAM's own grammar
/// (`Version`, `Statement`, `Effect`, `Action`/`NotAction`, `Resource`/`NotResource`,
/// `Principal`/`NotPrincipal`, `Condition`) in every format. Values the loader could not
/// resolve (intrinsics, placeholders) stay unresolved: what they hold is unknown.
struct PolicyDocument {
    /// Where the document sits and what grammar applies to it.
    enum Kind: Equatable {
        /// A role's trust policy (`AssumeRolePolicyDocument`): statements name principals.
        case trust
        /// A permissions (identity-based) policy: statements must not name principals.
        case identity
        /// A standalone document with principals (a resource-based policy).
        case resource
    }

    let value: Value
    let kind: Kind
    let statements: [PolicyStatement]
    /// `Statement` items that are not statements the document shows (an `Fn::If`, a reference):
    /// the document may allow or deny more than its statements say.
    let unresolvedStatements: [Value]

    init(_ value: Value, kind: Kind) {
        self.value = value
        self.kind = kind
        var statements: [PolicyStatement] = []
        var unresolved: [Value] = []
        let written = value["Statement"]
        let items: [Value] = written.map { $0.array ?? [$0] } ?? []
        for item in items {
            if item.members != nil {
                statements.append(PolicyStatement(item))
            } else {
                unresolved.append(item)
            }
        }
        // Unresolved, or text that is not a JSON document: what it says is unknown.
        if value.members == nil { unresolved.append(value) }
        self.statements = statements
        self.unresolvedStatements = unresolved
    }

    /// Whether everything the document says is known.
    var isComplete: Bool { unresolvedStatements.isEmpty && statements.allSatisfy(\.isComplete) }
}

/// One statement of a policy document.
struct PolicyStatement {
    /// `Action`/`NotAction`, `Resource`/`NotResource` or `Principal`/`NotPrincipal`: a list of
    /// patterns, or (for principals) a map of principal types to lists.
    struct Element {
        /// The `Not…` form.
        let negated: Bool
        /// The member as written.
        let member: Value.Member
        /// Each string item; unresolved items are in `unresolved`.
        let items: [Value]
        let unresolved: [Value]

        var value: Value { member.value }
        var strings: [String] { items.compactMap(\.string) }
    }

    /// One `Condition` test: operator, key, values.
    struct Condition {
        /// As written (`StringEquals`, `ForAnyValue:StringLike`, `ArnLikeIfExists`).
        let `operator`: String
        let key: String
        let values: [Value]
        let value: Value

        /// The key in lower case (condition keys are case-insensitive).
        var normalizedKey: String { key.lowercased() }
        var strings: [String] { values.compactMap(\.string) }
        /// Written as `operator key = values`, for messages; a value the input does not say
        /// (a reference, a parameter) is `…`.
        var text: String {
            let shown = values.map { $0.scalarText ?? "…" }
            return "\(`operator`) \(key) = \(shown.count == 1 ? shown[0] : "[" + shown.joined(separator: ", ") + "]")"
        }
    }

    let value: Value
    let sid: Value?
    let effect: Value?
    let actions: Element?
    let resources: Element?
    let principals: Element?
    let conditions: [Condition]
    /// The `Condition` member as written (nil when there is none).
    let conditionValue: Value?

    init(_ value: Value) {
        self.value = value
        sid = value["Sid"]
        effect = value["Effect"]
        actions = Self.element(value, "Action", "NotAction")
        resources = Self.element(value, "Resource", "NotResource")
        principals = Self.element(value, "Principal", "NotPrincipal")
        conditionValue = value["Condition"]
        var conditions: [Condition] = []
        for test in conditionValue?.members ?? [] {
            for key in test.value.members ?? [] {
                let values = key.value.array ?? [key.value]
                conditions.append(Condition(operator: test.name, key: key.name, values: values, value: key.value))
            }
        }
        self.conditions = conditions
    }

    private static func element(_ statement: Value, _ name: String, _ negatedName: String) -> Element? {
        guard let member = statement.members?.first(where: { $0.name == name || $0.name == negatedName }) else { return nil }
        var items: [Value] = []
        var unresolved: [Value] = []
        func collect(_ value: Value) {
            switch value.content {
            case .string: items.append(value)
            case .array(let list): list.forEach(collect)
            // A principal map: `{"Service": […], "AWS": "…"}`.
            case .object(let members): members.forEach { collect($0.value) }
            case .unresolved: unresolved.append(value)
            default: break
            }
        }
        collect(member.value)
        return Element(negated: member.name == negatedName, member: member, items: items, unresolved: unresolved)
    }

    var isAllow: Bool { effect?.string == "Allow" }
    var isDeny: Bool { effect?.string == "Deny" }
    var isComplete: Bool {
        effect?.isUnresolved != true && (actions?.unresolved.isEmpty ?? true) && (resources?.unresolved.isEmpty ?? true)
            && (principals?.unresolved.isEmpty ?? true) && conditionValue?.containsUnresolved != true
    }

    /// The principals of one type (`Service`, `AWS`, `Federated`), or `*` written alone.
    func principals(ofType type: String) -> [Value] {
        guard let principals, !principals.negated else { return [] }
        if principals.value.string == "*" { return [principals.value] }
        guard let entry = principals.value.members?.first(where: { $0.name == type }) else { return [] }
        return (entry.value.array ?? [entry.value]).filter { $0.string != nil }
    }

    /// Whether the statement names every principal: `"*"` or `{"AWS": "*"}`.
    var namesAnyPrincipal: Bool {
        guard let principals, !principals.negated else { return false }
        return principals.value.string == "*" || self.principals(ofType: "AWS").contains { $0.string == "*" }
    }

    /// The conditions on one key (case-insensitive), whatever the operator.
    func conditions(on key: String) -> [Condition] {
        let lowered = key.lowercased()
        return conditions.filter { $0.normalizedKey == lowered }
    }
}
