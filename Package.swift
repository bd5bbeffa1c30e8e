// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "retrowalk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "retrowalk", targets: ["retrowalk"]),
        // The modules the nested benchmark (Benchmarks/) and fuzzing (Fuzz/) packages measure and fuzz; the fuzzers'
        // seed corpora come from RetroWalkTesting's real fixtures.
        .library(name: "RetroWalkCore", targets: ["RetroWalkCore"]),
        .library(name: "StrapProtocol", targets: ["StrapProtocol"]),
        .library(name: "SafetyRules", targets: ["SafetyRules"]),
        .library(name: "WalkCoach", targets: ["WalkCoach"]),
        .library(name: "SoundEngine", targets: ["SoundEngine"]),
        .library(name: "RetroWalk", targets: ["RetroWalk"]),
        .library(name: "RetroWalkTesting", targets: ["RetroWalkTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    ],
    targets: [
        // C libraries (system-library targets; pkg-config names as in Debian 12).
        .systemLibrary(
            name: "CBlueZ",
            pkgConfig: "bluez",
            providers: [.apt(["libbluetooth-dev"])]
        ),
        .systemLibrary(
            name: "CALSA",
            pkgConfig: "alsa",
            providers: [.apt(["libasound2-dev"])]
        ),
        .systemLibrary(
            name: "CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),

        // Pure modules: no device, no wall clock.
        .target(name: "RetroWalkCore"),
        .target(name: "StrapProtocol", dependencies: ["RetroWalkCore"]),
        .target(name: "SafetyRules", dependencies: ["RetroWalkCore"]),
        .target(name: "WalkCoach", dependencies: ["RetroWalkCore"]),
        .target(name: "SoundEngine", dependencies: ["RetroWalkCore"]),
        .target(name: "SessionEngine", dependencies: ["RetroWalkCore", "SafetyRules", "WalkCoach", "SoundEngine"]),

        // I/O adapters, and the system-call helpers they share (errno, EINTR, poll, wake-up pipes).
        .target(name: "POSIXSupport"),
        .target(
            name: "BlueZTransport",
            dependencies: [
                "RetroWalkCore", "StrapProtocol", "CBlueZ", "POSIXSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ALSAOutput",
            dependencies: [
                "RetroWalkCore", "SoundEngine", "CALSA", "POSIXSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "MQTTClient",
            dependencies: [
                "CMosquitto", "POSIXSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SessionStore",
            dependencies: [
                "RetroWalkCore", "StrapProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),

        // The app library and the executable.
        .target(
            name: "RetroWalk",
            dependencies: [
                "RetroWalkCore", "StrapProtocol", "BlueZTransport", "SafetyRules", "WalkCoach",
                "SoundEngine", "SessionEngine", "ALSAOutput", "SessionStore", "POSIXSupport", "MQTTClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The clinic dashboard: a web server over the stations' MQTT topics.
        .target(
            name: "Clinic",
            dependencies: [
                "MQTTClient", "RetroWalk", "RetroWalkCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "retrowalk",
            dependencies: [
                "RetroWalk", "RetroWalkCore", "WalkCoach", "SessionEngine", "SessionStore", "StrapProtocol",
                "SafetyRules", "POSIXSupport", "BlueZTransport", "Clinic", "MQTTClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Test support shared by all test targets.
        .target(name: "RetroWalkTesting", dependencies: ["RetroWalkCore", "StrapProtocol"]),

        .testTarget(name: "RetroWalkCoreTests", dependencies: ["RetroWalkCore", "RetroWalkTesting"]),
        .testTarget(name: "StrapProtocolTests", dependencies: ["StrapProtocol", "RetroWalkTesting"]),
        .testTarget(name: "SafetyRulesTests", dependencies: ["SafetyRules", "RetroWalkTesting"]),
        .testTarget(name: "WalkCoachTests", dependencies: ["WalkCoach", "RetroWalkTesting"]),
        .testTarget(name: "SoundEngineTests", dependencies: ["SoundEngine", "RetroWalkTesting"]),
        .testTarget(
            name: "SessionEngineTests",
            dependencies: [
                "SessionEngine", "RetroWalkCore", "SafetyRules", "WalkCoach", "SoundEngine", "RetroWalkTesting",
            ]
        ),
        .testTarget(
            name: "BlueZTransportTests",
            dependencies: ["BlueZTransport", "StrapProtocol", "RetroWalkCore", "RetroWalkTesting"]
        ),
        .testTarget(
            name: "ALSAOutputTests", dependencies: ["ALSAOutput", "SoundEngine", "POSIXSupport", "RetroWalkTesting"]
        ),
        .testTarget(name: "SessionStoreTests", dependencies: ["SessionStore", "StrapProtocol", "RetroWalkTesting"]),
        .testTarget(
            name: "RetroWalkTests",
            dependencies: [
                "RetroWalk", "retrowalk", "RetroWalkCore", "RetroWalkTesting", "SoundEngine", "ALSAOutput",
                "StrapProtocol", "SessionStore", "SessionEngine", "POSIXSupport",
                "SafetyRules", "WalkCoach", "MQTTClient", "Clinic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The same upcoming features for every Swift target (STYLE.md 45).
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
            .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
        ]
}
