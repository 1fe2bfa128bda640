import Foundation

/// A small JSON Schema validator, used only by the tests to check that our SARIF output conforms to
/// the official SARIF 2.1.0 schema (which is written in draft-04).
///
/// It implements the validation keywords of drafts 04 to 07 that matter for such schemas:
/// `$ref` (local JSON pointers only), `type`, `enum`, `const`, `properties`, `patternProperties`,
/// `additionalProperties`, `required`, `dependencies`, `propertyNames`, `minProperties`,
/// `maxProperties`, `items` (single schema or tuple), `additionalItems`, `contains`, `minItems`,
/// `maxItems`, `uniqueItems`, `minimum`, `maximum`, `exclusiveMinimum`/`exclusiveMaximum` (draft-04
/// boolean and draft-06 number forms), `multipleOf`, `minLength`, `maxLength`, `pattern`, `format`
/// (loose checks of "uri", "uri-reference" and "date-time"; other formats pass), `allOf`, `anyOf`,
/// `oneOf`, `not`, `if`/`then`/`else`, and boolean schemas. Annotations (`title`, `description`,
/// `default`, `$schema`, `id`, `$id`, ...) and unknown keywords are ignored, as the spec says.
///
/// Errors read "<JSON pointer of the offending instance>: <what is wrong>"; the pointer of the
/// document root is the empty string, so errors about the root start with ": ".
struct JSONSchemaValidator: Sendable {
    /// A parsed JSON value. Converting Foundation's `Any` into this first gives one place that has
    /// to tell booleans from numbers, and gives structural equality for `enum`, `const` and
    /// `uniqueItems` for free. Numbers are kept as `Double`: JSON Schema compares numbers by value
    /// (1 equals 1.0), and integers beyond 2^53 do not occur in the documents we validate.
    enum Value: Equatable, Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([Value])
        case object([String: Value])
    }

    struct InvalidJSONValue: Error, CustomStringConvertible {
        let pointer: String
        let typeName: String
        var description: String { "\(pointer): \(typeName) is not a JSON value" }
    }

    /// `NSRegularExpression` is immutable and documented as thread-safe, but is not marked `Sendable`
    /// on every platform; this box states that so the validator can be shared between tests.
    private struct CompiledPattern: @unchecked Sendable {
        let expression: NSRegularExpression

        init?(pattern: String) {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
            self.expression = expression
        }

        /// Unanchored search, as JSON Schema's `pattern` requires (anchors belong in the pattern).
        func isFound(in string: String) -> Bool {
            expression.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
        }
    }

    private let rootSchema: Value
    /// Set when the schema given to `init(schema:)` could not be read as JSON; reported by every
    /// `validate` call instead of crashing, so a broken test setup shows up as a failing test.
    private let schemaProblem: String?
    /// Regular expressions compiled once per distinct pattern; a pattern that does not compile is
    /// missing here and reported as an error wherever it is used.
    private let compiledPatterns: [String: CompiledPattern]
    /// Every `$ref` in the schema, resolved once up front: resolving on each use dominated the
    /// time spent on large logs. A reference that cannot be resolved is missing here.
    private let resolvedReferences: [String: Value]

    init(schema: Any) {
        do {
            let converted = try Self.value(from: schema)
            rootSchema = converted
            schemaProblem = nil
            compiledPatterns = Self.compilePatterns(in: converted)
            resolvedReferences = Self.resolveReferences(in: converted)
        } catch {
            rootSchema = .bool(false)
            schemaProblem = "the schema is not valid JSON: \(error)"
            compiledPatterns = [:]
            resolvedReferences = [:]
        }
    }

    init(schemaFile: URL) throws {
        let data = try Data(contentsOf: schemaFile)
        self.init(schema: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    /// Empty when valid. Each error: "<JSON pointer of instance>: <what is wrong>".
    func validate(_ instance: Any) -> [String] {
        if let schemaProblem { return [": \(schemaProblem)"] }
        let value: Value
        do {
            value = try Self.value(from: instance)
        } catch {
            return ["\(error)"]
        }
        return evaluate(value, against: rootSchema, at: "", refsEnteredAtThisInstance: [])
    }

    func validate(jsonText: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(jsonText.utf8), options: [.fragmentsAllowed])
        return validate(object)
    }
}

