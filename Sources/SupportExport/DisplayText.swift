import TermUI

/// Text prepared for people reading an export rather than programs importing it.
enum DisplayText {
    /// A text cell of a CSV or XLSX file, inert and formula-neutralised. `cat file.csv`
    /// in a terminal must not set its title, write its clipboard (OSC 52), plant a link
    /// or move the cursor, so escape sequences, C0/C1 controls, DEL and bidi controls go
    /// exactly as the console removes them (line breaks stay, quoted); and a spreadsheet
    /// must not run a customer's text as a formula (OWASP "CSV injection").
    static func cell(_ text: String) -> String {
        neutralisingFormula(TextSanitizer.cleanMultiline(text))
    }

    /// A leading `'` for text a spreadsheet would take as a formula: starting with `=`,
    /// `+`, `-`, `@`, tab or CR — also after leading spaces, which some importers trim.
    static func neutralisingFormula(_ text: String) -> String {
        let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]
        guard let first = text.first(where: { $0 != " " }), triggers.contains(first) else { return text }
        return "'" + text
    }

    /// One line of untrusted text (names, counterparties) fit to print in a table cell:
    /// line breaks and other control characters become spaces, and bidi overrides and
    /// isolates are dropped so a name cannot visually reorder the text around it.
    static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F:
                continue
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029:
                scalars.append(" ")
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Width in Latin character cells, counting East Asian wide characters as two, so
    /// a column of Chinese names gets a spreadsheet width that fits them.
    static func cellWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in width + (isWide(scalar) ? 2 : 1) }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }
}
