import ECSLintLoaders
import ECSLintSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads input files with a size bound, so `/dev/zero`, a 10 GB log with a `.json` name or an
/// endless pipe ends in one ECS012 finding instead of exhausting memory. Failures carry the
/// system's own words (`Permission denied`, `Is a directory`).
public enum FileReading {
    /// The bytes of the file at `path` (following symbolic links), or why they cannot be had.
    public static func contents(ofFile path: String, maxBytes: Int) -> Result<[UInt8], LintInput.ReadError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.system(errno)) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > maxBytes {
            return .failure(.tooLarge(knownSize: Int(info.st_size), limit: maxBytes))
        }
        return contents(ofDescriptor: descriptor, maxBytes: maxBytes)
    }

    /// One name per file, however the run spells its path (relative or absolute, through a
    /// symbolic link): the resolved path when the file exists, else the path normalized.
    public static func identity(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return TerraformPath.normalized(path) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Everything readable from `descriptor` (a file, a pipe, standard input), up to `maxBytes`.
    public static func contents(ofDescriptor descriptor: Int32, maxBytes: Int) -> Result<[UInt8], LintInput.ReadError> {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.system(errno))
            }
            if count == 0 { return .success(result) }
            result.append(contentsOf: chunk[..<count])
            if result.count > maxBytes { return .failure(.tooLarge(knownSize: nil, limit: maxBytes)) }
        }
    }
}

extension LintInput.ReadError {
    static func system(_ code: Int32) -> Self {
        Self("cannot read file: \(String(cString: strerror(code)))")
    }

    static func tooLarge(knownSize: Int?, limit: Int) -> Self {
        let size = knownSize.map { "is \(ByteCount.describe($0)), over" } ?? "is over"
        return Self("file \(size) the \(ByteCount.describe(limit)) limit (limits.max-file-size, --max-file-size)", isLimit: true)
    }
}

/// A Terraform module's files on disk: the `.tf` files beside a linted one and what `file()`
/// reads, each read with the run's size limit.
public struct DiskTerraformFiles: TerraformFiles {
    let maxBytes: Int

    public init(maxBytes: Int) { self.maxBytes = maxBytes }

    public func names(in directory: String) -> [String] {
        guard let stream = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            names.append(name)
        }
        return names
    }

    /// Regular files only: a FIFO, a device (`/dev/stdin`) or a socket that `file()` names, or
    /// that sits beside a `.tf` file with a `.tf` name, would block the run. Opened without
    /// blocking and checked before a byte is read.
    public func read(_ path: String) -> SourceFile? {
        let descriptor = open(path.isEmpty ? "." : path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= maxBytes,
              case .success(let bytes) = FileReading.contents(ofDescriptor: descriptor, maxBytes: maxBytes) else { return nil }
        return SourceFile(path: path, bytes: bytes)
    }
}
