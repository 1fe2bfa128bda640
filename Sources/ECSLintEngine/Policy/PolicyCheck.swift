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
    /// The default message; a condition's own `message` wins for failures inside it. nil only when
    /// every way the assertion can fail has its own message.
    public let message: String?
    /// Where findings go: the first value this path selects from the checked value (default: the
    /// value the failing test points at).
    public let reportAt: PolicyPath?

    public init(forEach: PolicyPath?, when: PolicyCondition?, assertion: PolicyCondition, message: String?, reportAt: PolicyPath? = nil) {
        self.forEach = forEach
        self.when = when
        self.assertion = assertion
        self.message = message
        self.reportAt = reportAt
    }
}

/// `all`, `any`, `not` over tests.
public indirect enum PolicyCondition: Sendable {
    case all([PolicyCondition])
    case any([PolicyCondition])
    case not(PolicyCondition)
    case test(PolicyTest)
    /// A condition with its own `message` for when it fails.
    case described(PolicyCondition, message: String)
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
        /// Every selected value is a number at most (or at least) the number at the other path,
        /// which is relative to the checked value (`memoryReservation` at most `memory`).
        case atMost(PolicyPath)
        case atLeast(PolicyPath)
        /// Every selected value satisfies the condition, each taken as the checked value in turn.
        case each(PolicyCondition)
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

/// Why a condition failed: what to report on and what the message's placeholders show.
public struct PolicyFailure: Sendable {
    /// The value to report on (nil: the checked value).
    public var at: Value?
    /// What `{value}` shows.
    public var text: String?
    /// Further placeholders (a table's columns and their valid values).
    public var bindings: [String: String] = [:]
    /// The message of the innermost failing condition that has one.
    public var message: String?

    init(at: Value?, text: String?, bindings: [String: String] = [:]) {
        self.at = at
        self.text = text
        self.bindings = bindings
    }
}

/// Three-valued truth: a condition over an unknown value is unknown, and only a failure is a
/// finding.
public enum PolicyTruth: Sendable {
    /// `witness`: the value that made it hold, if one did (where `not` reports).
    case holds(witness: Value?)
    case fails(PolicyFailure)
    case unknown
    /// There was nothing to test (`equals` on an absent field): true as an assertion, and still
    /// nothing under `not` — an absent field is neither equal nor unequal to anything.
    case vacuous

    static func failure(at value: Value?) -> PolicyTruth {
        .fails(PolicyFailure(at: value, text: value?.scalarText))
    }
}
