/// A command from someone watching the session from elsewhere (the clinic dashboard, over MQTT): acknowledge the
/// sounding alarm, or send the walker to the cool-down. `by` is who sent it, as they logged in.
public struct RemoteCommand: Sendable, Hashable {
    /// What the watcher asked for.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// As the walker's A key: the alarm stops repeating.
        case acknowledge
        /// As the walker's E key: end the plan, go to the cool-down.
        case cooldown
    }

    /// What the watcher asked for.
    public var action: Action
    /// Who sent it (the dashboard's user name); never empty.
    public var by: String

    /// Creates a command.
    public init(action: Action, by: String) {
        self.action = action
        self.by = by
    }

    /// The longest `by` kept: a name, not a message.
    public static let maximumNameLength = 40

    /// The words the station says and shows for it: "Acknowledged by Dr Lee." / "Cool-down asked by Dr Lee.".
    public var text: String {
        switch action {
        case .acknowledge: "Acknowledged by \(by)."
        case .cooldown: "Cool-down asked by \(by)."
        }
    }
}
