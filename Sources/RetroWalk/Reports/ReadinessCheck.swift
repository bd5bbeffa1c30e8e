import ALSAOutput
import BlueZTransport
import Foundation
public import Logging
import RetroWalkCore
import SafetyRules
import SessionEngine
import SoundEngine
import StrapProtocol
import WalkCoach

/// `retrowalk check`: is everything ready for a session? Each step says what it found and, when it is not
/// right, exactly what to do.
public struct ReadinessCheck: Sendable {
    /// One finding.
    public struct Finding: Sendable, Hashable {
        /// Pass, warn (the session can run, but look), or fail (fix before walking).
        public enum Status: String, Sendable, Hashable {
            case pass
            case warn
            case fail
        }

        /// The step, e.g. `strap.contact`.
        public var step: String
        /// The verdict.
        public var status: Status
        /// What was found, and the remedy when it is not a pass.
        public var detail: String

        /// The finding as one line of JSON.
        public var jsonLine: String {
            var object = JSONObject()
            object.add("step", .string(step))
            object.add("status", .string(status.rawValue))
            object.add("detail", .string(detail))
            return object.rendered
        }

        /// The finding for people: `PASS  strap.contact      skin contact detected`.
        public var line: String {
            status.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0)
                + step.padding(toLength: 22, withPad: " ", startingAt: 0) + detail
        }
    }

    /// Where the strap data comes from.
    public var source: SessionOptions.Source
    /// The plan to validate.
    public var planName: String
    /// The adapter to check, for a real strap.
    public var adapter: String?
    /// How long to listen to the strap, seconds of session time.
    public var listenSeconds: Double
    /// The ALSA device to test; `nil` for audio.yaml's `device`.
    public var audioDevice: String?
    /// Where resources are.
    public var locator: ResourceLocator
    /// The profile file given with `--profile`, read after the shipped and user files.
    public var profileFile: String?
    /// The rules file given with `--rules`, read after the shipped and user files.
    public var rulesFile: String?
    /// Whether the `audio.device` step plays the sound test (alarm bursts included); `serve`, which checks before
    /// every session and every few seconds while the strap is not worn, turns it off.
    public var playsSoundTest = true
    /// Where the session's sound goes instead of a device (`walk --render-audio FILE`): the audio step then names
    /// the file instead of playing the sound test.
    public var renderAudio: String?
    /// Whether a device that does not play is only a warning: `walk --simulate`, which nobody walks to, renders
    /// its audio to a WAV file then.
    public var audioFailureIsWarning = false

    /// Creates a check.
    public init(
        source: SessionOptions.Source,
        planName: String,
        adapter: String?,
        listenSeconds: Double,
        audioDevice: String?,
        locator: ResourceLocator,
        profileFile: String? = nil,
        rulesFile: String? = nil
    ) {
        self.source = source
        self.planName = planName
        self.adapter = adapter
        self.listenSeconds = listenSeconds
        self.audioDevice = audioDevice
        self.locator = locator
        self.profileFile = profileFile
        self.rulesFile = rulesFile
    }

    /// Runs every step, reporting each finding as soon as it is known.
    public func run(logger: Logger, report: (Finding) -> Void) {
        var plan = Plan.beginner
        do {
            plan = try PlanLoader(locator: locator).load(planName)
            report(Finding(step: "config.plan", status: .pass, detail: "plan '\(plan.name)': \(plan.summary)"))
        } catch {
            report(Finding(step: "config.plan", status: .fail, detail: "\(error)"))
        }
        var settings = AudioSettings()
        do {
            settings = try AudioSettings.load(locator: locator)
            report(Finding(step: "config.audio", status: .pass, detail: Self.describe(settings)))
        } catch {
            report(Finding(step: "config.audio", status: .fail, detail: "\(error)"))
        }
        checkProfileAndRules(report: report)
        var catalog = ClipCatalog(clips: [:])
        do {
            catalog = try SessionAudio.loadCatalog(locator: locator, settings: settings)
            report(
                Finding(step: "sounds.clips", status: .pass, detail: "\(catalog.keys.count) voice clips, none missing"))
        } catch {
            report(Finding(step: "sounds.clips", status: .fail, detail: "\(error)"))
        }
        if case .strap = source { checkAdapter(logger: logger, report: report) }
        checkStrap(plan: plan, logger: logger, report: report)
        if playsSoundTest { checkAudio(settings: settings, catalog: catalog, logger: logger, report: report) }
    }

    /// `config.profile` and `config.rules`: a pass names what the session will use; a failure is one finding per
    /// problem, each naming the file, the key, the value and what is allowed.
    private func checkProfileAndRules(report: (Finding) -> Void) {
        var rules: RuleConfig?
        do {
            rules = try RuleConfig.load(locator: locator, explicit: rulesFile)
        } catch {
            for line in "\(error)".split(separator: "\n") {
                report(Finding(step: "config.rules", status: .fail, detail: String(line)))
            }
        }
        do {
            let profile = try ProfileConfig.load(locator: locator, explicit: profileFile)
            let summary = ProfileReport(profile: profile.profile, settings: rules?.settings ?? .defaults)
            report(Finding(step: "config.profile", status: .pass, detail: Self.describe(summary)))
        } catch {
            for line in "\(error)".split(separator: "\n") {
                report(Finding(step: "config.profile", status: .fail, detail: String(line)))
            }
        }
        if let rules {
            let changes = rules.changes
            report(
                Finding(
                    step: "config.rules",
                    status: .pass,
                    detail: changes.isEmpty
                        ? "the SAFETY.md defaults"
                        : "\(changes.count) setting(s) differ from the SAFETY.md defaults: "
                            + changes.joined(separator: ", ")))
        }
    }

    /// `age 65, resting 68 bpm, HRmax 162.5 ± 10 bpm (tanaka), zone 106-124 bpm, ceiling 138, hard ceiling 154 bpm`.
    static func describe(_ report: ProfileReport) -> String {
        let limits = report.limits
        func bpm(_ value: Double) -> String { String(Int(value.rounded())) }
        let isEstimate = limits.source != HeartRateLimits.Source.clinician
        let uncertainty: String = isEstimate ? " ± " + ProfileReport.number(limits.uncertaintyBPM) : ""
        let hrmax: String =
            "HRmax \(ProfileReport.number(limits.maxBPM))\(uncertainty) bpm (\(limits.source.rawValue))"
        let zone: String = "zone \(bpm(report.zoneBPM.lowerBound))-\(bpm(report.zoneBPM.upperBound)) bpm"
        let ceilings: String =
            "ceiling \(bpm(report.ceiling.bpm)), hard ceiling \(bpm(report.hardCeiling.bpm)) bpm"
        let variants: String =
            report.variants.isEmpty ? "" : "; " + report.variants.map(\.name).joined(separator: ", ")
        let walker: String = "age \(report.profile.age), resting \(report.profile.restingBPM) bpm"
        return [walker, hrmax, zone, ceilings].joined(separator: ", ") + variants
    }

    /// `device 'default', volume high 0, medium 0, low 0, info -3, speech 0 dB`.
    static func describe(_ settings: AudioSettings) -> String {
        let volume = settings.volume
        let levels = [volume.high, volume.medium, volume.low, volume.info, volume.speech].map {
            $0 == $0.rounded() ? String(Int($0)) : String($0)
        }
        return "device '\(settings.device)', volume high \(levels[0]), medium \(levels[1]), low \(levels[2]), "
            + "info \(levels[3]), speech \(levels[4]) dB"
    }

    private func checkAdapter(logger: Logger, report: (Finding) -> Void) {
        do {
            let scanner = try HCIScanner(adapter: adapter, logger: logger)
            report(
                Finding(step: "bluetooth.adapter", status: .pass, detail: "adapter \(scanner.adapterName) is present"))
            scanner.close()
        } catch {
            report(Finding(step: "bluetooth.adapter", status: .fail, detail: "\(error)"))
            return
        }
        let effective = Self.effectiveCapabilities()
        // CAP_NET_RAW is bit 13 (linux/capability.h); only scanning needs it, connecting does not.
        if let effective, effective & (1 << 13) == 0 {
            report(
                Finding(
                    step: "bluetooth.capabilities",
                    status: .warn,
                    detail: "no CAP_NET_RAW: 'retrowalk scan' will be refused (sessions connect without it). Grant it "
                        + "with " + CaptureError.setcapCommand(forExecutable: locator.executablePath)
                )
            )
        } else {
            report(
                Finding(step: "bluetooth.capabilities", status: .pass, detail: "CAP_NET_RAW present: scanning allowed"))
        }
    }

    /// `CapEff` of this process, from `/proc/self/status`.
    static func effectiveCapabilities() -> UInt64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") })
        else { return nil }
        return UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
    }

    private func checkStrap(plan: Plan, logger: Logger, report: (Finding) -> Void) {
        let capture: CaptureSource
        do {
            // A simulated fault starts 2 s in, so that the check meets it within its listening time.
            capture = try CaptureSource(
                source: source, plan: plan, seed: 1, faultStart: 2, atRest: true, logger: logger)
        } catch {
            report(Finding(step: "strap.reachable", status: .fail, detail: "\(error)"))
            return
        }
        defer { capture.close() }
        var info: StrapDetails?
        var samples: [HeartRateSample] = []
        var lost: [String] = []
        var firstSample: Double?
        _ = SessionDriver.listen(to: capture, for: listenSeconds) { effect in
            guard case .event(let event) = effect else { return }
            switch event.kind {
            case .strap(let strap): info = strap
            case .sample(let sample):
                samples.append(sample)
                if firstSample == nil { firstSample = sample.time }
            case .signal(.lost, let reason): lost.append(reason ?? "lost")
            default: break
            }
        }
        guard let info else {
            report(
                Finding(
                    step: "strap.reachable",
                    status: .fail,
                    detail: "the strap did not complete discovery in \(Int(listenSeconds)) s"
                        + (lost.first.map { " (\($0))" } ?? "") + "; wear it, keep it near, and try again"
                )
            )
            return
        }
        report(
            Finding(
                step: "strap.reachable",
                status: .pass,
                detail: "connected, Heart Rate service found, notifications on (ATT_MTU \(info.mtu))"
            )
        )
        reportContact(samples, report: report)
        reportRate(samples, from: firstSample, lost: lost, report: report)
        reportBattery(info.batteryPercent, report: report)
    }

    private func reportContact(_ samples: [HeartRateSample], report: (Finding) -> Void) {
        let contacts = Set(samples.map(\.contact))
        if contacts.contains(.notDetected) {
            report(
                Finding(
                    step: "strap.contact",
                    status: .fail,
                    detail: "the strap reports no skin contact: moisten the electrodes and tighten the strap"
                )
            )
        } else if contacts == [.unsupported] {
            report(Finding(step: "strap.contact", status: .warn, detail: "this strap does not report skin contact"))
        } else if samples.isEmpty {
            report(Finding(step: "strap.contact", status: .fail, detail: "no heart-rate notification arrived"))
        } else {
            report(Finding(step: "strap.contact", status: .pass, detail: "skin contact detected"))
        }
    }

    private func reportRate(
        _ samples: [HeartRateSample], from first: Double?, lost: [String], report: (Finding) -> Void
    ) {
        let drops =
            lost.isEmpty ? "" : "; the link dropped \(lost.count) time(s) (\(lost[0])): move the computer closer"
        guard let first, let last = samples.last?.time, last > first else {
            report(
                Finding(
                    step: "strap.data",
                    status: .fail,
                    detail: "\(samples.count) notification(s) in \(Int(listenSeconds)) s" + drops
                        + (drops.isEmpty ? "; wear the strap so that it measures" : "")
                )
            )
            return
        }
        let rate = Double(samples.count - 1) / (last - first)
        let withRR = samples.filter { !$0.rrIntervals.isEmpty }.count
        let bpm = samples.map { Int($0.beatsPerMinute) }
        var detail =
            "\(samples.count) notifications, \(JSONValue.format(rate, decimals: 2)) per s, "
            + "\(withRR) with RR, HR \(bpm.min() ?? 0)-\(bpm.max() ?? 0) bpm"
        var status = Finding.Status.pass
        if !lost.isEmpty {
            status = .warn
            detail += drops
        } else if rate < 0.7 || rate > 1.5 {
            status = .warn
            detail += "; a strap sends about 1 per s"
        } else if withRR == 0 {
            status = .warn
            detail += "; no RR intervals: rhythm rules need them"
        }
        report(Finding(step: "strap.data", status: status, detail: detail))
    }

    private func reportBattery(_ level: Int?, report: (Finding) -> Void) {
        guard let level else {
            report(Finding(step: "strap.battery", status: .warn, detail: "the strap does not report its battery"))
            return
        }
        // S3 of SAFETY.md: battery below 15 % is a technical alarm.
        report(
            Finding(
                step: "strap.battery",
                status: level < 15 ? .warn : .pass,
                detail: "\(level) %" + (level < 15 ? ": replace or charge the battery before a session" : "")
            )
        )
    }

    /// Plays `retrowalk sounds test` (the test phrase and one burst per priority) through the device.
    private func checkAudio(
        settings: AudioSettings, catalog: ClipCatalog, logger: Logger, report: (Finding) -> Void
    ) {
        if let renderAudio {
            report(
                Finding(
                    step: "audio.device", status: .pass,
                    detail: "the session's sound is rendered to '\(renderAudio)'; no device to test"))
            return
        }
        let device = audioDevice ?? settings.device
        do {
            let played = try SoundTest(device: device, catalog: catalog, gains: settings.gains).run(logger: logger)
            report(Finding(step: "audio.device", status: .pass, detail: played.summary))
        } catch {
            report(
                Finding(
                    step: "audio.device",
                    status: audioFailureIsWarning ? .warn : .fail,
                    detail: "\(error) "
                        + (audioFailureIsWarning
                            ? "The session will render its audio to a WAV file instead of playing it."
                            : "Alarms would not be heard: a session with a strap does not start without sound "
                                + "(with --skip-check it renders its audio to a WAV file).")
                )
            )
        }
    }
}
