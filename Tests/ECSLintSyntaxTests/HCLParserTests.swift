import ECSLintSyntax
import Foundation
import Testing

/// The HCL2 native syntax parser: every construct Terraform files use, with byte ranges, and
/// precise errors on bad input.
@Suite struct HCLParserTests {
    static func parse(_ text: String) throws(SyntaxError) -> HCLBody {
        try HCLParser.parse(SourceFile(path: "main.tf", text: text))
    }

    static func text(_ source: String, _ range: SourceRange) -> String {
        String(decoding: Array(source.utf8)[range.start..<range.end], as: UTF8.self)
    }

    @Test func blocksAttributesAndComments() throws {
        let source = """
            # a comment
            resource "aws_ecs_task_definition" "app" { // another
              family = "app" /* inline */
              cpu    = 256
              tags = {
                Team = "core"
                "k.v" : true
              }
              volume {
                name = "data"
              }
            }
            variable "image" { default = "nginx:1.27" }
            """
        let body = try Self.parse(source)
        let resource = try #require(body.blocks("resource").first)
        #expect(resource.labels.map(\.text) == ["aws_ecs_task_definition", "app"])
        #expect(resource.body[attribute: "family"]?.value.literalString == "app")
        #expect(Self.text(source, try #require(resource.body[attribute: "cpu"]).value.range) == "256")
        guard case .object(let items)? = resource.body[attribute: "tags"]?.value.kind else { Issue.record("tags"); return }
        #expect(items.map { $0.key.literalString ?? $0.key.traversalNames?.joined() ?? "?" } == ["Team", "k.v"])
        #expect(resource.body.blocks("volume").first?.body[attribute: "name"]?.value.literalString == "data")
        #expect(body.blocks("variable").first?.body[attribute: "default"]?.value.literalString == "nginx:1.27")
    }

    @Test func referencesCallsAndOperators() throws {
        let source = """
            a = aws_iam_role.exec.arn
            b = var.list[0].name
            c = jsonencode([{ name = "web", image = "${var.repo}:${var.tag}" }])
            d = var.enabled ? 1 : 0
            e = !var.x && (1 + 2 * 3 >= 7 || -1 < 0)
            f = [for s in var.list : upper(s) if s != ""]
            g = {for k, v in var.map : k => v...}
            h = aws_instance.web[*].id
            i = provider::aws::arn_parse("arn:aws:iam::1:role/x")
            j = format("%s", var.list...)
            k = var.list.0
            """
        let body = try Self.parse(source)
        #expect(body[attribute: "a"]?.value.traversalNames == ["aws_iam_role", "exec", "arn"])
        guard case .traversal(_, let steps)? = body[attribute: "b"]?.value.kind, steps.count == 3 else { Issue.record("b"); return }
        guard case .call("jsonencode", let arguments, false)? = body[attribute: "c"]?.value.kind,
              case .tuple(let items)? = arguments.first?.kind, case .object(let members)? = items.first?.kind,
              case .template(let image)? = members.last?.value.kind else { Issue.record("c"); return }
        #expect(image.literalText == nil && image.parts.count == 3)
        guard case .conditional? = body[attribute: "d"]?.value.kind else { Issue.record("d"); return }
        guard case .binary("&&", _, _)? = body[attribute: "e"]?.value.kind else { Issue.record("e"); return }
        guard case .forExpression(let tuple)? = body[attribute: "f"]?.value.kind else { Issue.record("f"); return }
        #expect(tuple.key == nil && tuple.condition != nil && tuple.valueVariable == "s")
        guard case .forExpression(let object)? = body[attribute: "g"]?.value.kind else { Issue.record("g"); return }
        #expect(object.keyVariable == "k" && object.key != nil && object.grouped)
        guard case .traversal(_, let splat)? = body[attribute: "h"]?.value.kind, case .splat? = splat.dropLast().last else { Issue.record("h"); return }
        guard case .call("provider::aws::arn_parse", _, _)? = body[attribute: "i"]?.value.kind else { Issue.record("i"); return }
        guard case .call("format", _, true)? = body[attribute: "j"]?.value.kind else { Issue.record("j"); return }
        guard case .traversal(_, let legacy)? = body[attribute: "k"]?.value.kind, case .index? = legacy.last else { Issue.record("k"); return }
    }

    /// Inside parentheses, brackets, call arguments and interpolations newlines do not end an
    /// expression (operators may lead a line); in an object constructor they end an item.
    @Test(arguments: [
        "x = (\n  var.a\n  && var.b\n)\n",
        "x = (var.ok\n  ? \"a\"\n  : \"b\")\n",
        "x = [ var.a\n  + 1 ]\n",
        "x = max(\n  1\n  , 2\n)\n",
        "x = var.list[\n  0\n]\n",
        "x = \"${\n  var.a\n}\"\n",
        "x = {\n  a = 1\n  b = (2\n  + 3)\n}\n",
    ])
    func newlinesInsideBrackets(_ source: String) throws {
        let body = try Self.parse(source)
        #expect(body.attributes.map(\.name) == ["x"])
    }

