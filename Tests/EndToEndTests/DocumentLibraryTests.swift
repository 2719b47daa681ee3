import Foundation
import SupportCore
import SupportStore
import Testing

/// XLSX and PDF exports load their libraries from libPaydeskDocuments.so on first use:
/// paydesk itself links none of them, finds the library where `make install` puts it,
/// and without it fails the export with a sentence that names the file.
@Suite(.serialized) struct DocumentLibraryTests {
    static let documentLibraries = ["libxlsxwriter", "libcairo", "libpango", "libharfbuzz", "libfontconfig", "libfreetype"]

    @Test func paydeskLinksNoDocumentLibrary() throws {
        let dynamic = try Spawn.run("/usr/bin/readelf", ["-d", Harness.binary])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("libsqlite3") }, "readelf listed the libraries: \(needed)")
        for library in Self.documentLibraries {
            #expect(!needed.contains { $0.contains(library) }, "paydesk still needs \(library)")
        }
        let built = Harness.built("libPaydeskDocuments.so")
        #expect(try Spawn.run("/usr/bin/readelf", ["-d", built]).stdout.contains("libxlsxwriter"))
    }

    @Test func exportsNameTheMissingLibraryAndFindTheInstalledOne() throws {
        let fm = FileManager.default
        let db = try Harness.demoDatabase()
        let prefix = try Harness.tempDir().path
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try Harness.copyBinary(to: prefix + "/bin/paydesk")
        let wallet = try #require(try Self.firstWallet(db))
        func export(_ format: String) throws -> Harness.Result {
            var env = ProcessInfo.processInfo.environment
            env["LANG"] = "C.UTF-8"
            return try Spawn.run(prefix + "/bin/paydesk", ["tx", "export", "--reason", "customer asked for a statement",
                                                          "--db", db, "--as", "budi", "--customer", wallet,
                                                          "--format", format, "--out", prefix + "/out.\(format)"], environment: env)
        }

        for format in ["xlsx", "pdf"] {
            let missing = try export(format)
            #expect(missing.status == 1, "\(format): \(missing.stderr)")
            #expect(missing.stderr.contains("libPaydeskDocuments.so"), "\(format): \(missing.stderr)")
            #expect(missing.stderr.contains(prefix + "/lib/paydesk/libPaydeskDocuments.so"), "the sentence says where it looked")
            #expect(missing.stderr.split(separator: "\n").count == 1, "one sentence: \(missing.stderr)")
            #expect(!fm.fileExists(atPath: prefix + "/out.\(format)"), "no file is left behind")
        }
        let csv = try export("csv")
        #expect(csv.status == 0, "a CSV export needs no document library: \(csv.stderr)")

        // Laid out as `make install` does it.
        try fm.createDirectory(atPath: prefix + "/lib/paydesk", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Harness.built("libPaydeskDocuments.so"), toPath: prefix + "/lib/paydesk/libPaydeskDocuments.so")
        for format in ["xlsx", "pdf"] {
            let installed = try export(format)
            #expect(installed.status == 0, "\(format): \(installed.stderr)")
            #expect(fm.fileExists(atPath: prefix + "/out.\(format)"))
        }
    }

    /// The customer of the queue's first ticket for the demo supervisor (one with transactions).
    static func firstWallet(_ db: String) throws -> String? {
        let store = try SupportStore(path: db, create: false)
        let row = try store.queuePage(QueueSpec(view: .team, actor: try #require(try store.agent(login: "sari"))), limit: 1)[0]
        return try store.customer(id: row.customerId).walletId
    }
}
