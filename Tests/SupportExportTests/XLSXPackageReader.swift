import Foundation

/// Reads back what Excel would: the sheet, styles and shared strings of an .xlsx, taken
/// out of the zip with `unzip -p` and picked apart with patterns that match the shapes
/// libxlsxwriter writes.
struct XLSXPackageReader {
    struct Cell: Equatable {
        let style: Int
        /// nil for a number, `inlineStr` or `s` for text.
        let type: String?
        /// The number as written, or the text.
        let value: String
    }

    let sheetXML: String
    let stylesXML: String
    let cells: [String: Cell]

    init(url: URL) throws {
        sheetXML = try runTool("/usr/bin/unzip", ["-p", url.path, "xl/worksheets/sheet1.xml"])
        stylesXML = try runTool("/usr/bin/unzip", ["-p", url.path, "xl/styles.xml"])
        let listing = try runTool("/usr/bin/unzip", ["-l", url.path])
        let sharedStrings = listing.contains("xl/sharedStrings.xml")
            ? try runTool("/usr/bin/unzip", ["-p", url.path, "xl/sharedStrings.xml"])
                .matches(of: /<si><t[^>]*>(.*?)<\/t><\/si>/.dotMatchesNewlines()).map { Self.unescape(String($0.1)) }
            : []
        var cells: [String: Cell] = [:]
        let cellPattern = /<c r="([A-Z]+[0-9]+)"(?: s="([0-9]+)")?(?: t="(\w+)")?(?:\/>|>(.*?)<\/c>)/
        for match in sheetXML.matches(of: cellPattern.dotMatchesNewlines()) {
            let type = match.3.map(String.init)
            let body = String(match.4 ?? "")
            var value = Self.unescape(String(body.firstMatch(of: /<(?:v|t[^>]*)>(.*?)<\/(?:v|t)>/.dotMatchesNewlines())?.1 ?? ""))
            if type == "s", let index = Int(value) { value = sharedStrings[index] }
            cells[String(match.1)] = Cell(style: Int(match.2 ?? "0") ?? 0, type: type, value: value)
        }
        self.cells = cells
    }

    /// The number format code a cell style applies, e.g. `yyyy-mm-dd hh:mm:ss`.
    func numberFormat(ofStyle style: Int) -> String? {
        guard let fmtID = cellFormats()[style].firstMatch(of: /numFmtId="([0-9]+)"/)?.1 else { return nil }
        let custom = stylesXML.matches(of: /<numFmt numFmtId="([0-9]+)" formatCode="([^"]*)"\/>/)
            .first { $0.1 == fmtID }
        return custom.map { Self.unescape(String($0.2)) }
    }

    /// Whether a cell style's font is bold.
    func isBold(style: Int) -> Bool {
        guard let fontID = cellFormats()[style].firstMatch(of: /fontId="([0-9]+)"/)?.1,
              let fonts = stylesXML.firstMatch(of: /<fonts[^>]*>(.*?)<\/fonts>/)?.1,
              let index = Int(fontID) else { return false }
        let fontList = fonts.matches(of: /<font>(.*?)<\/font>/).map { String($0.1) }
        return fontList[index].contains("<b/>")
    }

    private func cellFormats() -> [String] {
        guard let list = stylesXML.firstMatch(of: /<cellXfs[^>]*>(.*?)<\/cellXfs>/)?.1 else { return [] }
        return list.matches(of: /<xf [^>]*?(?:\/>|>.*?<\/xf>)/).map { String($0.0) }
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
