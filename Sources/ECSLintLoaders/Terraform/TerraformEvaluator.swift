import ECSLintModel
import ECSLintSyntax

/// Evaluates HCL expressions where the result is exact without running Terraform: literals,
/// templates, `jsonencode`, `file`, `templatefile` with literal variables, locals, variable
/// defaults (and `terraform.tfvars`), `data "aws_iam_policy_document"`. Everything else is
/// unknown, never guessed: another resource's attribute is a reference the workspace may follow.
///
/// A value defined in another file (a local in `locals.tf`, the JSON `file()` reads) keeps its
/// place there: that file becomes an attachment of the loaded document, placed after its bytes.
final class TerraformEvaluator {
    let module: TerraformModule
    let mainPath: String
    let mainSource: SourceFile
    private(set) var attachments: [SourceAttachment] = []
    private var nextBase: Int
    private let limits: ParseLimits
    /// Evaluations nest through locals, variables and templates; a cycle or a very deep chain
    /// ends in an unknown value.
    private static let maxDepth = 32
    /// Values built for one document (expressions evaluated, JSON nodes decoded): locals that
    /// use each other twice over double the work at every step, so the work is bounded, and
    /// what is past the bound is unknown.
    private var budget = 200_000
    /// Expressions being evaluated, one inside the other: bounded like the parsers' nesting, so
    /// locals that nest values in each other cannot build a value deeper than a file could.
    private var nesting = 0
    /// Bytes of template text one document may build: strings that double through locals would
    /// otherwise grow exponentially while taking few evaluations.
    private lazy var textBudget = 2 * limits.maxFileSize

    /// Where an expression is written, and what its names mean there.
    struct Scope {
        let path: String
        let source: SourceFile
        let base: Int
        /// A `templatefile`'s variables; nil outside templates.
        var templateVariables: [String: TerraformValue]? = nil
        var depth = 0
        /// `local.x` / `var.x` being evaluated, to stop cycles.
        var visiting: Set<String> = []

        func shifted(_ range: SourceRange) -> SourceRange {
            SourceRange(start: range.start + base, end: range.end + base)
        }

        func text(_ expression: HCLExpression) -> String { source.text(expression.range) }
    }

    init(module: TerraformModule, mainPath: String, mainSource: SourceFile, limits: ParseLimits) {
        self.module = module
        self.mainPath = mainPath
        self.mainSource = mainSource
        self.limits = limits
        nextBase = mainSource.bytes.count + 1
    }

    var mainScope: Scope { Scope(path: mainPath, source: mainSource, base: 0) }

    // MARK: Expressions

    func evaluate(_ expression: HCLExpression, in scope: Scope) -> TerraformValue {
        guard budget > 0, nesting < limits.maxDepth else { return unknown(expression, in: scope) }
        budget -= 1
        nesting += 1
        defer { nesting -= 1 }
        return evaluateWithinBounds(expression, in: scope)
    }

    private func evaluateWithinBounds(_ expression: HCLExpression, in scope: Scope) -> TerraformValue {
        let range = scope.shifted(expression.range)
        switch expression.kind {
        case .number(let text): return .number(text, range)
        case .bool(let flag): return .bool(flag, range)
        case .null: return .null(range)
        case .template(let template): return self.template(template, range: range, in: scope)
        case .tuple(let items): return .tuple(items.map { evaluate($0, in: scope) }, range)
        case .object(let items):
            var members: [TerraformMember] = []
            for item in items {
                guard let key = objectKey(item.key, in: scope) else { return unknown(expression, in: scope) }
                members.append(TerraformMember(name: key, nameRange: scope.shifted(item.key.range), value: evaluate(item.value, in: scope)))
            }
            return .object(members, range)
        case .variable, .traversal:
            return traversal(expression, in: scope)
        case .call(let name, let arguments, let expandsFinal):
            guard !expandsFinal else { return unknown(expression, in: scope) }
            return call(name, arguments, expression: expression, in: scope)
        case .conditional(let condition, let then, let otherwise):
            guard case .bool(let flag, _) = evaluate(condition, in: scope) else { return unknown(expression, in: scope) }
            return evaluate(flag ? then : otherwise, in: scope)
        case .binary(let operation, let left, let right):
            return binary(operation, evaluate(left, in: scope), evaluate(right, in: scope), range: range) ?? unknown(expression, in: scope)
        case .unary(let operation, let operand):
            switch (operation, evaluate(operand, in: scope)) {
            case ("!", .bool(let flag, _)): return .bool(!flag, range)
            case ("-", .number(let text, _)): return .number(text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text, range)
            default: return unknown(expression, in: scope)
            }
        case .forExpression:
            return unknown(expression, in: scope)
        case .parenthesized(let inner):
            return evaluate(inner, in: scope)
        }
    }

