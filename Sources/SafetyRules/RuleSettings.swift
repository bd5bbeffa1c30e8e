/// Every threshold of the rule set (SAFETY.md, "Proposed default rule set", sections B and C), with its default.
///
/// `config/rules.yaml` mirrors ``parameters`` key for key, each with a comment naming its source; a user's
/// `rules.yaml` overrides single keys. The table ``parameters`` is the one description of the keys: the YAML
/// loader, the validation messages and the README's table come from it.
public struct RuleSettings: Sendable, Hashable {
    /// How ectopic and artefact beats are found (SAFETY.md B.2).
    public enum EctopicMethod: String, Sendable, Hashable, CaseIterable {
        /// Lipponen & Tarvainen 2019: time-varying thresholds from the dRR and mRR distributions.
        case lipponenTarvainen = "lipponen_tarvainen"
        /// Malik: a beat differing by more than 20 % from the previous one (the documented fallback).
        case malik
    }

    // B. Signal pipeline.
    /// Shortest plausible RR, ms.
    public var rrMinMs: Double = 300
    /// Longest plausible RR for the display HR, ms (longer intervals still feed R6/R6b).
    public var rrMaxMs: Double = 2000
    /// Valid RR the display HR averages after dropping the largest and smallest.
    public var displayWindowBeats: Double = 12
    /// Ectopic-beat detection method.
    public var ectopicMethod: EctopicMethod = .lipponenTarvainen
    /// Malik rule: relative change between successive RR that flags a beat.
    public var malikFraction: Double = 0.20
    /// Lipponen–Tarvainen threshold multiplier (alpha).
    public var lipponenAlpha: Double = 5.2
    /// Lipponen–Tarvainen constant c1.
    public var lipponenC1: Double = 0.13
    /// Lipponen–Tarvainen constant c2.
    public var lipponenC2: Double = 0.17
    /// Lipponen–Tarvainen quartile-deviation window, beats.
    public var lipponenWindowBeats: Double = 91
    /// Pattern test: a coupling interval at most this fraction of the local sinus RR (and of the interval before)
    /// is premature.
    public var prematureFraction: Double = 0.85
    /// Pattern test: a compensatory pause is at least this multiple of the local sinus RR.
    public var pauseFraction: Double = 1.10
    /// Pattern test: the local sinus RR is the median of this many two-beat half-sums.
    public var sinusWindowBeats: Double = 16
    /// Successive intervals within this fraction of each other are one rhythm (a new rate, not an artefact).
    public var rhythmConsistency: Double = 0.15
    /// Good signal: fraction of valid beats in the window.
    public var goodSignalValidFraction: Double = 0.80
    /// Good signal: the window for that fraction, s.
    public var goodSignalWindowSeconds: Double = 10
    /// Good signal: longest gap between notifications, s.
    public var maxGapSeconds: Double = 3

    // B.5 Debounce and hysteresis.
    /// An HR alert clears only when HR is this far on the safe side, bpm.
    public var clearMarginBPM: Double = 5
    /// … for this long, s.
    public var clearSeconds: Double = 10
    /// The same low message is not repeated within this time, s.
    public var lowRepeatSeconds: Double = 30
    /// The same medium message is not repeated within this time, s.
    public var mediumRepeatSeconds: Double = 20

    // A. Limits.
    /// Ceiling (R2) as a fraction of HRmax.
    public var ceilingFractionOfMax: Double = 0.85
    /// Hard ceiling (R3) as a fraction of HRmax.
    public var hardCeilingFractionOfMax: Double = 0.95
    /// Rehab users: the training zone's upper limit for their first sessions, fraction of HRR.
    public var rehabFirstSessionsUpperHRR: Double = 0.50
    /// Rehab users: how many first sessions get that cap.
    public var rehabFirstSessions: Double = 2
    /// Rehab phase I: absolute ceiling, bpm.
    public var phaseICeilingBPM: Double = 130
    /// Rehab phase I: ceiling above resting HR, bpm.
    public var phaseICeilingAboveRestBPM: Double = 30

