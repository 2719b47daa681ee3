import Crypto
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The gateways' side of `paydesk-dev bench-channels`: signed customer messages posted to
/// the service's webhook listener over keep-alive HTTP/1.1 connections, several at once,
/// as a provider's delivery workers do. Signed here from the documented rule (HMAC-SHA256
/// of `<timestamp>.<body>`, docs/openapi.json), not with the service's own code, so a
/// change on either side that breaks gateways shows as refusals.
enum WebhookFiring {
    struct Post: Sendable {
        var path: String
        var body: Data
        var secret: Data
    }

    struct Answer: Sendable {
        var status: Int
        var body: Data
        /// From the first byte written to the last byte of the answer read.
        var nanoseconds: UInt64
    }

    static func signature(_ body: Data, timestamp: Int64, secret: Data) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: secret))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// Sends every post, `connections` at a time (each connection takes the next post not
    /// yet taken), and answers them in the posts' order; a post whose connection failed has
    /// status 0. Also the wall time from the first post to the last answer.
    static func fire(_ posts: [Post], port: Int, connections: Int) -> (answers: [Answer], nanoseconds: UInt64) {
        let next = Atomic<Int>(0)
        let results = Mutex([Answer?](repeating: nil, count: posts.count))
        let done = DispatchGroup()
        let started = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<max(1, connections) {
            done.enter()
            Thread.detachNewThread {
                defer { done.leave() }
                var fd: Int32?
                while true {
                    let i = next.add(1, ordering: .relaxed).oldValue
                    guard i < posts.count else { break }
                    if fd == nil { fd = connectLoopback(port) }
                    var answer = fd.flatMap { send(posts[i], on: $0) }
                    if answer == nil {
                        // The service closed the connection between requests: one fresh try.
                        if let old = fd { close(old) }
                        fd = connectLoopback(port)
                        answer = fd.flatMap { send(posts[i], on: $0) }
                    }
                    let result = answer ?? Answer(status: 0, body: Data(), nanoseconds: 0)
                    results.withLock { $0[i] = result }
                }
                if let fd { close(fd) }
            }
        }
        done.wait()
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        return (results.withLock { $0.map { $0 ?? Answer(status: 0, body: Data(), nanoseconds: 0) } }, elapsed)
    }

    static func connectLoopback(_ port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// One request on a kept-alive connection and its answer; nil when the connection failed.
    static func send(_ post: Post, on fd: Int32) -> Answer? {
        let timestamp = Int64(Date().timeIntervalSince1970)
        var request = Data(("POST \(post.path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(post.body.count)\r\nX-Paydesk-Timestamp: \(timestamp)\r\n"
            + "X-Paydesk-Signature: \(signature(post.body, timestamp: timestamp, secret: post.secret))\r\n\r\n").utf8)
        request.append(post.body)
        let started = DispatchTime.now().uptimeNanoseconds
        let sent = request.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        guard sent, let (status, body) = readAnswer(fd) else { return nil }
        return Answer(status: status, body: body, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
    }

    /// Status and body of one HTTP/1.1 answer framed by Content-Length.
    static func readAnswer(_ fd: Int32) -> (Int, Data)? {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 8_192)
        var headerEnd: Int?
        var length = 0
        while true {
            if headerEnd == nil, let end = find([13, 10, 13, 10], in: buffer) {
                headerEnd = end + 4
                let head = String(decoding: buffer[0..<end], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let start = headerEnd, buffer.count >= start + length {
                let head = String(decoding: buffer[0..<start], as: UTF8.self)
                let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                return (status, Data(buffer[start..<(start + length)]))
            }
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}
