import Crypto
import Foundation

/// The login exchange after the startup message: whatever the server's pg_hba.conf asks
/// for among trust, a clear-text password, MD5 and SCRAM-SHA-256 (RFC 5802 and 7677,
/// without channel binding). Ends at AuthenticationOk; the server's ReadyForQuery after
/// it is the caller's to read.
struct WireLogin {
    let user: String
    let password: String?

    func run(on connection: WireConnection) throws {
        var scram: ScramClient?
        while true {
            let (type, payload) = try connection.next()
            if type == UInt8(ascii: "E") { throw WireError.server(from: payload) }
            guard type == UInt8(ascii: "R") else { throw WireError.protocolViolation("expected an authentication request") }
            var reader = WireReader(payload)
            switch try reader.int32() {
            case 0:
                // A server that began SCRAM must prove it knows the password before it
                // lets the client in: one that skips its final message may not.
                if let scram, !scram.verified {
                    throw WireError.authentication("the server ended the SCRAM exchange without proving it knows the password")
                }
                return
            case 3:
                try connection.send(passwordMessage(Array(try needPassword().utf8)))
            case 5:
                let salt = try reader.take(4)
                try connection.send(passwordMessage(Array(md5Password(salt: salt).utf8)))
            case 10:
                var mechanisms: [String] = []
                while reader.remaining > 1 { mechanisms.append(try reader.cstring()) }
                guard mechanisms.contains("SCRAM-SHA-256") else {
                    throw WireError.authentication("the server offers \(mechanisms.joined(separator: ", ")), not SCRAM-SHA-256")
                }
                let client = ScramClient(password: try needPassword())
                scram = client
                let first = Array(client.firstMessage.utf8)
                var writer = WireWriter()
                writer.message("p") {
                    $0.cstring("SCRAM-SHA-256")
                    $0.int32(Int32(first.count))
                    $0.raw(first)
                }
                try connection.send(writer.bytes)
            case 11:
                guard let client = scram else { throw WireError.protocolViolation("a SCRAM answer came unasked") }
                let final = Array(try client.finalMessage(serverFirst: String(decoding: reader.rest, as: UTF8.self)).utf8)
                var writer = WireWriter()
                writer.message("p") { $0.raw(final) }
                try connection.send(writer.bytes)
            case 12:
                guard let client = scram else { throw WireError.protocolViolation("a SCRAM answer came unasked") }
                try client.verify(serverFinal: String(decoding: reader.rest, as: UTF8.self))
            case let other:
                throw WireError.authentication("the server asks for a method paydesk does not speak (\(other)); use scram-sha-256, md5, password or trust in pg_hba.conf")
            }
        }
    }

    private func needPassword() throws -> String {
        guard let password else { throw WireError.authentication("the server asks for a password and the address gives none") }
        return password
    }

    private func passwordMessage(_ text: [UInt8]) -> [UInt8] {
        var writer = WireWriter()
        writer.message("p") { $0.raw(text); $0.raw([0]) }
        return writer.bytes
    }

    /// "md5" + md5(md5(password + user) + salt), in hex.
    private func md5Password(salt: ArraySlice<UInt8>) throws -> String {
        let inner = Insecure.MD5.hash(data: Array((try needPassword() + user).utf8)).hex
        return "md5" + Insecure.MD5.hash(data: Array(inner.utf8) + Array(salt)).hex
    }
}

/// SCRAM-SHA-256's client side.
final class ScramClient {
    let password: String
    let nonce: String
    private var expectedServerSignature: [UInt8] = []
    /// The server's signature was checked and held.
    private(set) var verified = false
    /// PostgreSQL's default is 4,096; a server asking for more than this makes the client
    /// burn CPU for nothing.
    static let maximumIterations = 1_000_000

    init(password: String, nonce: String = ScramClient.makeNonce()) {
        self.password = password
        self.nonce = nonce
    }

    /// PostgreSQL takes the user from the startup message, so the SCRAM user is empty.
    var firstMessageBare: String { "n=,r=\(nonce)" }
    var firstMessage: String { "n,," + firstMessageBare }

    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<18).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    /// The client's final message for the server's first: the proof of the password.
    func finalMessage(serverFirst: String) throws -> String {
        var fields: [Character: String] = [:]
        for part in serverFirst.split(separator: ",") where part.count >= 2 && part.dropFirst().first == "=" {
            fields[part.first!] = String(part.dropFirst(2))
        }
        guard let serverNonce = fields["r"], serverNonce.hasPrefix(nonce), serverNonce.count > nonce.count,
              let saltText = fields["s"], let salt = Data(base64Encoded: saltText),
              let iterationsText = fields["i"], let iterations = Int(iterationsText),
              (1...Self.maximumIterations).contains(iterations) else {
            throw WireError.authentication("the server's SCRAM challenge could not be read")
        }
        let salted = Self.hi(Array(password.utf8), salt: Array(salt), iterations: iterations)
        let clientKey = Self.hmac(salted, "Client Key")
        let storedKey = Array(SHA256.hash(data: clientKey))
        let withoutProof = "c=biws,r=\(serverNonce)"
        let authMessage = firstMessageBare + "," + serverFirst + "," + withoutProof
        let signature = Self.hmac(storedKey, authMessage)
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        expectedServerSignature = Self.hmac(Self.hmac(salted, "Server Key"), authMessage)
        return withoutProof + ",p=" + Data(proof).base64EncodedString()
    }

    /// Checks the server's signature: the server knew the password too.
    func verify(serverFinal: String) throws {
        guard serverFinal.hasPrefix("v="), let signature = Data(base64Encoded: String(serverFinal.dropFirst(2))),
              Array(signature) == expectedServerSignature, !expectedServerSignature.isEmpty else {
            throw WireError.authentication("the server could not prove it knows the password")
        }
        verified = true
    }

    static func hmac(_ key: [UInt8], _ message: String) -> [UInt8] { hmac(key, Array(message.utf8)) }

    static func hmac(_ key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// Hi(): PBKDF2 with HMAC-SHA-256, one block.
    static func hi(_ password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var u = Array(HMAC<SHA256>.authenticationCode(for: salt + [0, 0, 0, 1], using: key))
        var result = u
        for _ in 1..<iterations {
            u = Array(HMAC<SHA256>.authenticationCode(for: u, using: key))
            for i in 0..<result.count { result[i] ^= u[i] }
        }
        return result
    }
}

private extension Sequence where Element == UInt8 {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