    // U2 symptom check.
    /// U2 on/off.
    public var u2Enabled = true
    /// U2: interval during a bout, s.
    public var u2IntervalSeconds: Double = 180
    /// U2: first question after a bout ends, s.
    public var u2FirstAfterBoutSeconds: Double = 60
    /// U2: second question after a bout ends, s.
    public var u2SecondAfterBoutSeconds: Double = 180

    // R1 above zone.
    /// R1 on/off.
    public var r1Enabled = true
    /// R1: persistence, s.
    public var r1Seconds: Double = 20

    // R2 near ceiling.
    /// R2 on/off.
    public var r2Enabled = true
    /// R2: persistence, s.
    public var r2Seconds: Double = 10

    // R3 hard ceiling.
    /// R3 on/off.
    public var r3Enabled = true
    /// R3: persistence, s.
    public var r3Seconds: Double = 5

    // R4 HR not rising.
    /// R4 on/off.
    public var r4Enabled = true
    /// R4: walking time before it is judged, s.
    public var r4AfterSeconds: Double = 180
    /// R4: HR must be at least resting + this, bpm.
    public var r4RiseBPM: Double = 10
    /// R4: persistence, s (SAFETY.md: 20 s for low-priority alerts).
    public var r4Seconds: Double = 20

    // R5 sudden drop or bradycardia.
    /// R5 on/off.
    public var r5Enabled = true
    /// R5: a fall of at least this many bpm…
    public var r5DropBPM: Double = 20
    /// … within this time, s.
    public var r5DropSeconds: Double = 10
    /// R5: bradycardia below this HR, bpm…
    public var r5BradycardiaBPM: Double = 50
    /// … for this long, s.
    public var r5BradycardiaSeconds: Double = 5
    /// R5: the fall must hold this long before the alarm, s.
    public var r5DropPersistenceSeconds: Double = 5
    /// R5: the level a fall is measured from must have held this long, s.
    public var r5LevelHoldSeconds: Double = 2
    /// R5: … and be no higher than the mean level of this long, s.
    public var r5BaselineSeconds: Double = 30
    /// R5/R9: suspended for this long after a planned stop, s.
    public var walkingSuspendSeconds: Double = 60

    // R6 pause.
    /// R6 on/off.
    public var r6Enabled = true
    /// R6: an RR longer than this is a pause, ms.
    public var r6PauseMs: Double = 3000
    /// R6: a long RR within this fraction of 2× the median RR is a missed beat, not a pause.
    public var r6MissedBeatTolerance: Double = 0.20

    // R6b long beat gap.
    /// R6b on/off.
    public var r6bEnabled = true
    /// R6b: an RR of at least this is a long gap, ms (up to the R6 pause).
    public var r6bGapMs: Double = 2000
    /// R6b: this many missed-beat flags…
    public var r6bMissedBeats: Double = 3
    /// … within this time, s.
    public var r6bWindowSeconds: Double = 30

    // R7 frequent ectopy.
    /// R7 on/off.
    public var r7Enabled = true
    /// R7: more than this many ectopic beats per minute.
    public var r7PerMinute: Double = 10
    /// R7: or at least this many ectopic beats in a row.
    public var r7Run: Double = 3

    // R8 AF-like irregularity (Dash 2009).
    /// R8 on/off.
    public var r8Enabled = true
    /// R8: window, beats.
    public var r8WindowBeats: Double = 128
    /// R8: normalised RMSSD above this.
    public var r8NormalisedRMSSD: Double = 0.1
    /// R8: Shannon entropy above this.
    public var r8ShannonEntropy: Double = 0.7
    /// R8: turning-point ratio above this…
    public var r8TurningPointLow: Double = 0.54
    /// … and below this.
    public var r8TurningPointHigh: Double = 0.77
    /// R8: high priority when HR is above this, bpm.
    public var r8HighBPM: Double = 110

    // R9 abrupt jump.
    /// R9 on/off.
    public var r9Enabled = true
    /// R9: a rise of at least this many bpm…
    public var r9JumpBPM: Double = 30
    /// … within this many beats…
    public var r9WithinBeats: Double = 10
    /// … that stays for this long, s.
    public var r9HoldSeconds: Double = 15

