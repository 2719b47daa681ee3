import CDocumentsABI

/// The cell formats of an export workbook, made once up front: libxlsxwriter wants
/// every format registered before the workbook is closed, and one format per column
/// (plus a bold one for totals) is all a table needs.
struct XLSXCellFormats {
    typealias Format = UnsafeMutableRawPointer?

    let title: Format
    let columnHeader: Format
    let body: [Format]
    let totals: [Format]

    init(library: UnsafePointer<paydesk_xlsx>, workbook: UnsafeMutableRawPointer, columns: [ExportColumn]) {
        func add(_ style: paydesk_xlsx_style) -> Format {
            withUnsafePointer(to: style) { library.pointee.xlsx_add_format(workbook, $0) }
        }
        var title = Self.plain
        title.bold = 1
        title.font_size = 14
        self.title = add(title)

        var header = Self.plain
        header.bold = 1
        header.background_rgb = 0xD9E1F2
        header.thin_bottom_border = 1
        header.text_wrap = 1
        header.vertical_top = 1
        columnHeader = add(header)

        body = columns.map { column in Self.withCellFormat(for: column) { add($0) } }
        totals = columns.map { column in
            Self.withCellFormat(for: column) { style in
                var style = style
                style.bold = 1
                style.thin_top_border = 1
                return add(style)
            }
        }
    }

    /// Nothing set: the workbook's default look.
    private static var plain: paydesk_xlsx_style {
        paydesk_xlsx_style(bold: 0, font_size: 0, background_rgb: -1, thin_top_border: 0, thin_bottom_border: 0,
                           text_wrap: 0, vertical_top: 0, align: Int32(PAYDESK_XLSX_ALIGN_NONE.rawValue), number_format: nil)
    }

    /// A column's number format and alignment; the format text lives for the call only.
    private static func withCellFormat(for column: ExportColumn, _ body: (paydesk_xlsx_style) -> Format) -> Format {
        var style = plain
        switch column.alignment {
        case .leading: style.align = Int32(PAYDESK_XLSX_ALIGN_LEFT.rawValue)
        case .center: style.align = Int32(PAYDESK_XLSX_ALIGN_CENTER.rawValue)
        case .trailing: style.align = Int32(PAYDESK_XLSX_ALIGN_RIGHT.rawValue)
        }
        let numberFormat: String? = switch column.kind {
        case .text: nil
        case .integer: "0"
        case let .money(currencyCode, exponent):
            MoneyText.spreadsheetFormat(currencyCode: currencyCode, exponent: exponent)
        case .date: "yyyy-mm-dd"
        case .dateTime: "yyyy-mm-dd hh:mm:ss"
        }
        guard let numberFormat else { return body(style) }
        return numberFormat.withCString { text in
            style.number_format = text
            return body(style)
        }
    }

    /// Width in Excel character units: the hint or the title, whichever is wider, and
    /// room for a full `yyyy-mm-dd hh:mm:ss` in date-time columns.
    static func width(of column: ExportColumn) -> Double {
        let minimum = column.kind == .dateTime ? 19 : 0
        let characters = max(column.widthHint, DisplayText.cellWidth(column.title), minimum)
        return Double(min(characters, 80) + 2)
    }
}
