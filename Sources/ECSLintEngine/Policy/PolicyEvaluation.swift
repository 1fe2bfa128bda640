import ECSLintModel

extension PolicyCondition {
    /// The condition on `subject`, a value of `scope`'s resource.
    public func evaluate(on subject: Value, in scope: PolicyScope) -> PolicyTruth {
        switch self {
        case .test(let test):
            let truth = test.evaluate(on: subject, in: scope)
            if scope.isPrecondition, case .vacuous = truth { return .failure(at: nil) }
            return truth
        case .described(let condition, let message):
            let truth = condition.evaluate(on: subject, in: scope)
            guard case .fails(var failure) = truth else { return truth }
            failure.message = failure.message ?? message
            return .fails(failure)
        case .all(let conditions):
            return PolicyTruth.conjunction(conditions.lazy.map { $0.evaluate(on: subject, in: scope) })
        case .any(let conditions):
            var unknown = false
            var firstFailure: PolicyTruth?
            for condition in conditions {
                let truth = condition.evaluate(on: subject, in: scope)
                switch truth {
                case .holds: return truth
                case .unknown: unknown = true
                case .fails: firstFailure = firstFailure ?? truth
                case .vacuous: break
                }
            }
            if unknown { return .unknown }
            return firstFailure ?? .vacuous
        case .not(let condition):
            // A message inside `not` was written for the inner condition failing, so it is dropped.
            switch condition.evaluate(on: subject, in: scope) {
            case .holds(let witness): return .failure(at: witness)
            case .fails(let failure): return .holds(witness: failure.at)
            case .unknown: return .unknown
            case .vacuous: return .vacuous
            }
        }
    }
}

extension PolicyTest {
    func evaluate(on subject: Value, in scope: PolicyScope) -> PolicyTruth {
        let selection: PolicyPath.Selection
        if let path {
            selection = path.select(from: subject, in: scope)
        } else {
            selection = PolicyPath.Selection(values: subject.isNull ? [] : [subject], metUnknown: false)
        }
        switch operation {
        case .exists:
            if let first = selection.values.first { return .holds(witness: first) }
            return selection.metUnknown ? .unknown : .failure(at: nil)
        case .absent:
            if let first = selection.values.first { return .failure(at: first) }
            return selection.metUnknown ? .unknown : .holds(witness: nil)
        case .equals(let literal):
            return every(selection) { text in Self.same(text, literal) }
        case .oneOf(let literals):
            return every(selection) { text in literals.contains { Self.same(text, $0) } }
        case .matches(let regex):
            // A pattern that exhausts its match budget decides nothing: unknown, never a finding,
            // and the run says so (DeclarativeRule) rather than staying silent.
            return every(selection) { text, value in
                let decided = regex.decide(text)
                if decided == nil { scope.noteExhausted(regex, on: value) }
                return decided
            }
        case .range(let min, let max):
            return every(selection) { text in
                guard let number = Double(text) else { return nil }
                return (min.map { number >= $0 } ?? true) && (max.map { number <= $0 } ?? true)
            }
        case .contains(let literal):
            return contains(literal, in: selection)
        case .count(let min, let max):
            return count(selection, min: min, max: max)
        case .uniqueBy(let keyPath):
            return unique(selection, by: keyPath, in: scope)
        case .table(let table):
            return table.evaluate(on: subject, in: scope)
        case .atMost(let other):
            return compare(selection, with: other, on: subject, in: scope, by: <=)
        case .atLeast(let other):
            return compare(selection, with: other, on: subject, in: scope, by: >=)
        case .each(let condition):
            return each(selection, satisfies: condition, in: scope)
        }
    }

