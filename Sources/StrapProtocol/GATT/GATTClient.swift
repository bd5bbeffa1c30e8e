/// The GATT client of a heart-rate strap as a pure state machine: ATT PDUs in, actions out.
///
/// The caller owns the bearer (an L2CAP ATT socket, or a socketpair to ``SimulatedStrap``) and the clock. It
/// calls ``start(at:)`` once connected, ``receive(_:at:)`` for every datagram, ``tick(at:)`` now and then
/// (once a second is plenty), and performs the returned actions in order.
///
/// Sequence: Exchange MTU; primary services (Read By Group Type 0x2800, looping until Attribute Not Found or an
/// end handle of 0xFFFF); characteristics of the Heart Rate and Battery services (Read By Type 0x2803, looping);
/// descriptors of Heart Rate Measurement (and Battery Level when it can notify) with Find Information to find
/// each CCCD; write `01 00` to the Heart Rate Measurement CCCD; read Body Sensor Location and Battery Level when
/// present; subscribe to Battery Level when it can notify; then, when the strap has a Device Information
/// Service (0x180A), discover its characteristics the same way and read Manufacturer Name (0x2A29), Model
/// Number (0x2A24) and Firmware Revision (0x2A26); then, when the GATT service (0x1801) has a Service Changed
/// characteristic (0x2A05) with a CCCD, write `02 00` to subscribe to its indications; then
/// ``Action/ready(_:)``. No handle is assumed. Only a missing Heart Rate Service, Heart Rate Measurement or its
/// CCCD, a refused Heart Rate Measurement CCCD write, a failed service discovery or a protocol violation drops
/// the link: the battery, Device Information and Service Changed steps are skipped on any error.
///
/// Device Information strings are UTF-8 without a terminator (``StrapInfo/manufacturer``, ``StrapInfo/model``,
/// ``StrapInfo/firmware``). A Read Response of exactly ATT_MTU − 1 bytes may be cut, so the rest is fetched
/// with Read Blob (0x0C/0x0D) at increasing offsets until a part is shorter than ATT_MTU − 1, up to 512 bytes
/// (the longest attribute value ATT allows). A refused Read leaves the string `nil`; a refused Read Blob
/// (Attribute Not Long, Invalid Offset, Request Not Supported, …) keeps the parts read so far. Trailing NUL bytes
/// (firmware that sends C strings) are dropped, invalid UTF-8 sequences become U+FFFD (decoding never fails),
/// and an empty value gives `nil`.
///
/// Service Changed: every indication is confirmed (`1e`) before anything else. An indication on the Service
/// Changed value (start(2) end(2)) whose range overlaps a service the client uses (Heart Rate, Battery, Device
/// Information or GATT, which hold every handle it keeps) makes it run discovery again from primary services
/// (no second Exchange MTU; a service may have moved or appeared anywhere in the range, and the whole run costs
/// a few dozen round trips). Heart Rate Measurement notifications are enabled again and the run ends in another
/// ``Action/ready(_:)`` with the new ``StrapInfo``, whose ``StrapInfo/rediscoveryCount`` is 1 or more: it is the
/// same link, not a new connection, and the link is never dropped for it (unless the Heart Rate Service is gone
/// from the new database). While discovery runs, notifications keep arriving on the old Heart Rate Measurement
/// and Battery Level handles unless the changed range covers them; ``strapInfo`` keeps the previous results. An
/// indication for a range that overlaps none of those services changes nothing. An indication that arrives
/// while discovery is running is remembered and checked against the services found once that run ends.
///
/// Protocol rules kept: one outstanding request; a request pending longer than
/// ``transactionTimeout`` disconnects; notifications are delivered whenever they arrive (also before the
/// CCCD write is acknowledged); indications are confirmed (`1e`); requests from the peer get Request Not
/// Supported (`01 <op> 00 00 06`); responses that match no pending request are discarded.
public struct GATTClient: Sendable {
    /// What the caller must do.
    public enum Action: Sendable, Equatable {
        /// Write this ATT PDU to the bearer.
        case send([UInt8])
        /// A Heart Rate Measurement notification, decoded.
        case measurement(HeartRateMeasurement)
        /// A malformed Heart Rate Measurement value (the decoder's message); the link stays up.
        case invalidMeasurement(String)
        /// Discovery is done and the Heart Rate Measurement CCCD was written `01 00` and acknowledged.
        ///
        /// Returned once per connection, and again after each rediscovery that a Service Changed indication
        /// caused (then ``StrapInfo/rediscoveryCount`` > 0: the same link, not a new connection).
        case ready(StrapInfo)
        /// The battery level in percent, read or notified.
        case battery(UInt8)
        /// A protocol failure (transaction timeout, no Heart Rate Service, …): the caller drops the link.
        case disconnect(reason: String)
    }

