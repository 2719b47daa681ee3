import ArgumentParser
import Foundation
import SupportAPI

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the live database to a new file with SQLite's online backup (admins).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The new file to write (must not exist).") var file: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let client = try global.client()
        let path = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let report = try client.send(BackupRequest(path: path))
        if json { try Output.json(report) } else { print("Backed up to \(report.path) (\(report.bytes) bytes).") }
    }
}
