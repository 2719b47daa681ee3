import Foundation

extension StoreEngine {
    /// SQLite's read transaction costs nothing it need skip, so a single statement reads as
    /// any read does. PostgreSQL's engine runs it alone, without BEGIN and COMMIT: the
    /// server gives one statement one snapshot (READ COMMITTED), which is all a read of one
    /// statement needs. Reads of several statements that must agree keep `reading`.
    public func readingOneStatement<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try reading(body)
    }
}
