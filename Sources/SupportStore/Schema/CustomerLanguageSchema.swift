import GRDB

/// The language a customer writes in, so replies go out in it: guessed from their first
/// message at intake, corrected by an agent. NULL: not known yet (the console then reads
/// the ticket's messages).
enum CustomerLanguageSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE customers ADD COLUMN language TEXT CHECK (language IN ('en', 'id', 'zh'))")
    }
}
