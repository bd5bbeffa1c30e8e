import POSIXSupport
import SoundEngine

/// One clip's samples, viewed in place in the `data` chunk of its memory-mapped WAV file.
///
/// Holds the ``POSIXSupport/MappedFile``, so the mapping lives as long as any ``SoundEngine/ClipSamples`` that views
/// it. Only the pages of clips that are played are read and become resident.
final class MappedClip: ClipSampleStorage {
    /// The mapped WAV file.
    let file: MappedFile
    /// The byte offsets of the samples in the file.
    let dataRange: Range<Int>

    /// Views `dataRange` of `file` as `Int16` samples.
    ///
    /// - Precondition: The host is little-endian (as the WAV data is) and `dataRange` starts at an `Int16`-aligned
    ///   address and holds whole samples; ``ClipLibrary`` copies the samples out instead when that is not so.
    init(file: MappedFile, dataRange: Range<Int>) {
        precondition(MappedClip.canView(file: file, dataRange: dataRange), "clip data is not viewable as Int16")
        self.file = file
        self.dataRange = dataRange
        // The mapped memory was never bound to a type; bind it once, so that `samples` may assume it.
        if let base = file.bytes.baseAddress {
            _ = (base + dataRange.lowerBound).bindMemory(to: Int16.self, capacity: dataRange.count / 2)
        }
    }

    var samples: UnsafeBufferPointer<Int16> {
        guard let base = file.bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(
            start: (base + dataRange.lowerBound).assumingMemoryBound(to: Int16.self), count: dataRange.count / 2)
    }

    /// Whether `dataRange` of `file` can be viewed as `Int16` samples in place: a little-endian host, an aligned
    /// start, whole samples inside the file.
    static func canView(file: MappedFile, dataRange: Range<Int>) -> Bool {
        #if _endian(little)
            guard dataRange.count % 2 == 0, dataRange.lowerBound >= 0, dataRange.upperBound <= file.bytes.count else {
                return false
            }
            guard let base = file.bytes.baseAddress else { return dataRange.isEmpty }
            return Int(bitPattern: base + dataRange.lowerBound) % MemoryLayout<Int16>.alignment == 0
        #else
            return false
        #endif
    }
}
