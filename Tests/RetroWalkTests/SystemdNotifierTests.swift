import Foundation
import RetroWalk
import Testing

/// sd_notify over a real datagram socket: what systemd receives.
@Suite("systemd notifier")
struct SystemdNotifierTests {
    @Test("no NOTIFY_SOCKET, no notifier")
    func absent() {
        #expect(SystemdNotifier(environment: [:]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]) == nil)
    }

    @Test("a path socket receives READY=1 and STOPPING=1")
    func pathSocket() throws {
        let folder = try TemporaryFolder()
        let listener = try DatagramListener(address: folder.path("notify"))
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address]))
        try notifier.send("READY=1")
        try notifier.send("STOPPING=1")
        #expect(listener.receive(timeout: .seconds(2)) == "READY=1")
        #expect(listener.receive(timeout: .seconds(2)) == "STOPPING=1")
    }

    @Test("an abstract socket ('@name') receives the notification")
    func abstractSocket() throws {
        let listener = try DatagramListener(address: "@retrowalk-test-\(UUID().uuidString)")
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address]))
        try notifier.send("READY=1")
        #expect(listener.receive(timeout: .seconds(2)) == "READY=1")
    }

    @Test("a socket nobody listens on is an error, not a hang")
    func nobodyListens() throws {
        let folder = try TemporaryFolder()
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": folder.path("absent")]))
        #expect(throws: (any Error).self) { try notifier.send("READY=1") }
    }

    @Test("the watchdog interval is WATCHDOG_USEC, only for the process WATCHDOG_PID names")
    func watchdogInterval() throws {
        let mine = "\(getpid())"
        let own = SystemdNotifier(environment: [
            "NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": mine,
        ])
        #expect(own?.watchdogInterval == .seconds(4))
        let other = SystemdNotifier(environment: [
            "NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "1",
        ])
        #expect(other?.watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "@x"])?.watchdogInterval == nil)
    }

    @Test("the pinger sends WATCHDOG=1 at most once per half interval of loop turns")
    func pingerRateLimit() throws {
        let listener = try DatagramListener(address: "@retrowalk-test-\(UUID().uuidString)")
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "2000000"])
        let pinger = try #require(WatchdogPinger(notifier: notifier))
        let start = ContinuousClock.Instant.now
        // Loop turns every 0.1 s for 3.05 s of (given, not waited) time: pings at 0, 1, 2 and 3 s.
        for turn in 0...30 { pinger.beat(at: start + .milliseconds(turn * 100 + turn / 10)) }
        var pings = 0
        while let message = listener.receive(timeout: .milliseconds(200)) {
            #expect(message == "WATCHDOG=1")
            pings += 1
        }
        #expect(pings == 4)
        #expect(WatchdogPinger(notifier: SystemdNotifier(environment: ["NOTIFY_SOCKET": "@x"])) == nil)
    }
}
