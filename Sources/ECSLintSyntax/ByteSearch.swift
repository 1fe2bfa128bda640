extension String {
    /// Whether `needle` occurs in this string, compared byte by byte in UTF-8.
    ///
    /// `contains(_:)` with a string argument goes through the generic string-processing
    /// machinery and compares grapheme clusters; loaders ask this of every scalar they read, and
    /// only for ASCII markers (`{{resolve:`, `$$$$`), where bytes are exact.
    public func containsBytes(_ needle: String) -> Bool {
        utf8Offset(of: needle) != nil
    }

    /// The UTF-8 offset of the first occurrence of `needle`, compared byte by byte.
    public func utf8Offset(of needle: String) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { hay in
            needle.withUTF8 { wanted -> Int? in
                guard let first = wanted.first else { return 0 }
                guard hay.count >= wanted.count else { return nil }
                var index = 0
                let last = hay.count - wanted.count
                while index <= last {
                    if hay[index] == first {
                        var matched = 1
                        while matched < wanted.count, hay[index + matched] == wanted[matched] { matched += 1 }
                        if matched == wanted.count { return index }
                    }
                    index += 1
                }
                return nil
            }
        }
    }
}
