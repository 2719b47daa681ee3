import Foundation

/// RFC 4180 CSV in UTF-8: a header row of column titles, then one record per row,
/// CRLF line ends, fields quoted only when they hold a comma, quote, CR or LF.
///
/// Values are spelled for programs: money as a plain decimal in major units (see
/// `MoneyText`), date-times as ISO 8601 with the zone's offset, dates as `yyyy-MM-dd`.
/// CSV holds data only, so an import never counts a totals row as a transaction;
/// totals belong to XLSX and PDF.
///
/// Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
/// tab or CR) gets a leading `'`: customers choose their own names and notes, and an
/// agent opening the file in Excel must not execute one (OWASP "CSV injection").
public final class CSVExporter: TableExporter {
    private let session: ExportSession
    private let writer: BufferedFileWriter
    private let timeZone: TimeZone

    public var rowsWritten: Int { session.rowsWritten }

    public init(url: URL, document: ExportDocument, columns: [ExportColumn],
                progress: ExportProgressHandler? = nil) throws {
        session = try ExportSession(url: url, columns: columns, fileModes: document.fileModes, progress: progress)
        writer = BufferedFileWriter(descriptor: session.output.descriptor,
                                    path: session.output.temporaryPath)
        timeZone = document.timeZone
        try abandoningOnError {
            try writeRecord(columns.map { Self.field(text: $0.title) })
        }
    }

    public func append(_ row: [ExportValue]) throws {
        try abandoningOnError {
            try session.check(row)
            try writeRecord(zip(row, session.columns).map { field(for: $0, in: $1) })
            try session.countRow()
        }
    }

    public func finish(totals: [ExportValue?]) throws {
        try abandoningOnError {
            try session.check(totals: totals)
            try writer.flush()
            try session.commit()
        }
    }

    public func cancel() {
        session.discard()
    }

    private func abandoningOnError(_ body: () throws -> Void) throws {
        do { try body() } catch { cancel(); throw error }
    }

    private func writeRecord(_ fields: [String]) throws {
        try writer.write(fields.joined(separator: ","))
        try writer.write("\r\n")
    }

    private func field(for value: ExportValue, in column: ExportColumn) -> String {
        switch value {
        case let .text(text):
            Self.field(text: text)
        case let .integer(number):
            String(number)
        case let .money(minorUnits):
            if case let .money(_, exponent) = column.kind {
                MoneyText.plainDecimal(minorUnits, exponent: exponent)
            } else {
                String(minorUnits)  // unreachable: the session checked the kind
            }
        case let .date(date):
            column.kind == .date
                ? ZonedDateTime(date, in: timeZone).isoDate
                : ZonedDateTime(date, in: timeZone).isoDateTimeWithOffset
        }
    }

    /// The RFC 4180 spelling of a text field, made inert and formula-neutralised first.
    static func field(text: String) -> String {
        let safe = DisplayText.cell(text)
        let needsQuotes = safe.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
        }
        guard needsQuotes else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func neutralisingFormula(_ text: String) -> String { DisplayText.neutralisingFormula(text) }
}
