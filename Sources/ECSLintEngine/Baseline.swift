import ECSLintSyntax

/// Known findings a repository has accepted for now (`--write-baseline`, `--baseline`). Entries
/// are matched by fingerprint (rule, project-relative path, logical location; never line
/// numbers) with a count, so moving lines keeps findings matched, a new finding fails the run,
/// and a finding in another file never hides behind one with the same resource name.
public struct Baseline: Sendable {
    public static let formatVersion = 1

    public struct Entry: Sendable, Hashable {
        public let fingerprint: String
        public let rule: String
        public let path: String
        public let location: String
        public var count: Int
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries.sorted { ($0.path, $0.rule, $0.location, $0.fingerprint) < ($1.path, $1.rule, $1.location, $1.fingerprint) }
    }

    /// Every active finding that may be baselined; parse errors never are.
    public init(reports: [FileReport]) {
        var byFingerprint: [String: Entry] = [:]
        for report in reports {
            for diagnostic in report.diagnostics where diagnostic.suppression == nil && !Configuration.alwaysOn.contains(diagnostic.code) {
                byFingerprint[diagnostic.fingerprint, default: Entry(fingerprint: diagnostic.fingerprint, rule: diagnostic.code,
                                                                     path: report.projectPath, location: diagnostic.location.description,
                                                                     count: 0)].count += 1
            }
        }
        self.init(entries: Array(byFingerprint.values))
    }

    /// Marks findings the baseline holds as baselined (up to each entry's count, in report order)
    /// and returns the entries for files of this run that no longer match anything.
    public func apply(to reports: inout [FileReport]) -> [Entry] {
        var remaining: [String: Int] = [:]
        for entry in entries { remaining[entry.fingerprint, default: 0] += entry.count }
        for reportIndex in reports.indices {
            let order = reports[reportIndex].diagnostics.indices.sorted {
                let left = reports[reportIndex].diagnostics[$0], right = reports[reportIndex].diagnostics[$1]
                return (left.start.line, left.start.column, left.code) < (right.start.line, right.start.column, right.code)
            }
            for index in order {
                let diagnostic = reports[reportIndex].diagnostics[index]
                guard diagnostic.suppression == nil, !Configuration.alwaysOn.contains(diagnostic.code),
                      let left = remaining[diagnostic.fingerprint], left > 0 else { continue }
                remaining[diagnostic.fingerprint] = left - 1
                reports[reportIndex].diagnostics[index].baselined = true
            }
        }
        let linted = Set(reports.map(\.projectPath))
        return entries.compactMap { entry in
            guard linted.contains(entry.path), let left = remaining[entry.fingerprint], left > 0 else { return nil }
            remaining[entry.fingerprint] = 0
            var stale = entry
            stale.count = left
            return stale
        }
    }

    /// Pretty-printed, sorted JSON, so baselines diff well in review.
    public func render() -> String {
        var output = "{\n  \"version\": \(Self.formatVersion),\n  \"tool\": \(JSONWriter.quote(ECSLintVersion.toolName)),\n"
        guard !entries.isEmpty else { return output + "  \"entries\": []\n}\n" }
        output += "  \"entries\": [\n"
        output += entries.map { entry in
            "    {\"fingerprint\": \(JSONWriter.quote(entry.fingerprint)), \"rule\": \(JSONWriter.quote(entry.rule)), "
                + "\"path\": \(JSONWriter.quote(entry.path)), \"location\": \(JSONWriter.quote(entry.location)), \"count\": \(entry.count)}"
        }.joined(separator: ",\n")
        return output + "\n  ]\n}\n"
    }

    public static func parse(_ source: SourceFile, displayPath: String) throws(ConfigurationError) -> Baseline {
        func fail(_ message: String, _ offset: Int = 0) -> ConfigurationError {
            ConfigurationError(path: displayPath, position: source.position(of: offset), message: "not an ecs-lint baseline: \(message)")
        }
        let parsed: ParsedFile
        do throws(SyntaxError) {
            if let problem = InputCheck.validate(source.bytes, limits: .default) { throw problem }
            parsed = try JSONParser.parse(source)
        } catch {
            throw fail(error.message, error.offset)
        }
        guard let root = parsed.documents.first, root.entries != nil else { throw fail("expected a JSON object") }
        guard root["version"]?.text == String(formatVersion) else { throw fail("expected \"version\": \(formatVersion)", root.range.start) }
        guard let items = root["entries"]?.items else { throw fail("expected an \"entries\" list", root.range.start) }
        var entries: [Entry] = []
        for item in items {
            guard let fingerprint = item["fingerprint"]?.string, let rule = item["rule"]?.string, let path = item["path"]?.string,
                  let count = item["count"]?.text.flatMap({ Int($0) }), count > 0 else {
                throw fail("each entry needs fingerprint, rule, path and a positive count", item.range.start)
            }
            entries.append(Entry(fingerprint: fingerprint, rule: rule, path: path, location: item["location"]?.string ?? "", count: count))
        }
        return Baseline(entries: entries)
    }
}
