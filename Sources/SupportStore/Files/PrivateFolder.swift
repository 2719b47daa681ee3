import Foundation
import SupportCore

/// A folder only this user can enter, for scratch files (an editor's draft, a report
/// on its way to stdout). A shared /tmp lets another local user watch names appear
/// (inotify), race to open them, or plant a link where the file will go.
public enum PrivateFolder {
    /// `$XDG_RUNTIME_DIR/paydesk` (per-user, memory-backed, cleared at logout) when the
    /// session has one, else `~/.cache/paydesk/tmp`; created 0700 and checked to be ours.
    public static func scratch(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let base: String
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty, isOwnerOnlyFolder(runtime) {
            base = runtime + "/paydesk"
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.cache/paydesk/tmp"
        }
        try make(base)
        return base
    }

    /// Creates `path` (and its parents) owner-only, then insists it is a real folder of
    /// this user that nobody else can enter.
    static func make(_ path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            let old = umask(0o077)
            defer { umask(old) }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: nil)
            chmod(path, 0o700)
        }
        guard isOwnerOnlyFolder(path) else {
            throw PrivateFile.Failure(path: path, reason: "it is not a folder that only you can enter; it was not used")
        }
    }

    static func isOwnerOnlyFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && info.st_uid == geteuid()
            && info.st_mode & 0o077 == 0
    }

    /// A new, empty private file in the scratch folder, named `prefix-PID-RANDOM.ext`.
    public static func newFile(prefix: String, extension ext: String, contents: Data) throws -> String {
        let path = try scratch() + "/\(prefix)-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).\(ext)"
        try PrivateFile.write(contents, to: path, mode: 0o600)
        return path
    }
}
