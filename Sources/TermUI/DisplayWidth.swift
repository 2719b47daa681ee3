/// How text lines up inside a fixed number of columns.
public enum Alignment: Sendable, Hashable {
    case left, center, right
}

/// Widths of text in terminal columns.
///
/// Computed from TermUI's own tables (`DisplayWidthTables`), never from `wcwidth`, so a screen
/// lays out the same in tests, under `LANG=C` and on every agent's SSH session.
/// Rules: East Asian Wide/Fullwidth and emoji-presentation characters take 2 columns; a
/// grapheme cluster whose first spacing scalar is wide (an emoji ZWJ sequence, a Hangul
/// syllable) takes 2, as does an emoji widened by VS16 (U+FE0F) and a flag; any other
/// cluster takes the sum of its scalars' widths (an Indic conjunct is as wide as its
/// letters); combining marks, joiners, variation selectors and format characters add nothing; controls are 0 (the sanitiser removes them before they matter).
public enum DisplayWidth {

    /// Width of a single scalar: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        if contains(DisplayWidthTables.zero, v) { return 0 }
        if contains(DisplayWidthTables.wide, v) { return 2 }
        return 1
    }

    /// Width of one grapheme cluster (what one terminal cell or cell pair shows).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        var iterator = scalars.makeIterator()
        guard let first = iterator.next() else { return 0 }
        guard let second = iterator.next() else { return of(first) }

        // The cluster's width is decided by its first scalar that occupies columns;
        // a Hangul L+V+T syllable, a letter with marks, or a prepended format char all follow it.
        var base: Unicode.Scalar? = nil
        var width = 0
        for scalar in scalars {
            let w = of(scalar)
            if w > 0 { base = scalar; width = w; break }
        }
        guard let base else { return 0 }
        if width == 2 { return 2 }
        // A text-default emoji (❤, ☺, digits in keycaps) becomes a wide emoji with VS16.
        if base.properties.isEmoji && scalars.contains("\u{FE0F}") { return 2 }
        // A pair of regional indicators is a flag; the table already makes each one wide,
        // this keeps the rule explicit should that table change.
        if isRegionalIndicator(first) && isRegionalIndicator(second) { return 2 }
        // An Indic conjunct (జ్ఞ, क्ष) or a letter with a spacing vowel sign (कि, กำ) takes a
        // column per spacing letter, as terminals draw it (they advance by each scalar's
        // width): counting only the first would cut the cluster's last letters.
        var total = 0
        for scalar in scalars { total += of(scalar) }
        return max(width, total)
    }

    /// Width of a string: the sum of its grapheme clusters.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        if isSimple(text) { return text.unicodeScalars.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Shortens `text` to at most `width` columns, ending with `ellipsis` when something was cut.
    /// A wide character that would straddle the limit is replaced by a space, so the result is
    /// exactly `width` columns whenever truncation happened. Pass `ellipsis: ""` to clip.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let ellipsisWidth = of(ellipsis)
        if ellipsisWidth > width { return prefix(ellipsis, width: width) }
        return prefix(text, width: width - ellipsisWidth) + ellipsis
    }

    /// Makes `text` exactly `width` columns: truncated (with `ellipsis`) if too long, then padded
    /// with spaces on the side(s) given by `alignment`. Centre puts the odd space on the right.
    public static func pad(
        _ text: String, toWidth width: Int, alignment: Alignment = .left, ellipsis: String = "…"
    ) -> String {
        guard width > 0 else { return "" }
        let fitted = truncate(text, toWidth: width, ellipsis: ellipsis)
        let gap = max(0, width - of(fitted))
        switch alignment {
        case .left: return fitted + spaces(gap)
        case .right: return spaces(gap) + fitted
        case .center: return spaces(gap / 2) + fitted + spaces(gap - gap / 2)
        }
    }

    /// The leading clusters of `text` that fit in `width` columns, padded with a space where a
    /// wide character did not fit, so the result is exactly `width` columns when `text` is wider.
    static func prefix(_ text: String, width: Int) -> String {
        // ASCII: one column per byte, no clusters to find.
        if isPrintableASCII(text) { return String(decoding: text.utf8.prefix(max(0, width)), as: UTF8.self) }
        if isSimple(text) { return String(String.UnicodeScalarView(text.unicodeScalars.prefix(max(0, width)))) }
        var out = ""
        var used = 0
        var cut = false
        for character in text {
            let w = of(character)
            if used + w > width { cut = true; break }
            out.append(character)
            used += w
        }
        if cut { out += spaces(width - used) }
        return out
    }

    static func spaces(_ count: Int) -> String {
        count > 0 ? String(repeating: " ", count: count) : ""
    }

    static func isPrintableASCII<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// A scalar that is one column, a grapheme on its own next to any other such scalar,
    /// and kept as it is by `TextSanitizer`: printable ASCII, Latin-1 and the Latin, IPA
    /// and modifier letters below the combining marks (not the soft hyphen), dashes,
    /// quotes, bullets and the ellipsis, box drawing and blocks. A frame's text is nearly
    /// all of these, so text made only of them skips grapheme splitting and cleaning.
    static func isSimple(_ v: UInt32) -> Bool {
        if v < 0x300 { return (v >= 0x20 && v < 0x7F) || (v >= 0xA0 && v != 0xAD) }
        return (0x2010...0x2027).contains(v) || (0x2500...0x259F).contains(v)
    }

    /// Every scalar of `text` is `isSimple`: its width is its scalar count.
    static func isSimple<S: StringProtocol>(_ text: S) -> Bool {
        isPrintableASCII(text) || text.unicodeScalars.allSatisfy { isSimple($0.value) }
    }

    static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    /// Binary search in a sorted table of inclusive [first, last] pairs.
    private static func contains(_ table: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count / 2 - 1
        while low <= high {
            let mid = (low + high) / 2
            if value < table[2 * mid] {
                high = mid - 1
            } else if value > table[2 * mid + 1] {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}

extension String {
    /// Width in terminal columns (see `DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension Substring {
    /// Width in terminal columns (see `DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension Character {
    /// Width in terminal columns: 0, 1 or 2 (see `DisplayWidth`).
    public var displayWidth: Int { DisplayWidth.of(self) }
}