// MARK: - Converting Foundation values

extension JSONSchemaValidator {
    /// The class Foundation uses for boxed booleans (`__NSCFBoolean` on both Darwin and Linux).
    /// `value is Bool` cannot be used to find booleans: an `NSNumber` holding 0 or 1 also casts to
    /// `Bool`, which would make `1` look like `true`.
    private static let booleanNumberClass: AnyClass = type(of: NSNumber(value: true))

    static func value(from any: Any, at pointer: String = "") throws -> Value {
        // Containers are tried first: asking whether a Swift dictionary `is NSNull` bridges the
        // whole dictionary to an NSDictionary, which made large documents 50 times slower.
        switch any {
        case let dictionary as [String: Any]:
            var object: [String: Value] = [:]
            for (key, element) in dictionary {
                object[key] = try value(from: element, at: pointer + "/" + escapePointerToken(key))
            }
            return .object(object)
        case let array as [Any]:
            return .array(try array.enumerated().map { index, element in
                try value(from: element, at: pointer + "/\(index)")
            })
        case let string as String:
            return .string(string)
        case let number as NSNumber:
            // Native Swift Bool/Int/Double values bridge to NSNumber too, and a Swift Bool bridges
            // to the boolean class, so this one check covers JSONSerialization output and
            // hand-built dictionaries alike.
            if type(of: number) == booleanNumberClass { return .bool(number.boolValue) }
            guard number.doubleValue.isFinite else {
                throw InvalidJSONValue(pointer: pointer, typeName: "non-finite number \(number)")
            }
            return .number(number.doubleValue)
        case is NSNull:
            return .null
        default:
            // `Optional.none` stored in an `Any` (for example from `[String: Any?]`) means null.
            let mirror = Mirror(reflecting: any)
            if mirror.displayStyle == .optional {
                guard let wrapped = mirror.children.first?.value else { return .null }
                return try value(from: wrapped, at: pointer)
            }
            throw InvalidJSONValue(pointer: pointer, typeName: String(describing: type(of: any)))
        }
    }

    static func escapePointerToken(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Finds every string used as a `pattern` or as a `patternProperties` key. Strings under other
    /// keys named "pattern" (say, a property definition called "pattern") may be compiled too; that
    /// is harmless because lookups only ever ask for real patterns.
    private static func compilePatterns(in schema: Value) -> [String: CompiledPattern] {
        var patterns: Set<String> = []
        func collect(_ node: Value) {
            switch node {
            case .object(let members):
                if case .string(let pattern)? = members["pattern"] { patterns.insert(pattern) }
                if case .object(let patternProperties)? = members["patternProperties"] {
                    patterns.formUnion(patternProperties.keys)
                }
                members.values.forEach(collect)
            case .array(let elements):
                elements.forEach(collect)
            default:
                break
            }
        }
        collect(schema)
        var compiled: [String: CompiledPattern] = [:]
        for pattern in patterns {
            compiled[pattern] = CompiledPattern(pattern: pattern)
        }
        return compiled
    }
}

// MARK: - Evaluation

extension JSONSchemaValidator {
    /// - Parameter refsEnteredAtThisInstance: the `$ref`s followed since the last step down into
    ///   the instance. Meeting one again means the schema loops without consuming any input
    ///   (e.g. `a: {$ref: b}, b: {$ref: a}`), which would otherwise recurse until the stack dies.
    private func evaluate(
        _ instance: Value, against schema: Value, at pointer: String, refsEnteredAtThisInstance: Set<String>
    ) -> [String] {
        let keywords: [String: Value]
        switch schema {
        case .bool(true):
            return []
        case .bool(false):
            return ["\(pointer): no value is allowed here (the schema is false)"]
        case .object(let members):
            keywords = members
        default:
            return ["\(pointer): the schema is neither an object nor a boolean: \(Self.render(schema))"]
        }

        if let reference = keywords["$ref"] {
            // In drafts 04 to 07 a `$ref` replaces its whole schema object; sibling keywords are
            // ignored (SARIF only puts `description` next to its `$ref`s).
            return evaluateReference(reference, instance: instance, at: pointer, refsEnteredAtThisInstance)
        }

        // Applies a subschema to this same instance, so `$ref` loop detection carries over.
        func inPlace(_ subschema: Value) -> [String] {
            evaluate(instance, against: subschema, at: pointer, refsEnteredAtThisInstance: refsEnteredAtThisInstance)
        }
        // Applies a subschema to a child of this instance: input was consumed, so loops reset.
        func child(_ value: Value, _ subschema: Value, at childPointer: String) -> [String] {
            evaluate(value, against: subschema, at: childPointer, refsEnteredAtThisInstance: [])
        }

        var errors: [String] = []
        errors += checkType(instance, keywords, at: pointer)
        errors += checkEnumAndConst(instance, keywords, at: pointer)
        switch instance {
        case .number(let number):
            errors += checkNumber(number, keywords, at: pointer)
        case .string(let string):
            errors += checkString(string, keywords, at: pointer)
        case .array(let elements):
            errors += checkArray(elements, keywords, at: pointer, child: child)
        case .object(let members):
            errors += checkObject(members, keywords, at: pointer, inPlace: inPlace, child: child)
        case .null, .bool:
            break
        }
        errors += checkCombinators(keywords, at: pointer, inPlace: inPlace)
        return errors
    }

