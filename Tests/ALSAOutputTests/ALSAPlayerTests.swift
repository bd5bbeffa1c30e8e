import ALSAOutput
import Foundation
import Logging
import RetroWalkCore
import SoundEngine
import Synchronization
import Testing

/// Real libasound, no sound card: ALSA's `file` plugin writes what is played to a WAV file.
///
/// `ALSA_CONFIG_PATH` must be set before the first ALSA call of the process, so every test here goes through
/// ``ALSATestEnvironment/shared`` first, and the suite is serialised (the output file is shared).
@Suite(.serialized)
struct ALSAPlayerTests {
    @Test("a cue then an alarm reach the device through libasound's file plugin", .timeLimit(.minutes(1)))
    func playsCueThenAlarm() throws {
        let environment = try ALSATestEnvironment.shared.get()
        try? FileManager.default.removeItem(atPath: environment.outputPath)
        let catalog = try Fixtures.catalog(["turn_around", "alarm_cleared"])
        let (logger, logs) = RecordingLogHandler.makeLogger()
        let faults = Mutex<[String]>([])

        // Given a player on the default device (the file plugin), playing a cue
        let player = try ALSAPlayer(logger: logger, onFault: { fault in faults.withLock { $0.append(fault) } })
        let started = ContinuousClock.now
        try player.start(scheduler: SoundScheduler(catalog: catalog))
        let cue = Cue(phrases: ["turn_around"], text: "Turn around.")
        player.submit(.cue(cue))
        // (the playback thread may render silence before the cue arrives: the cue starts where the log says)
        try waitUntil {
            player.withScheduler { scheduler in
                scheduler.log.first.map { scheduler.position >= $0.startFrame + 8000 } ?? false
            } ?? false
        }

        // When a low alarm is raised half a second into the cue, and its burst has been played
        let alert = Alert(rule: "T1", priority: .low, change: .raised, phrase: "alarm_cleared", text: "Alarm cleared.")
        let submittedAt = try #require(player.withScheduler { $0.position })
        player.submit(.alarm(alert))
        let burst = AlarmTone.burst(.low)
        try waitUntil {
            player.withScheduler { scheduler in
                scheduler.log.count == 2 && scheduler.position >= scheduler.log[1].startFrame + burst.count + 1600
            } ?? false
        }
        // (paced to real time: never more than 100 ms and one 20 ms block ahead of the monotonic clock)
        let elapsed = ContinuousClock.now - started
        let played = Double(player.withScheduler { $0.position } ?? 0) / 16000
        #expect(played <= seconds(elapsed) + 0.13 && played >= seconds(elapsed) - 0.5, "\(played) s in \(elapsed)")
        player.stop()
        player.stop()  // idempotent

        // Then the file holds the speech, cut within one block, then exactly the burst
        let log = try #require(player.withScheduler { $0.log })
        #expect(log.map(\.item) == [.cue(cue), .alarm(alert)])
        #expect(log[0].wasCut)
        let cueStart = log[0].startFrame
        let alarmStart = log[1].startFrame
        #expect(alarmStart - submittedAt <= 320 + 80 + 1600)  // ≤ one block + fade + pacing slack
        let decoded = try WAV.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: environment.outputPath))))
        #expect(decoded.sampleRate == 16000)
        try #require(decoded.samples.count >= alarmStart + burst.count)
        let speech = try #require(catalog.samples(for: "turn_around"))
        #expect(decoded.samples[0..<cueStart].allSatisfy { $0 == 0 })
        let speechPart = Array(decoded.samples[cueStart..<(alarmStart - 80)])
        let expectedSpeech = Array(speech.prefix(alarmStart - 80 - cueStart))
        let firstDifference = zip(speechPart, expectedSpeech).enumerated().first { $0.element.0 != $0.element.1 }?
            .offset
        #expect(
            speechPart == expectedSpeech,
            "cue from frame \(cueStart): \(speechPart.count) vs \(expectedSpeech.count) frames, first difference at \(firstDifference.map(String.init) ?? "none")"
        )
        #expect(speechPart.contains { abs(Int($0)) > 5000 })
        #expect(Array(decoded.samples[alarmStart..<(alarmStart + burst.count)]) == burst)
        #expect(faults.withLock { $0 }.isEmpty)
        #expect(logs.all.contains { $0.message == "Audio device opened" && $0.metadata["audio.device"] == "default" })

        // And a stopped player cannot be restarted
        let restart = #expect(throws: AudioError.self) { try player.start(scheduler: SoundScheduler(catalog: catalog)) }
        #expect(restart?.code == .invalidState)
    }

    @Test("a device that does not exist gives one clear error, and ALSA's chatter goes to the logger")
    func nonexistentDevice() throws {
        _ = try ALSATestEnvironment.shared.get()
        let (logger, logs) = RecordingLogHandler.makeLogger()
        let (result, stderr) = try capturingStandardError {
            Result { () throws(AudioError) -> ALSAPlayer in
                try ALSAPlayer(device: "retrowalk_no_such_pcm", logger: logger)
            }
        }
        guard case .failure(let error) = result else {
            Issue.record("opening a nonexistent device succeeded")
            return
        }
        #expect(error.code == .deviceUnavailable)
        #expect(error.message.hasPrefix("Audio device 'retrowalk_no_such_pcm' could not be opened (snd_pcm_open: "))
        #expect(
            error.message.hasSuffix(
                "No sound card? Use --render-audio FILE.wav or --audio-device NAME; list devices with 'aplay -L'."))
        #expect(!stderr.contains("ALSA lib"), "stderr: \(stderr)")
        #expect(logs.all.contains { $0.metadata["alsa.message"]?.contains("retrowalk_no_such_pcm") == true })
    }

    @Test("a request before start is logged and ignored; stop before start is harmless")
    func submitBeforeStart() throws {
        _ = try ALSATestEnvironment.shared.get()
        let (logger, logs) = RecordingLogHandler.makeLogger()
        let player = try ALSAPlayer(device: "null", logger: logger)
        player.submit(.clear(rule: "R1"))
        #expect(player.withScheduler { $0.position } == nil)
        #expect(logs.all.contains { $0.message == "Sound request ignored: player not started" })
        player.stop()
    }

    @Test("stop can let the queued speech finish first", .timeLimit(.minutes(1)))
    func stopLetsSpeechFinish() throws {
        _ = try ALSATestEnvironment.shared.get()
        let (logger, _) = RecordingLogHandler.makeLogger()
        let player = try ALSAPlayer(device: "null", logger: logger)
        try player.start(scheduler: SoundScheduler(catalog: try Fixtures.catalog(["of"])))
        player.submit(.cue(Cue(phrases: ["of"], text: "of")))
        player.stop(lettingSoundFinishWithin: 4)
        let log = try #require(player.withScheduler { $0.log })
        #expect(log.count == 1 && !log[0].wasCut && log[0].endFrame != nil)
        #expect(player.withScheduler { $0.isQuiet } == true)
    }

    @Test("a device failing mid-stream is reported, reopened with backoff, and time goes on", .timeLimit(.minutes(1)))
    func deviceFault() throws {
        _ = try ALSATestEnvironment.shared.get()
        let (logger, logs) = RecordingLogHandler.makeLogger()
        let faults = Mutex<[String]>([])
        let player = try ALSAPlayer(
            device: "retrowalk_failing", logger: logger, onFault: { fault in faults.withLock { $0.append(fault) } })
        try player.start(scheduler: SoundScheduler(catalog: try Fixtures.catalog(["turn_around"])))
        player.submit(.cue(Cue(phrases: ["turn_around"], text: "Turn around.")))
        // The first write fails at once; the reopened device fails again about 0.5 s later.
        try waitUntil { faults.withLock { $0.count } >= 2 }
        player.stop()
        let first = try #require(faults.withLock { $0.first })
        #expect(first.hasPrefix("Audio device 'retrowalk_failing' failed (snd_pcm_writei: "))
        #expect(logs.all.contains { $0.message == "Audio device reopened" })
        #expect(logs.all.contains { $0.metadata["alsa.message"]?.contains("/dev/full write failed") == true })
        #expect(first.contains("Input/output error"))
        // The scheduler ran on while the device was down (≥ 0.5 s of backoff).
        #expect((player.withScheduler { $0.position } ?? 0) >= 8000)
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Polls `condition` every 10 ms for up to 5 s.
    private func waitUntil(_ condition: () -> Bool) throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            try #require(ContinuousClock.now < deadline, "timed out waiting for the player")
            usleep(10_000)
        }
    }

    /// Runs `body` with file descriptor 2 redirected to a temporary file; returns what was written there.
    private func capturingStandardError<T>(_ body: () -> T) throws -> (T, String) {
        let path = try Fixtures.makeTemporaryDirectory() + "/stderr.txt"
        fflush(nil)
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(file >= 0)
        let saved = dup(2)
        dup2(file, 2)
        close(file)
        let result = body()
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        return (result, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }
}

/// The process-wide ALSA configuration of the tests: the default PCM is a `file` plugin over `null`.
struct ALSATestEnvironment: Sendable {
    var outputPath: String

    /// Prepared once, before any ALSA call.
    static let shared: Result<ALSATestEnvironment, any Error> = Result {
        let directory = try Fixtures.makeTemporaryDirectory()
        let output = directory + "/out.wav"
        let config = directory + "/asound.conf"
        try """
        pcm.!default {
            type file
            slave.pcm "null"
            file "\(output)"
            format "wav"
        }
        # A device whose every write fails (ENOSPC from /dev/full; snd_pcm_writei returns -EIO).
        pcm.retrowalk_failing {
            type file
            slave.pcm "null"
            file "/dev/full"
            format "raw"
        }

        """.write(toFile: config, atomically: true, encoding: .utf8)
        setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + config, 1)
        return ALSATestEnvironment(outputPath: output)
    }
}
