import ECSLintSyntax
import Foundation
import Testing

/// The validator is what our SARIF tests lean on, so these tests make sure it actually rejects
/// broken documents (a validator that accepts everything would let every SARIF test pass).
@Suite("JSONSchemaValidator")
struct JSONSchemaValidatorTests {
    // MARK: - Helpers

    /// Tests/ECSLintReportersTests/<this file> → the repository root → the shared schemas beside it.
    static let sarifSchemaURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/schemas/sarif-schema-2.1.0.json")
        .standardizedFileURL

    func sarifErrors(_ jsonText: String) throws -> [String] {
        try JSONSchemaValidator(schemaFile: Self.sarifSchemaURL).validate(jsonText: jsonText)
    }

    func errors(schema schemaJSON: String, instance instanceJSON: String) throws -> [String] {
        let schema = try JSONSerialization.jsonObject(with: Data(schemaJSON.utf8), options: [.fragmentsAllowed])
        return try JSONSchemaValidator(schema: schema).validate(jsonText: instanceJSON)
    }

    /// True when some error is about the instance at `pointer` and mentions `text`.
    func hasError(_ errors: [String], at pointer: String, containing text: String = "") -> Bool {
        errors.contains { $0.hasPrefix(pointer + ": ") && (text.isEmpty || $0.contains(text)) }
    }

