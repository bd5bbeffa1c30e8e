/// The samples of one voice clip: an array of their own, or a view into memory that a ``ClipSampleStorage`` keeps
/// alive (a memory-mapped WAV file).
///
/// Either way the value is immutable; copies share the array or the storage. Two values are equal when their samples
/// are, wherever they live; comparing or hashing a mapped clip reads all of its pages.
public struct ClipSamples: Sendable, Hashable {
    private enum Storage: Sendable {
        case owned([Int16])
        case viewed(any ClipSampleStorage)
    }

    private let storage: Storage

    /// Creates a clip that owns its samples.
    ///
    /// - Parameter samples: Mono 16-bit at ``AudioFormat/sampleRate``.
    public init(_ samples: [Int16]) {
        storage = .owned(samples)
    }

    /// Creates a clip that views the samples of `storage` in place, and keeps `storage` alive as long as any copy
    /// of the clip lives.
    ///
    /// - Parameter storage: Memory holding the samples (see ``ClipSampleStorage`` for its promises).
    public init(viewing storage: any ClipSampleStorage) {
        self.storage = .viewed(storage)
    }

    /// The number of samples.
    public var count: Int {
        withUnsafeBufferPointer(\.count)
    }

    /// Whether the clip has no samples.
    public var isEmpty: Bool { count == 0 }

    /// Whether the samples are viewed in a ``ClipSampleStorage`` rather than owned.
    public var isViewed: Bool {
        if case .viewed = storage { return true }
        return false
    }

    /// The samples as an array: the array itself for an owned clip, a copy for a viewed one.
    public var array: [Int16] {
        switch storage {
        case .owned(let samples): samples
        case .viewed: withUnsafeBufferPointer { Array($0) }
        }
    }

    /// Calls `body` with the samples in place, without copying them.
    ///
    /// - Parameter body: Reads the samples; the pointer is valid only during the call.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<Int16>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        switch storage {
        case .owned(let samples):
            return try samples.withUnsafeBufferPointer(body)
        case .viewed(let owner):
            return try withExtendedLifetime(owner) { () throws(Failure) -> Result in try body(owner.samples) }
        }
    }

    /// Whether two clips have the same samples.
    public static func == (lhs: ClipSamples, rhs: ClipSamples) -> Bool {
        if case .viewed(let left) = lhs.storage, case .viewed(let right) = rhs.storage, left === right { return true }
        return lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in left.elementsEqual(right) }
        }
    }

    /// Hashes the samples.
    public func hash(into hasher: inout Hasher) {
        withUnsafeBufferPointer { samples in
            hasher.combine(samples.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(samples))
        }
    }
}
