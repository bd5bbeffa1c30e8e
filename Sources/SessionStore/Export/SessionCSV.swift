import StrapProtocol

/// Writes a session's notifications as the project recording CSV, the format `retrowalk replay` reads.
///
/// `#` comment lines first (the session, its start, plan and source; readers skip them), then
/// `RecordingCSV.render` of the stored samples: the header `t_s,bpm,contact,energy_kj,rr_ms` and one row per
/// notification as it arrived (time since the start, bpm, contact, energy, RR in ms with two decimals, which read
/// back to the same 1/1024 s values). Replaying the file runs the same samples through the rules again.
public enum SessionCSV {
    /// Renders the session of `report`.
    public static func render(_ report: SessionReport) -> String {
        var out = "# retrowalk session \(report.id): started \(report.startedAt), plan \(report.plan), "
        out += "source \(report.source)\n"
        out += "# Replay it with: retrowalk replay FILE --plan \(report.plan)\n"
        return out + RecordingCSV.render(report.samples)
    }
}
