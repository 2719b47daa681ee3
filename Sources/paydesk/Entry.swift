import ArgumentParser
import Foundation
import SupportStore
import TermUI

/// Exit codes, as documented: 0 ok, 2 usage, 3 not found, 4 forbidden, 5 conflict, 1 other.
@main
enum Entry {
    static func main() {
        var command: ParsableCommand
        do {
            command = try Paydesk.parseAsRoot(try StdinArgument.expandingReason(Array(CommandLine.arguments.dropFirst())))
        } catch let error as CommandFailure {
            fail(error.message, code: error.code)
        } catch {
            // --help and --version "fail" with exit code 0; everything else is a usage error.
            if Paydesk.exitCode(for: error) == .success {
                print(Paydesk.fullMessage(for: error))
                exit(0)
            }
            // The message quotes the arguments, which may carry someone else's text.
            FileHandle.standardError.write(Data((TextSanitizer.cleanMultiline(Paydesk.fullMessage(for: error)) + "\n").utf8))
            exit(2)
        }
        do {
            try command.run()
        } catch let error as StoreError {
            fail(error.message, code: code(for: error.kind))
        } catch let error as CommandFailure {
            fail(error.message, code: error.code)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            // ArgumentParser may report `--help` from run() rather than from parsing
            // (every `paydesk … --help` printed "CommandError(…)" and exited 1).
            if Paydesk.exitCode(for: error) == .success {
                print(Paydesk.fullMessage(for: error))
                exit(0)
            }
            fail("\(error)", code: 1)
        }
        exit(0)
    }

    static func code(for kind: StoreError.Kind) -> Int32 {
        switch kind {
        case .invalid: 2
        case .notFound: 3
        case .forbidden: 4
        case .conflict: 5
        case .busy, .other: 1
        case .unsupported: 6
        }
    }

    /// Messages quote stored text (another agent's reason, a customer's name), so they
    /// are made inert like everything else printed.
    static func fail(_ message: String, code: Int32) -> Never {
        let message = TextSanitizer.cleanMultiline(message)
        let line = message.hasSuffix(".") || message.hasSuffix("?") ? message : message + "."
        FileHandle.standardError.write(Data(("paydesk: " + line + "\n").utf8))
        exit(code)
    }
}

/// An error raised by a command itself (not the store), with its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32
    static func usage(_ m: String) -> CommandFailure { CommandFailure(message: m, code: 2) }
    static func other(_ m: String) -> CommandFailure { CommandFailure(message: m, code: 1) }
}