    /// Seconds a request may stay unanswered before the link is given up (ATT transaction timeout).
    public static let transactionTimeout: Double = 30

    /// The receive MTU offered in Exchange MTU (23…517).
    public let preferredMTU: UInt16
    /// The effective ATT_MTU (23 until the exchange completes).
    public private(set) var mtu: UInt16 = 23
    /// The discovery results, once ``Action/ready(_:)`` was returned (the previous results while a rediscovery
    /// after Service Changed runs).
    public private(set) var strapInfo: StrapInfo?
    /// Whether the client gave up the link (``Action/disconnect(reason:)`` was returned); it then ignores input.
    public private(set) var isDisconnected = false

    /// Whether discovery finished.
    public var isReady: Bool { strapInfo != nil }

    private var isStarted = false
    private var pending: Pending?
    private var services: [DiscoveredService] = []
    private var heartRateCharacteristics: [DiscoveredCharacteristic] = []
    private var batteryCharacteristics: [DiscoveredCharacteristic] = []
    private var heartRateMeasurement: DiscoveredCharacteristic?
    private var heartRateCCCD: UInt16?
    private var bodySensorLocationCharacteristic: DiscoveredCharacteristic?
    private var bodySensorLocation: BodySensorLocation?
    private var controlPoint: DiscoveredCharacteristic?
    private var batteryLevelCharacteristic: DiscoveredCharacteristic?
    private var batteryCCCD: UInt16?
    private var batteryLevel: UInt8?
    private var deviceInformationCharacteristics: [DiscoveredCharacteristic] = []
    private var deviceInformation: [DeviceInformationField: String] = [:]
    private var genericAttributeCharacteristics: [DiscoveredCharacteristic] = []
    private var serviceChangedCharacteristic: DiscoveredCharacteristic?
    private var serviceChangedCCCD: UInt16?
    /// The handles a Service Changed indication reported while discovery was running (merged).
    private var changedDuringDiscovery: ClosedRange<UInt16>?
    private var rediscoveryCount = 0

    /// The longest attribute value ATT allows; Read Blob stops there.
    private static let maximumValueLength = 512

    /// Which service a characteristic search is in, and which characteristic a descriptor search or
    /// subscription is for.
    private enum Target: Sendable, Equatable {
        /// Heart Rate Service / Heart Rate Measurement.
        case heartRate
        /// Battery Service / Battery Level.
        case battery
        /// Device Information Service (characteristic search only).
        case deviceInformation
        /// GATT service / Service Changed.
        case serviceChanged
    }

    /// A Device Information string the client reads, in reading order.
    private enum DeviceInformationField: Int, Sendable, Hashable, CaseIterable {
        case manufacturer
        case model
        case firmware

        var uuid: BluetoothUUID {
            switch self {
            case .manufacturer: .manufacturerName
            case .model: .modelNumber
            case .firmware: .firmwareRevision
            }
        }
    }

    /// One step of discovery: one request and what to do with its answer.
    private enum Step: Sendable, Equatable {
        case exchangeMTU
        case discoverServices(from: UInt16)
        case discoverCharacteristics(Target, service: DiscoveredService, from: UInt16)
        case discoverDescriptors(Target, from: UInt16, to: UInt16)
        /// Write `01 00` (`02 00` for Service Changed) to a CCCD.
        case subscribe(Target, cccd: UInt16)
        case readBodySensorLocation(handle: UInt16)
        case readBatteryLevel(handle: UInt16)
        /// Read (nothing received yet) or Read Blob at offset `received.count`.
        case readDeviceInformation(DeviceInformationField, handle: UInt16, received: [UInt8])
    }

    private struct Pending: Sendable {
        var step: Step
        var request: ATTPDU
        var sentAt: Double
    }

    /// Creates a client.
    ///
    /// - Parameter preferredMTU: The receive MTU to offer, clamped to 23…517.
    public init(preferredMTU: UInt16 = 247) {
        self.preferredMTU = min(max(preferredMTU, 23), 517)
    }

    /// Begins discovery with Exchange MTU. Only the first call does anything.
    ///
    /// - Parameter now: Seconds since the session started.
    /// - Returns: The Exchange MTU Request to send.
    public mutating func start(at now: Double) -> [Action] {
        guard !isStarted, !isDisconnected else { return [] }
        isStarted = true
        return send(.exchangeMTU, at: now)
    }