    // C1 cool-down guard.
    /// C1 on/off.
    public var c1Enabled = true
    /// C1: how long after a bout end it watches, s.
    public var c1WatchSeconds: Double = 600
    /// C1: HR below resting minus this, bpm…
    public var c1BelowRestBPM: Double = 15
    /// … or below this absolute HR, bpm…
    public var c1AbsoluteBPM: Double = 45
    /// … for this long, s.
    public var c1Seconds: Double = 5

    // C2 heart-rate recovery log.
    /// C2 on/off.
    public var c2Enabled = true
    /// C2: HR is read this long after stopping, s.
    public var c2DelaySeconds: Double = 60
    /// C2: a drop of at most this is logged as blunted, bpm.
    public var c2BluntedBPM: Double = 12

    // S1 poor contact.
    /// S1 on/off.
    public var s1Enabled = true
    /// S1: persistence, s.
    public var s1Seconds: Double = 5

    // S2 monitoring lost.
    /// S2 on/off.
    public var s2Enabled = true
    /// S2: poor contact (S1) for this long, s.
    public var s2ContactSeconds: Double = 15
    /// S2: link down for this long, s.
    public var s2LinkSeconds: Double = 10

    // S3 battery low.
    /// S3 on/off.
    public var s3Enabled = true
    /// S3: strap battery below this, percent.
    public var s3BatteryPercent: Double = 15

    // Variants.
    /// β-blocker: RPE prompt interval replacing R1, s.
    public var rpeIntervalSeconds: Double = 180
    /// β-blocker: RPE target, lower bound (Borg 6–20).
    public var rpeTargetLow: Double = 11
    /// β-blocker: RPE target, upper bound.
    public var rpeTargetHigh: Double = 13
    /// β-blocker: RPE at or above this prompts a stop.
    public var rpeStop: Double = 15
    /// Known AF: R2/R3 use a median HR over this many beats.
    public var afMedianBeats: Double = 10

    /// The defaults of SAFETY.md.
    public init() {}

    /// The defaults of SAFETY.md.
    public static let defaults = RuleSettings()

    /// One setting: its YAML key path, its allowed range and where it lives.
    public struct Parameter: Sendable {
        /// The key path in `rules.yaml` (`r3.persistence_s`).
        public var key: String
        /// What the value is.
        public enum Value: Sendable {
            /// A number with its allowed range.
            case number(any WritableKeyPath<RuleSettings, Double> & Sendable, ClosedRange<Double>)
            /// On or off.
            case flag(any WritableKeyPath<RuleSettings, Bool> & Sendable)
            /// The ectopic method.
            case ectopicMethod
        }

        /// The value's kind and location.
        public var value: Value

        init(_ key: String, _ path: any WritableKeyPath<RuleSettings, Double> & Sendable, _ range: ClosedRange<Double>)
        {
            self.key = key
            value = .number(path, range)
        }

        init(_ key: String, flag path: any WritableKeyPath<RuleSettings, Bool> & Sendable) {
            self.key = key
            value = .flag(path)
        }

        init(ectopicMethodAt key: String) {
            self.key = key
            value = .ectopicMethod
        }
    }

