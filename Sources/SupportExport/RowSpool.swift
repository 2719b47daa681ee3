import Foundation
import SupportCore

/// Rows parked on disk between `append` and `finish`, for exporters that must know the
/// row count before they write the first byte (a PDF's "Page N of M").
///
/// The file lives beside the destination (so a RAM-backed /tmp never holds it) and is
/// unlinked the moment it is created: it has no name anyone can open, and it vanishes
/// when the descriptor closes, even if the process is killed.
final class RowSpool {
    let cellsPerRow: Int
    private(set) var rowCount = 0
    private var descriptor: Int32
    private let writer: BufferedFileWriter

    init(beside destination: URL, cellsPerRow: Int) throws(ExportError) {
        let directory = destination.deletingLastPathComponent().path
        let (descriptor, path) = try StagedOutputFile.createUniqueFile(
            in: directory, template: ".\(destination.lastPathComponent).spool.XXXXXX", modes: FileModes())
        unlink(path)
        self.descriptor = descriptor
        self.cellsPerRow = cellsPerRow
        writer = BufferedFileWriter(descriptor: descriptor, path: path)
    }

    deinit { close() }

    /// Each cell is its UTF-8 length (UInt32, little-endian) then its bytes.
    func append(_ cells: [String]) throws {
        precondition(cells.count == cellsPerRow, "every spooled row has one cell per column")
        for cell in cells {
            try writer.write(littleEndian: UInt32(cell.utf8.count))
            try writer.write(cell)
        }
        rowCount += 1
    }

    /// Reads the rows back from the start; the spool takes no more rows after this.
    func makeReader() throws -> RowSpoolReader {
        try writer.flush()
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw ExportError.writeFailed(path: "the row spool", reason: currentErrnoText())
        }
        return RowSpoolReader(descriptor: descriptor, cellsPerRow: cellsPerRow)
    }

    func close() {
        if descriptor >= 0 { Foundation.close(descriptor) }
        descriptor = -1
    }
}

/// Reads spooled rows in order, a buffer at a time.
struct RowSpoolReader {
    private let descriptor: Int32
    private let cellsPerRow: Int
    private var buffer: [UInt8] = []
    private var position = 0

    fileprivate init(descriptor: Int32, cellsPerRow: Int) {
        self.descriptor = descriptor
        self.cellsPerRow = cellsPerRow
    }

    /// The next row, or nil at the end of the spool.
    mutating func next() throws -> [String]? {
        guard try fill(atLeast: 1) else { return nil }
        var cells: [String] = []
        cells.reserveCapacity(cellsPerRow)
        for _ in 0..<cellsPerRow {
            let length = Int(try readLength())
            guard try fill(atLeast: length) else { throw Self.truncated }
            cells.append(String(decoding: buffer[position..<position + length], as: UTF8.self))
            position += length
        }
        return cells
    }

    private mutating func readLength() throws -> UInt32 {
        guard try fill(atLeast: 4) else { throw Self.truncated }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(buffer[position + shift]) << (8 * shift) }
        position += 4
        return value
    }

    /// Makes sure `count` unread bytes are buffered; false if the spool ends first.
    private mutating func fill(atLeast count: Int) throws -> Bool {
        if buffer.count - position >= count { return true }
        buffer.removeSubrange(0..<position)
        position = 0
        var chunk = [UInt8](repeating: 0, count: max(1 << 16, count))
        while buffer.count < count {
            let read = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if read < 0 && errno == EINTR { continue }
            if read < 0 { throw ExportError.writeFailed(path: "the row spool", reason: currentErrnoText()) }
            if read == 0 { return false }
            buffer.append(contentsOf: chunk[0..<read])
        }
        return true
    }

    private static let truncated = ExportError.library(name: "The row spool", message: "it ended in the middle of a row")
}
