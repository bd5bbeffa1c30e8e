import RetroWalkCore
import StrapProtocol

/// The numbered list `retrowalk scan` prints: a table for people, or one JSON object per device.
///
/// Numbers are positions in ``devices`` (ranked: straps first, strongest signal first), so `--save N` picks
/// what the table showed as N.
struct ScanListing {
    /// The devices in listing order.
    var devices: [Advertisement]
    /// Whether devices that do not look like straps are listed too (adds a `strap` column).
    var showsAll: Bool

    /// The device numbered `number` (from 1), if the list has it.
    func device(number: Int) -> Advertisement? {
        devices.indices.contains(number - 1) ? devices[number - 1] : nil
    }

    /// The table: a header and one row per device, columns aligned, the name last.
    func tableLines() -> [String] {
        var rows = [["#", "address", "type", "RSSI", "0x180D"] + (showsAll ? ["strap"] : []) + ["name"]]
        for (index, device) in devices.enumerated() {
            rows.append(
                [
                    String(index + 1),
                    device.address.description,
                    Self.typeLabel(device.address),
                    device.rssi.map { String($0) } ?? "?",
                    device.advertisesHeartRateService ? "yes" : "no",
                ]
                    + (showsAll ? [device.isHeartRateStrap ? "yes" : "no"] : [])
                    + [device.name ?? "(no name)"]
            )
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        let rightAligned: Set<Int> = [0, 3]
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column == row.count - 1 { return cell }
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
    }

    /// One JSON object per device, keys in this order: `number`, `address`, `address_type`, `rssi`, `name`,
    /// `heart_rate_service`, `strap`, `connectable`, `services`, `appearance`, `reports`.
    func jsonLines() -> [String] {
        devices.enumerated().map { index, device in
            var object = JSONObject()
            object.add("number", .int(index + 1))
            object.add("address", .string(device.address.description))
            object.add("address_type", .string(device.address.type.rawValue))
            object.add("rssi", device.rssi.map { .int(Int($0)) } ?? .null)
            object.add("name", device.name.map { .string($0) } ?? .null)
            object.add("heart_rate_service", .bool(device.advertisesHeartRateService))
            object.add("strap", .bool(device.isHeartRateStrap))
            object.add("connectable", .bool(device.isConnectable))
            object.add("services", .array(device.data.serviceUUIDs.map { .string($0.description) }))
            object.add("appearance", device.data.appearance.map { .int(Int($0)) } ?? .null)
            object.add("reports", .int(device.reportCount))
            return object.rendered
        }
    }

    /// `public`, `random`, or `random (private)` for an address that changes and cannot be saved.
    static func typeLabel(_ address: LEAddress) -> String {
        switch address.randomKind {
        case .resolvablePrivate?, .nonResolvablePrivate?: "random (private)"
        default: address.type.rawValue
        }
    }
}
