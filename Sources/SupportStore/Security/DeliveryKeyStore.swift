import Foundation
import GRDB
import SupportCore

extension SupportStore {
    /// Where this database's delivery key lives (`$PAYDESK_DELIVERY_KEY`, else beside it).
    public var deliveryKeyPath: String { DeliveryKey.path(database: path) }

    /// Run once the store is open: a database that was never keyed (a new one, or one from
    /// before sealed codes) gets a key file, made now, and records which key it is. A keyed
    /// database whose file is missing or another key's opens all the same — only codes
    /// refuse, by `deliveryKey`, until the right file is back. It is never re-keyed here.
    func adoptDeliveryKey() throws {
        let keyPath = deliveryKeyPath
        let known = try read { db in try String.fetchOne(db, sql: "SELECT key_id FROM delivery_key WHERE id = 1") }
        guard known == nil else { return }
        guard let key = try DeliveryKey.load(keyPath) ?? (try? DeliveryKey.create(keyPath)) else { return }
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO delivery_key (id, key_id, public_key, created_at) VALUES (1, ?, ?, ?)
                """, arguments: [key.id, Hex.string(key.privateKey.publicKey.rawRepresentation), now])
        }
    }

    /// The delivery key, read from its file now (a restored file works without a restart)
    /// and checked against the one this database's codes are sealed to. Refuses with what
    /// to do when the file is missing, unreadable, damaged or another database's.
    func deliveryKey(_ db: Database) throws -> DeliveryKey {
        let keyPath = deliveryKeyPath
        let known = try String.fetchOne(db, sql: "SELECT key_id FROM delivery_key WHERE id = 1")
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
            let key = try read { db in try self.deliveryKey(db) }
            return .success("delivery key \(deliveryKeyPath) (key \(key.id))")
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(StoreError(.other, "\(error)"))
        }
    }
}
