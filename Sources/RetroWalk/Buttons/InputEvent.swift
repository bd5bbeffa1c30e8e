import RetroWalkCore
public import SessionEngine

/// One `struct input_event` record from a Linux input device (`/dev/input/eventN`), as declared in
/// `<linux/input.h>` (uapi): `struct timeval time; __u16 type; __u16 code; __s32 value;`. On a 64-bit kernel
/// (arm64 Raspberry Pi OS, x86-64) `time` is two 64-bit longs, so a record is 24 bytes: seconds, microseconds,
/// type, code, value, native byte order. Only the key events (`EV_KEY`) matter here.
public struct InputEvent: Sendable, Hashable {
    /// `EV_KEY` (linux/input-event-codes.h).
    public static let keyType: UInt16 = 0x01
    /// The size of one record: two `long`s, two `__u16` and one `__s32`.
    public static let size = 2 * MemoryLayout<Int>.size + 8

    /// `EV_KEY`, `EV_SYN`, …
    public var type: UInt16
    /// The key code (`KEY_ENTER` = 28, `BTN_0` = 0x100, …).
    public var code: UInt16
    /// 1 pressed, 0 released, 2 autorepeat.
    public var value: Int32

    /// Creates an event.
    public init(type: UInt16, code: UInt16, value: Int32) {
        self.type = type
        self.code = code
        self.value = value
    }

    /// Decodes the whole records at the start of `bytes`; returns them and how many bytes they used (a partial
    /// record at the end waits for the rest).
    public static func decode(_ bytes: some Collection<UInt8>) -> (events: [InputEvent], used: Int) {
        let buffer = Array(bytes)
        var events: [InputEvent] = []
        var offset = 0
        while offset + size <= buffer.count {
            let base = offset + 2 * MemoryLayout<Int>.size
            func unsigned(_ at: Int, _ count: Int) -> UInt32 {
                // Native byte order: little-endian on every platform retrowalk targets (arm64, x86-64).
                (0..<count).reduce(UInt32(0)) { $0 | UInt32(buffer[at + $1]) << (8 * $1) }
            }
            events.append(
                InputEvent(
                    type: UInt16(unsigned(base, 2)), code: UInt16(unsigned(base + 2, 2)),
                    value: Int32(bitPattern: unsigned(base + 4, 4))))
            offset += size
        }
        return (events, offset)
    }

    /// The record's bytes (time zero), as the kernel writes it: for tests and tools that feed a FIFO.
    public var bytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 2 * MemoryLayout<Int>.size)
        bytes += withUnsafeBytes(of: type.littleEndian, Array.init)
        bytes += withUnsafeBytes(of: code.littleEndian, Array.init)
        bytes += withUnsafeBytes(of: value.littleEndian, Array.init)
        return bytes
    }
}

/// What a button press means (README, "Buttons").
public enum ButtonAction: Sendable, Hashable {
    /// Start the session (serve, when ready); during one: acknowledge the alarm and answer "fine" at a check-in.
    case primary
    /// Dizzy: the safe stop (a long press of a primary button).
    case dizzy
    /// End the session: go to the cool-down.
    case end
    /// A key with the terminal's meaning (a USB keyboard's D, K, S, A, R, E, H).
    case key(SessionKey)

    /// The session inputs the action posts: a primary press answers a check-in ("fine") and acknowledges.
    public var sessionKeys: [SessionKey] {
        switch self {
        case .primary: [.other, .acknowledge]
        case .dizzy: [.symptom(.dizzy)]
        case .end: [.end]
        case .key(let key): [key]
        }
    }
}

