import Foundation
import RetroWalk
import RetroWalkCore
import SessionEngine
import Testing

/// Key events as a Linux input device delivers them, decoded into button actions.
///
/// Fixture origin: the record layout is `struct input_event` of `<linux/input.h>` on a 64-bit kernel
/// (`struct timeval` as two 64-bit longs, `__u16 type`, `__u16 code`, `__s32 value`, little-endian); the sequence
/// is what `evtest` shows for one press of Enter on a USB keyboard: `EV_MSC MSC_SCAN 0x70028` (the HID usage of
/// Enter), `EV_KEY KEY_ENTER 1`, `EV_SYN SYN_REPORT`, then the same with value 0 on release.
@Suite("Buttons")
struct ButtonTests {
    /// One record with its time stamp, byte by byte.
    static func record(seconds: Int64, micros: Int64, type: UInt16, code: UInt16, value: Int32) -> [UInt8] {
        withUnsafeBytes(of: seconds.littleEndian, Array.init) + withUnsafeBytes(of: micros.littleEndian, Array.init)
            + withUnsafeBytes(of: type.littleEndian, Array.init) + withUnsafeBytes(of: code.littleEndian, Array.init)
            + withUnsafeBytes(of: value.littleEndian, Array.init)
    }

    static let enterPress: [UInt8] =
        record(seconds: 1_764_730_000, micros: 120_004, type: 4, code: 4, value: 0x70028)
        + record(seconds: 1_764_730_000, micros: 120_004, type: 1, code: 28, value: 1)
        + record(seconds: 1_764_730_000, micros: 120_004, type: 0, code: 0, value: 0)
    static let enterRelease: [UInt8] =
        record(seconds: 1_764_730_000, micros: 232_017, type: 4, code: 4, value: 0x70028)
        + record(seconds: 1_764_730_000, micros: 232_017, type: 1, code: 28, value: 0)
        + record(seconds: 1_764_730_000, micros: 232_017, type: 0, code: 0, value: 0)

    @Test("records are 24 bytes; a partial record waits for the rest")
    func decode() {
        #expect(InputEvent.size == 24)
        let bytes = Self.enterPress + Self.enterRelease.prefix(10)
        let (events, used) = InputEvent.decode(bytes)
        #expect(used == 72)
        #expect(
            events == [
                InputEvent(type: 4, code: 4, value: 0x70028), InputEvent(type: 1, code: 28, value: 1),
                InputEvent(type: 0, code: 0, value: 0),
            ])
        #expect(
            InputEvent(type: 1, code: 28, value: 1).bytes
                == Array(Self.enterPress[24..<48]).enumerated().map {
                    $0.offset < 16 ? 0 : $0.element
                })
    }

    /// Feeds the records of `bytes` at `time`.
    private func feed(_ bytes: [UInt8], at seconds: Double, into decoder: inout ButtonDecoder) -> [ButtonAction] {
        InputEvent.decode(bytes).events.flatMap { decoder.take($0, at: .milliseconds(Int64(seconds * 1000))) }
    }

    @Test("a short press of Enter is the primary action, on release")
    func shortPress() {
        var decoder = ButtonDecoder()
        #expect(feed(Self.enterPress, at: 10, into: &decoder).isEmpty)
        #expect(decoder.deadline == .seconds(11))
        #expect(feed(Self.enterRelease, at: 10.112, into: &decoder) == [.primary])
        #expect(decoder.deadline == nil)
        #expect(ButtonAction.primary.sessionKeys == [.other, .acknowledge])
    }

    @Test("held for 1 s it is dizzy, once, while still held; the release adds nothing")
    func longPress() {
        var decoder = ButtonDecoder()
        _ = feed(Self.enterPress, at: 10, into: &decoder)
        #expect(decoder.expire(at: .milliseconds(10_999)).isEmpty)
        #expect(decoder.expire(at: .seconds(11)) == [.dizzy])
        #expect(decoder.expire(at: .seconds(12)).isEmpty)
        // Autorepeat while held is ignored.
        #expect(decoder.take(InputEvent(type: 1, code: 28, value: 2), at: .seconds(12)).isEmpty)
        #expect(feed(Self.enterRelease, at: 13, into: &decoder).isEmpty)
        #expect(ButtonAction.dizzy.sessionKeys == [.symptom(.dizzy)])
    }

    @Test(
        "the default map: BTN_0 and Page Down are primary, Escape, BTN_1 and Page Up end, letters as on the terminal",
        arguments: [
            (UInt16(0x100), ButtonAction?.some(.primary)), (109, .primary), (57, .primary), (96, .primary),
            (1, .end), (0x101, .end), (104, .end), (32, .key(.symptom(.dizzy))), (19, .key(.resume)),
            (59, nil),  // KEY_F1: not mapped
        ])
    func defaultMap(code: UInt16, expected: ButtonAction?) {
        var decoder = ButtonDecoder()
        let pressed = decoder.take(InputEvent(type: 1, code: code, value: 1), at: .seconds(1))
        let released = decoder.take(InputEvent(type: 1, code: code, value: 0), at: .milliseconds(1100))
        #expect(pressed + released == (expected.map { [$0] } ?? []))
    }

    @Test("buttons.yaml: the shipped file is the built-in default; a user file remaps keys and the long press")
    func settings() throws {
        let shipped = RetroWalkBinary.packageRoot.appendingPathComponent("config/buttons.yaml").path
        #expect(try ButtonSettings.load(files: [shipped]) == ButtonSettings())
        let folder = try TemporaryFolder()
        let user = folder.path("buttons.yaml")
        try "input: /dev/input/event3\nprimary: [KEY_VOLUMEUP]\nlong_press_s: 2\n".write(
            toFile: user, atomically: true, encoding: .utf8)
        let settings = try ButtonSettings.load(files: [shipped, user])
        #expect(settings.inputs == ["/dev/input/event3"])
        #expect(settings.map.actions[115] == .primary)
        #expect(settings.map.actions[28] == nil)
        #expect(settings.map.actions[1] == .end)
        #expect(settings.map.longPress == .seconds(2))
    }

    @Test(
        "a bad buttons.yaml names the file, the key, the value and what is allowed",
        arguments: [
            ("primary: [KEY_ENTR]\n", ["'KEY_ENTR' is not a key name", "KEY_ENTER"]),
            ("long_press_s: 10\n", ["'long_press_s' is '10'", "0.3"]),
            ("input: event3\n", ["absolute device paths"]),
            ("inputs: []\n", ["unknown key 'inputs'"]),
        ])
    func badSettings(yaml: String, expected: [String]) throws {
        let folder = try TemporaryFolder()
        let file = folder.path("buttons.yaml")
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: AppError.self) { try ButtonSettings.load(files: [file]) }
        #expect(error.message.contains("Button settings '\(file)'"), "\(error.message)")
        for text in expected { #expect(error.message.contains(text), "\(error.message)") }
    }
}
