public import RetroWalkCore

/// The human-readable session log: one line per event, `m:ss` session time first.
public enum HumanLog {
    /// The line for one event: `m:ss` session time, then what happened.
    public static func line(for event: SessionEvent) -> String {
        let text: String
        switch event.kind {
        case .phase(let phase, let bout, let of):
            text = phase == .backward ? "phase    backward bout \(bout) of \(of)" : "phase    \(phase.rawValue)"
        case .cue(let cue):
            text = "say      \(cue.text)"
        case .alert(let alert):
            switch alert.change {
            case .raised where alert.priority == .info: text = "info     \(alert.rule): \(alert.text)"
            case .raised: text = "ALARM    \(alert.rule) (\(alert.priority.rawValue)): \(alert.text)"
            case .cleared: text = "clear    \(alert.rule)"
            case .acknowledged: text = "ack      \(alert.rule)"
            }
        case .signal(let state, let reason):
            text = "signal   \(state.rawValue)" + (reason.map { " (\($0))" } ?? "")
        case .sample(let sample):
            text =
                "hr       \(sample.beatsPerMinute) bpm"
                + (sample.rrIntervals.isEmpty ? "" : ", RR \(sample.rrMilliseconds.map { Int($0.rounded()) }) ms")
        case .simulatorFault(let fault):
            text = "sim      \(fault)"
        case .audioFault(let reason):
            text = "\u{7}AUDIO    \(reason) Alarms show here until the sound is back."
        case .symptom(let symptom, let source):
            text = "SYMPTOM  \(symptom.rawValue) (\(source))"
        case .checkIn(let answer, let bout):
            text = "checkin  bout \(bout): \(answer.rawValue)"
        case .user(let action):
            text = "key      \(action.rawValue)"
        case .rpe(let value, let scale):
            text = "effort   \(value) (\(scale))"
        case .summary(let summary):
            let alarms = summary.alarmsPerRule.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
            text =
                "summary  \(summary.boutsCompleted) bouts, \(summary.samples) samples, max HR "
                + (summary.maxBPM.map { "\($0) bpm" } ?? "none")
                + (alarms.isEmpty ? ", no alarms" : ", alarms " + alarms.joined(separator: " "))
                + (summary.endedEarly ? ", ended early" : "")
        case .strap(let strap):
            text =
                "strap    ready, ATT_MTU \(strap.mtu)" + (strap.batteryPercent.map { ", battery \($0) %" } ?? "")
        case .battery(let percent):
            text = "battery  \(percent) %"
        case .outputStalled(let sink, let dropped):
            text = "output   \(sink) stalled: \(dropped) events dropped while it could not be written"
        case .store(.failed(let reason)):
            text = "\u{7}STORE    recording failed (\(reason)); the session goes on"
        case .store(.recovered(let written)):
            text = "store    recording works again (\(written) events written)"
        case .stopRequested(let reason):
            text = "stop     \(reason): ending the session"
        case .remote(let command):
            text = "remote   \(command.action.rawValue) by \(command.by)"
        }
        return clock(event.time) + "  " + text
    }

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds)
        let secondsPart = whole % 60
        return "\(whole / 60):" + (secondsPart < 10 ? "0" : "") + "\(secondsPart)"
    }
}
