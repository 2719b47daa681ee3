import CDocumentsABI
import Foundation

/// libPaydeskDocuments.so, opened on first use: the XLSX and PDF writers' side of the
/// seam in `documents_abi.h`. Linking libxlsxwriter, cairo and pango into paydesk itself
/// made every start of every command load them and their ~40 font, image and X11
/// libraries (measured: 5–6 ms of CPU per start, and their pages in every console's
/// memory); now only a process that writes a document pays for them.
///
/// The library is looked for beside the executable (where `swift build` puts it, and the
/// test runner too), then in `../lib/paydesk/` (where `make install` puts it).
enum DocumentLibrary {
    static let fileName = "libPaydeskDocuments.so"

    nonisolated(unsafe) private static let loaded: Result<UnsafePointer<paydesk_documents>, ExportError> = load()

    /// The entry points, or why they cannot be had; the reason names the file.
    static func entryPoints() throws(ExportError) -> UnsafePointer<paydesk_documents> {
        try loaded.get()
    }

    static func candidatePaths() -> [String] {
        let folder = URL(fileURLWithPath: executablePath()).deletingLastPathComponent()
        return [folder.appendingPathComponent(fileName).path,
                folder.deletingLastPathComponent().appendingPathComponent("lib/paydesk/\(fileName)").path]
    }

    private static func load() -> Result<UnsafePointer<paydesk_documents>, ExportError> {
        let paths = candidatePaths()
        guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            return .failure(missing("it is not installed (looked for \(paths.joined(separator: " and ")))"))
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(missing("\(path) did not load: \(dlerror().map { String(cString: $0) } ?? "no reason given")"))
        }
        typealias Entry = @convention(c) () -> UnsafePointer<paydesk_documents>?
        guard let symbol = dlsym(handle, PAYDESK_DOCUMENTS_ENTRY),
              let table = unsafeBitCast(symbol, to: Entry.self)() else {
            return .failure(missing("\(path) has no \(PAYDESK_DOCUMENTS_ENTRY) table"))
        }
        guard table.pointee.abi_version == PAYDESK_DOCUMENTS_ABI_VERSION else {
            return .failure(missing("\(path) is version \(table.pointee.abi_version) of the library, not \(PAYDESK_DOCUMENTS_ABI_VERSION): install it from the same build as paydesk"))
        }
        return .success(table)
    }

    private static func missing(_ reason: String) -> ExportError {
        .library(name: fileName, message: "paydesk writes XLSX and PDF files through this library, and \(reason)")
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
