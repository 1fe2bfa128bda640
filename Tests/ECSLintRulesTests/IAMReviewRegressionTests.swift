import ECSLintEngine
import ECSLintSyntax
import Foundation
import Testing

/// What a review of the IAM rules found (testdata/iam/review): inputs where a rule that reports a
/// missing permission took something unknown for known, or judged AWS's own text. Each runs as
/// one lint run of the files named, and must leave the named rules silent (or fire where said).
@Suite struct IAMReviewRegressionTests {
    static let directory = Repository.root.appendingPathComponent("testdata/iam/review")

    static func findings(_ names: [String]) throws -> [Diagnostic] {
        let sources = try names.map { name in
            SourceFile(path: name, text: try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8),
                       lineBreaks: name.hasSuffix(".json") ? .json : .yaml)
        }
        let reports = Repository.linter.lint(sources)
        for report in reports { #expect(report.status == .linted, "\(report.path)") }
        return reports.flatMap(\.diagnostics)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let files: [String]
        let silent: [String]
        let why: String
        var testDescription: String { why }
    }

    @Test(arguments: [
        Case(files: ["roles-from-fn-if.yaml"], silent: ["IAM006"],
             why: "a policy whose Roles is an Fn::If may be attached to the role"),
        Case(files: ["roles-from-parameter.yaml"], silent: ["IAM005"],
             why: "a policy whose Roles is a parameter may be attached to the role"),
        Case(files: ["crossplane-role-without-attachments.yaml"], silent: ["IAM006"],
             why: "a Crossplane role's policies are separate objects the run may not show"),
        Case(files: ["short-pattern-and-notresource.yaml"], silent: ["IAM005", "IAM006"],
             why: "arn:aws:ssm:* may cover a parameter given by name; NotResource may cover ssmmessages"),
        Case(files: ["authorization-details-with-aws-policies.json"], silent: ["IAM103", "IAM104", "IAM105", "IAM111"],
             why: "AWS managed policies that authorization details list are AWS's text"),
    ])
    func staysSilent(_ item: Case) throws {
        let fired = try Self.findings(item.files).filter { item.silent.contains($0.code) }
        #expect(fired.isEmpty, "\(fired.map { "\($0.code) \($0.message)" })")
    }

    /// `create-policy` input is a customer managed policy that a role's ARN names: with it in
    /// the run the role's permissions are known (and lack the secret); without it, unknown.
    @Test func createPolicyInputIsAManagedPolicy() throws {
        #expect(try Self.findings(["role-with-customer-policy.yaml"]).filter { $0.code == "IAM006" }.isEmpty)
        let both = try Self.findings(["create-policy.json", "role-with-customer-policy.yaml"]).filter { $0.code == "IAM006" }
        #expect(both.count == 1 && both.first?.file == "role-with-customer-policy.yaml")
    }

    /// Crossplane's RolePolicy loads as a policy of its role; a selector names no role.
    @Test func crossplaneRolePolicyAndSelectors() throws {
        let findings = try Self.findings(["crossplane-role-policy.yaml", "crossplane-role-without-attachments.yaml"])
        #expect(findings.contains { $0.code == "IAM111" && $0.file == "crossplane-role-policy.yaml" })
        #expect(!findings.contains { $0.code == "IAM006" })
    }
}