    private func evaluateReference(
        _ reference: Value, instance: Value, at pointer: String, _ refsEnteredAtThisInstance: Set<String>
    ) -> [String] {
        guard case .string(let referenceText) = reference else {
            return ["\(pointer): $ref must be a string, found \(Self.render(reference))"]
        }
        if refsEnteredAtThisInstance.contains(referenceText) {
            return ["\(pointer): $ref \"\(referenceText)\" loops back to itself without consuming any input"]
        }
        guard let target = resolvedReferences[referenceText] else {
            return ["\(pointer): cannot resolve $ref \"\(referenceText)\" (only pointers into this schema are supported)"]
        }
        return evaluate(instance, against: target, at: pointer,
                        refsEnteredAtThisInstance: refsEnteredAtThisInstance.union([referenceText]))
    }

    private static func resolveReferences(in rootSchema: Value) -> [String: Value] {
        var resolved: [String: Value] = [:]
        func collect(_ node: Value) {
            switch node {
            case .object(let members):
                if case .string(let reference)? = members["$ref"], resolved[reference] == nil {
                    resolved[reference] = resolve(reference, in: rootSchema)
                }
                members.values.forEach(collect)
            case .array(let elements):
                elements.forEach(collect)
            default:
                break
            }
        }
        collect(rootSchema)
        return resolved
    }

