import Foundation
import Glibc
public import Logging
import POSIXSupport
import Synchronization

/// Reads physical buttons from Linux input devices on a thread of its own and hands each action to a handler:
/// a USB keypad, a Bluetooth presenter clicker, GPIO buttons through the `gpio-keys` overlay (no X, no terminal).
///
/// With paths (`--input`, `input:` in buttons.yaml) it reads those (a FIFO works too: tests feed it
/// `struct input_event` records); without, it watches every `/dev/input/event*` that reports keys (`EV_KEY`),
/// and looks for new ones every few seconds (a clicker that pairs later). A device that goes away is opened again
/// when it comes back. Reading needs the `input` group (the service's user is in it).
public final class ButtonReader: @unchecked Sendable {
    /// How often missing devices are looked for.
    static let rescanInterval = Duration.seconds(3)

    private let paths: [String]?
    private let logger: Logger
    private let handler: @Sendable (ButtonAction) -> Void
    private var decoder: ButtonDecoder
    private let stopping = WakeSignal()
    private let stopped = Atomic<Bool>(false)
    private var open: [String: (descriptor: Int32, pending: [UInt8])] = [:]
    private var ignored: Set<String> = []
    private var warned: Set<String> = []

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - paths: the devices to read; `nil` for every device that reports keys.
    ///   - handler: called on the reader's thread for every action; it must not block.
    public init(
        paths: [String]?, map: ButtonMap = .standard, logger: Logger,
        handler: @escaping @Sendable (ButtonAction) -> Void
    ) {
        self.paths = paths
        self.logger = logger
        self.handler = handler
        decoder = ButtonDecoder(map: map)
    }

    /// Starts reading on a thread of its own.
    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "retrowalk-buttons"
        thread.start()
    }

    /// Stops reading and closes the devices (the thread ends at its next wake-up, at once).
    public func stop() {
        stopped.store(true, ordering: .releasing)
        stopping.notify()
    }

    private func run() {
        let clock = ContinuousClock()
        let start = clock.now
        var nextScan = Duration.zero
        while !stopped.load(ordering: .acquiring) {
            var now = start.duration(to: clock.now)
            if now >= nextScan {
                scan()
                nextScan = now + Self.rescanInterval
            }
            let deadline = min(nextScan, decoder.deadline ?? nextScan)
            let names = Array(open.keys)
            let descriptors = names.map { open[$0]!.descriptor } + [stopping.descriptor]
            let ready = (try? SystemCall.waitReadable(descriptors, timeout: max(.zero, deadline - now))) ?? []
            if stopped.load(ordering: .acquiring) { break }
            now = start.duration(to: clock.now)
            for (index, name) in names.enumerated() where index < ready.count && ready[index] {
                for event in read(name) { decoder.take(event, at: now).forEach(handler) }
            }
            decoder.expire(at: now).forEach(handler)
        }
        for (_, device) in open { close(device.descriptor) }
        open.removeAll()
    }

    /// Reads what `name` has; closes it at its end (a FIFO's writer closed, a device unplugged).
    private func read(_ name: String) -> [InputEvent] {
        guard var device = open[name] else { return [] }
        var buffer = [UInt8](repeating: 0, count: InputEvent.size * 64)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(device.descriptor, $0.baseAddress, $0.count) }
        if count < 0, errno == EAGAIN || errno == EINTR { return [] }
        guard count > 0 else {
            if count < 0 {
                logger.warning(
                    "Button device stopped", metadata: ["input": "\(name)", "error": "\(SystemError.posix("read"))"])
            }
            close(device.descriptor)
            open[name] = nil
            return []
        }
        device.pending += buffer[0..<count]
        let (events, used) = InputEvent.decode(device.pending)
        device.pending.removeFirst(used)
        open[name] = device
        return events
    }

    /// Opens the devices that are not open yet.
    private func scan() {
        let candidates: [String]
        if let paths {
            candidates = paths
        } else {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/input")) ?? []
            candidates = names.filter { $0.hasPrefix("event") }.sorted().map { "/dev/input/" + $0 }
        }
        for path in candidates where open[path] == nil && !ignored.contains(path) {
            let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                let error = SystemError.posix("open")
                if paths != nil, warned.insert(path).inserted {
                    let remedy = errno == EACCES ? " Add the user to the 'input' group." : ""
                    logger.warning(
                        "Cannot read the buttons at '\(path)': \(error.text).\(remedy) Trying again.",
                        metadata: ["input": "\(path)"])
                }
                continue
            }
            if paths == nil, !Self.reportsKeys(descriptor) {
                close(descriptor)
                ignored.insert(path)
                continue
            }
            warned.remove(path)
            open[path] = (descriptor, [])
            logger.notice("Reading buttons", metadata: ["input": "\(path)"])
        }
    }

    /// Whether an input device reports key events: `EVIOCGBIT(0, 4)` (linux/input.h) has the `EV_KEY` bit.
    private static func reportsKeys(_ descriptor: Int32) -> Bool {
        // _IOC(_IOC_READ = 2, 'E', 0x20 + 0, 4 bytes)
        let request = UInt(2 << 30 | 4 << 16 | Int(UInt8(ascii: "E")) << 8 | 0x20)
        var bits: UInt32 = 0
        let result = withUnsafeMutableBytes(of: &bits) { ioctl(descriptor, request, $0.baseAddress!) }
        return result >= 0 && bits & (1 << UInt32(InputEvent.keyType)) != 0
    }
}
