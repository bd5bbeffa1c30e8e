import Glibc
import POSIXSupport
public import SoundEngine

/// Streams samples to a WAV file: the output of `--render-audio FILE.wav` and of offline rendering.
///
/// The file is created (or truncated) with mode 0644 and starts with a 44-byte header whose sizes are
/// placeholders; ``write(_:)`` appends samples; ``close()`` patches the RIFF and data sizes. A file whose sink was
/// never closed (a crash) still decodes with ``SoundEngine/WAV/decode(_:)``, which reads a `data` chunk whose size
/// runs past the end.
///
/// Owns a file descriptor; use it from one thread at a time.
public final class WAVFileSink {
    /// The file's path.
    public let path: String
    /// Frames per second written in the header.
    public let sampleRate: Int
    /// Frames written so far.
    public private(set) var framesWritten = 0

    private var fd: Int32

    /// Creates or truncates the file and writes the header.
    ///
    /// - Parameters:
    ///   - path: Where to write; the directory must exist.
    ///   - sampleRate: Frames per second; defaults to ``SoundEngine/AudioFormat/sampleRate``.
    /// - Throws: ``AudioError`` with code ``AudioError/Code/fileWriteFailed`` naming the path and the system error.
    public init(path: String, sampleRate: Int = AudioFormat.sampleRate) throws(AudioError) {
        self.path = path
        self.sampleRate = sampleRate
        let fd = SystemCall.retryingEINTR { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw Self.failure("created", path: path, .posix("open")) }
        self.fd = fd
        if fchmod(fd, 0o644) != 0 {
            let error = SystemError.posix("fchmod")
            _ = Glibc.close(fd)
            throw Self.failure("created", path: path, error)
        }
        if let error = POSIXFile.writeAll(fd: fd, WAV.header(sampleRate: sampleRate, dataBytes: 0)) {
            _ = Glibc.close(fd)
            throw Self.failure("written", path: path, error)
        }
    }

    deinit {
        try? close()
    }

    /// Appends samples (little-endian 16-bit).
    ///
    /// - Parameter samples: Mono samples at ``sampleRate``.
    /// - Throws: ``AudioError`` with code ``AudioError/Code/fileWriteFailed`` (disk full, closed sink, …).
    public func write(_ samples: [Int16]) throws(AudioError) {
        guard fd >= 0 else {
            throw AudioError(
                code: .fileWriteFailed,
                message: "WAV file '\(path)' is already closed. Create a new WAVFileSink to write more audio.")
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(samples.count * 2)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
        }
        if let error = POSIXFile.writeAll(fd: fd, bytes) { throw Self.failure("written", path: path, error) }
        framesWritten += samples.count
    }

    /// Patches the header's sizes and closes the file. Calling it again does nothing.
    ///
    /// - Throws: ``AudioError`` with code ``AudioError/Code/fileWriteFailed`` if the sizes cannot be written; the
    ///   descriptor is closed either way.
    public func close() throws(AudioError) {
        guard fd >= 0 else { return }
        let fd = self.fd
        self.fd = -1
        let dataBytes = UInt32(clamping: framesWritten * 2)
        let riff = POSIXFile.writeAll(
            fd: fd, WAV.littleEndianBytes(UInt32(clamping: 36 + Int(dataBytes))), at: WAV.riffSizeOffset)
        let data = POSIXFile.writeAll(fd: fd, WAV.littleEndianBytes(dataBytes), at: WAV.dataSizeOffset)
        let closed = Glibc.close(fd) == 0 ? nil : SystemError.posix("close")
        if let error = riff ?? data ?? closed { throw Self.failure("finished", path: path, error) }
    }

    private static func failure(_ verb: String, path: String, _ error: SystemError) -> AudioError {
        AudioError(
            code: .fileWriteFailed,
            message: "WAV file '\(path)' could not be \(verb) (\(error)). Check that the directory exists, "
                + "is writable and has free space.",
            underlying: error)
    }
}

@available(*, unavailable)
extension WAVFileSink: Sendable {}
