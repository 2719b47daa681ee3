import Foundation
import SupportCore

/// The detector's rules live in `detection_rules`, one row per signal or setting, so an
/// admin can tune them without a release and every change is in the audit log.
public struct DetectionRuleRow: Sendable, Codable, Equatable {
    public var name: String
    public var value: Int
    public var defaultValue: Int
    public var meaning: String
    public var updatedBy: String
    public var updatedAt: Date?
}

// Written once for both stores.
extension StoreEngine {
    static func detectionRules(_ db: any SQLSession) throws -> DetectionRules {
        var rules = DetectionRules.defaults
        for row in try db.fetchRows("SELECT name, value FROM detection_rules") {
            rules.set(row["name"], row["value"])
        }
        return rules
    }

    public func detectionRules() throws -> DetectionRules {
        try reading { db in try Self.detectionRules(db) }
    }

    /// Every rule with its default and who last changed it, in the order `?` shows them.
    public func detectionRuleRows() throws -> [DetectionRuleRow] {
        try reading { db in
            let stored = Dictionary(uniqueKeysWithValues: try db.fetchRows("SELECT * FROM detection_rules").map {
                ($0["name"] as String, $0)
            })
            return DetectionRules.defaults.rows.map { d in
                let row = stored[d.name]
                let at: Int64 = row?["updated_at"] ?? 0
                return DetectionRuleRow(name: d.name, value: row?["value"] ?? d.value, defaultValue: d.value, meaning: d.meaning,
                                        updatedBy: row?["updated_by"] ?? "default", updatedAt: at > 0 ? Date(epoch: at) : nil)
            }
        }
    }

    /// Changes one weight or setting (admins), with a reason, audited with before and after.
    public func setDetectionRule(name: String, value: Int, reason: String, by actor: Agent) throws {
        let reason = try Self.requireReason(reason, to: "change a detection rule")
        if let problem = DetectionRules.problem(name: name, value: value) { throw StoreError.invalid(problem) }
        try auditedWriting(by: actor, "detection_rule.set", entity: "detection_rule", id: name) { db in
            try Self.requirePermission(actor, .manageDetectionRules)
            // The row may not exist yet: two admins setting one rule at once take turns, so
            // each record's "before" is what the other left.
            try db.serialise("detection_rules")
            let before = try db.fetchValue("SELECT value FROM detection_rules WHERE name = ?", [name], as: Int.self)
            try db.run("""
                INSERT INTO detection_rules (name, value, updated_by, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,
                                                updated_at = excluded.updated_at
                """, [name, value, actor.login, now])
            return AuditedChange(before: before.map { "\(name)=\($0)" }, after: "\(name)=\(value)", reason: reason)
        }
    }
}
