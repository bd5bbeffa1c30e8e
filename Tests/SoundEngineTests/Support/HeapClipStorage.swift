import SoundEngine

/// Clip samples in memory allocated outside any array and freed in `deinit`: the shape of a mapped file's storage
/// (ALSAOutput's `MappedClip`), without the file.
///
/// `@unchecked Sendable`: the buffer is written once in `init`, only read afterwards, and freed in `deinit`.
final class HeapClipStorage: ClipSampleStorage, @unchecked Sendable {
    let samples: UnsafeBufferPointer<Int16>

    /// Copies `values` into a fresh allocation.
    init(_ values: [Int16]) {
        let buffer = UnsafeMutableBufferPointer<Int16>.allocate(capacity: values.count)
        _ = buffer.initialize(from: values)
        samples = UnsafeBufferPointer(buffer)
    }

    deinit {
        UnsafeMutableBufferPointer(mutating: samples).deallocate()
    }
}
