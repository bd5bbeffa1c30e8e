import Logging
import Synchronization

/// A log handler that keeps every entry, for asserting logs without bootstrapping (STYLE.md 41).
struct RecordingLogHandler: LogHandler {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    final class Store: Sendable {
        private let entries = Mutex<[Entry]>([])
        var all: [Entry] { entries.withLock { $0 } }
        func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    func log(event: LogEvent) {
        var flat = [String: String]()
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            flat[key] = "\(value)"
        }
        store.append(Entry(level: event.level, message: "\(event.message)", metadata: flat))
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A logger at trace level and the store that receives its entries.
    static func makeLogger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "retrowalk.test.audio") { _ in RecordingLogHandler(store: store) }, store)
    }
}
