import ECSLintEngine
import ECSLintModel

/// ECS403: a variable name set twice in a container: twice in `environment`, twice in
/// `secrets`, or in both. Every repeat is reported at its `name`, naming where the name was
/// first set; unresolved names are nobody's duplicate. A repeat that is the same entry again
/// (same name and value, or the same secret) gets a safe fix that removes it, but only when
/// every entry of that name is the same: then whichever copy reaches the container, its value
/// is the same (with `A=blue, A=green, A=blue`, removing one `blue` could change the winner).
struct DuplicateEnvironmentNameRule: Rule {
    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            // Every entry of each name, in both lists.
            var all: [String: [Value]] = [:]
            for list in ["environment", "secrets"] {
                for item in container[list]?.array ?? [] {
                    if let name = item["name"]?.string { all[name, default: []].append(item) }
                }
            }
            var first: [String: (list: String, path: String, item: Value)] = [:]
            for list in ["environment", "secrets"] {
                guard let entries = container[list] else { continue }
                for item in entries.array ?? [] {
                    // Names are case-sensitive, as Linux environment variables are.
                    guard let nameValue = item["name"], let name = nameValue.string else { continue }
                    guard let earlier = first[name] else {
                        first[name] = (list, nameValue.path, item)
                        continue
                    }
                    let identical = earlier.list == list && (all[name] ?? []).allSatisfy {
                        $0.path.hasPrefix(container.path + "." + list) && ModelComparison.equivalent(earlier.item, $0, options: [.writtenNames])
                    }
                    let fix = identical ? context.removing(item: item, from: entries).map { Fix("remove the repeated entry", edits: [$0]) } : nil
                    let shown = TaskContainers.shown(name)
                    let message = earlier.list == list
                        ? "container \(TaskContainers.label(container)) sets \(shown) twice in \(list) (first at \(earlier.path)); only one value reaches the container, so remove the other"
                        : "container \(TaskContainers.label(container)) sets \(shown) both in environment (\(earlier.path)) and in secrets; only one value reaches the container, so keep the secret and remove the plain variable"
                    context.report(message, at: nameValue, in: task, fix: fix)
                }
            }
        }
    }
}
