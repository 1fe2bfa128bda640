import ECSLintEngine
import ECSLintModel

/// ECS706: containers whose `dependsOn` entries form a cycle, so none of them can start. Each
/// elementary cycle is reported once, starting at its container that comes first in
/// `containerDefinitions`, at that container's `dependsOn` entry for the next one; the message
/// prints the cycle (`a → b → a`). A container depending on itself is ECS705's finding. Unknown
/// names add no edges, so every cycle reported is certain. Cycles are found with Johnson's
/// algorithm (time linear in the graph per cycle), at most `maximumCycles` per task definition.
struct DependencyCycleRule: Rule {
    static let maximumCycles = 20

    init(setup: RuleSetup) {}

    /// The `dependsOn` graph over known container names.
    struct Graph {
        let names: [String]
        /// Successors in the order the `dependsOn` entries are written, each once.
        var successors: [[Int]]
        /// The `containerName` value that makes each edge (the first, if written twice).
        var edges: [Edge: Value] = [:]

        struct Edge: Hashable {
            let from: Int
            let to: Int
        }

        init(_ index: TaskContainers) {
            names = index.names
            successors = Array(repeating: [], count: names.count)
            let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            for container in index.containers {
                guard let own = TaskContainers.name(of: container), let from = position[own] else { continue }
                for dependency in container["dependsOn"]?.array ?? [] {
                    guard let value = dependency["containerName"], let target = TaskContainers.reference(value),
                          let to = position[target], to != from else { continue }
                    let edge = Edge(from: from, to: to)
                    guard edges[edge] == nil else { continue }
                    edges[edge] = value
                    successors[from].append(to)
                }
            }
        }

        /// Elementary cycles as node lists (`[a, b]` for a → b → a), each once, starting at its
        /// lowest node; at most `limit`. Johnson (1975), iterative so that no input can exhaust
        /// the stack.
        func cycles(limit: Int) -> [[Int]] {
            var found: [[Int]] = []
            let count = names.count
            var lowest = 0
            // Each round finds at least one cycle, so there are at most `limit` rounds.
            while found.count < limit, let (start, component) = firstComponent(from: lowest) {
                lowest = start + 1
                var blocked = Array(repeating: false, count: count)
                var blockers = Array(repeating: Set<Int>(), count: count)
                func unblock(_ node: Int) {
                    var work = [node]
                    while let current = work.popLast() {
                        blocked[current] = false
                        for waiting in blockers[current] where blocked[waiting] { work.append(waiting) }
                        blockers[current].removeAll()
                    }
                }
                struct Frame {
                    let node: Int
                    var next = 0
                    var closed = false
                }
                var frames = [Frame(node: start)]
                var path = [start]
                blocked[start] = true
                while let frame = frames.last {
                    let top = frames.count - 1
                    let next = successors[frame.node]
                    if frame.next < next.count {
                        frames[top].next += 1
                        let successor = next[frame.next]
                        guard component[successor] else { continue }
                        if successor == start {
                            found.append(path)
                            frames[top].closed = true
                            if found.count >= limit { return found }
                        } else if !blocked[successor] {
                            frames.append(Frame(node: successor))
                            path.append(successor)
                            blocked[successor] = true
                        }
                    } else {
                        frames.removeLast()
                        path.removeLast()
                        if frame.closed {
                            unblock(frame.node)
                            if !frames.isEmpty { frames[frames.count - 1].closed = true }
                        } else {
                            for successor in next where component[successor] { blockers[successor].insert(frame.node) }
                        }
                    }
                }
            }
            return found
        }

        /// The strongly connected component with more than one node, among the nodes ≥ `lowest`,
        /// that holds the lowest such node: that node and the component's members. Kosaraju's
        /// algorithm, iterative.
        private func firstComponent(from lowest: Int) -> (start: Int, members: [Bool])? {
            let count = names.count
            guard lowest < count else { return nil }
            var predecessors = Array(repeating: [Int](), count: count)
            for from in lowest..<count {
                for to in successors[from] where to >= lowest { predecessors[to].append(from) }
            }
            // First pass: nodes in the order their depth-first search finishes.
            var finished: [Int] = []
            var visited = Array(repeating: false, count: count)
            for root in lowest..<count where !visited[root] {
                visited[root] = true
                var stack = [(node: root, next: 0)]
                while let (node, next) = stack.last {
                    let targets = successors[node]
                    if next < targets.count {
                        stack[stack.count - 1].next += 1
                        let target = targets[next]
                        if target >= lowest, !visited[target] {
                            visited[target] = true
                            stack.append((target, 0))
                        }
                    } else {
                        stack.removeLast()
                        finished.append(node)
                    }
                }
            }
            // Second pass, on the reversed graph in reverse finishing order: one component each.
            var component = Array(repeating: -1, count: count)
            var sizes: [Int] = []
            for root in finished.reversed() where component[root] < 0 {
                let id = sizes.count
                var size = 0
                var work = [root]
                component[root] = id
                while let node = work.popLast() {
                    size += 1
                    for other in predecessors[node] where component[other] < 0 {
                        component[other] = id
                        work.append(other)
                    }
                }
                sizes.append(size)
            }
            guard let start = (lowest..<count).first(where: { sizes[component[$0]] > 1 }) else { return nil }
            return (start, component.map { $0 == component[start] })
        }
    }

    func check(_ task: Resource, in context: RuleContext) {
        let graph = Graph(TaskContainers(task))
        for cycle in graph.cycles(limit: Self.maximumCycles) {
            guard let value = graph.edges[Graph.Edge(from: cycle[0], to: cycle[1])] else { continue }
            // A long cycle (only an invalid task has more than 10 containers) shows its ends.
            let nodes = cycle.count > 12 ? Array(cycle.prefix(10)) + [-1, cycle[cycle.count - 1]] : cycle
            let shown = (nodes + [cycle[0]]).map { $0 < 0 ? "…" : TaskContainers.shown(graph.names[$0]) }.joined(separator: " → ")
            context.report("containers depend on each other in a cycle: \(shown); none of them can start", at: value, in: task)
        }
    }
}
