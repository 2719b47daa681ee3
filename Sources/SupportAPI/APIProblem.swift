import Foundation
import SupportCore
import SupportStore

/// An error on the wire: RFC 9457 problem details with paydesk's stable `code`, which maps
/// one to one onto the command line's exit codes. `detail` is the same one sentence the
/// embedded mode prints.
public struct APIProblem: Codable, Sendable, Equatable, Error {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var code: String

    public init(code: String, status: Int, detail: String) {
        self.type = "https://paydesk.invalid/problems/\(code)"
        self.title = Self.titles[code] ?? "Error"
        self.status = status
        self.detail = detail
        self.code = code
    }

    static let titles = ["invalid": "Bad request", "not_found": "Not found", "forbidden": "Forbidden",
                         "conflict": "Conflict", "busy": "Busy", "other": "Error", "too_large": "Request too large",
                         "unknown_operation": "No such operation", "unavailable": "Service unavailable",
                         "unsupported": "Not on this store"]

    /// The problem for any error a request can raise.
    public static func from(_ error: Error) -> APIProblem {
        switch error {
        case let problem as APIProblem: return problem
        case let error as StoreError:
            switch error.kind {
            case .invalid: return APIProblem(code: "invalid", status: 400, detail: error.message)
            case .notFound: return APIProblem(code: "not_found", status: 404, detail: error.message)
            case .forbidden: return APIProblem(code: "forbidden", status: 403, detail: error.message)
            case .conflict: return APIProblem(code: "conflict", status: 409, detail: error.message)
            case .busy: return APIProblem(code: "busy", status: 503, detail: error.message)
            case .unsupported: return APIProblem(code: "unsupported", status: 501, detail: error.message)
            case .other: return APIProblem(code: "other", status: 500, detail: error.message)
            }
        case let error as DecodingError:
            return APIProblem(code: "invalid", status: 400, detail: "The request body is not valid: \(describe(error))")
        default:
            return APIProblem(code: "other", status: 500, detail: "\(error)")
        }
    }

    /// Back to the error the embedded mode would have thrown, so callers see one kind.
    public var storeError: StoreError {
        let kind: StoreError.Kind = switch code {
        case "invalid", "too_large", "unknown_operation": .invalid
        case "not_found": .notFound
        case "forbidden": .forbidden
        case "conflict": .conflict
        case "busy": .busy
        case "unsupported": .unsupported
        default: .other
        }
        return StoreError(kind, detail)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "the body" : "'\(p)'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context)) is missing '\(key.stringValue)'."
        case .typeMismatch(_, let context): return "\(path(context)) has the wrong type."
        case .valueNotFound(_, let context): return "\(path(context)) is missing."
        case .dataCorrupted(let context): return "\(path(context)) is malformed JSON or an unknown value."
        @unknown default: return "it does not decode."
        }
    }
}

/// One JSON dialect on both sides of the socket: ISO 8601 times, sorted keys.
public enum WireJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.paydeskWire] = true
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
