/// Memory outside the Swift heap that holds one clip's samples, for a ``ClipSamples`` that views them in place.
///
/// The I/O layer implements it over a read-only memory-mapped WAV file (`ClipLibrary` in ALSAOutput), so that a
/// clip's pages are read from disk only when it is played, and can be dropped by the kernel under memory pressure;
/// the engine itself never opens a file.
///
/// Conformers promise that ``samples`` stays valid and unchanged for as long as the object lives, and release the
/// memory only in `deinit`. ``ClipSamples`` keeps a strong reference to its storage and reads ``samples`` only
/// while holding it.
public protocol ClipSampleStorage: AnyObject, Sendable {
    /// The samples: mono 16-bit at ``AudioFormat/sampleRate``, in host byte order, aligned for `Int16`.
    ///
    /// Valid, and never changed, for as long as the object lives.
    var samples: UnsafeBufferPointer<Int16> { get }
}
