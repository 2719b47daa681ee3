import Foundation
import SupportCore

/// Files paydesk creates that hold something private (a key, a draft, customer data).
/// `FileManager.createFile(…, attributes:)` creates with `0666 & ~umask` and only then
/// changes the mode, so for a moment anyone could open it; here the file is born with its
/// final mode, never follows a symbolic link, and never opens something already there.
public enum PrivateFile {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        /// The errno behind it, 0 when the refusal is paydesk's own.
        public var code: Int32 = 0
        public var description: String { "\(path): \(reason)" }
    }

    /// Creates `path` (which must not exist) with `mode`, and returns its descriptor.
    public static func create(_ path: String, mode: Int) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno)), code: errno) }
        // The umask may have narrowed the mode (never widened it); set exactly what was asked.
        fchmod(fd, mode_t(mode))
        return fd
    }

    /// Creates `path` with `mode` and writes `data` to it, synced before it is closed.
    public static func write(_ data: Data, to path: String, mode: Int) throws {
        let fd = try create(path, mode: mode)
        defer { close(fd) }
        try writeAll(fd, data, path: path)
        guard fsync(fd) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
    }

    public static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw Failure(path: path, reason: String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }

    /// Replaces `path` with `data`: written to a new private file beside it, then renamed
    /// over it, so the destination is never half-written nor briefly readable by others.
    /// Anything at `path` that is not a regular file (a device node, a link, a folder) is
    /// refused rather than replaced.
    public static func replace(_ path: String, with data: Data, mode: Int = FileModes.process.file) throws {
        var info = stat()
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw Failure(path: path, reason: "it exists and is not a regular file; it was left alone")
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).paydesk-\(getpid()).\(UInt32.random(in: 0...UInt32.max))").path
        do {
            try write(data, to: temp, mode: mode)
            guard rename(temp, path) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            unlink(temp)
            throw error
        }
    }
}
