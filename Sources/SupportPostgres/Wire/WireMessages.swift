import Foundation

/// The frontend's messages of PostgreSQL's wire protocol (version 3), written into one
/// buffer so that a read's BEGIN, Bind, Execute and Sync leave in one `write`.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// A typed message: its type byte, its length (itself included), then `body`.
    mutating func message(_ type: Character, _ body: (inout WireWriter) -> Void) {
        bytes.append(UInt8(ascii: type.unicodeScalars.first!))
        let lengthAt = bytes.count
        int32(0)
        body(&self)
        setLength(at: lengthAt)
    }

    /// The startup message: no type byte, the protocol's version and the parameters.
    mutating func startup(_ parameters: [(String, String)]) {
        let lengthAt = bytes.count
        int32(0)
        int32(196_608)
        for (name, value) in parameters { cstring(name); cstring(value) }
        bytes.append(0)
        setLength(at: lengthAt)
    }

    mutating func int32(_ value: Int32) {
        let v = UInt32(bitPattern: value)
        bytes.append(UInt8(v >> 24)); bytes.append(UInt8(truncatingIfNeeded: v >> 16))
        bytes.append(UInt8(truncatingIfNeeded: v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v))
    }

    mutating func int16(_ value: Int16) {
        let v = UInt16(bitPattern: value)
        bytes.append(UInt8(v >> 8)); bytes.append(UInt8(truncatingIfNeeded: v))
    }

    mutating func int64(_ value: Int64) {
        int32(Int32(truncatingIfNeeded: value >> 32))
        int32(Int32(truncatingIfNeeded: value))
    }

    mutating func cstring(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
    }

    mutating func raw(_ data: some Collection<UInt8>) { bytes.append(contentsOf: data) }

    private mutating func setLength(at index: Int) {
        let length = UInt32(bytes.count - index)
        bytes[index] = UInt8(length >> 24); bytes[index + 1] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[index + 2] = UInt8(truncatingIfNeeded: length >> 8); bytes[index + 3] = UInt8(truncatingIfNeeded: length)
    }
}

/// Reads a backend message's payload front to back. Reading past its end is a protocol
/// error, reported, never a crash.
struct WireReader {
    let bytes: ArraySlice<UInt8>
    private(set) var at: Int

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes; at = bytes.startIndex }

    var remaining: Int { bytes.endIndex - at }

    mutating func int32() throws -> Int32 {
        guard remaining >= 4 else { throw WireError.protocolViolation("a message ended inside a 32-bit integer") }
        defer { at += 4 }
        return Int32(bitPattern: UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3]))
    }

    mutating func int16() throws -> Int16 {
        guard remaining >= 2 else { throw WireError.protocolViolation("a message ended inside a 16-bit integer") }
        defer { at += 2 }
        return Int16(bitPattern: UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]))
    }

    mutating func byte() throws -> UInt8 {
        guard remaining >= 1 else { throw WireError.protocolViolation("a message ended early") }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func cstring() throws -> String {
        guard let end = bytes[at...].firstIndex(of: 0) else { throw WireError.protocolViolation("a string was not terminated") }
        defer { at = end + 1 }
        return String(decoding: bytes[at..<end], as: UTF8.self)
    }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw WireError.protocolViolation("a value ran past its message") }
        defer { at += count }
        return bytes[at..<(at + count)]
    }

    var rest: ArraySlice<UInt8> { bytes[at...] }
}

/// What went wrong on the wire: the server's own error (its SQLSTATE and message), or a
/// connection that broke or spoke out of turn (the connection is not reused after those).
enum WireError: Error, Equatable, CustomStringConvertible {
    case server(code: String, message: String, detail: String?)
    case protocolViolation(String)
    case connection(String)
    case authentication(String)

    var description: String {
        switch self {
        case .server(let code, let message, let detail): "\(message)\(detail.map { " (\($0))" } ?? "") [\(code)]"
        case .protocolViolation(let what): "The PostgreSQL server's answer could not be read: \(what)."
        case .connection(let what): "The connection to PostgreSQL failed: \(what)."
        case .authentication(let what): "PostgreSQL refused the login: \(what)."
        }
    }

    /// Whether the connection can still be used after this error (the server's own errors
    /// end with ReadyForQuery; the others leave the stream in an unknown state).
    var keepsConnection: Bool { if case .server = self { true } else { false } }

    /// An ErrorResponse's fields: severity, code, message, detail.
    static func server(from payload: ArraySlice<UInt8>) -> WireError {
        var reader = WireReader(payload)
        var fields: [UInt8: String] = [:]
        while let type = try? reader.byte(), type != 0, let value = try? reader.cstring() { fields[type] = value }
        return .server(code: fields[UInt8(ascii: "C")] ?? "XX000", message: fields[UInt8(ascii: "M")] ?? "unknown error",
                       detail: fields[UInt8(ascii: "D")])
    }
}
