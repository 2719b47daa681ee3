import Foundation
import SupportCore

/// The file formats an agent can export a filtered list to.
public enum ExportFormat: String, Sendable, Codable, CaseIterable {
    case csv, xlsx, pdf

    /// The file-name extension, without the dot.
    public var fileExtension: String { rawValue }
}

/// One column of an export: what it is called, what its cells hold and how to lay it out.
public struct ExportColumn: Sendable, Hashable {
    /// What the column's cells hold. It decides the XLSX number format, the CSV
    /// spelling and the PDF alignment, so a column never mixes meanings.
    public enum Kind: Sendable, Hashable {
        case text
        case integer
        /// Amounts in integer minor units; `exponent` is how many of them make a major
        /// unit as a power of ten (0 for whole rupiah, 2 for cents).
        case money(currencyCode: String, exponent: Int)
        /// A calendar day in the document's time zone.
        case date
        /// An instant, shown as wall-clock time in the document's time zone.
        case dateTime
    }

    public enum Alignment: Sendable, Hashable {
        case leading, center, trailing
    }

    public var title: String
    public var kind: Kind
    /// Roughly how many characters a typical cell needs; XLSX uses it as the column
    /// width and PDF shares the page width out in proportion to it.
    public var widthHint: Int
    public var alignment: Alignment

    /// Numbers default to trailing alignment so their digits line up; the width
    /// defaults to what the kind usually needs.
    public init(_ title: String, kind: Kind = .text, widthHint: Int? = nil,
                alignment: Alignment? = nil) {
        self.title = title
        self.kind = kind
        self.widthHint = max(1, widthHint ?? kind.defaultWidthHint)
        self.alignment = alignment ?? kind.defaultAlignment
    }
}

extension ExportColumn.Kind {
    var defaultWidthHint: Int {
        switch self {
        case .text: 20
        case .integer: 8
        case .money: 14
        case .date: 10
        case .dateTime: 16
        }
    }

    var defaultAlignment: ExportColumn.Alignment {
        switch self {
        case .integer, .money: .trailing
        case .text, .date, .dateTime: .leading
        }
    }
}

/// One cell of a row. `.text` fits any column (for a label such as "Total" or "n/a");
/// every other case must match its column's kind, or the export stops with an error.
public enum ExportValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    /// Minor units of the column's currency, signed: negative for money leaving the wallet.
    case money(Int64)
    case date(Date)
}

extension ExportColumn {
    func accepts(_ value: ExportValue) -> Bool {
        switch (value, kind) {
        case (.text, _), (.integer, .integer), (.money, .money), (.date, .date), (.date, .dateTime):
            true
        default:
            false
        }
    }
}

/// What the export says about itself: the title block of XLSX and PDF. CSV holds data
/// only. Subtitle lines are printed as given, so personal data in them must already
/// be masked by the caller.
public struct ExportDocument: Sendable {
    public var title: String
    /// For example the customer header: masked name, wallet id, masked phone.
    public var subtitleLines: [String]
    /// The time range the rows were filtered to, if any.
    public var period: DateInterval?
    public var generatedAt: Date
    /// Every date and time in the export is shown as wall-clock time in this zone.
    public var timeZone: TimeZone
    /// The XLSX worksheet name; Excel allows at most 31 characters and no `[]:*?/\`.
    public var sheetName: String
    /// The mode of the written file: owner-only unless the team shares through a group.
    public var fileModes: FileModes

    public init(title: String, subtitleLines: [String] = [], period: DateInterval? = nil,
                generatedAt: Date = Date(),
                timeZone: TimeZone = TimeZone(identifier: "Asia/Jakarta") ?? .gmt,
                sheetName: String = "Export", fileModes: FileModes = FileModes()) {
        self.title = title
        self.subtitleLines = subtitleLines
        self.period = period
        self.generatedAt = generatedAt
        self.timeZone = timeZone
        self.sheetName = sheetName
        self.fileModes = fileModes
    }
}
