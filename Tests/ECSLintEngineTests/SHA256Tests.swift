import ECSLintEngine
import Testing

@Suite struct SHA256Tests {
    // Expected digests computed with `sha256sum` and Python's hashlib.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("h\u{E9}llo w\u{F6}rld \u{2713} \u{1F680}", "c1a19c07e61550d4eb0bec9e7259bbf521b29ef90cede8cc2b5170f4046a7373"),
    ])
    func standardVectors(_ input: String, _ expected: String) {
        #expect(SHA256.hex(input) == expected)
    }

    // Lengths straddling the padding boundaries: 55 is the longest message whose padding fits in one
    // block, 56…63 force a second block, 64 fills a block exactly.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func repeatedLetterAroundPaddingBoundaries(_ length: Int, _ expected: String) {
        #expect(SHA256.hex(String(repeating: "a", count: length)) == expected)
    }

    @Test func digestOfArbitraryBytes() {
        let allByteValues = (0..<1024).map { UInt8(truncatingIfNeeded: $0) }
        #expect(hex(SHA256.digest(allByteValues)) == "785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9")
        // A lazy sequence rather than an array, to exercise the generic entry point.
        let scrambled = (0..<1000).lazy.map { UInt8($0 * 7 % 251) }
        #expect(hex(SHA256.digest(scrambled)) == "59425e4412e296fc74736673ce067027f384203f59c0d2c3e6be7b13347b3ffc")
    }

    @Test func digestIsThirtyTwoBytesAndHexIsLowercase() {
        #expect(SHA256.digest([UInt8]()).count == 32)
        let text = SHA256.hex("fingerprint")
        #expect(text.count == 64)
        #expect(text.allSatisfy { "0123456789abcdef".contains($0) })
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }
}
