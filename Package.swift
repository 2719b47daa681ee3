// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way:
//   paydesk → AgentConsole → SupportStore → SupportCore
//                            SupportStore → CMailABI → libPaydeskMail.so (PaydeskMail → CGMime, CXML2), opened with dlopen
//             SupportStore, SupportExport → SiblingLibraries (finds and opens those two libraries)
//             AgentConsole → TermUI → CNCurses
//             AgentConsole / paydesk → SupportReports (export and report assembly) → SupportExport → CDocumentsABI
//   libPaydeskXLSX.so (PaydeskXLSX → CXlsxWriter) and libPaydeskPDF.so (PaydeskPDF → CPangoCairo): opened
//             by SupportExport with dlopen when a document is written, never linked
//             AgentConsole / paydesk → SupportAPI (requests, the client seam) → SupportStore
//             paydesk → SupportServer (Hummingbird over a Unix socket) → SupportAPI
//             paydesk → SupportRemote (AsyncHTTPClient over http+unix) → SupportAPI
//   paydesk-dev (seed, bench, soak; never installed) → ConsoleBench → AgentConsole
//             paydesk-dev → SupportSeed (the scale seed) → SupportStore, SupportPostgres
//             paydesk-dev → AgentConsole, SupportRemote, SupportStore
//             paydesk → SupportPostgres (postgres-nio) → SupportStore (audit hashing, demo rows)

/// paydesk carries the Swift runtime and Foundation inside itself: the dynamic loader
/// binding a dynamically linked Foundation was about 3 ms of every command's start (a
/// `tx list` is ~35 ms), and every agent's console and command line pays it. lld because
/// these archives are not autolinked and lld, unlike gold, does not care about their order.
/// The libraries paydesk opens with dlopen (mail, XLSX, PDF) keep the shared runtime; they
/// speak to paydesk through C seams only, and the static runtime's symbols are not exported
/// (`--exclude-libs ALL`), so the two never meet. The executable stays position-independent.
let staticRuntime = ["-static-stdlib", "-use-ld=lld"] + [
    "Foundation", "CoreFoundation", "FoundationEssentials", "FoundationInternationalization",
    "_FoundationICU", "_FoundationCollections", "_FoundationCShims",
    "swiftDispatch", "dispatch", "BlocksRuntime", "swiftSynchronization",
    "swift_RegexParser", "swift_StringProcessing", "swift_Concurrency", "swiftGlibc", "swift_Builtin_float",
].flatMap { ["-Xlinker", "-l\($0)"] }

