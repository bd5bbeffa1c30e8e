import RetroWalkCore

/// A heart-rate strap as a pure ATT server: ATT PDUs in, ATT PDUs out, real bytes both ways.
///
/// It answers Exchange MTU, Read By Group Type (primary services), Read By Type, Find Information, Read, Read
/// Blob and Write (CCCDs, Heart Rate Control Point) over the database of its ``StrapLayout``, with the errors a
/// real server gives (Invalid Handle, Read Not Permitted, Write Not Permitted, Invalid Offset, Attribute Not
/// Found, Unsupported Group Type, Invalid Attribute Value Length, Request Not Supported, HRS 0x80). Responses
/// respect the negotiated ATT_MTU (a Read returns the first ATT_MTU − 1 bytes of a longer value; Read Blob the
/// rest). ``advance(to:effort:)`` runs the ``SimulatedHeart`` and emits one Heart Rate Measurement
/// notification per whole second while its CCCD has notifications enabled.
///
/// Service Changed (0x2A05): the client may enable its indications (`02 00` on its CCCD);
/// ``indicateServiceChanged(start:end:)`` then sends one, and ``changeLayout(to:)`` swaps the database while
/// connected and indicates the changed range. The confirmation (`1e`) is tracked in
/// ``isAwaitingConfirmation``.
///
/// Notifications carry flags "contact supported and detected" and "RR present" (when beats ended), the heart
/// rate as round(60000 / mean of the last 5 RR in ms), and accumulated energy expended (kJ) in every 10th
/// notification. RR values that do not fit into ATT_MTU − 3 wait for the next notification. The same seed,
/// layout and calls give the same bytes.
public struct SimulatedStrap: Sendable {
    /// The database layout (``changeLayout(to:)`` replaces it).
    public private(set) var layout: StrapLayout
    /// The heart model (its state advances with ``advance(to:effort:)``).
    public private(set) var heart: SimulatedHeart
    /// The effective ATT_MTU (23 until the client exchanges MTU).
    public private(set) var mtu: UInt16 = 23
    /// Accumulated energy expended in kilojoules.
    public private(set) var energyKilojoules: Double = 0
    /// The battery level in percent; it drops 1 % every ``batteryDrainSeconds`` seconds.
    public private(set) var batteryLevel: UInt8
    /// How many Heart Rate Measurement notifications were sent.
    public private(set) var notificationCount = 0

    /// Seconds per 1 % of battery drain.
    public static let batteryDrainSeconds: Double = 600

    /// Misbehaviour that the simulator's fault scenarios switch on and off; all off is a well-behaved strap.
    public struct Quirks: Sendable, Hashable {
        /// `false`: notifications say "contact supported, not detected" (a dry or loose strap).
        public var reportsContact = true
        /// `true`: connected but silent: no Heart Rate Measurement notifications at all (a stalled strap).
        public var isSilent = false
        /// `true`: the heart rate goes out as uint16 (flag bit 0 set), as some straps always do.
        public var sixteenBitHeartRate = false
        /// `true`: each notification with RR gets a spurious tiny RR appended (53/1024 s ≈ 52 ms), as a Garmin
        /// HRM-Dual was seen to send (`10 38 2d 04 35 00`).
        public var spuriousRR = false
        /// `true`: RR values go out only with every other notification, so notifications alternate between none
        /// and two or three RR values (as straps that batch beats do).
        public var batchesRR = false
        /// `true`: reads of Device Information values (Read, Read Blob, Read By Type) fail with Insufficient
        /// Encryption (0x0F), as on straps that keep the Device Information Service behind pairing.
        public var deviceInformationNeedsEncryption = false

        /// A well-behaved strap.
        public init() {}
    }

    /// The misbehaviour in force; change it between calls to ``advance(to:effort:)``.
    public var quirks = Quirks()

    private var attributes: [StrapLayout.Attribute]
    private let initialBatteryLevel: UInt8
    private var generator: SplitMix64
    private var clock: Double = 0
    private var cccdValues: [UInt16: UInt16] = [:]
    private var pendingIntervals: [UInt16] = []
    private var recentIntervals: [UInt16] = []
    private var heartRateHandle: UInt16?
    private var heartRateCCCD: UInt16?
    private var batteryHandle: UInt16?
    private var batteryCCCD: UInt16?
    private var serviceChangedHandle: UInt16?
    private var serviceChangedCCCD: UInt16?
    private var deviceInformationRange: ClosedRange<UInt16>?

