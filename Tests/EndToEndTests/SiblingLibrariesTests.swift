import Foundation
import SupportCore
import SupportStore
import Testing

/// XLSX and PDF exports load their libraries from libPaydeskXLSX.so and libPaydeskPDF.so, and mail is read
/// and written through libPaydeskMail.so, each opened on first use: paydesk itself links
/// none of them, finds each where `make install` puts it, and without it fails the export
/// or rejects the mail with a sentence that names the file.
@Suite(.serialized) struct SiblingLibrariesTests {
    static let documentLibraries = ["libxlsxwriter", "libcairo", "libpango", "libharfbuzz", "libfontconfig", "libfreetype",
                                    "libgmime", "libglib", "libgobject", "libgio", "libxml2"]

    static let exportLibraries = [("xlsx", "libPaydeskXLSX.so"), ("pdf", "libPaydeskPDF.so")]

    @Test func paydeskLinksNoDocumentOrMailLibrary() throws {
        let dynamic = try Spawn.run("/usr/bin/readelf", ["-d", Harness.binary])
        #expect(dynamic.status == 0, "\(dynamic.stderr)")
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("libsqlite3") }, "readelf listed the libraries: \(needed)")
        for library in Self.documentLibraries {
            #expect(!needed.contains { $0.contains(library) }, "paydesk still needs \(library)")
        }
        #expect(try Spawn.run("/usr/bin/readelf", ["-d", Harness.built("libPaydeskXLSX.so")]).stdout.contains("libxlsxwriter"))
        let pdf = try Spawn.run("/usr/bin/readelf", ["-d", Harness.built("libPaydeskPDF.so")]).stdout
        #expect(pdf.contains("libcairo") && !pdf.contains("libxlsxwriter"))
        #expect(try Spawn.run("/usr/bin/readelf", ["-d", Harness.built("libPaydeskMail.so")]).stdout.contains("libgmime"))
    }

    /// The Swift runtime and Foundation are linked into paydesk (Package.swift's
    /// `staticRuntime`): binding them at every start was ~3 ms of each command. The mail and
    /// document libraries keep the shared runtime; their exports and intake above and in
    /// ExportEndToEndTests run in the same process as the static one.
    @Test func paydeskCarriesItsSwiftRuntime() throws {
        let dynamic = try Spawn.run("/usr/bin/readelf", ["-d", Harness.binary])
        let needed = dynamic.stdout.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("libncursesw") }, "readelf listed the libraries: \(needed)")
        for library in ["libswiftCore", "libFoundation", "libdispatch", "libswift_Concurrency", "lib_FoundationICU"] {
            #expect(!needed.contains { $0.contains(library) }, "paydesk loads \(library) at every start")
        }
        let header = try Spawn.run("/usr/bin/readelf", ["-h", Harness.binary]).stdout
        #expect(header.contains("DYN"), "paydesk is no longer position-independent: \(header)")
    }

    @Test func mailIntakeNamesTheMissingLibraryAndFindsTheInstalledOne() throws {
        let fm = FileManager.default
        let db = try Harness.demoDatabase()
        let prefix = try Harness.tempDir().path
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: prefix + "/mail", withIntermediateDirectories: true)
        try Harness.copyBinary(to: prefix + "/bin/paydesk")
        let customer = try SupportStore(path: db, create: false).customer(id: 4)
        try "From: \(customer.email)\r\nSubject: Refund\r\nMessage-ID: <lib1@x>\r\n\r\nTolong refund\r\n"
            .write(toFile: prefix + "/mail/m1.eml", atomically: true, encoding: .utf8)
        func intake() throws -> [String: Any] {
            var env = ProcessInfo.processInfo.environment
            env["LANG"] = "C.UTF-8"
            let r = try Spawn.run(prefix + "/bin/paydesk", ["intake", "--channel", "email", "--file", prefix + "/mail",
                                                           "--category", "payment", "--json", "--db", db, "--as", "ops"], environment: env)
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        }

        let missing = try intake()
        #expect(missing["rejected"] as? Int == 1 && missing["created"] as? Int == 0)
        let reason = try #require((missing["rejections"] as? [[String: Any]])?.first?["reason"] as? String)
        #expect(reason.contains("libPaydeskMail.so") && reason.contains(prefix + "/lib/paydesk/libPaydeskMail.so"), "\(reason)")

        try fm.createDirectory(atPath: prefix + "/lib/paydesk", withIntermediateDirectories: true)
        try fm.copyItem(atPath: Harness.built("libPaydeskMail.so"), toPath: prefix + "/lib/paydesk/libPaydeskMail.so")
        let installed = try intake()
        #expect(installed["rejected"] as? Int == 0 && (installed["created"] as? Int ?? 0) + (installed["threaded"] as? Int ?? 0) == 1, "\(installed)")
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

        for (format, library) in Self.exportLibraries {
            let missing = try export(format)
            #expect(missing.status == 1, "\(format): \(missing.stderr)")
            #expect(missing.stderr.contains("through this library") && missing.stderr.contains(library), "\(format): \(missing.stderr)")
            #expect(missing.stderr.contains(prefix + "/lib/paydesk/" + library), "the sentence says where it looked")
            #expect(missing.stderr.split(separator: "\n").count == 1, "one sentence: \(missing.stderr)")
            #expect(!fm.fileExists(atPath: prefix + "/out.\(format)"), "no file is left behind")
        }
        let csv = try export("csv")
        #expect(csv.status == 0, "a CSV export needs no document library: \(csv.stderr)")

        // Laid out as `make install` does it.
        try fm.createDirectory(atPath: prefix + "/lib/paydesk", withIntermediateDirectories: true)
        for (_, library) in Self.exportLibraries {
            try fm.copyItem(atPath: Harness.built(library), toPath: prefix + "/lib/paydesk/" + library)
        }
        for (format, _) in Self.exportLibraries {
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
