extension Plan {
    /// The length of the plan's backward bouts in seconds — the first bout's when they differ — which progression
    /// grows. Setting it scales every backward step by the same number of seconds, so a plan whose bouts differ
    /// keeps their differences.
    public var backwardSeconds: Int {
        get { steps.first { $0.kind == .backward }.map { Int($0.duration) } ?? 0 }
        set {
            let change = newValue - backwardSeconds
            items = items.map { $0.lengtheningBackward(by: change) }
        }
    }
}

extension Plan.Item {
    fileprivate func lengtheningBackward(by seconds: Int) -> Plan.Item {
        switch self {
        case .step(var spec):
            if spec.kind == .backward { spec.durationSeconds = max(1, spec.durationSeconds + seconds) }
            return .step(spec)
        case .repeating(let count, let steps, let between):
            return .repeating(
                count: count,
                steps: steps.map { $0.lengtheningBackward(by: seconds) },
                between: between.map { $0.lengtheningBackward(by: seconds) }
            )
        }
    }
}
