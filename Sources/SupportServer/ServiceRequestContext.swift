import Hummingbird
import NIOCore

/// Hummingbird's per-request context, plus the connection's channel so the handler can
/// ask the kernel who the peer is.
struct ServiceRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// A request body larger than this is refused with 413 before it is decoded.
    var maxUploadSize: Int { PaydeskService.maxBodyBytes }
}
