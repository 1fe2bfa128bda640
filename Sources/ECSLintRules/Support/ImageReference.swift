import ECSLintModel

/// A container image reference split by the distribution reference grammar (the one Docker and
/// containerd parse `image` with; ECS passes the string to them unchanged):
///
///     reference      := name [ ":" tag ] [ "@" digest ]
///     name           := [domain "/"] path-component ["/" path-component]*
///     domain         := host [":" port]      host: domain-name | "[" IPv6 "]"
///     domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
///     path-component := [a-z0-9]+ (separator [a-z0-9]+)*   separator: [_.] | "__" | "-"+
///     tag            := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
///
/// ECS narrows the digest to `sha256:` with exactly 64 hex digits and allows at most 255
/// characters before `@` (ECS-FACTS.md §5.1). The first component is the registry when it
/// contains `.` or `:`, is `localhost`, or has an upper-case letter (Docker's rule); otherwise
/// the image is on Docker Hub.
struct ImageReference: Equatable {
    /// The registry host (with its port) as written; nil for Docker Hub's short form (`nginx`).
    let domain: String?
    /// The repository path below the registry (`library/nginx` is written `nginx`).
    let path: String
    let tag: String?
    /// `sha256:<64 hex>`.
    let digest: String?

    /// The registry a pull goes to: `docker.io` for Docker Hub's short form.
    var registry: String { domain ?? "docker.io" }

    /// Why a string is not an image reference, as a message fragment ("… is not a valid image
    /// reference: <reason>").
    struct Invalid: Error, Equatable {
        let reason: String
    }

    static let maximumLengthBeforeDigest = 255

    static func parse(_ text: String) -> Result<ImageReference, Invalid> {
        func invalid(_ reason: String) -> Result<ImageReference, Invalid> { .failure(Invalid(reason: reason)) }
        guard !text.isEmpty else { return invalid("it is empty") }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            return invalid("it contains whitespace")
        }
        var remainder = Substring(text)
        var digest: String?
        if let at = remainder.firstIndex(of: "@") {
            let written = String(remainder[remainder.index(after: at)...])
            guard isECSDigest(written) else {
                return invalid("the digest '\(shortened(written))' is not sha256: followed by 64 hexadecimal digits, the only digest ECS accepts")
            }
            digest = written
            remainder = remainder[..<at]
        }
        guard remainder.count <= maximumLengthBeforeDigest else {
            return invalid("it is \(remainder.count) characters long before any digest; ECS allows \(maximumLengthBeforeDigest)")
        }
        // The tag follows the last ':' that comes after the last '/' (a ':' before it is a port).
        var tag: String?
        if let colon = remainder.lastIndex(of: ":"), remainder[colon...].firstIndex(of: "/") == nil {
            let written = String(remainder[remainder.index(after: colon)...])
            guard isTag(written) else {
                return invalid(written.isEmpty ? "it ends with ':' but has no tag" : "the tag '\(shortened(written))' may only hold letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-')")
            }
            tag = written
            remainder = remainder[..<colon]
        }
        var components = remainder.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var domain: String?
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" || first != first.lowercased() {
            guard isDomain(first) else { return invalid("the registry '\(shortened(first))' is not a host name with an optional port") }
            domain = first
            components.removeFirst()
        }
        for component in components {
            guard !component.isEmpty else { return invalid("the repository has an empty path component") }
            guard isPathComponent(component) else {
                if isPathComponent(component.lowercased()) {
                    return invalid("the repository '\(shortened(components.joined(separator: "/")))' must be lower-case")
                }
                return invalid("the repository component '\(shortened(component))' may only hold lower-case letters, digits and single '.', '_', '__' or '-' runs between them")
            }
        }
        return .success(ImageReference(domain: domain, path: components.joined(separator: "/"), tag: tag, digest: digest))
    }

    // MARK: Grammar pieces

    private static func isLowerAlphanumeric(_ c: Character) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }

    private static func isAlphanumeric(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber)
    }

    private static func isHexDigit(_ c: Character) -> Bool {
        ("0"..."9").contains(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c)
    }

    /// `sha256:` and exactly 64 hexadecimal digits.
    static func isECSDigest(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.dropFirst("sha256:".count)
        return hex.count == 64 && hex.allSatisfy(isHexDigit)
    }

    /// `[\w][\w.-]{0,127}` with ASCII `\w`.
    static func isTag(_ text: String) -> Bool {
        guard let first = text.first, text.count <= 128, isAlphanumeric(first) || first == "_" else { return false }
        return text.allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// `[a-z0-9]+` runs joined by `.`, `_`, `__` or any number of `-`.
    static func isPathComponent(_ text: String) -> Bool {
        let characters = Array(text)
        guard let first = characters.first, let last = characters.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else {
            return false
        }
        var index = 0
        while index < characters.count {
            if isLowerAlphanumeric(characters[index]) {
                index += 1
                continue
            }
            // A separator run: ".", "_", "__" or "-"+, then an alphanumeric must follow.
            var end = index
            while end < characters.count, !isLowerAlphanumeric(characters[end]) { end += 1 }
            let separator = String(characters[index..<end])
            guard separator == "." || separator == "_" || separator == "__" || separator.allSatisfy({ $0 == "-" }) else { return false }
            index = end
        }
        return true
    }

    /// `host[:port]` with a DNS-like host name (IPv4 addresses are such names) or `[IPv6]`.
    static func isDomain(_ text: String) -> Bool {
        var host = Substring(text)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let address = host[host.index(after: host.startIndex)..<close]
            guard !address.isEmpty, address.allSatisfy({ isHexDigit($0) || $0 == ":" || $0 == "." }) else { return false }
            let rest = host[host.index(after: close)...]
            return rest.isEmpty || isPort(rest)
        }
        if let colon = host.firstIndex(of: ":") {
            guard isPort(host[colon...]) else { return false }
            host = host[..<colon]
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
            return label.allSatisfy { isAlphanumeric($0) || $0 == "-" }
        }
    }

    /// `:` and one or more digits.
    private static func isPort(_ text: Substring) -> Bool {
        text.count > 1 && text.first == ":" && text.dropFirst().allSatisfy { ("0"..."9").contains($0) }
    }

    /// A written piece shown in a message, cut at 60 characters.
    private static func shortened(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}

extension ImageReference {
    /// The literal image of a container, parsed; nil when it is absent, unresolved (a parameter,
    /// `!Sub`, a placeholder such as `<IMAGE1_NAME>`) or not a string — unknown values are
    /// nobody's finding, and a missing or mistyped image belongs to ECS006/ECS004.
    static func of(_ container: Value) -> (value: Value, text: String, parsed: Result<ImageReference, Invalid>)? {
        guard let image = container["image"], let text = image.string, !isSubstitutionToken(text) else { return nil }
        return (image, text, parse(text))
    }

    /// Build scripts fill in images with `sed`/`envsubst` from tokens the loader cannot tell from
    /// text: `REPOSITORY_URI:IMAGE_TAG` (AWS's CodePipeline samples), `ECR_REPO/APP_NAME`. A
    /// reference any of whose `/`- or `:`-separated parts is upper-case words joined by
    /// underscores is such a template, not an image.
    static func isSubstitutionToken(_ text: String) -> Bool {
        text.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "@" }).contains { part in
            // Words such as IMAGE and TAG: each starts with a letter (`V1_2` is a version tag).
            let words = part.split(separator: "_", omittingEmptySubsequences: false)
            return words.count > 1 && words.allSatisfy { word in
                guard let first = word.first, ("A"..."Z").contains(first) else { return false }
                return word.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
            }
        }
    }
}
