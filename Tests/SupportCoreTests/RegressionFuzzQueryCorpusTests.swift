import Foundation
import Testing
@testable import SupportCore

/// The filter fuzzer's committed seeds (Fuzz/corpus/query-parser), replayed without
/// libFuzzer: each input parses or is refused at a position inside it.
@Suite struct RegressionFuzzQueryCorpusTests {
    @Test func corpusParsesOrFailsInsideTheInput() throws {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let dir = root.appendingPathComponent("Fuzz/corpus/query-parser")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty)
        let now = Date(timeIntervalSince1970: 1_795_575_600)
        for file in files {
            let input = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            for schema in [QuerySchema.tickets, .transactions] {
                do {
                    let query = try QueryParser.parse(input, schema: schema, now: now)
                    #expect(query.terms.allSatisfy { $0.range.upperBound <= input.count })
                } catch {
                    #expect((0...input.count).contains(error.position), "\(file.lastPathComponent): \(error)")
                }
            }
        }
    }
}
