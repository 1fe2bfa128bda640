import ECSLintEngine
import ECSLintModel

/// ECS010: a `Ref`, `Fn::GetAtt` or `Fn::Sub` names a logical ID or parameter the template does
/// not define (anywhere in the template, not only in ECS resources). Templates with a
/// `Transform` are skipped: SAM and macros add resources the template does not show.
struct UnresolvedReferenceRule: Rule {
    init(setup: RuleSetup) throws {}

    func checkFile(_ context: RuleContext) {
        for document in context.documents {
            guard let references = document.templateReferences, !references.transformed else { continue }
            let defined = references.resourceIDs.union(references.parameters)
            for use in references.uses where !defined.contains(use.reference.target) {
                let target = use.reference.target
                let kind = use.function == "Fn::GetAtt" ? "resource" : "resource or parameter"
                var message = "\(use.function) names '\(target)', but the template defines no \(kind) '\(target)'"
                let candidates = use.function == "Fn::GetAtt" ? references.resourceIDs : defined
                if use.function == "Ref", let dot = target.firstIndex(of: "."), references.resourceIDs.contains(String(target[..<dot])) {
                    message += "; Ref takes no attribute: use !GetAtt \(target)"
                } else if use.function == "Ref", target.contains("${") {
                    message += "; Ref does not substitute variables: use !Sub"
                } else if let match = Suggestions.caseMatch(target, in: candidates) {
                    message += "; logical IDs are case-sensitive: '\(match)'"
                } else {
                    message += Suggestions.hint(target, among: candidates)
                }
                if let (resource, value) = context.locate(offset: use.range.start) {
                    context.report(message, at: value, in: resource)
                } else {
                    context.report(message, range: use.range, logicalPath: nil, resource: nil)
                }
            }
        }
    }
}
