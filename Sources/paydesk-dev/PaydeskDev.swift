import ArgumentParser
import Foundation
import SupportCore

/// `paydesk-dev`: the tools that measure and stress paydesk — the scale seed, the
/// benchmarks and the soak drills. They are not part of the product: `make install` ships
/// `paydesk` alone, and nothing here is needed to run a team.
@main
struct PaydeskDev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paydesk-dev",
        abstract: "Scale seed, benchmarks and soak drills for paydesk (not installed).",
        version: "0.1.0",
        subcommands: [
            SeedCommand.self,
            BenchCommand.self,
            BenchServiceCommand.self,
            BenchFleetCommand.self,
            BenchPostgresCommand.self,
            BenchChannelsCommand.self,
            SoakCommand.self,
        ]
    )

    /// Errors as the product prints them: one line on stderr, the failure's exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("paydesk-dev: \(failure.message)\n".utf8))
            Foundation.exit(failure.code)
        } catch {
            exit(withError: error)
        }
    }
}

/// An error raised by a tool, with its exit code (the product's codes: 2 usage, 1 other).
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32
    var description: String { message }
    static func usage(_ m: String) -> CommandFailure { CommandFailure(message: m, code: 2) }
    static func other(_ m: String) -> CommandFailure { CommandFailure(message: m, code: 1) }
}

/// Reports print as the product's `--json` does: sorted keys, ISO 8601 dates.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        (encoder.outputFormatting, encoder.dateEncodingStrategy) = ([.prettyPrinted, .sortedKeys, .withoutEscapingSlashes], .iso8601)
        print(SafeJSON.escapingControls(String(decoding: try encoder.encode(value), as: UTF8.self)))
    }
}

/// The product binary the tools start (the console for `bench --pty`, the service for
/// `bench-service` and the drills): the `paydesk` built beside this one.
enum ProductBinary {
    static var path: String {
        URL(fileURLWithPath: Shell.executablePath()).deletingLastPathComponent().appendingPathComponent("paydesk").path
    }
}
