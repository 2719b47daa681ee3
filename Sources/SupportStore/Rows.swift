import Foundation
import GRDB
import SupportCore

// Mapping between rows and the plain domain values. Kept by hand (not Codable) so that
// column names stay SQL-shaped and decoding stays fast on hot paths.

extension Agent {
    init(row: Row) {
        self.init(id: row["id"], login: row["login"], name: row["name"],
                  role: Role(rawValue: row["role"]) ?? .agent, active: row["active"],
                  uiLanguage: (row["ui_language"] as String?).flatMap(ContentLanguage.init(rawValue:)))
    }
}

extension Customer {
    init(row: Row) {
        self.init(id: row["id"], walletId: row["wallet_id"], name: row["name"], phone: row["phone"],
                  email: row["email"], kycLevel: row["kyc_level"],
                  status: CustomerStatus(rawValue: row["status"]) ?? .active,
                  statusReason: row["status_reason"], statusChangedBy: row["status_changed_by"],
                  statusChangedAt: (row["status_changed_at"] as Int64?).map(Date.init(epoch:)),
                  twoFactor: row["two_factor"], balance: row["balance"], currency: row["currency"],
                  dailyLimit: row["daily_limit"], createdAt: Date(epoch: row["created_at"]),
                  language: (row["language"] as String?).flatMap(ContentLanguage.init(rawValue:)))
    }
}

extension Device {
    init(row: Row) {
        self.init(id: row["id"], customerId: row["customer_id"], model: row["model"], platform: row["platform"],
                  appVersion: row["app_version"], bound: row["bound"], lastSeenAt: Date(epoch: row["last_seen_at"]))
    }
}

extension LoginEvent {
    init(row: Row) {
        self.init(id: row["id"], customerId: row["customer_id"], deviceId: row["device_id"],
                  at: Date(epoch: row["at"]), place: row["place"], ip: row["ip"], success: row["success"])
    }
}

// Transactions and tickets decode by position (RowDecoders.swift); a row fetched by name
// elsewhere goes through the same decoder.
extension Transaction {
    init(row: Row) { self = try! TransactionDecoder.decode(row) }
}

extension Ticket {
    init(row: Row, tags: [String] = []) {
        self = try! TicketDecoder.decode(row)
        self.tags = tags
    }
}
