import CXML2
import Foundation

/// HTML-only mail reduced to the text a person would read, with libxml2's HTML parser
/// (the forgiving one browsers' predecessors used): entities decoded, scripts, styles and
/// the head dropped, block elements on their own lines, and links kept as text
/// (`label (https://…)`) because customers paste links to receipts and screenshots.
enum HTMLText {
    private static let blocks: Set<String> = [
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "hr", "section", "article", "header", "footer", "address", "dd", "dt",
    ]
    private static let skipped: Set<String> = ["script", "style", "head", "title", "noscript", "template"]

    static func text(_ html: String) -> String {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue)
        let bytes = Array(html.utf8)
        guard !bytes.isEmpty else { return "" }
        let doc = bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                htmlReadMemory($0, Int32(buf.count), nil, "UTF-8", options)
            }
        }
        guard let doc else { return html }
        defer { xmlFreeDoc(doc) }
        var out = ""
        if let root = xmlDocGetRootElement(doc) { render(root, into: &out, preformatted: false, depth: 0) }
        return tidy(out)
    }

    private static func name(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    private static func render(_ node: xmlNodePtr, into out: inout String, preformatted: Bool, depth: Int) {
        guard depth < 256 else { return }
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            guard let content = node.pointee.content else { return }
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
        case XML_ELEMENT_NODE:
            let tag = name(node)
            if skipped.contains(tag) { return }
            if tag == "br" { out += "\n"; return }
            if tag == "img", let alt = attribute(node, "alt"), !alt.isEmpty { out += "[\(alt)]"; return }
            let block = blocks.contains(tag)
            if block && !out.isEmpty && out.last != "\n" { out += "\n" }
            if tag == "li" { out += "- " }
            var child = node.pointee.children
            let start = out.endIndex
            let startCount = out.count
            while let current = child {
                render(current, into: &out, preformatted: preformatted || tag == "pre", depth: depth + 1)
                child = current.pointee.next
            }
            if tag == "a", let href = attribute(node, "href"), href.hasPrefix("http") || href.hasPrefix("mailto:") {
                let label = out.count > startCount ? String(out[start...]).trimmingCharacters(in: .whitespaces) : ""
                if label != href && label != href.replacingOccurrences(of: "mailto:", with: "") { out += " (\(href))" }
            }
            if block && out.last != "\n" { out += "\n" }
            if ["p", "h1", "h2", "h3", "table", "blockquote"].contains(tag) { out += "\n" }
        default:
            return
        }
    }

    private static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { pd_xml_free(value) }
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
