import Crypto
import Foundation

/// How paydesk and a channel's gateway prove a request came from the other: both hold one
/// secret per channel, and every request carries `X-Paydesk-Timestamp: <unix seconds>`
/// and `X-Paydesk-Signature: sha256=<hex>`, the HMAC-SHA256 of `<timestamp>.<body>`. The
/// timestamp is signed so that an old request replayed later is refused by its age.
public enum GatewaySignature {
    public static let timestampHeader = "X-Paydesk-Timestamp"
    public static let signatureHeader = "X-Paydesk-Signature"
    /// How far a request's timestamp may be from our clock, either way.
    public static let tolerance: TimeInterval = 300

    public static func sign(body: Data, timestamp: Int64, secret: Data) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let code = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: secret))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    public enum Verdict: Equatable { case valid, badSignature, stale }

    /// Checks the signature first (an unsigned caller learns nothing about our clock),
    /// then the age. The comparison is constant-time.
    public static func verify(body: Data, timestamp: String?, signature: String?, secret: Data, now: Date,
                              tolerance: TimeInterval = tolerance) -> Verdict {
        guard let timestamp, let seconds = Int64(timestamp), let signature, signature.hasPrefix("sha256="),
              let given = Data(hex: String(signature.dropFirst(7))) else { return .badSignature }
        var signed = Data("\(seconds).".utf8)
        signed.append(body)
        guard HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: signed, using: SymmetricKey(data: secret)) else {
            return .badSignature
        }
        return abs(now.timeIntervalSince1970 - Double(seconds)) <= tolerance ? .valid : .stale
    }

    /// A secret file: its contents, surrounding whitespace trimmed. Refused when others may
    /// read it, as ssh refuses a private key: a shared secret anyone can read proves nothing.
    public static func readSecret(_ path: String) throws -> Data {
        var info = stat()
        guard stat(path, &info) == 0, let text = FileManager.default.contents(atPath: path) else {
            throw SecretFileError(message: "Cannot read the secret file \(path).")
        }
        guard info.st_mode & 0o004 == 0 else {
            throw SecretFileError(message: "\(path) is readable by every user; make it readable only by the service account (chmod 600).")
        }
        let secret = Data(String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard secret.count >= 16 else { throw SecretFileError(message: "\(path) holds fewer than 16 bytes; use a longer secret.") }
        return secret
    }

    public struct SecretFileError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

extension Data {
    init?(hex: String) {
        guard hex.count % 2 == 0 else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
