import ECSLintModel
import ECSLintSyntax

/// Terraform plan JSON (`terraform show -json plan.out`,
/// developer.hashicorp.com/terraform/internals/json-format): the resources of
/// `resource_changes` (what each will be after the apply; `after_unknown` marks what is known
/// only then), or of `planned_values` when the plan has no changes list, mapped like `.tf`
/// resources. Values are placed in the plan file, inside JSON strings such as
/// `container_definitions` too.
///
/// A value known only after the apply is unknown, except that an attribute whose configuration
/// expression names one resource of the plan (`aws_iam_role.exec.arn`) is a reference to it, as
/// in a `.tf` file: the plan's `configuration` says so.
public enum TerraformPlanLoader {
    static func detect(_ root: Node) -> Bool {
        root["format_version"]?.string != nil && (root["resource_changes"]?.items != nil || root["planned_values"]?.entries != nil)
    }

    /// `source` is the file the plan was parsed from, to place values inside JSON strings;
    /// without it they are placed at the string.
    static func load(_ root: Node, source: SourceFile?) -> Document {
        let loader = Loading(source: source, configuration: Self.expressions(root["configuration"]?["root_module"], prefix: ""))
        var resources: [Resource] = []
        if let changes = root["resource_changes"]?.items {
            for change in changes where change["mode"]?.string == "managed" {
                guard let after = change["change"]?["after"], after.entries != nil else { continue }  // deleted
                if let resource = loader.resource(change, values: after, unknown: change["change"]?["after_unknown"]) { resources.append(resource) }
            }
        } else if let module = root["planned_values"]?["root_module"] {
            func visit(_ module: Node) {
                for resource in module["resources"]?.items ?? [] where resource["mode"]?.string == "managed" {
                    if let values = resource["values"], let loaded = loader.resource(resource, values: values, unknown: nil) { resources.append(loaded) }
                }
                for child in module["child_modules"]?.items ?? [] { visit(child) }
            }
            visit(module)
        }
        return Document(format: .terraformPlan, root: root, resources: resources)
    }

    /// The configuration's expressions by resource address (`module.a.aws_iam_role.x`).
    private static func expressions(_ module: Node?, prefix: String) -> [String: Node] {
        guard let module else { return [:] }
        var found: [String: Node] = [:]
        for resource in module["resources"]?.items ?? [] {
            if let address = resource["address"]?.string, let expressions = resource["expressions"] { found[prefix + address] = expressions }
        }
        for call in module["module_calls"]?.entries ?? [] {
            guard let name = call.key.text else { continue }
            found.merge(expressions(call.value["module"], prefix: prefix + "module.\(name)."), uniquingKeysWith: { first, _ in first })
        }
        return found
    }

    /// What is left of the work one resource may take decoding JSON strings.
    private final class Budget {
        var remaining = 200_000
    }

    private struct Loading {
        let source: SourceFile?
        let configuration: [String: Node]

        func resource(_ node: Node, values: Node, unknown: Node?) -> Resource? {
            guard let type = node["type"]?.string, let kind = TerraformResourceTypes.kinds[type],
                  let fields = TerraformResourceTypes.fields(of: type), let address = node["address"]?.string else { return nil }
            // `module.a.aws_iam_role.x["k"]`: the module, and the instance (`count`/`for_each`
            // instances are resources of their own); the configuration has the block's address.
            let (module, local) = Self.split(address)
            let block = Self.reference(local)?.block ?? local
            let references = configuration[(module.isEmpty ? "" : module + ".") + block] ?? configuration[address]
            var value = convert(values, unknown: unknown, expressions: references, module: module)
            if type == "aws_ecs_service" { value = Self.withoutDaemonDefaults(value) }
            let budget = Budget()
            var properties = TerraformLoader.Mapper(decode: { text in
                switch text {
                case .string(let string, _, let origin):
                    return TerraformJSON.decode(TemplateText(text: string, origin: origin, holes: []), limits: .default, budget: &budget.remaining)
                default:
                    return nil
                }
            }).object(value, fields: fields, path: "")
            if type == "aws_iam_role" { properties = TerraformLoader.withoutEmptyInlinePolicies(properties) }
            return Resource(kind: kind, name: address, logicalID: address, properties: properties, range: node.range,
                            object: KubernetesObject(apiVersion: TerraformLoader.apiVersion, kind: type, name: local, namespace: "plan:" + module))
        }

        /// The provider's defaults `deployment_maximum_percent = 200` and
        /// `deployment_minimum_healthy_percent = 100` appear in every plan, but the provider does
        /// not send them for a DAEMON service (it suppresses the difference): not the user's.
        static func withoutDaemonDefaults(_ value: TerraformValue) -> TerraformValue {
            guard case .object(let members, let range) = value, value["scheduling_strategy"]?.stringValue == "DAEMON" else { return value }
            return .object(members.filter { member in
                guard case .number(let number, _) = member.value else { return true }
                return !(member.name == "deployment_maximum_percent" && Double(number) == 200
                         || member.name == "deployment_minimum_healthy_percent" && Double(number) == 100)
            }, range)
        }

        /// `module.a.module.b.aws_iam_role.x[0]` → (`module.a.module.b`, `aws_iam_role.x`).
        static func split(_ address: String) -> (module: String, local: String) {
            var parts = address.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            var module: [String] = []
            while parts.count > 2, parts[0] == "module" {
                module += [parts[0], parts[1].split(separator: "[").first.map(String.init) ?? parts[1]]
                parts.removeFirst(2)
            }
            return (module.joined(separator: "."), parts.joined(separator: "."))
        }

