import ECSLintModel
import ECSLintSyntax

/// A declarative check from a rule file's `check:` block (rules/README.md, "Declarative checks"):
///
/// ```yaml
/// check:
///   for-each: containerDefinitions[*]        # the values checked (default: the resource)
///   when: {path: $.requiresCompatibilities, contains: FARGATE}
///   assert: {path: image, matches: '^\d{12}\.dkr\.ecr\.'}
///   message: 'container {container} pulls {value} from outside our registries'
/// ```
///
/// A finding is made for each checked value where `when` holds and `assert` fails. Unknown
/// values (intrinsic functions, placeholders) make a condition unknown, and unknown never fails:
/// the linter does not guess.
public struct PolicyCheck: Sendable {
    public let forEach: PolicyPath?
    public let when: PolicyCondition?
    public let assertion: PolicyCondition
    public let message: String

    public init(forEach: PolicyPath?, when: PolicyCondition?, assertion: PolicyCondition, message: String) {
        self.forEach = forEach
        self.when = when
        self.assertion = assertion
        self.message = message
    }
}

/// `all`, `any`, `not` over tests.
public indirect enum PolicyCondition: Sendable {
    case all([PolicyCondition])
    case any([PolicyCondition])
    case not(PolicyCondition)
    case test(PolicyTest)
}

/// One assertion about the values a path selects from the checked value.
public struct PolicyTest: Sendable {
    public enum Operation: Sendable {
        /// At least one value (not null) is there.
        case exists
        /// No value is there.
        case absent
        case equals(String)
        case oneOf([String])
        /// The selected array (or the items a wildcard selects) holds this value.
        case contains(String)
        case matches(Regex)
        case range(min: Double?, max: Double?)
        /// How many values the path selects (items of an array when it selects one array).
        case count(min: Int?, max: Int?)
        /// No two items of the selected array share the value at this path.
        case uniqueBy(PolicyPath)
        case table(PolicyTable)
    }

    /// nil: the checked value itself.
    public let path: PolicyPath?
    public let operation: Operation

    public init(path: PolicyPath?, operation: Operation) {
        self.path = path
        self.operation = operation
    }
}

/// Allowed combinations of values (`table:`), e.g. Fargate's cpu/memory pairs. A cell is a value,
/// a list of values or `{from, to, step}`.
public struct PolicyTable: Sendable {
    public struct Column: Sendable {
        public let name: String
        public let path: PolicyPath
    }

    public enum Cell: Sendable {
        case values([String])
        case steps(from: Double, to: Double, step: Double)
        /// The row does not constrain this column.
        case any
    }

    public let columns: [Column]
    public let rows: [[String: Cell]]
}

/// Three-valued truth: a condition over an unknown value is unknown, and only a failure is a
/// finding.
public enum PolicyTruth: Sendable {
    /// `witness`: the value that made it hold, if one did (where `not` reports).
    case holds(witness: Value?)
    /// `at`: the value to report on (nil: the checked value); `text`: what `{value}` shows;
    /// `bindings`: further placeholders (a table's columns).
    case fails(at: Value?, text: String?, bindings: [String: String])
    case unknown
    /// There was nothing to test (`equals` on an absent field): true as an assertion, and still
    /// nothing under `not` — an absent field is neither equal nor unequal to anything.
    case vacuous

    static func failure(at value: Value?) -> PolicyTruth {
        .fails(at: value, text: value?.scalarText, bindings: [:])
    }
}
