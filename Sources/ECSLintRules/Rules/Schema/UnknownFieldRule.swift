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
        guard let document = context.document else { return }
        let format = document.format
        // A derived format's spec is read by its loader, which hands over what it did not know;
        // reported once, with the object's first resource.
        if format.isDerived, document.resources.first?.range == resource.range {
            for member in document.unknownMembers {
                context.report("unknown field '\(member.name)' in \(member.parent): \(resource.object?.kind ?? "the resource") has no such field"
                               + Suggestions.hint(member.name, among: member.known),
                               range: member.keyRange, logicalPath: nil, resource: resource)
            }
        }
        let syntax = switch FieldSchema.syntax(of: format) {
        case .cloudformation: "the CloudFormation schema"
        case .ack: "the ACK resource"
        case .kubernetes: "the Crossplane resource"
        default: "the ECS API"
        }
        schema.walk(resource, format: format, object: { visit in
            for member in visit.value.members ?? [] where visit.field(for: member) == nil {
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
