import RetroWalkCore

/// Writes a session as Garmin Training Center XML (TCX, `TrainingCenterDatabase` v2).
///
/// One `Activity` (Sport `Other`: the schema knows only Running, Biking and Other) whose `Id` is the start in UTC;
/// one `Lap` per step of the plan as walked (warm-up, each backward bout, each recovery, pauses, cool-down), in
/// the schema's element order: `TotalTimeSeconds`, `DistanceMeters` (0: a treadmill or a path, not measured),
/// `Calories` (0: the energy range is in the report), `AverageHeartRateBpm`, `MaximumHeartRateBpm`, `Intensity`
/// (`Active` for bouts, `Resting` otherwise), `TriggerMethod` (`Time`, `Manual` for a pause), the `Track` of its
/// trackpoints (UTC time with milliseconds and `HeartRateBpm`), and `Notes` naming the step ("Backward bout 2").
/// Notifications without skin contact are left out (TCX has no way to say "no contact"). The `Creator` is
/// `retrowalk`. TCX has no RR intervals.
///
/// - SeeAlso: Garmin, `TrainingCenterDatabasev2.xsd`.
public enum TCXWriter {
    /// Renders the session of `report`.
    public static func render(_ report: SessionReport) -> String {
        let start = report.start ?? WallTime(unixSeconds: 0, offsetSeconds: 0)
        func time(_ seconds: Double) -> String { start.adding(seconds: seconds).utcISOMilliseconds }
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 \
            http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd">
              <Activities>
                <Activity Sport="Other">
                  <Id>\(start.utcISO)</Id>

            """
        for step in report.steps {
            out += "      <Lap StartTime=\"\(time(step.start))\">\n"
            out += "        <TotalTimeSeconds>\(decimal(step.duration))</TotalTimeSeconds>\n"
            out += "        <DistanceMeters>0</DistanceMeters>\n"
            out += "        <Calories>0</Calories>\n"
            if let mean = step.meanBPM {
                out += "        <AverageHeartRateBpm><Value>\(Int(mean.rounded()))</Value></AverageHeartRateBpm>\n"
            }
            if let max = step.maxBPM {
                out += "        <MaximumHeartRateBpm><Value>\(max)</Value></MaximumHeartRateBpm>\n"
            }
            out +=
                "        <Intensity>\(step.phase == "backward" || step.phase == "walking" ? "Active" : "Resting")</Intensity>\n"
            out += "        <TriggerMethod>\(step.phase == "paused" ? "Manual" : "Time")</TriggerMethod>\n"
            out += "        <Track>\n"
            for index in step.sampleRange {
                let sample = report.samples[index]
                guard sample.contact != .notDetected, sample.beatsPerMinute > 0 else { continue }
                out += "          <Trackpoint><Time>\(time(sample.time))</Time>"
                out += "<HeartRateBpm><Value>\(sample.beatsPerMinute)</Value></HeartRateBpm></Trackpoint>\n"
            }
            out += "        </Track>\n"
            out += "        <Notes>\(escape(SessionText.stepName(step)))</Notes>\n"
            out += "      </Lap>\n"
        }
        out += """
                  <Notes>\(escape("retrowalk session \(report.id), plan \(report.plan)"))</Notes>
                  <Creator xsi:type="Device_t">
                    <Name>retrowalk</Name>
                    <UnitId>0</UnitId>
                    <ProductID>0</ProductID>
                    <Version><VersionMajor>1</VersionMajor><VersionMinor>0</VersionMinor></Version>
                  </Creator>
                </Activity>
              </Activities>
            </TrainingCenterDatabase>

            """
        return out
    }

    static func decimal(_ value: Double) -> String {
        let millis = Int((value * 1000).rounded())
        let whole = millis / 1000
        let fraction = millis % 1000
        guard fraction != 0 else { return String(whole) }
        var text = String(fraction)
        text = String(repeating: "0", count: 3 - text.count) + text
        while text.hasSuffix("0") { text.removeLast() }
        return "\(whole).\(text)"
    }

    /// XML character escaping for text content.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