/// Which key code does what, and how long a long press is. The default (README, "Buttons"):
///
/// | keys | action |
/// |---|---|
/// | Enter, keypad Enter, Space, BTN_0, a presenter's Page Down / Right / Down | primary: start, acknowledge, "fine" |
/// | the same, held ≥ 1 s | dizzy (safe stop) |
/// | Escape, BTN_1, a presenter's Page Up / Left / Up | end |
/// | D, K, S, A, R, E, H | as on the terminal |
public struct ButtonMap: Sendable, Hashable {
    /// The key codes of linux/input-event-codes.h that the default map and config files name.
    public static let codes: [String: UInt16] = [
        "KEY_ESC": 1, "KEY_ENTER": 28, "KEY_SPACE": 57, "KEY_KPENTER": 96, "KEY_PAGEUP": 104, "KEY_PAGEDOWN": 109,
        "KEY_UP": 103, "KEY_DOWN": 108, "KEY_LEFT": 105, "KEY_RIGHT": 106, "BTN_0": 0x100, "BTN_1": 0x101,
        "BTN_2": 0x102, "BTN_3": 0x103, "KEY_D": 32, "KEY_K": 37, "KEY_S": 31, "KEY_A": 30, "KEY_R": 19,
        "KEY_E": 18, "KEY_H": 35, "KEY_VOLUMEUP": 115, "KEY_VOLUMEDOWN": 114, "KEY_PLAYPAUSE": 164,
    ]

    /// Actions by key code.
    public var actions: [UInt16: ButtonAction]
    /// How long a primary button is held for ``ButtonAction/dizzy``.
    public var longPress: Duration

    /// Creates a map.
    public init(actions: [UInt16: ButtonAction], longPress: Duration = .seconds(1)) {
        self.actions = actions
        self.longPress = longPress
    }

    /// The default map (see the type's documentation).
    public static let standard: ButtonMap = {
        var actions: [UInt16: ButtonAction] = [:]
        for name in ["KEY_ENTER", "KEY_KPENTER", "KEY_SPACE", "BTN_0", "KEY_PAGEDOWN", "KEY_RIGHT", "KEY_DOWN"] {
            actions[codes[name]!] = .primary
        }
        for name in ["KEY_ESC", "BTN_1", "KEY_PAGEUP", "KEY_LEFT", "KEY_UP"] { actions[codes[name]!] = .end }
        for (name, character) in [
            ("KEY_D", "d"), ("KEY_K", "k"), ("KEY_S", "s"), ("KEY_A", "a"), ("KEY_R", "r"), ("KEY_E", "e"),
            ("KEY_H", "h"),
        ] {
            actions[codes[name]!] = .key(SessionKey(character: Character(character)))
        }
        return ButtonMap(actions: actions)
    }()
}

/// Turns key events into button actions (pure: the reader passes the time it read each event at).
///
/// A primary button acts when released, or as ``ButtonAction/dizzy`` once held for the long press (at that moment,
/// not at release: ``deadline`` says when to look again). Other buttons act when pressed. Autorepeat is ignored.
public struct ButtonDecoder: Sendable {
    /// The map in force.
    public let map: ButtonMap
    private var held: [UInt16: (since: Duration, fired: Bool)] = [:]

    /// Creates a decoder.
    public init(map: ButtonMap = .standard) { self.map = map }

    /// Takes one event read at `time`.
    public mutating func take(_ event: InputEvent, at time: Duration) -> [ButtonAction] {
        var actions = expire(at: time)
        guard event.type == InputEvent.keyType, let action = map.actions[event.code] else { return actions }
        switch (event.value, action) {
        case (1, .primary):
            held[event.code] = (time, false)
        case (0, .primary):
            if let press = held.removeValue(forKey: event.code), !press.fired { actions.append(.primary) }
        case (1, _):
            actions.append(action)
        default:
            break
        }
        return actions
    }

    /// The long presses that have lasted ``ButtonMap/longPress`` by `time`.
    public mutating func expire(at time: Duration) -> [ButtonAction] {
        var actions: [ButtonAction] = []
        for (code, press) in held.sorted(by: { $0.key < $1.key })
        where !press.fired && time - press.since >= map.longPress {
            held[code] = (press.since, true)
            actions.append(.dizzy)
        }
        return actions
    }

    /// When a held primary button becomes a long press, if one is held.
    public var deadline: Duration? {
        held.values.filter { !$0.fired }.map { $0.since + map.longPress }.min()
    }
}
