/// An Amazon Resource Name split into its parts, `arn:partition:service:region:account:resource`
/// (the resource part may hold more colons). Only the shape is read; whether the resource
/// exists is for AWS to say.
struct AWSARN: Equatable {
    let partition: String
    let service: String
    let region: String
    let account: String
    let resource: String

    init?(_ text: String) {
        guard text.hasPrefix("arn:") else { return nil }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    /// `aws`, `aws-cn`, `aws-us-gov`, `aws-iso`, `aws-iso-b`, … (partition-aware).
    var hasValidPartition: Bool {
        partition == "aws" || (partition.hasPrefix("aws-") && partition.dropFirst(4).allSatisfy { $0.isLowercaseASCIILetter || $0 == "-" })
    }

    /// `us-east-1`, `cn-north-1`, `us-gov-west-1`: letters and digits between hyphens, ending in a
    /// number.
    var hasValidRegion: Bool {
        let pieces = region.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count >= 3, let last = pieces.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit) else { return false }
        return pieces.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLowercaseASCIILetter || $0.isASCIIDigit } }
    }

    /// Twelve digits.
    var hasValidAccount: Bool {
        account.count == 12 && account.allSatisfy(\.isASCIIDigit)
    }

    /// Region and account well formed, as every regional ARN needs.
    var isWellFormedRegional: Bool {
        hasValidPartition && hasValidRegion && hasValidAccount
    }
}

extension Character {
    var isLowercaseASCIILetter: Bool { ("a"..."z").contains(self) }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// What ECS accepts where it reads a secret: the `valueFrom` forms of ECS-FACTS §4.1 and the
/// secret names of §4.3.
enum SecretReference {
    enum Kind: Equatable {
        case secretsManager(AWSARN)
        case ssmParameterARN(AWSARN)
        case ssmParameterName
    }

    /// Why `text` is no `valueFrom`, or what it is. Characters of Secrets Manager names
    /// (`A-Za-z0-9/_+=.@-`, and `!` in secrets that AWS services manage, such as `rds!cluster-…`)
    /// and SSM parameter names (`a-zA-Z0-9_.-` with `/` between levels, a leading `/` when there
    /// are levels) are from the two services' API references.
    static func classify(valueFrom text: String) -> Result<Kind, Problem> {
        if let arn = AWSARN(text) {
            switch arn.service {
            case "secretsmanager":
                if let problem = secretsManagerProblem(arn, allowSelectors: true) { return .failure(problem) }
                return .success(.secretsManager(arn))
            case "ssm":
                guard arn.isWellFormedRegional else { return .failure(.malformedARN("SSM parameter")) }
                guard arn.resource.hasPrefix("parameter/"), arn.resource.count > "parameter/".count,
                      isParameterPath(String(arn.resource.dropFirst("parameter".count))) else {
                    return .failure(.malformedARN("SSM parameter (its resource is parameter/NAME)"))
                }
                return .success(.ssmParameterARN(arn))
            default:
                return .failure(.otherService(arn.service))
            }
        }
        if text.hasPrefix("arn") { return .failure(.malformedARN("any service")) }
        if isParameterName(text) { return .success(.ssmParameterName) }
        if !text.hasPrefix("/"), text.contains("/"), isSecretName(text) { return .failure(.secretName) }
        return .failure(.notAName)
    }

    enum Problem: Error, Equatable {
        /// An ARN of the service whose shape is wrong.
        case malformedARN(String)
        case otherService(String)
        /// Both a version stage and a version ID.
        case stageAndVersionID
        /// A Secrets Manager name where an ARN is needed.
        case secretName
        case notAName
    }

    /// A Secrets Manager secret ARN: `secret:NAME`, with `:json-key:version-stage:version-id`
    /// when `allowSelectors` (empty parts keep their colons).
    static func secretsManagerProblem(_ arn: AWSARN, allowSelectors: Bool) -> Problem? {
        guard arn.isWellFormedRegional else { return .malformedARN("Secrets Manager secret") }
        let parts = arn.resource.split(separator: ":", omittingEmptySubsequences: false)
        let shape = allowSelectors ? "secret:NAME or secret:NAME:json-key:version-stage:version-id" : "secret:NAME"
        guard parts.first == "secret", parts.count >= 2, isSecretName(String(parts[1])) else {
            return .malformedARN("Secrets Manager secret (its resource is \(shape))")
        }
        guard parts.count == 2 || (allowSelectors && parts.count == 5) else {
            return .malformedARN("Secrets Manager secret (its resource is \(shape))")
        }
        if parts.count == 5, !parts[3].isEmpty, !parts[4].isEmpty { return .stageAndVersionID }
        return nil
    }

    static func isSecretName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "/_+=.@-!".unicodeScalars.contains(scalar)
        }
    }

    /// `name` or `/level/name`.
    static func isParameterName(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        if text.contains("/") { return text.hasPrefix("/") && isParameterPath(text) }
        return text.unicodeScalars.allSatisfy(isParameterCharacter)
    }

    /// `/a/b/c`: levels of parameter characters, none empty.
    private static func isParameterPath(_ text: String) -> Bool {
        guard text.hasPrefix("/") else { return false }
        let levels = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        return levels.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isParameterCharacter) }
    }

    private static func isParameterCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "." || scalar == "-"
    }
}
