import Foundation

/// One of paydesk's own shared libraries (libPaydeskMail.so, libPaydeskXLSX.so, libPaydeskPDF.so), opened
/// with dlopen the first time it is needed rather than linked: what they bring (GMime,
/// GLib, libxml2; libxlsxwriter, cairo, pango and their font and X11 libraries) was loaded,
/// relocated and partly paged in by every start of every command and kept by every console.
///
/// A library is looked for beside the executable (where `swift build` puts it, and the test
/// runner too), then in `../lib/paydesk/` (where `make install` puts it). Each exports one C
/// function, `entry`, returning its table of entry points.
public enum SiblingLibrary {
    /// Why a library could not be had, as the end of a sentence that names the file.
    public struct LoadFailure: Error, Sendable {
        public let fileName: String
        public let reason: String
    }

    public static func table(fileName: String, entry: String) -> Result<UnsafeRawPointer, LoadFailure> {
        let paths = candidatePaths(fileName: fileName)
        guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            return .failure(LoadFailure(fileName: fileName, reason: "it is not installed (looked for \(paths.joined(separator: " and ")))"))
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "no reason given"
            return .failure(LoadFailure(fileName: fileName, reason: "\(path) did not load: \(why)"))
        }
        typealias Entry = @convention(c) () -> UnsafeRawPointer?
        guard let symbol = dlsym(handle, entry), let table = unsafeBitCast(symbol, to: Entry.self)() else {
            return .failure(LoadFailure(fileName: fileName, reason: "\(path) has no \(entry) table"))
        }
        return .success(table)
    }

    /// Beside the executable, then `<prefix>/lib/paydesk/` for `<prefix>/bin/paydesk`.
    public static func candidatePaths(fileName: String) -> [String] {
        let folder = URL(fileURLWithPath: executablePath()).deletingLastPathComponent()
        return [folder.appendingPathComponent(fileName).path,
                folder.deletingLastPathComponent().appendingPathComponent("lib/paydesk/\(fileName)").path]
    }

    /// A table of another version than this paydesk was built with.
    public static func wrongVersion(fileName: String, found: Int32, expected: Int32) -> LoadFailure {
        LoadFailure(fileName: fileName, reason: "it is version \(found) of the library, not \(expected): install it from the same build as paydesk")
    }

    /// This process's executable, symlinks resolved: the library is installed beside the
    /// real file, not beside a link to it.
    private static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments.first ?? "paydesk" }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
