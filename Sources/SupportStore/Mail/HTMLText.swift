import CMailABI
import Foundation

/// HTML-only mail reduced to the text a person would read, with libxml2's HTML parser
/// (the forgiving one browsers' predecessors used): entities decoded, scripts, styles and
/// the head dropped, block elements on their own lines, and links kept as text
/// (`label (https://…)`) because customers paste links to receipts and screenshots.
/// libxml2 lives in libPaydeskMail.so (`MailLibrary`); without it the HTML is kept as it is.
enum HTMLText {
    private static let blocks: Set<String> = [
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "hr", "section", "article", "header", "footer", "address", "dd", "dt",
    ]
    private static let skipped: Set<String> = ["script", "style", "head", "title", "noscript", "template"]

    static func text(_ html: String) -> String {
        let bytes = Array(html.utf8)
        guard !bytes.isEmpty else { return "" }
        guard let xml = try? MailLibrary.entryPoints().api.pointee else { return html }
        let doc = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                xml.html_read($0, Int32(buf.count))
            }
        }
        guard let doc else { return html }
        defer { xml.html_free(doc) }
        var out = ""
        if let root = xml.html_root(doc) { render(root, into: &out, preformatted: false, depth: 0, xml: xml) }
        return tidy(out)
    }

    private static func name(_ node: UnsafeMutableRawPointer, _ xml: paydesk_mail) -> String {
        xml.node_name(node).map { String(cString: $0).lowercased() } ?? ""
    }

    private static func render(_ node: UnsafeMutableRawPointer, into out: inout String, preformatted: Bool, depth: Int,
                               xml: paydesk_mail) {
        guard depth < 256 else { return }
        switch xml.node_kind(node) {
        case Int32(PAYDESK_HTML_TEXT.rawValue):
            guard let content = xml.node_content(node) else { return }
            let text = String(cString: content)
            if preformatted {
                out += text
            } else {
                // Outside <pre>, runs of whitespace (line breaks included) are one space.
                let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                if let first = text.first, first.isWhitespace, !out.isEmpty, !(out.last?.isWhitespace ?? true) { out += " " }
                out += collapsed
                if let last = text.last, last.isWhitespace, !collapsed.isEmpty { out += " " }
            }
        case Int32(PAYDESK_HTML_ELEMENT.rawValue):
            let tag = name(node, xml)
            if skipped.contains(tag) { return }
            if tag == "br" { out += "\n"; return }
            if tag == "img", let alt = attribute(node, "alt", xml), !alt.isEmpty { out += "[\(alt)]"; return }
            let block = blocks.contains(tag)
            if block && !out.isEmpty && out.last != "\n" { out += "\n" }
            if tag == "li" { out += "- " }
            var child = xml.node_children(node)
            let start = out.endIndex
            let startCount = out.count
            while let current = child {
                render(current, into: &out, preformatted: preformatted || tag == "pre", depth: depth + 1, xml: xml)
                child = xml.node_next(current)
            }
            if tag == "a", let href = attribute(node, "href", xml), href.hasPrefix("http") || href.hasPrefix("mailto:") {
                let label = out.count > startCount ? String(out[start...]).trimmingCharacters(in: .whitespaces) : ""
                if label != href && label != href.replacingOccurrences(of: "mailto:", with: "") { out += " (\(href))" }
            }
            if block && out.last != "\n" { out += "\n" }
            if ["p", "h1", "h2", "h3", "table", "blockquote"].contains(tag) { out += "\n" }
        default:
            return
        }
    }

    private static func attribute(_ node: UnsafeMutableRawPointer, _ name: String, _ xml: paydesk_mail) -> String? {
        guard let value = xml.node_attribute(node, name) else { return nil }
        defer { xml.free_text(value) }
        return String(cString: value).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Trailing spaces off every line, at most one empty line in a row, no blank edges.
    private static func tidy(_ text: String) -> String {
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.replacingOccurrences(of: "\u{A0}", with: " ")
            let trimmed = String(line.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
                .drop(while: { $0 == " " })
            if trimmed.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(String(trimmed))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
