import GRDB

/// The language an agent's console speaks, chosen by the agent and kept across sessions
/// and machines (the locale of each SSH session need not agree). NULL: not chosen yet,
/// and the console follows the locale.
enum AgentLanguageSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE agents ADD COLUMN ui_language TEXT CHECK (ui_language IN ('en', 'id', 'zh'))")
    }
}
