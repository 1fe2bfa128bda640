import ECSLintEngine
import ECSLintModel

/// ECS002: a mapping repeats a key; AWS tooling silently keeps the later value.
struct DuplicateKeyRule: Rule {
    init(setup: RuleSetup) {}

    func checkFile(_ context: RuleContext) {
        for duplicate in context.parsed.duplicateKeys {
            let name = duplicate.key.text ?? ""
            let first = context.position(of: duplicate.first.range.start)
            let message = "key \"\(name)\" repeats the one on line \(first.line); AWS tooling silently keeps the later value"
            var logicalPath: String?
            var resource: Resource?
            let offset = duplicate.key.range.start
            if let located = context.locate(offset: offset) {
                resource = located.resource
                // The key's own member: the first value that starts after the key.
                let container = located.value
                if container.range.start <= offset, offset < container.range.end {
                    logicalPath = container.members?
                        .filter { $0.value.range.start >= duplicate.key.range.end }
                        .min { $0.value.range.start < $1.value.range.start }?.value.path
                }
            }
            context.report(message, range: duplicate.key.range, logicalPath: logicalPath, resource: resource)
        }
    }
}
