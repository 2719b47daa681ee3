import SupportPostgres
import Testing

/// Connection URIs as libpq writes them, Unix sockets included.
@Suite struct PostgresLocationTests {
    @Test func socketFolderAsHostParameter() throws {
        let l = try PostgresLocation(parsing: "postgresql://paydesk@/support?host=/run/postgresql")
        #expect(l.endpoint == .socket(folder: "/run/postgresql", port: 5432))
        #expect(l.socketPath == "/run/postgresql/.s.PGSQL.5432")
        #expect(l.user == "paydesk" && l.database == "support" && l.password == nil && l.tls == .disable)
    }

    @Test func socketFolderPercentEncodedAsHost() throws {
        let l = try PostgresLocation(parsing: "postgres://paydesk@%2Ftmp%2Fpg:6543/support")
        #expect(l.endpoint == .socket(folder: "/tmp/pg", port: 6543))
        #expect(l.socketPath == "/tmp/pg/.s.PGSQL.6543")
    }

    @Test func tcpWithPasswordPortAndTLS() throws {
        let l = try PostgresLocation(parsing: "postgresql://svc:s%40cret@db.internal:5433/pd?sslmode=require")
        #expect(l.endpoint == .tcp(host: "db.internal", port: 5433))
        #expect(l.user == "svc" && l.password == "s@cret" && l.database == "pd" && l.tls == .require)
        #expect(!l.description.contains("cret"))
    }

    @Test func preparedStatementsKeptPerConnection() throws {
        #expect(try PostgresLocation(parsing: "postgresql://sari@/pd?host=/run/postgresql").preparedStatements == 64)
        #expect(try PostgresLocation(parsing: "postgresql://sari@/pd?host=/run/postgresql&prepared_statements=0").preparedStatements == 0)
        #expect(try PostgresLocation(parsing: "postgresql://sari@db/pd?prepared_statements=200").preparedStatements == 200)
    }

    @Test func directReadsUnlessTheAddressSaysNo() throws {
        #expect(try PostgresLocation(parsing: "postgresql://sari@/pd?host=/run/postgresql").directReads)
        #expect(try PostgresLocation(parsing: "postgresql://sari@/pd?host=/run/postgresql&direct_reads=yes").directReads)
        #expect(try !PostgresLocation(parsing: "postgresql://sari@/pd?host=/run/postgresql&direct_reads=no").directReads)
        #expect(try !PostgresLocation(parsing: "postgresql://sari@db/pd?direct_reads=OFF").directReads)
        // What psql and pg_dump are given: libpq's options alone.
        #expect(PostgresLocation.libpqAddress("postgresql://sari@/pd?host=/run/postgresql&direct_reads=no&prepared_statements=0&port=5433")
                == "postgresql://sari@/pd?host=/run/postgresql&port=5433")
        #expect(PostgresLocation.libpqAddress("postgresql://sari@db/pd?direct_reads=no") == "postgresql://sari@db/pd")
    }

    @Test func databaseDefaultsToTheUser() throws {
        #expect(try PostgresLocation(parsing: "postgresql://sari@localhost").database == "sari")
    }

    @Test(arguments: ["mysql://a@b/c", "postgresql://a@b:99999/c", "postgresql://a@b/c?sslmode=verify-full",
                      "postgresql://a@b/c?application=x", "postgresql://a@b/c?prepared_statements=-1",
                      "postgresql://a@b/c?prepared_statements=lots", "postgresql://a@b/c?direct_reads=maybe",
                      "postgresql://a@b/c?direct_reads=", "not a uri"])
    func refusals(_ text: String) {
        #expect(throws: PostgresStoreError.self) { try PostgresLocation(parsing: text) }
    }
}
