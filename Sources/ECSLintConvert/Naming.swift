import ECSLintModel
import ECSLintSyntax

/// Names the targets require: CloudFormation logical IDs, file names, Kubernetes object names.
/// Each derivation is deterministic, and `taken` makes names unique in order of appearance
/// (`web`, `web-2`, `web-3`).
enum Naming {
    /// A CloudFormation logical ID (`[A-Za-z0-9]+`, at most 255 characters) from a resource's name:
    /// `web-api_v2` and kind service → `WebApiV2Service`.
    static func logicalID(name: String?, kind: Resource.Kind, taken: inout Set<String>) -> String {
        let suffix: String
        switch kind {
        case .taskDefinition: suffix = "TaskDefinition"
        case .service: suffix = "Service"
        case .cluster: suffix = "Cluster"
        default: suffix = "Resource"
        }
        var base = ""
        var upperNext = true
        for scalar in (name ?? "").unicodeScalars {
            let isAlphanumeric = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
            guard isAlphanumeric else {
                upperNext = true
                continue
            }
            base.unicodeScalars.append(upperNext ? (String(scalar).uppercased().unicodeScalars.first ?? scalar) : scalar)
            upperNext = false
        }
        base = String(base.prefix(200))
        // A name that already ends with the kind (`WebService`) is not repeated (`WebServiceService`).
        let candidate = base.hasSuffix(suffix) ? base : base + suffix
        return unique(candidate, taken: &taken, separator: "")
    }

    /// A file name from a resource name: letters, digits, `.`, `_` and `-` kept, anything else `-`.
    static func fileName(_ name: String, suffix: String, taken: inout Set<String>) -> String {
        var cleaned = String(name.unicodeScalars.map { scalar -> Character in
            let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            return keep ? Character(scalar) : "-"
        })
        while cleaned.hasPrefix(".") || cleaned.hasPrefix("-") { cleaned.removeFirst() }
        if cleaned.isEmpty { cleaned = "resource" }
        return unique(String(cleaned.prefix(100)), taken: &taken, separator: "-", suffix: suffix)
    }

    /// A Kubernetes DNS-1123 label (lower-case letters, digits and `-`, starting with a letter and
    /// ending with a letter or digit, at most `maximum` characters): `Web_App` → `web-app`.
    static func dnsLabel(_ name: String, fallback: String, maximum: Int = 63) -> String {
        var label = ""
        for scalar in name.lowercased().unicodeScalars {
            let isAlphanumeric = scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
            if isAlphanumeric {
                label.unicodeScalars.append(scalar)
            } else if !label.isEmpty, !label.hasSuffix("-") {
                label.append("-")
            }
        }
        while let first = label.unicodeScalars.first, !("a"..."z").contains(first) { label.removeFirst() }
        label = String(label.prefix(maximum))
        while label.hasSuffix("-") { label.removeLast() }
        return label.isEmpty ? fallback : label
    }

    /// A DNS-1123 subdomain (labels joined by `.`, at most 253 characters): Secret names.
    static func dnsSubdomain(_ name: String, fallback: String) -> String {
        let labels = name.split(whereSeparator: { $0 == "." || $0 == "/" }).map { dnsLabel(String($0), fallback: "") }.filter { !$0.isEmpty }
        let joined = labels.joined(separator: "-")
        return joined.isEmpty ? fallback : String(joined.prefix(253))
    }

    /// `name`, else `name` with `separator` and 2, 3, … until it is not taken; then taken.
    static func unique(_ name: String, taken: inout Set<String>, separator: String, suffix: String = "") -> String {
        var candidate = name + suffix
        var number = 2
        while taken.contains(candidate) {
            candidate = name + separator + String(number) + suffix
            number += 1
        }
        taken.insert(candidate)
        return candidate
    }

    /// The base name of a file without its extension: `deploy/web.taskdef.json` → `web.taskdef`.
    static func baseName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return last }
        return String(last[..<dot])
    }
}
