import Foundation
import GRDB
import SupportCore

extension SupportStore {
    /// Where this database's delivery key lives (`$PAYDESK_DELIVERY_KEY`, else beside it).
    public var deliveryKeyPath: String { DeliveryKey.path(database: path) }
    public var deliveryKeyFile: String? { deliveryKeyPath }
}

// The delivery key on either store: SQLite finds it beside the database file, a PostgreSQL
// service is given it (`serve --store … --delivery-key FILE`). The database records which
// key its codes are sealed to (`delivery_key`), so a wrong or missing file is refused by
// name, on both stores the same way.
extension StoreEngine {
    /// Run once the store is open: a database that was never keyed (a new one, or one from
    /// before sealed codes) gets a key file, made now, and records which key it is. A keyed
    /// database whose file is missing or another key's opens all the same — only codes
    /// refuse, by `deliveryKey`, until the right file is back. It is never re-keyed here.
    public func adoptDeliveryKey() throws {
        guard let keyPath = deliveryKeyFile else { return }
        let known = try reading { try $0.fetchValue("SELECT key_id FROM delivery_key WHERE id = 1", as: String.self) }
        guard known == nil else { return }
        guard let key = try DeliveryKey.load(keyPath) ?? (try? DeliveryKey.create(keyPath)) else { return }
        // Two instances adopting at once: the first row stays, and the other's key file, if
        // it differs, is refused by `deliveryKey` as another key's.
        try writing { session in
            _ = try session.run("""
                INSERT INTO delivery_key (id, key_id, public_key, created_at) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                """, [key.id, Hex.string(key.privateKey.publicKey.rawRepresentation), now])
        }
    }

    /// The delivery key, read from its file now (a restored file works without a restart)
    /// and checked against the one this database's codes are sealed to. Refuses with what
    /// to do when the file is missing, unreadable, damaged or another database's.
    func deliveryKey(_ session: any SQLSession) throws -> DeliveryKey {
        guard let keyPath = deliveryKeyFile else {
            throw StoreError(.other, "This \(engineName) service was started without a delivery key (--delivery-key FILE, $PAYDESK_DELIVERY_KEY or delivery_key in config.toml); one-time codes cannot be sent, delivered or checked. Nothing was changed.")
        }
        let known = try session.fetchValue("SELECT key_id FROM delivery_key WHERE id = 1", as: String.self)
        guard let key = try DeliveryKey.load(keyPath) else {
            throw StoreError(.other, "The delivery key \(keyPath) is missing\(known.map { ", and this database's one-time codes are sealed to and hashed with it (key \($0))" } ?? ""); restore it (or point PAYDESK_DELIVERY_KEY at it). Until then codes cannot be sent, delivered or checked; nothing was changed or re-keyed.")
        }
        guard let known, known == key.id else {
            throw StoreError(.other, "The delivery key \(keyPath) (key \(key.id)) is not the one this database's codes are sealed to (\(known ?? "none recorded")); point PAYDESK_DELIVERY_KEY at the right key. Nothing was changed.")
        }
        return key
    }

    /// For `serve --check`: the key file and whether it is the database's, or why not.
    public func deliveryKeyStatus() -> Result<String, StoreError> {
        do {
            let key = try reading { try self.deliveryKey($0) }
            return .success("delivery key \(deliveryKeyFile ?? "-") (key \(key.id))")
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(StoreError(.other, "\(error)"))
        }
    }
}
