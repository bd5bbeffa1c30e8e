// Writes SyntheticRecording.day(seed:) as project CSV, or the RR intervals of its first hours as RR text, to standard
// output.
//
//   cd Benchmarks && swift run -c release synthetic-day 7 > ../day.csv
//   cd Benchmarks && swift run -c release synthetic-day 1 --rr-hours 12 > ../rr12h.txt
//
// The seed (default 1) is the first argument; the same seed gives the same file. With `--rr-hours H` the output is
// RR text (one interval per line, ms with two decimals, as the CSV writes them) of the beats of the first H hours:
// a seeded synthetic series for comparisons with other HRV tools, not a real recording.
import Foundation
import RetroWalkCore
import StrapProtocol

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(
        Data("synthetic-day: \(problem); usage: synthetic-day [SEED] [--rr-hours H] (seed default 1, H 1-24)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var rrHours: Int?
if let flag = arguments.firstIndex(of: "--rr-hours") {
    guard flag + 1 < arguments.count, let hours = Int(arguments[flag + 1]), (1...24).contains(hours) else {
        usage("--rr-hours needs a whole number of hours from 1 to 24")
    }
    rrHours = hours
    arguments.removeSubrange(flag...(flag + 1))
}
guard arguments.count <= 1, let seed = UInt64(arguments.first ?? "1") else {
    usage("seed '\(arguments.joined(separator: " "))' is not a whole number 0 or more")
}
let day = SyntheticRecording.day(seed: seed)
if let rrHours {
    var out =
        "# Synthetic RR series: SyntheticRecording.day(seed: \(seed)), the beats of the first \(rrHours) h, in ms.\n"
    out += "# Seeded and generated, not a real recording.\n"
    for sample in day where sample.time <= Double(rrHours * 3600) {
        for raw in sample.rrIntervals {
            out += JSONValue.format(RRInterval.milliseconds(fromRaw: raw), decimals: 2) + "\n"
        }
    }
    print(out, terminator: "")
} else {
    print(RecordingCSV.render(day), terminator: "")
}