    /// Handles one ATT PDU from the strap.
    ///
    /// - Parameters:
    ///   - pdu: One datagram from the bearer.
    ///   - now: Seconds since the session started.
    /// - Returns: The actions to perform, in order. Never fails: a malformed or unexpected PDU is discarded,
    ///   and only a malformed answer to the pending request disconnects.
    public mutating func receive(_ pdu: [UInt8], at now: Double) -> [Action] {
        guard !isDisconnected else { return [] }
        let expired = tick(at: now)
        guard expired.isEmpty else { return expired }
        guard let first = pdu.first else { return [] }
        let opcode = ATTOpcode(rawValue: first)
        switch opcode.method {
        case .request, .unknown:
            // `.unknown` never has the command bit (those are `.command`), so it may be a request: answer it.
            let answer = ATTPDU.errorResponse(request: opcode, handle: 0, error: .requestNotSupported)
            return [.send(answer.bytes)]
        case .command, .confirmation:
            return []
        case .indication:
            var actions = [Action.send(ATTPDU.handleValueConfirmation.bytes)]
            if case .handleValueIndication(let handle, let value)? = try? ATTPDU(decoding: pdu) {
                if let serviceChangedCharacteristic, handle == serviceChangedCharacteristic.valueHandle {
                    actions += serviceChanged(value, at: now)
                } else {
                    actions += valueArrived(handle: handle, value: value)
                }
            }
            return actions
        case .notification:
            guard case .handleValueNotification(let handle, let value)? = try? ATTPDU(decoding: pdu) else {
                return []
            }
            return valueArrived(handle: handle, value: value)
        case .response:
            return responseArrived(pdu, opcode: opcode, at: now)
        }
    }

    /// Checks the transaction timeout.
    ///
    /// - Parameter now: Seconds since the session started.
    /// - Returns: ``Action/disconnect(reason:)`` when the pending request has waited more than
    ///   ``transactionTimeout`` seconds, otherwise nothing.
    public mutating func tick(at now: Double) -> [Action] {
        guard !isDisconnected, let pending, now - pending.sentAt > Self.transactionTimeout else { return [] }
        return fail(
            "ATT \(pending.request.opcode) '\(Bytes.hexDump(pending.request.bytes))' got no response within "
                + "\(Int(Self.transactionTimeout)) s (sent at \(Bytes.seconds(pending.sentAt)) s, now "
                + "\(Bytes.seconds(now)) s); ATT allows no further requests on this link, so reconnect to the "
                + "strap"
        )
    }

    // MARK: - Values from the strap

    private mutating func valueArrived(handle: UInt16, value: [UInt8]) -> [Action] {
        if let heartRateMeasurement, handle == heartRateMeasurement.valueHandle {
            do {
                return [.measurement(try HeartRateMeasurement(decoding: value))]
            } catch {
                return [.invalidMeasurement(error.description)]
            }
        }
        if let batteryLevelCharacteristic, handle == batteryLevelCharacteristic.valueHandle,
            let level = Self.batteryLevel(from: value)
        {
            batteryLevel = level
            strapInfo?.batteryLevel = level
            return [.battery(level)]
        }
        return []
    }

    private static func batteryLevel(from value: [UInt8]) -> UInt8? {
        guard value.count == 1, value[0] <= 100 else { return nil }
        return value[0]
    }

    /// A Device Information string: UTF-8 without terminator; trailing NULs dropped, invalid sequences become
    /// U+FFFD, empty gives `nil`.
    private static func deviceInformationString(from value: [UInt8]) -> String? {
        var end = value.endIndex
        while end > value.startIndex, value[end - 1] == 0 { end -= 1 }
        guard end > value.startIndex else { return nil }
        return String(decoding: value[..<end], as: UTF8.self)
    }

    // MARK: - Service Changed

    /// The services whose handles the client keeps: a change that overlaps one of them needs a rediscovery.
    private static let servicesInUse: [BluetoothUUID] = [
        .heartRateService, .batteryService, .deviceInformation, .genericAttribute,
    ]

    /// The handle range of a Service Changed value: start(2) end(2); anything else means "everything".
    private static func changedRange(from value: [UInt8]) -> ClosedRange<UInt16> {
        guard value.count == 4 else { return 0x0001...0xFFFF }
        let start = max(Bytes.uint16(value, at: 0), 0x0001)
        let end = Bytes.uint16(value, at: 2)
        return start <= end ? start...end : 0x0001...0xFFFF
    }

    /// Whether a change of `range` touches a service the client uses.
    private func affects(_ range: ClosedRange<UInt16>) -> Bool {
        services.contains { service in
            Self.servicesInUse.contains(service.uuid) && service.start <= range.upperBound
                && range.lowerBound <= service.end
        }
    }