    /// Numbers compared with the one number at `other`; `{bound}` shows it in a message.
    private func compare(_ selection: PolicyPath.Selection, with other: PolicyPath, on subject: Value, in scope: PolicyScope,
                         by holds: (Double, Double) -> Bool) -> PolicyTruth {
        let bounds = other.select(from: subject, in: scope)
        if bounds.metUnknown { return .unknown }
        guard let bound = bounds.values.first else { return selection.metUnknown ? .unknown : .vacuous }
        guard let boundText = bound.scalarText, let limit = Double(boundText) else { return .unknown }
        let truth = every(selection) { text in Double(text).map { holds($0, limit) } }
        guard case .fails(var failure) = truth else { return truth }
        failure.bindings["bound"] = boundText
        return .fails(failure)
    }

    private func each(_ selection: PolicyPath.Selection, satisfies condition: PolicyCondition, in scope: PolicyScope) -> PolicyTruth {
        let truths = selection.values.lazy.map { value -> PolicyTruth in
            if value.isUnresolved { return .unknown }
            let truth = condition.evaluate(on: value, in: scope)
            if case .holds(nil) = truth { return .holds(witness: value) }
            return truth
        }
        let truth = PolicyTruth.conjunction(truths)
        if case .fails = truth { return truth }
        return selection.metUnknown ? .unknown : truth
    }

    /// Every selected value passes `test` (nil: cannot tell); vacuous when none is there.
    private func every(_ selection: PolicyPath.Selection, _ test: (String) -> Bool?) -> PolicyTruth {
        every(selection) { text, _ in test(text) }
    }

    private func every(_ selection: PolicyPath.Selection, _ test: (String, Value) -> Bool?) -> PolicyTruth {
        if selection.values.isEmpty { return selection.metUnknown ? .unknown : .vacuous }
        var unknown = selection.metUnknown
        var witness: Value?
        for value in selection.values {
            // Objects and arrays where a scalar belongs are a type problem (ECS004), not this rule's.
            guard let text = value.scalarText, let passed = test(text, value) else {
                unknown = true
                continue
            }
            if !passed { return .failure(at: value) }
            witness = witness ?? value
        }
        return unknown ? .unknown : .holds(witness: witness)
    }

    private func items(of selection: PolicyPath.Selection) -> (items: [Value], container: Value?, unknown: Bool) {
        if let path, !path.isMultiple {
            guard let value = selection.values.first else { return ([], nil, selection.metUnknown) }
            if value.isUnresolved { return ([], value, true) }
            return (value.array ?? [value], value, selection.metUnknown)
        }
        return (selection.values, selection.anchor, selection.metUnknown)
    }

    private func contains(_ literal: String, in selection: PolicyPath.Selection) -> PolicyTruth {
        let (items, container, metUnknown) = items(of: selection)
        var unknown = metUnknown
        for item in items {
            guard let text = item.scalarText else {
                unknown = true
                continue
            }
            if Self.same(text, literal) { return .holds(witness: item) }
        }
        return unknown ? .unknown : .failure(at: container)
    }

    /// An unresolved item (`Fn::If` that may give `AWS::NoValue`) is one item or none: the
    /// count fails only when it fails either way.
    private func count(_ selection: PolicyPath.Selection, min: Int?, max: Int?) -> PolicyTruth {
        let (items, container, unknown) = items(of: selection)
        if unknown { return .unknown }
        let most = items.count
        let least = items.count { !$0.isUnresolved }
        if let min, most < min { return .fails(PolicyFailure(at: container, text: String(most))) }
        if let max, least > max { return .fails(PolicyFailure(at: container, text: String(least))) }
        if least != most, min.map({ least < $0 }) ?? false || max.map({ most > $0 }) ?? false { return .unknown }
        return .holds(witness: container)
    }

    private func unique(_ selection: PolicyPath.Selection, by keyPath: PolicyPath, in scope: PolicyScope) -> PolicyTruth {
        var unknown = selection.metUnknown
        var compared = false
        for array in selection.values {
            guard let items = array.array else {
                unknown = unknown || array.isUnresolved
                continue
            }
            compared = true
            var seen = Set<String>()
            for item in items {
                let keys = keyPath.select(from: item, in: scope)
                unknown = unknown || keys.metUnknown
                guard let key = keys.values.first, let text = key.scalarText else { continue }
                if !seen.insert(text).inserted { return .failure(at: key) }
            }
        }
        if unknown { return .unknown }
        return compared ? .holds(witness: nil) : .vacuous
    }

