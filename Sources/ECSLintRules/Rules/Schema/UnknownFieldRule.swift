import ECSLintEngine
import ECSLintModel

/// ECS003: a member the ECS API (ECS JSON) or the CloudFormation schema (templates) does not
/// have, judged by its name as written. A unique case-insensitive match is a safe rename, and a
/// name within two edits of a known one a typo: errors. Any other name may simply be newer than
/// the embedded model: a warning that names the model's date, since a gate must not fail on a
/// field AWS added last week. `known-fields` declares such fields until ecs-lint is updated.
struct UnknownFieldRule: Rule {
    let schema: FieldSchema
    /// `rules: {ECS003: {known-fields: [...]}}`: names accepted in any object, or paths
    /// (`containerDefinitions[].newField`) accepted there.
    let knownFields: Set<String>

    init(setup: RuleSetup) throws {
        schema = try FieldSchema.shared(setup)
        knownFields = Set(setup.strings(parameter: "known-fields").map { $0.lowercased() })
    }

    /// Whether the configuration declares `name` at `path` (the object it is in). Without
    /// regard to case: a declaration in the API's spelling covers a template's too.
    private func isDeclared(_ name: String, in path: String) -> Bool {
        guard !knownFields.isEmpty else { return false }
        let name = name.lowercased()
        return knownFields.contains(name) || knownFields.contains(FieldSchema.pattern(path.isEmpty ? name : path + "." + name).lowercased())
    }

    /// What to say after the name, and the severity, for a name no source knows: a near miss is
    /// an error ("has no such field (did you mean …?)"), the rest a warning naming the model's
    /// date.
    private func verdict(_ name: String, among known: some Sequence<String>, noSuchField: String, source: String) -> (text: String, atMost: Severity?) {
        if let nearest = Suggestions.nearest(name, among: known) {
            return ("\(noSuchField) (did you mean '\(nearest)'?)", nil)
        }
        return ("not in \(source); if AWS added it after that, update ecs-lint or declare it (ECS003's known-fields parameter)", .warning)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        guard let document = context.document else { return }
        let format = document.format
        // A derived format's spec is read by its loader, which hands over what it did not know;
        // reported once, with the object's first resource.
        if format.isDerived, document.resources.first?.range == resource.range {
            for member in document.unknownMembers where !isDeclared(member.name, in: "") {
                let verdict = verdict(member.name, among: member.known, noSuchField: "\(resource.object?.kind ?? "the resource") has no such field",
                                      source: schema.source(for: format))
                context.report("unknown field '\(member.name)' in \(member.parent): \(verdict.text)",
                               range: member.keyRange, logicalPath: nil, resource: resource, atMost: verdict.atMost)
            }
        }
        let syntax = switch FieldSchema.syntax(of: format) {
        case .cloudformation: "the CloudFormation schema"
        case .ack: "the ACK resource"
        case .kubernetes: "the Crossplane resource"
        default: "the ECS API"
        }
        schema.walk(resource, format: format, object: { visit in
            for member in visit.value.members ?? [] where visit.field(for: member) == nil && !isDeclared(member.writtenName, in: visit.value.path) {
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
                    let verdict = verdict(member.writtenName, among: known, noSuchField: "\(syntax) has no such field", source: schema.source(for: format))
                    context.report("unknown field '\(member.writtenName)'\(place): \(verdict.text)", atKeyOf: member, in: resource, atMost: verdict.atMost)
                }
            }
        })
    }
}
