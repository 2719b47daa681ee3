import Foundation
import SupportCore

/// The temporary file an export is written into, in the destination's own directory.
///
/// rename(2) within one directory is atomic, so the destination only ever holds either
/// its previous content or a complete export — never half of one, even if the process
/// dies mid-way. mkstemp creates the file owner-only (0600): exports carry customer
/// data, and the mode travels with the file through the rename.
final class StagedOutputFile {
    let destination: URL
    let temporaryPath: String
    /// Open for writing until `closeDescriptor`, `commit` or `discard`; -1 afterwards.
    private(set) var descriptor: Int32
    private var isSettled = false

    init(destination: URL, modes: FileModes) throws(ExportError) {
        self.destination = destination
        try Self.requireReplaceable(destination.path)
        let directory = destination.deletingLastPathComponent().path
        // A process killed mid-export (kill -9, a crash) leaves its hidden file behind;
        // the next export to the same name removes those whose writer is gone.
        Self.removeAbandoned(in: directory, name: destination.lastPathComponent)
        // A leading dot keeps the half-written file out of file pickers; the pid says
        // whose it is, so only a dead writer's file is ever cleaned up.
        (descriptor, temporaryPath) = try Self.createUniqueFile(
            in: directory, template: "\(Self.stagingPrefix(for: destination.lastPathComponent))\(getpid()).XXXXXX", modes: modes)
    }

    /// Only a regular file (or nothing) may be replaced: renaming over a device node, a
    /// socket, a folder or a symbolic link someone planted would be a surprise at best —
    /// and as root, damage.
    static func requireReplaceable(_ path: String) throws(ExportError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .cannotPublish(destination: path, reason: "it exists and is not a regular file, so it was left alone")
        }
    }

    static func stagingPrefix(for name: String) -> String { ".\(name).paydesk-" }

    /// Removes `.NAME.paydesk-PID.XXXXXX` files in `directory` that are regular files of
    /// this user and whose process no longer exists. Nothing else is touched.
    static func removeAbandoned(in directory: String, name: String) {
        let prefix = stagingPrefix(for: name)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count).split(separator: ".", maxSplits: 1)
            guard rest.count == 2, rest[1].count == 6, let pid = Int32(rest[0]), pid > 0 else { continue }
            guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
            let path = directory + "/" + entry
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid() else { continue }
            unlink(path)
        }
    }

    deinit {
        // An exporter dropped without finish or cancel must not leave its file behind.
        if !isSettled { discard() }
    }

    /// For libraries that insist on opening the file by name themselves; they
    /// truncate it, which keeps its 0600 mode.
    func closeDescriptor() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    /// Makes the finished file durable, then moves it over the destination.
    func commit() throws(ExportError) {
        precondition(!isSettled, "a staged file is committed or discarded once")
        if descriptor < 0 { descriptor = open(temporaryPath, O_RDONLY | O_CLOEXEC) }
        let synced = descriptor >= 0 && fsync(descriptor) == 0
        let syncError = currentErrnoText()
        closeDescriptor()
        guard synced else {
            discard()
            throw .writeFailed(path: temporaryPath, reason: syncError)
        }
        do {
            try Self.requireReplaceable(destination.path)
        } catch {
            discard()
            throw error
        }
        guard rename(temporaryPath, destination.path) == 0 else {
            let reason = currentErrnoText()
            discard()
            throw .cannotPublish(destination: destination.path, reason: reason)
        }
        isSettled = true
        syncDirectory()
    }

    /// Removes the temporary file; the destination is left as it was.
    func discard() {
        guard !isSettled else { return }
        closeDescriptor()
        unlink(temporaryPath)
        isSettled = true
    }

    /// Without this a crash right after the rename could lose the new directory entry.
    private func syncDirectory() {
        let directory = open(destination.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard directory >= 0 else { return }
        fsync(directory)
        close(directory)
    }

    /// Creates a new owner-only file in `directory` from a name ending in `XXXXXX`.
    static func createUniqueFile(in directory: String,
                                 template: String, modes: FileModes) throws(ExportError) -> (descriptor: Int32, path: String) {
        var bytes = Array("\(directory)/\(template)".utf8CString)
        let descriptor = bytes.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw .cannotCreateFile(directory: directory, reason: currentErrnoText())
        }
        // A team sharing its database through a group shares its exports the same way.
        if modes.groupShared { fchmod(descriptor, mode_t(modes.file)) }
        // Child processes (the console may spawn a pager) must not inherit it.
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return (descriptor, bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }
}
