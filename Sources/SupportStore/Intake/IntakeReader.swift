import Foundation
import SupportCore

/// The shapes channel exports come in.
public enum IntakeFormat: String, Sendable, CaseIterable {
    case jsonl      // one JSON object per line: web forms, app chat, social media
    case csv        // header row, then one contact per record: phone logs
    case eml        // one email per file, or a folder of them

    /// By the file's name: a folder or `.eml` is email, `.csv` is CSV, anything else JSON lines.
    public static func guess(path: String, isDirectory: Bool) -> IntakeFormat {
        if isDirectory { return .eml }
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "eml": return .eml
        case "csv": return .csv
        default: return .jsonl
        }
    }
}

/// Reads a channel export into contacts. A file that cannot be read at all throws; a line
/// that cannot be used becomes a rejection with its line number, and reading goes on.
public enum IntakeReader {
    public static func read(path: String, format: IntakeFormat? = nil, defaults: IntakeDefaults = IntakeDefaults(),
                            now: Date = Date()) throws -> IntakeBatch {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StoreError(.other, "Cannot read \(path): no such file or folder.")
        }
        let format = format ?? IntakeFormat.guess(path: path, isDirectory: isDirectory.boolValue)
        if isDirectory.boolValue {
            guard format == .eml else { throw StoreError(.other, "\(path) is a folder; only email (.eml) is read from a folder.") }
            return try IntakeFolderReader(path: path, defaults: defaults, now: now).readAll()
        }
        let data = try load(path, limit: format == .eml ? IntakeLimits.emailBytes : IntakeLimits.fileBytes)
        let fields = ContactFields(file: path, line: nil, defaults: defaults, dates: IntakeDateParser(), now: now)
        return oneFile(data, format: format, fields: fields)
    }

    /// One `.eml` file of a folder into `batch`: its contact, or why not. One unreadable
    /// email is a rejection, not the end of the folder.
    static func readEmailFile(_ file: String, into batch: inout IntakeBatch, fields: ContactFields) {
        guard let data = try? load(file, limit: IntakeLimits.emailBytes) else {
            batch.rejections.append(IntakeRejection(file: file, line: nil, reason: "cannot be read, or is larger than \(IntakeLimits.emailBytes >> 20) MiB"))
            return
        }
        batch.files += 1
        append(EmailReader.contact(data, fields: fields), to: &batch)
    }

    /// Reads bytes already in memory (a message piped in by the mail system), named
    /// `name` in rejections.
    public static func read(data: Data, name: String, format: IntakeFormat, defaults: IntakeDefaults = IntakeDefaults(),
                            now: Date = Date()) -> IntakeBatch {
        let fields = ContactFields(file: name, line: nil, defaults: defaults, dates: IntakeDateParser(), now: now)
        return oneFile(data, format: format, fields: fields)
    }

    /// One file's contacts, whether it was read from disk or piped in.
    private static func oneFile(_ data: Data, format: IntakeFormat, fields: ContactFields) -> IntakeBatch {
        var batch: IntakeBatch
        switch format {
        case .jsonl: batch = jsonLines(data, fields: fields)
        case .csv: batch = csv(data, fields: fields)
        case .eml:
            batch = IntakeBatch()
            append(EmailReader.contact(data, fields: fields), to: &batch)
        }
        batch.files = 1
        return batch
    }

    static func load(_ path: String, limit: Int) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= limit else {
            throw StoreError(.other, "\(path) is \(size >> 20) MiB; intake reads files up to \(limit >> 20) MiB, so split it.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError(.other, "Cannot read \(path): permission denied or not a regular file.")
        }
        return data
    }

    static func append(_ result: Result<IncomingContact, IntakeRejection>, to batch: inout IntakeBatch) {
        switch result {
        case .success(let contact): batch.contacts.append(contact)
        case .failure(let rejection): batch.rejections.append(rejection)
        }
    }

    // MARK: lines

    /// Physical lines as bytes, numbered from 1, without their LF or CRLF; a UTF-8 byte
    /// order mark at the start is dropped.
    static func physicalLines(_ data: Data) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines: [(Int, ArraySlice<UInt8>)] = []
        var start = 0
        var number = 1
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            var end = i
            if end > start && bytes[end - 1] == 0x0D { end -= 1 }
            lines.append((number, bytes[start..<end]))
            start = i + 1
            number += 1
        }
        if start < bytes.count {
            var end = bytes.count
            if bytes[end - 1] == 0x0D { end -= 1 }
            lines.append((number, bytes[start..<end]))
        }
        return lines
    }

    /// The line as text, or why it cannot be: NUL bytes, broken UTF-8, absurd length.
    static func text(_ bytes: ArraySlice<UInt8>) -> Result<String, LineProblem> {
        guard bytes.count <= IntakeLimits.lineBytes else { return .failure(LineProblem(reason: "line is longer than \(IntakeLimits.lineBytes >> 10) KiB")) }
        guard !bytes.contains(0) else { return .failure(LineProblem(reason: "line contains a NUL byte")) }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding replaces broken sequences; a round trip that differs means there were some.
        guard text.utf8.elementsEqual(bytes) else { return .failure(LineProblem(reason: "line is not valid UTF-8")) }
        return .success(text)
    }

    struct LineProblem: Error { var reason: String }

    // MARK: JSON lines

    static func jsonLines(_ data: Data, fields template: ContactFields) -> IntakeBatch {
        var batch = IntakeBatch()
        let decoder = JSONDecoder()
        for (number, bytes) in physicalLines(data) {
            var fields = template
            fields.line = number
            func reject(_ reason: String) {
                batch.rejections.append(IntakeRejection(file: fields.file, line: number, reason: reason))
            }
            let line: String
            switch text(bytes) {
            case .success(let t): line = t
            case .failure(let problem): reject(problem.reason); continue
            }
            if line.allSatisfy(\.isWhitespace) { continue }
            let object: [String: JSONScalar]
            do {
                object = try decoder.decode([String: JSONScalar].self, from: Data(line.utf8))
            } catch DecodingError.typeMismatch {
                reject("not a JSON object"); continue
            } catch {
                reject("invalid JSON"); continue
            }
            var values: [String: String] = [:]
            var bad: String?
            for (key, value) in object {
                switch value {
                case .text(let t): values[key.lowercased()] = t
                case .null: break
                case .structured: if bad == nil || key < bad! { bad = key }
                }
            }
            if let bad { reject("field \(bad) must be text, not an object, array or boolean"); continue }
            append(fields.contact(values), to: &batch)
        }
        return batch
    }

    /// A JSON value as intake sees it: text (numbers written as digits count, since ids
    /// and phone numbers are often exported unquoted), null, or something structured
    /// (objects, arrays and booleans, which no contact field holds).
    enum JSONScalar: Decodable {
        case text(String)
        case null
        case structured

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null; return }
            if let s = try? c.decode(String.self) { self = .text(s); return }
            if let i = try? c.decode(Int64.self) { self = .text(String(i)); return }
            if let d = try? c.decode(Double.self) { self = .text(String(d)); return }
            self = .structured
        }
    }

    // MARK: CSV

    /// RFC 4180: a header row, commas, double quotes around fields that hold commas,
    /// quotes (doubled) or line breaks. A record's line is the line it starts on.
    static func csv(_ data: Data, fields template: ContactFields) -> IntakeBatch {
        var batch = IntakeBatch()
        var header: [String]?
        var record: [String] = []
        var field = ""
        var quoted = false          // inside a quoted field, across line breaks too
        var started: Int?           // line the current record started on
        func reject(_ line: Int, _ reason: String) {
            batch.rejections.append(IntakeRejection(file: template.file, line: line, reason: reason))
        }
        func finish(_ line: Int) {
            record.append(field)
            field = ""
            defer { record = []; started = nil }
            if record.count == 1 && record[0].allSatisfy(\.isWhitespace) { return }
            guard let names = header else {
                header = record.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                return
            }
            guard record.count == names.count else {
                reject(line, "has \(record.count) fields; the header has \(names.count)")
                return
            }
            var values: [String: String] = [:]
            for (name, value) in zip(names, record) where !name.isEmpty { values[name] = value }
            var fields = template
            fields.line = line
            append(fields.contact(values), to: &batch)
        }
        for (number, bytes) in physicalLines(data) {
            let line: String
            switch text(bytes) {
            case .success(let t): line = t
            case .failure(let problem):
                let reason = problem.reason
                // The record this line belonged to cannot be trusted either; start afresh.
                reject(started ?? number, reason)
                record = []; field = ""; quoted = false; started = nil
                continue
            }
            if started == nil { started = number }
            var chars = line.makeIterator()
            var pending = chars.next()
            while let c = pending {
                pending = chars.next()
                if quoted {
                    if c == "\"" {
                        if pending == "\"" { field.append("\""); pending = chars.next() } else { quoted = false }
                    } else {
                        field.append(c)
                    }
                } else if c == "\"" && field.isEmpty {
                    quoted = true
                } else if c == "," {
                    record.append(field); field = ""
                } else {
                    field.append(c)
                }
            }
            if quoted {
                field.append("\n")
                if field.utf8.count > IntakeLimits.lineBytes {
                    reject(started ?? number, "record is longer than \(IntakeLimits.lineBytes >> 10) KiB")
                    record = []; field = ""; quoted = false; started = nil
                }
                continue
            }
            finish(started ?? number)
        }
        if let started {
            reject(started, "record ends inside a quoted field (a closing \" is missing)")
        }
        return batch
    }
}
