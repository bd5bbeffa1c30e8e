public import RetroWalkCore

/// A key the walker pressed during a session, and what it means (README, "Keys during a session").
///
/// | key | meaning |
/// |---|---|
/// | D | dizzy (safe stop, U1) |
/// | K | knee pain (safe stop, U1) |
/// | S | stop now (U1) |
/// | A or space | acknowledge the alarm or the safe-stop script |
/// | R | resume the plan after a safe stop |
/// | E | end the session: go to the cool-down |
/// | H | say the heart rate and zone |
/// | digits, then Enter | the effort rating asked at the end (6–20) |
/// | any other key | "fine", when a check-in asks |
public enum SessionKey: Sendable, Hashable {
    /// D or K.
    case symptom(Symptom)
    /// S.
    case stop
    /// A or space.
    case acknowledge
    /// R.
    case resume
    /// E.
    case end
    /// H.
    case heartRate
    /// A number typed and confirmed with Enter.
    case rating(Int)
    /// Any other key: "fine" at a check-in, otherwise ignored.
    case other

    /// The meaning of one typed character (case-insensitive); digits are collected by ``KeyLineEditor``.
    public init(character: Character) {
        switch character.lowercased() {
        case "d": self = .symptom(.dizzy)
        case "k": self = .symptom(.kneePain)
        case "s": self = .stop
        case "a", " ": self = .acknowledge
        case "r": self = .resume
        case "e": self = .end
        case "h": self = .heartRate
        default: self = .other
        }
    }

    /// The names accepted by `--keys` (besides single characters): `dizzy`, `knee`, `stop`, `ack`, `resume`,
    /// `end`, `hr`, `fine`, or a number (an effort rating).
    public init?(name: String) {
        switch name.lowercased() {
        case "dizzy": self = .symptom(.dizzy)
        case "knee", "knee_pain": self = .symptom(.kneePain)
        case "stop": self = .stop
        case "ack", "acknowledge": self = .acknowledge
        case "resume": self = .resume
        case "end": self = .end
        case "hr", "heart_rate": self = .heartRate
        case "fine": self = .other
        default:
            if let number = Int(name), number >= 0 {
                self = .rating(number)
            } else if name.count == 1, let character = name.first, !character.isNumber {
                self.init(character: character)
            } else {
                return nil
            }
        }
    }
}

/// Turns typed characters into keys: letters act at once; digits build a number that Enter confirms.
public struct KeyLineEditor: Sendable {
    private var digits = ""

    /// Creates an editor with nothing typed.
    public init() {}

    /// Takes one typed character; returns the key it completes, if any.
    public mutating func type(_ character: Character) -> SessionKey? {
        if character.isNumber, let digit = character.wholeNumberValue, digit < 10 {
            if digits.count < 3 { digits.append(character) }
            return nil
        }
        if character == "\n" || character == "\r" {
            defer { digits = "" }
            return Int(digits).map { .rating($0) }
        }
        if character == "\u{7f}" || character == "\u{8}" {  // backspace
            if !digits.isEmpty { digits.removeLast() }
            return nil
        }
        digits = ""
        return SessionKey(character: character)
    }
}

/// Keys scripted for a simulated or replayed session: `--keys "d@400,ack@410,resume@440"`.
public struct KeyScript: Sendable, Hashable {
    /// The keys in time order, each with its session time in seconds.
    public private(set) var presses: [(time: Double, key: SessionKey)]

    /// Parses `KEY@SECONDS[,KEY@SECONDS…]`.
    ///
    /// - Throws: ``SessionError`` (`badKeyScript`) naming the entry and the accepted forms.
    public init(parsing text: String) throws {
        var presses: [(time: Double, key: SessionKey)] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = entry.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, let time = Double(parts[1].trimmingSpaces), time >= 0, time.isFinite,
                let key = SessionKey(name: String(parts[0].trimmingSpaces))
            else {
                throw SessionError(
                    code: .badKeyScript,
                    message: "--keys entry '\(entry)' is not KEY@SECONDS. Keys: a letter (d k s a r e h), dizzy, "
                        + "knee, stop, ack, resume, end, hr, fine, or a number (effort rating); e.g. "
                        + "'dizzy@400,ack@410'."
                )
            }
            presses.append((time, key))
        }
        self.presses = presses.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map(\.element)
    }

    /// Removes and returns the presses due by `now`.
    public mutating func take(upTo now: Double) -> [(time: Double, key: SessionKey)] {
        let due = presses.prefix { $0.time <= now }
        presses.removeFirst(due.count)
        return Array(due)
    }

    public static func == (lhs: KeyScript, rhs: KeyScript) -> Bool {
        lhs.presses.map(\.time) == rhs.presses.map(\.time) && lhs.presses.map(\.key) == rhs.presses.map(\.key)
    }

    public func hash(into hasher: inout Hasher) {
        for press in presses {
            hasher.combine(press.time)
            hasher.combine(press.key)
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