    /// Equal as text, or as numbers (`"256"` and `256`, `1.0` and `1`).
    static func same(_ text: String, _ literal: String) -> Bool {
        if text == literal { return true }
        guard let left = Double(text), let right = Double(literal) else { return false }
        return left == right
    }
}

extension PolicyTruth {
    /// `all`: the first failure; else unknown if a part is; else nothing to test if a part had
    /// nothing to test; else holds (with the first witness). A part with nothing to test makes
    /// the whole vacuous rather than letting the others decide, so that `not: {all: [A, B]}`
    /// does not fail on a resource without B's field: a missing field is never a failure, also
    /// under `not` (in `when`, a test with nothing to test is already false, see `evaluate`).
    static func conjunction(_ truths: some Sequence<PolicyTruth>) -> PolicyTruth {
        var unknown = false
        var vacuous = true  // until a part says otherwise: nothing at all is nothing to test
        var sawPart = false
        var witness: Value?
        for truth in truths {
            if !sawPart { vacuous = false; sawPart = true }
            switch truth {
            case .fails: return truth
            case .unknown: unknown = true
            case .holds(let found): witness = witness ?? found
            case .vacuous: vacuous = true
            }
        }
        if unknown { return .unknown }
        return vacuous ? .vacuous : .holds(witness: witness)
    }
}

extension PolicyTable {
    /// Holds when one row accepts every column's value. A failure is at the first column no row
    /// accepts together with the columns before it, and binds `{valid-<column>}` for each column:
    /// what the rows accepting the earlier columns allow there ("valid memory for this cpu").
    func evaluate(on subject: Value, in scope: PolicyScope) -> PolicyTruth {
        var values: [(text: String, value: Value)] = []
        for column in columns {
            let selection = column.path.select(from: subject, in: scope)
            if selection.metUnknown { return .unknown }
            // A missing value is another rule's finding (ECS102 for Fargate sizes).
            guard let value = selection.values.first else { return .vacuous }
            guard let text = value.scalarText else { return .unknown }
            values.append((text, value))
        }
        var candidates = rows
        var failedAt: Int?
        var bindings: [String: String] = [:]
        for (index, column) in columns.enumerated() {
            bindings[column.name] = values[index].text
            bindings["valid-" + column.name] = Self.describe(candidates.map { $0[column.name] ?? .any })
            guard failedAt == nil else { continue }
            let accepting = candidates.filter { ($0[column.name] ?? .any).accepts(values[index].text) }
            if accepting.isEmpty { failedAt = index } else { candidates = accepting }
        }
        guard let failedAt else { return .holds(witness: values.first?.value) }
        let at = values[failedAt].value
        return .fails(PolicyFailure(at: at, text: values[failedAt].text, bindings: bindings))
    }

    /// "256, 512, 1024" or "2048–8192 in steps of 1024", without repeats, in row order.
    static func describe(_ cells: [Cell]) -> String {
        var parts: [String] = []
        for cell in cells {
            let part: [String]
            switch cell {
            case .any: return "any value"
            case .values(let values): part = values
            case .steps(let from, let to, let step):
                part = ["\(TaskSize.format(from))–\(TaskSize.format(to)) in steps of \(TaskSize.format(step))"]
            }
            for text in part where !parts.contains(text) { parts.append(text) }
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

extension PolicyTable.Cell {
    func accepts(_ text: String) -> Bool {
        switch self {
        case .any:
            return true
        case .values(let values):
            return values.contains { PolicyTest.same(text, $0) }
        case .steps(let from, let to, let step):
            guard let number = Double(text), number >= from, number <= to else { return false }
            let steps = (number - from) / step
            return steps == steps.rounded()
        }
    }
}
