import Foundation

// libFuzzer target: theme files (Sources/TermUI/ThemeFile/*: the TOML subset and the theme
// reader), then inheritance and resolution for every colour depth. Bad files must become
// diagnostics, never crashes. Built by Fuzz/build.sh together with TermUI (minus ncurses).

private let catalog = ThemeCatalog(directories: [])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzThemeFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let source = ThemeFileReader.read(text, path: "fuzz.toml", name: "fuzz")
    for diagnostic in source.diagnostics { _ = diagnostic.description }
    let definition = catalog.definition(of: source)
    for depth in ColorDepth.allCases { _ = definition.theme(for: depth) }
    return 0
}
