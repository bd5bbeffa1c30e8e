import RetroWalkCore
public import SessionEngine

/// The MQTT topic contract of a station (README, "Clinic and partner mode"): every topic of station `STATION`
/// lives under `retrowalk/STATION/`.
public enum StationTopics {
    /// The prefix of every topic.
    public static let root = "retrowalk"

    /// `retrowalk/STATION/events`: every event of the `--json` stream, same JSON.
    public static func events(_ station: String) -> String { "\(root)/\(station)/events" }
    /// `retrowalk/STATION/state`: the retained snapshot (``StationState``).
    public static func state(_ station: String) -> String { "\(root)/\(station)/state" }
    /// `retrowalk/STATION/online`: retained `1` while connected, `0` as the last will and at a clean end.
    public static func online(_ station: String) -> String { "\(root)/\(station)/online" }
    /// `retrowalk/STATION/command`: `{"command": "acknowledge" | "cooldown", "by": NAME}`.
    public static func command(_ station: String) -> String { "\(root)/\(station)/command" }

    /// The station named by a topic of this contract and the topic's last level (`events`, `state`, …), or `nil`.
    public static func parse(_ topic: String) -> (station: String, kind: String)? {
        let levels = topic.split(separator: "/", omittingEmptySubsequences: false)
        guard levels.count == 3, levels[0] == root, !levels[1].isEmpty else { return nil }
        return (String(levels[1]), String(levels[2]))
    }

    /// Checks a station name: it becomes a topic level and a dashboard label.
    ///
    /// - Returns: `nil` when usable; otherwise what is wrong, naming the value and the allowed characters.
    public static func problem(station: String) -> String? {
        let allowed = station.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "-_.".unicodeScalars
                    .contains($0)
        }
        guard !station.isEmpty, station.count <= 64, allowed else {
            return "station name '\(station)' must be 1-64 letters, digits, '-', '_' or '.' (it is an MQTT topic level)"
        }
        return nil
    }
}

/// The retained `retrowalk/STATION/state` snapshot: what a dashboard shows of one station.
///
/// `{"station", "t", "phase", "bout", "of", "step_ends_at", "bpm", "zone", "signal", "link", "contact", "battery",
/// "awaiting", "alarms": [{"rule", "priority", "text", "acknowledged"}], "online", "updated_at"}`: `t` and
/// `step_ends_at` are session seconds, `updated_at` the station's wall clock (ISO 8601, UTC), `bpm`, `zone`,
/// `battery`, `step_ends_at` and `awaiting` `null` when unknown.
public enum StationState {
    /// The snapshot as one line of JSON.
    ///
    /// - Parameters:
    ///   - station: The station's name.
    ///   - status: The session's latest status.
    ///   - online: `false` in the last snapshot of a session that ended.
    ///   - updatedAt: When the station published it (the wall clock, seconds since 1970).
    public static func json(station: String, status: SessionStatus, online: Bool = true, updatedAt: Double) -> String {
        var object = JSONObject()
        object.add("station", .string(station))
        object.add("t", .fixed(status.time, decimals: 1, trim: true))
        object.add("phase", .string(status.phase.rawValue))
        object.add("bout", .int(status.bout))
        object.add("of", .int(status.bouts))
        object.add("step_ends_at", status.stepEndsAt.map { .fixed($0, decimals: 1, trim: true) } ?? .null)
        object.add("bpm", status.beatsPerMinute.map { .int(Int($0.rounded())) } ?? .null)
        object.add("zone", status.band.map { .string($0.rawValue) } ?? .null)
        object.add("signal", .string(signal(of: status)))
        object.add("link", .string(status.link.rawValue))
        object.add("contact", status.contact.map { .string($0.name) } ?? .null)
        object.add("battery", status.battery.map { .int($0) } ?? .null)
        object.add("awaiting", status.awaiting.map { .string($0.rawValue) } ?? .null)
        object.add(
            "alarms",
            .array(
                status.alarms.map { alarm in
                    var entry = JSONObject()
                    entry.add("rule", .string(alarm.alert.rule))
                    entry.add("priority", .string(alarm.alert.priority.rawValue))
                    entry.add("text", .string(alarm.alert.text))
                    entry.add("acknowledged", .bool(alarm.acknowledged))
                    return .object(entry)
                }))
        object.add("online", .bool(online))
        object.add("updated_at", .string(isoTime(updatedAt)))
        return object.rendered
    }

    /// The signal as a dashboard shows it: `good` (a heart rate is shown), `poor` (linked, no trustworthy heart
    /// rate: no skin contact, artefacts), or the link's state (`connecting`, `lost`, `ended`, `idle`).
    public static func signal(of status: SessionStatus) -> String {
        guard status.link == .up else { return status.link.rawValue }
        if status.contact == .notDetected { return "no_contact" }
        return status.beatsPerMinute == nil ? "poor" : "good"
    }

    /// `2026-12-03T02:41:07.250Z`.
    static func isoTime(_ seconds: Double) -> String {
        let milliseconds = Int64((seconds * 1000).rounded())
        let days = Int(milliseconds.quotientAndRemainder(dividingBy: 86_400_000).quotient)
        let dayMilliseconds = Int(milliseconds - Int64(days) * 86_400_000)
        let date = CalendarDay(dayNumber: days).components
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let hours = dayMilliseconds / 3_600_000
        let minutes = dayMilliseconds / 60_000 % 60
        let secondsPart = dayMilliseconds / 1000 % 60
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(hours, 2)):\(pad(minutes, 2)):"
            + "\(pad(secondsPart, 2)).\(pad(dayMilliseconds % 1000, 3))Z"
    }
}
