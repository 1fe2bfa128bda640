import ECSLintEngine
import ECSLintModel

/// IAM107: permissions that let whoever holds them raise their own privileges: the actions and
/// combinations Rhino Security Labs published ("AWS IAM Privilege Escalation – Methods and
/// Mitigation") as cloudsplaining (`PRIVILEGE_ESCALATION_METHODS`) and pmapper check them, plus
/// the ECS paths of pathfinding.cloud (ecs-003 to ecs-005).
///
/// - One action is enough for the IAM ones (`iam:PutRolePolicy` on its own role makes the task
///   an administrator) and for taking over a function's role (`lambda:UpdateFunctionCode`).
///   User credentials (`iam:CreateAccessKey`, `iam:*LoginProfile`) count when a resource is
///   known: `${aws:username}` (a user managing their own keys) is unresolved, hence silent.
/// - `iam:PassRole` on any role (`*`, `role/*`, or `NotResource`, unless a positive
///   `iam:ResourceTag/…` condition picks the roles) with an action that starts
///   code under the passed role: `ecs:RunTask`/`ecs:StartTask` (whose overrides take a
///   `taskRoleArn` and a command), `ecs:RegisterTaskDefinition` with `ecs:CreateService` or
///   `ecs:UpdateService`, `ec2:RunInstances`, `lambda:CreateFunction` with a way to invoke it,
///   `glue:CreateDevEndpoint`, `cloudformation:CreateStack`, Data Pipeline. `iam:PassRole`
///   limited to named roles only hands on those roles (IAM106 asks for `iam:PassedToService`).
///
/// Wildcards that cover the actions count (`iam:*`, `iam:Put*`, `ecs:*`); the bare `*` is
/// IAM103's and IAM104's. A combination may be spread over the statements of one document, or
/// over a role's inline policies and the policies of the run attached to it; the finding is on
/// the part written in the resource checked. An unconditional `Deny` of an action on `*` in
/// those documents takes it out. Conditions are shown, not judged.
struct PrivilegeEscalationRule: Rule {
    /// Single actions and what they let the holder do.
    static let escalations: [(action: String, how: String)] = [
        ("iam:PutRolePolicy", "write an inline policy that grants anything to a role, its own included"),
        ("iam:AttachRolePolicy", "attach AdministratorAccess to a role, its own included"),
        ("iam:CreatePolicyVersion", "rewrite a managed policy attached to it"),
        ("iam:SetDefaultPolicyVersion", "switch a managed policy to a broader version"),
        ("iam:UpdateAssumeRolePolicy", "rewrite a role's trust policy and assume that role"),
        ("iam:PutUserPolicy", "write an inline policy that grants anything to a user or group"),
        ("iam:PutGroupPolicy", "write an inline policy that grants anything to a user or group"),
        ("iam:AttachUserPolicy", "attach AdministratorAccess to a user or group"),
        ("iam:AttachGroupPolicy", "attach AdministratorAccess to a user or group"),
        ("iam:AddUserToGroup", "add a user to any group, an administrators' group too"),
        ("iam:CreateAccessKey", "create access keys for other users"),
        ("iam:CreateLoginProfile", "set console passwords for other users"),
        ("iam:UpdateLoginProfile", "set console passwords for other users"),
        ("lambda:UpdateFunctionCode", "replace a Lambda function's code and run it with the function's role"),
        ("glue:UpdateDevEndpoint", "log in to a Glue development endpoint and use its role"),
    ]

    /// Actions on users whose resource decides whether they escalate (a user's own keys do not).
    static let userCredentialActions: Set = ["iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile"]

    /// What, with `iam:PassRole` on any role, starts code under the passed role.
    static let passRolePartners: [(actions: [String], starts: String)] = [
        (["ecs:RunTask"], "an ECS task with any role and its own command (RunTask's overrides take a taskRoleArn)"),
        (["ecs:StartTask"], "an ECS task with any role and its own command (StartTask's overrides take a taskRoleArn)"),
        (["ecs:RegisterTaskDefinition", "ecs:CreateService"], "an ECS service whose new task definition has any role"),
        (["ecs:RegisterTaskDefinition", "ecs:UpdateService"], "an ECS service whose new task definition has any role"),
        (["ec2:RunInstances"], "an EC2 instance with any role"),
        (["lambda:CreateFunction", "lambda:InvokeFunction"], "a Lambda function with any role"),
        (["lambda:CreateFunction", "lambda:CreateEventSourceMapping"], "a Lambda function with any role"),
        (["lambda:CreateFunction", "lambda:AddPermission"], "a Lambda function with any role"),
        (["glue:CreateDevEndpoint"], "a Glue development endpoint with any role"),
        (["cloudformation:CreateStack"], "a CloudFormation stack that creates anything with any role"),
        (["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"], "a Data Pipeline with any role"),
    ]

    /// One `Action` item of an `Allow`.
    struct Grant {
        let value: Value
        let text: String
        let statement: PolicyStatement
        /// The statement, named for messages.
        let name: String
        /// In the resource checked (findings can be reported on it).
        let own: Bool
        /// On every role (`*`, `role/*`, `NotResource`): what makes `iam:PassRole` escalate.
        let anyResource: Bool
        /// Some resource is known (not only policy variables or intrinsics).
        let knownResource: Bool

        func covers(_ action: String) -> Bool { IAMPattern.actionMatches(text, action) }
    }

    let data: IAMData

    init(setup: RuleSetup) throws {
        data = IAMData.shared(setup)
    }

