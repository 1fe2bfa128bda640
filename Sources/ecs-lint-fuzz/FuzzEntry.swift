import ECSLintFuzzTargets
#if canImport(Glibc)
import Glibc
#endif

// Built two ways (fuzz/run.sh):
// - with `-DFUZZING` and `--sanitize fuzzer`: libFuzzer's main drives LLVMFuzzerTestOneInput, and
//   ECS_LINT_FUZZ_TARGET picks the target;
// - normally: a replay tool, `ecs-lint-fuzz TARGET FILE...`, to reproduce a crash file without
//   the fuzzer (the regression tests replay testdata/fuzz/ the same way, in process).

/// Prints to standard error and exits 2 (usage errors of the replay tool and the fuzz binary).
private func fail(_ message: String) -> Never {
    let line = "ecs-lint-fuzz: " + message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

#if FUZZING
private let selectedTarget: FuzzTarget = {
    let name = getenv("ECS_LINT_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        fail("set ECS_LINT_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}
#else
@main
enum Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            fail("usage: ecs-lint-fuzz {\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))} FILE...")
        }
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                fail("\(path): \(String(cString: strerror(errno)))")
            }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = fread(&chunk, 1, chunk.count, file)
                if count == 0 { break }
                bytes.append(contentsOf: chunk[..<count])
            }
            fclose(file)
            target.run(bytes)
            print("\(path): ok")
        }
    }
}
#endif
