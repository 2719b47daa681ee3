import Foundation

/// Ticket numbers as people say and type them: `#1042`.
public enum TicketNumber {
    public static func format(_ number: Int64) -> String { "#\(number)" }

    /// Reads `#1042` or `1042` (surrounding spaces allowed); nil for anything else,
    /// including zero and negatives, which no ticket has.
    public static func parse(_ text: String) -> Int64? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.first == "#" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCIIDigit }), let number = Int64(body), number > 0 else {
            return nil
        }
        return number
    }
}
