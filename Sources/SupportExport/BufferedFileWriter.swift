import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffers small writes into large write(2) calls on a descriptor it does not own.
/// Exports write millions of short fields; one system call each would dominate.
final class BufferedFileWriter {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private let capacity: Int

    init(descriptor: Int32, path: String, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.path = path
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { (bytes) throws in try write(UnsafeRawBufferPointer(bytes)) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity {
            try writeFully(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func write<T: FixedWidthInteger>(littleEndian value: T) throws {
        var value = value.littleEndian
        try withUnsafeBytes(of: &value) { (bytes) throws in try write(bytes) }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { (bytes) throws in try writeFully(bytes) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws(ExportError) {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: currentErrnoText())
            }
            offset += written
        }
    }
}

/// write(2) under a name that the writer's own `write` methods do not shadow.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