    private mutating func serviceChanged(_ value: [UInt8], at now: Double) -> [Action] {
        let range = Self.changedRange(from: value)
        guard pending == nil else {
            // Discovery is running: check the change against its results when it ends.
            if let earlier = changedDuringDiscovery {
                let merged = min(earlier.lowerBound, range.lowerBound)...max(earlier.upperBound, range.upperBound)
                changedDuringDiscovery = merged
            } else {
                changedDuringDiscovery = range
            }
            return []
        }
        guard affects(range) else { return [] }
        return rediscover(invalidating: range, at: now)
    }

    /// Forgets the discovery results and runs discovery again from primary services.
    ///
    /// The Heart Rate Measurement and Battery Level handles stay in use for notifications until rediscovered,
    /// unless `range` covers them; the Service Changed handle stays (GATT forbids moving it).
    private mutating func rediscover(invalidating range: ClosedRange<UInt16>, at now: Double) -> [Action] {
        if strapInfo != nil { rediscoveryCount += 1 }
        if let measurement = heartRateMeasurement, range.contains(measurement.valueHandle) {
            heartRateMeasurement = nil
        }
        if let battery = batteryLevelCharacteristic, range.contains(battery.valueHandle) {
            batteryLevelCharacteristic = nil
        }
        services = []
        heartRateCharacteristics = []
        batteryCharacteristics = []
        deviceInformationCharacteristics = []
        genericAttributeCharacteristics = []
        heartRateCCCD = nil
        bodySensorLocationCharacteristic = nil
        bodySensorLocation = nil
        controlPoint = nil
        batteryCCCD = nil
        batteryLevel = nil
        deviceInformation = [:]
        serviceChangedCCCD = nil
        return send(.discoverServices(from: 0x0001), at: now)
    }

    // MARK: - Responses

    private mutating func responseArrived(_ bytes: [UInt8], opcode: ATTOpcode, at now: Double) -> [Action] {
        guard let pending else { return [] }
        let expected = pending.request.opcode.responseOpcode
        let pdu: ATTPDU
        do {
            pdu = try ATTPDU(decoding: bytes)
        } catch {
            let answersPending =
                opcode == expected
                || (opcode == .errorResponse && bytes.count > 1 && bytes[1] == pending.request.opcode.rawValue)
            return answersPending ? fail("\(error.message) (answering \(pending.request.opcode))") : []
        }
        if case .errorResponse(let request, let handle, let error) = pdu {
            guard request == pending.request.opcode, Self.isPlausible(handle, for: pending.request) else { return [] }
            self.pending = nil
            return failed(pending.step, handle: handle, error: error, at: now)
        }
        guard pdu.opcode == expected, Self.isCurrent(pdu, for: pending.request) else { return [] }
        self.pending = nil
        return succeeded(pending.step, response: pdu, at: now)
    }

    /// Whether a discovery response can answer the pending request: its first handle lies in the requested range.
    ///
    /// ATT has no transaction ids, so a duplicate of the previous response (real peripherals send them,
    /// bluez/bluez#2486) arrives with the same opcode as the next request's answer; its handles lie before the
    /// range now asked for, which tells them apart. Such a response is discarded, not taken for a faulty server.
    private static func isCurrent(_ response: ATTPDU, for request: ATTPDU) -> Bool {
        let first: UInt16?
        switch response {
        case .readByGroupTypeResponse(let groups): first = groups.first?.start
        case .readByTypeResponse(let entries): first = entries.first?.handle
        case .findInformationResponse(let entries): first = entries.first?.handle
        default: return true
        }
        switch request {
        case .findInformationRequest(let start, let end), .readByTypeRequest(let start, let end, _),
            .readByGroupTypeRequest(let start, let end, _):
            return first.map { start <= $0 && $0 <= end } ?? true
        default:
            return true
        }
    }

    /// Whether an Error Response's handle fits the request (a late error for an older request does not).
    private static func isPlausible(_ handle: UInt16, for request: ATTPDU) -> Bool {
        switch request {
        case .findInformationRequest(let start, let end), .readByTypeRequest(let start, let end, _),
            .readByGroupTypeRequest(let start, let end, _):
            handle == 0 || (start <= handle && handle <= end)
        case .readRequest(let requested), .writeRequest(let requested, _):
            handle == 0 || handle == requested
        case .other(let opcode, let parameters) where opcode == .readBlobRequest && parameters.count == 4:
            handle == 0 || handle == Bytes.uint16(parameters, at: 0)
        default:
            true
        }
    }