    /// Every key of `rules.yaml`, in file order.
    public static let parameters: [Parameter] = [
        Parameter("signal.rr_min_ms", \.rrMinMs, 200...600),
        Parameter("signal.rr_max_ms", \.rrMaxMs, 1200...3000),
        Parameter("signal.display_window_beats", \.displayWindowBeats, 4...30),
        Parameter(ectopicMethodAt: "signal.ectopic_method"),
        Parameter("signal.malik_fraction", \.malikFraction, 0.05...0.5),
        Parameter("signal.lipponen_alpha", \.lipponenAlpha, 1...10),
        Parameter("signal.lipponen_c1", \.lipponenC1, 0.01...0.5),
        Parameter("signal.lipponen_c2", \.lipponenC2, 0.01...0.5),
        Parameter("signal.lipponen_window_beats", \.lipponenWindowBeats, 11...301),
        Parameter("signal.premature_fraction", \.prematureFraction, 0.5...0.95),
        Parameter("signal.pause_fraction", \.pauseFraction, 1.02...1.5),
        Parameter("signal.sinus_window_beats", \.sinusWindowBeats, 4...64),
        Parameter("signal.rhythm_consistency", \.rhythmConsistency, 0.05...0.3),
        Parameter("signal.good_valid_fraction", \.goodSignalValidFraction, 0.5...1),
        Parameter("signal.good_window_s", \.goodSignalWindowSeconds, 5...60),
        Parameter("signal.max_gap_s", \.maxGapSeconds, 1...10),
        Parameter("alerts.clear_margin_bpm", \.clearMarginBPM, 0...20),
        Parameter("alerts.clear_s", \.clearSeconds, 0...60),
        Parameter("alerts.low_repeat_s", \.lowRepeatSeconds, 15...600),
        Parameter("alerts.medium_repeat_s", \.mediumRepeatSeconds, 5...300),
        Parameter("limits.ceiling_fraction_of_max", \.ceilingFractionOfMax, 0.5...0.95),
        Parameter("limits.hard_ceiling_fraction_of_max", \.hardCeilingFractionOfMax, 0.6...1),
        Parameter("limits.rehab_first_sessions_upper_hrr", \.rehabFirstSessionsUpperHRR, 0.3...0.9),
        Parameter("limits.rehab_first_sessions", \.rehabFirstSessions, 0...20),
        Parameter("limits.phase1_ceiling_bpm", \.phaseICeilingBPM, 90...160),
        Parameter("limits.phase1_ceiling_above_rest_bpm", \.phaseICeilingAboveRestBPM, 10...60),
        Parameter("u2.enabled", flag: \.u2Enabled),
        Parameter("u2.interval_s", \.u2IntervalSeconds, 60...900),
        Parameter("u2.first_after_bout_s", \.u2FirstAfterBoutSeconds, 10...600),
        Parameter("u2.second_after_bout_s", \.u2SecondAfterBoutSeconds, 10...900),
        Parameter("r1.enabled", flag: \.r1Enabled),
        Parameter("r1.persistence_s", \.r1Seconds, 5...120),
        Parameter("r2.enabled", flag: \.r2Enabled),
        Parameter("r2.persistence_s", \.r2Seconds, 2...60),
        Parameter("r3.enabled", flag: \.r3Enabled),
        Parameter("r3.persistence_s", \.r3Seconds, 1...30),
        Parameter("r4.enabled", flag: \.r4Enabled),
        Parameter("r4.after_s", \.r4AfterSeconds, 60...900),
        Parameter("r4.rise_bpm", \.r4RiseBPM, 2...40),
        Parameter("r4.persistence_s", \.r4Seconds, 5...120),
        Parameter("r5.enabled", flag: \.r5Enabled),
        Parameter("r5.drop_bpm", \.r5DropBPM, 10...60),
        Parameter("r5.drop_window_s", \.r5DropSeconds, 3...30),
        Parameter("r5.bradycardia_bpm", \.r5BradycardiaBPM, 30...70),
        Parameter("r5.bradycardia_s", \.r5BradycardiaSeconds, 2...30),
        Parameter("r5.drop_persistence_s", \.r5DropPersistenceSeconds, 1...30),
        Parameter("r5.level_hold_s", \.r5LevelHoldSeconds, 0...5),
        Parameter("r5.baseline_s", \.r5BaselineSeconds, 10...120),
        Parameter("r5.suspend_after_stop_s", \.walkingSuspendSeconds, 0...300),
        Parameter("r6.enabled", flag: \.r6Enabled),
        Parameter("r6.pause_ms", \.r6PauseMs, 2000...6000),
        Parameter("r6.missed_beat_tolerance", \.r6MissedBeatTolerance, 0.05...0.5),
        Parameter("r6b.enabled", flag: \.r6bEnabled),
        Parameter("r6b.gap_ms", \.r6bGapMs, 1500...3000),
        Parameter("r6b.missed_beats", \.r6bMissedBeats, 1...10),
        Parameter("r6b.window_s", \.r6bWindowSeconds, 10...120),
        Parameter("r7.enabled", flag: \.r7Enabled),
        Parameter("r7.per_minute", \.r7PerMinute, 2...60),
        Parameter("r7.run", \.r7Run, 2...10),
        Parameter("r8.enabled", flag: \.r8Enabled),
        Parameter("r8.window_beats", \.r8WindowBeats, 32...512),
        Parameter("r8.nrmssd", \.r8NormalisedRMSSD, 0.02...0.5),
        Parameter("r8.shannon_entropy", \.r8ShannonEntropy, 0.1...1),
        Parameter("r8.tpr_low", \.r8TurningPointLow, 0.3...0.7),
        Parameter("r8.tpr_high", \.r8TurningPointHigh, 0.6...1),
        Parameter("r8.high_bpm", \.r8HighBPM, 80...180),
        Parameter("r9.enabled", flag: \.r9Enabled),
        Parameter("r9.jump_bpm", \.r9JumpBPM, 10...80),
        Parameter("r9.within_beats", \.r9WithinBeats, 2...30),
        Parameter("r9.hold_s", \.r9HoldSeconds, 3...120),
        Parameter("c1.enabled", flag: \.c1Enabled),
        Parameter("c1.watch_s", \.c1WatchSeconds, 60...1800),
        Parameter("c1.below_rest_bpm", \.c1BelowRestBPM, 5...40),
        Parameter("c1.absolute_bpm", \.c1AbsoluteBPM, 30...60),
        Parameter("c1.persistence_s", \.c1Seconds, 2...30),
        Parameter("c2.enabled", flag: \.c2Enabled),
        Parameter("c2.delay_s", \.c2DelaySeconds, 30...300),
        Parameter("c2.blunted_bpm", \.c2BluntedBPM, 0...60),
        Parameter("s1.enabled", flag: \.s1Enabled),
        Parameter("s1.persistence_s", \.s1Seconds, 2...60),
        Parameter("s2.enabled", flag: \.s2Enabled),
        Parameter("s2.contact_s", \.s2ContactSeconds, 5...120),
        Parameter("s2.link_s", \.s2LinkSeconds, 3...60),
        Parameter("s3.enabled", flag: \.s3Enabled),
        Parameter("s3.battery_percent", \.s3BatteryPercent, 1...50),
        Parameter("beta_blocker.rpe_interval_s", \.rpeIntervalSeconds, 60...900),
        Parameter("beta_blocker.rpe_target_low", \.rpeTargetLow, 6...20),
        Parameter("beta_blocker.rpe_target_high", \.rpeTargetHigh, 6...20),
        Parameter("beta_blocker.rpe_stop", \.rpeStop, 6...20),
        Parameter("known_af.median_beats", \.afMedianBeats, 3...30),
    ]

