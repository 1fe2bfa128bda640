import ECSLintModel
import ECSLintSyntax

/// Terraform `.tf` files: the ECS, IAM and target-group resources of `TerraformResourceTypes`,
/// evaluated as far as that is exact (`TerraformEvaluator`) and mapped to the canonical shape.
///
/// A resource is identified like a Kubernetes object: kind `aws_iam_role`, name
/// `aws_iam_role.exec` (its address), namespace the module's directory. A reference such as
/// `aws_iam_role.exec.arn` is an `ObjectReference` to it, which the workspace follows within the
/// module (in any of its files).
public enum TerraformLoader {
    public static let apiVersion = "terraform"

    public static func load(_ parsed: ParsedFile, modules: TerraformModules) -> Document? {
        guard let file = parsed.hcl, !TerraformModule.isOverrideFile(parsed.source.path) else { return nil }
        let path = TerraformPath.normalized(parsed.source.path)
        let module = TerraformModule(modules.module(containing: path), with: parsed.source, file: file, at: path)
        let evaluator = TerraformEvaluator(module: module, mainPath: path, mainSource: parsed.source, limits: modules.limits)
        let scope = evaluator.mainScope
        var resources: [Resource] = []
        for block in file.body.blocks where block.type == "resource" && block.labels.count == 2 {
            let type = block.labels[0].text
            guard let kind = TerraformResourceTypes.kinds[type], let fields = TerraformResourceTypes.fields(of: type) else { continue }
            // `count = 0` (often `var.enabled ? 1 : 0` with a literal default) creates nothing.
            if let count = block.body[attribute: "count"], case .number(let number, _) = evaluator.evaluate(count.value, in: scope),
               Double(number) == 0 { continue }
            // `for_each` over nothing (`var.enabled ? {x = 1} : {}`) creates nothing too.
            if let forEach = block.body[attribute: "for_each"] {
                switch evaluator.evaluate(forEach.value, in: scope) {
                case .object(let members, _) where members.isEmpty: continue
                case .tuple(let items, _) where items.isEmpty: continue
                default: break
                }
            }
            let address = "\(type).\(block.labels[1].text)"
            var body = Self.body(block.body, range: block.range, evaluator: evaluator, scope: scope)
            if let arguments = module.overriddenArguments[address], case .object(var members, let range) = body {
                // An override file sets these: what Terraform merges in is not known here.
                let unknown = TerraformValue.unknown(.expression("set in an override file"), range)
                members = members.map { arguments.contains($0.name) ? TerraformMember(name: $0.name, nameRange: $0.nameRange, value: unknown) : $0 }
                for name in arguments.sorted() where !members.contains(where: { $0.name == name }) {
                    members.append(TerraformMember(name: name, nameRange: nil, value: unknown))
                }
                body = .object(members, range)
            }
            var properties = Mapper(decode: evaluator.decodedJSON).object(body, fields: fields, path: "")
            if type == "aws_iam_role" { properties = Self.withoutEmptyInlinePolicies(properties) }
            resources.append(Resource(kind: kind, name: address, logicalID: address, properties: properties, range: block.range,
                                      object: KubernetesObject(apiVersion: apiVersion, kind: type, name: address, namespace: module.directory)))
        }
        let root = Node(.mapping([]), range: file.body.range)
        return Document(format: .terraform, root: root, resources: resources, attachments: evaluator.attachments)
    }

    /// A block body as an object: arguments by name, nested blocks by type as a tuple of their
    /// bodies. A `dynamic "type"` block makes that type's list unknown.
    static func body(_ body: HCLBody, range: SourceRange, evaluator: TerraformEvaluator, scope: TerraformEvaluator.Scope) -> TerraformValue {
        var members: [TerraformMember] = []
        var blocks: [(type: String, nameRange: SourceRange, items: [TerraformValue], end: Int)] = []
        var dynamic: [String: SourceRange] = [:]
        for item in body.items {
            switch item {
            case .attribute(let attribute):
                members.append(TerraformMember(name: attribute.name, nameRange: scope.shifted(attribute.nameRange),
                                               value: evaluator.evaluate(attribute.value, in: scope)))
            case .block(let block):
                if block.type == "dynamic", let label = block.labels.first?.text {
                    dynamic[label] = scope.shifted(block.range)
                    continue
                }
                let value = Self.body(block.body, range: block.range, evaluator: evaluator, scope: scope)
                if let index = blocks.firstIndex(where: { $0.type == block.type }) {
                    blocks[index].items.append(value)
                    blocks[index].end = block.range.end
                } else {
                    blocks.append((block.type, scope.shifted(block.typeRange), [value], block.range.end))
                }
            }
        }
        for group in blocks {
            let whole = SourceRange(start: group.items[0].range.start, end: scope.shifted(SourceRange(start: group.end, end: group.end)).end)
            let value: TerraformValue = dynamic[group.type].map { .unknown(.expression("dynamic \"\(group.type)\""), $0) } ?? .tuple(group.items, whole)
            members.append(TerraformMember(name: group.type, nameRange: group.nameRange, value: value))
        }
        for (type, where_) in dynamic where !blocks.contains(where: { $0.type == type }) {
            members.append(TerraformMember(name: type, nameRange: where_, value: .unknown(.expression("dynamic \"\(type)\""), where_)))
        }
        return .object(members, scope.shifted(range))
    }

