import Foundation
import GRDB
import PostgresNIO
@testable import SupportPostgres
import SupportStore
import Testing

/// A result's cells are read by the kind of their column, found once from the result's
/// first row (`ResultColumns`): every kind read by hand gives what postgres-nio's general
/// decoding gives (`PostgresSession.value`), through a prepared statement (whose cells are
/// labelled text though they are binary) and an unprepared one, extremes and NULLs
/// included; a kind not read by hand goes the general way; and rows read by name keep
/// their values whatever order the statement lists the columns in.
@Suite struct PostgresResultColumnsTests {
    static let everyKind = """
        SELECT 7::int2 AS a, (-32768)::int2 AS b, 2147483647::int4 AS c, (-2147483648)::int4 AS d,
               9223372036854775807::int8 AS e, (-9223372036854775808)::int8 AS f, true AS g, false AS h,
               1.5::float4 AS i, (-2.25)::float8 AS j, 'é中🍜 x'::text AS k, 'v'::varchar AS l, 'nm'::name AS m,
               'c'::char(3) AS n, 12.50::numeric AS o, 1234::numeric AS p, '\\x01ff'::bytea AS q,
               NULL::int8 AS r, NULL::text AS s, NULL::bool AS t, ''::text AS u, 16384::oid AS v, DATE '2026-01-02' AS w
        """
    static let kinds: [ResultColumns.Kind] = [.int2, .int2, .int4, .int4, .int8, .int8, .bool, .bool, .float4, .float8,
                                              .text, .text, .text, .text, .general, .general, .general,
                                              .int8, .text, .bool, .text, .general, .general]

    /// The statement's one row through a read's session: as a prepared statement, or not.
    static func row(_ engine: PostgresEngine, prepared: Bool, _ sql: String = everyKind) throws -> PostgresRow {
        try engine.connections.withConnection { pooled in
            let session = PostgresSession(connection: pooled.connection, location: engine.location,
                                          statements: prepared ? pooled.statements : nil, isRead: true)
            defer { session.releaseStatements() }
            return try #require(try session.rows(sql, []).first)
        }
    }

    @Test func everyKindReadByHandGivesWhatTheGeneralDecodingGives() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            for prepared in [true, false] {
                let row = try Self.row(engine, prepared: prepared)
                let columns = ResultColumns(row)
                #expect(columns.kinds == Self.kinds)
                #expect(columns.names == (0..<23).map { String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))) })
                var byKind = ContiguousArray<DatabaseValue>()
                columns.append(row, to: &byKind)
                let general = row.map(PostgresSession.value)
                #expect(Array(byKind) == general, "prepared: \(prepared)")
                // And what they are, so that both ways being wrong alike shows too.
                let expected: [DatabaseValue] = [
                    7.databaseValue, (-32768).databaseValue, 2147483647.databaseValue, (-2147483648).databaseValue,
                    Int64.max.databaseValue, Int64.min.databaseValue, 1.databaseValue, 0.databaseValue,
                    1.5.databaseValue, (-2.25).databaseValue, "é中🍜 x".databaseValue, "v".databaseValue, "nm".databaseValue,
                    "c  ".databaseValue, 12.5.databaseValue, 1234.databaseValue, Data([1, 255]).databaseValue,
                    .null, .null, .null, "".databaseValue,
                ]
                #expect(Array(byKind.prefix(expected.count)) == expected, "prepared: \(prepared)")
            }
        }
    }

    /// The same columns in another order, of other kinds at each position: each row read by
    /// name has the same values.
    @Test func rowsReadByNameKeepTheirValuesInAnyColumnOrder() async throws {
        try await PostgresPreparedReadTests.withEngine { (engine: PostgresEngine) throws in
            let orders = [
                "SELECT 5::int4 AS n, 'x'::text AS t, true AS b, (-1)::int8 AS big, 0.5::float8 AS f",
                "SELECT 'x'::text AS t, (-1)::int8 AS big, 0.5::float8 AS f, 5::int4 AS n, true AS b",
                "SELECT 0.5::float8 AS f, true AS b, 5::int4 AS n, (-1)::int8 AS big, 'x'::text AS t",
            ]
            for sql in orders {
                let rows = try engine.readingOneStatement { try $0.fetchRows(sql + " FROM generate_series(1, 3)", []) }
                #expect(rows.count == 3)
                for row in rows {
                    let values: [DatabaseValue] = ["n", "t", "b", "big", "f"].map { row[$0] }
                    #expect(values == [5.databaseValue, "x".databaseValue, 1.databaseValue, (-1).databaseValue, 0.5.databaseValue],
                            "\(sql)")
                }
                #expect(try engine.readingOneStatement { try $0.fetchColumn(sql, []) }.count == 1)
            }
        }
    }
}