    private mutating func succeeded(_ step: Step, response: ATTPDU, at now: Double) -> [Action] {
        switch (step, response) {
        case (.exchangeMTU, .exchangeMTUResponse(let serverMTU)):
            mtu = max(23, min(preferredMTU, serverMTU))
            return send(.discoverServices(from: 0x0001), at: now)

        case (.discoverServices(let from), .readByGroupTypeResponse(let groups)):
            var last = from
            var previousEnd: UInt16?
            for group in groups {
                guard let uuid = group.uuid, group.start >= from, group.end >= group.start,
                    previousEnd.map({ group.start > $0 }) ?? true
                else {
                    return fail(
                        "primary service discovery from \(Bytes.hex16(from)) returned the entry "
                            + "\(Bytes.hex16(group.start))–\(Bytes.hex16(group.end)) "
                            + "'\(Bytes.hexDump(group.value))', which is out of order or not a UUID; "
                            + "the strap's GATT server is faulty, so power-cycle the strap and reconnect"
                    )
                }
                services.append(DiscoveredService(uuid: uuid, start: group.start, end: group.end))
                last = group.end
                previousEnd = group.end
            }
            guard last < 0xFFFF else { return servicesDiscovered(at: now) }
            return send(.discoverServices(from: last + 1), at: now)

        case (.discoverCharacteristics(let target, let service, let from), .readByTypeResponse(let entries)):
            var last = from
            var previous: UInt16?
            for entry in entries {
                guard entry.handle >= from, entry.handle <= service.end, previous.map({ entry.handle > $0 }) ?? true,
                    let characteristic = DiscoveredCharacteristic(
                        declarationHandle: entry.handle,
                        declaration: entry.value
                    )
                else {
                    return fail(
                        "characteristic discovery in \(service) from \(Bytes.hex16(from)) returned the entry "
                            + "\(Bytes.hex16(entry.handle)) '\(Bytes.hexDump(entry.value))', which is out of range "
                            + "or not a characteristic declaration; the strap's GATT server is faulty, so "
                            + "power-cycle the strap and reconnect"
                    )
                }
                append(characteristic, to: target)
                last = entry.handle
                previous = entry.handle
            }
            guard last < service.end else { return characteristicsDiscovered(target, in: service, at: now) }
            return send(.discoverCharacteristics(target, service: service, from: last + 1), at: now)

        case (.discoverDescriptors(let target, let from, let to), .findInformationResponse(let entries)):
            var last = from
            for entry in entries where entry.handle >= from && entry.handle <= to {
                if entry.type == .clientCharacteristicConfiguration {
                    return descriptorsDiscovered(target, cccd: entry.handle, at: now)
                }
                last = max(last, entry.handle)
            }
            guard last < to, let lastEntry = entries.last, lastEntry.handle >= from else {
                return descriptorsDiscovered(target, cccd: nil, at: now)
            }
            return send(.discoverDescriptors(target, from: last + 1, to: to), at: now)

        case (.subscribe(.heartRate, _), .writeResponse):
            return readBodySensorLocationOrSkip(at: now)

        case (.subscribe(.battery, _), .writeResponse):
            return discoverDeviceInformationOrSkip(at: now)

        case (.subscribe(.serviceChanged, let cccd), .writeResponse):
            serviceChangedCCCD = cccd
            return finish(at: now)

        case (.readDeviceInformation(let field, let handle, let received), .readResponse(let part)):
            return deviceInformationArrived(field, handle: handle, received: received, part: part, at: now)

        case (.readDeviceInformation(let field, let handle, let received), .other(let opcode, let part))
        where opcode == .readBlobResponse:
            return deviceInformationArrived(field, handle: handle, received: received, part: part, at: now)

        case (.readBodySensorLocation, .readResponse(let value)):
            if value.count == 1 { bodySensorLocation = BodySensorLocation(rawValue: value[0]) }
            return readBatteryLevelOrSkip(at: now)

        case (.readBatteryLevel, .readResponse(let value)):
            var actions: [Action] = []
            if let level = Self.batteryLevel(from: value) {
                batteryLevel = level
                actions.append(.battery(level))
            }
            return actions + enableBatteryNotificationsOrSkip(at: now)

        default:
            // The opcode matched but the step did not: cannot happen with the steps above.
            return []
        }
    }

