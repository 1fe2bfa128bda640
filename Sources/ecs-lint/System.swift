// The few operating-system services the CLI needs beyond FoundationEssentials.
//
// Why not Foundation: on Linux, `import Foundation` loads libFoundation,
// libFoundationInternationalization and the 40 MB ICU data library at start-up, and every
// protocol-conformance lookup (argument parsing does many) then scans their records too. That
// alone cost a pre-commit run about 4 ms of its 21 ms. FoundationEssentials has files, paths,
// environment and Data; streams, path-string helpers and a UTC date are here.

import ECSLintEngine
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum StandardStreams {
    static func writeError(_ text: String) { send(text, to: 2) }
    static func writeOutput(_ text: String) { send(text, to: 1) }
    static func writeOutput(_ bytes: [UInt8]) { _ = writeAll(bytes, to: 1) }

    /// A closed pipe (`ecs-lint … | head`) ends the output quietly.
    private static func send(_ text: String, to descriptor: Int32) {
        _ = writeAll(text, to: descriptor)
    }

    /// Everything on standard input.
    static var outputIsTerminal: Bool { isatty(1) == 1 }
}

/// `/`-separated path strings, the way the CLI shows and compares them.
enum PathString {
    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The directory part: `/a/b` → `/a`, `/a` → `/`, `b` → ``.
    static func parent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Removes `.` and empty components and resolves `..` lexically (symbolic links untouched),
    /// as a shell user reads the path.
    static func standardized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if component == "." { continue }
            if component == "..", let last = components.last, last != ".." {
                components.removeLast()
            } else if component == "..", absolute {
                continue  // `/..` is `/`
            } else {
                components.append(component)
            }
        }
        let joined = components.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The canonical path with every symbolic link resolved, or the path itself when that fails.
    static func resolvingSymlinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func trimmingTrailingSlashes(_ path: String) -> String {
        var result = Substring(path)
        while result.count > 1, result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}

enum FileKind {
    case directory, regularFile, other

    /// What `path` is, following symbolic links; the system's reason when that fails (no such
    /// file, a dangling link, a link loop, permission denied on a parent directory).
    static func of(_ path: String) -> Result<FileKind, SystemError> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.fromErrno()) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .success(.directory)
        case S_IFREG: return .success(.regularFile)
        default: return .success(.other)
        }
    }
}

extension FileKind {
    /// Whether `path` itself is a symbolic link (not what it points to).
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }
}

enum DirectoryListing {
    /// The entries of a directory, without `.` and `..`.
    static func names(in directory: String) -> Result<[String], SystemError> {
        guard let stream = opendir(directory) else { return .failure(.fromErrno()) }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                return errno == 0 ? .success(names) : .failure(.fromErrno())
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != ".", name != ".." { names.append(name) }
        }
    }
}

/// An operating-system failure with the system's own words for it.
struct SystemError: Error, CustomStringConvertible {
    let code: Int32
    let description: String
    var isSymbolicLinkLoop: Bool { code == ELOOP }
    static func fromErrno() -> SystemError {
        let code = errno
        return SystemError(code: code, description: String(cString: strerror(code)))
    }
}

extension String {
    /// "No such file or directory" → "no such file or directory", for messages after a colon.
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}

enum AtomicFile {
    /// Writes all or nothing: a temporary file in the same directory, then a rename over `path`.
    /// Missing parent directories are created.
    static func write(_ text: String, to path: String) throws(SystemError) {
        let directory = PathString.parent(path)
        try createDirectories(directory.isEmpty ? "." : directory)
        var template = Array((PathString.join(directory.isEmpty ? "." : directory, ".\(PathString.lastComponent(path)).XXXXXX")).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .fromErrno() }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure = writeAll(text, to: descriptor)
        // mkstemp creates the file 0600; a report or baseline is an ordinary file (0666 less umask).
        let mask = umask(0)
        umask(mask)
        if failure == nil, fchmod(descriptor, 0o666 & ~mask) != 0 { failure = .fromErrno() }
        if close(descriptor) != 0, failure == nil { failure = .fromErrno() }
        if failure == nil, rename(temporary, path) != 0 { failure = .fromErrno() }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Replaces the contents of an existing regular file with `bytes`, all or nothing: a
    /// temporary file in the same directory with the original's permission bits (and owner,
    /// where the system allows), flushed to disk, then renamed over it. Refuses a symbolic link
    /// (renaming over it would replace the link by a file) and a file whose contents are no
    /// longer `expected` (someone changed it since it was read).
    static func replace(_ path: String, with bytes: [UInt8], expected: [UInt8]) throws(SystemError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .fromErrno() }
        guard info.st_mode & S_IFMT != S_IFLNK else { throw SystemError(code: 0, description: "it is a symbolic link") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SystemError(code: 0, description: "it is not a regular file") }
        switch FileReading.contents(ofFile: path, maxBytes: expected.count) {
        case .success(let current) where current == expected: break
        case .success, .failure: throw SystemError(code: 0, description: "it changed since ecs-lint read it")
        }
        let directory = PathString.parent(path)
        var template = Array((PathString.join(directory.isEmpty ? "." : directory, ".\(PathString.lastComponent(path)).XXXXXX")).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .fromErrno() }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure = writeAll(bytes, to: descriptor)
        if failure == nil, fchmod(descriptor, info.st_mode & 0o7777) != 0 { failure = .fromErrno() }
        // Only root may give a file away; for everyone else the owner is already theirs.
        if failure == nil, info.st_uid != geteuid() || info.st_gid != getegid() { _ = fchown(descriptor, info.st_uid, info.st_gid) }
        if failure == nil, fsync(descriptor) != 0 { failure = .fromErrno() }
        if close(descriptor) != 0, failure == nil { failure = .fromErrno() }
        if failure == nil, rename(temporary, path) != 0 { failure = .fromErrno() }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    private static func createDirectories(_ directory: String) throws(SystemError) {
        if case .success(.directory) = FileKind.of(directory) { return }
        let parent = PathString.parent(directory)
        if !parent.isEmpty, parent != directory { try createDirectories(parent) }
        if mkdir(directory, 0o777) != 0, errno != EEXIST { throw .fromErrno() }
    }
}

/// Writes all of `text`, retrying after partial writes and interrupts.
private func writeAll(_ text: String, to descriptor: Int32) -> SystemError? {
    writeAll(Array(text.utf8), to: descriptor)
}

private func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> SystemError? {
    var bytes = bytes
    return bytes.withUnsafeMutableBytes { buffer -> SystemError? in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return .fromErrno()
            }
            offset += written
        }
        return nil
    }
}

/// Ends the process with `code` (standard output is flushed first, as `exit` does).
func terminateProcess(_ code: Int32) -> Never { exit(code) }

enum UTCDate {
    /// Today's date in UTC as `yyyy-MM-dd`, what suppression expiry dates are compared with.
    static func today() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func twoDigits(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(twoDigits(parts.tm_mon + 1))-\(twoDigits(parts.tm_mday))"
    }
}