    /// Whether an indication was sent and its confirmation (`1e`) has not arrived yet.
    public private(set) var isAwaitingConfirmation = false

    /// Creates a strap at time 0 with notifications disabled (CCCDs start at `00 00`).
    ///
    /// - Parameters:
    ///   - layout: The GATT database layout.
    ///   - heart: The heart model, at rest.
    ///   - seed: Seed of the heart's noise; the same seed gives the same bytes.
    public init(layout: StrapLayout = .polarH7, heart: SimulatedHeart = SimulatedHeart(), seed: UInt64 = 1) {
        self.layout = layout
        self.heart = heart
        self.generator = SplitMix64(seed: seed)
        let attributes = layout.attributes
        self.attributes = attributes
        let batteryHandle = layout.valueHandle(of: .batteryLevel)
        let level = batteryHandle.flatMap { handle in attributes.first { $0.handle == handle }?.value.first } ?? 100
        initialBatteryLevel = min(level, 100)
        batteryLevel = initialBatteryLevel
        useHandles(of: layout)
        for attribute in attributes where attribute.type == .clientCharacteristicConfiguration {
            cccdValues[attribute.handle] = 0
        }
    }

    /// Looks up the handles the server treats specially.
    private mutating func useHandles(of layout: StrapLayout) {
        heartRateHandle = layout.valueHandle(of: .heartRateMeasurement)
        heartRateCCCD = layout.descriptorHandle(.clientCharacteristicConfiguration, of: .heartRateMeasurement)
        batteryHandle = layout.valueHandle(of: .batteryLevel)
        batteryCCCD = layout.descriptorHandle(.clientCharacteristicConfiguration, of: .batteryLevel)
        serviceChangedHandle = layout.valueHandle(of: .serviceChanged)
        serviceChangedCCCD = layout.descriptorHandle(.clientCharacteristicConfiguration, of: .serviceChanged)
        deviceInformationRange = layout.discoveredServices.first { $0.uuid == .deviceInformation }.map {
            $0.start...$0.end
        }
    }

    /// The link dropped: per-connection state is forgotten (CCCDs back to `00 00` as for an unbonded client,
    /// ATT_MTU back to 23); the heart, energy and battery go on.
    public mutating func disconnect() {
        mtu = 23
        for handle in cccdValues.keys { cccdValues[handle] = 0 }
        pendingIntervals.removeAll()
        isAwaitingConfirmation = false
    }

    /// Whether the client enabled Service Changed indications (CCCD bit 1).
    public var isIndicatingServiceChanged: Bool {
        guard let serviceChangedCCCD else { return false }
        return (cccdValues[serviceChangedCCCD] ?? 0) & 0x0002 != 0
    }

    /// Sends a Service Changed indication for the handles `start...end`: `1d <handle> <start> <end>`.
    ///
    /// A server indicates this when its database changed; the client must confirm (`1e`) and discover the
    /// range again. Nothing is sent when the layout has no Service Changed characteristic with a CCCD, when the
    /// client has not enabled indications on it, or while the previous indication awaits its confirmation (ATT
    /// allows one outstanding indication).
    ///
    /// - Parameters:
    ///   - start: The first changed handle.
    ///   - end: The last changed handle (`0xFFFF`: to the end of the database).
    /// - Returns: The indication PDU, or nothing.
    public mutating func indicateServiceChanged(start: UInt16, end: UInt16) -> [[UInt8]] {
        guard isIndicatingServiceChanged, !isAwaitingConfirmation, let serviceChangedHandle else { return [] }
        isAwaitingConfirmation = true
        let value = Bytes.littleEndian(start) + Bytes.littleEndian(end)
        return [ATTPDU.handleValueIndication(handle: serviceChangedHandle, value: value).bytes]
    }

