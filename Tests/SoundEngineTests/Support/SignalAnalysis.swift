import Foundation

/// Measurements on rendered audio, for checking alarm bursts against their specification.
enum SignalAnalysis {
    /// One pulse found by the envelope threshold, in milliseconds from the first sample.
    struct Pulse: Equatable {
        var onsetMilliseconds: Double
        var offsetMilliseconds: Double
        var durationMilliseconds: Double { offsetMilliseconds - onsetMilliseconds }
    }

    /// The envelope: the largest magnitude within ±`halfWindow` samples (a window longer than one period of the
    /// lowest fundamental, 330 Hz ≈ 48 samples).
    static func envelope(_ samples: [Int16], halfWindow: Int = 25) -> [Double] {
        let magnitudes = samples.map { abs(Double($0)) }
        var out = [Double](repeating: 0, count: samples.count)
        for index in samples.indices {
            let low = max(0, index - halfWindow)
            let high = min(samples.count - 1, index + halfWindow)
            out[index] = magnitudes[low...high].max() ?? 0
        }
        return out
    }

    /// Pulses where the envelope is at or above `fraction` of its maximum (default: the 50 % points).
    static func pulses(_ samples: [Int16], sampleRate: Int = 16000, fraction: Double = 0.5) -> [Pulse] {
        let envelope = envelope(samples)
        let threshold = (envelope.max() ?? 0) * fraction
        var pulses = [Pulse]()
        var start: Int?
        for (index, value) in envelope.enumerated() {
            if value >= threshold, start == nil { start = index }
            if value < threshold, let begun = start {
                pulses.append(
                    Pulse(onsetMilliseconds: ms(begun, sampleRate), offsetMilliseconds: ms(index, sampleRate)))
                start = nil
            }
        }
        if let begun = start {
            pulses.append(
                Pulse(onsetMilliseconds: ms(begun, sampleRate), offsetMilliseconds: ms(envelope.count, sampleRate)))
        }
        return pulses
    }

    /// Relative power at `frequency` (Goertzel), normalised by the block length.
    static func power(_ samples: ArraySlice<Int16>, frequency: Double, sampleRate: Int = 16000) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(sampleRate))
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return power / Double(samples.count * samples.count)
    }

    /// The strongest frequency in `range`, scanned in `step` Hz steps.
    static func dominantFrequency(
        _ samples: ArraySlice<Int16>, in range: ClosedRange<Double>, step: Double = 5
    ) -> Double {
        var best = (frequency: range.lowerBound, power: -1.0)
        for frequency in stride(from: range.lowerBound, through: range.upperBound, by: step) {
            let value = power(samples, frequency: frequency)
            if value > best.power { best = (frequency, value) }
        }
        return best.frequency
    }

    /// Decibels of `power` relative to `reference`.
    static func decibels(_ power: Double, relativeTo reference: Double) -> Double {
        10 * log10(power / reference)
    }

    /// The samples of the steady middle of a pulse (its central 60 %).
    static func steadyPart(of pulse: Pulse, in samples: [Int16], sampleRate: Int = 16000) -> ArraySlice<Int16> {
        let margin = pulse.durationMilliseconds * 0.2
        let first = Int((pulse.onsetMilliseconds + margin) * Double(sampleRate) / 1000)
        let last = Int((pulse.offsetMilliseconds - margin) * Double(sampleRate) / 1000)
        return samples[first..<last]
    }

    private static func ms(_ index: Int, _ sampleRate: Int) -> Double { Double(index) * 1000 / Double(sampleRate) }
}