    private func unknown(_ expression: HCLExpression, in scope: Scope) -> TerraformValue {
        .unknown(.expression(scope.text(expression)), scope.shifted(expression.range))
    }

    /// An object constructor's key: a bare name is the name itself, as in Terraform.
    private func objectKey(_ key: HCLExpression, in scope: Scope) -> String? {
        if case .variable(let name) = key.kind { return name }
        return evaluate(key, in: scope).stringValue
    }

    private func binary(_ operation: String, _ left: TerraformValue, _ right: TerraformValue, range: SourceRange) -> TerraformValue? {
        func scalar(_ value: TerraformValue) -> String? {
            switch value {
            case .string(let text, _, _): return "s" + text
            case .number(let text, _): return Double(text).map { "n\($0)" }
            case .bool(let flag, _): return flag ? "b1" : "b0"
            case .null: return "null"
            default: return nil
            }
        }
        switch operation {
        case "==", "!=":
            guard let lhs = scalar(left), let rhs = scalar(right) else { return nil }
            return .bool((lhs == rhs) == (operation == "=="), range)
        case "&&", "||":
            guard case .bool(let lhs, _) = left, case .bool(let rhs, _) = right else { return nil }
            return .bool(operation == "&&" ? lhs && rhs : lhs || rhs, range)
        default:
            return nil
        }
    }

    // MARK: Templates

