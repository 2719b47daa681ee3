import GRDB
import SupportCore

/// Keyword rules that give mail without a category one at intake, and the mark on a
/// ticket no rule matched. `untriaged` is a flag beside `category` rather than a NULL
/// category: every query, report and index that reads `category` keeps its NOT NULL
/// column, and the Untriaged view walks a partial index of the few flagged tickets.
enum CategoryRuleSchema {
    static let migration = "v12-category-rules"

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE category_rules (
                id INTEGER PRIMARY KEY,
                keyword TEXT NOT NULL CHECK (length(trim(keyword)) BETWEEN 1 AND 80),
                language TEXT NOT NULL CHECK (language IN ('en', 'id', 'zh')),
                category TEXT NOT NULL,
                subcategory TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                UNIQUE (keyword, category, subcategory)
            );
            ALTER TABLE tickets ADD COLUMN untriaged INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX tickets_untriaged ON tickets(sla_due_at, id) WHERE untriaged = 1;
            """)
        for rule in CategoryRules.defaults {
            try db.execute(sql: """
                INSERT INTO category_rules (keyword, language, category, subcategory, created_by, created_at)
                VALUES (?, ?, ?, ?, 'default', 0)
                """, arguments: [rule.keyword, rule.language.rawValue, rule.category.rawValue, rule.subcategory])
        }
    }
}
