import ECSLintEngine
import ECSLintModel

/// ECS703: a task `family`, container `name`, volume `name` or `serviceName` that is not 1–255
/// letters, digits, hyphens and underscores (`^[A-Za-z0-9_-]{1,255}$`, ECS-FACTS.md §5.1). Each
/// name is reported, with what it names.
struct InvalidNameRule: Rule {
    static let maximumLength = 255

    init(setup: RuleSetup) {}

    func check(_ resource: Resource, in context: RuleContext) {
        let properties = resource.properties
        switch resource.kind {
        case .taskDefinition:
            check(properties["family"], what: "family", resource: resource, context: context)
            for container in properties["containerDefinitions"]?.array ?? [] {
                check(container["name"], what: "container name", resource: resource, context: context)
            }
            for volume in properties["volumes"]?.array ?? [] {
                check(volume["name"], what: "volume name", resource: resource, context: context)
            }
        case .service:
            check(properties["serviceName"], what: "service name", resource: resource, context: context)
        default:
            break
        }
    }

    private func check(_ value: Value?, what: String, resource: Resource, context: RuleContext) {
        guard let value, !value.isUnresolved, let name = value.scalarText, let problem = Self.problem(name) else { return }
        context.report("\(what) \(TaskContainers.shown(name)) \(problem); ECS allows 1–255 letters, digits, hyphens (-) and underscores (_)",
                       at: value, in: resource)
    }

    /// What is wrong with `name`, or nil when it is valid.
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        let invalid = name.unicodeScalars.filter { !isAllowed($0) }
        if let first = invalid.first {
            let character = first == " " ? "a space" : first.properties.generalCategory == .control ? "a control character" : "'\(first)'"
            return "contains \(character)"
        }
        if name.unicodeScalars.count > maximumLength { return "is \(name.unicodeScalars.count) characters long" }
        return nil
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_"
    }

}
