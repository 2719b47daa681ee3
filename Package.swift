// swift-tools-version: 6.0
import PackageDescription

// Dependencies point one way:
//   paydesk → AgentConsole → SupportStore → SupportCore
//                            SupportStore → CGMime (mail), CXML2 (HTML mail to text)
//             AgentConsole → TermUI → CNCurses
//             AgentConsole / paydesk → SupportExport → CXlsxWriter, CPangoCairo
let package = Package(
    name: "paydesk",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "paydesk", targets: ["paydesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .systemLibrary(name: "CXlsxWriter", path: "Sources/CXlsxWriter", pkgConfig: "xlsxwriter"),
        .systemLibrary(name: "CPangoCairo", path: "Sources/CPangoCairo", pkgConfig: "pangocairo"),
        .systemLibrary(name: "CGMime", path: "Sources/CGMime", pkgConfig: "gmime-3.0"),
        .systemLibrary(name: "CXML2", path: "Sources/CXML2", pkgConfig: "libxml-2.0"),
        .target(name: "SupportCore"),
        .target(name: "SupportStore", dependencies: [
            "SupportCore", "CGMime", "CXML2",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "SupportExport", dependencies: ["SupportCore", "CXlsxWriter", "CPangoCairo"]),
        .target(name: "TermUI", dependencies: ["CNCurses"]),
        .target(name: "AgentConsole", dependencies: ["SupportCore", "SupportStore", "SupportExport", "TermUI"]),
        .executableTarget(name: "paydesk", dependencies: [
            "AgentConsole", "SupportStore", "SupportCore", "SupportExport", "TermUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SupportCoreTests", dependencies: ["SupportCore"]),
        .testTarget(name: "SupportStoreTests", dependencies: ["SupportStore", "SupportCore"]),
        .testTarget(name: "SupportExportTests", dependencies: ["SupportExport", "SupportCore"]),
        .testTarget(name: "TermUITests", dependencies: ["TermUI"]),
        .testTarget(name: "AgentConsoleTests", dependencies: ["AgentConsole", "SupportStore", "SupportCore", "TermUI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SupportStore", "SupportCore", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
