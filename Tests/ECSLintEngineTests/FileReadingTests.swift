import ECSLintEngine
import Foundation
import Testing

@Suite struct FileReadingTests {
    @Test func failuresCarryTheSystemsReason() {
        let directory = FileManager.default.temporaryDirectory.path
        guard case .failure(let notAFile) = FileReading.contents(ofFile: directory, maxBytes: 1_000) else {
            Issue.record("reading a directory as a file succeeded")
            return
        }
        #expect(notAFile.message == "cannot read file: Is a directory")
        #expect(!notAFile.isLimit)
        guard case .failure(let missing) = FileReading.contents(ofFile: "/no/such/file.json", maxBytes: 1_000) else {
            Issue.record("reading a missing file succeeded")
            return
        }
        #expect(missing.message == "cannot read file: No such file or directory")
    }

    @Test func theSizeLimitIsInclusive() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ecs-lint-size-\(UUID().uuidString).json")
        try Data(repeating: UInt8(ascii: "a"), count: 100).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        #expect((try? FileReading.contents(ofFile: path.path, maxBytes: 100).get())?.count == 100)
        guard case .failure(let tooLarge) = FileReading.contents(ofFile: path.path, maxBytes: 99) else {
            Issue.record("a file over the limit was read")
            return
        }
        #expect(tooLarge.isLimit)
        #expect(tooLarge.message == "file is 100 bytes, over the 99 bytes limit (limits.max-file-size, --max-file-size)")
    }
}