let package = Package(
    name: "paydesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "paydesk", targets: ["paydesk"]),
        .executable(name: "paydesk-dev", targets: ["paydesk-dev"]),
        // Installed beside paydesk (or in <prefix>/lib/paydesk); see Sources/CDocumentsABI.
        .library(name: "PaydeskXLSX", type: .dynamic, targets: ["PaydeskXLSX"]),
        .library(name: "PaydeskPDF", type: .dynamic, targets: ["PaydeskPDF"]),
        // Installed beside paydesk (or in <prefix>/lib/paydesk); see Sources/CMailABI.
        .library(name: "PaydeskMail", type: .dynamic, targets: ["PaydeskMail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        // The service (issue: one process owns the data). Traits off: no swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        // The PostgreSQL store (issue 19): a team that outgrows one host.
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter", pkgConfig: "xlsxwriter"),
        .systemLibrary(name: "CPangoCairo", path: "Sources/CPangoCairo", pkgConfig: "pangocairo"),
        .systemLibrary(name: "CGMime", path: "Sources/CGMime", pkgConfig: "gmime-3.0"),
        .systemLibrary(name: "CXML2", path: "Sources/CXML2", pkgConfig: "libxml-2.0"),
        // The C seams of libPaydeskXLSX.so and libPaydeskPDF.so: a header, nothing to link.
        .systemLibrary(name: "CDocumentsABI", path: "Sources/CDocumentsABI"),
        .target(name: "PaydeskXLSX", dependencies: ["CXlsxWriter"]),
        .target(name: "PaydeskPDF", dependencies: ["CPangoCairo"]),
        // The C seam of libPaydeskMail.so: a header, nothing to link.
        .systemLibrary(name: "CMailABI", path: "Sources/CMailABI"),
        .target(name: "PaydeskMail", dependencies: ["CGMime", "CXML2"]),
        .target(name: "SiblingLibraries"),
        .target(name: "SupportCore"),
        .target(name: "SupportStore", dependencies: [
            "SupportCore", "CMailABI", "SiblingLibraries",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // TermUI for TextSanitizer: exported text is made inert the same way the console shows it.
        .target(name: "SupportExport", dependencies: ["SupportCore", "TermUI", "CDocumentsABI", "SiblingLibraries"]),
        .target(name: "TermUI", dependencies: ["CNCurses"]),
        .target(name: "SupportAPI", dependencies: ["SupportCore", "SupportStore"]),
        .target(name: "SupportServer", dependencies: [
            "SupportAPI", "SupportCore", "SupportStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "SupportRemote", dependencies: [
            "SupportAPI", "SupportCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // PostgreSQL: schema and migrations, `migrate` from SQLite, the concurrency
        // primitives (claim, audit append) and LISTEN/NOTIFY. SQL for PostgreSQL lives here only.
        .target(name: "SupportPostgres", dependencies: [
            "SupportCore", "SupportStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            // SCRAM-SHA-256 and MD5 logins of the direct read client (Wire/WireLogin.swift).
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Not UI: the console and the command line both export statements and reports.
        .target(name: "SupportReports", dependencies: ["SupportCore", "SupportStore", "SupportAPI", "SupportExport"]),
        .target(name: "AgentConsole", dependencies: ["SupportCore", "SupportStore", "SupportAPI", "SupportExport", "SupportReports", "TermUI"]),
        // Developer tools kept out of the product, linked only by paydesk-dev and the tests:
        // the console's benchmarks and pty key scenarios, and the scale seed.
        .target(name: "ConsoleBench", dependencies: ["AgentConsole", "SupportAPI", "SupportCore", "SupportStore", "TermUI"]),
        .target(name: "SupportSeed", dependencies: [
            "SupportCore", "SupportStore", "SupportPostgres",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "paydesk", dependencies: [
            "AgentConsole", "SupportStore", "SupportCore", "SupportExport", "SupportReports", "TermUI",
            "SupportAPI", "SupportServer", "SupportRemote", "SupportPostgres",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], linkerSettings: [.unsafeFlags(staticRuntime, .when(platforms: [.linux]))]),
        // Developer tools kept out of the product: the scale seed, benchmarks, soak drills.
        .executableTarget(name: "paydesk-dev", dependencies: [
            "AgentConsole", "ConsoleBench", "SupportSeed", "SupportStore", "SupportCore", "SupportAPI", "SupportRemote", "SupportPostgres", "TermUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            // Webhooks signed by the bench as a gateway signs them, not with the service's code.
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Loopback servers (SMTP, gateways) and the throwaway PostgreSQL cluster shared by the
        // test targets; never shipped.
        .target(name: "TestSupport", dependencies: ["SupportPostgres"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportCoreTests", dependencies: ["SupportCore"]),
        .testTarget(name: "SupportStoreTests", dependencies: ["SupportStore", "SupportSeed", "SupportCore", "TestSupport"]),
        .testTarget(name: "SupportExportTests", dependencies: ["SupportExport", "SupportCore"]),
        .testTarget(name: "TermUITests", dependencies: ["TermUI"]),
        .testTarget(name: "AgentConsoleTests", dependencies: ["AgentConsole", "ConsoleBench", "SupportAPI", "SupportReports", "SupportStore", "SupportCore", "TermUI",
                                                              "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SupportStore", "SupportCore", "SupportAPI", "SupportServer", "SupportPostgres", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                                                          .product(name: "Crypto", package: "swift-crypto"),
                                                          .product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "SupportPostgresTests", dependencies: [
            "SupportPostgres", "SupportSeed", "SupportStore", "SupportCore", "SupportAPI", "SupportRemote", "TestSupport",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