    /// Replaces the database while connected (a firmware update or a configuration change) and indicates the
    /// changed range with ``indicateServiceChanged(start:end:)``.
    ///
    /// The range runs from the first attribute that differs to the end of the larger database. CCCDs before
    /// that keep their value; every other CCCD starts at `00 00`, so the client must subscribe again to
    /// whatever moved. The Service Changed characteristic must stay where it was (GATT requires it), or no
    /// indication can be sent. The heart, energy, battery level and ATT_MTU go on.
    ///
    /// - Parameter newLayout: The new database.
    /// - Returns: The Service Changed indication, or nothing when the databases are equal or indications are
    ///   off.
    public mutating func changeLayout(to newLayout: StrapLayout) -> [[UInt8]] {
        let old = attributes
        let new = newLayout.attributes
        var same = 0
        while same < min(old.count, new.count), old[same] == new[same] { same += 1 }
        guard same < max(old.count, new.count) else { return [] }
        let firstOld = old.indices.contains(same) ? old[same].handle : UInt16.max
        let firstNew = new.indices.contains(same) ? new[same].handle : UInt16.max
        let start = min(firstOld, firstNew)
        let end = max(Self.lastHandle(of: old), Self.lastHandle(of: new))
        var carried: [UInt16: UInt16] = [:]
        for attribute in new where attribute.type == .clientCharacteristicConfiguration {
            carried[attribute.handle] = attribute.handle < start ? cccdValues[attribute.handle] ?? 0 : 0
        }
        layout = newLayout
        attributes = new
        cccdValues = carried
        useHandles(of: newLayout)
        pendingIntervals.removeAll()
        return indicateServiceChanged(start: start, end: end)
    }

    /// The last handle a database uses: its last attribute or the end of its last service's reserved range.
    private static func lastHandle(of attributes: [StrapLayout.Attribute]) -> UInt16 {
        attributes.reduce(0) { last, attribute in
            if case .service(let end) = attribute.role { return max(last, end) }
            return max(last, attribute.handle)
        }
    }

    /// The heart model's current rate in beats per minute.
    public var heartRate: Double { heart.beatsPerMinute }

    /// Whether the client enabled Heart Rate Measurement notifications (CCCD bit 0).
    public var isNotifying: Bool {
        guard let heartRateCCCD else { return false }
        return (cccdValues[heartRateCCCD] ?? 0) & 0x0001 != 0
    }

    /// Whether the client enabled Battery Level notifications (CCCD bit 0).
    public var isNotifyingBattery: Bool {
        guard let batteryCCCD else { return false }
        return (cccdValues[batteryCCCD] ?? 0) & 0x0001 != 0
    }

    /// Answers one PDU from the client.
    ///
    /// - Parameter pdu: One ATT datagram from the client.
    /// - Returns: The PDUs to send back: one response or Error Response for a request, nothing for commands,
    ///   confirmations and anything a server does not answer.
    public mutating func receive(_ pdu: [UInt8]) -> [[UInt8]] {
        guard let first = pdu.first else { return [] }
        let opcode = ATTOpcode(rawValue: first)
        let request: ATTPDU
        do {
            request = try ATTPDU(decoding: pdu)
        } catch {
            guard opcode.method == .request else { return [] }
            return [ATTPDU.errorResponse(request: opcode, handle: 0, error: .invalidPDU).bytes]
        }
        let response: ATTPDU? =
            switch request {
            case .exchangeMTURequest(let clientMTU):
                exchangeMTU(clientMTU)
            case .readByGroupTypeRequest(let start, let end, let type):
                readByGroupType(start: start, end: end, type: type)
            case .readByTypeRequest(let start, let end, let type):
                readByType(start: start, end: end, type: type)
            case .findInformationRequest(let start, let end):
                findInformation(start: start, end: end)
            case .readRequest(let handle):
                read(handle)
            case .writeRequest(let handle, let value):
                write(value, at: handle) ?? .writeResponse
            case .writeCommand(let handle, let value):
                writeCommand(value, at: handle)
            case .handleValueConfirmation:
                confirm()
            case .other(let opcode, let parameters) where opcode == .readBlobRequest:
                readBlob(parameters)
            default:
                opcode.method == .request
                    ? .errorResponse(request: opcode, handle: 0, error: .requestNotSupported) : nil
            }
        return response.map { [$0.bytes] } ?? []
    }

