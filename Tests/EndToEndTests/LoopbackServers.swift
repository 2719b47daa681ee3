import Foundation

import TestSupport

/// The gateway helpers of the delivery tests, on the shared loopback server.
extension LoopbackServer {
    /// A gateway that checks each request's signature, answers 503 to the first `failing`
    /// good requests, then 200 with `{"id": "prov-<key>"}`; like a real gateway it sends a
    /// key it accepted once only. Each request is a JSON line in `log`.
    static func gateway(secretFile: String, log: String, failing: Int, in dir: URL) throws -> LoopbackServer {
        try LoopbackServer(script: """
            import hashlib, hmac, http.server, json, sys
            secret = open(sys.argv[1], 'rb').read().strip()
            log, failing = sys.argv[2], int(sys.argv[3])
            seen, accepted = [0], set()
            class Gateway(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    body = self.rfile.read(int(self.headers['Content-Length']))
                    stamp = self.headers['X-Paydesk-Timestamp'] or ''
                    good = self.headers['X-Paydesk-Signature'] == 'sha256=' + hmac.new(secret, stamp.encode() + b'.' + body, hashlib.sha256).hexdigest()
                    key = self.headers['Idempotency-Key']
                    seen[0] += 1
                    ok = good and seen[0] > failing
                    sent = ok and key not in accepted
                    if ok: accepted.add(key)
                    with open(log, 'a') as f:
                        f.write(json.dumps({'key': key, 'good': good, 'ok': ok, 'sent': sent, 'body': json.loads(body)}) + '\\n')
                    out = json.dumps({'id': 'prov-' + key}).encode() if ok else b''
                    self.send_response(200 if ok else (503 if good else 401))
                    self.send_header('Content-Length', str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                def log_message(self, *args): pass
            server = http.server.HTTPServer(('127.0.0.1', 0), Gateway)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, arguments: [secretFile, log, String(failing)], in: dir)
    }

    /// A port nothing listens on (bound, then closed): a gateway that is down.
    static func closedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A secret file the service accepts (owner-only).
    static func secretFile(in dir: URL, _ secret: String = "s3cret-for-the-loopback-gateway") throws -> String {
        let path = dir.appendingPathComponent("gateway.secret").path
        try secret.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    /// The log's JSON lines.
    static func lines(_ path: String) -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
