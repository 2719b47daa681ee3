import Foundation
import Testing
@testable import SupportStore

/// The intake fuzzer's committed seeds (Fuzz/corpus/intake), read through the public
/// reader: every record becomes a contact or a rejection with a reason, never a crash.
@Suite struct RegressionFuzzIntakeCorpusTests {
    @Test func corpusReadsIntoContactsOrReasons() throws {
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" && !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let dir = root.appendingPathComponent("Fuzz/corpus/intake")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        #expect(!files.isEmpty)
        let now = Date(timeIntervalSince1970: 1_795_575_600)
        for file in files {
            for format in IntakeFormat.allCases {
                let batch = try IntakeReader.read(path: file.path, format: format, defaults: IntakeDefaults(category: .payment), now: now)
                #expect(batch.rejections.allSatisfy { !$0.reason.isEmpty })
                #expect(batch.contacts.allSatisfy { !$0.body.isEmpty && $0.body.utf8.count <= IntakeLimits.bodyBytes })
            }
        }
    }
}
