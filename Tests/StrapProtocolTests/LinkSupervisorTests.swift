import StrapProtocol
import Testing

@Suite("Link supervisor")
struct LinkSupervisorTests {
    /// A supervisor that connected at 0 and whose first notification came at 1.
    func streaming() -> LinkSupervisor {
        var supervisor = LinkSupervisor()
        _ = supervisor.start(at: 0)
        _ = supervisor.connectSucceeded(at: 0)
        _ = supervisor.ready(at: 0.2)
        _ = supervisor.notificationReceived(at: 1)
        return supervisor
    }

    @Test("the first connection starts at once; a confirmed stream is left to the session")
    func firstConnection() {
        var supervisor = LinkSupervisor()
        #expect(supervisor.start(at: 0) == [.connect])
        #expect(supervisor.start(at: 0).isEmpty)
        #expect(supervisor.connectSucceeded(at: 0).isEmpty)
        #expect(supervisor.ready(at: 0.3).isEmpty)
        #expect(supervisor.isStreaming)
        #expect(supervisor.notificationReceived(at: 1).isEmpty)
        // Silence on a stream that started is the session's to judge (its stall watch), not the supervisor's
        #expect(supervisor.tick(at: 60).isEmpty)
    }

    @Test("a stall the session reports tears down; reconnecting starts 0.3 s later")
    func stall() {
        var supervisor = streaming()
        #expect(
            supervisor.linkFailed("no notification for 3 s", at: 13) == [.teardown(reason: "no notification for 3 s")])
        #expect(supervisor.tick(at: 13.2).isEmpty)
        #expect(supervisor.tick(at: 13.3) == [.connect])
    }

    @Test("a transport error tears down at once; a connection that fails before streaming waits for the kernel")
    func transportError() {
        var supervisor = streaming()
        #expect(supervisor.linkFailed("end of file", at: 5.5) == [.teardown(reason: "end of file")])
        #expect(supervisor.tick(at: 5.8) == [.connect])
        // The reconnect gets through but the link fails again during discovery: the next attempt waits until the
        // kernel has dropped the idle link
        #expect(supervisor.connectSucceeded(at: 5.8).isEmpty)
        #expect(supervisor.linkFailed("reset", at: 6) == [.teardown(reason: "reset")])
        #expect(supervisor.tick(at: 8.4).isEmpty)
        #expect(supervisor.tick(at: 8.5) == [.connect])
        // Failures while not connected are nothing to tear down
        #expect(supervisor.linkFailed("late", at: 8.6).isEmpty)
    }

    @Test("failed attempts back off 0.5, then 1 s, and never give up")
    func backoff() {
        var supervisor = streaming()
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
        #expect(gaps == [0.5, 1, 1, 1, 1, 1])
    }

    @Test("a reconnect whose notifications never start is dropped 3 s after enabling them, then retried")
    func silentReconnect() {
        var supervisor = streaming()
        _ = supervisor.linkFailed("no notification for 3 s", at: 8)
        _ = supervisor.tick(at: 8.3)
        _ = supervisor.connectSucceeded(at: 8.3)
        #expect(supervisor.ready(at: 8.4).isEmpty)
        #expect(supervisor.tick(at: 11.3).isEmpty)
        #expect(
            supervisor.tick(at: 11.4) == [.teardown(reason: "no notification within 3 s of enabling them")])
        #expect(supervisor.tick(at: 13.8).isEmpty)
        #expect(supervisor.tick(at: 13.9) == [.connect])
    }

    @Test("a connection whose discovery gets no answer is given up after 5 s")
    func deadDiscovery() {
        var supervisor = streaming()
        _ = supervisor.linkFailed("remote power off", at: 5.2)
        _ = supervisor.tick(at: 5.5)
        _ = supervisor.connectSucceeded(at: 5.5)  // a stale link: connect works, nothing answers
        #expect(supervisor.tick(at: 10.4).isEmpty)
        #expect(
            supervisor.tick(at: 10.5) == [.teardown(reason: "the strap did not answer discovery within 5 s")])
        #expect(supervisor.tick(at: 12.9).isEmpty)
        #expect(supervisor.tick(at: 13.0) == [.connect])
    }
}
