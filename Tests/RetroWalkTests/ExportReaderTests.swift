import Foundation
import SessionStore
import Testing

/// Our FIT and TCX files read by independent readers from PyPI, and the HTML report rendered by a real browser.
///
/// The tools are installed by the project's scripts on first use (a venv under .build/, Debian's chromium), so the
/// tests run the same on a fresh clone; the first run takes a minute or two longer.
@Suite("Exports read by other tools", .serialized, .timeLimit(.minutes(10)))
struct ExportReaderTests {
    /// A session with alarms, a safe stop and the cool-down: `ceiling` at full speed.
    static func recordCeiling(in folder: TemporaryFolder) throws -> AppDatabase {
        try SessionRecordsTests.record("ceiling", in: folder)
        return try AppDatabase.open(path: folder.path("s.sqlite"))
    }

    @Test("Garmin's FIT SDK decodes our FIT file: no errors, integrity passes, the database's HR values and laps")
    func fitWithGarminSDK() throws {
        // Given a stored session and its FIT export
        let folder = try TemporaryFolder()
        let database = try Self.recordCeiling(in: folder)
        let report = try database.report(id: 1)
        let output = try SessionRecordsTests.retrowalk(
            ["export", "1", "--format", "fit", "--output", folder.path("s.fit")], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        // When Garmin's SDK reads it
        let fit = try ExternalTools.check("check_fit.py", [folder.path("s.fit")])
        // Then it is a FIT activity file with correct CRCs and no decoder error
        #expect(fit["is_fit"] as? Bool == true)
        #expect(fit["integrity"] as? Bool == true)
        #expect((fit["errors"] as? [Any])?.isEmpty == true)
        #expect(fit["file_type"] as? String == "activity")
        #expect(fit["sessions"] as? Int == 1 && fit["activities"] as? Int == 1)
        #expect(fit["sport"] as? String == "walking")
        // And its records carry the heart rates of the database, in order
        let samples = try database.samples(sessionId: 1)
        #expect(fit["heart_rates"] as? [Int] == samples.map(\.bpm))
        // And one lap per step of the plan as walked, with the bouts active
        let laps = report.steps.count
        #expect(fit["laps"] as? Int == laps && fit["num_laps"] as? Int == laps)
        #expect(laps == 8)  // warm-up, 2 × (bout, recovery), bout 3, the pause, the cool-down
        #expect((fit["lap_intensities"] as? [String])?.filter { $0 == "active" }.count == 3)
        #expect(fit["max_heart_rate"] as? Int == report.maxBPM)
        // And the hrv messages carry every RR interval, in ms
        let rr = samples.flatMap { $0.rr.split(separator: " ").compactMap { Double($0) } }.map { $0 * 1000 / 1024 }
        let read = fit["rr_ms"] as? [Double] ?? []
        #expect(read.count == rr.count)
        #expect(zip(read, rr).allSatisfy { abs($0 - $1) <= 0.5 })
    }

    @Test("tcxreader reads our TCX file: the database's HR values, one lap per step")
    func tcxWithTCXReader() throws {
        let folder = try TemporaryFolder()
        let database = try Self.recordCeiling(in: folder)
        let report = try database.report(id: 1)
        let output = try SessionRecordsTests.retrowalk(
            ["export", "last", "--format", "tcx", "--output", folder.path("s.tcx")], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let tcx = try ExternalTools.check("check_tcx.py", [folder.path("s.tcx")])
        let samples = try database.samples(sessionId: 1)
        #expect(tcx["heart_rates"] as? [Int] == samples.map(\.bpm))
        #expect(tcx["laps"] as? Int == report.steps.count)
        #expect(tcx["lap_points"] as? [Int] == report.steps.map(\.sampleRange.count))
        let seconds = tcx["seconds"] as? [Double] ?? []
        #expect(seconds.last.map { abs($0 - (samples.last!.t - samples.first!.t)) < 0.002 } == true)
        #expect(tcx["hr_max"] as? Int == report.maxBPM)
    }

    @Test("headless Chromium renders the HTML report with its chart; the screenshots are kept in .build/artifacts")
    func htmlInChromium() throws {
        // Given the HTML report of a session with alarms and a safe stop
        let folder = try TemporaryFolder()
        _ = try Self.recordCeiling(in: folder)
        let html = folder.path("report.html")
        let output = try SessionRecordsTests.retrowalk(["report", "1", "--html", html], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        let chromium = try ExternalTools.chromium()
        // When Chromium renders it at a desktop width and at a phone's
        for (name, size) in [("report-desktop.png", "1000,2600"), ("report-phone.png", "390,3000")] {
            let png = try ExternalTools.artifact(name)
            try? FileManager.default.removeItem(at: png)
            let render = try ExternalTools.run(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                    "--user-data-dir=\(folder.path("chromium-\(name)"))", "--window-size=\(size)",
                    "--screenshot=\(png.path)", "file://\(html)",
                ])
            #expect(render.status == 0, "\(render.stderr.suffix(2000))")
            // Then the page rendered, with the heart-rate line and the zone band of the chart on it
            let picture = try ExternalTools.check(
                "check_png.py", [png.path, HeartRateChart.lineColour, HeartRateChart.zoneColour])
            #expect(picture["width"] as? Int == Int(size.split(separator: ",")[0]))
            #expect((picture["line_pixels"] as? Int ?? 0) > 100, "\(picture)")
            #expect((picture["zone_pixels"] as? Int ?? 0) > 1000, "\(picture)")
            #expect((picture["distinct_colours"] as? Int ?? 0) > 50, "\(picture)")
        }
    }
}
