import Foundation
import SupportCore
import SupportStore

// Written by hand (scripts/dev/gen_requests.py does not know this service).
/// `SupportStore.setCustomerLanguage` through the seam.
public struct SetCustomerLanguageRequest: SupportRequest {
    public typealias Response = Customer
    public static let operation = "setCustomerLanguage"
    public static let effect = RequestEffect.write
    public var customerId: Int64
    public var language: ContentLanguage
    public init(customerId: Int64, language: ContentLanguage) { self.customerId = customerId; self.language = language }
    public func handle(_ context: RequestContext) throws -> Response {
        // Contact data leaves the service masked, as from every request but revealContact.
        try context.engine.setCustomerLanguage(customerId: customerId, to: language, by: context.actor).maskedContact()
    }
    public func changes(_ response: Response) -> ChangeSet { ChangeSet(customers: [customerId]) }
}

extension SupportClient {
    @discardableResult public func setCustomerLanguage(customerId: Int64, language: ContentLanguage) throws -> Customer {
        try send(SetCustomerLanguageRequest(customerId: customerId, language: language))
    }
}
