import ECSLintEngine
import Testing

@Suite struct GlobTests {
    typealias Case = (pattern: String, path: String, matches: Bool)

    static let wildcards: [Case] = [
        ("*.json", "task.json", true),
        ("*.json", "a/b/c.json", true),
        ("*.json", "task.yaml", false),
        ("*.json", "task.json.bak", false),
        ("*.json", ".hidden.json", true),
        ("task-*.json", "task-web.json", true),
        ("task-*.json", "task-.json", true),
        ("a*c", "a/c", false),
        ("svc/*.json", "svc/a/b.json", false),
        ("svc/*", "svc/a/b.json", true),
        ("a?c.json", "abc.json", true),
        ("a?c.json", "ac.json", false),
        ("a?c.json", "abbc.json", false),
        ("a?c", "a/c", false),
        ("?.json", "\u{E9}.json", true),
        ("??.json", "\u{1F680}.json", false),
        ("*", "anything/at/all.json", true),
        ("Task.json", "task.json", false),
    ]

    static let characterClasses: [Case] = [
        ("[abc].json", "b.json", true),
        ("[abc].json", "d.json", false),
        ("[a-c]x", "bx", true),
        ("[a-c]x", "dx", false),
        ("[!a-c]x", "dx", true),
        ("[!a-c]x", "ax", false),
        ("[^a-c]x", "dx", true),
        ("[^a-c]x", "bx", false),
        ("v[0-9][0-9]", "v10", true),
        ("v[0-9][0-9]", "v1x", false),
        ("a[/]b", "a/b", false),
        ("a[!x]b", "a/b", false),
        ("[]]", "]", true),
        ("[!]]", "a", true),
        ("[!]]", "]", false),
        ("[a-]", "-", true),
        ("[\\]]", "]", true),
        ("[{,}]", ",", true),
        ("[\u{E9}\u{F6}]", "\u{F6}", true),
    ]

    static let braces: [Case] = [
        ("*.{json,yaml,yml}", "a/b.yaml", true),
        ("*.{json,yaml,yml}", "b.yml", true),
        ("*.{json,yaml,yml}", "b.toml", false),
        ("infra/**/*.{json,yaml}", "infra/prod/web/task.yaml", true),
        ("infra/**/*.{json,yaml}", "infra/task.json", true),
        ("infra/**/*.{json,yaml}", "infra/task.yml", false),
        ("infra/**/*.{json,yaml}", "other/infra/task.json", false),
        ("{infra,ops}/*.json", "ops/a.json", true),
        ("{infra,ops}/*.json", "dev/a.json", false),
        ("{infra/prod,legacy}/*.json", "infra/prod/a.json", true),
        ("{infra/prod,legacy}/*.json", "legacy/a.json", true),
        ("{infra/prod,legacy}/*.json", "infra/a.json", false),
        ("{**/vendor,lib}/x.json", "a/b/vendor/x.json", true),
        ("{**/vendor,lib}/x.json", "lib/x.json", true),
        ("{**/vendor,lib}/x.json", "a/lib/x.json", false),
        ("{a,{b,c}d}.json", "cd.json", true),
        ("{a,{b,c}d}.json", "a.json", true),
        ("{a,{b,c}d}.json", "c.json", false),
        ("{,pre-}task.json", "task.json", true),
        ("{,pre-}task.json", "pre-task.json", true),
        ("{a*,b?}.json", "abc.json", true),
        ("{a*,b?}.json", "bc.json", true),
        ("{a*,b?}.json", "bcd.json", false),
        ("a,b", "a,b", true),
    ]

    static let globstars: [Case] = [
        ("a/**/b", "a/b", true),
        ("a/**/b", "a/x/b", true),
        ("a/**/b", "a/x/y/b", true),
        ("a/**/b", "a/xb", false),
        ("a/**/b", "ab", false),
        ("a/**/b", "x/a/b", false),
        ("a/**/**/b", "a/b", true),
        ("**/x.json", "x.json", true),
        ("**/x.json", "d/x.json", true),
        ("**/x.json", "d/e/x.json", true),
        ("**/x.json", "d/yx.json", false),
        ("dir/**", "dir/a.json", true),
        ("dir/**", "dir/a/b/c.json", true),
        ("dir/**", "dir", false),
        ("dir/**", "dirt/a.json", false),
        ("**", "any/x.json", true),
        ("**/node_modules/**", "web/node_modules/lodash/x.json", true),
        // Not a whole segment, so an ordinary `*`.
        ("a**b.json", "axyb.json", true),
        ("a**b.json", "ax/yb.json", false),
        ("a/**b", "a/xb", true),
        ("a/**b", "a/x/b", false),
    ]