    static let validResult = #"""
        {"ruleId": "ECS001", "level": "error", "message": {"text": "Container runs privileged."},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "task.json"},
                                             "region": {"startLine": 3, "startColumn": 5}}}]}
        """#

    /// A minimal SARIF log with one run and one result; each test swaps in one broken piece.
    func sarifLog(
        result: String = validResult, driver: String = #"{"name": "ecs-lint"}"#, runExtras: String = ""
    ) -> String {
        """
        {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
         "runs": [{"tool": {"driver": \(driver)}, "results": [\(result)]\(runExtras)}]}
        """
    }

    // MARK: - Against the SARIF 2.1.0 schema

    @Test func sarifSchemaFileIsFound() {
        #expect(FileManager.default.fileExists(atPath: Self.sarifSchemaURL.path), "\(Self.sarifSchemaURL.path)")
    }

    @Test func minimalSARIFLogIsValid() throws {
        #expect(try sarifErrors(sarifLog()) == [])
    }

    @Test func richSARIFLogIsValid() throws {
        let driver = #"""
            {"name": "ecs-lint", "version": "0.1.0", "informationUri": "https://example.com/ecs-lint",
             "guid": "12345678-1234-4234-8234-123456789abc", "dottedQuadFileVersion": "1.2.3.4", "language": "en-US",
             "rules": [{"id": "ECS001", "name": "NoPrivileged", "shortDescription": {"text": "x"},
                        "helpUri": "https://example.com/rules/ECS001",
                        "defaultConfiguration": {"level": "error", "rank": 50.5},
                        "properties": {"tags": ["security", "ecs"], "precision": "high"}}]}
            """#
        let result = #"""
            {"ruleId": "ECS001", "ruleIndex": 0, "level": "warning", "kind": "fail", "rank": 10,
             "message": {"id": "default", "arguments": ["web"]},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "dir/task%20def.json", "uriBaseId": "SRCROOT", "index": 0},
                                                 "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 20}},
                            "logicalLocations": [{"name": "web", "kind": "object"}]}],
             "partialFingerprints": {"primaryLocationLineHash": "abc:1"},
             "fixes": [{"description": {"text": "fix"},
                        "artifactChanges": [{"artifactLocation": {"uri": "task.json"},
                                             "replacements": [{"deletedRegion": {"charOffset": 10, "charLength": 4},
                                                               "insertedContent": {"text": "false"}}]}]}],
             "properties": {"tags": ["t1"], "anything": {"nested": [1, 2.5, null, true]}}}
            """#
        let runExtras = #"""
            , "invocations": [{"executionSuccessful": true, "exitCode": 1,
                               "startTimeUtc": "2024-05-01T12:00:00.123Z", "endTimeUtc": "2024-05-01T12:00:01+02:00"}],
              "originalUriBaseIds": {"SRCROOT": {"uri": "file:///work/project/"}},
              "artifacts": [{"location": {"uri": "task.json", "uriBaseId": "SRCROOT"}, "mimeType": "application/json"}],
              "columnKind": "unicodeCodePoints"
            """#
        #expect(try sarifErrors(sarifLog(result: result, driver: driver, runExtras: runExtras)) == [])
    }

    @Test func missingVersionIsReportedAtTheRoot() throws {
        let errors = try sarifErrors(#"{"runs": []}"#)
        #expect(errors == [#": required property "version" is missing"#])
    }

    @Test func levelOutsideTheEnumIsReported() throws {
        let result = #"{"message": {"text": "m"}, "level": "fatal"}"#
        let errors = try sarifErrors(sarifLog(result: result))
        #expect(errors == [#"/runs/0/results/0/level: "fatal" is not one of [none, note, warning, error]"#])
    }

    @Test func unknownPropertyIsRejectedWhereAdditionalPropertiesIsFalse() throws {
        let result = #"{"message": {"text": "m"}, "severity": "high"}"#
        let errors = try sarifErrors(sarifLog(result: result))
        #expect(hasError(errors, at: "/runs/0/results/0/severity", containing: "not allowed"), "\(errors)")
    }

    @Test func propertyBagAcceptsUnknownProperties() throws {
        let result = #"{"message": {"text": "m"}, "properties": {"severity": "high", "score": [1, {"a": null}]}}"#
        #expect(try sarifErrors(sarifLog(result: result)) == [])
    }

    @Test func wrongTypeIsReported() throws {
        let result = #"""
            {"message": {"text": "m"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": "3"}}}]}
            """#
        let errors = try sarifErrors(sarifLog(result: result))
        #expect(errors.contains(#"/runs/0/results/0/locations/0/physicalLocation/region/startLine: expected integer, found string "3""#),
                "\(errors)")
    }

    @Test func emptyArrayBelowMinItemsIsReported() throws {
        let newlines = try sarifErrors(sarifLog(runExtras: #", "newlineSequences": []"#))
        #expect(hasError(newlines, at: "/runs/0/newlineSequences", containing: "fewer than the minimum 1"), "\(newlines)")

        let result = #"{"message": {"text": "m"}, "codeFlows": [{"threadFlows": []}]}"#
        let threadFlows = try sarifErrors(sarifLog(result: result))
        #expect(hasError(threadFlows, at: "/runs/0/results/0/codeFlows/0/threadFlows", containing: "minimum 1"), "\(threadFlows)")
    }

    @Test func duplicateItemsAreReportedWhereUniqueItemsIsTrue() throws {
        let result = #"{"message": {"text": "m"}, "properties": {"tags": ["security", "ecs", "security"]}}"#
        let tags = try sarifErrors(sarifLog(result: result))
        #expect(tags == ["/runs/0/results/0/properties/tags: items 0 and 2 are equal, but items must be unique"])

        // Deep equality: the same object with its keys in another order is still a duplicate.
        let extensions = #", "extensions": [{"name": "x", "version": "1"}, {"version": "1", "name": "x"}]"#
        let driver = #"{"name": "ecs-lint"}"# + extensions
        let duplicated = try sarifErrors(sarifLog(driver: driver))
        #expect(hasError(duplicated, at: "/runs/0/tool/extensions", containing: "unique"), "\(duplicated)")
    }

    @Test func referencedDefinitionIsEnforced() throws {
        // tool.driver is {"$ref": "#/definitions/toolComponent"}, an object with a required name.
        let asString = try sarifErrors(sarifLog(driver: #""ecs-lint""#))
        #expect(asString == ["/runs/0/tool/driver: expected object, found string \"ecs-lint\""])

        let withoutName = try sarifErrors(sarifLog(driver: #"{"version": "1"}"#))
        #expect(withoutName == [#"/runs/0/tool/driver: required property "name" is missing"#])
    }

    @Test func patternMismatchIsReported() throws {
        let errors = try sarifErrors(sarifLog(driver: #"{"name": "ecs-lint", "guid": "not-a-guid"}"#))
        #expect(hasError(errors, at: "/runs/0/tool/driver/guid", containing: "does not match the pattern"), "\(errors)")
    }

    @Test func patternIsAnUnanchoredSearch() throws {
        // dottedQuadFileVersion's pattern has no anchors, so surrounding text is allowed...
        #expect(try sarifErrors(sarifLog(driver: #"{"name": "n", "dottedQuadFileVersion": "v1.2.3.4-beta"}"#)) == [])
        // ...but the four numbers must still be there.
        let errors = try sarifErrors(sarifLog(driver: #"{"name": "n", "dottedQuadFileVersion": "1.2.3"}"#))
        #expect(hasError(errors, at: "/runs/0/tool/driver/dottedQuadFileVersion", containing: "pattern"), "\(errors)")
    }

    @Test func anyOfFailureIsReported() throws {
        // message needs "text" or "id".
        let emptyMessage = try sarifErrors(sarifLog(result: #"{"message": {}}"#))
        #expect(hasError(emptyMessage, at: "/runs/0/results/0/message", containing: "anyOf"), "\(emptyMessage)")
        #expect(emptyMessage.first?.contains(#"required property "text" is missing"#) == true, "\(emptyMessage)")

        // region needs startLine, charOffset or byteOffset.
        let result = #"""
            {"message": {"text": "m"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"endLine": 4}}}]}
            """#
        let region = try sarifErrors(sarifLog(result: result))
        #expect(hasError(region, at: "/runs/0/results/0/locations/0/physicalLocation/region", containing: "anyOf"), "\(region)")
    }

    @Test func oneOfRejectsAMatchOfBoth() throws {
        let both = #"{"message": {"text": "m"}, "graphTraversals": [{"runGraphIndex": 0, "resultGraphIndex": 0}]}"#
        let errors = try sarifErrors(sarifLog(result: both))
        #expect(hasError(errors, at: "/runs/0/results/0/graphTraversals/0", containing: "exactly one"), "\(errors)")

        let one = #"{"message": {"text": "m"}, "graphTraversals": [{"runGraphIndex": 0}]}"#
        #expect(try sarifErrors(sarifLog(result: one)) == [])
    }

    @Test func minimumAndMaximumAreEnforced() throws {
        let result = #"""
            {"message": {"text": "m"}, "rank": 100.5,
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}
            """#
        let errors = try sarifErrors(sarifLog(result: result))
        #expect(hasError(errors, at: "/runs/0/results/0/rank", containing: "greater than the maximum 100"), "\(errors)")
        #expect(hasError(errors, at: "/runs/0/results/0/locations/0/physicalLocation/region/startLine",
                         containing: "less than the minimum 1"), "\(errors)")
    }

    @Test func typeListAllowsNullRuns() throws {
        #expect(try sarifErrors(#"{"version": "2.1.0", "runs": null}"#) == [])
        let errors = try sarifErrors(#"{"version": "2.1.0", "runs": {}}"#)
        #expect(errors == ["/runs: expected one of [array, null], found object"])
    }

    @Test func formatsRejectOnlyImpossibleValues() throws {
        let badSchemaURI = try sarifErrors(#"{"version": "2.1.0", "runs": [], "$schema": "sarif schema"}"#)
        #expect(hasError(badSchemaURI, at: "/$schema", containing: "not a valid uri"), "\(badSchemaURI)")

        let relativeSchemaURI = try sarifErrors(#"{"version": "2.1.0", "runs": [], "$schema": "schemas/sarif.json"}"#)
        #expect(hasError(relativeSchemaURI, at: "/$schema", containing: "scheme"), "\(relativeSchemaURI)")

        let invocation = #", "invocations": [{"executionSuccessful": true, "endTimeUtc": "yesterday"}]"#
        let badTime = try sarifErrors(sarifLog(runExtras: invocation))
        #expect(hasError(badTime, at: "/runs/0/invocations/0/endTimeUtc", containing: "date-time"), "\(badTime)")

        let result = #"""
            {"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "my task.json"}}}]}
            """#
        let spaceInURI = try sarifErrors(sarifLog(result: result))
        #expect(hasError(spaceInURI, at: "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri",
                         containing: "percent-encoded"), "\(spaceInURI)")
    }

    // MARK: - Keyword semantics on small schemas

    @Test(arguments: [
        ("3", true), ("3.0", true), ("-7", true), ("1e2", true), ("0", true),
        ("3.5", false), ("true", false), ("false", false), (#""3""#, false), ("null", false),
    ])
    func integerMeansAWholeNumberAndNeverABoolean(instance: String, isValid: Bool) throws {
        #expect(try errors(schema: #"{"type": "integer"}"#, instance: instance).isEmpty == isValid)
    }

    @Test(arguments: [
        (#"{"type": "boolean"}"#, "true", true), (#"{"type": "boolean"}"#, "1", false),
        (#"{"type": "boolean"}"#, "0", false), (#"{"type": "number"}"#, "true", false),
        (#"{"type": "number"}"#, "2.5", true), (#"{"type": "null"}"#, "null", true),
        (#"{"type": "null"}"#, "0", false), (#"{"type": ["string", "integer"]}"#, "4", true),
        (#"{"type": ["string", "integer"]}"#, "4.5", false), (#"{"enum": [1]}"#, "true", false),
        (#"{"const": true}"#, "1", false), (#"{"const": 1}"#, "1.0", true),
    ])
    func booleansAndNumbersAreDistinct(schema: String, instance: String, isValid: Bool) throws {
        #expect(try errors(schema: schema, instance: instance).isEmpty == isValid)
    }

    @Test func handBuiltSwiftValuesAreUnderstood() {
        let validator = JSONSchemaValidator(schema: [
            "type": "object",
            "properties": ["flag": ["type": "boolean"], "count": ["type": "integer"], "note": ["type": "null"]],
        ] as [String: Any])
        #expect(validator.validate(["flag": true, "count": 2, "note": NSNull()] as [String: Any]) == [])
        #expect(validator.validate(["flag": NSNumber(value: false), "count": NSNumber(value: 2)] as [String: Any]) == [])
        let optionalNote: String? = nil
        #expect(validator.validate(["note": optionalNote as Any] as [String: Any]) == [])

        let swapped = validator.validate(["flag": 1, "count": true] as [String: Any])
        #expect(swapped == ["/count: expected integer, found boolean true", "/flag: expected boolean, found integer 1"])
    }

    @Test func enumAndConstCompareDeeply() throws {
        let schema = #"{"enum": [{"a": [1, 2], "b": null}, "x"]}"#
        #expect(try errors(schema: schema, instance: #"{"b": null, "a": [1.0, 2]}"#) == [])
        #expect(try errors(schema: schema, instance: #"{"a": [2, 1], "b": null}"#).count == 1)
        #expect(try errors(schema: schema, instance: #"{"a": [1, 2]}"#).count == 1)
        #expect(try errors(schema: #"{"const": {"k": [true]}}"#, instance: #"{"k": [true]}"#) == [])
        #expect(try errors(schema: #"{"const": {"k": [true]}}"#, instance: #"{"k": [1]}"#)
                == [#": {"k":[1]} is not the required constant {"k":[true]}"#])
    }

    @Test func uniqueItemsComparesDeeply() throws {
        let schema = #"{"uniqueItems": true}"#
        #expect(try errors(schema: schema, instance: #"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#).count == 1)
        #expect(try errors(schema: schema, instance: "[1, 1.0]").count == 1)
        #expect(try errors(schema: schema, instance: "[[1], [1]]").count == 1)
        #expect(try errors(schema: schema, instance: "[1, true, \"1\", [1], {\"1\": 1}, null, 0, false]") == [])
        #expect(try errors(schema: #"{"uniqueItems": false}"#, instance: "[1, 1]") == [])
    }

    @Test func refPointersAreUnescaped() throws {
        let schema = #"""
            {"definitions": {"a/b": {"type": "string"}, "c~d": {"type": "integer"}, "e f": {"type": "boolean"},
                             "~1": {"type": "null"}, "list": [{"type": "object"}]},
             "properties": {"slash": {"$ref": "#/definitions/a~1b"}, "tilde": {"$ref": "#/definitions/c~0d"},
                            "space": {"$ref": "#/definitions/e%20f"}, "tildeOne": {"$ref": "#/definitions/~01"},
                            "index": {"$ref": "#/definitions/list/0"}}}
            """#
        let valid = #"{"slash": "s", "tilde": 1, "space": true, "tildeOne": null, "index": {}}"#
        #expect(try errors(schema: schema, instance: valid) == [])
        let invalid = #"{"slash": 1, "tilde": "t", "space": null, "tildeOne": 0, "index": []}"#
        let found = try errors(schema: schema, instance: invalid)
        #expect(found.count == 5, "\(found)")
        for pointer in ["/slash", "/tilde", "/space", "/tildeOne", "/index"] {
            #expect(hasError(found, at: pointer, containing: "expected"), "\(pointer): \(found)")
        }
    }

    @Test func refsResolveRecursivelyAndThroughTheSchemaID() throws {
        let schema = #"""
            {"id": "https://example.com/tree.json",
             "definitions": {"node": {"type": "object", "required": ["value"],
                                      "properties": {"value": {"type": "integer"},
                                                     "children": {"type": "array",
                                                                  "items": {"$ref": "https://example.com/tree.json#/definitions/node"}}}}},
             "$ref": "#/definitions/node"}
            """#
        #expect(try errors(schema: schema, instance: #"{"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}"#) == [])
        let nested = try errors(schema: schema, instance: #"{"value": 1, "children": [{"value": 2, "children": [{"value": "x"}]}]}"#)
        #expect(nested == [#"/children/0/children/0/value: expected integer, found string "x""#])
    }

    @Test func badRefsAreErrorsNotCrashes() throws {
        let missing = try errors(schema: ##"{"$ref": "#/definitions/nowhere"}"##, instance: "1")
        #expect(missing == [##": cannot resolve $ref "#/definitions/nowhere" (only pointers into this schema are supported)"##])
        let remote = try errors(schema: #"{"$ref": "https://example.com/other.json#/x"}"#, instance: "1")
        #expect(hasError(remote, at: "", containing: "cannot resolve"), "\(remote)")
        let loop = ##"{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "$ref": "#/definitions/a"}"##
        let looped = try errors(schema: loop, instance: "1")
        #expect(hasError(looped, at: "", containing: "loops back"), "\(looped)")
    }

    @Test func refSiblingKeywordsAreIgnoredAsInDraft04To07() throws {
        let schema = ##"{"definitions": {"s": {"type": "string"}}, "properties": {"p": {"$ref": "#/definitions/s", "type": "integer"}}}"##
        #expect(try errors(schema: schema, instance: #"{"p": "text"}"#) == [])
    }

    @Test func additionalPropertiesWorksWithPropertiesAndPatternProperties() throws {
        let schema = #"""
            {"properties": {"name": {"type": "string"}}, "patternProperties": {"^x-": {"type": "integer"}},
             "additionalProperties": {"type": "boolean"}}
            """#
        #expect(try errors(schema: schema, instance: #"{"name": "n", "x-count": 2, "other": true}"#) == [])
        let found = try errors(schema: schema, instance: #"{"name": 1, "x-count": "2", "other": "yes"}"#)
        #expect(found == [#"/name: expected string, found integer 1"#, #"/other: expected boolean, found string "yes""#,
                          #"/x-count: expected integer, found string "2""#])
    }

    @Test func instancePointersEscapeKeys() throws {
        let found = try errors(schema: #"{"additionalProperties": false}"#, instance: #"{"a/b~c": 1}"#)
        #expect(found == [#"/a~1b~0c: property "a/b~c" is not allowed here (additionalProperties is false)"#])
    }

    @Test func combinatorsAllOfNotAndIfThenElse() throws {
        let allOf = #"{"allOf": [{"type": "integer"}, {"minimum": 5}]}"#
        #expect(try errors(schema: allOf, instance: "7") == [])
        #expect(try errors(schema: allOf, instance: "3") == [": 3 is less than the minimum 5"])
        #expect(try errors(schema: #"{"not": {"type": "string"}}"#, instance: #""s""#) == [#": must not match the schema in "not""#])
        #expect(try errors(schema: #"{"not": {"type": "string"}}"#, instance: "1") == [])

        let conditional = #"{"if": {"type": "integer"}, "then": {"minimum": 0}, "else": {"type": "string"}}"#
        #expect(try errors(schema: conditional, instance: "4") == [])
        #expect(try errors(schema: conditional, instance: "-4").count == 1)
        #expect(try errors(schema: conditional, instance: #""s""#) == [])
        #expect(try errors(schema: conditional, instance: "true").count == 1)
        #expect(try errors(schema: #"{"anyOf": [{"type": "string"}, {"type": "null"}]}"#, instance: "null") == [])
        #expect(try errors(schema: #"{"oneOf": [{"type": "string"}, {"type": "integer"}]}"#, instance: "2.5").count == 1)
    }

    @Test func lengthsCountUnicodeCodePoints() throws {
        let schema = #"{"minLength": 2, "maxLength": 3}"#
        #expect(try errors(schema: schema, instance: #""😀😀""#) == [])  // 2 code points, 4 UTF-16 units
        #expect(try errors(schema: schema, instance: #""a""#) == [#": "a" is shorter than 2 characters"#])
        #expect(try errors(schema: schema, instance: #""abcd""#) == [#": "abcd" is longer than 3 characters"#])
        #expect(try errors(schema: schema, instance: "12345") == [])  // string keywords ignore numbers
    }

    @Test func arrayKeywords() throws {
        #expect(try errors(schema: #"{"maxItems": 2}"#, instance: "[1, 2, 3]") == [": has 3 items, more than the maximum 2"])
        #expect(try errors(schema: #"{"minItems": 1}"#, instance: "[]") == [": has 0 items, fewer than the minimum 1"])
        let tuple = #"{"items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false}"#
        #expect(try errors(schema: tuple, instance: #"["a", 1]"#) == [])
        #expect(try errors(schema: tuple, instance: #"["a"]"#) == [])
        #expect(try errors(schema: tuple, instance: #"[1, 1, null]"#)
                == [#"/0: expected string, found integer 1"#, "/2: no value is allowed here (the schema is false)"])
        #expect(try errors(schema: #"{"contains": {"type": "null"}}"#, instance: "[1, null]") == [])
        #expect(try errors(schema: #"{"contains": {"type": "null"}}"#, instance: "[1]")
                == [#": no item matches the "contains" schema"#])
    }

    @Test func objectKeywords() throws {
        let dependencies = #"{"dependencies": {"a": ["b"], "c": {"required": ["d"]}}}"#
        #expect(try errors(schema: dependencies, instance: #"{"a": 1, "b": 2, "c": 3, "d": 4}"#) == [])
        #expect(try errors(schema: dependencies, instance: #"{"a": 1, "c": 3}"#)
                == [#": property "b" is required when "a" is present"#, #": required property "d" is missing"#])
        let names = try errors(schema: #"{"propertyNames": {"maxLength": 3}}"#, instance: #"{"abcd": 1, "ab": 2}"#)
        #expect(names == [#"/abcd: "abcd" is longer than 3 characters (in the property name)"#])
        #expect(try errors(schema: #"{"minProperties": 1}"#, instance: "{}").count == 1)
        #expect(try errors(schema: #"{"maxProperties": 1}"#, instance: #"{"a": 1, "b": 2}"#).count == 1)
        #expect(try errors(schema: #"{"properties": {"never": false}}"#, instance: #"{"never": 0}"#)
                == ["/never: no value is allowed here (the schema is false)"])
    }

    @Test func numberKeywords() throws {
        #expect(try errors(schema: #"{"minimum": 1, "exclusiveMinimum": true}"#, instance: "1") == [": 1 must be greater than 1"])
        #expect(try errors(schema: #"{"maximum": 1, "exclusiveMaximum": true}"#, instance: "0.5") == [])
        #expect(try errors(schema: #"{"exclusiveMinimum": 1}"#, instance: "1").count == 1)
        #expect(try errors(schema: #"{"exclusiveMaximum": 1}"#, instance: "1").count == 1)
        #expect(try errors(schema: #"{"multipleOf": 0.1}"#, instance: "0.3") == [])
        #expect(try errors(schema: #"{"multipleOf": 2}"#, instance: "7") == [": 7 is not a multiple of 2"])
        #expect(try errors(schema: #"{"minimum": 5}"#, instance: #""3""#) == [])  // number keywords ignore strings
    }

    @Test func booleanSchemasAndEmptySchemas() throws {
        #expect(try errors(schema: "true", instance: #"{"anything": [1]}"#) == [])
        #expect(try errors(schema: "{}", instance: "null") == [])
        #expect(try errors(schema: "false", instance: "null") == [": no value is allowed here (the schema is false)"])
    }

    @Test func annotationsAndUnknownKeywordsAreIgnored() throws {
        let schema = #"""
            {"$schema": "http://json-schema.org/draft-04/schema#", "id": "x", "$id": "y", "title": "t",
             "description": "d", "default": 5, "examples": [1], "x-vendor": {"type": "string"}, "format": "email"}
            """#
        #expect(try errors(schema: schema, instance: "42") == [])
        #expect(try errors(schema: schema, instance: #""not an email""#) == [])
    }

    @Test func oddInputIsReportedInsteadOfCrashing() throws {
        let badPattern = try errors(schema: #"{"pattern": "(unclosed"}"#, instance: #""s""#)
        #expect(badPattern == [": the schema's pattern (unclosed is not a valid regular expression"])

        let validator = JSONSchemaValidator(schema: ["type": "object"])
        let notJSON = validator.validate(["when": Date()] as [String: Any])
        #expect(notJSON.count == 1 && notJSON[0].hasPrefix("/when: "), "\(notJSON)")

        let badSchema = JSONSchemaValidator(schema: ["type": Date()] as [String: Any]).validate(1)
        #expect(badSchema.count == 1 && badSchema[0].contains("schema is not valid JSON"), "\(badSchema)")

        let malformedType = try errors(schema: #"{"type": 5}"#, instance: "1")
        #expect(malformedType.count == 1)

        #expect(throws: (any Error).self) { try validator.validate(jsonText: "{not json") }
    }
}

/// rules/rule.schema.json describes every rule file we ship and the example policies, and rejects
/// the usual mistakes (so editors that use it catch them as the loader would).
@Suite struct RuleFileSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let validator: JSONSchemaValidator = {
        do {
            return try JSONSchemaValidator(schemaFile: root.appendingPathComponent("rules/rule.schema.json"))
        } catch {
            fatalError("rules/rule.schema.json does not load: \(error)")
        }
    }()

    static let ruleFiles: [String] = {
        let manager = FileManager.default
        var files: [String] = []
        for directory in ["rules", "examples/policies"] {
            let base = root.appendingPathComponent(directory)
            for path in (try? manager.subpathsOfDirectory(atPath: base.path)) ?? []
            where path.hasSuffix(".yaml") && !path.hasPrefix("data/") {
                files.append("\(directory)/\(path)")
            }
        }
        return files.sorted()
    }()

    static func json(ofYAML text: String) throws -> String {
        let parsed = try YAMLLoader.parse(SourceFile(path: "rule.yaml", text: text, lineBreaks: .yaml))
        return JSONWriter.write(try #require(parsed.documents.first))
    }

    @Test(arguments: ruleFiles)
    func everyRuleFileConforms(_ path: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        #expect(try Self.validator.validate(jsonText: Self.json(ofYAML: text)) == [])
    }

    @Test(arguments: [
        ("severity: fatal", "/severity"),
        ("scope: [taskDefinitions]", "/scope/0"),
        ("check: {assert: {path: image, equals: a, one-of: [b]}, message: m}", "/check"),
        ("check: {assert: {path: image, matchez: x}, message: m}", "/check"),
        ("check: {assert: {path: '@colour', exists: true}, message: m}", "/check"),
        ("check: {assert: {all: [{path: a, exists: true}], not: {path: b, exists: true}}, message: m}", "/check"),
        ("check: {assert: {path: image, exists: true}, report-at: 'a..b', message: m}", "/check"),
        ("colour: blue", ""),
    ])
    func commonMistakesAreRejected(_ line: String, _ pointer: String) throws {
        let base = """
        code: X100
        name: sample
        summary: s
        rationale: r
        remediation: r
        examples: []

        """
        var text = base + line + "\n"
        if !line.hasPrefix("severity") { text += "severity: error\n" }
        if !line.hasPrefix("scope") { text += "scope: [taskDefinition]\n" }
        if !line.hasPrefix("check") { text += "implementation: SomeRule\n" }
        let errors = try Self.validator.validate(jsonText: Self.json(ofYAML: text))
        #expect(!errors.isEmpty, "\(line) was accepted")
        #expect(errors.contains { $0.hasPrefix(pointer) }, "\(errors)")
    }
}
