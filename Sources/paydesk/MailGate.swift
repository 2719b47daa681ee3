import ArgumentParser
import Foundation
import SupportAPI
import SupportCore
import SupportStore

/// `paydesk intake --channel email --file -`: one message on standard input, for the mail
/// system's pipe alias (`support: "|/usr/local/bin/paydesk intake --channel email --file - …"`),
/// as Request Tracker's rt-mailgate works. Exit codes follow sysexits(3), which is what
/// an MTA reads: 0 imported (or imported before), 65 EX_DATAERR the message cannot be
/// used (the MTA bounces it with the reason), 75 EX_TEMPFAIL the database is busy or
/// failed (the MTA keeps the message and tries again), 77 EX_NOPERM a bad actor.
enum MailGate {
    static let dataError: Int32 = 65, tempFail: Int32 = 75, noPermission: Int32 = 77

    static func run(_ command: IntakeCommand) throws {
        let input = FileHandle.standardInput.readData(ofLength: IntakeLimits.emailBytes + 1)
        guard input.count <= IntakeLimits.emailBytes else {
            fail("the message is larger than \(IntakeLimits.emailBytes >> 20) MiB", code: dataError)
        }
        let client: SupportClient
        do {
            client = try command.global.client()
            _ = try client.whoAmI()
        } catch let error as StoreError where error.kind == .forbidden || error.kind == .notFound {
            fail(error.message, code: noPermission)
        } catch let error as StoreError {
            fail(error.message, code: tempFail)
        }
        let batch = IntakeReader.read(data: input, name: "stdin", format: command.format ?? .eml,
                                      defaults: IntakeDefaults(category: command.category, priority: command.priority),
                                      now: client.now())
        let report: IntakeReport
        do {
            report = try client.importContacts(batch, channel: command.channel)
        } catch let error as StoreError where error.kind == .forbidden {
            fail(error.message, code: noPermission)
        } catch let error as StoreError {
            fail(error.message, code: tempFail)
        }
        if command.json { try Output.json(report) }
        if let rejection = report.rejections.first { fail(PlainText.inert(rejection.description), code: dataError) }
        if !command.json { print("Intake from stdin (\(command.channel.rawValue)): \(report.summary).") }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("paydesk: \(message)\n".utf8))
        exit(code)
    }
}
