import Foundation

/// Decodes a request body strictly: malformed JSON and fields the request does not have are
/// both refused with one sentence, so a typo in a third-party client is not silently ignored.
public enum RequestDecoding {
    public static func decode<R: SupportRequest>(_ type: R.Type, from data: Data) throws -> R {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw APIProblem(code: "invalid", status: 400, detail: "The request body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else {
            throw APIProblem(code: "invalid", status: 400, detail: "The request body must be a JSON object.")
        }
        let request = try WireJSON.decoder().decode(R.self, from: data)
        // A known field survives a round trip unless it was null; anything else is unknown.
        let known = (try JSONSerialization.jsonObject(with: WireJSON.encoder().encode(request))) as? [String: Any] ?? [:]
        if let unknown = fields.keys.sorted().first(where: { known[$0] == nil && !(fields[$0] is NSNull) }) {
            throw APIProblem(code: "invalid", status: 400, detail: "'\(unknown)' is not a field of \(R.operation).")
        }
        return request
    }
}
