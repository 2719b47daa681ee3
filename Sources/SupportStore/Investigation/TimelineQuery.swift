import Foundation
import GRDB
import SupportCore

/// One customer's account timeline: every source read newest-first through its own
/// (customer, time) index, each arm limited to one page, merged by the database. A page
/// costs a few indexed range reads however long the history is; the cursor is the
/// (time, source rank, row id) of the last entry shown, never an OFFSET. Written once for
/// both stores (PostgreSQL wants every derived table named, hence `AS armN`).
enum TimelineArms {
    /// One source of the timeline. `rank` orders sources that share a second.
    struct TimelineArm {
        var rank: Int
        var time: String          // the time column, qualified
        var id: String            // the row id column, qualified
        var select: String        // the common columns, after the time and rank
        var from: String
        var filter: String = ""   // extra condition, e.g. "s.revoked_at IS NOT NULL"
    }

    static let all: [TimelineArm] = [
        TimelineArm(rank: 0, time: "e.at", id: "e.id",
                    select: "e.id, e.kind, e.device_id, d.model, e.place, e.ip, e.actor, e.detail",
                    from: "account_events e LEFT JOIN devices d ON d.id = e.device_id", filter: ""),
        TimelineArm(rank: 1, time: "l.at", id: "l.id",
                    select: "l.id, CASE WHEN l.success = 1 THEN 'login_ok' ELSE 'login_failed' END, l.device_id, d.model, l.place, l.ip, CASE WHEN l.success = 1 THEN 'customer' ELSE 'unknown' END, ''",
                    from: "login_events l LEFT JOIN devices d ON d.id = l.device_id"),
        TimelineArm(rank: 2, time: "s.started_at", id: "s.id",
                    select: "s.id, 'session_started', s.device_id, d.model, NULL, NULL, 'customer', ''",
                    from: "customer_sessions s LEFT JOIN devices d ON d.id = s.device_id"),
        TimelineArm(rank: 3, time: "c.created_at", id: "c.id",
                    select: "c.id, 'code_issued', \(noDevice), NULL, NULL, NULL, 'system', c.channel || ' to ' || c.destination",
                    from: "verification_codes c"),
        TimelineArm(rank: 4, time: "c.used_at", id: "c.id",
                    select: "c.id, 'code_verified', \(noDevice), NULL, NULL, NULL, 'customer', c.channel || ' code'",
                    from: "verification_codes c", filter: "c.used_at IS NOT NULL"),
        TimelineArm(rank: 5, time: "s.revoked_at", id: "s.id",
                    select: "s.id, 'session_revoked', s.device_id, d.model, NULL, NULL, coalesce(s.revoked_by, 'system'), ''",
                    from: "customer_sessions s LEFT JOIN devices d ON d.id = s.device_id", filter: "s.revoked_at IS NOT NULL"),
        TimelineArm(rank: 6, time: "a.requested_at", id: "a.id",
                    select: "a.id, 'support_action', \(noDevice), NULL, NULL, NULL, a.requested_by, a.kind || ' (' || a.state || '): ' || a.reason",
                    from: "security_actions a"),
        TimelineArm(rank: 7, time: "x.at", id: "x.id",
                    select: "x.id, 'transaction', \(noDevice), NULL, NULL, NULL, 'customer', ''",
                    from: "transactions x"),
    ]

    static let transactionRank = 7

    /// The device column of sources without one. PostgreSQL types an untyped NULL in a
    /// derived table as text, which cannot be unioned with the other arms' BIGINT.
    static let noDevice = "CAST(NULL AS BIGINT)"
}

