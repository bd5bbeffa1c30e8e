// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets for retrowalk's parsers and protocol state machines (issue 15): `make fuzz`, which runs
// scripts/fuzz.sh. A nested package, like Benchmarks/, so that the sanitizer build (`swift build -c release
// --sanitize fuzzer --sanitize address`, every module of retrowalk and its dependencies instrumented) has a build
// folder of its own and never touches the main package's `.build/`.
//
// One executable holds every target; `retrowalk-fuzz --list` names them and `--target=NAME` picks one (libFuzzer
// ignores flags that start with `--`, so they pass through to the processes it forks).
let package = Package(
    name: "Fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "retrowalk", path: "../")
    ],
    targets: [
        .executableTarget(
            name: "retrowalk-fuzz",
            dependencies: [
                .product(name: "RetroWalkCore", package: "retrowalk"),
                .product(name: "StrapProtocol", package: "retrowalk"),
                .product(name: "RetroWalk", package: "retrowalk"),
                .product(name: "WalkCoach", package: "retrowalk"),
                .product(name: "SoundEngine", package: "retrowalk"),
                .product(name: "RetroWalkTesting", package: "retrowalk"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
