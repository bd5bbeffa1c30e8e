public import RetroWalkCore

/// The coach's wording: short, imperative, the same every time (SAFETY.md, section D).
///
/// Each cue names the clips that speak it (keys of `Sounds/phrases.tsv`, at most 8 words each), the text shown
/// and logged, and its stable ``Cue/id`` (the `cue` key of the event stream). ``phraseKeys`` lists every key the
/// coach can speak.
public enum CueWording {
    /// Start of the warm-up.
    public static let warmup = Cue(
        phrases: ["warmup_start"], text: "Warm up. Walk forward at an easy pace.", id: "warmup")
    /// Halfway through a bout.
    public static let halfway = Cue(phrases: ["halfway"], text: "Halfway.", id: "halfway")
    /// Ten seconds before the end of a bout.
    public static let tenSecondsLeft = Cue(
        phrases: ["ten_seconds_left"], text: "Ten seconds left.", id: "ten_seconds_left")
    /// End of a bout, into forward walking.
    public static let forwardNow = Cue(phrases: ["forward_now"], text: "Forward now.", id: "forward_now")
    /// Start of the cool-down.
    public static let cooldown = Cue(
        phrases: ["cooldown_start"], text: "Cool down. Walk forward slowly.", id: "cooldown")
    /// End of the last bout, straight into the cool-down.
    public static let forwardThenCooldown = Cue(
        phrases: ["forward_now", "cooldown_start"],
        text: "Forward now. Cool down. Walk forward slowly.",
        id: "cooldown"
    )
    /// End of the session.
    public static let sessionComplete = Cue(
        phrases: ["session_complete"], text: "Session complete. Well done.", id: "session_complete")
    /// The effort question after the session (Borg 6–20).
    public static let rpeQuestion = Cue(
        phrases: ["rpe_how_hard", "rpe_scale"],
        text: "How hard was that? Say a number from six to twenty.",
        id: "rpe_question"
    )
    /// An effort answer outside 6–20: the scale again.
    public static let rpeScale = Cue(
        phrases: ["rpe_scale"], text: "Say a number from six to twenty.", id: "rpe_question")
    /// During backward bouts, about every 10 steps.
    public static let lookBehind = Cue(phrases: ["check_behind"], text: "Check behind you.", id: "look_behind")
    /// At the end of each bout (and on resuming after a safe stop).
    public static let checkIn = Cue(
        phrases: ["check_in_question", "check_in_keys"],
        text: "Any dizziness or knee pain? Press D or K. Other key if fine.",
        id: "check_in"
    )
    /// The gate holds the next bout: heart rate has not come down.
    public static let gateHoldHeartRate = Cue(
        phrases: ["gate_hold_hr"], text: "Heart rate still high. Keep walking forward.", id: "gate_hold")
    /// The gate holds the next bout: no heart rate to judge recovery by.
    public static let gateHoldNoHeartRate = Cue(
        phrases: ["gate_hold_no_hr"], text: "No heart rate. Keep walking forward.", id: "gate_hold")
    /// The gate holds the next bout: the check-in has no "fine" answer yet; asks it again.
    public static let gateHoldCheckIn = Cue(
        phrases: ["gate_hold_checkin", "check_in_question", "check_in_keys"],
        text: "No answer yet. Keep walking forward. Any dizziness or knee pain? Press D or K. Other key if fine.",
        id: "gate_hold"
    )
    /// The gate held the bout as long as allowed: the session goes to its cool-down.
    public static let gateLimit = Cue(
        phrases: ["gate_limit"], text: "Not recovered. No more bouts today.", id: "gate_hold")
    /// Safe stop during a backward bout on a treadmill (high priority, repeated until acknowledged).
    public static let safeStopTreadmill = Cue(
        phrases: ["safe_stop_rails", "safe_stop_turn"],
        text: "Hold the rails. Slow the belt. Turn to face forward. Stand still.",
        id: "safe_stop",
        priority: .high
    )
    /// Safe stop on a treadmill while walking forward: the belt is still moving, so "stand still" alone would be a
    /// fall hazard (high priority, repeated until acknowledged).
    public static let safeStopTreadmillForward = Cue(
        phrases: ["safe_stop_rails", "stand_still"],
        text: "Hold the rails. Slow the belt. Stand still.",
        id: "safe_stop",
        priority: .high
    )
    /// Safe stop outdoors (high priority, repeated until acknowledged).
    public static let safeStopForward = Cue(
        phrases: ["safe_stop_forward"], text: "Stop. Stand still.", id: "safe_stop", priority: .high)
    /// After a safe stop is acknowledged: what the walker can do.
    public static let pauseOptions = Cue(
        phrases: ["pause_options"], text: "Rest. Press R to resume, E to end.", id: "pause_options")
    /// The walker resumed after a safe stop: recovery first.
    public static let resume = Cue(phrases: ["resume_walk"], text: "Resuming. Walk forward slowly.", id: "resume")

