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
    static func writeOutput(_ bytes: [UInt8]) { check(writeAll(bytes, to: 1), writingTo: 1) }

    private static func send(_ text: String, to descriptor: Int32) {
        check(writeAll(text, to: descriptor), writingTo: descriptor)
    }

    /// Output that cannot be written (a full disk, `> /dev/full`, a closed file) ends the run
    /// with exit 2: a report or fixed text that silently went nowhere must not pass a gate. A
    /// closed pipe (`ecs-lint … | head`) is the reader's choice and ends the output quietly, as
    /// usual for command-line tools. Standard error has nowhere to report its own failure.
    private static func check(_ failure: SystemError?, writingTo descriptor: Int32) {
        guard let failure, descriptor == 1, failure.code != EPIPE else { return }
        _ = writeAll("ecs-lint: cannot write standard output: \(failure.description.lowercasedFirst)\n", to: 2)
        terminateProcess(2)
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
    case directory, regularFile, fifo, device, socket

    /// How messages name it.
    var noun: String {
        switch self {
        case .directory: "a directory"
        case .regularFile: "a regular file"
        case .fifo: "a FIFO (named pipe)"
        case .device: "a device"
        case .socket: "a socket"
        }
    }

    /// What `path` is, following symbolic links; the system's reason when that fails (no such
    /// file, a dangling link, a link loop, permission denied on a parent directory).
    static func of(_ path: String) -> Result<FileKind, SystemError> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.fromErrno()) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .success(.directory)
        case S_IFREG: return .success(.regularFile)
        case S_IFIFO: return .success(.fifo)
        case S_IFSOCK: return .success(.socket)
        default: return .success(.device)
        }
    }
}

