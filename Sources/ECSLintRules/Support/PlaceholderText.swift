/// Placeholders that the loaders do not mark as unresolved because they only make sense where
/// a name or an ARN is expected: documentation writes `<account-id>` in lower case, and ARNs
/// in AWS's own samples carry words where the Region and account go
/// (`arn:aws:iam::aws_account_id:role/…`, `…:region:XXXXXXXXXXXX:…`). Rules that check the
/// shape of a name or an ARN treat these as unknown.
enum PlaceholderText {
    static func isTemplated(_ text: String) -> Bool {
        if text.contains("$$$") || text.contains("{{") { return true }
        if let open = text.firstIndex(of: "<"), text[open...].contains(">") { return true }
        return false
    }

    /// A Region or account part without a single digit (`region`, `aws_account_id`,
    /// `XXXXXXXXXXXX`): every real Region ends in one and every account is twelve of them,
    /// except the account `aws` of AWS managed policies.
    static func hasPlaceholderParts(_ arn: AWSARN) -> Bool {
        func isWord(_ part: String) -> Bool { !part.isEmpty && !part.contains(where: \.isASCIIDigit) }
        return isWord(arn.region) || (isWord(arn.account) && arn.account != "aws")
    }

    /// The text is a placeholder, or an ARN with placeholder parts.
    static func isUnknown(_ text: String) -> Bool {
        isTemplated(text) || AWSARN(text).map(hasPlaceholderParts) == true
    }
}
