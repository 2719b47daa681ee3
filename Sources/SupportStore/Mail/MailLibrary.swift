import CMailABI
import SiblingLibraries

/// libPaydeskMail.so, opened on first use (`SiblingLibrary`): GMime, GLib and libxml2 behind
/// the seam in `mail_abi.h`. Linked into paydesk they were loaded by every start of every
/// command and kept in every console; now only a process that reads or writes mail loads them.
enum MailLibrary {
    static let fileName = "libPaydeskMail.so"

    /// The entry points and GMime's parser options, made once per process.
    struct Loaded: @unchecked Sendable {
        let api: UnsafePointer<paydesk_mail>
        let options: UnsafeMutableRawPointer
    }

    private static let loaded: Result<Loaded, MailLibraryUnavailable> = load()

    static func entryPoints() throws(MailLibraryUnavailable) -> Loaded {
        try loaded.get()
    }

    private static func load() -> Result<Loaded, MailLibraryUnavailable> {
        SiblingLibrary.table(fileName: fileName, entry: PAYDESK_MAIL_ENTRY)
            .map { $0.assumingMemoryBound(to: paydesk_mail.self) }
            .flatMap { table -> Result<Loaded, SiblingLibrary.LoadFailure> in
                let version = table.pointee.abi_version
                guard version == PAYDESK_MAIL_ABI_VERSION else {
                    return .failure(SiblingLibrary.wrongVersion(fileName: fileName, found: version, expected: PAYDESK_MAIL_ABI_VERSION))
                }
                return .success(Loaded(api: table, options: table.pointee.start()))
            }
            .mapError { MailLibraryUnavailable(reason: $0.reason) }
    }
}

/// The mail library could not be opened: one sentence that names the file.
public struct MailLibraryUnavailable: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String {
        "paydesk reads and writes email through \(MailLibrary.fileName), and \(reason)."
    }
}
