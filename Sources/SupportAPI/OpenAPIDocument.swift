import Foundation
import SupportCore
import SupportStore

/// The OpenAPI 3.1 description of the service, built from the request registry so that it
/// cannot drift from the routes; `docs/openapi.json` is this document, committed, and a
/// test holds the two equal.
public enum OpenAPIDocument {
    public static func json() -> String {
        let data = try! JSONSerialization.data(withJSONObject: document(), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Every path the document describes, for the test that compares it with the router.
    public static var paths: [String] {
        RequestRegistry.all.map { "/v1/\($0.operation)" } + ["/v1/events", "/v1/openapi.json", "/v1/health"] + webhookPaths
    }

    static func document() -> [String: Any] {
        var paths: [String: Any] = [:]
        var schemas: [String: Any] = [
            "Problem": [
                "type": "object", "required": ["type", "title", "status", "detail", "code"],
                "properties": ["type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
                               "detail": ["type": "string", "description": "One sentence for the user."],
                               "code": ["type": "string", "enum": ["invalid", "not_found", "forbidden", "conflict", "busy",
                                                                   "other", "too_large", "unknown_operation", "unavailable"],
                                        "description": "Stable; maps to the command line's exit codes 2, 3, 4, 5 and 1."]],
            ],
            "ChangeSet": [
                "type": "object",
                "properties": ["tickets": ["type": "array", "items": ["type": "integer"]],
                               "customers": ["type": "array", "items": ["type": "integer"]],
                               "everything": ["type": "boolean"], "presence": ["type": "boolean"],
                               "presenceTickets": ["type": "array", "items": ["type": "integer"],
                                                   "description": "With presence: the tickets an agent arrived at (absent: not named; re-read the open ticket's presence)."],
                               "presenceBy": ["type": "array", "items": ["type": "string"],
                                              "description": "With presence: whose presence moved (absent: not said). A console's own agent is never on its presence line."],
                               "owners": ["type": "array", "description": "Each changed ticket's owner after the commit (absent: unknown).",
                                          "items": ["type": "object",
                                                    "properties": ["number": ["type": "integer"], "assignee": ["type": "string"]]]],
                               "echoOf": ["type": "array", "description": "The writes this change tells of, each with who sent it and the token its client sent in X-Paydesk-Write (absent: not every write in it came with one). A console that has read back after its own writes need not read again for their echo.",
                                          "items": ["type": "object", "properties": ["by": ["type": "string"], "token": ["type": "string"]]]],
                               "unownedCounts": ["type": "object",
                                                 "description": "Every agent's unowned part of the header counts after the commit (absent: not counted; read them).",
                                                 "properties": ["version": ["type": "integer"], "at": ["type": "integer"],
                                                                "counts": ["type": "array", "description": "Alternating view name and count."]]]],
            ],
        ]
        for (name, values) in enums { schemas[name] = ["type": "string", "enum": values] }
        let problem: [String: Any] = ["description": "Refused; the body says why in one sentence.",
                                      "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]]
        for type in RequestRegistry.all {
            let op = type.operation
            // A request missing from the table would be documented without its fields.
            guard let fields = RequestFields.table[op] else { preconditionFailure("run scripts/dev/gen_fields.py: \(op) has no fields") }
            var properties: [String: Any] = [:]
            var required: [String] = []
            for field in fields {
                let optional = field.type.hasSuffix("?")
                properties[field.name] = schema(for: optional ? String(field.type.dropLast()) : field.type, into: &schemas)
                if !optional { required.append(field.name) }
            }
            var body: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
            if !required.isEmpty { body["required"] = required }
            paths["/v1/\(op)"] = ["post": [
                "operationId": op,
                "summary": "\(type.effect == .write ? "Change" : "Read"): \(op)",
                "tags": [type.effect.rawValue],
                "security": [["peerCredentials": [String]()]],
                "requestBody": ["required": true, "content": ["application/json": ["schema": body]]],
                "responses": ["200": ["description": "The result.", "content": ["application/json": ["schema": ["type": ["object", "array", "string", "integer", "boolean", "null"]]]]],
                              "400": problem, "403": problem, "404": problem, "409": problem, "413": problem, "500": problem, "503": problem],
            ]]
        }
        paths["/v1/events"] = ["get": [
            "operationId": "events", "summary": "Server-Sent Events: one ChangeSet per commit, keep-alive comments every 15 s.",
            "security": [["peerCredentials": [String]()]],
            "responses": ["200": ["description": "text/event-stream of `data: <ChangeSet JSON>` lines.",
                                  "content": ["text/event-stream": ["schema": ["$ref": "#/components/schemas/ChangeSet"]]]],
                          "403": problem]]]
        paths["/v1/openapi.json"] = ["get": ["operationId": "openapi", "summary": "This document.",
                                             "responses": ["200": ["description": "OpenAPI 3.1 JSON."]]]]
        paths["/v1/health"] = ["get": ["operationId": "health", "summary": "Liveness.",
                                       "responses": ["200": ["description": "{\"status\":\"ok\"}"]]]]
        paths.merge(webhooks(problem: problem)) { own, _ in own }
        return [
            "openapi": "3.1.0",
            "info": ["title": "paydesk service", "version": "1",
                     "description": "HTTP/1.1 + JSON over the service's Unix socket. The caller is the socket peer's uid (SO_PEERCRED), mapped to an agent login; the header X-Paydesk-As is honoured on demo databases only. A write may carry X-Paydesk-Write (up to 64 letters, digits and -), told back in the change it commits (echoOf). Times are ISO 8601 UTC, money is integer minor units."],
            "servers": [["url": "http+unix://%2Frun%2Fpaydesk%2Fpaydesk.sock"]],
            "paths": paths,
            "components": ["schemas": schemas,
                           "securitySchemes": ["peerCredentials": ["type": "http", "scheme": "peercred",
                                                                   "description": "Identity from the kernel: the uid of the process on the other end of the Unix socket."],
                                               "gatewaySignature": gatewaySignatureScheme]],
        ]
    }

    static func schema(for type: String, into schemas: inout [String: Any]) -> [String: Any] {
        switch type {
        case "Int64", "Int", "UInt64": return ["type": "integer"]
        case "String": return ["type": "string"]
        case "Bool": return ["type": "boolean"]
        case "Double": return ["type": "number"]
        case "Date": return ["type": "string", "format": "date-time"]
        case "Data": return ["type": "string", "contentEncoding": "base64"]
        default:
            if type.hasPrefix("["), type.hasSuffix("]") {
                return ["type": "array", "items": schema(for: String(type.dropFirst().dropLast()), into: &schemas)]
            }
            if schemas[type] == nil {
                schemas[type] = ["type": "object", "description": "paydesk's \(type), as its JSON encoding (see the README's data notes)."]
            }
            return ["$ref": "#/components/schemas/\(type)"]
        }
    }

    static let enums: [String: [String]] = [
        "TicketStatus": TicketStatus.allCases.map(\.rawValue),
        "Priority": Priority.allCases.map(\.rawValue),
        "Category": Category.allCases.map(\.rawValue),
        "Channel": Channel.allCases.map(\.rawValue),
        "QueueView": QueueView.allCases.map(\.rawValue),
        "QueueSort": QueueSort.allCases.map(\.rawValue),
        "Role": Role.allCases.map(\.rawValue),
        "TicketLinkKind": TicketLinkKind.allCases.map(\.rawValue),
        "EvidenceKind": EvidenceKind.allCases.map(\.rawValue),
        "ComplaintLevel": ComplaintLevel.allCases.map(\.rawValue),
        "ContentLanguage": ContentLanguage.allCases.map(\.rawValue),
        "OutboxChannel": OutboxChannel.allCases.map(\.rawValue),
        "SecurityActionState": SecurityActionState.allCases.map(\.rawValue),
        "PresenceState": ["viewing", "typing"],
    ]
}
