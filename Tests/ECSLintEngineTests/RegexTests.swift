import Dispatch
import ECSLintEngine
import Synchronization
import Testing

@Suite struct RegexTests {
    /// A pattern switches from the interpreter to JIT-compiled code after `jitThreshold` uses;
    /// the answers must not change across the switch, from any thread.
    @Test func answersStayTheSameAcrossTheSwitchToJIT() throws {
        let regex = try Regex("(?i)^(db|redis)_?pass(word)?\\d*$")
        let samples = [("DB_PASSWORD", true), ("redis_pass2", true), ("PASSWORD_MIN_LENGTH", false), ("dbpass", true), ("DB_USER", false)]
        for round in 0..<(Regex.jitThreshold / samples.count + 20) {
            for (text, expected) in samples {
                #expect(regex.matches(text) == expected, "round \(round): \(text)")
            }
        }
        #expect(regex.firstMatch(in: "x DB_PASS") == nil)
        #expect(try Regex("PASS").firstMatch(in: "DB_PASS") == 3..<7)
    }

    @Test func concurrentUseAroundTheSwitchAgrees() throws {
        let regex = try Regex("secret|token")
        let hitsPerWorker = Mutex([Int](repeating: 0, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            var hits = 0
            for index in 0..<(Regex.jitThreshold / 2) where regex.matches(index.isMultiple(of: 2) ? "my_token" : "name") {
                hits += 1
            }
            hitsPerWorker.withLock { $0[worker] = hits }
        }
        let expected = Regex.jitThreshold / 4
        #expect(hitsPerWorker.withLock { $0 } == [Int](repeating: expected, count: 8))
    }

    @Test func invalidPatternsReportWhereTheyFail() {
        #expect(throws: Regex.CompileError.self) { try Regex("a(b") }
    }
}
