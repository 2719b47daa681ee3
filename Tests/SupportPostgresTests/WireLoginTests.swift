import Foundation
import GRDB
@testable import SupportPostgres
import SupportStore
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The direct client's logins (`WireLogin`): against the test cluster with each password
/// method pg_hba.conf can ask for, right and wrong; and against a scripted server that
/// tries to let the client in without knowing the password (SCRAM's server proof skipped
/// or forged, its nonce not the client's, a cost meant to burn CPU).
@Suite struct WireLoginTests {
    static let password = "s3cret \"quoted\" café"

    /// A role of its own per method, its line put first in pg_hba.conf, the configuration
    /// reloaded; the login with the right password reaches a session as that role, a wrong
    /// one and none are refused with the login's error.
    @Test(arguments: ["scram-sha-256", "md5", "password"])
    func aPasswordLoginTheServerAsksFor(method: String) async throws {
        let demo = try await MigratedDemo.make()
        defer { demo.source.remove() }
        let cluster = try PostgresCluster.start()
        let admin = try await PostgresEngine.open(demo.location, auditKeyPath: demo.keyPath, maximumConnections: 1,
                                                  clock: { EngineParityTests.now })
        let role = "wire_login_\(method.prefix(3).replacingOccurrences(of: "-", with: ""))_\(UInt32.random(in: 0...UInt32.max))"
        let outcome = Result { () throws -> Void in
            _ = try admin.writing { session in
                try session.setLocal("password_encryption = '\(method == "md5" ? "md5" : "scram-sha-256")'")
                return try session.run("CREATE ROLE \(role) LOGIN PASSWORD '\(Self.password.replacingOccurrences(of: "'", with: "''"))'", [])
            }
            try Self.putFirstInHBA("local all \(role) \(method)", cluster: cluster)
            _ = try admin.writing { try $0.fetchRows("SELECT pg_reload_conf()", []) }
            var location = demo.location
            location.user = role
            location.password = nil
            // The reload is read by the postmaster a moment later: until then the role
            // gets in on the cluster's trust line.
            let deadline = Date().addingTimeInterval(60)
            var refusal: WireError?
            while refusal == nil && Date() < deadline {
                do { _ = try WireConnection(location).close() } catch let error as WireError { refusal = error }
            }
            #expect(refusal == .authentication("the server asks for a password and the address gives none"))

            location.password = Self.password
            let connection = try WireConnection(location)
            let statement = try connection.prepare("SELECT current_user::text", as: "")
            var who: [DatabaseValue] = []
            try connection.execute(statement, parameters: []) { who.append($0[0]) }
            #expect(who == [role.databaseValue])
            connection.close()

            location.password = Self.password + "x"
            #expect {
                try WireConnection(location)
            } throws: { error in
                guard case .server(let code, let message, _) = error as? WireError else { return false }
                return code == "28P01" && message.contains("password authentication failed")
            }
        }
        _ = try? admin.writing { try $0.run("DROP ROLE IF EXISTS \(role)", []) }
        await admin.close()
        try outcome.get()
    }

