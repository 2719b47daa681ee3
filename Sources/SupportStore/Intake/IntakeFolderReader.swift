import Foundation
import SupportCore

/// A folder of `.eml` files, read a chunk of contacts at a time. `start()` reads and parses
/// on a thread of its own while the caller imports the chunks already handed over, so the
/// MIME work (GMime, charsets, HTML to text) runs on a second core instead of all before
/// the first import. Chunks come out in file-name order whichever way the folder is read —
/// a reply still comes after the mail it answers (threading by In-Reply-To within one
/// folder depends on it) and the report lists the files in order. At most
/// `bufferedChunks` wait to be taken, so a large folder is never held parsed in memory.
public final class IntakeFolderReader: @unchecked Sendable {
    /// Contacts in a chunk: what the reader hands over at once. An intake transaction takes
    /// contacts across chunks (`IntakeTransactionBound`), so this only sets how soon the
    /// first contacts can be imported and how much waits parsed in memory.
    public static let contactsPerChunk = 100
    /// Parsed chunks that may wait for the importer: enough to ride out a slow file.
    static let bufferedChunks = 4

    public let path: String
    /// The `.eml` files, full paths, in name order.
    let files: [String]
    private let defaults: IntakeDefaults
    private let now: Date
    /// Used by one thread at a time, as `nextFile` is.
    private let dates = IntakeDateParser()

    // Shared with the reading thread, under `condition`.
    private let condition = NSCondition()
    private var waiting: [IntakeBatch] = []
    private var readerDone = false
    private var cancelled = false
    private var threadStarted = false
    /// The next file for a caller reading without the thread.
    private var nextFile = 0

    /// Lists the folder. A folder that cannot be listed, or holds no `.eml` file, throws:
    /// nothing could be read at all.
    public init(path: String, defaults: IntakeDefaults = IntakeDefaults(), now: Date = Date()) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw StoreError(.other, "Cannot read the folder \(path): \(error.localizedDescription).")
        }
        let emails = names.filter { $0.lowercased().hasSuffix(".eml") }.sorted()
        guard !emails.isEmpty else { throw StoreError(.other, "The folder \(path) holds no .eml files.") }
        self.path = path
        self.files = emails.map { (path as NSString).appendingPathComponent($0) }
        self.defaults = defaults
        self.now = now
    }

    deinit { cancel() }

    /// Reads on a thread of its own from now on; `next()` then waits for it. Call before
    /// the first `next()`.
    public func start() {
        condition.lock()
        guard !threadStarted, nextFile == 0 else { condition.unlock(); return }
        threadStarted = true
        condition.unlock()
        let thread = Thread { [self] in readAhead() }
        thread.name = "intake-reader"
        thread.start()
    }

    /// The next chunk in file order, or nil when every file has been handed over (or the
    /// reading was cancelled).
    public func next() -> IntakeBatch? {
        condition.lock()
        guard threadStarted else {
            condition.unlock()
            return readChunk()
        }
        defer { condition.unlock() }
        while waiting.isEmpty && !readerDone && !cancelled { condition.wait() }
        guard !cancelled, !waiting.isEmpty else { return nil }
        let chunk = waiting.removeFirst()
        condition.broadcast()
        return chunk
    }

    /// Stops the reading thread at its next file: the importer failed and the rest of the
    /// folder will not be imported.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Every file at once, as one batch (for a service, which is sent the whole batch).
    public func readAll() -> IntakeBatch {
        var all = IntakeBatch()
        while let chunk = next() {
            all.contacts += chunk.contacts
            all.rejections += chunk.rejections
            all.files += chunk.files
        }
        return all
    }

    // MARK: reading

    private func readAhead() {
        while true {
            condition.lock()
            while waiting.count >= Self.bufferedChunks && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            // Parsing happens outside the lock, so the importer takes chunks meanwhile.
            let chunk = stop ? nil : readChunk()
            condition.lock()
            if let chunk { waiting.append(chunk) } else { readerDone = true }
            condition.broadcast()
            condition.unlock()
            if chunk == nil { return }
        }
    }

    /// The next files up to a chunk's worth of contacts; nil when none are left. Only one
    /// thread reads at a time: the caller before `start()`, the reading thread after.
    private func readChunk() -> IntakeBatch? {
        guard nextFile < files.count else { return nil }
        var chunk = IntakeBatch()
        while nextFile < files.count && chunk.contacts.count < Self.contactsPerChunk {
            let file = files[nextFile]
            nextFile += 1
            IntakeReader.readEmailFile(file, into: &chunk,
                                       fields: ContactFields(file: file, line: nil, defaults: defaults, dates: dates, now: now))
        }
        return chunk
    }
}