    private mutating func failed(_ step: Step, handle: UInt16, error: ATTErrorCode, at now: Double) -> [Action] {
        switch step {
        case .exchangeMTU:
            // Exchange MTU is optional; a server that refuses it keeps the default.
            mtu = 23
            return send(.discoverServices(from: 0x0001), at: now)
        case .discoverServices(let from):
            guard error == .attributeNotFound else {
                return fail(
                    "primary service discovery from \(Bytes.hex16(from)) failed with ATT error \(error) at "
                        + "\(Bytes.hex16(handle)); the strap refused GATT discovery, so power-cycle it and reconnect"
                )
            }
            return servicesDiscovered(at: now)
        case .discoverCharacteristics(let target, let service, let from):
            guard error == .attributeNotFound else {
                guard target == .heartRate else {
                    // Battery, Device Information and Service Changed are optional: give them up, not the link.
                    switch target {
                    case .heartRate: break
                    case .battery: batteryCharacteristics = []
                    case .deviceInformation: deviceInformationCharacteristics = []
                    case .serviceChanged: genericAttributeCharacteristics = []
                    }
                    return characteristicsDiscovered(target, in: service, at: now)
                }
                return fail(
                    "characteristic discovery in \(service) from \(Bytes.hex16(from)) failed with ATT error \(error)"
                        + " at \(Bytes.hex16(handle)); the strap refused GATT discovery, so power-cycle it and "
                        + "reconnect"
                )
            }
            return characteristicsDiscovered(target, in: service, at: now)
        case .discoverDescriptors(let target, let from, let to):
            guard error == .attributeNotFound || target != .heartRate else {
                return fail(
                    "descriptor discovery in \(Bytes.hex16(from))–\(Bytes.hex16(to)) failed with ATT error "
                        + "\(error); the strap refused GATT discovery, so power-cycle it and reconnect"
                )
            }
            return descriptorsDiscovered(target, cccd: nil, at: now)
        case .subscribe(.heartRate, let cccd):
            return fail(
                "writing 01 00 to the Heart Rate Measurement CCCD at \(Bytes.hex16(cccd)) failed with ATT error "
                    + "\(error); without it the strap sends no heart rate, so power-cycle the strap (or pair it if "
                    + "it asks for security) and reconnect"
            )
        case .subscribe(.battery, _):
            return discoverDeviceInformationOrSkip(at: now)
        case .subscribe(.serviceChanged, _), .subscribe(.deviceInformation, _):
            // Without the subscription a change of the database goes unnoticed, but heart rate still flows.
            return finish(at: now)
        case .readBodySensorLocation:
            return readBatteryLevelOrSkip(at: now)
        case .readBatteryLevel:
            return enableBatteryNotificationsOrSkip(at: now)
        case .readDeviceInformation(let field, _, let received):
            // A refused Read leaves the string nil; a refused Read Blob keeps the parts read so far.
            deviceInformation[field] = Self.deviceInformationString(from: received)
            return readDeviceInformationOrSkip(after: field, at: now)
        }
    }

    // MARK: - Discovery flow

    private mutating func servicesDiscovered(at now: Double) -> [Action] {
        guard let heartRateService = services.first(where: { $0.uuid == .heartRateService }) else {
            let found = services.map { $0.uuid.description }.joined(separator: ", ")
            return fail(
                "the Heart Rate Service (0x180D) was not found among the strap's \(services.count) primary services "
                    + "(\(found.isEmpty ? "none" : found)); this device is not a heart-rate strap, so pick another "
                    + "one with 'retrowalk scan'"
            )
        }
        if !services.contains(where: { $0.uuid == .batteryService }) { batteryLevelCharacteristic = nil }
        return send(
            .discoverCharacteristics(.heartRate, service: heartRateService, from: heartRateService.start), at: now)
    }

    private mutating func append(_ characteristic: DiscoveredCharacteristic, to target: Target) {
        switch target {
        case .heartRate: heartRateCharacteristics.append(characteristic)
        case .battery: batteryCharacteristics.append(characteristic)
        case .deviceInformation: deviceInformationCharacteristics.append(characteristic)
        case .serviceChanged: genericAttributeCharacteristics.append(characteristic)
        }
    }

    /// Sets each characteristic's end: the next declaration − 1, or the service end for the last.
    private static func withEnds(_ characteristics: [DiscoveredCharacteristic], serviceEnd: UInt16)
        -> [DiscoveredCharacteristic]
    {
        var result = characteristics
        for index in result.indices {
            let next = index + 1 < result.count ? result[index + 1].declarationHandle - 1 : serviceEnd
            result[index].endHandle = max(next, result[index].valueHandle)
        }
        return result
    }

