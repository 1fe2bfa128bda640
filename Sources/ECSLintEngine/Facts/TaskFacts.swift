import ECSLintModel

/// Facts about a task definition that several rules need, Swift and declarative alike (the
/// declarative ones read them as `@facts`, `PolicyFact`).
public enum TaskFacts {
    /// Known `requiresCompatibilities` entries, upper-cased.
    public static func compatibilities(_ task: Resource) -> [String] {
        task.properties["requiresCompatibilities"]?.strings.map { $0.uppercased() } ?? []
    }

    /// The task runs on Fargate: it requires FARGATE, or a service of the run (`Workspace`) launches
    /// it on Fargate (launch type or FARGATE/FARGATE_SPOT capacity provider).
    public static func isFargate(_ task: Resource, in context: RuleContext) -> Bool {
        compatibilities(task).contains("FARGATE") || context.workspace.hasFargateService(running: task, in: context.displayPath)
    }

    /// The same for a task definition of another file of the run (`context.services(running:)`
    /// looks in the file being checked).
    public static func isFargate(_ task: Workspace.Entry, in workspace: Workspace) -> Bool {
        compatibilities(task.resource).contains("FARGATE")
            || workspace.hasFargateService(running: task.resource, in: task.file)
    }

    public static func runsOnFargate(_ service: Resource) -> Bool {
        if service.properties["launchType"]?.string?.uppercased() == "FARGATE" { return true }
        let providers = service.properties["capacityProviderStrategy"]?.array?.compactMap { $0["capacityProvider"]?.string } ?? []
        return providers.contains { $0 == "FARGATE" || $0 == "FARGATE_SPOT" }
    }

    /// `runtimePlatform.operatingSystemFamily` starts with `WINDOWS_`.
    public static func isWindows(_ task: Resource) -> Bool {
        task.properties["runtimePlatform"]?["operatingSystemFamily"]?.string?.uppercased().hasPrefix("WINDOWS") ?? false
    }

    /// How a message names a container: its `name`, or where it is when the name is missing or
    /// unresolved (`containerDefinitions[1]`).
    public static func containerName(_ container: Value) -> String {
        container["name"]?.scalarText ?? container.path
    }

    /// Where to report a finding about the task as a whole: the FARGATE entry if there is one,
    /// else the whole properties object.
    public static func anchor(_ task: Resource) -> Value {
        let entries = task.properties["requiresCompatibilities"]?.array ?? []
        return entries.first { $0.string?.uppercased() == "FARGATE" } ?? task.properties
    }
}

/// Task-level `cpu` and `memory` in the forms ECS documents (ECS-FACTS.md §1.2).
public enum TaskSize {
    public enum Parsed: Equatable {
        /// CPU units or MiB.
        case amount(Double)
        case unrecognized
    }

    /// Parses task `cpu`: units (`"1024"`) or vCPU (`"1 vCPU"`, `".25 vcpu"`); nil when unknown.
    public static func cpu(_ value: Value?) -> Parsed? {
        parse(value, unit: "vcpu")
    }

    /// Parses task `memory`: MiB (`"2048"`) or GB (`"2 GB"`, `".5 gb"`); nil when unknown.
    public static func memory(_ value: Value?) -> Parsed? {
        parse(value, unit: "gb")
    }

    private static func parse(_ value: Value?, unit: String) -> Parsed? {
        guard let value else { return nil }
        switch value.content {
        case .number(let text):
            return Double(text).map(Parsed.amount) ?? .unrecognized
        case .string(let raw):
            let text = raw.trimmingSpaces().lowercased()
            if !text.isEmpty, text.allSatisfy(\.isASCIIDigit) { return Double(text).map(Parsed.amount) ?? .unrecognized }
            guard text.hasSuffix(unit) else { return .unrecognized }
            let number = String(text.dropLast(unit.count)).trimmingSpaces()
            guard isDecimal(number), let amount = Double(number) else { return .unrecognized }
            return .amount(amount * 1024)
        default:
            return nil
        }
    }

    /// `\d*\.?\d+`: digits with at most one point, not ending with it.
    private static func isDecimal(_ text: String) -> Bool {
        guard let last = text.last, last.isASCIIDigit else { return false }
        return text.filter { $0 == "." }.count <= 1 && text.allSatisfy { $0.isASCIIDigit || $0 == "." }
    }

    /// Formats an amount without a fractional part when it has none.
    public static func format(_ amount: Double) -> String {
        amount == amount.rounded() && abs(amount) < 1e15 ? String(Int(amount)) : String(amount)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    func trimmingSpaces() -> String {
        let characters = Substring(self).drop { $0 == " " || $0 == "\t" }
        var end = characters.endIndex
        while end > characters.startIndex, characters[characters.index(before: end)] == " " || characters[characters.index(before: end)] == "\t" {
            end = characters.index(before: end)
        }
        return String(characters[..<end])
    }
}
