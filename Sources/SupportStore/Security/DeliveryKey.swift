import Crypto
import Foundation
import SupportCore

/// The two secrets that keep one-time codes out of the database in any usable form, in a
/// file of their own beside it (`<db>.delivery-key`, or `$PAYDESK_DELIVERY_KEY`), owner-only
/// like the audit key:
/// - an X25519 private key: a code's message is sealed to its public key (HPKE) when the
///   code is queued, and only a holder of this file — delivery — can open it;
/// - a pepper: the code's verification hash is an HMAC-SHA256 under it, so the stored hash
///   of a six-digit code cannot be brute-forced from a copy of the database alone.
struct DeliveryKey {
    let privateKey: Curve25519.KeyAgreement.PrivateKey
    let pepper: SymmetricKey

    static var suite: HPKE.Ciphersuite { .Curve25519_SHA256_ChachaPoly }
    static let info = Data("paydesk outbox code v1".utf8)
    /// X25519's encapsulated key is 32 bytes; a sealed body is that, then the ciphertext.
    static let encapsulatedCount = 32

    /// `$PAYDESK_DELIVERY_KEY` when set, else `<db>.delivery-key`.
    static func path(database: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        environment["PAYDESK_DELIVERY_KEY"].flatMap { $0.isEmpty ? nil : $0 } ?? database + ".delivery-key"
    }

    /// Names the key pair and pepper without revealing either.
    var id: String {
        var material = Data("paydesk delivery key id\n".utf8)
        material.append(privateKey.publicKey.rawRepresentation)
        pepper.withUnsafeBytes { material.append(contentsOf: $0) }
        return String(Hex.string(SHA256.hash(data: material)).prefix(16))
    }

    /// Seals `text` to the delivery public key; `context` (channel and destination) is
    /// authenticated too, so a sealed body moved onto another message does not open.
    func seal(_ text: String, context: String) throws -> Data {
        var sender = try HPKE.Sender(recipientKey: privateKey.publicKey, ciphersuite: Self.suite, info: Self.info)
        let sealed = try sender.seal(Data(text.utf8), authenticating: Data(context.utf8))
        return sender.encapsulatedKey + sealed
    }

    func open(_ box: Data, context: String) throws -> String {
        guard box.count > Self.encapsulatedCount else { throw StoreError(.other, "A sealed message is too short to open.") }
        let enc = Data(box.prefix(Self.encapsulatedCount))
        var recipient = try HPKE.Recipient(privateKey: privateKey, ciphersuite: Self.suite, info: Self.info, encapsulatedKey: enc)
        let plain = try recipient.open(Data(box.dropFirst(Self.encapsulatedCount)), authenticating: Data(context.utf8))
        return String(decoding: plain, as: UTF8.self)
    }

    /// The keyed verification hash: HMAC-SHA256 under the pepper, hex.
    func codeHash(code: String, salt: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data("paydesk-otp-v2:\(salt):\(code)".utf8), using: pepper))
    }

    /// The key file at `path`, or nil when there is none. Anything but a regular file,
    /// or one other users can read, is refused rather than trusted.
    static func load(_ path: String) throws -> DeliveryKey? {
        let fd = Foundation.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw StoreError(.other, "Cannot read the delivery key \(path): \(String(cString: strerror(errno))).")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.other, "The delivery key \(path) is not a regular file; it was not used.")
        }
        guard info.st_mode & 0o007 == 0 else {
            throw StoreError(.other, "The delivery key \(path) is readable by other users; make it owner-only (chmod 600) and treat the codes sent meanwhile as exposed.")
        }
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = read(fd, &buffer, buffer.count)
        var fields: [String: Data] = [:]
        for line in String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let bytes = Hex.data(String(parts[1])), bytes.count == 32 { fields[String(parts[0])] = bytes }
        }
        guard let secret = fields["x25519"], let pepper = fields["pepper"],
              let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: secret) else {
            throw StoreError(.other, "The delivery key \(path) is damaged (expected an x25519 line and a pepper line of 64 hex digits each).")
        }
        return DeliveryKey(privateKey: key, pepper: SymmetricKey(data: pepper))
    }

    /// Makes a new key file, or returns the one another process made first: written to a
    /// private temporary file and linked into place, so nobody reads half a key.
    static func create(_ path: String) throws -> DeliveryKey {
        let key = Curve25519.KeyAgreement.PrivateKey()
        let pepper = SymmetricKey(size: .bits256)
        let text = "x25519 \(Hex.string(key.rawRepresentation))\npepper \(pepper.withUnsafeBytes { Hex.string($0) })\n"
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try PrivateFile.write(Data(text.utf8), to: temp, mode: FileModes.process.file)
        } catch {
            throw StoreError(.other, "Cannot create the delivery key \(path): \(error).")
        }
        defer { unlink(temp) }
        if link(temp, path) != 0 && errno != EEXIST {
            throw StoreError(.other, "Cannot create the delivery key \(path): \(String(cString: strerror(errno))).")
        }
        guard let made = try load(path) else { throw StoreError(.other, "The delivery key \(path) vanished while it was made.") }
        return made
    }
}
