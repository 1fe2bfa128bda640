import Testing
@testable import ECSLintRules

/// The image reference grammar (distribution reference, with ECS's digest and length limits)
/// on the shapes the ECS6xx examples do not spell out one by one.
@Suite struct ImageReferenceTests {
    struct Valid: CustomStringConvertible, Sendable {
        let text: String
        let registry: String
        let path: String
        let tag: String?
        let digest: Bool
        var description: String { text }
    }

    static let digest = "sha256:" + String(repeating: "ab01", count: 16)

    static let valid: [Valid] = [
        Valid(text: "nginx", registry: "docker.io", path: "nginx", tag: nil, digest: false),
        Valid(text: "nginx:1.27-alpine", registry: "docker.io", path: "nginx", tag: "1.27-alpine", digest: false),
        Valid(text: "library/nginx:latest", registry: "docker.io", path: "library/nginx", tag: "latest", digest: false),
        Valid(text: "docker.io/library/nginx", registry: "docker.io", path: "library/nginx", tag: nil, digest: false),
        Valid(text: "localhost/app", registry: "localhost", path: "app", tag: nil, digest: false),
        Valid(text: "localhost:5000/app:V1", registry: "localhost:5000", path: "app", tag: "V1", digest: false),
        Valid(text: "registry.example.com:5000/team/app", registry: "registry.example.com:5000", path: "team/app", tag: nil, digest: false),
        Valid(text: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/a/b/c:_x", registry: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", path: "a/b/c", tag: "_x", digest: false),
        Valid(text: "Upper.Example.com/app", registry: "Upper.Example.com", path: "app", tag: nil, digest: false),
        Valid(text: "MyOrg/app", registry: "MyOrg", path: "app", tag: nil, digest: false),
        Valid(text: "a__b/c---d/e.f_g", registry: "docker.io", path: "a__b/c---d/e.f_g", tag: nil, digest: false),
        Valid(text: "[fe80::1]:5000/app", registry: "[fe80::1]:5000", path: "app", tag: nil, digest: false),
        Valid(text: "192.168.0.1:5000/app:1", registry: "192.168.0.1:5000", path: "app", tag: "1", digest: false),
        Valid(text: "app@\(digest)", registry: "docker.io", path: "app", tag: nil, digest: true),
        Valid(text: "app:1@\(digest)", registry: "docker.io", path: "app", tag: "1", digest: true),
        Valid(text: "app:" + String(repeating: "t", count: 128), registry: "docker.io", path: "app", tag: String(repeating: "t", count: 128), digest: false),
    ]

    @Test(arguments: valid)
    func parsesValidReferences(_ item: Valid) throws {
        let reference = try ImageReference.parse(item.text).get()
        #expect(reference.registry == item.registry)
        #expect(reference.path == item.path)
        #expect(reference.tag == item.tag)
        #expect((reference.digest != nil) == item.digest)
    }

    static let invalid: [(text: String, reason: String)] = [
        ("", "empty"),
        ("nginx ", "whitespace"),
        ("nginx:1.27\n", "whitespace"),
        ("myorg/MyApp", "lower-case"),
        ("Nginx", "lower-case"),
        ("app:", "no tag"),
        ("app:-x", "tag"),
        ("app:.x", "tag"),
        ("app:" + String(repeating: "t", count: 129), "tag"),
        ("app:1#2", "tag"),
        ("app@sha256:abc", "digest"),
        ("app@sha512:" + String(repeating: "ab", count: 64), "digest"),
        ("app@sha256:" + String(repeating: "g", count: 64), "digest"),
        ("app@", "digest"),
        ("a//b", "empty path component"),
        ("/app", "empty path component"),
        ("app/", "empty path component"),
        ("a-/b", "component"),
        ("a..b", "component"),
        ("a___b", "component"),
        ("-a.example.com/app", "registry"),
        ("host:port/app", "registry"),
        ("example.com:/app", "registry"),
        (String(repeating: "a", count: 256), "255"),
    ]

    @Test(arguments: zip(invalid.map(\.text), invalid.map(\.reason)))
    func rejectsInvalidReferences(_ text: String, _ reason: String) {
        guard case .failure(let invalid) = ImageReference.parse(text) else {
            Issue.record("\(text.debugDescription) parsed")
            return
        }
        #expect(invalid.reason.contains(reason), "\(invalid.reason)")
    }

    @Test(arguments: [("REPOSITORY_URI:IMAGE_TAG", true), ("ECR_REPO", true), ("1.dkr.ecr.x.amazonaws.com/APP_NAME:v1", true),
                      ("app:IMAGE_TAG", true), ("NGINX", false), ("Nginx_x", false), ("nginx:1.27", false), ("app:V1_2", false)])
    func substitutionTokens(_ text: String, _ isToken: Bool) {
        #expect(ImageReference.isSubstitutionToken(text) == isToken)
    }

    /// 255 characters before the `@` are allowed, the digest does not count (BC-doc).
    @Test func lengthLimitCountsTheNameAndTagOnly() throws {
        let name = String(repeating: "a", count: 251) + ":1.0"
        #expect(name.count == 255)
        _ = try ImageReference.parse(name).get()
        _ = try ImageReference.parse(name + "@" + Self.digest).get()
    }
}
