import ECSLintSyntax
import Testing

@Suite struct YAMLLoaderTests {
    func parse(_ text: String, limits: ParseLimits = .default) throws -> ParsedFile {
        try YAMLLoader.parse(SourceFile(path: "t.yaml", text: text), limits: limits)
    }

    @Test(arguments: ["Ref", "GetAtt", "Sub", "If", "Join", "Select", "FindInMap", "ImportValue", "Base64", "Split",
                      "Equals", "And", "Or", "Not", "Condition", "Cidr", "GetAZs"])
    func cloudFormationTagsAreKept(_ name: String) throws {
        let parsed = try parse("a: !\(name) x\nb: !\(name) [x, y]\n")
        let root = try #require(parsed.documents.first)
        #expect(root["a"]?.tag == "!\(name)")
        #expect(root["a"]?.text == "x")
        #expect(root["b"]?.tag == "!\(name)")
        #expect(root["b"]?.items?.count == 2)
    }

    @Test func scalarKindsFollowTheCoreSchema() throws {
        let root = try #require(try parse("a: 256\nb: \"256\"\nc: true\nd: ~\ne: 1.5\nf: web\ng: 0x1F\nh: !!str 12\n").documents.first)
        #expect(root["a"]?.scalar?.kind == .integer)
        #expect(root["b"]?.scalar?.kind == .string)
        #expect(root["c"]?.scalar?.kind == .bool)
        #expect(root["d"]?.scalar?.kind == .null)
        #expect(root["e"]?.scalar?.kind == .float)
        #expect(root["f"]?.scalar?.kind == .string)
        #expect(root["g"]?.scalar?.kind == .integer)
        #expect(root["h"]?.scalar?.kind == .string)
    }

    @Test func positionsWithBOMCRLFAndMultibyte() throws {
        let parsed = try parse("\u{FEFF}é: 1\r\nkey: !Ref x\r\n")
        let root = try #require(parsed.documents.first)
        let value = try #require(root["key"])
        #expect(parsed.source.position(of: value.range.start) == SourcePosition(offset: parsed.source.bytes.count - 8, line: 2, column: 6))
        #expect(parsed.source.text(value.range) == "!Ref x")
        #expect(parsed.source.position(of: try #require(root["é"]).range.start).column == 4)
    }

