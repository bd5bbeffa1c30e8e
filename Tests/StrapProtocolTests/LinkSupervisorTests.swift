import RetroWalkCore
import StrapProtocol
import Testing

@Suite("Link supervisor")
struct LinkSupervisorTests {
    /// A supervisor that connected at 0 and streams a notification every second up to `last`.
    func streaming(until last: Double) -> (LinkSupervisor, [LinkSupervisor.Action]) {
        var supervisor = LinkSupervisor()
        var actions = supervisor.start(at: 0)
        actions += supervisor.connectSucceeded(at: 0)
        actions += supervisor.ready(at: 0.2)
        for t in stride(from: 1.0, through: last, by: 1) { actions += supervisor.notificationReceived(at: t) }
        return (supervisor, actions)
    }

    @Test("connecting, then connected with the first notification (not with discovery)")
    func firstConnection() {
        var supervisor = LinkSupervisor()
        #expect(supervisor.start(at: 0) == [.signal(.connecting, reason: nil), .connect])
        #expect(supervisor.connectSucceeded(at: 0).isEmpty)
        #expect(supervisor.ready(at: 0.3).isEmpty)
        #expect(supervisor.isStreaming)
        #expect(supervisor.notificationReceived(at: 1) == [.signal(.connected, reason: nil)])
        #expect(supervisor.notificationReceived(at: 2).isEmpty)
    }

    @Test("a stall is a loss exactly 3 s after the last notification; reconnecting starts 0.3 s later")
    func stall() {
        var (supervisor, _) = streaming(until: 10)
        #expect(supervisor.tick(at: 12.9).isEmpty)
        #expect(supervisor.tick(at: 13) == [.teardown, .signal(.lost, reason: "no notification for 3 s")])
        #expect(supervisor.tick(at: 13.2).isEmpty)
        #expect(supervisor.tick(at: 13.3) == [.connect])
        #expect(supervisor.outages == 1)
    }

    @Test("a transport error is a loss at once, reported once per outage")
    func transportError() {
        var (supervisor, _) = streaming(until: 5)
        #expect(supervisor.linkFailed("end of file", at: 5.5) == [.teardown, .signal(.lost, reason: "end of file")])
        #expect(supervisor.tick(at: 5.8) == [.connect])
        // The reconnect gets through but the link fails again during discovery: no second `lost`, and the next
        // attempt waits until the kernel has dropped the idle link
        #expect(supervisor.connectSucceeded(at: 5.8).isEmpty)
        #expect(supervisor.linkFailed("reset", at: 6) == [.teardown])
        #expect(supervisor.tick(at: 8.4).isEmpty)
        #expect(supervisor.tick(at: 8.5) == [.connect])
        #expect(supervisor.outages == 1)
    }

    @Test("failed attempts back off 0.5, 1, 2, 4, 4 s and never give up; restored names the outage length")
    func backoff() {
        var (supervisor, _) = streaming(until: 5)
        _ = supervisor.linkFailed("end of file", at: 5)
        var now = 5.3
        #expect(supervisor.tick(at: now) == [.connect])
        var attempts: [Double] = [now]
        _ = supervisor.connectFailed("away", at: now)
        while attempts.count < 7 {
            now += 0.1
            now = (now * 10).rounded() / 10
            if supervisor.tick(at: now) == [.connect] {
                attempts.append(now)
                _ = supervisor.connectFailed("away", at: now)
            }
        }
        let gaps = zip(attempts.dropFirst(), attempts).map { (($0 - $1) * 10).rounded() / 10 }
        #expect(gaps == [0.5, 1, 2, 4, 4, 4])
        // The strap answers at last
        now += 4
        #expect(supervisor.tick(at: now) == [.connect])
        _ = supervisor.connectSucceeded(at: now)
        _ = supervisor.ready(at: now + 0.2)
        #expect(supervisor.notificationReceived(at: now + 1) == [.signal(.restored, reason: "after 20.8 s")])
    }

    @Test("a reconnect that streams nothing is not a restored link")
    func silentReconnect() {
        var (supervisor, _) = streaming(until: 5)
        _ = supervisor.tick(at: 8)  // lost
        _ = supervisor.connectSucceeded(at: 8)
        #expect(supervisor.ready(at: 8.1).isEmpty)
        // Still silent: it tears down again 3 s after the link came back up, without a second `lost`, and waits
        #expect(supervisor.tick(at: 11.1) == [.teardown])
        #expect(supervisor.tick(at: 13.6) == [.connect])
    }

    @Test("a connection whose discovery gets no answer is given up after 5 s")
    func deadDiscovery() {
        var (supervisor, _) = streaming(until: 5)
        _ = supervisor.linkFailed("remote power off", at: 5.2)
        _ = supervisor.connectSucceeded(at: 5.2)  // a stale link: connect works, nothing answers
        #expect(supervisor.tick(at: 10.1).isEmpty)
        #expect(supervisor.tick(at: 10.3) == [.teardown])
        #expect(supervisor.tick(at: 12.9) == [.connect])
    }
}
