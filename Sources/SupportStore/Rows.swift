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

extension Transaction {
    init(row: Row) {
        self.init(id: row["id"], reference: row["reference"], customerId: row["customer_id"],
                  type: TransactionType(rawValue: row["type"]) ?? .payment,
                  status: TransactionStatus(rawValue: row["status"]) ?? .pending,
                  amount: row["amount"], currency: row["currency"], counterparty: row["counterparty"],
                  channel: row["channel"], failureCode: row["failure_code"], at: Date(epoch: row["at"]),
                  flagged: row["flagged"])
    }
}

extension Ticket {
    init(row: Row, tags: [String] = []) {
        self.init(id: row["id"], number: row["number"], customerId: row["customer_id"], subject: row["subject"],
                  category: Category(rawValue: row["category"]) ?? .account, subcategory: row["subcategory"],
                  channel: Channel(rawValue: row["channel"]) ?? .web,
                  priority: Priority(rawValue: row["priority"]) ?? .p3,
                  status: TicketStatus(rawValue: row["status"]) ?? .open, assigneeId: row["assignee_id"],
                  tags: tags, createdAt: Date(epoch: row["created_at"]), updatedAt: Date(epoch: row["updated_at"]),
                  updatedBy: row["updated_by"],
                  firstResponseAt: (row["first_response_at"] as Int64?).map(Date.init(epoch:)),
                  solvedAt: (row["solved_at"] as Int64?).map(Date.init(epoch:)),
                  mergedInto: row["merged_into"], version: row["version"])
        untriaged = (row["untriaged"] as Bool?) ?? false
    }
}

extension TicketEvent {
    init(row: Row) {
        self.init(id: row["id"], ticketId: row["ticket_id"],
                  kind: TicketEventKind(rawValue: row["kind"]) ?? .note,
                  author: row["author"], body: row["body"], at: Date(epoch: row["at"]))
    }
}
