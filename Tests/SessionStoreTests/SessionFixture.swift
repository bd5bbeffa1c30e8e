import Foundation
import RetroWalkCore

@testable import SessionStore

/// A small session with every kind of thing a report counts, built so that each figure can be worked out by hand.
///
/// Plan: warm-up 0–60 s, bout 1 60–120 s, recovery 120–200 s, bout 2 200–230 s cut short by a safe stop (pause
/// 230–260 s), cool-down 260–380 s, done at 380 s; the session ends at 384 s. One notification a second from 1 s to
/// 383 s, except 301–309 s (a signal gap, 10 s without data); 320–324 s report no skin contact.
/// Heart rate: 90 in the warm-up; 90 + (t − 60) / 2 in bout 1 (peak 119 first at 118 s); 110 to 149 s, 100 to
/// 179 s, 92 to 199 s; 140 in bout 2; 120 in the pause; 100 in the cool-down.
/// Limits: zone 100–120, ceiling 135, hard ceiling 150, HRmax 160, resting 60.
enum SessionFixture {
    static let setup = SessionSetup(
        zoneBPM: 100...120, ceilingBPM: 135, hardCeilingBPM: 150, maxBPM: 160, maxSource: "clinician",
        restingBPM: 60, age: 70, sex: "male", massKg: 80, backwardSpeedKmh: 2.4)

    static func bpm(at t: Int) -> Int {
        switch t {
        case ..<60: 90
        case 60..<120: 90 + (t - 60) / 2
        case 120..<150: 110
        case 150..<180: 100
        case 180..<200: 92
        case 200..<230: 140
        case 230..<260: 120
        default: 100
        }
    }

    static var samples: [HeartRateSample] {
        (1...383).filter { !(301...309).contains($0) }.map { t in
            HeartRateSample(
                time: Double(t), beatsPerMinute: UInt16(bpm(at: t)),
                contact: (320...324).contains(t) ? .notDetected : .detected,
                rrIntervals: [RRInterval.raw(fromMilliseconds: 60000 / Double(bpm(at: t)))])
        }
    }

    static func alert(_ rule: String, _ priority: Priority, _ change: Alert.Change, at t: Double) -> SessionEvent {
        SessionEvent(
            time: t,
            kind: .alert(Alert(rule: rule, priority: priority, change: change, phrase: rule, text: "\(rule) text")))
    }

    static var events: [SessionEvent] {
        [
            SessionEvent(time: 0, kind: .phase(.warmup, bout: 0, of: 2)),
            SessionEvent(time: 60, kind: .phase(.backward, bout: 1, of: 2)),
            SessionEvent(time: 120, kind: .phase(.recovery, bout: 1, of: 2)),
            SessionEvent(time: 125, kind: .checkIn(.fine, bout: 1)),
            SessionEvent(
                time: 180, kind: .alert(Alert(rule: "C2", priority: .info, change: .raised, phrase: "", text: "log"))),
            SessionEvent(time: 200, kind: .phase(.backward, bout: 2, of: 2)),
            alert("R2", .medium, .raised, at: 215),
            alert("R3", .high, .raised, at: 225),
            SessionEvent(time: 228, kind: .symptom(.dizzy, source: "key")),
            SessionEvent(time: 230, kind: .phase(.paused, bout: 2, of: 2)),
            alert("R2", .medium, .cleared, at: 235),
            SessionEvent(time: 260, kind: .phase(.cooldown, bout: 0, of: 2)),
            SessionEvent(time: 262, kind: .checkIn(.missed, bout: 2)),
            SessionEvent(time: 303, kind: .signal(.lost, reason: "no notification for 3 s")),
            SessionEvent(time: 310, kind: .signal(.restored, reason: nil)),
            SessionEvent(time: 380, kind: .phase(.done, bout: 0, of: 2)),
            SessionEvent(time: 381, kind: .rpe(13, scale: "borg")),
        ]
    }

    static func record(duration: Double? = 384) -> SessionRecord {
        var record = SessionRecord(
            startedAt: "2026-11-21T10:00:00+01:00", source: "strap:A0:9E:1A:00:00:01", plan: "test", audio: nil,
            backwardSeconds: 60, boutsPlanned: 2)
        record.id = 7
        record.durationSeconds = duration
        record.endState = duration == nil ? nil : "ended_early"
        return record
    }

    static var timeline: [TimelineEvent] {
        events.map { event in
            // As the store reads them back: from the JSON line.
            try! JSONDecoder().decode(TimelineEvent.self, from: Data(event.jsonLine.utf8))
        }
    }

    static func report(setup: SessionSetup? = SessionFixture.setup) -> SessionReport {
        var record = record()
        if let setup { record.store(setup) }
        return SessionReport.build(session: record, samples: samples, events: timeline)
    }
}