    private mutating func characteristicsDiscovered(_ target: Target, in service: DiscoveredService, at now: Double)
        -> [Action]
    {
        switch target {
        case .heartRate:
            heartRateCharacteristics = Self.withEnds(heartRateCharacteristics, serviceEnd: service.end)
            guard let measurement = heartRateCharacteristics.first(where: { $0.uuid == .heartRateMeasurement }) else {
                return fail(
                    "the Heart Rate Service \(service) has no Heart Rate Measurement characteristic (0x2A37) among "
                        + "its \(heartRateCharacteristics.count) characteristics; the strap's firmware is faulty, so "
                        + "update or replace it"
                )
            }
            heartRateMeasurement = measurement
            bodySensorLocationCharacteristic = heartRateCharacteristics.first { $0.uuid == .bodySensorLocation }
            controlPoint = heartRateCharacteristics.first { $0.uuid == .heartRateControlPoint }
            if let batteryService = services.first(where: { $0.uuid == .batteryService }) {
                return send(
                    .discoverCharacteristics(.battery, service: batteryService, from: batteryService.start),
                    at: now
                )
            }
            return discoverDescriptorsOrSkip(.heartRate, at: now)
        case .battery:
            batteryCharacteristics = Self.withEnds(batteryCharacteristics, serviceEnd: service.end)
            batteryLevelCharacteristic = batteryCharacteristics.first { $0.uuid == .batteryLevel }
            return discoverDescriptorsOrSkip(.heartRate, at: now)
        case .deviceInformation:
            deviceInformationCharacteristics = Self.withEnds(deviceInformationCharacteristics, serviceEnd: service.end)
            return readDeviceInformationOrSkip(after: nil, at: now)
        case .serviceChanged:
            genericAttributeCharacteristics = Self.withEnds(genericAttributeCharacteristics, serviceEnd: service.end)
            serviceChangedCharacteristic = genericAttributeCharacteristics.first {
                $0.uuid == .serviceChanged && $0.properties.contains(.indicate)
            }
            return discoverDescriptorsOrSkip(.serviceChanged, at: now)
        }
    }

    private mutating func discoverDescriptorsOrSkip(_ target: Target, at now: Double) -> [Action] {
        let characteristic: DiscoveredCharacteristic? =
            switch target {
            case .heartRate: heartRateMeasurement
            case .battery: batteryLevelCharacteristic
            case .serviceChanged: serviceChangedCharacteristic
            case .deviceInformation: nil
            }
        guard let characteristic, characteristic.valueHandle < characteristic.endHandle else {
            return descriptorsDiscovered(target, cccd: nil, at: now)
        }
        return send(
            .discoverDescriptors(target, from: characteristic.valueHandle + 1, to: characteristic.endHandle),
            at: now
        )
    }

    private mutating func descriptorsDiscovered(_ target: Target, cccd: UInt16?, at now: Double) -> [Action] {
        switch target {
        case .heartRate:
            guard let cccd, heartRateMeasurement != nil else {
                let range =
                    heartRateMeasurement.map {
                        "\(Bytes.hex16($0.valueHandle + 1))–\(Bytes.hex16($0.endHandle))"
                    } ?? "?"
                return fail(
                    "the Heart Rate Measurement characteristic has no CCCD (0x2902) in its descriptor range \(range); "
                        + "notifications cannot be enabled, so the strap's firmware is faulty: update or replace it"
                )
            }
            heartRateCCCD = cccd
            if let battery = batteryLevelCharacteristic, battery.properties.contains(.notify) {
                return discoverDescriptorsOrSkip(.battery, at: now)
            }
            return send(.subscribe(.heartRate, cccd: cccd), at: now)
        case .battery:
            batteryCCCD = cccd
            guard let heartRateCCCD else { return [] }
            return send(.subscribe(.heartRate, cccd: heartRateCCCD), at: now)
        case .deviceInformation:
            return readDeviceInformationOrSkip(after: nil, at: now)
        case .serviceChanged:
            guard let cccd else { return finish(at: now) }
            return send(.subscribe(.serviceChanged, cccd: cccd), at: now)
        }
    }

    private mutating func readBodySensorLocationOrSkip(at now: Double) -> [Action] {
        guard let location = bodySensorLocationCharacteristic, location.properties.contains(.read) else {
            return readBatteryLevelOrSkip(at: now)
        }
        return send(.readBodySensorLocation(handle: location.valueHandle), at: now)
    }

    private mutating func readBatteryLevelOrSkip(at now: Double) -> [Action] {
        guard let battery = batteryLevelCharacteristic, battery.properties.contains(.read) else {
            return enableBatteryNotificationsOrSkip(at: now)
        }
        return send(.readBatteryLevel(handle: battery.valueHandle), at: now)
    }

    private mutating func enableBatteryNotificationsOrSkip(at now: Double) -> [Action] {
        guard let batteryCCCD, let battery = batteryLevelCharacteristic, battery.properties.contains(.notify) else {
            return discoverDeviceInformationOrSkip(at: now)
        }
        return send(.subscribe(.battery, cccd: batteryCCCD), at: now)
    }

