import ECSLintLoaders
import ECSLintModel
import ECSLintSyntax

/// Converts inputs to a format and proves the result: the check that verifies a conversion is
/// the one that verifies a fix — parse the output again, load it, compare the model.
public enum Converter {
    public static func convert(_ inputs: [ConversionInput], to format: ConversionFormat) throws(ConversionError) -> Conversion {
        var conversion = try format.writer.convert(inputs)
        for index in conversion.losses.indices {
            let source = conversion.losses[index].source
            conversion.losses[index].attachments = inputs.first { $0.source === source }?.documents.flatMap(\.attachments) ?? []
        }
        let problems = FidelityCheck.problems(conversion)
        guard problems.isEmpty else {
            throw ConversionError("the \(format.rawValue) output does not load back as written (a bug in ecs-lint; please report it): "
                                  + problems.prefix(5).joined(separator: "; "), isInternal: true)
        }
        return conversion
    }
}

/// Loads every output of a conversion again and compares each carried resource with its model
/// less the values reported as not carried: equal means the output carries exactly what the
/// conversion says, no more and no less.
public enum FidelityCheck {
    /// How the check reads an output. Depth: the deepest input a configuration allows (1000),
    /// plus what a conversion wraps around it (a template's `Resources`, a resource, its
    /// `Properties`; an object's `spec`). Input just inside the default limit comes out a few
    /// levels deeper, which is no reason to fail a conversion.
    /// The output is in memory already and may be larger than its input (a template around a
    /// task definition, one quoted string per line): no size limit but the largest.
    static let outputLimits = ParseLimits(maxDepth: 1_000 + 16, maxFileSize: ByteCount.largestFileSizeLimit)

    public static func problems(_ conversion: Conversion) -> [String] {
        var problems: [String] = []
        for file in conversion.files {
            let source = SourceFile(path: file.name, text: file.text)
            let parsed: ParsedFile
            do {
                parsed = try SyntaxKind.parse(source, limits: outputLimits)
            } catch {
                let position = source.withLineBreaks(file.syntax == .yaml ? .yaml : .json).position(of: error.offset)
                problems.append("\(file.name):\(position.line):\(position.column): does not parse: \(error.message)")
                continue
            }
            guard !file.carried.isEmpty, let format = file.format else { continue }
            let documents = parsed.documents.map { Loader.load($0, as: format) }
            let loaded = documents.flatMap(\.resources)
            for (index, carried) in file.carried.enumerated() {
                // By logical ID in a template; otherwise the file's resources in the order written.
                let found: Resource?
                if let logicalID = carried.logicalID {
                    found = documents.lazy.compactMap { $0.resource(logicalID: logicalID) }.first
                } else {
                    found = index < loaded.count ? loaded[index] : nil
                }
                let label = "\(file.name): \(carried.resource.subject)"
                guard let found, found.kind == carried.resource.kind else {
                    problems.append("\(label): not found in the output")
                    continue
                }
                let expected = carried.expectedProperties ?? Value(.object([]), range: carried.resource.range, path: "")
                problems += ModelComparison.differences(expected: expected, actual: found.properties, limit: 5).map { "\(label): \($0)" }
            }
        }
        return problems
    }
}
