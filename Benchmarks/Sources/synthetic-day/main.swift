// Writes SyntheticRecording.day(seed:) as project CSV to standard output.
//
//   cd Benchmarks && swift run -c release synthetic-day 7 > ../day.csv
//
// The seed (default 1) is the only argument; the same seed gives the same file.
import Foundation
import StrapProtocol

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count <= 1, let seed = UInt64(arguments.first ?? "1") else {
    let usage =
        "synthetic-day: seed '\(arguments.joined(separator: " "))' is not a whole number 0 or more; "
        + "usage: synthetic-day [SEED] (default 1)\n"
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
print(RecordingCSV.render(SyntheticRecording.day(seed: seed)), terminator: "")
