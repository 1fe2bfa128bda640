import ECSLintEngine
import ECSLintModel
import ECSLintSyntax

/// The containers of a task definition by name, for the rules that follow references between
/// containers (`dependsOn`, `links`, `volumesFrom`, `proxyConfiguration`). A name is known when it
/// is a literal. A container list that is missing or unresolved, holds an unresolved item
/// (`Fn::If`) or a container whose name is unresolved is *incomplete*: a reference to a name it
/// does not know may still be right, so only complete lists support "names no container".
struct TaskContainers {
    /// The container definitions that are objects, in order.
    let containers: [Value]
    /// Each known name with the first container that has it.
    let byName: [String: Value]
    /// The known names in definition order, each once.
    let names: [String]
    /// Every container's name is known (containers without a name cannot be referenced anyway).
    let isComplete: Bool

    init(_ task: Resource) {
        var containers: [Value] = []
        var byName: [String: Value] = [:]
        var names: [String] = []
        var complete = true
        // Without a container list (ECS006's finding) there is nothing to hold references against.
        let list = task.properties["containerDefinitions"]
        if list?.array == nil { complete = false }
        for item in list?.array ?? [] {
            guard item.members != nil else {
                complete = complete && !item.isUnresolved
                continue
            }
            containers.append(item)
            guard let name = Self.name(of: item) else {
                complete = complete && !(item["name"]?.isUnresolved ?? false)
                continue
            }
            if byName[name] == nil {
                byName[name] = item
                names.append(name)
            }
        }
        self.containers = containers
        self.byName = byName
        self.names = names
        isComplete = complete
    }

    /// A container's literal name (CloudFormation turns a YAML number into a string).
    static func name(of container: Value) -> String? {
        guard let name = container["name"], !name.isUnresolved, !name.isNull else { return nil }
        return name.scalarText
    }

    /// A literal reference (a container name in `dependsOn`, `volumesFrom`, …); nil when unknown.
    static func reference(_ value: Value?) -> String? {
        guard let value, !value.isUnresolved else { return nil }
        switch value.content {
        case .string(let text), .number(let text): return text
        default: return nil
        }
    }

    /// A name as a message shows it: as written when ECS allows it, else quoted with JSON escapes
    /// (so a newline or a space cannot garble the message), long names shortened.
    static func shown(_ name: String) -> String {
        if !name.isEmpty, name.unicodeScalars.count <= 60, name.unicodeScalars.allSatisfy(InvalidNameRule.isAllowed) { return name }
        return JSONWriter.quote(name.unicodeScalars.count > 60 ? String(name.unicodeScalars.prefix(57)) + "…" : name)
    }

    /// How a message names a container: its name (`shown`), or where it is when the name is
    /// missing or unresolved (`containerDefinitions[1]`).
    static func label(_ container: Value) -> String {
        name(of: container).map(shown) ?? container.path
    }

    /// "app, web" for messages; at most `limit` names.
    func listed(limit: Int = 10) -> String {
        guard !names.isEmpty else { return "none" }
        let shown = names.prefix(limit).map(Self.shown).joined(separator: ", ")
        return names.count > limit ? shown + ", …" : shown
    }

    /// Whether the container counts as essential: `essential` omitted means true; nil when unknown.
    static func isEssential(_ container: Value) -> Bool? {
        guard let essential = container["essential"], !essential.isNull else { return true }
        return essential.bool
    }
}