    /// Problems that single ranges cannot see (one line each: keys, values, what must hold).
    public func consistencyProblems() -> [String] {
        var problems: [String] = []
        func require(_ condition: Bool, _ message: String) { if !condition { problems.append(message) } }
        require(
            rrMinMs < rrMaxMs,
            "signal.rr_min_ms (\(rrMinMs)) must be below signal.rr_max_ms (\(rrMaxMs))")
        require(
            ceilingFractionOfMax < hardCeilingFractionOfMax,
            "limits.ceiling_fraction_of_max (\(ceilingFractionOfMax)) must be below "
                + "limits.hard_ceiling_fraction_of_max (\(hardCeilingFractionOfMax))")
        require(
            r6bGapMs < r6PauseMs,
            "r6b.gap_ms (\(r6bGapMs)) must be below r6.pause_ms (\(r6PauseMs))")
        require(
            r8TurningPointLow < r8TurningPointHigh,
            "r8.tpr_low (\(r8TurningPointLow)) must be below r8.tpr_high (\(r8TurningPointHigh))")
        require(
            u2FirstAfterBoutSeconds < u2SecondAfterBoutSeconds,
            "u2.first_after_bout_s (\(u2FirstAfterBoutSeconds)) must be below u2.second_after_bout_s "
                + "(\(u2SecondAfterBoutSeconds))")
        require(
            rpeTargetLow <= rpeTargetHigh && rpeTargetHigh < rpeStop,
            "beta_blocker.rpe_target_low (\(rpeTargetLow)) <= rpe_target_high (\(rpeTargetHigh)) < rpe_stop "
                + "(\(rpeStop)) must hold")
        require(
            s2ContactSeconds > s1Seconds,
            "s2.contact_s (\(s2ContactSeconds)) must be above s1.persistence_s (\(s1Seconds))")
        return problems
    }
}
