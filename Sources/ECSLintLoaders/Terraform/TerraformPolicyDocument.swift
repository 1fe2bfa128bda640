import ECSLintModel
import ECSLintSyntax

/// `data "aws_iam_policy_document"` rendered the way the AWS provider renders it, as IAM JSON
/// (registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document):
/// `version` defaults to `2012-10-17`, a statement's `effect` to `Allow`; `principals` of the
/// same type are merged; `condition` blocks become `{test: {variable: values}}`. A document that
/// merges others (`source_policy_documents`, `override_policy_documents`) or builds
/// statements with `dynamic` blocks is unknown.
struct TerraformPolicyDocument {
    let evaluator: TerraformEvaluator
    let scope: TerraformEvaluator.Scope

    func document(_ block: HCLBlock) -> TerraformValue {
        let body = block.body
        let whole = scope.shifted(block.range)
        let merging = ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]
        if merging.contains(where: { body[attribute: $0] != nil }) || body.blocks("dynamic").contains(where: { $0.labels.first?.text == "statement" }) {
            return .unknown(.expression("data.aws_iam_policy_document.\(block.labels.last?.text ?? "")"), whole)
        }
        var members: [TerraformMember] = []
        if let version = body[attribute: "version"] {
            members.append(member("Version", version))
        } else {
            members.append(TerraformMember(name: "Version", nameRange: nil, value: .string("2012-10-17", whole, .computed(whole, length: 10))))
        }
        if let id = body[attribute: "policy_id"] { members.append(member("Id", id)) }
        let statements = body.blocks("statement").map(statement)
        if !statements.isEmpty {
            let first = scope.shifted(body.blocks("statement")[0].typeRange)
            members.append(TerraformMember(name: "Statement", nameRange: first, value: .tuple(statements, whole)))
        }
        return .object(members, whole)
    }

    private func member(_ name: String, _ attribute: HCLAttribute) -> TerraformMember {
        TerraformMember(name: name, nameRange: scope.shifted(attribute.nameRange), value: evaluator.evaluate(attribute.value, in: scope))
    }

    private func statement(_ block: HCLBlock) -> TerraformValue {
        let body = block.body
        let whole = scope.shifted(block.range)
        if !body.blocks("dynamic").isEmpty { return .unknown(.expression("a statement with dynamic blocks"), whole) }
        var members: [TerraformMember] = []
        for (attribute, name) in [("sid", "Sid"), ("effect", "Effect"), ("actions", "Action"), ("not_actions", "NotAction"),
                                  ("resources", "Resource"), ("not_resources", "NotResource")] {
            if let found = body[attribute: attribute] { members.append(member(name, found)) }
        }
        if body[attribute: "effect"] == nil {
            members.insert(TerraformMember(name: "Effect", nameRange: nil, value: .string("Allow", whole, .computed(whole, length: 5))), at: 0)
        }
        for (type, name) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
            let blocks = body.blocks(type)
            guard !blocks.isEmpty else { continue }
            members.append(TerraformMember(name: name, nameRange: scope.shifted(blocks[0].typeRange), value: principals(blocks)))
        }
        let conditions = body.blocks("condition")
        if !conditions.isEmpty {
            members.append(TerraformMember(name: "Condition", nameRange: scope.shifted(conditions[0].typeRange), value: condition(conditions)))
        }
        return .object(members, whole)
    }

    /// `principals { type = "AWS" identifiers = [...] }` blocks → `{"AWS": [...]}`; the type
    /// `*` with identifiers `["*"]` is the anonymous principal `"*"`.
    private func principals(_ blocks: [HCLBlock]) -> TerraformValue {
        let whole = scope.shifted(SourceRange(start: blocks[0].range.start, end: blocks[blocks.count - 1].range.end))
        var byType: [(type: String, range: SourceRange?, items: [TerraformValue])] = []
        for block in blocks {
            guard let typeAttribute = block.body[attribute: "type"], let identifiers = block.body[attribute: "identifiers"],
                  case .string(let type, _, _) = evaluator.evaluate(typeAttribute.value, in: scope) else {
                return .unknown(.expression("principals"), whole)
            }
            let value = evaluator.evaluate(identifiers.value, in: scope)
            guard case .tuple(let items, _) = value else { return .unknown(.expression("principals"), whole) }
            if type == "*", blocks.count == 1, items.count == 1, items[0].stringValue == "*" { return items[0] }
            if let index = byType.firstIndex(where: { $0.type == type }) {
                byType[index].items += items
            } else {
                byType.append((type, scope.shifted(typeAttribute.value.range), items))
            }
        }
        return .object(byType.map { TerraformMember(name: $0.type, nameRange: $0.range, value: .tuple($0.items, whole)) }, whole)
    }

    private func condition(_ blocks: [HCLBlock]) -> TerraformValue {
        let whole = scope.shifted(SourceRange(start: blocks[0].range.start, end: blocks[blocks.count - 1].range.end))
        var operators: [(test: String, range: SourceRange, keys: [TerraformMember])] = []
        for block in blocks {
            guard let test = block.body[attribute: "test"], let variable = block.body[attribute: "variable"],
                  let values = block.body[attribute: "values"],
                  case .string(let testName, _, _) = evaluator.evaluate(test.value, in: scope),
                  case .string(let key, _, _) = evaluator.evaluate(variable.value, in: scope) else {
                return .unknown(.expression("condition"), whole)
            }
            let entry = TerraformMember(name: key, nameRange: scope.shifted(variable.value.range), value: evaluator.evaluate(values.value, in: scope))
            if let index = operators.firstIndex(where: { $0.test == testName }) {
                // Blocks with the same test and variable: the provider appends their values.
                if let same = operators[index].keys.firstIndex(where: { $0.name == key }) {
                    guard case .tuple(let earlier, let range) = operators[index].keys[same].value,
                          case .tuple(let more, _) = entry.value else { return .unknown(.expression("condition"), whole) }
                    operators[index].keys[same] = TerraformMember(name: key, nameRange: operators[index].keys[same].nameRange,
                                                                  value: .tuple(earlier + more, range))
                } else {
                    operators[index].keys.append(entry)
                }
            } else {
                operators.append((testName, scope.shifted(test.value.range), [entry]))
            }
        }
        return .object(operators.map { TerraformMember(name: $0.test, nameRange: $0.range, value: .object($0.keys, $0.range)) }, whole)
    }
}
