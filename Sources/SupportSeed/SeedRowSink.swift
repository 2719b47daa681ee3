import SupportStore

/// Where the seed's row generators put a row: bind each column by its 1-based position,
/// then `step()`. SQLite's prepared INSERT (`BulkStatement`) and PostgreSQL's COPY text
/// (`CopyTextSink`) both take rows this way, so one generator fills either store with the
/// same data. The generators are generic over the sink, so each store's loop is
/// specialised and calls its sink directly.
protocol SeedRowSink: AnyObject {
    func bind(_ index: Int32, _ value: Int64)
    func bind(_ index: Int32, _ text: StaticText)
    func bindNull(_ index: Int32)
    /// A Swift string the sink copies (for the rare per-row text such as e-mail addresses).
    func bind(_ index: Int32, copying text: String)
    /// `prefix` followed by `number` zero-padded to `digits`.
    func bind(_ index: Int32, prefix: StaticText, number: Int64, digits: Int)
    func step() throws
}

extension SeedRowSink {
    @inline(__always) func bind(_ index: Int32, _ value: Int) { bind(index, Int64(value)) }
    @inline(__always) func bind(_ index: Int32, _ value: Bool) { bind(index, Int64(value ? 1 : 0)) }
    @inline(__always) func bind(_ index: Int32, _ text: StaticText?) {
        if let text { bind(index, text) } else { bindNull(index) }
    }
}

/// The columns each generator binds, in binding order: SQLite's INSERTs and PostgreSQL's
/// COPY column lists are both made from these, so the two stores cannot drift apart.
/// Columns left out (currency, version, ended_at) take the schema's default on both.
public enum SeedColumns {
    public static let customers = ["id", "wallet_id", "name", "phone", "email", "kyc_level", "status", "status_reason",
                                   "status_changed_by", "status_changed_at", "two_factor", "balance", "daily_limit", "created_at"]
    public static let devices = ["id", "customer_id", "model", "platform", "app_version", "bound", "last_seen_at"]
    public static let loginEvents = ["customer_id", "device_id", "at", "place", "ip", "success"]
    public static let transactions = ["id", "reference", "customer_id", "type", "status", "amount", "counterparty", "channel",
                                      "failure_code", "at", "flagged"]
    public static let tickets = ["id", "number", "customer_id", "subject", "category", "subcategory", "channel", "priority",
                                 "status", "assignee_id", "created_at", "updated_at", "updated_by", "first_response_at",
                                 "solved_at", "sla_due_at", "sla_warn_at"]
    public static let ticketEvents = ["ticket_id", "kind", "author", "body", "at"]
    public static let ticketTags = ["ticket_id", "tag"]
    public static let ticketPauses = ["ticket_id", "started_at"]
    public static let ticketSearch = ["body", "ticket_id"]

    static func insert(_ table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }
}