    /// Advances time: runs the heart and emits the notifications that fell due.
    ///
    /// One Heart Rate Measurement notification is due on every whole second after the previous call up to and
    /// including `now`; it carries the RR intervals of the beats that ended since the previous one (0–3 at
    /// usual rates). Notifications are sent only while the CCCD is enabled; the heart, the energy and the
    /// battery advance regardless (beats that end while notifications are off are dropped, as a real strap
    /// does). A Battery Level notification is added when the level drops and its CCCD is enabled.
    ///
    /// - Parameters:
    ///   - now: Seconds since the session started; a time not after the previous call emits nothing.
    ///   - effort: What the walker is doing over this step.
    /// - Returns: The notification PDUs, in time order.
    public mutating func advance(to now: Double, effort: Effort) -> [[UInt8]] {
        guard now > clock else { return [] }
        var out: [[UInt8]] = []
        var second = clock.rounded(.down) + 1
        while second <= now {
            out += step(to: second, effort: effort)
            out += heartRateNotification()
            second += 1
        }
        out += step(to: now, effort: effort)
        return out
    }

    // MARK: - Time

    /// Runs the heart, energy and battery from `clock` to `time`.
    private mutating func step(to time: Double, effort: Effort) -> [[UInt8]] {
        guard time > clock else { return [] }
        let beats = heart.advance(to: time, effort: effort, using: &generator)
        pendingIntervals += beats
        recentIntervals = Array((recentIntervals + beats).suffix(5))
        energyKilojoules += Self.power(for: effort, heart: heart) * (time - clock)
        clock = time
        let drained = UInt8(min(Double(initialBatteryLevel), (clock / Self.batteryDrainSeconds).rounded(.down)))
        let level = initialBatteryLevel - drained
        guard level != batteryLevel else { return [] }
        batteryLevel = level
        guard isNotifyingBattery, let batteryHandle else { return [] }
        return [ATTPDU.handleValueNotification(handle: batteryHandle, value: [level]).bytes]
    }

    /// Metabolic power in kJ/s: about 5 kJ/min at rest, 12.5 kJ/min walking forward at 1–2 mph, 30 % more
    /// backward, and more with the extra heart rate.
    private static func power(for effort: Effort, heart: SimulatedHeart) -> Double {
        var kilojoulesPerMinute = effort.isWalking ? 12.5 * (effort.isBackward ? 1.3 : 1) : 5
        kilojoulesPerMinute += max(0, effort.extraBeatsPerMinute) * 0.15
        return kilojoulesPerMinute / 60
    }

    /// The Heart Rate Measurement notification due now, if notifications are enabled.
    private mutating func heartRateNotification() -> [[UInt8]] {
        guard isNotifying, !quirks.isSilent, let heartRateHandle else {
            pendingIntervals.removeAll()
            return []
        }
        notificationCount += 1
        let bpm: UInt16
        if recentIntervals.isEmpty {
            bpm = UInt16(max(0, min(65535, heart.beatsPerMinute.rounded())))
        } else {
            let meanMilliseconds =
                recentIntervals.map(RRInterval.milliseconds(fromRaw:)).reduce(0, +) / Double(recentIntervals.count)
            bpm = UInt16(max(0, min(65535, (60_000 / meanMilliseconds).rounded())))
        }
        let energy: UInt16? =
            notificationCount % 10 == 0 ? UInt16(min(65535, energyKilojoules.rounded(.down))) : nil
        let sixteenBit = bpm > 255 || quirks.sixteenBitHeartRate
        let room = HeartRateMeasurement.maximumRRCount(attMTU: mtu, sixteenBit: sixteenBit, energy: energy != nil)
        let held = quirks.batchesRR && notificationCount % 2 == 1
        var carried = held ? [] : Array(pendingIntervals.prefix(room))
        pendingIntervals.removeFirst(carried.count)
        if quirks.spuriousRR, !carried.isEmpty, carried.count < room { carried.append(53) }
        let measurement = HeartRateMeasurement(
            beatsPerMinute: bpm,
            contact: quirks.reportsContact ? .detected : .notDetected,
            energyKilojoules: energy,
            rrIntervals: carried,
            valueFormat: quirks.sixteenBitHeartRate ? .uint16 : .uint8
        )
        return [ATTPDU.handleValueNotification(handle: heartRateHandle, value: measurement.bytes).bytes]
    }

    // MARK: - ATT server

    private mutating func exchangeMTU(_ clientMTU: UInt16) -> ATTPDU {
        mtu = max(23, min(clientMTU, layout.serverMTU))
        return .exchangeMTUResponse(serverMTU: layout.serverMTU)
    }