    /// The countdown before a bout: "Three.", "Two.", "One." (the number clips).
    public static func countdown(_ number: Int) -> Cue {
        Cue(phrases: ["num_\(number)"], text: capitalized(words(number)) + ".", id: "countdown")
    }

    /// Before a backward bout: "Turn around. Backward walking for one minute. Bout one of five."
    public static func turnAround(seconds: Int, bout: Int, of total: Int) -> Cue {
        let (durationPhrases, durationText) = duration(seconds)
        return Cue(
            phrases: ["turn_around", "backward_for"] + durationPhrases + ["bout", "num_\(bout)", "of", "num_\(total)"],
            text: "Turn around. Backward walking for \(durationText). Bout \(words(bout)) of \(words(total)).",
            id: "turn_around"
        )
    }

    /// "Heart rate one hundred twelve. In zone." (or "Heart rate unknown." without a reading in 0…250 bpm).
    public static func heartRate(bpm: Double?, zone: ZoneBand?) -> Cue {
        guard let bpm, bpm.isFinite, bpm >= 0, bpm.rounded() <= 250 else {
            return Cue(phrases: ["heart_rate_unknown"], text: "Heart rate unknown.", id: "heart_rate")
        }
        let value = Int(bpm.rounded())
        var phrases = ["heart_rate", "num_\(value)"]
        var text = "Heart rate \(words(value))."
        if let zone, zone != .unknown {
            phrases.append(zone.spoken.phrase)
            text += " " + zone.spoken.text
        }
        return Cue(phrases: phrases, text: text, id: "heart_rate")
    }

    /// Every phrase key the coach can speak (the numbers `num_0` … `num_250` included).
    public static let phraseKeys: [String] = {
        let fixed = [
            warmup, halfway, tenSecondsLeft, forwardNow, cooldown, forwardThenCooldown, sessionComplete, rpeQuestion,
            lookBehind, checkIn, gateHoldHeartRate, gateHoldNoHeartRate, gateHoldCheckIn, gateLimit,
            safeStopTreadmill, safeStopTreadmillForward, safeStopForward, pauseOptions, resume,
            heartRate(bpm: nil, zone: nil),
            turnAround(seconds: 60, bout: 1, of: 2), turnAround(seconds: 120, bout: 1, of: 2),
            turnAround(seconds: 90, bout: 1, of: 2),
        ].flatMap(\.phrases)
        let zones = ZoneBand.allCases.map(\.spoken.phrase)
        var seen: Set<String> = []
        return (fixed + ["heart_rate"] + zones + (0...250).map { "num_\($0)" }).filter { seen.insert($0).inserted }
    }()

    /// "one minute", "two minutes", "ninety seconds" with the clips that say it.
    static func duration(_ seconds: Int) -> (phrases: [String], text: String) {
        if seconds % 60 == 0 {
            let minutes = seconds / 60
            return (
                ["num_\(minutes)", minutes == 1 ? "minute" : "minutes"],
                "\(words(minutes)) minute\(minutes == 1 ? "" : "s")"
            )
        }
        return (["num_\(seconds)", "seconds"], "\(words(seconds)) seconds")
    }

    /// English words for 0…999, as the number clips say them ("one hundred twenty-eight").
    public static func words(_ number: Int) -> String {
        let ones = [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ]
        let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        guard number >= 0, number < 1000 else { return String(number) }
        if number < 20 { return ones[number] }
        if number < 100 { return tens[number / 10] + (number % 10 == 0 ? "" : "-" + ones[number % 10]) }
        let rest = number % 100
        return ones[number / 100] + " hundred" + (rest == 0 ? "" : " " + words(rest))
    }

    /// About how long a cue takes to say, seconds: 0.4 s a word plus the 120 ms gaps between clips (flite rms
    /// speaks 0.36–0.45 s a word in `Sounds/manifest.tsv`), plus 0.3 s. The coach keeps its routine cues from
    /// talking over its timed ones with it.
    static func estimatedSeconds(_ cue: Cue) -> Double {
        let words = cue.text.split { $0 == " " || $0 == "-" }.count
        return 0.4 * Double(words) + 0.12 * Double(max(0, cue.phrases.count - 1)) + 0.3
    }

    private static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