/// Which file a path is, whatever the path's spelling or links: device and inode.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// The file `path` leads to (links followed); nil when there is none.
    static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        return stat(path, &info) == 0 ? FileIdentity(info) : nil
    }

    /// The regular file an open descriptor writes to (`> report.json`); nil for a terminal or a pipe.
    static func ofRegularFile(descriptor: Int32) -> FileIdentity? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileIdentity(info)
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
    /// Missing parent directories are created. A symbolic link is written through (the file it
    /// names gets the text, the link stays); an existing file keeps its permissions, owner and
    /// group, and one with several hard links is rewritten in place so that every link sees it.
    ///
    /// A path that leads to something other than a regular file (`/dev/stdout`, a FIFO, a
    /// terminal) is opened and written as it is: renaming a file over it would replace the
    /// device. A symbolic link is followed only where the kernel's `protected_symlinks` would
    /// follow it (not one another user planted in a sticky, world-writable directory such as
    /// /tmp): renaming over its target would otherwise bypass that protection.
    static func write(_ text: String, to path: String) throws(SystemError) {
        var existing = stat()
        if stat(path, &existing) == 0, existing.st_mode & S_IFMT != S_IFREG {
            guard existing.st_mode & S_IFMT != S_IFDIR else { throw SystemError(code: EISDIR, description: String(cString: strerror(EISDIR))) }
            return try writeStream(Array(text.utf8), to: path)
        }
        let path = try linkTarget(path)
        guard stat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG else {
            let directory = PathString.parent(path)
            try createDirectories(directory.isEmpty ? "." : directory)
            // mkstemp creates the file 0600; a report or baseline is an ordinary file (0666 less umask).
            let mask = umask(0)
            umask(mask)
            return try replaceByRename(path, with: Array(text.utf8), mode: 0o666 & ~mask, owner: nil)
        }
        if existing.st_nlink > 1 { return try overwriteInPlace(path, with: Array(text.utf8)) }
        try replaceByRename(path, with: Array(text.utf8), mode: existing.st_mode & 0o7777, owner: existing)
    }

    /// Replaces the contents of an existing regular file with `bytes`, all or nothing: a
    /// temporary file in the same directory with the original's permission bits, owner and
    /// group, flushed to disk, then renamed over it. A file with several hard links, or whose
    /// owner or group this user cannot give the new file, is rewritten in place instead (the
    /// links and ownership stay; see `overwriteInPlace`). Refuses a symbolic link (renaming
    /// over it would replace the link by a file), a read-only file unless `readOnlyToo`, and a
    /// file whose contents are no longer `expected` (someone changed it since it was read).
    static func replace(_ path: String, with bytes: [UInt8], expected: [UInt8], readOnlyToo: Bool = false) throws(SystemError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw .fromErrno() }
        guard info.st_mode & S_IFMT != S_IFLNK else { throw SystemError(code: 0, description: "it is a symbolic link") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SystemError(code: 0, description: "it is not a regular file") }
        // Write permission bits, not access(2): root may write anything, yet a file someone made
        // read-only is not meant to be rewritten by a tool.
        if !readOnlyToo, info.st_mode & 0o222 == 0 {
            throw SystemError(code: readOnly, description: "it is read-only (mode 0\(String(info.st_mode & 0o777, radix: 8))); --fix-read-only fixes it anyway")
        }
        switch FileReading.contents(ofFile: path, maxBytes: expected.count) {
        case .success(let current) where current == expected: break
        case .success, .failure: throw SystemError(code: changedSinceRead, description: "it changed since ecs-lint read it")
        }
        if info.st_nlink > 1 { return try overwriteInPlace(path, with: bytes, original: expected) }
        try replaceByRename(path, with: bytes, mode: info.st_mode & 0o7777, owner: info, original: expected)
    }

    /// The code of `replace`'s error for a file that changed under it.
    static let changedSinceRead: Int32 = -1
    /// The code of `replace`'s error for a read-only file it left alone on purpose (not a
    /// system error: EACCES from a directory one cannot write is a failure).
    static let readOnly: Int32 = -2

    /// Opens what `path` leads to (a device, a FIFO, a terminal) and writes `bytes` to it.
    private static func writeStream(_ bytes: [UInt8], to path: String) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fromErrno() }
        var failure = writeAll(bytes, to: descriptor)
        if close(descriptor) != 0, failure == nil { failure = .fromErrno() }
        if let failure { throw failure }
    }

    /// The file a chain of symbolic links ends at (it may not exist yet); `path` itself when it
    /// is no link.
    private static func linkTarget(_ path: String) throws(SystemError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            // As fs.protected_symlinks: in a sticky, world-writable directory, follow a link
            // only when its owner is this user or the directory's owner.
            var directory = stat()
            let parent = PathString.parent(current)
            if stat(parent.isEmpty ? "." : parent, &directory) == 0, directory.st_mode & S_ISVTX != 0, directory.st_mode & 0o002 != 0,
               info.st_uid != geteuid(), info.st_uid != directory.st_uid {
                throw SystemError(code: EACCES, description: "it is a symbolic link another user owns in a shared directory; not followed")
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw .fromErrno() }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : PathString.join(PathString.parent(current), target)
        }
        throw SystemError(code: ELOOP, description: String(cString: strerror(ELOOP)))
    }

    /// A temporary file beside `path` with `mode` (and `owner`'s owner and group), then a rename.
    /// When the owner or group cannot be kept (only root may give a file away, and a user may
    /// only pick a group of their own), the file is rewritten in place instead.
    private static func replaceByRename(_ path: String, with bytes: [UInt8], mode: mode_t, owner: stat?, original: [UInt8]? = nil) throws(SystemError) {
        let directory = PathString.parent(path)
        var template = Array((PathString.join(directory.isEmpty ? "." : directory, ".\(PathString.lastComponent(path)).XXXXXX")).utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw .fromErrno() }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        if let owner {
            var created = stat()
            if fstat(descriptor, &created) == 0, created.st_uid != owner.st_uid || created.st_gid != owner.st_gid {
                _ = fchown(descriptor, owner.st_uid, owner.st_gid)
                if fstat(descriptor, &created) != 0 || created.st_uid != owner.st_uid || created.st_gid != owner.st_gid {
                    close(descriptor)
                    unlink(temporary)
                    return try overwriteInPlace(path, with: bytes, original: original)
                }
            }
        }
        var failure = writeAll(bytes, to: descriptor)
        // After fchown, which clears set-user-ID and set-group-ID bits.
        if failure == nil, fchmod(descriptor, mode) != 0 { failure = .fromErrno() }
        if failure == nil, fsync(descriptor) != 0 { failure = .fromErrno() }
        if close(descriptor) != 0, failure == nil { failure = .fromErrno() }
        if failure == nil, rename(temporary, path) != 0 { failure = .fromErrno() }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// Writes `bytes` over the file's own contents and cuts it to their length, so that its
    /// inode, hard links, owner, group and mode stay. Not atomic as a rename is: when a write
    /// fails the original text is written back (when known), and the error is reported.
    private static func overwriteInPlace(_ path: String, with bytes: [UInt8], original: [UInt8]? = nil) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fromErrno() }
        func put(_ content: [UInt8]) -> SystemError? {
            if lseek(descriptor, 0, SEEK_SET) < 0 { return .fromErrno() }
            if let failure = writeAll(content, to: descriptor) { return failure }
            if ftruncate(descriptor, off_t(content.count)) != 0 { return .fromErrno() }
            return fsync(descriptor) == 0 ? nil : .fromErrno()
        }
        var failure = put(bytes)
        if failure != nil, let original { _ = put(original) }
        if close(descriptor) != 0, failure == nil { failure = .fromErrno() }
        if let failure { throw failure }
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
