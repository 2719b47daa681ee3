import Foundation

/// Secrets and free text passed as arguments are visible to every local user in `ps`
/// and /proc. Where a command takes one, `-` reads it from standard input instead.
enum StdinArgument {
    static func value(_ argument: String) throws -> String {
        guard argument == "-" else { return argument }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard data.count <= 64 << 10 else { throw CommandFailure.usage("standard input is longer than 64 KiB") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
