import Foundation
import Logging

/// Standard error, or a file that SIGHUP reopens (for logrotate). Lines carry operation
/// names, logins and codes only: never customer text or one-time codes.
final class LogDestination: @unchecked Sendable {
    private let path: String?
    private var handle: FileHandle
    private let lock = NSLock()

    init(path: String?) throws {
        self.path = path
        handle = try Self.open(path)
    }

    static func open(_ path: String?) throws -> FileHandle {
        guard let path else { return FileHandle.standardError }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CommandFailure.other("Cannot write the log file \(path)")
        }
        handle.seekToEndOfFile()
        return handle
    }

    func reopen() {
        guard path != nil, let fresh = try? Self.open(path) else { return }
        lock.lock(); defer { lock.unlock() }
        try? handle.close()
        handle = fresh
    }

    func write(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        handle.write(Data(line.utf8))
    }
}

struct ReopenableLogHandler: LogHandler {
    let label: String
    let destination: LogDestination
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, destination: LogDestination) {
        self.label = label
        self.destination = destination
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level, message = event.message
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withInternetDateTime])
        destination.write("\(stamp) \(level) \(label): \(message)\(fields.isEmpty ? "" : " " + fields)\n")
    }
}
