import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A few lines of HTTP/1.1 over a Unix socket, written by hand so the tests can send what a
/// well-behaved client never would (broken JSON, unknown fields, huge bodies) and read the
/// event stream byte by byte.
final class RawHTTP {
    let fd: Int32

    init(socket path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw NSError(domain: "RawHTTP", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "connect \(path): \(String(cString: strerror(errno)))"])
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // A server that refuses a body early stops reading it: give up sending, then read.
        var sendTimeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) { send(Data(text.utf8)) }

    func send(_ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // MSG_NOSIGNAL: a server that refuses a body early closes the socket, and a
                // plain write would kill the test process with SIGPIPE.
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }

    /// Reads until `done` holds for what has arrived, the peer closes, or 10 s pass.
    func read(until done: (String) -> Bool) -> String {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !done(String(decoding: received, as: UTF8.self)) {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: received, as: UTF8.self)
    }

    struct Reply { var status: Int; var body: String }

    /// A whole response has arrived: the head, then Content-Length bytes or the last chunk.
    static func complete(_ text: String) -> Bool {
        guard let split = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<split.lowerBound].lowercased()
        let body = text[split.upperBound...]
        if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
           let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) {
            return body.utf8.count >= length
        }
        if head.contains("transfer-encoding: chunked") { return body.hasSuffix("0\r\n\r\n") }
        return false
    }

    /// One request on a fresh connection; `Connection: close` so the reply ends the stream.
    static func request(_ socket: String, _ method: String, _ path: String, body: Data = Data(),
                        headers: [String: String] = [:]) throws -> Reply {
        let http = try RawHTTP(socket: socket)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: paydesk\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        if !body.isEmpty { head += "Content-Type: application/json\r\n" }
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        http.send(head + "\r\n")
        http.send(body)
        let text = http.read(until: complete)
        let status = Int(text.split(separator: " ").dropFirst().first ?? "0") ?? 0
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return Reply(status: status, body: body)
    }
}
