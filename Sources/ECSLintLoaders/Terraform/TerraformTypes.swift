import ECSLintSyntax

/// Terraform's type conversions, where they are exact: a variable's value is converted to its
/// declared `type` before anything uses it (`type = string, default = 8080` is `"8080"`), and
/// `tostring`/`tonumber`/`tobool`/`tolist`/`toset`/`tomap` convert their argument
/// (developer.hashicorp.com/terraform/language/expressions/type-constraints#conversion-of-primitive-types).
/// Nil where the conversion would fail or is not modelled (objects with optional attributes):
/// the value is then unknown.
enum TerraformTypes {
    indirect enum Spec: Sendable {
        case named(String)
        case list(Spec), set(Spec), map(Spec)
    }

    /// The type a `type = …` expression declares; nil for types not modelled.
    static func spec(_ expression: HCLExpression) -> Spec? {
        switch expression.kind {
        case .variable(let name) where ["string", "number", "bool", "any"].contains(name):
            return .named(name)
        case .call(let name, let arguments, false) where arguments.count == 1:
            guard let element = spec(arguments[0]) else { return nil }
            switch name {
            case "list": return .list(element)
            case "set": return .set(element)
            case "map": return .map(element)
            default: return nil
            }
        default:
            return nil
        }
    }

    static func convert(_ value: TerraformValue, to spec: Spec) -> TerraformValue? {
        if case .null = value { return value }
        guard value.isKnown else { return value }  // unknown stays unknown, converted later by Terraform
        switch spec {
        case .named("any"):
            return value
        case .named("string"):
            switch value {
            case .string: return value
            case .number(let text, let range): return .string(text, range, .computed(range, length: text.utf8.count))
            case .bool(let flag, let range): return .string(flag ? "true" : "false", range, .computed(range, length: flag ? 4 : 5))
            default: return nil
            }
        case .named("number"):
            switch value {
            case .number: return value
            case .string(let text, let range, _):
                guard !text.isEmpty, !text.contains(" "), Double(text) != nil else { return nil }
                return .number(text, range)
            default: return nil
            }
        case .named("bool"):
            switch value {
            case .bool: return value
            case .string("true", let range, _): return .bool(true, range)
            case .string("false", let range, _): return .bool(false, range)
            default: return nil
            }
        case .named("list-any"):
            if case .tuple = value { return value }
            return nil
        case .named("set-any"):
            return set(value, element: nil)
        case .named("map-any"):
            if case .object = value { return value }
            return nil
        case .named:
            return nil
        case .list(let element):
            guard case .tuple(let items, let range) = value else { return nil }
            var converted: [TerraformValue] = []
            for item in items {
                guard let item = convert(item, to: element) else { return nil }
                converted.append(item)
            }
            return .tuple(converted, range)
        case .set(let element):
            return set(value, element: element)
        case .map(let element):
            guard case .object(let members, let range) = value else { return nil }
            var converted: [TerraformMember] = []
            for member in members {
                guard let item = convert(member.value, to: element) else { return nil }
                converted.append(TerraformMember(name: member.name, nameRange: member.nameRange, value: item))
            }
            return .object(converted, range)
        }
    }

    /// A set of strings: duplicates removed, in lexical order (how Terraform orders string sets);
    /// sets of anything else are not modelled.
    private static func set(_ value: TerraformValue, element: Spec?) -> TerraformValue? {
        guard case .tuple(let items, let range) = value else { return nil }
        var converted: [TerraformValue] = []
        for item in items {
            guard let string = convert(item, to: element ?? .named("string")), case .string(let text, _, _) = string else { return nil }
            if !converted.contains(where: { $0.stringValue == text }) { converted.append(string) }
        }
        return .tuple(converted.sorted { ($0.stringValue ?? "") < ($1.stringValue ?? "") }, range)
    }
}
