import Foundation

/// Why an export stopped. Every case reads as one sentence, so the console and the
/// command line can show it as is. Whenever one is thrown the export has already
/// removed its temporary files.
public enum ExportError: Error, Sendable, Equatable {
    case cannotCreateFile(directory: String, reason: String)
    case writeFailed(path: String, reason: String)
    case cannotPublish(destination: String, reason: String)
    case invalidColumns(reason: String)
    /// `row` counts data rows from 1; `nil` means the totals row.
    case wrongValueCount(row: Int?, expected: Int, actual: Int)
    case valueDoesNotFitColumn(row: Int?, column: String)
    /// An XLSX sheet is full.
    case tooManyRows(limit: Int)
    case notOpen
    case library(name: String, message: String)
    /// A totals column ran past the largest amount Int64 holds (implausible stored amounts).
    case totalOutOfRange(column: String)
}

extension ExportError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case let .cannotCreateFile(directory, reason):
            "Cannot create the export file in \(directory): \(reason)."
        case let .writeFailed(path, reason):
            "Writing the export to \(path) failed: \(reason)."
        case let .cannotPublish(destination, reason):
            "Cannot move the finished export to \(destination): \(reason)."
        case let .invalidColumns(reason):
            "The export's columns are not usable: \(reason)."
        case let .wrongValueCount(row, expected, actual):
            "\(Self.rowName(row)) has \(actual) values but the export has \(expected) columns."
        case let .valueDoesNotFitColumn(row, column):
            "\(Self.rowName(row)) puts a value of the wrong kind in column \"\(column)\"."
        case let .tooManyRows(limit):
            "An XLSX sheet holds at most \(limit) rows here; narrow the filter or export to CSV."
        case .notOpen:
            "This export has already been finished or cancelled."
        case let .totalOutOfRange(column):
            "The \(column) total is out of range (beyond 9223372036854775807 minor units): some stored amounts are not plausible."
        case let .library(name, message):
            "\(name) could not write the export: \(message.trimmingCharacters(in: ["."]))."
        }
    }

    public var errorDescription: String? { description }

    private static func rowName(_ row: Int?) -> String {
        row.map { "Row \($0)" } ?? "The totals row"
    }
}

/// The text of the current `errno`, for error sentences.
func currentErrnoText() -> String {
    String(cString: strerror(errno))
}
