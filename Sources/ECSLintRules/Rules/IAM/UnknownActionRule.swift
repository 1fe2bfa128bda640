import ECSLintEngine
import ECSLintModel

/// IAM110: an action of a service the catalog has (rules/data/iam-actions.json, docs/iam-actions.md)
/// that the service does not have: a typo (`s3:GetObjects`), or an action of another service
/// (`ecr:GetParameters`). IAM accepts the policy and the action never matches, so the
/// permission silently is not there. A wildcard that matches none of the service's actions
/// (`s3:GetObjects*`) counts too. `Action` and `NotAction` alike; services the catalog does not
/// cover are unknown, and so silent.
///
/// The catalog is AWS's Service Authorization Reference as of its generation date; an action
/// AWS added later is reported until the catalog is refreshed (`make refresh-facts`).
struct UnknownActionRule: Rule {
    /// S3 API operations people write as actions, and the actions that authorize them (Amazon
    /// S3 User Guide, "Required permissions for Amazon S3 API operations").
    static let apiOperations: [String: String] = [
        "s3:listobjects": "s3:ListBucket", "s3:listobjectsv2": "s3:ListBucket", "s3:headbucket": "s3:ListBucket",
        "s3:headobject": "s3:GetObject", "s3:copyobject": "s3:GetObject on the source and s3:PutObject on the target",
        "s3:deleteobjects": "s3:DeleteObject", "s3:listobjectversions": "s3:ListBucketVersions",
        "s3:createmultipartupload": "s3:PutObject", "s3:uploadpart": "s3:PutObject", "s3:completemultipartupload": "s3:PutObject",
    ]

    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    /// Did-you-mean compares with every action of the service; past this many distinct unknown
    /// actions in one resource (a generated or hostile file) findings come without it.
    static let hintLimit = 200

    func check(_ resource: Resource, in context: RuleContext) {
        var hints: [String: String] = [:]
        var known: [String: Bool] = [:]
        for item in PolicyDocuments.of(resource, context.document) {
            for statement in item.document.statements {
                guard let actions = statement.actions else { continue }
                for action in actions.items {
                    guard let text = action.string else { continue }
                    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                    guard parts.count == 2, !parts[1].isEmpty, !parts[0].contains(where: { $0 == "*" || $0 == "?" }),
                          data.knows(service: parts[0]) else { continue }
                    let service = parts[0].lowercased()
                    let wildcard = parts[1].contains(where: { $0 == "*" || $0 == "?" })
                    let key = text.lowercased()
                    let unknown = known[key].map { !$0 } ?? (wildcard ? data.actions(matching: text).isEmpty : data.action(text) == nil)
                    known[key] = !unknown
                    if unknown {
                        var hint = hints[key] ?? ""
                        if hints[key] == nil, hints.count < Self.hintLimit {
                            let names = data.actionNames(service: service).map { "\(service):\($0)" }
                            hint = Suggestions.hint(wildcard ? text.filter { $0 != "*" && $0 != "?" } : text, among: names)
                            hints[key] = hint
                        }
                        if let authorized = Self.apiOperations[text.lowercased()] {
                            hint = " (it is an API operation; IAM authorizes it with \(authorized))"
                        }
                        let what = wildcard ? "matches no action of \(service)" : "is not an action of \(service)"
                        context.report("\(text) in \(item.name(of: statement)) \(what)\(hint), so it grants (or denies) nothing. Fix the name; if AWS added the action after ecs-lint's IAM action catalog was made, this is a false report (docs/iam-actions.md)",
                                       at: action, in: resource)
                    }
                }
            }
        }
    }
}
