import ECSLintEngine
import ECSLintModel

/// ECS301: `networkMode` outside the API enum, or a mode the task's launch type / OS cannot use
/// (ECS-FACTS.md §2.1).
struct InvalidNetworkModeRule: Rule {
    static let modes = ["bridge", "host", "awsvpc", "none"]

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        let modeValue = task.properties["networkMode"]
        if let modeValue, modeValue.string == nil, !modeValue.isNull {
            return  // unresolved, or a wrong type (ECS004's business)
        }
        let mode = modeValue?.string
        if let mode, let modeValue, !Self.modes.contains(mode) {
            // Only the case is wrong: the value the author meant is certain (a safe fix).
            let fix = Self.modes.contains(mode.lowercased())
                ? context.replacing(modeValue, text: mode, with: mode.lowercased()).map { Fix("write '\(mode.lowercased())'", edits: [$0]) }
                : nil
            context.report(Self.invalidValueMessage(mode), at: modeValue, in: task, fix: fix)
            return
        }
        let compatibilities = TaskFacts.compatibilities(task)
        if TaskFacts.isFargate(task, in: context), mode != "awsvpc" {
            if let mode, let modeValue {
                context.report("Fargate supports only networkMode \"awsvpc\", not \"\(mode)\"", at: modeValue, in: task)
            } else {
                context.report("Fargate tasks must set networkMode \"awsvpc\"", at: TaskFacts.anchor(task), in: task)
            }
        } else if TaskFacts.isWindows(task), let mode, let modeValue, mode != "awsvpc" {
            context.report("Windows tasks support only \"awsvpc\" or the default network (omit networkMode), not \"\(mode)\"",
                           at: modeValue, in: task)
        } else if compatibilities.contains("EXTERNAL"), mode == "awsvpc", let modeValue {
            context.report("EXTERNAL (ECS Anywhere) tasks do not support \"awsvpc\"; use \"bridge\", \"host\" or \"none\"",
                           at: modeValue, in: task)
        } else if compatibilities.contains("MANAGED_INSTANCES"), mode == nil {
            let entry = task.properties["requiresCompatibilities"]?.array?.first { $0.string?.uppercased() == "MANAGED_INSTANCES" }
            context.report("Managed Instances tasks must set networkMode (\"awsvpc\" or \"host\")",
                           at: entry ?? task.properties, in: task)
        }
    }

    static func invalidValueMessage(_ mode: String) -> String {
        if modes.contains(mode.lowercased()) {
            return "networkMode \"\(mode)\" must be lower case: \"\(mode.lowercased())\""
        }
        if ["default", "nat"].contains(mode.lowercased()) {
            return "networkMode \"\(mode)\" is not an ECS value; omit networkMode to get the Windows default network"
        }
        return "networkMode \"\(mode)\" is not valid; use \"bridge\", \"host\", \"awsvpc\" or \"none\""
    }
}