    /// Puts `line` before the others of the cluster's pg_hba.conf (the first line that
    /// matches a login decides it; this one names one role, so other tests are not touched).
    static func putFirstInHBA(_ line: String, cluster: PostgresCluster) throws {
        let path = cluster.dataFolder + "/pg_hba.conf"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Written in place: the file keeps its owner (the cluster's user under root).
        try (line + "\n" + text).write(toFile: path, atomically: false, encoding: .utf8)
    }

    // MARK: a server that does not know the password

    enum Attack: CaseIterable, Sendable {
        case skipsTheProof, forgesTheProof, ignoresTheClientNonce, asksForEndlessHashing
    }

    @Test(arguments: Attack.allCases)
    func aServerThatCannotProveItKnowsThePasswordIsRefused(attack: Attack) throws {
        let server = try ScriptedServer { side in
            try side.readStartup()
            side.send("R", int32: 10, then: Array("SCRAM-SHA-256".utf8) + [0, 0])
            let first = try side.read()
            #expect(first.type == UInt8(ascii: "p"))
            let text = String(decoding: first.payload, as: UTF8.self)
            let clientNonce = text.components(separatedBy: "r=").last.map { String($0.prefix { $0 != "\0" && $0 != "," }) } ?? ""
            let nonce = attack == .ignoresTheClientNonce ? "someoneelsesnonce" : clientNonce + "server"
            let iterations = attack == .asksForEndlessHashing ? 2_000_000_000 : 4096
            let salt = Data("salt".utf8).base64EncodedString()
            side.send("R", int32: 11, then: Array("r=\(nonce),s=\(salt),i=\(iterations)".utf8))
            guard attack == .skipsTheProof || attack == .forgesTheProof else { return }
            let final = try side.read()
            #expect(final.type == UInt8(ascii: "p"))
            if attack == .forgesTheProof {
                side.send("R", int32: 12, then: Array("v=\(Data(repeating: 7, count: 32).base64EncodedString())".utf8))
            }
            side.send("R", int32: 0, then: [])
            side.send("Z", bytes: [UInt8(ascii: "I")])
        }
        var location = server.location
        location.password = Self.password
        let started = Date()
        #expect {
            try WireConnection(location)
        } throws: { error in
            guard case .authentication = error as? WireError else { return false }
            return true
        }
        server.finish()
        // The endless hashing is refused before it starts, not after two billion rounds.
        #expect(Date().timeIntervalSince(started) < 60)
    }
}

/// A PostgreSQL server on a Unix socket that plays `script` against each of `connections`
/// clients in turn, on a thread of its own.
final class ScriptedServer: @unchecked Sendable {
    let folder: String
    let location: PostgresLocation
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)

    struct Side {
        let fd: Int32

        func readExactly(_ count: Int) throws -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var got = 0
            while got < count {
                let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + got, count - got) }
                guard n > 0 else { throw WireError.connection("the client went away") }
                got += n
            }
            return bytes
        }

        func length(_ bytes: [UInt8]) -> Int { bytes.reduce(0) { $0 << 8 | Int($1) } }

        func readStartup() throws { _ = try readExactly(length(try readExactly(4)) - 4) }

        func read() throws -> (type: UInt8, payload: [UInt8]) {
            let type = try readExactly(1)[0]
            return (type, try readExactly(length(try readExactly(4)) - 4))
        }

        func send(_ type: Character, bytes: [UInt8]) {
            var writer = WireWriter()
            writer.message(type) { $0.raw(bytes) }
            _ = writer.bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        func send(_ type: Character, int32 value: Int32, then bytes: [UInt8]) {
            send(type, bytes: withUnsafeBytes(of: value.bigEndian) { Array($0) } + bytes)
        }

        /// An ErrorResponse: severity, code and message.
        func refuse(code: String, message: String) {
            var fields: [UInt8] = []
            for (type, value) in [("S", "FATAL"), ("C", code), ("M", message)] { fields += Array(type.utf8) + Array(value.utf8) + [0] }
            send("E", bytes: fields + [0])
        }
    }

    init(connections: Int = 1, _ script: @escaping @Sendable (Side) throws -> Void) throws {
        var template = Array("/tmp/pd-wire-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw WireError.connection("no temporary folder") }
        folder = String(cString: made)
        let port = 5999
        location = PostgresLocation(endpoint: .socket(folder: folder, port: port), user: "someone", database: "nothing")
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = try WireConnection.unixAddress("\(folder)/.s.PGSQL.\(port)")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw WireError.connection("cannot listen on \(folder)") }
        let listening = listener
        let done = done
        Thread.detachNewThread {
            for _ in 0..<connections {
                let fd = accept(listening, nil, nil)
                guard fd >= 0 else { break }
                try? script(Side(fd: fd))
                // Held open until the client has closed its end, so it reads every message.
                var byte: UInt8 = 0
                while Glibc.read(fd, &byte, 1) > 0 {}
                Glibc.close(fd)
            }
            done.signal()
        }
    }

    /// Waits for the script to end (the last client closed its end), then removes the socket.
    func finish() {
        done.wait()
        Glibc.close(listener)
        try? FileManager.default.removeItem(atPath: folder)
    }
}