    static let anchoring: [Case] = [
        ("node_modules", "x/node_modules/y.json", true),
        ("node_modules", "node_modules", true),
        ("node_modules", "x/node_modules2/y.json", false),
        ("task.json", "sub/task.json", true),
        ("ecs/task.json", "ecs/task.json", true),
        ("ecs/task.json", "sub/ecs/task.json", false),
        ("/task.json", "task.json", true),
        ("/task.json", "sub/task.json", false),
        ("./task.json", "task.json", true),
        ("./task.json", "sub/task.json", false),
        ("./ecs/*.json", "ecs/a.json", true),
    ]

    static let ancestors: [Case] = [
        ("legacy", "legacy/a/b.json", true),
        ("legacy/**", "legacy/a/b.json", true),
        ("legacy/a", "legacy/a/b.json", true),
        ("legacy/a/b.json", "legacy/a/b.json", true),
        ("legacy/a/b", "legacy/a/b.json", false),
        ("leg*", "legacy/a/b.json", true),
        ("legacy", "legacy-v2/a.json", false),
        ("legacy/a", "legacy", false),
    ]

    static let directoriesOnly: [Case] = [
        ("cdk.out/", "cdk.out/x.json", true),
        ("cdk.out/", "cdk.out", false),
        ("cdk.out/", "a/cdk.out/x.json", true),
        ("build/out/", "build/out/x.json", true),
        ("build/out/", "build/out", false),
        ("build/out/", "a/build/out/x.json", false),
        ("dir/**/", "dir/a/b.json", true),
        ("dir/**/", "dir/b.json", false),
    ]

    static let escapes: [Case] = [
        ("\\*.json", "*.json", true),
        ("\\*.json", "a.json", false),
        ("file\\?.json", "file?.json", true),
        ("file\\?.json", "files.json", false),
        ("\\[abc\\].json", "[abc].json", true),
        ("\\[abc\\].json", "a.json", false),
        ("\\{a,b\\}", "{a,b}", true),
        ("\\{a,b\\}", "a", false),
        ("{a\\,b,c}", "a,b", true),
        ("{a\\,b,c}", "c", true),
        ("{a\\,b,c}", "a", false),
        ("a\\\\b", "a\\b", true),
        ("\\a\\b", "ab", true),
        ("a]b", "a]b", true),
    ]

    @Test(arguments: wildcards) func wildcard(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: characterClasses) func characterClass(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: braces) func brace(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: globstars) func globstar(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: anchoring) func anchored(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: ancestors) func ancestor(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: directoriesOnly) func directoryOnly(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: escapes) func escape(_ pattern: String, _ path: String, _ expected: Bool) throws {
        try expectMatch(pattern, path, expected)
    }

    @Test(arguments: [
        "", "/", "./", "//", "[abc", "[", "[]", "[!]", "[a\\", "a/[b", "[z-a]",
        "{a,b", "{a,{b,c}", "a}", "{a,b}}", "abc\\",
    ])
    func invalidPatternThrows(_ pattern: String) {
        #expect(throws: GlobError.self) { try Glob(pattern) }
    }

    @Test func errorNamesThePatternAndTheProblem() {
        #expect {
            try Glob("./src/{a,b")
        } throws: { error in
            guard let error = error as? GlobError else { return false }
            return error.message == "unclosed '{' at offset 6" && error.description.contains("./src/{a,b")
        }
    }

    /// Backtracking matchers take exponential time on these; the test only needs to finish.
    @Test(arguments: [
        ("*a*a*a*a*a*a*a*a*a*a*b", String(repeating: "a", count: 5_000)),
        ("**/*a*a*a*a*a*a*a*a*b/**/*a*a*a*a*b", Array(repeating: "aaaaaaaaaaaaaaaaaaaa", count: 200).joined(separator: "/")),
        ("a/**/**/**/**/**/**/**/**/**/**/b", "a/" + Array(repeating: "x", count: 2_000).joined(separator: "/") + "/c"),
        (String(repeating: "{a,a*}", count: 40) + "b", String(repeating: "a", count: 2_000)),
    ])
    func pathologicalPatternFinishes(_ pattern: String, _ path: String) throws {
        #expect(try !Glob(pattern).matches(path))
    }

    @Test func equalityAndDescriptionUseThePatternText() throws {
        #expect(try Glob("*.json") == Glob("*.json"))
        #expect(try Glob("*.json") != Glob("/*.json"))
        #expect(try Set([Glob("a"), Glob("a"), Glob("b")]).count == 2)
        #expect(try Glob("infra/**").description == "infra/**")
    }

    private func expectMatch(_ pattern: String, _ path: String, _ expected: Bool) throws {
        let glob = try Glob(pattern)
        #expect(glob.matches(path) == expected, "\(pattern) vs \(path)")
    }
}
