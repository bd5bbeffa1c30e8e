// swift-tools-version: 6.2
import PackageDescription

// Benchmarks of retrowalk's hot pure code (STYLE.md 4 and 44): `make bench`, or `swift package benchmark` here.
// ordo-one/benchmark with its MallocInterposer trait counts allocations without jemalloc.
let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "retrowalk", path: "../"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RetroWalkBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "RetroWalkCore", package: "retrowalk"),
                .product(name: "StrapProtocol", package: "retrowalk"),
                .product(name: "SafetyRules", package: "retrowalk"),
                .product(name: "WalkCoach", package: "retrowalk"),
                .product(name: "RetroWalk", package: "retrowalk"),
            ],
            path: "Benchmarks/RetroWalkBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Writes the synthetic 24 h recording as project CSV, or its first hours as RR text:
        // `swift run -c release synthetic-day [SEED] [--rr-hours H]`.
        .executableTarget(
            name: "synthetic-day",
            dependencies: [
                .product(name: "RetroWalkCore", package: "retrowalk"),
                .product(name: "StrapProtocol", package: "retrowalk"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
