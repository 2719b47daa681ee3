import Foundation

// libFuzzer target: TextSanitizer (Sources/TermUI/TextSanitizer.swift), the last guard
// between untrusted text and the terminal. Properties, on any bytes:
// - the output holds no C0 control (but `\n` in multi-line mode), no DEL, no C1 control,
//   no ESC, no bidi control and no invisible filler the sanitiser promises to remove;
// - cleaning is idempotent: cleaning clean text changes nothing;
// - display width and the screen grid accept the result.
// Built by Fuzz/build.sh together with TermUI (minus ncurses).

private func forbidden(_ v: UInt32, multiline: Bool) -> Bool {
    switch v {
    case 0x0A: return !multiline
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
    case 0x200B, 0x2060...0x2064, 0xFEFF, 0x180E, 0x3164, 0xFFA0, 0xFFF9...0xFFFB, 0xE0000...0xE007F: return true
    case 0x2028, 0x2029: return true
    default: return false
    }
}

private func check(_ output: String, multiline: Bool, _ what: String) {
    for scalar in output.unicodeScalars where forbidden(scalar.value, multiline: multiline) {
        fatalError("\(what) let U+\(String(scalar.value, radix: 16, uppercase: true)) through")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSanitizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let line = TextSanitizer.clean(bytes: bytes)
    let lines = TextSanitizer.cleanMultiline(bytes: bytes)
    check(line, multiline: false, "clean")
    check(lines, multiline: true, "cleanMultiline")
    if TextSanitizer.clean(line) != line { fatalError("clean is not idempotent") }
    if TextSanitizer.cleanMultiline(lines) != lines { fatalError("cleanMultiline is not idempotent") }
    if TextSanitizer.clean(lines) != line { fatalError("clean(cleanMultiline(x)) differs from clean(x)") }
    var screen = Screen(width: 40, height: 3)
    screen.put(line, at: 0, 1)
    _ = DisplayWidth.truncate(line, toWidth: 17)
    return 0
}
