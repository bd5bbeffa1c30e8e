import CALSA
import Logging
import POSIXSupport

/// An open ALSA playback PCM (`snd_pcm_t *`), configured for the engine's format.
///
/// `@unchecked Sendable` because ALSA handles are not thread-safe: a handle is used by one thread at a time,
/// handed over explicitly (opened by ``ALSAPlayer/init(device:sampleRate:logger:onFault:)``, used by the playback
/// thread, closed by ``ALSAPlayer/stop(lettingSoundFinishWithin:)`` after the thread is joined).
struct PCMHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    let device: String

    /// Opens `device` for blocking playback: S16_LE, mono, `sampleRate`, soft resampling on, `latency` µs.
    static func open(device: String, sampleRate: Int, latencyMicroseconds: Int) throws(AudioError) -> PCMHandle {
        var pcm: OpaquePointer?
        let opened = snd_pcm_open(&pcm, device, SND_PCM_STREAM_PLAYBACK, 0)
        guard opened >= 0, let pcm else { throw unavailable(device, .alsa("snd_pcm_open", opened)) }
        let configured = snd_pcm_set_params(
            pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, UInt32(sampleRate), 1,
            UInt32(latencyMicroseconds))
        guard configured >= 0 else {
            snd_pcm_close(pcm)
            throw unavailable(device, .alsa("snd_pcm_set_params", configured))
        }
        return PCMHandle(pointer: pcm, device: device)
    }

    /// Writes every sample, recovering underruns and suspends with `snd_pcm_recover` (at most three times).
    ///
    /// - Returns: `nil` on success, else the error that could not be recovered.
    func write(_ samples: [Int16], logger: Logger) -> SystemError? {
        samples.withUnsafeBufferPointer { buffer -> SystemError? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            var recoveries = 0
            while offset < buffer.count {
                let written = snd_pcm_writei(pointer, base + offset, snd_pcm_uframes_t(buffer.count - offset))
                if written >= 0 {
                    offset += Int(written)
                    continue
                }
                let code = Int32(truncatingIfNeeded: written)
                guard recoveries < 3 else { return .alsa("snd_pcm_writei", code) }
                let recovered = snd_pcm_recover(pointer, code, 1)
                guard recovered >= 0 else { return .alsa("snd_pcm_writei", code) }  // not an xrun or suspend
                recoveries += 1
                logger.debug(
                    "Audio device recovered",
                    metadata: [
                        "audio.device": "\(device)", "alsa.error": "\(SystemError.alsa("snd_pcm_writei", code))",
                    ])
            }
            return nil
        }
    }

    /// Plays out what is buffered (`snd_pcm_drain`), then closes.
    func drainAndClose() {
        snd_pcm_drain(pointer)
        snd_pcm_close(pointer)
    }

    /// Closes at once, dropping what is buffered.
    func close() {
        snd_pcm_close(pointer)
    }

    private static func unavailable(_ device: String, _ error: SystemError) -> AudioError {
        AudioError(
            code: .deviceUnavailable,
            message: "Audio device '\(device)' could not be opened (\(error)). No sound card? Use --render-audio "
                + "FILE.wav or --audio-device NAME; list devices with 'aplay -L'.",
            underlying: error)
    }
}