extension StoreEngine {
    /// The SQL of one timeline read. `newerThan` reads upwards (oldest first); otherwise
    /// downwards from `olderThan` (newest first). `from`/`until` bound the time.
    func timelineStatement(customerId: Int64, olderThan: TimelineKey?, newerThan: TimelineKey?, from: Date?,
                           until: Date?, withTransactions: Bool, limit: Int?) -> (sql: String, arguments: SQLArguments) {
        let upward = newerThan != nil
        let cursor = newerThan ?? olderThan
        var arms: [String] = []
        var arguments: SQLArguments = []
        for arm in TimelineArms.all where withTransactions || arm.rank != TimelineArms.transactionRank {
            let table = arm.time.split(separator: ".")[0]
            var conditions = ["\(table).customer_id = ?"]
            var args: SQLArguments = [customerId]
            if !arm.filter.isEmpty { conditions.append(arm.filter) }
            if let from { conditions.append("\(arm.time) >= ?"); args.append(from.epoch) }
            if let until { conditions.append("\(arm.time) < ?"); args.append(until.epoch) }
            if let cursor {
                // The rank is constant within an arm, so the three-part key comparison
                // becomes a plain range on the arm's time index.
                let op = upward ? ">" : "<"
                if arm.rank == cursor.rank {
                    conditions.append("(\(arm.time) \(op) ? OR (\(arm.time) = ? AND \(arm.id) \(op) ?))")
                    args += [cursor.at, cursor.at, cursor.rowId]
                } else {
                    let inclusive = upward ? arm.rank > cursor.rank : arm.rank < cursor.rank
                    conditions.append("\(arm.time) \(op)\(inclusive ? "=" : "") ?")
                    args.append(cursor.at)
                }
            }
            let order = upward ? "ASC" : "DESC"
            arms.append("""
                SELECT * FROM (SELECT \(arm.time) AS at, \(arm.rank) AS rank, \(arm.select) FROM \(arm.from)
                 WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(arm.time) \(order), \(arm.id) \(order)\(limit == nil ? "" : " LIMIT ?")) AS arm\(arm.rank)
                """)
            if let limit { args.append(limit) }
            arguments += args
        }
        let order = upward ? "ASC" : "DESC"
        var sql = arms.joined(separator: "\nUNION ALL\n") + "\nORDER BY 1 \(order), 2 \(order), 3 \(order)"
        if let limit { sql += " LIMIT ?"; arguments.append(limit) }
        return (sql, arguments)
    }

    /// A page of the timeline, newest first: the newest entries, those older than
    /// `olderThan`, or those newer than `newerThan` (still returned newest first).
    public func accountTimeline(customerId: Int64, olderThan: TimelineKey? = nil, newerThan: TimelineKey? = nil,
                                since: Date? = nil, limit: Int = 100) throws -> [TimelineEntry] {
        try reading { db in
            let statement = timelineStatement(customerId: customerId, olderThan: olderThan, newerThan: newerThan,
                                              from: since, until: nil, withTransactions: true, limit: limit)
            let rows = try Self.timelineEntries(db, sql: statement.sql, arguments: statement.arguments)
            return newerThan == nil ? rows : rows.reversed()
        }
    }

    /// Every account event (no transactions) from `from` on, oldest first: the detector's
    /// input. Bounded by `cap`, since a bot hammering logins must not exhaust memory.
    func accountActivity(_ db: any SQLSession, customerId: Int64, from: Date, cap: Int = 50_000) throws -> [TimelineEntry] {
        let statement = timelineStatement(customerId: customerId, olderThan: nil,
                                          newerThan: TimelineKey(at: from.epoch - 1, rank: Int.max, rowId: 0),
                                          from: from, until: nil, withTransactions: false, limit: cap)
        return try Self.timelineEntries(db, sql: statement.sql, arguments: statement.arguments)
    }

    /// Rows to entries, read by column name (the union's names are its first arm's; a
    /// PostgreSQL row does not keep positions); transactions are read in one extra query by id.
    static func timelineEntries(_ db: any SQLSession, sql: String, arguments: SQLArguments) throws -> [TimelineEntry] {
        let rows = try db.fetchRows(sql, arguments)
        let txIds = rows.compactMap { row -> Int64? in (row["rank"] as Int) == TimelineArms.transactionRank ? row["id"] : nil }
        var transactions: [Int64: Transaction] = [:]
        if !txIds.isEmpty {
            let marks = Array(repeating: "?", count: txIds.count).joined(separator: ",")
            for tx in try fetchTransactions(db, sql: "SELECT x.* FROM transactions x WHERE x.id IN (\(marks))",
                                            arguments: txIds) {
                transactions[tx.id] = tx
            }
        }
        return rows.map { row in
            let key = TimelineKey(at: row["at"], rank: row["rank"], rowId: row["id"])
            let kind = AccountEventKind(rawValue: row["kind"]) ?? .supportAction
            let tx = kind == .transaction ? transactions[key.rowId] : nil
            return TimelineEntry(key: key, kind: kind, deviceId: row["device_id"], device: row["model"], place: row["place"],
                                 ip: row["ip"], actor: row["actor"] ?? "customer",
                                 detail: tx.map(Self.transactionDetail) ?? row["detail"] ?? "",
                                 transaction: tx)
        }
    }

    static func transactionDetail(_ tx: Transaction) -> String {
        "\(tx.type.rawValue) \(tx.status.rawValue) \(Money.formatSigned(tx.signedAmount, currency: tx.currency)) \(tx.counterparty) \(tx.reference)"
    }
}