    private func template(_ template: HCLTemplate, range: SourceRange, in scope: Scope) -> TerraformValue {
        // `"${expr}"` is expr's own value, not a string of it (a number stays a number, and
        // `"${jsonencode(x)}"` JSON text), as in HCL.
        if template.parts.count == 1, case .interpolation(let only) = template.parts[0], !template.isHeredoc {
            return evaluate(only, in: scope)
        }
        let written = scope.source.text(SourceRange(start: range.start - scope.base, end: range.end - scope.base))
        // Strip markers (`${~ x ~}`) trim the white space around them, which is not modelled:
        // such a template is unknown rather than a string with the wrong spaces.
        if written.contains("${~") || written.contains("~}") || written.contains("%{~") {
            return .unknown(.expression(written), range)
        }
        var text = TemplateText(text: "", origin: TextOrigin(), holes: [], written: written)
        var length = 0
        // Whether the text so far ends inside a JSON string: an unknown part outside one is
        // written as a string so that JSON around it still parses.
        var inString = false, escaped = false
        func scan(_ piece: String) {
            for byte in piece.utf8 {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString.toggle() }
            }
        }
        var exhausted = false
        func add(_ piece: String, _ origin: TextOrigin) {
            textBudget -= piece.utf8.count
            if textBudget < 0 || length + piece.utf8.count > limits.maxFileSize { exhausted = true }
            if exhausted { return }
            text.origin.append(origin, at: length)
            text.text += piece
            length += piece.utf8.count
            scan(piece)
        }
        for part in template.parts {
            switch part {
            case .literal(let literal, let map):
                add(literal, TextOrigin(pieces: [.init(textStart: 0, length: literal.utf8.count, place: .copied(map, base: scope.base))]))
            case .interpolation(let expression):
                let value = evaluate(expression, in: scope)
                switch value {
                case .string(let inserted, _, let origin):
                    add(inserted, origin)
                case .number(let inserted, let at):
                    add(inserted, .computed(at, length: inserted.utf8.count))
                case .bool(let flag, let at):
                    add(flag ? "true" : "false", .computed(at, length: flag ? 4 : 5))
                case .json(let inner, _) where Self.jsonText(inner) != nil:
                    // `"[${jsonencode(c)}]"`: the JSON text, each value placed where it is written.
                    let (json, origin) = Self.jsonText(inner)!
                    add(json, origin)
                default:
                    let marker = "\(TemplateText.open)\(text.holes.count)\(TemplateText.close)"
                    text.holes.append(scope.text(expression))
                    let piece = inString ? marker : "\"\(marker)\""
                    text.origin.append(.computed(scope.shifted(expression.range), length: piece.utf8.count), at: length)
                    text.text += piece
                    length += piece.utf8.count
                }
            case .directive:
                return .unknown(.expression(written), range)
            }
        }
        if exhausted { return .unknown(.expression(written), range) }
        if text.holes.isEmpty { return .string(text.text, range, text.origin) }
        return .partial(text, range)
    }

    // MARK: Names

    private func traversal(_ expression: HCLExpression, in scope: Scope) -> TerraformValue {
        var root = expression
        var steps: [HCLTraverser] = []
        while case .traversal(let base, let more) = root.kind {
            steps = more + steps
            root = base
        }
        guard case .variable(let name) = root.kind else { return unknown(expression, in: scope) }
        let useRange = scope.shifted(expression.range)
        func attribute(_ index: Int) -> String? {
            guard steps.indices.contains(index), case .attribute(let name, _) = steps[index] else { return nil }
            return name
        }
        if let variables = scope.templateVariables {
            // Inside a template only its own variables exist.
            guard let value = variables[name] else { return unknown(expression, in: scope) }
            return apply(steps[...], to: value, expression: expression, in: scope)
        }
        switch name {
        case "var":
            guard let variable = attribute(0) else { return unknown(expression, in: scope) }
            return apply(steps.dropFirst(), to: self.variable(variable, use: useRange, expression: expression, in: scope),
                         expression: expression, in: scope)
        case "local":
            guard let local = attribute(0), !module.overridden.contains("local." + local),
                  let definition = module.locals[local] else { return unknown(expression, in: scope) }
            let value = evaluate(definition, key: "local.\(local)", use: useRange, in: scope) ?? unknown(expression, in: scope)
            return apply(steps.dropFirst(), to: value, expression: expression, in: scope)
        case "path":
            // `path.module` is the module's directory, relative to it: `file()` paths are read
            // from the module's directory.
            guard attribute(0) == "module", steps.count == 1 else { return unknown(expression, in: scope) }
            return .string(".", useRange, .computed(useRange, length: 1))
        case "data":
            guard attribute(0) == "aws_iam_policy_document", let document = attribute(1),
                  let output = attribute(2), output == "json" || output == "minified_json", steps.count == 3,
                  !module.overridden.contains("data." + document),
                  let definition = module.policyDocuments[document] else { return unknown(expression, in: scope) }
            guard let value = within(definition.path, key: "data.\(document)", use: useRange, in: scope, {
                TerraformPolicyDocument(evaluator: self, scope: $0).document(definition.block)
            }) else { return unknown(expression, in: scope) }
            return .json(value, useRange)
        default:
            // `aws_iam_role.exec.arn`, `aws_ecs_cluster.main[0].id`: a resource of the module.
            guard let kind = TerraformResourceTypes.kinds[name], let resourceName = attribute(0) else { return unknown(expression, in: scope) }
            var address = "\(name).\(resourceName)"
            // One instance of a `count`/`for_each` resource: `r["task"]` and `r["exec"]` are two
            // roles. An index that is not known (`each.key`), or a splat, names no one resource.
            if steps.count > 1 {
                switch steps[1] {
                case .index(let index):
                    switch evaluate(index, in: scope) {
                    case .string(let key, _, _): address += "[\(JSONWriter.quote(key))]"
                    case .number(let number, _): address += "[\(number)]"
                    default: return unknown(expression, in: scope)
                    }
                case .splat: return unknown(expression, in: scope)
                case .attribute: break
                }
            }
            return .unknown(.reference(ObjectReference(kind: kind, name: address, namespace: module.directory, system: .terraform)), useRange)
        }
    }

    /// `var.name`: a value from a variable file, else the default; unknown without either.
    private func variable(_ name: String, use: SourceRange, expression: HCLExpression, in scope: Scope) -> TerraformValue {
        guard !module.assignedInJSON.contains(name), !module.overridden.contains("var." + name),
              let definition = module.variableFiles[name] ?? module.variables[name],
              let value = evaluate(definition, key: "var.\(name)", use: use, in: scope) else { return unknown(expression, in: scope) }
        // Terraform converts the value to the declared type before anything uses it.
        guard let declared = module.variableTypes[name] else { return value }
        guard let type = declared, let converted = TerraformTypes.convert(value, to: type) else { return unknown(expression, in: scope) }
        return converted
    }

    private func evaluate(_ definition: TerraformModule.Definition, key: String, use: SourceRange, in scope: Scope) -> TerraformValue? {
        within(definition.path, key: key, use: use, in: scope) { evaluate(definition.expression, in: $0) }
    }

    /// Runs `body` in the scope of another file of the module (or the same file), guarding
    /// against cycles and deep chains.
    func within(_ path: String, key: String, use: SourceRange, in scope: Scope, _ body: (Scope) -> TerraformValue) -> TerraformValue? {
        guard scope.depth < Self.maxDepth, !scope.visiting.contains(key) else { return nil }
        var inner: Scope
        if path == scope.path, scope.base != 0 {
            inner = Scope(path: path, source: scope.source, base: scope.base)
        } else {
            // Even a local of the linted file itself is placed through an attachment anchored
            // where it is used, so that a suppression above the resource that uses it covers it.
            guard let source = path == mainPath ? mainSource : module.parsed[path]?.source else { return nil }
            inner = Scope(path: path, source: source, base: attach(source, path: path, anchor: use, kind: .moduleFile))
        }
        inner.depth = scope.depth + 1
        inner.visiting = scope.visiting.union([key])
        return body(inner)
    }

    /// Steps after a known value: members of objects, items of tuples.
    private func apply(_ steps: ArraySlice<HCLTraverser>, to value: TerraformValue, expression: HCLExpression, in scope: Scope) -> TerraformValue {
        var current = value
        for step in steps {
            switch (step, current) {
            case (.attribute(let name, _), .object):
                guard let member = current[name] else { return unknown(expression, in: scope) }
                current = member
            case (.index(let index), _):
                switch (evaluate(index, in: scope), current) {
                case (.number(let text, _), .tuple(let items, _)):
                    guard let position = Int(text), items.indices.contains(position) else { return unknown(expression, in: scope) }
                    current = items[position]
                case (.string(let key, _, _), .object):
                    guard let member = current[key] else { return unknown(expression, in: scope) }
                    current = member
                default:
                    return unknown(expression, in: scope)
                }
            default:
                return current.isKnown ? unknown(expression, in: scope) : current
            }
        }
        return current
    }

    // MARK: Functions

    private func call(_ name: String, _ arguments: [HCLExpression], expression: HCLExpression, in scope: Scope) -> TerraformValue {
        let range = scope.shifted(expression.range)
        let values = { arguments.map { self.evaluate($0, in: scope) } }
        switch (name, arguments.count) {
        case ("jsonencode", 1):
            return .json(evaluate(arguments[0], in: scope), range)
        case ("jsondecode", 1):
            return decodedJSON(evaluate(arguments[0], in: scope)) ?? unknown(expression, in: scope)
        case ("file", 1):
            guard let (path, source) = readFile(arguments[0], in: scope) else { return unknown(expression, in: scope) }
            let base = attach(source, path: path, anchor: range, kind: .fileFunction)
            return .string(String(decoding: source.bytes[source.contentStart...], as: UTF8.self), range, .file(source, base: base))
        case ("templatefile", 2):
            // Terraform refuses templatefile inside a template ("cannot recursively call").
            guard scope.templateVariables == nil, let (path, source) = readFile(arguments[0], in: scope),
                  let template = try? HCLParser.parseTemplate(source, limits: limits) else { return unknown(expression, in: scope) }
            guard case .object(let members, _) = evaluate(arguments[1], in: scope) else { return unknown(expression, in: scope) }
            let variables = Dictionary(members.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
            let base = attach(source, path: path, anchor: range, kind: .fileFunction)
            let inner = Scope(path: path, source: source, base: base, templateVariables: variables, depth: scope.depth + 1, visiting: scope.visiting)
            let whole = SourceRange(start: 0, end: source.bytes.count)
            switch self.template(template, range: inner.shifted(whole), in: inner) {
            case .string(let text, _, let origin): return .string(text, range, origin)
            case .partial(let text, _): return .partial(text, range)
            default: return unknown(expression, in: scope)
            }
        case ("sensitive", 1), ("nonsensitive", 1):
            return evaluate(arguments[0], in: scope)
        case ("tostring", 1), ("tonumber", 1), ("tobool", 1), ("tolist", 1), ("toset", 1), ("tomap", 1):
            let type = String(name.dropFirst(2))
            return TerraformTypes.convert(evaluate(arguments[0], in: scope), to: .named(type == "list" || type == "set" || type == "map" ? type + "-any" : type))
                ?? unknown(expression, in: scope)
        case ("merge", _) where !arguments.isEmpty:
            var members: [TerraformMember] = []
            for value in values() {
                guard case .object(let more, _) = value else { return unknown(expression, in: scope) }
                for member in more {
                    members.removeAll { $0.name == member.name }
                    members.append(member)
                }
            }
            return .object(members, range)
        case ("concat", _) where !arguments.isEmpty:
            var items: [TerraformValue] = []
            for value in values() {
                guard case .tuple(let more, _) = value else { return unknown(expression, in: scope) }
                items += more
            }
            return .tuple(items, range)
        default:
            return unknown(expression, in: scope)
        }
    }

    /// The file a `file()`/`templatefile()` path names, relative to the module's directory.
    private func readFile(_ argument: HCLExpression, in scope: Scope) -> (String, SourceFile)? {
        guard case .string(let written, _, _) = evaluate(argument, in: scope) else { return nil }
        let path = TerraformPath.joined(module.directory, written)
        guard let source = module.files.read(path), InputCheck.validate(source.bytes, limits: limits) == nil else { return nil }
        return (path, source)
    }

    private func attach(_ source: SourceFile, path: String, anchor: SourceRange, kind: SourceAttachment.Kind) -> Int {
        let base = nextBase
        nextBase += source.bytes.count + 1
        attachments.append(SourceAttachment(base: base, source: source, relativePath: TerraformPath.relative(path, from: TerraformPath.directory(of: mainPath)),
                                            anchor: anchor, kind: kind))
        return base
    }

    /// `jsonencode`'s text for a known value, each token placed at the value it comes from;
    /// nil when a part is not known.
    static func jsonText(_ value: TerraformValue) -> (String, TextOrigin)? {
        var text = ""
        var origin = TextOrigin()
        func put(_ piece: String, _ range: SourceRange) {
            origin.append(.computed(range, length: piece.utf8.count), at: text.utf8.count)
            text += piece
        }
        func write(_ value: TerraformValue) -> Bool {
            switch value {
            case .string(let string, let range, _): put(JSONWriter.quote(string), range)
            case .number(let number, let range): put(number, range)
            case .bool(let flag, let range): put(flag ? "true" : "false", range)
            case .null(let range): put("null", range)
            case .tuple(let items, let range):
                put("[", range)
                for (index, item) in items.enumerated() {
                    if index > 0 { put(",", range) }
                    guard write(item) else { return false }
                }
                put("]", range)
            case .object(let members, let range):
                put("{", range)
                for (index, member) in members.enumerated() {
                    if index > 0 { put(",", range) }
                    put(JSONWriter.quote(member.name), member.nameRange ?? range)
                    put(":", range)
                    guard write(member.value) else { return false }
                }
                put("}", range)
            case .json, .partial, .unknown:
                return false
            }
            return true
        }
        return write(value) ? (text, origin) : nil
    }

    // MARK: JSON inside strings

    /// The value JSON text stands for: `jsonencode`'s argument, or the text parsed with every
    /// place mapped back to where it is written. Nil when the text is not JSON (or is unknown).
    func decodedJSON(_ value: TerraformValue) -> TerraformValue? {
        switch value {
        case .json(let inner, _):
            return inner
        case .string(let text, _, let origin):
            return decode(TemplateText(text: text, origin: origin, holes: []))
        case .partial(let text, _):
            return decode(text)
        default:
            return nil
        }
    }

    private func decode(_ text: TemplateText) -> TerraformValue? {
        TerraformJSON.decode(text, limits: limits, budget: &budget, nesting: nesting)
    }
}