        /// `aws_iam_role.r["task"].arn` → the instance `aws_iam_role.r["task"]`, its block
        /// `aws_iam_role.r`, whether it has a key, and the attribute.
        static func reference(_ text: String) -> (instance: String, block: String, keyed: Bool, attribute: String?)? {
            let scalars = Array(text.unicodeScalars)
            guard let dot = scalars.firstIndex(of: ".") else { return nil }
            var index = dot + 1
            while index < scalars.count, scalars[index] != ".", scalars[index] != "[" { index += 1 }
            let block = String(String.UnicodeScalarView(scalars[..<index]))
            var instance = block
            if index < scalars.count, scalars[index] == "[" {
                // The key, with `]` inside a quoted key skipped.
                var inQuotes = false, escaped = false
                var end = index + 1
                while end < scalars.count {
                    let scalar = scalars[end]
                    if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { inQuotes.toggle() } else if scalar == "]", !inQuotes { break }
                    end += 1
                }
                guard end < scalars.count else { return nil }
                instance = String(String.UnicodeScalarView(scalars[..<(end + 1)]))
                index = end + 1
            }
            var attribute: String?
            if index < scalars.count, scalars[index] == "." {
                attribute = String(String.UnicodeScalarView(scalars[(index + 1)...])).split(separator: ".").first.map(String.init)
            }
            return (instance, block, instance != block, attribute)
        }

        /// Plan values as Terraform values: `null` and empty block lists are "not set", and
        /// what `after_unknown` marks is unknown (or a reference, by the configuration).
        func convert(_ node: Node, unknown: Node?, expressions: Node?, module: String) -> TerraformValue {
            switch node.content {
            case .mapping(let entries):
                var members: [TerraformMember] = []
                for entry in entries {
                    guard let name = entry.key.text, entry.value.scalar?.kind != .null else { continue }
                    if let items = entry.value.items, items.isEmpty { continue }
                    let mask = unknown?[name]
                    let value: TerraformValue = mask?.text == "true"
                        ? later(name, at: entry.value.range, expressions: expressions, module: module)
                        : convert(entry.value, unknown: mask, expressions: expressions?[name], module: module)
                    members.append(TerraformMember(name: name, nameRange: entry.key.range, value: value))
                }
                // Computed during the apply and absent from the plan's values (a default the
                // provider fills in): unknown, not missing.
                for entry in unknown?.entries ?? [] where entry.value.text == "true" {
                    guard let name = entry.key.text, !members.contains(where: { $0.name == name }) else { continue }
                    members.append(TerraformMember(name: name, nameRange: nil, value: later(name, at: node.range, expressions: expressions, module: module)))
                }
                return .object(members, node.range)
            case .sequence(let items):
                return .tuple(items.enumerated().map { index, item in
                    // Blocks' expressions are lists in the configuration too, in the same order.
                    let blockExpressions = expressions?.items.flatMap { $0.indices.contains(index) ? $0[index] : $0.first }
                    return convert(item, unknown: unknown?.items?.indices.contains(index) == true ? unknown?.items?[index] : nil,
                                   expressions: blockExpressions, module: module)
                }, node.range)
            case .scalar(let scalar):
                switch scalar.kind {
                case .string:
                    let origin: TextOrigin
                    if let source, let first = scalar.text.first(where: { !$0.isWhitespace }), first == "{" || first == "[" {
                        origin = TextOrigin(pieces: [.init(textStart: 0, length: scalar.text.utf8.count,
                                                           place: .copied(TerraformJSON.stringMap(source.bytes, token: node.range), base: 0))])
                    } else {
                        origin = .computed(node.range, length: scalar.text.utf8.count)
                    }
                    return .string(scalar.text, node.range, origin)
                case .integer, .float: return .number(scalar.text, node.range)
                case .bool: return .bool(scalar.text == "true", node.range)
                case .null: return .null(node.range)
                }
            }
        }

        /// A value known after the apply: a reference when its expression names exactly one
        /// resource of a type ecs-lint reads (by its `arn`, `id` or `name`).
        private func later(_ name: String, at range: SourceRange, expressions: Node?, module: String) -> TerraformValue {
            let references = expressions?[name]?["references"]?.items?.compactMap(\.string) ?? []
            var targets = Set<String>()
            var keyedBlocks = Set<String>()
            var attributes = Set<String>()
            for reference in references {
                let type = reference.split(separator: ".").first.map(String.init) ?? ""
                guard TerraformResourceTypes.kinds[type] != nil, let parsed = Self.reference(reference) else {
                    if !reference.hasPrefix("var.") && !reference.hasPrefix("local.") { targets.insert(reference) }
                    continue
                }
                targets.insert(parsed.instance)
                if parsed.keyed { keyedBlocks.insert(parsed.block) }
                if let attribute = parsed.attribute { attributes.insert(attribute) }
            }
            // The configuration lists `r["task"].arn`, `r["task"]` and `r`: the instance counts.
            targets.subtract(keyedBlocks)
            if targets.count == 1, let target = targets.first, let type = target.split(separator: ".").first,
               let kind = TerraformResourceTypes.kinds[String(type)], attributes.isSubset(of: ["arn", "id", "name"]) {
                return .unknown(.reference(ObjectReference(kind: kind, name: target, namespace: "plan:" + module, system: .terraform)), range)
            }
            return .unknown(.expression("(known after apply)"), range)
        }
    }
}
