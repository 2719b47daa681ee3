import Foundation
import SupportAPI
import SupportCore
import SupportStore
import TermUI

extension QueueView: ExpressibleByArgument {}
extension QueueSort: ExpressibleByArgument {}

import ArgumentParser

/// Parses a `--query` for the command line; a bad term is a usage error (exit 2) that
/// points at the term, and nothing runs.
enum QuerySpecs {
    static func parse(_ text: String, schema: QuerySchema, client: SupportClient) throws -> Query {
        let now = client.now()
        do {
            return try QueryParser.parse(text, schema: schema, now: now, timeZone: TimeText.zone)
        } catch {
            // Every problem at once, each pointed at, so one edit fixes the filter.
            let all = QueryParser.problems(text, schema: schema, now: now, timeZone: TimeText.zone)
            throw CommandFailure.usage((all.isEmpty ? [error] : all).map {
                "bad query: \($0.message) (at column \($0.position + 1))\n  \(text)\n  \($0.caretLine(for: text))"
            }.joined(separator: "\n"))
        }
    }

    static func tickets(_ text: String, queue: QueueView, sort: QueueSort, actor: Agent, client: SupportClient) throws -> QueueSpec {
        QueueSpec(view: queue, query: try parse(text, schema: .tickets, client: client), sort: sort, actor: actor)
    }
}

/// Untrusted text made inert for a plain terminal (the CLI's table output).
enum PlainText {
    static func inert(_ text: String) -> String { TextSanitizer.clean(text) }
    static func inertMultiline(_ text: String) -> String { TextSanitizer.cleanMultiline(text) }
    /// Printable ASCII is a column a byte, checked here on the concrete `String`:
    /// `DisplayWidth.of` is generic and, called from this module, runs unspecialised —
    /// a fifth of a 20,000-row `tx list` went to walking each cell's bytes that way.
    static func width(_ text: String) -> Int {
        isPrintableASCII(text) ? text.utf8.count : DisplayWidth.of(text)
    }
    /// A table cell made inert and measured: printable ASCII (nearly every cell) is
    /// checked once and kept as it is.
    static func cell(_ text: String) -> (text: String, width: Int) {
        if isPrintableASCII(text) { return (text, text.utf8.count) }
        let clean = inert(text)
        return (clean, width(clean))
    }
    private static func isPrintableASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
}
