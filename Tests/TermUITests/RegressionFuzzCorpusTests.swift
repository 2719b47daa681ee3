import Foundation
import Testing
@testable import TermUI

/// Every input in the fuzzers' committed seeds (Fuzz/corpus), replayed through the normal
/// code without libFuzzer: the sanitiser's properties and the theme reader's robustness.
@Suite struct RegressionFuzzCorpusTests {
    static func corpus(_ name: String) -> [URL] {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let dir = root.appendingPathComponent("Fuzz/corpus/\(name)")
        return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
    }

    @Test func sanitiserCorpusKeepsItsProperties() throws {
        let files = Self.corpus("sanitizer")
        #expect(!files.isEmpty)
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            let line = TextSanitizer.clean(bytes: bytes)
            let lines = TextSanitizer.cleanMultiline(bytes: bytes)
            #expect(TextSanitizer.clean(line) == line, "\(file.lastPathComponent)")
            #expect(TextSanitizer.cleanMultiline(lines) == lines, "\(file.lastPathComponent)")
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value) },
                    "\(file.lastPathComponent)")
        }
    }

    @Test func themeCorpusReadsWithoutCrashing() throws {
        let files = Self.corpus("theme-file")
        #expect(!files.isEmpty)
        for file in files {
            let source = ThemeFileReader.read(String(decoding: try Data(contentsOf: file), as: UTF8.self), path: file.path, name: "corpus")
            let definition = ThemeCatalog(directories: []).definition(of: source)
            for depth in ColorDepth.allCases { _ = definition.theme(for: depth) }
        }
    }
}
