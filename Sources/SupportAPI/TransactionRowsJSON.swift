import Foundation
import SupportCore

/// A page of transactions as the service's reply, written by hand: `JSONEncoder` spent
/// 0.4 ms on a page of 100 rows, a fifth of the page's whole cost through the service.
/// The bytes are exactly those `WireJSON.encoder()` writes (keys sorted, dates in ISO 8601,
/// slashes unescaped; a test holds the two equal). A row this writer does not handle —
/// text that JSON would escape, a date with a fraction of a second or outside years
/// 0–9999 — sends the whole reply back to the encoder (`nil`).
public enum TransactionRowsJSON {
    public static func encode(_ rows: [Transaction]) -> Data? {
        FlatJSONWriter.page(rows, bytesPerRow: 260) { row, out in
            out.open()
            out.key("amount", first: true); out.number(row.amount)
            out.key("at"); guard out.date(row.at) else { return false }
            out.key("channel"); guard out.text(row.channel) else { return false }
            out.key("counterparty"); guard out.text(row.counterparty) else { return false }
            out.key("currency"); guard out.text(row.currency) else { return false }
            out.key("customerId"); out.number(row.customerId)
            if let failure = row.failureCode {
                out.key("failureCode"); guard out.text(failure) else { return false }
            }
            out.key("flagged"); out.boolean(row.flagged)
            out.key("id"); out.number(row.id)
            out.key("reference"); guard out.text(row.reference) else { return false }
            out.key("status"); guard out.text(row.status.rawValue) else { return false }
            out.key("type"); guard out.text(row.type.rawValue) else { return false }
            out.close()
            return true
        }
    }
}