    @Test func stringsAndEscapes() throws {
        let body = try Self.parse(#"a = "tab\there \"q\" \u00e9 $${literal} %%{x}""# + "\n")
        #expect(body[attribute: "a"]?.value.literalString == "tab\there \"q\" é ${literal} %{x}")
    }

    /// Heredoc text maps back to the file, line by line, also with `<<-` indentation removed.
    @Test(arguments: [("<<EOF", ""), ("<<-EOT", "    ")])
    func heredocs(_ opener: String, _ indent: String) throws {
        let delimiter = opener.hasSuffix("EOF") ? "EOF" : "EOT"
        let source = "container_definitions = \(opener)\n\(indent)[\n\(indent)  {\"name\": \"web\", \"image\": \"${var.image}\"}\n\(indent)]\n\(indent)\(delimiter)\nnext = 1\n"
        let body = try Self.parse(source)
        let value = try #require(body[attribute: "container_definitions"]?.value)
        guard case .template(let template) = value.kind else { Issue.record("not a template"); return }
        #expect(template.isHeredoc)
        guard case .literal(let head, let map)? = template.parts.first else { Issue.record("no text"); return }
        #expect(head == "[\n  {\"name\": \"web\", \"image\": \"")
        // `"web"` in the text is `"web"` in the file.
        let web = try #require(head.utf8.firstIndex(of: UInt8(ascii: "w")))
        let file = map.fileOffset(head.utf8.distance(from: head.utf8.startIndex, to: web))
        #expect(Self.text(source, SourceRange(start: file, end: file + 3)) == "web")
        guard case .interpolation(let image) = template.parts[1] else { Issue.record("no interpolation"); return }
        #expect(image.traversalNames == ["var", "image"])
        #expect(body[attribute: "next"]?.value.range != nil)
    }

    @Test(arguments: [
        ("a = \"open\n", 4, "the string is not closed"),
        ("resource \"x\" {\n  a = 1\n", 13, "missing '}'"),
        ("a = <<EOF\ntext\n", 4, "the heredoc is not closed"),
        ("a = [1, 2\n", 10, "expected ']' to close the list"),
        ("a = 1 b = 2\n", 6, "expected a new line"),
        ("= 1\n", 0, "expected an attribute name"),
        ("a = \"\\q\"\n", 5, "invalid escape"),
        ("a = \"\\u+041\"\n", 5, "invalid \\u escape"),
        ("a = 1\n  + 2\n", 8, "expected an attribute name"),
    ])
    func errors(_ source: String, _ offset: Int, _ message: String) {
        do {
            _ = try Self.parse(source)
            Issue.record("parsed: \(source)")
        } catch {
            #expect(error.offset == offset, "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func nestingIsBounded() {
        let deep = "a = " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        do {
            _ = try HCLParser.parse(SourceFile(path: "deep.tf", text: deep))
            Issue.record("parsed")
        } catch {
            #expect(error.kind == .limit)
        }
    }

    /// Every Terraform file of the shared corpus parses.
    @Test func corpusTerraformFilesParse() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpus")
        let files = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "tf" } ?? []
        try #require(files.count > 50, "the shared corpus is missing")
        for file in files {
            let source = SourceFile(path: file.path, bytes: [UInt8](try Data(contentsOf: file)))
            do {
                let body = try HCLParser.parse(source)
                // What the parser sees at the top level is what a line-based reading sees.
                let keywords = ["resource", "data", "module", "variable", "output", "locals", "provider", "terraform"]
                // Top-level lines: the indentation of the first line (inline test files are
                // indented), outside block comments.
                var text = String(decoding: source.bytes, as: UTF8.self)
                while let open = text.range(of: "/*"), let close = text.range(of: "*/", range: open.upperBound..<text.endIndex) {
                    text.removeSubrange(open.lowerBound..<close.upperBound)
                }
                let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
                let indent = lines.first?.prefix { $0 == " " }.count ?? 0
                let written = lines.filter { line in
                    line.prefix { $0 == " " }.count == indent && keywords.contains { line.dropFirst(indent).hasPrefix($0 + " ") || line.dropFirst(indent).hasPrefix($0 + "{") }
                }.count
                #expect(body.blocks.filter { keywords.contains($0.type) }.count == written, "\(file.path) \(body.blocks.map { $0.labels.map(\.text).joined(separator: "/") })")
            } catch {
                let position = source.position(of: error.offset)
                Issue.record("\(file.path):\(position.line):\(position.column): \(error.message)")
            }
        }
    }
}