    func check(_ resource: Resource, in context: RuleContext) {
        var documents: [(document: PolicyDocument, grants: [Grant])] = []
        for item in PolicyDocuments.of(resource, context.document) where item.document.kind == .identity {
            documents.append((item.document, Self.grants(in: item.document, own: true, name: item.name(of:))))
        }
        guard !documents.isEmpty else { return }
        // A role's permissions also come from policies of the run attached to it.
        if resource.kind == .iamRole, let entry = context.workspace.entry(for: resource, in: context.displayPath) {
            for source in RolePermissions(role: entry, workspace: context.workspace, data: data).sources {
                guard case .policyResource = source.origin else { continue }
                documents.append((source.document, Self.grants(in: source.document, own: false) { _ in source.label }))
            }
        }
        let denials = documents.flatMap(\.document.statements).filter { $0.isDeny && $0.conditionValue == nil }
        // Asked for a few dozen actions at most, so answers are kept.
        var deniedActions: [String: Bool] = [:]
        func denied(_ action: String) -> Bool {
            if let known = deniedActions[action] { return known }
            let answer = denials.contains { PolicyEvaluation.matches($0, action: action, resource: nil) == .yes }
            deniedActions[action] = answer
            return answer
        }
        let grants = documents.flatMap(\.grants)
        // One finding per `Action` item, with every reason it escalates.
        var findings: [(grant: Grant, parts: [String])] = []
        var findingAt: [String: Int] = [:]
        func add(_ part: String, at grant: Grant) {
            let key = "\(grant.value.range.start) \(grant.value.path)"
            if let index = findingAt[key] {
                findings[index].parts.append(part)
            } else {
                findingAt[key] = findings.count
                findings.append((grant, [part]))
            }
        }

        // What each distinct action pattern covers, worked out once.
        var coverage: [String: [(action: String, how: String)]] = [:]
        for grant in grants where grant.own {
            let key = grant.text.lowercased()
            let escalations = coverage[key] ?? Self.escalations.filter { grant.covers($0.action) && !denied($0.action) }
            coverage[key] = escalations
            let covered = escalations.filter { escalation in
                grant.knownResource || !Self.userCredentialActions.contains(escalation.action.lowercased())
            }
            guard !covered.isEmpty else { continue }
            var hows: [String] = []
            for escalation in covered where !hows.contains(escalation.how) { hows.append(escalation.how) }
            let via = covered.count == 1 && covered[0].action.lowercased() == grant.text.lowercased()
                ? "" : " (\(PolicyDocuments.listed(covered.map(\.action), limit: 8)))"
            add("\(grant.text)\(via)\(grant.statement.conditionsNote) lets whoever holds it \(PolicyDocuments.listed(hows, limit: 3))", at: grant)
        }

        let passes = grants.filter { $0.covers("iam:PassRole") && $0.anyResource }
        if !passes.isEmpty, !denied("iam:PassRole") {
            var completed: [(partners: [Grant], starts: String)] = []
            for combination in Self.passRolePartners {
                var partners: [Grant] = []
                for action in combination.actions {
                    guard !denied(action), let grant = grants.first(where: { $0.own && $0.covers(action) }) ?? grants.first(where: { $0.covers(action) })
                    else { break }
                    partners.append(grant)
                }
                if partners.count == combination.actions.count { completed.append((partners, combination.starts)) }
            }
            let pass = passes.first(where: \.own) ?? passes[0]
            let at = pass.own ? pass : completed.flatMap(\.partners).first(where: \.own)
            if !completed.isEmpty, let at {
                func place(_ grant: Grant) -> String {
                    if !grant.own { return " in \(grant.name)" }
                    let statement = grant.statement.value.path
                    return statement == at.statement.value.path ? "" : " (in \(statement))"
                }
                var withs: [String] = []
                var starts: [String] = []
                for combination in completed {
                    for partner in combination.partners {
                        let text = "\(partner.text)\(place(partner))"
                        if !withs.contains(text) { withs.append(text) }
                    }
                    if !starts.contains(combination.starts) { starts.append(combination.starts) }
                }
                let passText = pass.text.lowercased() == "iam:passrole" ? "iam:PassRole" : "iam:PassRole (as \(pass.text))"
                add("\(passText) on any role\(place(pass))\(pass.statement.conditionsNote) with \(PolicyDocuments.listed(withs, limit: 6)) lets whoever holds them start \(PolicyDocuments.listed(starts, limit: 4)), an administrator role included",
                    at: at)
            }
        }

        for finding in findings {
            context.report("\(finding.grant.name) allows a known privilege escalation: " + finding.parts.joined(separator: "; and ")
                           + ". Whoever acts as this role (the containers of a task that uses it, or whoever directs the service that assumes it) can gain more than it was given, up to administrator. Remove these permissions from task roles; a deployment role needs iam:PassRole only on the task and execution roles it deploys",
                           at: finding.grant.value, in: resource)
        }
    }

    static func grants(in document: PolicyDocument, own: Bool, name: (PolicyStatement) -> String) -> [Grant] {
        var grants: [Grant] = []
        for statement in document.statements where statement.isAllow {
            let resources = statement.resources
            let anyResource = resources.map { $0.negated || $0.strings.contains(where: PassRoleToAnyRoleRule.coversAnyRole) } ?? false
                && !PassRoleToAnyRoleRule.limitsRolesByTag(statement)
            let knownResource = resources.map { !$0.strings.isEmpty } ?? false
            for (value, text) in statement.namedActions {
                grants.append(Grant(value: value, text: text, statement: statement, name: name(statement), own: own,
                                    anyResource: anyResource, knownResource: knownResource))
            }
        }
        return grants
    }
}