    /// `inline_policy {}` with nothing in it says "no inline policies" (and makes Terraform
    /// remove any): it is not a policy.
    static func withoutEmptyInlinePolicies(_ properties: Value) -> Value {
        guard let members = properties.members else { return properties }
        return Value(.object(members.map { member in
            guard member.name == "policies", let items = member.value.array else { return member }
            let kept = items.filter { !($0.members?.isEmpty ?? false) }
            return Value.Member(name: member.name, value: Value(.array(kept), range: member.value.range, path: member.value.path),
                                writtenName: member.writtenName, keyRange: member.keyRange)
        }), range: properties.range, path: properties.path)
    }

    /// Turns evaluated Terraform values into canonical values along the field tables.
    struct Mapper {
        /// The value of JSON text (`jsonencode`'s argument, a heredoc parsed), or nil.
        let decode: (TerraformValue) -> TerraformValue?

        func object(_ value: TerraformValue, fields: [String: TerraformResourceTypes.Field], path: String) -> Value {
            guard case .object(let written, let range) = value else { return verbatim(value, path: path) }
            // Dotted canonical names nest: members are gathered under their first component.
            var members: [Value.Member] = []
            var nested: [(name: String, range: SourceRange, members: [(String, TerraformMember, TerraformResourceTypes.Field)])] = []
            func add(_ member: TerraformMember, _ field: TerraformResourceTypes.Field, in path: String) -> [Value.Member] {
                if case .flattened(let inner) = field.shape {
                    let body = single(member.value)
                    guard case .object = body else { return [] }
                    return object(body, fields: inner, path: path).members ?? []
                }
                let childPath = LogicalPath.member(path, field.canonical)
                return [Value.Member(name: field.canonical, value: convert(member.value, field.shape, path: childPath),
                                     writtenName: member.name, keyRange: member.nameRange)]
            }
            for member in written {
                guard let field = fields[member.name] else { continue }
                if let dot = field.canonical.firstIndex(of: ".") {
                    let outer = String(field.canonical[..<dot])
                    let inner = TerraformResourceTypes.Field(String(field.canonical[field.canonical.index(after: dot)...]), field.shape)
                    if let index = nested.firstIndex(where: { $0.name == outer }) {
                        nested[index].members.append((inner.canonical, member, inner))
                    } else {
                        nested.append((outer, member.value.range, [(inner.canonical, member, inner)]))
                    }
                    continue
                }
                members += add(member, field, in: path)
            }
            for group in nested {
                let outerPath = LogicalPath.member(path, group.name)
                let innerFields = Dictionary(group.members.map { ($0.1.name, $0.2) }, uniquingKeysWith: { first, _ in first })
                let inner = object(.object(group.members.map(\.1), group.range), fields: innerFields, path: outerPath)
                members.append(Value.Member(name: group.name, value: inner, writtenName: group.members[0].1.name, keyRange: nil))
            }
            return Value(.object(members), range: range, path: path)
        }

        /// One block: a tuple of block bodies holds one (the last counts, as Terraform allows
        /// only one), an object is the attribute form.
        private func single(_ value: TerraformValue) -> TerraformValue {
            if case .tuple(let items, _) = value, let last = items.last { return last }
            return value
        }

