// The libFuzzer entry points. libFuzzer supplies `main`; it calls LLVMFuzzerInitialize once with the command line,
// then LLVMFuzzerTestOneInput for every input.
//
//   retrowalk-fuzz --list                                   the targets, one per line: name, tab, summary
//   retrowalk-fuzz --target=NAME --write-seeds=DIR          writes the target's seed corpus into DIR and exits
//   retrowalk-fuzz --target=NAME [libFuzzer flags] [CORPUS…] fuzzes NAME (or replays crash files given as CORPUS)
//
// The target name may also come from RETROWALK_FUZZ_TARGET. libFuzzer ignores flags that start with `--`, so the
// processes it starts for -fork, -merge or -jobs see the same `--target`.
import Foundation

/// The target chosen in LLVMFuzzerInitialize; set once, before any input.
nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>
) -> Int32 {
    var arguments: [String] = []
    for index in 0..<Int(argc.pointee) {
        if let argument = argv.pointee[index] { arguments.append(String(cString: argument)) }
    }
    if arguments.contains("--list") {
        for target in FuzzTarget.all { print("\(target.name)\t\(target.summary)") }
        exit(0)
    }
    func value(of flag: String) -> String? {
        arguments.last { $0.hasPrefix(flag + "=") }.map { String($0.dropFirst(flag.count + 1)) }
    }
    let name = value(of: "--target") ?? ProcessInfo.processInfo.environment["RETROWALK_FUZZ_TARGET"]
    guard let name, let target = FuzzTarget.named(name) else {
        let known = FuzzTarget.all.map(\.name).joined(separator: ", ")
        let shown = name.map { "'\($0)' is not a target" } ?? "no target given"
        FileHandle.standardError.write(
            Data("retrowalk-fuzz: \(shown); pass --target=NAME with one of: \(known) (--list describes them)\n".utf8))
        exit(2)
    }
    if let folder = value(of: "--write-seeds") {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for seed in target.seeds() {
                try Data(seed.bytes).write(to: URL(fileURLWithPath: folder).appendingPathComponent(seed.name))
            }
        } catch {
            FileHandle.standardError.write(
                Data("retrowalk-fuzz: could not write the seeds of '\(name)' to '\(folder)': \(error)\n".utf8))
            exit(1)
        }
        exit(0)
    }
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    selected?.run(bytes)
    return 0
}
