import Foundation

/// The webhook routes of `paydesk serve --webhook-listen`, which live on their own TCP
/// listener, not the Unix socket: described here beside the socket's routes so that one
/// document tells a gateway's integrator everything, each path with its own server.
extension OpenAPIDocument {
    /// Paths served only on the webhook listener.
    public static let webhookPaths = ["/v1/hooks/{channel}", "/v1/hooks/receipts"]

    static func webhooks(problem: [String: Any]) -> [String: Any] {
        let server = [["url": "http://127.0.0.1:8025", "description": "paydesk serve --webhook-listen HOST:PORT (TCP, webhooks only)"]]
        let security = [["gatewaySignature": [String]()]]
        let ok = { (description: String, properties: [String: Any]) -> [String: Any] in
            ["description": description, "content": ["application/json": ["schema": ["type": "object", "properties": properties]]]]
        }
        let message: [String: Any] = [
            "type": "object", "required": ["id", "at", "body"],
            "description": "One customer message in intake's fields; one of phone, wallet_id or email finds the customer.",
            "properties": [
                "id": ["type": "string", "description": "The provider's message id: a second delivery of it stores nothing."],
                "at": ["type": "string", "format": "date-time"], "body": ["type": "string"],
                "phone": ["type": "string"], "wallet_id": ["type": "string"], "email": ["type": "string"],
                "name": ["type": "string"], "subject": ["type": "string"],
                "category": ["$ref": "#/components/schemas/Category"], "subcategory": ["type": "string"],
                "priority": ["$ref": "#/components/schemas/Priority"],
            ],
        ]
        let receipt: [String: Any] = [
            "type": "object", "required": ["id", "status"],
            "properties": [
                "id": ["type": "string", "description": "The Idempotency-Key the message was sent with (the outbox id, `12-r1` after a retry)."],
                "status": ["type": "string", "enum": ["delivered", "failed"]],
                "reason": ["type": "string", "description": "Why it failed; shown on the ticket."],
            ],
        ]
        return [
            "/v1/hooks/{channel}": ["post": [
                "operationId": "hookMessage", "summary": "A customer's message from the SMS, app chat or social gateway; 200 only after it is committed.",
                "tags": ["webhook"], "servers": server, "security": security,
                "parameters": [["name": "channel", "in": "path", "required": true, "schema": ["type": "string", "enum": ["sms", "chat", "social"]]]],
                "requestBody": ["required": true, "content": ["application/json": ["schema": message]]],
                "responses": ["200": ok("Stored, or stored before (outcome duplicate).",
                                        ["ticket": ["type": "integer"], "outcome": ["type": "string", "enum": ["created", "threaded", "duplicate"]]]),
                              "400": problem, "401": problem, "404": problem, "413": problem, "422": problem, "503": problem],
            ]],
            "/v1/hooks/receipts": ["post": [
                "operationId": "hookReceipt", "summary": "A delivery receipt for a message the gateway accepted, signed by that channel's gateway.",
                "tags": ["webhook"], "servers": server, "security": security,
                "requestBody": ["required": true, "content": ["application/json": ["schema": receipt]]],
                "responses": ["200": ok("Recorded (repeats change nothing).", ["id": ["type": "string"], "status": ["type": "string"]]),
                              "400": problem, "401": problem, "404": problem, "413": problem],
            ]],
        ]
    }

    static var gatewaySignatureScheme: [String: Any] { [
        "type": "apiKey", "in": "header", "name": "X-Paydesk-Signature",
        "description": "sha256=<hex HMAC-SHA256 of \"<X-Paydesk-Timestamp>.<body>\" with the channel's shared secret>; a timestamp more than 300 s from the service's clock is refused (replay).",
    ] }
}
