import GRDB
import SupportCore

/// The stolen-account investigation (v8-investigation-timeline): account events the
/// other tables do not hold, the indexes that let every source of the timeline be read
/// newest-first per customer, the detector's rules as data, and the planted stories the
/// detector is measured on.
enum InvestigationSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            -- Device binds, credential and 2FA changes, contact changes: what the wallet
            -- backend reports about an account besides logins, sessions and codes.
            CREATE TABLE account_events (
                id INTEGER PRIMARY KEY,
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                kind TEXT NOT NULL CHECK (kind IN ('device_bound','device_unbound','reset_requested','password_changed',
                                                   'two_factor_on','two_factor_off','contact_changed')),
                at INTEGER NOT NULL,
                device_id INTEGER REFERENCES devices(id),
                place TEXT,
                ip TEXT,
                actor TEXT NOT NULL DEFAULT 'customer',
                detail TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX account_events_customer_at ON account_events(customer_id, at DESC, id DESC);

            -- The timeline reads each source newest-first by customer; these are the ones
            -- the earlier migrations did not index that way.
            CREATE INDEX customer_sessions_customer_started ON customer_sessions(customer_id, started_at DESC, id DESC);
            CREATE INDEX verification_codes_customer_used ON verification_codes(customer_id, used_at DESC, id DESC);

            -- Signals' weights and the thresholds and windows around them; an admin edits
            -- them (`paydesk account rules --set NAME=VALUE`), every change audited.
            CREATE TABLE detection_rules (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL CHECK (value >= 0),
                updated_by TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            ) WITHOUT ROWID;

            -- Ground truth for the demo's and the seed's stolen-account stories and decoys.
            CREATE TABLE planted_stories (
                customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
                kind TEXT NOT NULL CHECK (kind IN ('takeover','sim_swap','new_phone','trip_abroad')),
                compromised_at INTEGER,
                fraud_references TEXT NOT NULL DEFAULT ''   -- space-separated transaction references
            );
            """)
        for row in DetectionRules.defaults.rows {
            try db.execute(sql: "INSERT INTO detection_rules (name, value, updated_by, updated_at) VALUES (?, ?, 'default', 0)",
                           arguments: [row.name, row.value])
        }
    }
}
