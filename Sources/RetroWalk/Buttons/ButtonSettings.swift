import Foundation
import SessionEngine
import Yams

/// buttons.yaml: which input devices `serve` reads and which keys do what (README, "Buttons"). The shipped
/// `config/buttons.yaml`, then `$XDG_CONFIG_HOME/retrowalk/buttons.yaml` (`/etc/retrowalk/buttons.yaml` for the
/// service), key by key.
public struct ButtonSettings: Sendable, Hashable {
    /// The settings file's name: `buttons.yaml`.
    public static let fileName = "buttons.yaml"

    /// The devices to read; empty: every device that reports keys.
    public var inputs: [String] = []
    /// The keys that start, acknowledge and answer "fine" (and, held, mean dizzy).
    public var primary: [String] = [
        "KEY_ENTER", "KEY_KPENTER", "KEY_SPACE", "BTN_0", "KEY_PAGEDOWN", "KEY_RIGHT", "KEY_DOWN",
    ]
    /// The keys that end the session.
    public var end: [String] = ["KEY_ESC", "BTN_1", "KEY_PAGEUP", "KEY_LEFT", "KEY_UP"]
    /// How long a primary key is held for dizzy, seconds.
    public var longPressSeconds = 1.0

    /// The built-in defaults (the same as the shipped file).
    public init() {}

    /// The map in force: the terminal's letters, then `primary` and `end` over them.
    public var map: ButtonMap {
        var actions = ButtonMap.standard.actions.filter {
            if case .key = $0.value { return true } else { return false }
        }
        for name in primary { if let code = ButtonMap.codes[name] { actions[code] = .primary } }
        for name in end { if let code = ButtonMap.codes[name] { actions[code] = .end } }
        return ButtonMap(actions: actions, longPress: .milliseconds(Int64((longPressSeconds * 1000).rounded())))
    }

    /// Loads the shipped file and the user's.
    ///
    /// - Throws: ``AppError`` (`badConfig`) with one line per problem.
    public static func load(locator: ResourceLocator) throws -> ButtonSettings {
        try schema.load(ConfigSource.layers(of: fileName, locator: locator), over: ButtonSettings()).value
    }

    /// Loads files, lowest precedence first; missing files are skipped.
    public static func load(files: [String]) throws -> ButtonSettings {
        try schema.load(files.map { ConfigSource(path: $0) }, over: ButtonSettings()).value
    }

    static let schema = ConfigSchema<ButtonSettings>(
        label: "Button settings",
        keys: [
            .init(path: "input") { value throws(ConfigProblem) in
                let paths = try strings(value, expecting: "a device path such as /dev/input/event0, or a list of them")
                guard paths.allSatisfy({ $0.hasPrefix("/") }) else {
                    throw value.problem("expected absolute device paths such as /dev/input/event0")
                }
                return { $0.inputs = paths }
            },
            keysKey("primary", \.primary),
            keysKey("end", \.end),
            .init(path: "long_press_s") { value throws(ConfigProblem) in
                let seconds = try value.number(in: 0.3...5, unit: "s")
                return { $0.longPressSeconds = seconds }
            },
        ]
    )

    private static func keysKey(
        _ name: String, _ target: any WritableKeyPath<ButtonSettings, [String]> & Sendable
    ) -> ConfigSchema<ButtonSettings>.Key {
        .init(path: name) { value throws(ConfigProblem) in
            let known = ButtonMap.codes.keys.sorted().joined(separator: ", ")
            let names = try strings(value, expecting: "a list of key names (\(known))")
            if let unknown = names.first(where: { ButtonMap.codes[$0] == nil }) {
                throw value.problem("'\(unknown)' is not a key name retrowalk knows; expected one of \(known)")
            }
            return { $0[keyPath: target] = names }
        }
    }

    /// A string or a list of strings; an empty value is an empty list.
    private static func strings(_ value: ConfigValue, expecting: String) throws(ConfigProblem) -> [String] {
        if value.isNull { return [] }
        if let text = value.scalarText { return [text] }
        guard let sequence = value.node.sequence else { throw value.problem("expected \(expecting)") }
        var items: [String] = []
        for node in sequence {
            guard let text = node.string else { throw value.problem("expected \(expecting)") }
            items.append(text)
        }
        return items
    }
}
