// Rows copied from shared/data/polar_h10_bleak_709s.csv (rows 1–41, 130–138 and 470–476 of that file; the header
// kept). The note that comes with that file:
//
// A real Polar H10 chest strap read over BLE (Heart Rate Measurement 0x2A37, with the Python BLE library bleak),
// about 709 s, 947 rows. Columns: `t_record_s` (time the notification arrived), `hr_bpm`, `rr_ms` — one row per RR
// interval; rows with the same `t_record_s` came in the same notification. `rr_ms` is the raw 1/1024 s value / 1.024
// rounded to 0.1 ms, so the raw value is recoverable exactly. It contains missed beats (RR ≈ 1500 ms in a ≈ 750 ms
// series) and notifications with 1–3 RR values: good material for the signal pipeline and replay tests. Flags and
// contact bits were not logged.
//
// Source: the first 15,979 bytes of `polar_h10.csv` in the public repository hrwstrauch/Polar_H10_HRV (commit
// 4bacc6a), MIT License:
//
//   Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
//   documentation files (the "Software"), to deal in the Software without restriction, including without limitation
//   the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
//   permit persons to whom the Software is furnished to do so, subject to the following conditions: The above
//   copyright notice and this permission notice shall be included in all copies or substantial portions of the
//   Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED.

/// Real Polar H10 RR data (see the note above): one row per RR interval, grouped by notification time.
enum PolarH10Recording {
    /// The copied rows, CSV with header.
    static let csv = """
        t_record_s,hr_bpm,rr_ms
        0.000,81,725.6
        0.000,81,739.3
        0.990,81,763.7
        1.980,81,760.7
        3.960,81,758.8
        3.960,81,755.9
        3.961,81,711.9
        4.950,81,699.2
        4.950,81,703.1
        6.435,82,703.1
        7.425,82,696.3
        8.414,83,697.3
        8.414,83,708.0
        10.395,83,731.4
        10.395,83,746.1
        11.386,83,746.1
        11.386,83,743.2
        12.375,82,735.4
        13.365,82,752.9
        14.354,82,744.1
        14.354,82,739.3
        15.345,82,733.4
        16.335,82,717.8
        16.335,82,747.1
        17.324,82,746.1
        18.314,82,753.9
        19.304,82,801.8
        20.294,81,767.6
        20.294,81,757.8
        21.284,80,751.0
        22.275,80,741.2
        23.265,80,741.2
        23.265,80,754.9
        24.254,80,744.1
        25.245,80,735.4
        25.245,80,745.1
        26.235,80,753.9
        27.224,80,740.2
        28.215,80,736.3
        28.215,80,741.2
        94.049,82,769.5
        94.049,82,761.7
        95.533,82,752.0
        97.517,82,740.2
        97.517,82,722.7
        97.517,82,729.5
        98.009,82,720.7
        99.989,82,724.6
        99.989,82,695.3
        344.519,79,735.4
        346.002,79,734.4
        346.002,79,737.3
        346.992,80,1511.7
        347.981,80,740.2
        347.981,80,725.6
        349.962,80,725.6
        """

    /// One logged notification: its arrival time, heart rate and RR intervals in milliseconds (0.1 ms resolution).
    struct Notification {
        var time: String
        var beatsPerMinute: UInt16
        var rrMilliseconds: [Double]
    }

    /// The rows grouped into notifications (rows with the same `t_record_s`).
    static var notifications: [Notification] {
        var result: [Notification] = []
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            guard fields.count == 3, let bpm = UInt16(fields[1]), let ms = Double(fields[2]) else { continue }
            if result.last?.time == fields[0] {
                result[result.count - 1].rrMilliseconds.append(ms)
            } else {
                result.append(Notification(time: fields[0], beatsPerMinute: bpm, rrMilliseconds: [ms]))
            }
        }
        return result
    }
}
