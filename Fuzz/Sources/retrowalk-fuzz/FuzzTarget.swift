import Foundation

/// One thing the fuzzer feeds: a parser or a protocol state machine, how bytes reach it, what must hold whatever the
/// bytes are, and the real inputs its corpus starts from.
///
/// A target's ``run`` must not crash, trap, hang or leak on any input. Besides the sanitizers' findings, it checks
/// properties that the code promises (a decoded value encodes back to something that decodes the same, an error is
/// the module's error type, …) with ``FuzzCheck/require(_:_:input:)``, which aborts so that libFuzzer saves the
/// input as a crash.
struct FuzzTarget: Sendable {
    /// The name on the command line (`--target=NAME`) and of the corpus folder.
    var name: String
    /// One line: what is fed and what is checked.
    var summary: String
    /// Feeds one input.
    var run: @Sendable ([UInt8]) -> Void
    /// The seed corpus: real inputs (fixtures, shipped files, transcripts of the simulated strap), each with a
    /// file name.
    var seeds: @Sendable () -> [Seed]

    /// One seed input.
    struct Seed: Sendable {
        var name: String
        var bytes: [UInt8]

        init(_ name: String, _ bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }

        init(_ name: String, text: String) {
            self.init(name, Array(text.utf8))
        }
    }

    /// Every target, in the order `make fuzz` runs them.
    static let all: [FuzzTarget] =
        ProtocolTargets.all + [GATTClientTarget.target] + RecordingTargets.all + ConfigTargets.all + [SoundTargets.wav]

    /// The target with this name.
    static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}

/// Property checks inside fuzz targets.
enum FuzzCheck {
    /// Stops the process when `condition` is false, after printing what failed and the input in hex, so that
    /// libFuzzer records the input as a crash (`abort` raises SIGABRT, which libFuzzer treats as one).
    static func require(
        _ condition: @autoclosure () -> Bool,
        _ message: @autoclosure () -> String,
        input: [UInt8]
    ) {
        guard !condition() else { return }
        let hex = input.prefix(256).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        FileHandle.standardError.write(
            Data(
                "retrowalk-fuzz: property failed: \(message())\ninput (\(input.count) bytes): \(hex.joined(separator: " "))\n"
                    .utf8))
        fatalError("retrowalk-fuzz: property failed")
    }
}
