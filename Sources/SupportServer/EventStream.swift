import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle
import SupportAPI
import SupportCore

/// `GET /v1/events`: Server-Sent Events, one `data:` line of ChangeSet JSON per commit.
/// A console re-reads only what is on its screen and changed. The stream ends when the
/// console goes away; its presence goes with it.
extension PaydeskService {
    func events(_ request: Request, _ context: ServiceRequestContext) async throws -> Response {
        let actor: Agent
        do {
            let peer = try await PeerIdentity.peer(of: context.channel)
            let asLogin = Self.asLogin(request)
            actor = try await withCheckedThrowingContinuation { continuation in
                work.async {
                    continuation.resume(with: Result { try self.engine.resolveActor(caller: peer.login ?? "uid:\(peer.uid)", asLogin: asLogin) })
                }
            }
        } catch {
            return Self.problemResponse(APIProblem.from(error))
        }
        let (id, stream) = hub.subscribe(login: actor.login)
        let hub = self.hub
        let presence = self.presence
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: .init { writer in
                defer {
                    hub.unsubscribe(id)
                    presence.remove(login: actor.login)
                    hub.publish(ChangeSet(presence: true))
                }
                try await writer.write(ByteBuffer(string: ": paydesk events for \(actor.login)\n\n"))
                // A stream is a request that never ends by itself: SIGTERM ends it, or the
                // drain would wait for ever.
                for await event in stream.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: event.frame))
                }
                try await writer.finish(nil)
            })
    }
}

/// A comment on every stream every 15 s, so a console notices a dead service (and the
/// service a dead console) without waiting for the next commit.
/// On SIGTERM it also ends every event stream, which would otherwise count as requests
/// in flight and hold the drain open for ever.
struct Heartbeat: Service {
    let hub: ChangeHub
    func run() async throws {
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(15)) }
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                hub.keepAlive()
            }
        } onGracefulShutdown: {
            hub.finishAll()
        }
    }
}

extension ChangeHub {
    func keepAlive() { publishRaw(Event(sequence: 0, frame: ": keep-alive\n\n")) }
}
