import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One PostgreSQL connection spoken to directly by the thread that uses it: it writes the
/// wire protocol on a blocking socket and reads the answer itself, so a read costs the
/// server's time and two system calls, with no event loop to hop to and back from (see
/// BENCHMARKS.md, "What a blocking client would give"). Not thread-safe: one thread at a
/// time, as the pool hands it out. Reads only; writes, LISTEN and TLS stay on postgres-nio.
final class WireConnection {
    private let fd: Int32
    private var inbox: [UInt8] = []
    private var at = 0
    private var scratch = [UInt8](repeating: 0, count: 65_536)
    /// Broken by a failure that left the stream in an unknown state: not to be reused.
    private(set) var isBroken = false
    /// Statements the answer of which has not been read yet (a read's COMMIT, sent without
    /// waiting): each ends with a ReadyForQuery, read before the next answer.
    private var pendingSyncs = 0

    /// Connects and logs in: trust, a clear-text or MD5 password, or SCRAM-SHA-256.
    init(_ location: PostgresLocation) throws {
        fd = try Self.connect(location.endpoint)
        // From here a failure closes the socket in `deinit`, which runs as the half-made
        // connection is released. Closing it in a `catch` as well once closed whatever the
        // process had opened in between under the same number: another connection, an
        // event loop's descriptor (which then failed with "Bad file descriptor", or waited
        // for ever).
        var startup = WireWriter()
        // The store's session settings, as postgres-nio's connections start with them
        // (no JIT; each read planned for its values: `PostgresLocation.sessionSettings`).
        startup.startup([("user", location.user), ("database", location.database),
                         ("client_encoding", "UTF8"), ("application_name", "paydesk")] + PostgresLocation.sessionSettings)
        try send(startup.bytes)
        try WireLogin(user: location.user, password: location.password).run(on: self)
        try readUntilReady()
    }

    deinit { Glibc.close(fd) }

    /// Says goodbye (Terminate) and closes the socket.
    func close() {
        var goodbye = WireWriter()
        goodbye.message("X") { _ in }
        try? send(goodbye.bytes)
        isBroken = true
    }

    // MARK: the socket

    private static func connect(_ endpoint: PostgresLocation.Endpoint) throws -> Int32 {
        switch endpoint {
        case .socket(let folder, let port):
            let path = "\(folder)/.s.PGSQL.\(port)"
            var address = try unixAddress(path)
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw WireError.connection(String(cString: strerror(errno))) }
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard status == 0 else {
                let reason = String(cString: strerror(errno))
                Glibc.close(fd)
                throw WireError.connection("\(path): \(reason)")
            }
            return fd
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var found: UnsafeMutablePointer<addrinfo>?
            let lookup = getaddrinfo(host, String(port), &hints, &found)
            guard lookup == 0, let first = found else {
                throw WireError.connection("\(host): \(String(cString: gai_strerror(lookup)))")
            }
            defer { freeaddrinfo(found) }
            var next: UnsafeMutablePointer<addrinfo>? = first
            var reason = "no address"
            while let info = next {
                let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
                if fd >= 0 {
                    if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                        var on: Int32 = 1
                        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                        return fd
                    }
                    reason = String(cString: strerror(errno))
                    Glibc.close(fd)
                }
                next = info.pointee.ai_next
            }
            throw WireError.connection("\(host):\(port): \(reason)")
        }
    }

    /// A Unix socket's address, for `connect` (and the tests' scripted servers, for `bind`).
    static func unixAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw WireError.connection("the socket path \(path) is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        return address
    }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        try bytes.withUnsafeBytes { raw in
            while sent < raw.count {
                // MSG_NOSIGNAL: a connection the server closed fails the write (EPIPE)
                // instead of ending the process with SIGPIPE.
                let n = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    isBroken = true
                    throw WireError.connection(String(cString: strerror(errno)))
                }
                sent += n
            }
        }
    }

    /// Reads what the server has sent so far onto the end of the inbox. Messages already
    /// read are dropped first once they are all read, or once they are many.
    private func fill() throws {
        if at == inbox.count {
            inbox.removeAll(keepingCapacity: true)
            at = 0
        } else if at > 65_536 {
            inbox.removeFirst(at)
            at = 0
        }
        var got: Int
        repeat {
            got = scratch.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
        } while got < 0 && errno == EINTR
        guard got > 0 else {
            isBroken = true
            throw WireError.connection(got == 0 ? "the server closed the connection" : String(cString: strerror(errno)))
        }
        inbox.append(contentsOf: scratch[0..<got])
    }

    /// The next backend message: its type and payload (valid until the next call).
    func next() throws -> (type: UInt8, payload: ArraySlice<UInt8>) {
        while inbox.count - at < 5 { try fill() }
        var header = WireReader(inbox[(at + 1)..<(at + 5)])
        let length = Int(try header.int32())
        guard length >= 4 else {
            isBroken = true
            throw WireError.protocolViolation("a message's length was \(length)")
        }
        while inbox.count - at < length + 1 { try fill() }
        let type = inbox[at]
        let payload = inbox[(at + 5)..<(at + 1 + length)]
        at += 1 + length
        return (type, payload)
    }

    /// Reads up to the ReadyForQuery that ends an exchange, failing with the first error
    /// the server sent in it (notices and parameter changes are passed over).
    func readUntilReady() throws {
        var failure: WireError?
        while true {
            let (type, payload) = try next()
            switch type {
            case UInt8(ascii: "Z"): if let failure { throw failure } else { return }
            case UInt8(ascii: "E"): failure = failure ?? WireError.server(from: payload)
            default: continue
            }
        }
    }

    /// Reads the answers of statements sent without waiting (a read's COMMIT).
    func settle() throws {
        while pendingSyncs > 0 {
            pendingSyncs -= 1
            try readUntilReady()
        }
    }

    /// Sends `statement` (simple protocol) without waiting for its answer: the next use
    /// of the connection reads it first.
    func sendWithoutWaiting(_ statement: String) throws {
        var writer = WireWriter()
        writer.message("Q") { $0.cstring(statement) }
        try sendCounted(writer.bytes)
    }

    /// Sends messages that end with a Sync or a simple query, their answer read later.
    func sendCounted(_ bytes: [UInt8]) throws {
        try send(bytes)
        pendingSyncs += 1
    }
}
