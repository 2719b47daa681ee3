import Foundation
import PostgresNIO
import SupportStore

/// Rows in PostgreSQL's COPY text format: tab between columns, newline after a row,
/// `\N` for NULL, and backslash escapes for the characters the format gives a meaning.
enum CopyText {
    static func append(_ rows: [[DumpValue]], to buffer: inout ByteBuffer) throws {
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { buffer.writeStaticString("\t") }
                try append(value, to: &buffer)
            }
            buffer.writeStaticString("\n")
        }
    }

    private static func append(_ value: DumpValue, to buffer: inout ByteBuffer) throws {
        switch value {
        case .null:
            buffer.writeStaticString("\\N")
        case .integer(let v):
            buffer.writeString(String(v))
        case .real(let v):
            // Swift prints the shortest text that reads back as the same double.
            buffer.writeString(v.isFinite ? "\(v)" : (v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity")))
        case .text(let text):
            guard !text.utf8.contains(0) else {
                throw PostgresStoreError("A text value holds a NUL character, which PostgreSQL's text cannot store.")
            }
            buffer.writeString(escaped(text))
        case .blob(let data):
            // bytea's hex form, its backslash escaped for COPY: \\x0a1b…
            buffer.writeStaticString("\\\\x")
            buffer.writeString(data.map { String(format: "%02x", $0) }.joined())
        }
    }

    static func escaped(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