    private func invalidRange(_ request: ATTOpcode, start: UInt16, end: UInt16) -> ATTPDU? {
        guard start == 0 || start > end else { return nil }
        return .errorResponse(request: request, handle: start, error: .invalidHandle)
    }

    private func readByGroupType(start: UInt16, end: UInt16, type: BluetoothUUID) -> ATTPDU {
        let opcode = ATTOpcode.readByGroupTypeRequest
        if let error = invalidRange(opcode, start: start, end: end) { return error }
        guard type == .primaryService || type == .secondaryService else {
            return .errorResponse(request: opcode, handle: start, error: .unsupportedGroupType)
        }
        var groups: [ATTGroupValue] = []
        for attribute in attributes where attribute.handle >= start && attribute.handle <= end {
            guard attribute.type == type, case .service(let groupEnd) = attribute.role else { continue }
            let group = ATTGroupValue(start: attribute.handle, end: groupEnd, value: attribute.value)
            if let first = groups.first {
                guard group.value.count == first.value.count, 2 + (groups.count + 1) * (4 + first.value.count) <= mtu
                else { break }
            }
            groups.append(group)
        }
        guard !groups.isEmpty else {
            return .errorResponse(request: opcode, handle: start, error: .attributeNotFound)
        }
        return .readByGroupTypeResponse(groups)
    }

    private func readByType(start: UInt16, end: UInt16, type: BluetoothUUID) -> ATTPDU {
        let opcode = ATTOpcode.readByTypeRequest
        if let error = invalidRange(opcode, start: start, end: end) { return error }
        let valueLimit = min(Int(mtu) - 4, 253)
        var entries: [ATTHandleValue] = []
        for attribute in attributes where attribute.handle >= start && attribute.handle <= end && attribute.type == type
        {
            guard isReadable(attribute), !needsEncryption(attribute) else {
                if entries.isEmpty {
                    let error: ATTErrorCode = isReadable(attribute) ? .insufficientEncryption : .readNotPermitted
                    return .errorResponse(request: opcode, handle: attribute.handle, error: error)
                }
                break
            }
            let entry = ATTHandleValue(handle: attribute.handle, value: Array(value(of: attribute).prefix(valueLimit)))
            if let first = entries.first {
                guard entry.value.count == first.value.count, 2 + (entries.count + 1) * (2 + first.value.count) <= mtu
                else { break }
            }
            entries.append(entry)
        }
        guard !entries.isEmpty else {
            return .errorResponse(request: opcode, handle: start, error: .attributeNotFound)
        }
        return .readByTypeResponse(entries)
    }

    private func findInformation(start: UInt16, end: UInt16) -> ATTPDU {
        let opcode = ATTOpcode.findInformationRequest
        if let error = invalidRange(opcode, start: start, end: end) { return error }
        var entries: [ATTHandleType] = []
        for attribute in attributes where attribute.handle >= start && attribute.handle <= end {
            let entry = ATTHandleType(handle: attribute.handle, type: attribute.type)
            if let first = entries.first {
                let isShort = first.type.shortValue != nil
                let entryLength = isShort ? 4 : 18
                guard (entry.type.shortValue != nil) == isShort, 2 + (entries.count + 1) * entryLength <= mtu
                else { break }
            }
            entries.append(entry)
        }
        guard !entries.isEmpty else {
            return .errorResponse(request: opcode, handle: start, error: .attributeNotFound)
        }
        return .findInformationResponse(entries)
    }

    private func read(_ handle: UInt16) -> ATTPDU {
        guard let attribute = attribute(at: handle) else {
            return .errorResponse(request: .readRequest, handle: handle, error: .invalidHandle)
        }
        guard isReadable(attribute) else {
            return .errorResponse(request: .readRequest, handle: handle, error: .readNotPermitted)
        }
        if needsEncryption(attribute) {
            return .errorResponse(request: .readRequest, handle: handle, error: .insufficientEncryption)
        }
        return .readResponse(value: Array(value(of: attribute).prefix(Int(mtu) - 1)))
    }

