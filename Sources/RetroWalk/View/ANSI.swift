/// The few ECMA-48 (ANSI) control sequences the live view needs, and styled text that renders with or without
/// colour.
///
/// A layer of our own rather than a terminal library: the view needs cursor positioning, erase-in-line, the
/// alternate screen, cursor visibility and SGR attributes — a dozen sequences every terminal and SSH client since
/// the VT100 understands. The listed packages either do colour only (Rainbow) or bring a whole console framework
/// (console-kit) without the alternate screen or raw input we already have; curses would add a C dependency and
/// its own idea of the terminal's state, which we must restore exactly.
public enum ANSI {
    /// CSI, the control sequence introducer.
    static let csi = "\u{1B}["
    /// Switches to the alternate screen (xterm private mode 1049; saves the cursor).
    public static let enterAlternateScreen = csi + "?1049h"
    /// Back to the normal screen, as it was before.
    public static let leaveAlternateScreen = csi + "?1049l"
    /// DECTCEM off.
    public static let hideCursor = csi + "?25l"
    /// DECTCEM on.
    public static let showCursor = csi + "?25h"
    /// Erases the whole screen (ED 2).
    public static let clearScreen = csi + "2J"
    /// Erases from the cursor to the end of the line (EL 0).
    public static let clearToEndOfLine = csi + "K"
    /// Erases from the cursor to the end of the screen (ED 0).
    public static let clearToEndOfScreen = csi + "J"
    /// All attributes off (SGR 0).
    public static let reset = csi + "0m"

    /// Moves the cursor to `row`, `column` (1-based, CUP).
    public static func moveTo(row: Int, column: Int = 1) -> String { csi + "\(row);\(column)H" }
}

/// How a run of text looks: attributes that survive NO_COLOR (bold, reverse) and a colour that does not.
public struct TextStyle: Sendable, Hashable {
    /// The eight standard foreground colours (SGR 30–37).
    public enum Color: Int, Sendable, Hashable {
        case black = 30
        case red, green, yellow, blue, magenta, cyan, white
    }

    public var bold = false
    public var dim = false
    public var reverse = false
    public var color: Color?

    public init(bold: Bool = false, dim: Bool = false, reverse: Bool = false, color: Color? = nil) {
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.color = color
    }

    public static let plain = TextStyle()

    /// The SGR sequence that turns this style on (empty for plain text).
    func sequence(colors: Bool) -> String {
        var codes: [String] = []
        if bold { codes.append("1") }
        if dim { codes.append("2") }
        if reverse { codes.append("7") }
        if colors, let color { codes.append("\(color.rawValue)") }
        return codes.isEmpty ? "" : ANSI.csi + codes.joined(separator: ";") + "m"
    }
}

/// One screen line: runs of styled text, measured in columns (every character the view uses is one column wide).
public struct StyledLine: Sendable, Hashable {
    public var runs: [(text: String, style: TextStyle)] = []

    public init() {}

    public init(_ text: String, _ style: TextStyle = .plain) { runs = [(text, style)] }

    /// Appends `text` in `style`.
    public mutating func add(_ text: String, _ style: TextStyle = .plain) { runs.append((text, style)) }

    /// Columns used.
    public var width: Int { runs.reduce(0) { $0 + $1.text.count } }

    /// The text without attributes.
    public var plainText: String { runs.map(\.text).joined() }

    /// The line cut to `columns`, with its attributes as SGR sequences (reset after each styled run).
    public func rendered(columns: Int, colors: Bool) -> String {
        var out = ""
        var left = columns
        for run in runs where left > 0 {
            let text = run.text.count > left ? String(run.text.prefix(left)) : run.text
            left -= text.count
            let on = run.style.sequence(colors: colors)
            out += on.isEmpty ? text : on + text + ANSI.reset
        }
        return out
    }

    public static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.runs.map(\.text) == rhs.runs.map(\.text) && lhs.runs.map(\.style) == rhs.runs.map(\.style)
    }

    public func hash(into hasher: inout Hasher) {
        for run in runs {
            hasher.combine(run.text)
            hasher.combine(run.style)
        }
    }
}