    @Test func multiDocumentStreams() throws {
        let parsed = try parse("a: 1\n---\nb: 2\n---\n- 3\n")
        #expect(parsed.documents.count == 3)
        #expect(parsed.documents[2].items?.first?.text == "3")
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let root = try #require(try parse("""
            base: &base {cpu: "256", memory: "512"}
            task:
              <<: *base
              memory: "1024"
            list: [*base, *base]
            """).documents.first)
        #expect(root["task"]?["cpu"]?.text == "256")
        #expect(root["task"]?["memory"]?.text == "1024")
        #expect(root["task"]?.entries?.count == 2)
        #expect(root["list"]?.items?.first === root["base"])
    }

    @Test func duplicateKeysAreReportedButMergeKeysAreNot() throws {
        let parsed = try parse("a: &x {k: 1}\nb:\n  <<: *x\n  <<: *x\n  k: 2\n  k: 3\n")
        #expect(parsed.duplicateKeys.map { $0.key.text } == ["k"])
        #expect(parsed.documents.first?["b"]?["k"]?.text == "3")
    }

    @Test func billionLaughsEndsWithAnInputLimit() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect {
            try parse(text)
        } throws: { error in
            (error as? SyntaxError)?.kind == .limit && (error as? SyntaxError)?.message.contains("alias") == true
        }
    }

    /// Each alias nests an already deep node; the tree must stay within the depth limit even
    /// though the parser's own stack never gets deep.
    @Test func chainedAliasesCannotBuildATreeDeeperThanTheLimit() {
        var text = "a0: &a0 x\n"
        for level in 1...88 {
            text += "a\(level): &a\(level) " + String(repeating: "[", count: 240) + "*a\(level - 1)" + String(repeating: "]", count: 240) + "\n"
        }
        #expect {
            try parse(text)
        } throws: { error in
            (error as? SyntaxError)?.kind == .limit && (error as? SyntaxError)?.message.contains("nest") == true
        }
    }

    @Test func nestingLimit() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect {
            try parse(deep)
        } throws: { error in (error as? SyntaxError)?.kind == .limit }
    }

    @Test func syntaxErrorsCarryLibyamlsPositionAndMessage() throws {
        let source = SourceFile(path: "t.yaml", text: "a: 1\n b: 2\nc: [\n")
        #expect {
            try YAMLLoader.parse(source)
        } throws: { error in
            guard let error = error as? SyntaxError, error.kind == .syntax else { return false }
            return source.position(of: error.offset).line == 2 && !error.message.isEmpty
        }
    }

    @Test func undefinedAliasIsASyntaxError() {
        #expect {
            try parse("a: *missing\n")
        } throws: { error in (error as? SyntaxError)?.message.contains("undefined alias") == true }
    }
}

@Suite struct WriterTests {
    @Test func yamlAndJSONWritersRoundTrip() throws {
        let text = #"{"a": [1, "two", {"b": null, "c": true}], "d": "x: y", "e": "", "f": "123", "g": {}, "h": []}"#
        let root = try #require(try JSONParser.parse(SourceFile(path: "t.json", text: text)).documents.first)
        let yaml = YAMLWriter.write(root)
        let reparsed = try #require(try YAMLLoader.parse(SourceFile(path: "t.yaml", text: yaml)).documents.first)
        #expect(JSONWriter.write(reparsed) == JSONWriter.write(root), "YAML was:\n\(yaml)")
    }

    /// Compact JSON has no whitespace outside strings and reads back as the same tree.
    @Test func compactJSONHasNoWhitespace() throws {
        let text = #"{"a": [1, "two words", {"b": null, "c": true}], "é": "line\nbreak", "g": {}, "h": []}"#
        let root = try #require(try JSONParser.parse(SourceFile(path: "t.json", text: text)).documents.first)
        let compact = JSONWriter.compact(root)
        #expect(compact == #"{"a":[1,"two words",{"b":null,"c":true}],"é":"line\nbreak","g":{},"h":[]}"#)
        let reparsed = try #require(try JSONParser.parse(SourceFile(path: "c.json", text: compact)).documents.first)
        #expect(JSONWriter.write(reparsed) == JSONWriter.write(root))
    }

    /// YAML spells numbers JSON does not accept; JSON gets the same numbers in its own grammar.
    @Test func yamlNumbersBecomeJSONNumbers() throws {
        let root = try #require(try YAMLLoader.parse(SourceFile(path: "t.yaml", text: "[+1, 007, 0x1F, 0o17, -0x10, .5, 5., 1e3, 2.50, .inf]\n")).documents.first)
        #expect(JSONWriter.compact(root) == #"[1,7,31,15,-16,0.5,5.0,1e3,2.50,".inf"]"#)
        #expect(try JSONParser.parse(SourceFile(path: "t.json", text: JSONWriter.compact(root))).documents.count == 1)
    }

    /// Words YAML 1.1 readers (PyYAML, so cfn-lint) take for booleans stay strings.
    @Test func yaml11BooleansAreQuoted() throws {
        let root = try #require(try JSONParser.parse(SourceFile(path: "t.json", text: #"["on", "Off", "yes", "n", "online", "true"]"#)).documents.first)
        #expect(YAMLWriter.write(root) == "- \"on\"\n- \"Off\"\n- \"yes\"\n- \"n\"\n- online\n- \"true\"\n")
    }

    /// Short-form tags on collections are written in block style that reads back with the tags.
    @Test func taggedCollectionsReadBack() throws {
        let text = "a: !If\n  - c\n  - !Join\n    - \"\"\n    - - !Ref X\n      - z\n  - !Ref AWS::NoValue\nb:\n  Fn::Base64: !Sub \"${X}\"\n"
        let root = try #require(try YAMLLoader.parse(SourceFile(path: "t.yaml", text: text)).documents.first)
        #expect(YAMLWriter.write(root) == text)
    }
}