        private func convert(_ value: TerraformValue, _ shape: TerraformResourceTypes.Shape, path: String) -> Value {
            switch shape {
            case .value:
                return verbatim(value, path: path)
            case .json:
                if let decoded = decode(value) { return verbatim(decoded, path: path) }
                return verbatim(value, path: path)
            case .containerDefinitions:
                if let decoded = decode(value) { return verbatim(decoded, path: path, foldingNames: true) }
                return verbatim(value, path: path)
            case .object(let fields):
                return object(single(value), fields: fields, path: path)
            case .flattened(let fields):
                return object(single(value), fields: fields, path: path)
            case .list(let fields):
                switch value {
                case .tuple(let items, let range):
                    return Value(.array(items.enumerated().map { object($0.element, fields: fields, path: LogicalPath.index(path, $0.offset)) }),
                                 range: range, path: path)
                case .object:
                    return Value(.array([object(value, fields: fields, path: LogicalPath.index(path, 0))]), range: value.range, path: path)
                default:
                    return verbatim(value, path: path)
                }
            case .map:
                return verbatim(value, path: path)
            case .tags, .nameValues:
                guard case .object(let entries, let range) = value else { return verbatim(value, path: path) }
                let (keyName, valueName) = shape.isTags ? ("key", "value") : ("name", "value")
                return Value(.array(entries.enumerated().map { index, entry in
                    let itemPath = LogicalPath.index(path, index)
                    let keyRange = entry.nameRange ?? entry.value.range
                    return Value(.object([
                        Value.Member(name: keyName, value: Value(.string(entry.name), range: keyRange, path: LogicalPath.member(itemPath, keyName)),
                                     keyRange: keyRange),
                        Value.Member(name: valueName, value: verbatim(entry.value, path: LogicalPath.member(itemPath, valueName)), keyRange: keyRange),
                    ]), range: SourceRange(start: keyRange.start, end: max(keyRange.end, entry.value.range.end)), path: itemPath)
                }), range: range, path: path)
            case .enabledFlag:
                if case .bool(let flag, let range) = value { return Value(.string(flag ? "ENABLED" : "DISABLED"), range: range, path: path) }
                return verbatim(value, path: path)
            case .hostPath:
                guard value.isKnown, !(value.stringValue == nil) else { return verbatim(value, path: path) }
                return Value(.object([Value.Member(name: "sourcePath", value: verbatim(value, path: LogicalPath.member(path, "sourcePath")))]),
                             range: value.range, path: path)
            }
        }

        /// A value with its names as written (JSON the API reads, lists, maps). `foldingNames`:
        /// member names as the provider's decoder reads them (`Image` → `image`), map keys kept;
        /// the written name is then the folded one too, since the provider accepts both.
        func verbatim(_ value: TerraformValue, path: String, foldingNames: Bool = false) -> Value {
            switch value {
            case .string(let text, let range, _):
                // Text templated by another tool before Terraform runs (`${VAR}`, `{{ var }}`),
                // as in the other formats; a Terraform template's own `${…}` was evaluated.
                if Placeholders.contains(text) { return Value(.unresolved(.placeholder(text)), range: range, path: path) }
                return Value(.string(text), range: range, path: path)
            case .number(let text, let range):
                return Value(.number(text), range: range, path: path)
            case .bool(let flag, let range):
                return Value(.bool(flag), range: range, path: path)
            case .null(let range):
                return Value(.null, range: range, path: path)
            case .tuple(let items, let range):
                return Value(.array(items.enumerated().map { verbatim($0.element, path: LogicalPath.index(path, $0.offset), foldingNames: foldingNames) }),
                             range: range, path: path)
            case .object(let members, let range):
                return Value(.object(members.map { member in
                    let name = foldingNames ? Self.folded(member.name) : member.name
                    // The keys of string maps (`options`, `dockerLabels`) are data.
                    let inner = foldingNames && !FieldNames.mapProperties.contains(name)
                    return Value.Member(name: name, value: verbatim(member.value, path: LogicalPath.member(path, name), foldingNames: inner),
                                        keyRange: member.nameRange)
                }), range: range, path: path)
            case .json(_, let range):
                return Value(.unresolved(.placeholder("jsonencode(…)")), range: range, path: path)
            case .partial(let text, let range):
                return Value(.unresolved(.placeholder(text.written.isEmpty ? text.restoring(text.text) : Self.unquoted(text.written))), range: range, path: path)
            case .unknown(.reference(let reference), let range):
                return Value(.unresolved(.objectReference(reference)), range: range, path: path)
            case .unknown(.expression(let text), let range):
                // Written as Terraform interpolates it, `${var.image}`: a placeholder in every
                // format, so a conversion keeps it one.
                return Value(.unresolved(.placeholder(text.contains("${") ? text : "${\(text)}")), range: range, path: path)
            }
        }
    }
}

extension TerraformLoader.Mapper {
    /// A member name as Go's `encoding/json` matches it to the SDK's field: without regard to
    /// case, so the API's spelling with the first letter lower-cased (every container member
    /// starts lower-case and is otherwise camel-case as written).
    static func folded(_ name: String) -> String {
        guard let first = name.first, first.isUppercase else { return name }
        if name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) { return name.lowercased() }
        return first.lowercased() + name.dropFirst()
    }

    /// A quoted template as its text (`"app-${var.env}"` → `app-${var.env}`).
    static func unquoted(_ written: String) -> String {
        written.count >= 2 && written.hasPrefix("\"") && written.hasSuffix("\"") ? String(written.dropFirst().dropLast()) : written
    }
}

private extension TerraformResourceTypes.Shape {
    var isTags: Bool {
        if case .tags = self { return true }
        return false
    }
}
