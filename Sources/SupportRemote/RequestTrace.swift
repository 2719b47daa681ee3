import Foundation
import Synchronization

/// `PAYDESK_TRACE=FILE`: each request a client sends to the service, appended to FILE as
/// one line when its answer is in — the time since the trace began, the operation, the
/// round trip in milliseconds and the bytes each way; and each change the event stream
/// brings. For an operator asking why a key
/// feels slow: the line says which requests a key made and what each cost, without a
/// profiler. The file is opened once, owner-only; no field of a request or answer is
/// written, so a trace holds no customer data.
final class RequestTrace: Sendable {
    static let shared: RequestTrace? = {
        guard let path = ProcessInfo.processInfo.environment["PAYDESK_TRACE"], !path.isEmpty else { return nil }
        return RequestTrace(path: path)
    }()

    private let handle: Mutex<FileHandle?>
    private let origin = DispatchTime.now().uptimeNanoseconds

    init?(path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        handle = Mutex(FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    func record(_ operation: String, started: UInt64, sent: Int, received: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        let at = String(format: "%.3f", Double(now - origin) / 1e9)
        let took = String(format: "%.3f", Double(now - started) / 1e6)
        let line = "\(at) \(operation) \(took) ms \(sent)→\(received) bytes\n"
        handle.withLock { $0?.write(Data(line.utf8)) }
    }

    /// A change heard on the event stream (its size): a request soon after it is the
    /// console re-reading what the change touched.
    func event(_ bytes: Int) {
        let at = String(format: "%.3f", Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9)
        handle.withLock { $0?.write(Data("\(at) event \(bytes) bytes\n".utf8)) }
    }
}
