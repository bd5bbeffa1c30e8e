public import RetroWalkCore

/// The coach's wording: short, imperative, the same every time (SAFETY.md, section D).
///
/// Each cue names the clips that speak it (keys of `Sounds/phrases.tsv`) and the text shown and logged.
public enum CueWording {
    /// Start of the warm-up.
    public static let warmup = Cue(phrases: ["warmup_start"], text: "Warm up. Walk forward at an easy pace.")
    /// Halfway through a bout.
    public static let halfway = Cue(phrases: ["halfway"], text: "Halfway.")
    /// End of a bout, into recovery.
    public static let forwardNow = Cue(phrases: ["forward_now"], text: "Forward now.")
    /// Start of the cool-down.
    public static let cooldown = Cue(phrases: ["cooldown_start"], text: "Cool down. Walk forward slowly.")
    /// End of the last bout, straight into the cool-down.
    public static let forwardThenCooldown = Cue(
        phrases: ["forward_now", "cooldown_start"],
        text: "Forward now. Cool down. Walk forward slowly."
    )
    /// End of the session.
    public static let sessionComplete = Cue(phrases: ["session_complete"], text: "Session complete. Well done.")

    /// Start of a backward bout: "Turn around. Backward walking for one minute. Bout one of five."
    public static func turnAround(seconds: Int, bout: Int, of total: Int) -> Cue {
        let (durationPhrases, durationText) = duration(seconds)
        return Cue(
            phrases: ["turn_around", "backward_for"] + durationPhrases + ["bout", "num_\(bout)", "of", "num_\(total)"],
            text: "Turn around. Backward walking for \(durationText). Bout \(words(bout)) of \(words(total))."
        )
    }

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
}
