import Foundation
import SupportExport

/// A fresh directory per test, so parallel tests never see each other's files.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("paydesk-export-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Every entry, hidden ones included: temporary files start with a dot.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs a command-line tool and returns its standard output.
func runTool(_ path: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Read before waiting: a full pipe would otherwise block the tool forever.
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// Fixed data that the tests across formats share.
enum Fixture {
    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    /// 2026-11-26 14:03:05 in Jakarta (07:03:05 UTC).
    static let afternoon = Date(timeIntervalSince1970: 1_795_676_585)

    static let document = ExportDocument(
        title: "Transactions — Budi Santoso",
        subtitleLines: ["Customer: B*** S****** · wallet W-0012345 · phone +62 812-****-7890"],
        period: DateInterval(start: Date(timeIntervalSince1970: 1_793_466_000),  // 2026-11-01 00:00 WIB
                             end: Date(timeIntervalSince1970: 1_795_798_800)),    // 2026-11-28 00:00 WIB
        generatedAt: afternoon,
        timeZone: jakarta,
        sheetName: "Transactions")

    static let columns = [
        ExportColumn("Time", kind: .dateTime),
        ExportColumn("Reference", widthHint: 14),
        ExportColumn("Counterparty", widthHint: 22),
        ExportColumn("Amount", kind: .money(currencyCode: "IDR", exponent: 0)),
        ExportColumn("Items", kind: .integer, widthHint: 6),
    ]

    static func row(_ index: Int, counterparty: String, amount: Int64) -> [ExportValue] {
        [.date(afternoon.addingTimeInterval(Double(index) * 60)), .text("TX\(100_000 + index)"),
         .text(counterparty), .money(amount), .integer(Int64(index))]
    }
}