    /// Read Blob: handle(2) offset(2) → the value from `offset`, at most ATT_MTU − 1 bytes (empty at the end).
    private func readBlob(_ parameters: [UInt8]) -> ATTPDU {
        let opcode = ATTOpcode.readBlobRequest
        guard parameters.count == 4 else { return .errorResponse(request: opcode, handle: 0, error: .invalidPDU) }
        let handle = Bytes.uint16(parameters, at: 0)
        let offset = Int(Bytes.uint16(parameters, at: 2))
        guard let attribute = attribute(at: handle) else {
            return .errorResponse(request: opcode, handle: handle, error: .invalidHandle)
        }
        guard isReadable(attribute) else {
            return .errorResponse(request: opcode, handle: handle, error: .readNotPermitted)
        }
        if needsEncryption(attribute) {
            return .errorResponse(request: opcode, handle: handle, error: .insufficientEncryption)
        }
        let value = value(of: attribute)
        guard offset <= value.count else {
            return .errorResponse(request: opcode, handle: handle, error: .invalidOffset)
        }
        return .other(opcode: .readBlobResponse, parameters: Array(value[offset...].prefix(Int(mtu) - 1)))
    }

    /// A Handle Value Confirmation: the outstanding indication is done.
    private mutating func confirm() -> ATTPDU? {
        isAwaitingConfirmation = false
        return nil
    }

    /// Applies a Write Request; returns the Error Response, or `nil` on success.
    private mutating func write(_ value: [UInt8], at handle: UInt16) -> ATTPDU? {
        let opcode = ATTOpcode.writeRequest
        guard let attribute = attribute(at: handle) else {
            return .errorResponse(request: opcode, handle: handle, error: .invalidHandle)
        }
        if attribute.type == .clientCharacteristicConfiguration, case .descriptor = attribute.role {
            guard value.count == 2 else {
                return .errorResponse(request: opcode, handle: handle, error: .invalidAttributeValueLength)
            }
            let configuration = Bytes.uint16(value, at: 0)
            guard configuration & ~allowedConfiguration(forCCCD: handle) == 0 else {
                return .errorResponse(request: opcode, handle: handle, error: .cccdImproperlyConfigured)
            }
            cccdValues[handle] = configuration
            return nil
        }
        guard case .value(let properties) = attribute.role, properties.contains(.write) else {
            return .errorResponse(request: opcode, handle: handle, error: .writeNotPermitted)
        }
        if attribute.type == .heartRateControlPoint {
            guard value == [0x01] else {
                return .errorResponse(request: opcode, handle: handle, error: .controlPointNotSupported)
            }
            energyKilojoules = 0
        }
        return nil
    }

    private mutating func writeCommand(_ value: [UInt8], at handle: UInt16) -> ATTPDU? {
        guard let attribute = attribute(at: handle), case .value(let properties) = attribute.role,
            properties.contains(.writeWithoutResponse)
        else { return nil }
        if attribute.type == .heartRateControlPoint, value == [0x01] { energyKilojoules = 0 }
        return nil
    }

    /// The CCCD bits the characteristic owning this descriptor allows: notify → bit 0, indicate → bit 1.
    private func allowedConfiguration(forCCCD handle: UInt16) -> UInt16 {
        let owner = attributes.last { attribute in
            guard attribute.handle < handle, case .value = attribute.role else { return false }
            return true
        }
        guard let owner, case .value(let properties) = owner.role else { return 0 }
        return (properties.contains(.notify) ? 0x0001 : 0) | (properties.contains(.indicate) ? 0x0002 : 0)
    }

    private func attribute(at handle: UInt16) -> StrapLayout.Attribute? {
        attributes.first { $0.handle == handle }
    }

    /// Whether the ``Quirks/deviceInformationNeedsEncryption`` quirk refuses reading this attribute.
    private func needsEncryption(_ attribute: StrapLayout.Attribute) -> Bool {
        guard quirks.deviceInformationNeedsEncryption, case .value = attribute.role,
            let deviceInformationRange
        else { return false }
        return deviceInformationRange.contains(attribute.handle)
    }

    private func isReadable(_ attribute: StrapLayout.Attribute) -> Bool {
        switch attribute.role {
        case .service, .declaration, .descriptor: true
        case .value(let properties): properties.contains(.read)
        }
    }

    /// The current value: CCCDs and the battery level are live, everything else is the layout's value.
    private func value(of attribute: StrapLayout.Attribute) -> [UInt8] {
        if let configuration = cccdValues[attribute.handle] { return Bytes.littleEndian(configuration) }
        if attribute.handle == batteryHandle { return [batteryLevel] }
        return attribute.value
    }
}
