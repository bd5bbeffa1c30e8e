extension RuleEngine {
    /// Every clip key the rules speak (alarm messages and info prompts), so that a session can check its clips
    /// before it starts. C2 is report-only and speaks nothing.
    public static let phraseKeys: [String] =
        [
            UserStopRule.message, AboveZoneRule.message, NearCeilingRule.message, HardCeilingRule.message,
            HeartRateNotRisingRule.message, SuddenDropRule.message, PauseRule.message, LongBeatGapRule.message,
            FrequentEctopyRule.message, IrregularRhythmRule.message, AbruptJumpRule.message, CooldownGuardRule.message,
            PoorContactRule.message, MonitoringLostRule.message, BatteryLowRule.message, EffortPromptRule.message,
        ].map(\.phrase) + ["u2_question", "c1_slow_walk", "rpe_question"]
}