    /// Resolves "#", "#/a/b" and "<this schema's id>#/a/b" by walking the JSON pointer in the
    /// fragment. A fragment is URI-encoded, so percent-escapes are decoded before the pointer's own
    /// "~1" → "/" and then "~0" → "~" (in that order, so "~01" means "~1").
    private static func resolve(_ reference: String, in rootSchema: Value) -> Value? {
        guard let hashIndex = reference.firstIndex(of: "#") else { return nil }
        let base = String(reference[..<hashIndex])
        if !base.isEmpty && base != identifier(of: rootSchema) { return nil }
        guard let fragment = String(reference[reference.index(after: hashIndex)...]).removingPercentEncoding else {
            return nil
        }
        if fragment.isEmpty { return rootSchema }
        guard fragment.hasPrefix("/") else { return nil }  // named anchors are not supported
        var node = rootSchema
        for rawToken in fragment.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = rawToken.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let members):
                guard let next = members[token] else { return nil }
                node = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                node = elements[index]
            default:
                return nil
            }
        }
        return node
    }

    /// The root schema's `$id` (draft-06+) or `id` (draft-04) without its fragment, so that
    /// absolute references to this same document still resolve locally.
    private static func identifier(of rootSchema: Value) -> String? {
        guard case .object(let members) = rootSchema else { return nil }
        for key in ["$id", "id"] {
            if case .string(let identifier)? = members[key] {
                return identifier.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                    .first.map(String.init)
            }
        }
        return nil
    }

    // MARK: Keywords for any type

    private func checkType(_ instance: Value, _ keywords: [String: Value], at pointer: String) -> [String] {
        guard let typeKeyword = keywords["type"] else { return [] }
        let allowedTypes: [String]
        switch typeKeyword {
        case .string(let name):
            allowedTypes = [name]
        case .array(let names):
            allowedTypes = names.compactMap { if case .string(let name) = $0 { name } else { nil } }
        default:
            return ["\(pointer): the schema's \"type\" is neither a string nor an array: \(Self.render(typeKeyword))"]
        }
        if allowedTypes.contains(where: { Self.instance(instance, hasType: $0) }) { return [] }
        let expected = allowedTypes.count == 1 ? allowedTypes[0] : "one of [\(allowedTypes.joined(separator: ", "))]"
        return ["\(pointer): expected \(expected), found \(Self.describe(instance))"]
    }

    private static func instance(_ instance: Value, hasType typeName: String) -> Bool {
        switch (typeName, instance) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string),
             ("array", .array), ("object", .object):
            return true
        case ("integer", .number(let number)):
            // Drafts 06+ define integers by value, so 3.0 counts; booleans never reach here.
            return isInteger(number)
        default:
            return false
        }
    }

    private static func isInteger(_ number: Double) -> Bool {
        number.isFinite && number.rounded(.towardZero) == number
    }

    /// "string \"abc\"", "integer 3", "null": the type and, where it adds anything, the value.
    private static func describe(_ instance: Value) -> String {
        switch instance {
        case .null: "null"
        case .bool(let flag): "boolean \(flag)"
        case .array, .object: typeName(of: instance)
        case .number, .string: "\(typeName(of: instance)) \(render(instance))"
        }
    }

    private static func typeName(of instance: Value) -> String {
        switch instance {
        case .null: "null"
        case .bool: "boolean"
        case .number(let number): isInteger(number) ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private func checkEnumAndConst(_ instance: Value, _ keywords: [String: Value], at pointer: String) -> [String] {
        var errors: [String] = []
        if let enumKeyword = keywords["enum"] {
            let allowedValues: [Value]
            if case .array(let values) = enumKeyword { allowedValues = values } else { allowedValues = [enumKeyword] }
            if !allowedValues.contains(instance) {
                // Strings are listed bare ("[none, note]") because that is how people read enums.
                let listed = allowedValues.map { value -> String in
                    if case .string(let string) = value { string } else { Self.render(value) }
                }
                errors.append("\(pointer): \(Self.render(instance)) is not one of [\(listed.joined(separator: ", "))]")
            }
        }
        if let constant = keywords["const"], constant != instance {
            errors.append("\(pointer): \(Self.render(instance)) is not the required constant \(Self.render(constant))")
        }
        return errors
    }

    // MARK: Numbers

    private func checkNumber(_ number: Double, _ keywords: [String: Value], at pointer: String) -> [String] {
        var errors: [String] = []
        let shown = Self.render(.number(number))
        // Draft-04 writes exclusive bounds as booleans beside minimum/maximum; draft-06+ as numbers.
        if case .number(let minimum)? = keywords["minimum"] {
            if keywords["exclusiveMinimum"] == .bool(true) {
                if number <= minimum { errors.append("\(pointer): \(shown) must be greater than \(Self.render(.number(minimum)))") }
            } else if number < minimum {
                errors.append("\(pointer): \(shown) is less than the minimum \(Self.render(.number(minimum)))")
            }
        }
        if case .number(let maximum)? = keywords["maximum"] {
            if keywords["exclusiveMaximum"] == .bool(true) {
                if number >= maximum { errors.append("\(pointer): \(shown) must be less than \(Self.render(.number(maximum)))") }
            } else if number > maximum {
                errors.append("\(pointer): \(shown) is greater than the maximum \(Self.render(.number(maximum)))")
            }
        }
        if case .number(let bound)? = keywords["exclusiveMinimum"], number <= bound {
            errors.append("\(pointer): \(shown) must be greater than \(Self.render(.number(bound)))")
        }
        if case .number(let bound)? = keywords["exclusiveMaximum"], number >= bound {
            errors.append("\(pointer): \(shown) must be less than \(Self.render(.number(bound)))")
        }
        if case .number(let divisor)? = keywords["multipleOf"], divisor > 0, !Self.isMultiple(number, of: divisor) {
            errors.append("\(pointer): \(shown) is not a multiple of \(Self.render(.number(divisor)))")
        }
        return errors
    }

    /// Binary floating point cannot represent most decimal fractions, so 0.3 / 0.1 is
    /// 2.9999999999999996; a small relative tolerance keeps such values from being rejected.
    private static func isMultiple(_ number: Double, of divisor: Double) -> Bool {
        let quotient = number / divisor
        guard quotient.isFinite else { return false }
        return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
    }

    // MARK: Strings

    private func checkString(_ string: String, _ keywords: [String: Value], at pointer: String) -> [String] {
        var errors: [String] = []
        // JSON Schema counts characters as Unicode code points, not UTF-16 units or graphemes.
        let length = string.unicodeScalars.count
        if case .number(let minimum)? = keywords["minLength"], Double(length) < minimum {
            errors.append("\(pointer): \(Self.render(.string(string))) is shorter than \(Self.render(.number(minimum))) characters")
        }
        if case .number(let maximum)? = keywords["maxLength"], Double(length) > maximum {
            errors.append("\(pointer): \(Self.render(.string(string))) is longer than \(Self.render(.number(maximum))) characters")
        }
        if case .string(let pattern)? = keywords["pattern"] {
            if let expression = compiledPatterns[pattern] {
                if !expression.isFound(in: string) {
                    errors.append("\(pointer): \(Self.render(.string(string))) does not match the pattern \(pattern)")
                }
            } else {
                errors.append("\(pointer): the schema's pattern \(pattern) is not a valid regular expression")
            }
        }
        if case .string(let format)? = keywords["format"], let problem = Self.formatProblem(string, format: format) {
            errors.append("\(pointer): \(Self.render(.string(string))) is not a valid \(format): \(problem)")
        }
        return errors
    }

    /// Deliberately loose: it rejects only what cannot be valid, never a legal value. Formats it
    /// does not know pass, as the spec allows.
    private static func formatProblem(_ string: String, format: String) -> String? {
        switch format {
        case "uri":
            if let problem = uriCharacterProblem(string) { return problem }
            return uriScheme?.isFound(in: string) == true
                ? nil : "an absolute URI must start with a scheme such as \"file:\""
        case "uri-reference":
            return uriCharacterProblem(string)
        case "date-time":
            return rfc3339DateTime?.isFound(in: string) == true
                ? nil : "expected an RFC 3339 date-time such as 2024-05-01T12:00:00Z"
        default:
            return nil
        }
    }

    private static let uriScheme = CompiledPattern(pattern: "^[A-Za-z][A-Za-z0-9+.-]*:")
    /// RFC 3339 section 5.6; field ranges (month 13, hour 25) are not checked.
    private static let rfc3339DateTime = CompiledPattern(
        pattern: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"#)
    private static let uriCharacters = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars)

    /// RFC 3986 allows only these ASCII characters; anything else (spaces, non-ASCII letters,
    /// backslashes) must be percent-encoded, and "%" must start a two-digit hex escape.
    private static func uriCharacterProblem(_ string: String) -> String? {
        let scalars = Array(string.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            guard uriCharacters.contains(scalar) else {
                return "character \(scalar.escaped(asASCII: true)) must be percent-encoded"
            }
            if scalar == "%" {
                let hexDigits = scalars.dropFirst(index + 1).prefix(2)
                guard hexDigits.count == 2, hexDigits.allSatisfy({ $0.properties.isASCIIHexDigit }) else {
                    return "\"%\" must be followed by two hex digits"
                }
            }
        }
        return nil
    }

    // MARK: Arrays

    private func checkArray(
        _ elements: [Value], _ keywords: [String: Value], at pointer: String,
        child: (Value, Value, String) -> [String]
    ) -> [String] {
        var errors: [String] = []
        let elementPointer = { (index: Int) in "\(pointer)/\(index)" }
        switch keywords["items"] {
        case .array(let tupleSchemas)?:
            for (index, element) in elements.enumerated() {
                if index < tupleSchemas.count {
                    errors += child(element, tupleSchemas[index], elementPointer(index))
                } else if let additionalItems = keywords["additionalItems"] {
                    errors += child(element, additionalItems, elementPointer(index))
                }
            }
        case let itemSchema?:
            for (index, element) in elements.enumerated() {
                errors += child(element, itemSchema, elementPointer(index))
            }
        case nil:
            break
        }
        if let containsSchema = keywords["contains"],
           !elements.enumerated().contains(where: { child($1, containsSchema, elementPointer($0)).isEmpty }) {
            errors.append("\(pointer): no item matches the \"contains\" schema")
        }
        if case .number(let minimum)? = keywords["minItems"], Double(elements.count) < minimum {
            errors.append("\(pointer): has \(elements.count) items, fewer than the minimum \(Self.render(.number(minimum)))")
        }
        if case .number(let maximum)? = keywords["maxItems"], Double(elements.count) > maximum {
            errors.append("\(pointer): has \(elements.count) items, more than the maximum \(Self.render(.number(maximum)))")
        }
        if keywords["uniqueItems"] == .bool(true) {
            // Quadratic, but Value is not Hashable (Double keys would make 1 and 1.0 distinct) and
            // the arrays we validate are small.
            duplicateSearch: for first in elements.indices {
                for second in elements.indices where second > first && elements[first] == elements[second] {
                    errors.append("\(pointer): items \(first) and \(second) are equal, but items must be unique")
                    break duplicateSearch
                }
            }
        }
        return errors
    }

    // MARK: Objects

    private func checkObject(
        _ members: [String: Value], _ keywords: [String: Value], at pointer: String,
        inPlace: (Value) -> [String], child: (Value, Value, String) -> [String]
    ) -> [String] {
        var errors: [String] = []
        let memberPointer = { (name: String) in "\(pointer)/\(Self.escapePointerToken(name))" }
        // Sorted so that error order does not depend on dictionary hashing.
        let names = members.keys.sorted()

        if case .array(let requiredNames)? = keywords["required"] {
            for case .string(let name) in requiredNames where members[name] == nil {
                errors.append("\(pointer): required property \"\(name)\" is missing")
            }
        }

        var declaredProperties: [String: Value] = [:]
        if case .object(let properties)? = keywords["properties"] { declaredProperties = properties }
        var patternProperties: [(pattern: String, schema: Value)] = []
        if case .object(let patterns)? = keywords["patternProperties"] {
            patternProperties = patterns.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }

        for name in names {
            guard let value = members[name] else { continue }
            var isDeclared = false
            if let propertySchema = declaredProperties[name] {
                isDeclared = true
                errors += child(value, propertySchema, memberPointer(name))
            }
            for (pattern, propertySchema) in patternProperties {
                guard let expression = compiledPatterns[pattern] else {
                    errors.append("\(pointer): the schema's patternProperties key \(pattern) is not a valid regular expression")
                    continue
                }
                if expression.isFound(in: name) {
                    isDeclared = true
                    errors += child(value, propertySchema, memberPointer(name))
                }
            }
            if !isDeclared, let additionalSchema = keywords["additionalProperties"] {
                if additionalSchema == .bool(false) {
                    // Reported at the property itself, which is the offending instance.
                    errors.append("\(memberPointer(name)): property \"\(name)\" is not allowed here (additionalProperties is false)")
                } else {
                    errors += child(value, additionalSchema, memberPointer(name))
                }
            }
            if let nameSchema = keywords["propertyNames"] {
                for problem in child(.string(name), nameSchema, memberPointer(name)) {
                    errors.append("\(problem) (in the property name)")
                }
            }
        }

        if case .object(let dependencies)? = keywords["dependencies"] {
            for (name, dependency) in dependencies.sorted(by: { $0.key < $1.key }) where members[name] != nil {
                if case .array(let neededNames) = dependency {
                    for case .string(let needed) in neededNames where members[needed] == nil {
                        errors.append("\(pointer): property \"\(needed)\" is required when \"\(name)\" is present")
                    }
                } else {
                    errors += inPlace(dependency)
                }
            }
        }
        if case .number(let minimum)? = keywords["minProperties"], Double(members.count) < minimum {
            errors.append("\(pointer): has \(members.count) properties, fewer than the minimum \(Self.render(.number(minimum)))")
        }
        if case .number(let maximum)? = keywords["maxProperties"], Double(members.count) > maximum {
            errors.append("\(pointer): has \(members.count) properties, more than the maximum \(Self.render(.number(maximum)))")
        }
        return errors
    }

    // MARK: Combinators

    private func checkCombinators(
        _ keywords: [String: Value], at pointer: String, inPlace: (Value) -> [String]
    ) -> [String] {
        var errors: [String] = []
        if case .array(let schemas)? = keywords["allOf"] {
            for schema in schemas { errors += inPlace(schema) }
        }
        if case .array(let schemas)? = keywords["anyOf"] {
            let outcomes = schemas.map(inPlace)
            if !outcomes.contains(where: \.isEmpty) {
                errors.append("\(pointer): does not match any schema in anyOf: \(Self.summarize(outcomes))")
            }
        }
        if case .array(let schemas)? = keywords["oneOf"] {
            let outcomes = schemas.map(inPlace)
            let matching = outcomes.indices.filter { outcomes[$0].isEmpty }
            if matching.isEmpty {
                errors.append("\(pointer): does not match any schema in oneOf: \(Self.summarize(outcomes))")
            } else if matching.count > 1 {
                let indexes = matching.map(String.init).joined(separator: ", ")
                errors.append("\(pointer): matches schemas \(indexes) in oneOf, but must match exactly one")
            }
        }
        if let forbidden = keywords["not"], inPlace(forbidden).isEmpty {
            errors.append("\(pointer): must not match the schema in \"not\"")
        }
        if let condition = keywords["if"] {
            if inPlace(condition).isEmpty {
                if let thenSchema = keywords["then"] { errors += inPlace(thenSchema) }
            } else if let elseSchema = keywords["else"] {
                errors += inPlace(elseSchema)
            }
        }
        return errors
    }

    /// Why each alternative failed, so that an anyOf/oneOf error can be fixed without a debugger.
    private static func summarize(_ outcomes: [[String]]) -> String {
        outcomes.enumerated().map { index, failures in
            let shown = failures.prefix(3).joined(separator: "; ")
            let more = failures.count > 3 ? "; and \(failures.count - 3) more" : ""
            return "[\(index)] \(shown)\(more)"
        }.joined(separator: " | ")
    }

    // MARK: Rendering

    /// Compact JSON for messages, shortened so that a huge object does not drown the error.
    static func render(_ value: Value) -> String {
        let full = renderFully(value)
        return full.count > 80 ? String(full.prefix(77)) + "..." : full
    }

    private static func renderFully(_ value: Value) -> String {
        switch value {
        case .null:
            return "null"
        case .bool(let flag):
            return flag ? "true" : "false"
        case .number(let number):
            if isInteger(number), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .string(let string):
            var escaped = "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\r": escaped += "\\r"
                default:
                    if scalar.value < 0x20 {
                        escaped += String(format: "\\u%04x", scalar.value)
                    } else {
                        escaped.unicodeScalars.append(scalar)
                    }
                }
            }
            return escaped + "\""
        case .array(let elements):
            return "[" + elements.map(renderFully).joined(separator: ",") + "]"
        case .object(let members):
            let rendered = members.keys.sorted().map { key in
                renderFully(.string(key)) + ":" + (members[key].map(renderFully) ?? "null")
            }
            return "{" + rendered.joined(separator: ",") + "}"
        }
    }
}
