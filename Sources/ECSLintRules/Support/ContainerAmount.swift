import ECSLintModel

/// A container's `cpu`, `memory` or `memoryReservation`: absent, unknown (an intrinsic, a
/// placeholder, not a number), or a known amount. CloudFormation may write numbers as `"512"`.
enum ContainerAmount {
    case absent
    case unknown
    case known(Double, Value)

    init(_ value: Value?) {
        guard let value, !value.isNull else { self = .absent; return }
        switch value.content {
        case .number(let text), .string(let text):
            if let number = Double(text), number.isFinite { self = .known(number, value) } else { self = .unknown }
        default:
            self = .unknown
        }
    }

    /// What the amount adds to a sum whose parts are never negative.
    var lowerBound: Double {
        if case .known(let number, _) = self { return number }
        return 0
    }
}