    private mutating func discoverDeviceInformationOrSkip(at now: Double) -> [Action] {
        guard let service = services.first(where: { $0.uuid == .deviceInformation }) else {
            return discoverServiceChangedOrSkip(at: now)
        }
        return send(.discoverCharacteristics(.deviceInformation, service: service, from: service.start), at: now)
    }

    /// Reads the next Device Information string after `previous` that the strap has and can read.
    private mutating func readDeviceInformationOrSkip(after previous: DeviceInformationField?, at now: Double)
        -> [Action]
    {
        for field in DeviceInformationField.allCases where field.rawValue > (previous?.rawValue ?? -1) {
            guard
                let characteristic = deviceInformationCharacteristics.first(where: {
                    $0.uuid == field.uuid && $0.properties.contains(.read)
                })
            else { continue }
            return send(.readDeviceInformation(field, handle: characteristic.valueHandle, received: []), at: now)
        }
        return discoverServiceChangedOrSkip(at: now)
    }

    /// One part of a Device Information value arrived: fetch the next with Read Blob while a part fills the
    /// PDU, else keep the string.
    private mutating func deviceInformationArrived(
        _ field: DeviceInformationField,
        handle: UInt16,
        received: [UInt8],
        part: [UInt8],
        at now: Double
    ) -> [Action] {
        let value = received + part
        if part.count == Int(mtu) - 1, value.count < Self.maximumValueLength {
            return send(.readDeviceInformation(field, handle: handle, received: value), at: now)
        }
        deviceInformation[field] = Self.deviceInformationString(from: Array(value.prefix(Self.maximumValueLength)))
        return readDeviceInformationOrSkip(after: field, at: now)
    }

    private mutating func discoverServiceChangedOrSkip(at now: Double) -> [Action] {
        guard let service = services.first(where: { $0.uuid == .genericAttribute }) else {
            serviceChangedCharacteristic = nil
            return finish(at: now)
        }
        return send(.discoverCharacteristics(.serviceChanged, service: service, from: service.start), at: now)
    }

    private mutating func finish(at now: Double) -> [Action] {
        if let changed = changedDuringDiscovery {
            changedDuringDiscovery = nil
            if affects(changed) { return rediscover(invalidating: changed, at: now) }
        }
        guard let heartRateMeasurement, let heartRateCCCD else { return [] }
        let info = StrapInfo(
            mtu: mtu,
            services: services,
            heartRateMeasurement: heartRateMeasurement,
            heartRateCCCDHandle: heartRateCCCD,
            bodySensorLocationHandle: bodySensorLocationCharacteristic?.valueHandle,
            bodySensorLocation: bodySensorLocation,
            controlPointHandle: controlPoint?.valueHandle,
            batteryLevelHandle: batteryLevelCharacteristic?.valueHandle,
            batteryCCCDHandle: batteryCCCD,
            batteryLevel: batteryLevel,
            manufacturer: deviceInformation[.manufacturer],
            model: deviceInformation[.model],
            firmware: deviceInformation[.firmware],
            serviceChangedCCCDHandle: serviceChangedCCCD,
            rediscoveryCount: rediscoveryCount
        )
        strapInfo = info
        return [.ready(info)]
    }

    // MARK: - Sending and failing

    private mutating func send(_ step: Step, at now: Double) -> [Action] {
        let request: ATTPDU =
            switch step {
            case .exchangeMTU:
                .exchangeMTURequest(clientMTU: preferredMTU)
            case .discoverServices(let from):
                .readByGroupTypeRequest(start: from, end: 0xFFFF, type: .primaryService)
            case .discoverCharacteristics(_, let service, let from):
                .readByTypeRequest(start: from, end: service.end, type: .characteristic)
            case .discoverDescriptors(_, let from, let to):
                .findInformationRequest(start: from, end: to)
            case .subscribe(let target, let cccd):
                .writeRequest(handle: cccd, value: target == .serviceChanged ? [0x02, 0x00] : [0x01, 0x00])
            case .readBodySensorLocation(let handle), .readBatteryLevel(let handle):
                .readRequest(handle: handle)
            case .readDeviceInformation(_, let handle, let received) where received.isEmpty:
                .readRequest(handle: handle)
            case .readDeviceInformation(_, let handle, let received):
                .other(
                    opcode: .readBlobRequest,
                    parameters: Bytes.littleEndian(handle) + Bytes.littleEndian(UInt16(received.count))
                )
            }
        pending = Pending(step: step, request: request, sentAt: now)
        return [.send(request.bytes)]
    }

    private mutating func fail(_ reason: String) -> [Action] {
        isDisconnected = true
        pending = nil
        return [.disconnect(reason: reason)]
    }
}
