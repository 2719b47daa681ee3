import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

extension IntakeFormat: ExpressibleByArgument {}

/// `paydesk intake`: imports a channel's export. Exit status: 0 whenever the file (or
/// folder) could be read, even if some lines were rejected — the summary and the
/// rejections say which, and a rerun after fixing them imports only what is new; 1 when
/// nothing could be read at all (missing, unreadable, too large, a folder without .eml);
/// 2 for bad options; the usual codes when the agent is unknown (4).
struct IntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Import incoming contacts from a channel: JSON lines, a CSV phone log, or .eml files.",
        discussion: """
            Each contact needs id (the source's message id), at (ISO 8601; without a zone it is \
            Asia/Jakarta time), one of wallet_id / phone / email, body, and category (or --category); \
            subject, subcategory, priority and name are optional. CSV files have a header row with \
            the same names. Emails give From, Subject, Date and Message-ID; X-Paydesk-Category, \
            -Subcategory, -Priority and -Wallet-Id headers are read when present.

            A contact joins the customer's open ticket (new, open, pending, on_hold) of the same \
            category, or a solved one still inside the auto-close window, which it reopens; \
            otherwise it opens a new ticket whose SLA clocks start at the contact's time. \
            Running the same file twice imports nothing twice. Bad lines are reported with their \
            line number and skipped; the exit status is 0 when the file could be read, 1 when not.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Channel: \(Channel.allCases.map(\.rawValue).joined(separator: ", ")).") var channel: Channel
    @Option(help: "A JSON-lines or CSV file, one .eml file, a folder of .eml files, or - for one message on standard input.")
    var file: String
    @Option(help: "jsonl, csv or eml (default: from the file name; a folder is eml).") var format: IntakeFormat?
    @Option(help: "Category for contacts that name none (emails usually).") var category: Category?
    @Option(help: "Priority for contacts that name none.") var priority: Priority = .p3
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        if file == "-" { return try MailGate.run(self) }
        let client = try global.client()
        _ = try client.whoAmI()
        let defaults = IntakeDefaults(category: category, priority: priority)
        var isDirectory: ObjCBool = false
        let isFolder = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && isDirectory.boolValue
        let report: IntakeReport
        if isFolder && (format ?? .eml) == .eml {
            // A folder is read on a second core while the mails before are imported.
            let folder = try readable { try IntakeFolderReader(path: file, defaults: defaults, now: client.now()) }
            report = try client.importContacts(reading: folder, channel: channel)
        } else {
            let batch = try readable { try IntakeReader.read(path: file, format: format, defaults: defaults, now: client.now()) }
            report = try client.importContacts(batch, channel: channel)
        }
        if json { return try Output.json(report) }
        for rejection in report.rejections {
            FileHandle.standardError.write(Data("paydesk: rejected \(PlainText.inert(rejection.description))\n".utf8))
        }
        print("Intake from \(PlainText.inert(file)) (\(channel.rawValue)): \(report.summary).")
    }

    /// What reading the file or folder gave; when nothing could be read, exit status 1.
    private func readable<T>(_ read: () throws -> T) throws -> T {
        do { return try read() } catch let error as StoreError { throw CommandFailure.other(error.message) }
    }
}
