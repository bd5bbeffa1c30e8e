public import RetroWalkCore

/// A heart-rate recording read from a file: the notifications in time order, where they came from, and what the
/// file said about itself.
///
/// Every reader turns its format into ``RetroWalkCore/HeartRateSample``s, the values a strap notification carries,
/// so a recording replays through the same engine as a live strap. Time 0 is the first reading of the file (see
/// each reader for what that is); times never go backwards.
public struct Recording: Sendable, Hashable {
    /// The file formats the readers accept.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// The project CSV, header `t_s,bpm,contact,energy_kj,rr_ms` (see ``RecordingCSV``).
        case csv
        /// Plain RR text: one interval per line, as PhysioNet and Kubios write them (see ``RRText``).
        case rr
        /// Garmin FIT, binary (see ``FITDecoder``).
        case fit
        /// Garmin Training Center XML (see ``TCXDecoder``).
        case tcx

        /// The format's name in messages and JSON: `csv`, `rr`, `fit`, `tcx`.
        public var name: String { rawValue }
    }

    /// What a file says about the session it holds; each part is `nil` when the file does not say.
    public struct Metadata: Sendable, Hashable {
        /// When the recording started, ISO 8601 in UTC with whole seconds, e.g. `2025-05-10T07:30:00Z`.
        public var startDate: String?
        /// The sport as the file names it, e.g. `walking` (FIT) or `Running` (TCX).
        public var sport: String?
        /// The recording device, e.g. `Forerunner 255`.
        public var deviceName: String?

        /// Creates metadata.
        ///
        /// - Parameters:
        ///   - startDate: When the recording started, ISO 8601 UTC.
        ///   - sport: The sport as the file names it.
        ///   - deviceName: The recording device.
        public init(startDate: String? = nil, sport: String? = nil, deviceName: String? = nil) {
            self.startDate = startDate
            self.sport = sport
            self.deviceName = deviceName
        }
    }

    /// The notifications, in time order (times never decrease), time 0 at the first reading.
    public var samples: [HeartRateSample]
    /// The format the file was read as.
    public var format: Format
    /// What the file says about the session.
    public var metadata: Metadata
    /// Remarks on how the file was read that a user should see, e.g. that RR values were taken as seconds.
    public var notes: [String]

    /// Creates a recording.
    ///
    /// - Parameters:
    ///   - samples: The notifications in time order.
    ///   - format: The format the file was read as.
    ///   - metadata: What the file says about the session.
    ///   - notes: Remarks on how the file was read.
    public init(samples: [HeartRateSample], format: Format, metadata: Metadata = Metadata(), notes: [String] = []) {
        self.samples = samples
        self.format = format
        self.metadata = metadata
        self.notes = notes
    }

    /// Whether any notification carries RR intervals (beat-to-beat data for rhythm analysis).
    public var hasRR: Bool { samples.contains { !$0.rrIntervals.isEmpty } }

    /// Seconds from the first to the last notification (0 for fewer than two).
    public var duration: Double {
        guard let first = samples.first, let last = samples.last else { return 0 }
        return last.time - first.time
    }
}
