import ECSLintEngine
import ECSLintModel

/// ECS404: `environmentFiles[].value` must be an S3 object ARN (`arn:aws:s3:::bucket/key.env`),
/// and a container may list at most ten files (ECS-FACTS §4.2). A `type` other than `s3` is
/// ECS005's finding (the field is an enumeration).
struct InvalidEnvironmentFileRule: Rule {
    static let maximumFiles = 10

    init(setup: RuleSetup) {}

    func check(_ task: Resource, in context: RuleContext) {
        for container in task.properties["containerDefinitions"]?.array ?? [] {
            guard let list = container["environmentFiles"], let files = list.array else { continue }
            let label = TaskContainers.label(container)
            // An item that is an `Fn::If` may be no file at all: count only what surely is one.
            let count = files.filter { !$0.isUnresolved }.count
            if count > Self.maximumFiles {
                context.report("container \(label) lists \(count) environment files; ECS allows at most \(Self.maximumFiles) per container, so merge some of them",
                               at: list, in: task)
            }
            for file in files {
                guard let value = file["value"], let text = value.string, !PlaceholderText.isUnknown(text) else { continue }
                if let problem = Self.problem(text) {
                    context.report("container \(label): environment file \(problem)", at: value, in: task)
                } else if !Self.hasEnvExtension(text) {
                    context.report("container \(label): environment file \(TaskContainers.shown(text)) does not end in .env; AWS documents that the file must have the .env extension",
                                   at: value, in: task, atMost: .warning)
                }
            }
        }
    }

    /// Why the text is no S3 object ARN, or nil.
    static func problem(_ text: String) -> String? {
        if text.hasPrefix("s3://") {
            let path = text.dropFirst("s3://".count)
            return "\(TaskContainers.shown(text)) is an S3 URI; ECS needs the object's ARN, arn:aws:s3:::\(path)"
        }
        guard let arn = AWSARN(text) else {
            return "\(TaskContainers.shown(text)) is not an S3 object ARN (arn:aws:s3:::BUCKET/KEY.env)"
        }
        guard arn.service == "s3", arn.hasValidPartition else {
            return "\(TaskContainers.shown(text)) is an ARN of \(arn.service.isEmpty ? "no service" : arn.service), not an S3 object ARN (arn:aws:s3:::BUCKET/KEY.env)"
        }
        // S3 object ARNs have neither Region nor account; the object is BUCKET/KEY.
        let parts = arn.resource.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard arn.region.isEmpty, arn.account.isEmpty, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !parts[1].hasSuffix("/") else {
            return "\(TaskContainers.shown(text)) is not an S3 object ARN (arn:aws:s3:::BUCKET/KEY.env: no Region or account, a bucket and an object key)"
        }
        return nil
    }

    static func hasEnvExtension(_ text: String) -> Bool {
        text.hasSuffix(".env")
    }
}
