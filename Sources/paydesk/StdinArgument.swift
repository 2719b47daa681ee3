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

    /// `--reason -` (or `--reason=-`) on any command: the reason is read from stdin
    /// before parsing, so free text that may name a customer stays out of `ps`.
    static func expandingReason(_ arguments: [String]) throws -> [String] {
        var out: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--reason", index + 1 < arguments.count, arguments[index + 1] == "-" {
                out += ["--reason", try value("-")]
                index += 2
                continue
            }
            out.append(argument == "--reason=-" ? "--reason=" + (try value("-")) : argument)
            index += 1
        }
        return out
    }
}
