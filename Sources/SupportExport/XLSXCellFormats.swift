import CXlsxWriter

/// The cell formats of an export workbook, made once up front: libxlsxwriter wants
/// every format registered before the workbook is closed, and one format per column
/// (plus a bold one for totals) is all a table needs.
struct XLSXCellFormats {
    typealias Format = UnsafeMutablePointer<lxw_format>

    let title: Format
    let columnHeader: Format
    let body: [Format]
    let totals: [Format]

    init(workbook: UnsafeMutablePointer<lxw_workbook>, columns: [ExportColumn]) {
        title = workbook_add_format(workbook)
        format_set_bold(title)
        format_set_font_size(title, 14)

        columnHeader = workbook_add_format(workbook)
        format_set_bold(columnHeader)
        format_set_bg_color(columnHeader, 0xD9E1F2)
        format_set_bottom(columnHeader, UInt8(LXW_BORDER_THIN.rawValue))
        format_set_text_wrap(columnHeader)
        format_set_align(columnHeader, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))

        body = columns.map { Self.cellFormat(workbook, for: $0) }
        totals = columns.map { column in
            let format = Self.cellFormat(workbook, for: column)
            format_set_bold(format)
            format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue))
            return format
        }
    }

    private static func cellFormat(_ workbook: UnsafeMutablePointer<lxw_workbook>,
                                   for column: ExportColumn) -> Format {
        let format = workbook_add_format(workbook)!
        switch column.kind {
        case .text:
            break
        case .integer:
            format_set_num_format(format, "0")
        case let .money(currencyCode, exponent):
            format_set_num_format(format, MoneyText.spreadsheetFormat(currencyCode: currencyCode,
                                                                      exponent: exponent))
        case .date:
            format_set_num_format(format, "yyyy-mm-dd")
        case .dateTime:
            format_set_num_format(format, "yyyy-mm-dd hh:mm:ss")
        }
        switch column.alignment {
        case .leading: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .trailing: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        }
        return format
    }

    /// Width in Excel character units: the hint or the title, whichever is wider, and
    /// room for a full `yyyy-mm-dd hh:mm:ss` in date-time columns.
    static func width(of column: ExportColumn) -> Double {
        let minimum = column.kind == .dateTime ? 19 : 0
        let characters = max(column.widthHint, DisplayText.cellWidth(column.title), minimum)
        return Double(min(characters, 80) + 2)
    }
}
