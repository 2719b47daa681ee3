import SupportCore

extension Customer {
    /// Phone and email as the console shows them. Every request that returns a customer
    /// masks them, so no client can read contact data without `revealContact`, which asks
    /// why and writes an audit record.
    public func maskedContact() -> Customer {
        var c = self
        c.phone = MaskedPhone(phone).description
        c.email = MaskedEmail(email).description
        return c
    }
}
