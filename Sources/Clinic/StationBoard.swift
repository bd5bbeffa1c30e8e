import Foundation
import RetroWalk
import Synchronization

/// What the clinic knows of every station, from its retained topics, and the live feed of the dashboard's
/// Server-Sent Events. Filled by the broker's thread, read by the HTTP handlers; never blocks either.
public final class StationBoard: Sendable {
    private struct Station {
        var state: String?
        var online: Bool?
    }

    private struct State {
        var stations: [String: Station] = [:]
        var listeners: [UUID: AsyncStream<String>.Continuation] = [:]
    }

    private let state = Mutex(State())

    /// Creates an empty board.
    public init() {}

    /// The stations' snapshots as one JSON array, sorted by station name: each is the station's retained `state`
    /// with `online` taken from its `online` topic (a station that died keeps its last state, marked offline).
    public var stationsJSON: String {
        let snapshots = state.withLock { state in
            state.stations.keys.sorted().compactMap { Self.snapshot(name: $0, station: state.stations[$0]!) }
        }
        return "[" + snapshots.joined(separator: ", ") + "]"
    }

    /// How many stations the board knows.
    public var count: Int { state.withLock { $0.stations.count } }

    /// A message of the station contract arrived.
    func receive(topic: String, payload: [UInt8]) {
        guard let (station, kind) = StationTopics.parse(topic) else { return }
        let text = String(decoding: payload, as: UTF8.self)
        switch kind {
        case "state", "online":
            let snapshot = state.withLock { state -> String? in
                var entry = state.stations[station] ?? Station()
                if kind == "state" {
                    guard text.hasPrefix("{") else { return nil }
                    entry.state = text
                } else {
                    entry.online = text == "1"
                }
                state.stations[station] = entry
                return Self.snapshot(name: station, station: entry)
            }
            if let snapshot { broadcast("event: state\ndata: \(snapshot)\n\n") }
        case "events":
            // The station's event, with its name first: {"station": "S", "t": …}.
            guard text.hasPrefix("{"), !text.contains("\n") else { return }
            let named = "{\"station\": \(Self.quote(station)), " + text.dropFirst()
            broadcast("data: \(named)\n\n")
        default:
            break
        }
    }

    /// A new SSE listener: first every station's snapshot, then everything live.
    func listen() -> (id: UUID, stream: AsyncStream<String>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(2048))
        state.withLock { state in
            for name in state.stations.keys.sorted() {
                if let snapshot = Self.snapshot(name: name, station: state.stations[name]!) {
                    continuation.yield("event: state\ndata: \(snapshot)\n\n")
                }
            }
            state.listeners[id] = continuation
        }
        continuation.onTermination = { [weak self] _ in self?.stopListening(id) }
        return (id, stream)
    }

    func stopListening(_ id: UUID) {
        _ = state.withLock { $0.listeners.removeValue(forKey: id) }
    }

    /// Ends every listener's stream (the clinic is stopping).
    func closeAll() {
        let listeners = state.withLock { state in
            defer { state.listeners.removeAll() }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }

    private func broadcast(_ message: String) {
        let listeners = state.withLock { Array($0.listeners.values) }
        for listener in listeners { listener.yield(message) }
    }

    private static func snapshot(name: String, station: Station) -> String? {
        let online = station.online ?? true
        guard var text = station.state else {
            return station.online == nil ? nil : "{\"station\": \(quote(name)), \"online\": \(online)}"
        }
        if !online { text = text.replacingOccurrences(of: "\"online\": true", with: "\"online\": false") }
        return text
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
