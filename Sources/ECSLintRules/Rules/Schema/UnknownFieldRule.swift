import ECSLintEngine
import ECSLintModel

/// ECS003: a member the ECS API (ECS JSON) or the CloudFormation schema (templates) does not
/// have, judged by its name as written. A unique case-insensitive match is a safe rename;
/// otherwise names within two edits are suggested.
struct UnknownFieldRule: Rule {
    let schema: FieldSchema

    init(setup: RuleSetup) throws {
        schema = try FieldSchema.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        guard let format = context.document?.format else { return }
        let syntax = format.isCloudFormation ? "the CloudFormation schema" : "the ECS API"
        schema.walk(resource, format: format, object: { visit in
            for member in visit.value.members ?? [] where visit.structure.members[member.writtenName] == nil {
                let known = visit.structure.members.keys
                let place = visit.value.path.isEmpty ? "" : " in \(visit.value.path)"
                if let name = Suggestions.caseMatch(member.writtenName, in: known) {
                    // Only when no other key of the object is the name in any case: the rename
                    // would write a duplicate key, and which value counts would change.
                    let rivals = visit.value.members?.filter { $0.writtenName.lowercased() == name.lowercased() }.count ?? 0
                    let fix = rivals == 1
                        ? context.renaming(member, to: name).map { Fix("rename '\(member.writtenName)' to '\(name)'", edits: [$0]) }
                        : nil
                    context.report("unknown field '\(member.writtenName)'\(place): \(syntax) spells it '\(name)'", atKeyOf: member, in: resource, fix: fix)
                } else {
                    context.report("unknown field '\(member.writtenName)'\(place): \(syntax) has no such field\(Suggestions.hint(member.writtenName, among: known))",
                                   atKeyOf: member, in: resource)
                }
            }
        })
    }
}
