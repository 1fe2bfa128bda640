import ECSLintModel

extension PolicyCondition {
    /// The condition on `subject`; `root` is the resource's properties (paths starting with `$`).
    public func evaluate(on subject: Value, root: Value) -> PolicyTruth {
        switch self {
        case .test(let test):
            return test.evaluate(on: subject, root: root)
        case .all(let conditions):
            var unknown = false
            var held = false
            var witness: Value?
            for condition in conditions {
                switch condition.evaluate(on: subject, root: root) {
                case .fails(let at, let text, let bindings): return .fails(at: at, text: text, bindings: bindings)
                case .unknown: unknown = true
                case .holds(let found):
                    held = true
                    witness = witness ?? found
                case .vacuous: break
                }
            }
            if unknown { return .unknown }
            return held ? .holds(witness: witness) : .vacuous
        case .any(let conditions):
            var unknown = false
            var firstFailure: PolicyTruth?
            for condition in conditions {
                let truth = condition.evaluate(on: subject, root: root)
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
            switch condition.evaluate(on: subject, root: root) {
            case .holds(let witness): return .failure(at: witness)
            case .fails(let at, _, _): return .holds(witness: at)
            case .unknown: return .unknown
            case .vacuous: return .vacuous
            }
        }
    }
}

extension PolicyTest {
    func evaluate(on subject: Value, root: Value) -> PolicyTruth {
        let selection: PolicyPath.Selection
        if let path {
            selection = path.select(from: subject, root: root)
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
            // A pattern that exhausts its match budget decides nothing: unknown, never a finding.
            return every(selection) { text in regex.decide(text) }
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
            return unique(selection, by: keyPath, root: root)
        case .table(let table):
            return table.evaluate(on: subject, root: root)
        }
    }

    /// Every selected value passes `test` (nil: cannot tell); vacuous when none is there.
    private func every(_ selection: PolicyPath.Selection, _ test: (String) -> Bool?) -> PolicyTruth {
        if selection.values.isEmpty { return selection.metUnknown ? .unknown : .vacuous }
        var unknown = selection.metUnknown
        var witness: Value?
        for value in selection.values {
            // Objects and arrays where a scalar belongs are a type problem (ECS004), not this rule's.
            guard let text = value.scalarText, let passed = test(text) else {
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

    private func count(_ selection: PolicyPath.Selection, min: Int?, max: Int?) -> PolicyTruth {
        let (items, container, unknown) = items(of: selection)
        if unknown { return .unknown }
        let count = items.count
        if let min, count < min { return .fails(at: container, text: String(count), bindings: [:]) }
        if let max, count > max { return .fails(at: container, text: String(count), bindings: [:]) }
        return .holds(witness: container)
    }

    private func unique(_ selection: PolicyPath.Selection, by keyPath: PolicyPath, root: Value) -> PolicyTruth {
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
                let keys = keyPath.select(from: item, root: root)
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

extension PolicyTable {
    func evaluate(on subject: Value, root: Value) -> PolicyTruth {
        var texts: [String: String] = [:]
        var first: Value?
        for column in columns {
            let selection = column.path.select(from: subject, root: root)
            if selection.metUnknown { return .unknown }
            // A missing value is another rule's finding (ECS102 for Fargate sizes).
            guard let value = selection.values.first else { return .vacuous }
            guard let text = value.scalarText else { return .unknown }
            texts[column.name] = text
            first = first ?? value
        }
        let allowed = rows.contains { row in
            columns.allSatisfy { column in
                guard let text = texts[column.name] else { return false }
                return (row[column.name] ?? .any).accepts(text)
            }
        }
        return allowed ? .holds(witness: first) : .fails(at: first, text: first?.scalarText, bindings: texts)
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

extension Value {
    var isNull: Bool {
        if case .null = content { return true }
        return false
    }
}
