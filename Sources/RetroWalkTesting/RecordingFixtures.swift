// Text fixtures of the recording readers, with their origin.
//
// - `polarRRText`: RR text in the PhysioNet/Kubios convention (one interval per line, ms). The values are the `rr_ms`
//   column of rows 1–60 of shared/data/polar_h10_bleak_709s.csv: 60 consecutive beats of a real Polar H10 read over
//   BLE. See Sources/RetroWalkTesting/PolarH10Recording.swift for that file's origin note and MIT licence. The comment lines and the
//   blank line were added to exercise the reader's skipping.
// - `walkTCX`: hand-written for these tests following Garmin's Training Center Database v2 schema
//   (TrainingCenterDatabasev2.xsd: Activities/Activity@Sport, Id, Lap@StartTime with its required TotalTimeSeconds,
//   DistanceMeters, Calories, Intensity and TriggerMethod, Track/Trackpoint with Time and HeartRateBpm/Value,
//   Creator of xsi:type Device_t, Author of Application_t). It mixes the time forms a reader meets: `Z`, fractional
//   seconds, offsets `+02:00` and `-04:30`, and no zone (UTC); a GPS-only trackpoint without heart rate; a comment;
//   an entity in the creator's name; two laps. The same file read independently by python-tcxparser 2.4.0 (PyPI; its
//   lxml tree, times by dateutil) gives the same seven heart-rate trackpoints, times and bpm: run
//   scripts/fixtures/check-tcx-fixture.py (see scripts/fixtures/README.md).

/// Text fixtures for the recording readers (see the note above).
public enum RecordingFixtures {
    /// The RR values of `polarRRText`, in ms, in file order.
    public static let polarRRMilliseconds: [Double] = [
        725.6, 739.3, 763.7, 760.7, 758.8, 755.9, 711.9, 699.2, 703.1, 703.1, 696.3, 697.3, 708.0, 731.4, 746.1,
        746.1, 743.2, 735.4, 752.9, 744.1, 739.3, 733.4, 717.8, 747.1, 746.1, 753.9, 801.8, 767.6, 757.8, 751.0,
        741.2, 741.2, 754.9, 744.1, 735.4, 745.1, 753.9, 740.2, 736.3, 741.2, 738.3, 736.3, 718.8, 723.6, 738.3,
        750.0, 753.9, 758.8, 766.6, 770.5, 797.9, 805.7, 803.7, 802.7, 793.9, 793.0, 824.2, 795.9, 785.2, 772.5,
    ]

    /// RR text: a comment header, then one value per line (a blank line and a comment in between).
    public static let polarRRText: String = {
        var lines = ["# Polar H10 (bleak), rows 1-60 of polar_h10_bleak_709s.csv", "# RR intervals in ms"]
        for (index, value) in polarRRMilliseconds.enumerated() {
            if index == 30 { lines += ["", "# second half"] }
            lines.append(String(value))
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// A TCX file with seven heart-rate trackpoints (see the note above).
    public static let walkTCX = """
        <?xml version="1.0" encoding="UTF-8" standalone="no" ?>
        <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 \
        http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd">
          <Activities>
            <Activity Sport="Other">
              <Id>2025-06-02T08:15:00Z</Id>
              <Lap StartTime="2025-06-02T08:15:00Z">
                <TotalTimeSeconds>6.0</TotalTimeSeconds>
                <DistanceMeters>4.0</DistanceMeters>
                <Calories>1</Calories>
                <Intensity>Active</Intensity>
                <TriggerMethod>Manual</TriggerMethod>
                <Track>
                  <Trackpoint>
                    <Time>2025-06-02T08:15:00Z</Time>
                    <HeartRateBpm>
                      <Value>88</Value>
                    </HeartRateBpm>
                  </Trackpoint>
                  <Trackpoint>
                    <Time>2025-06-02T08:15:01.500Z</Time>
                    <HeartRateBpm xsi:type="HeartRateInBeatsPerMinute_t"><Value>89</Value></HeartRateBpm>
                  </Trackpoint>
                  <!-- a GPS-only point: no heart rate, skipped by the reader -->
                  <Trackpoint>
                    <Time>2025-06-02T08:15:03Z</Time>
                    <Position>
                      <LatitudeDegrees>51.5007</LatitudeDegrees>
                      <LongitudeDegrees>-0.1246</LongitudeDegrees>
                    </Position>
                  </Trackpoint>
                  <Trackpoint>
                    <Time>2025-06-02T10:15:04+02:00</Time>
                    <DistanceMeters>2.5</DistanceMeters>
                    <HeartRateBpm><Value>91</Value></HeartRateBpm>
                  </Trackpoint>
                  <Trackpoint>
                    <Time>2025-06-02T03:45:06-04:30</Time>
                    <HeartRateBpm><Value>94</Value></HeartRateBpm>
                  </Trackpoint>
                </Track>
              </Lap>
              <Lap StartTime="2025-06-02T08:15:06Z">
                <TotalTimeSeconds>5.0</TotalTimeSeconds>
                <DistanceMeters>3.0</DistanceMeters>
                <Calories>1</Calories>
                <Intensity>Active</Intensity>
                <TriggerMethod>Manual</TriggerMethod>
                <Track>
                  <Trackpoint>
                    <Time>2025-06-02T08:15:08.250</Time>
                    <HeartRateBpm><Value>97</Value></HeartRateBpm>
                  </Trackpoint>
                  <Trackpoint>
                    <Time>2025-06-02T08:15:10Z</Time>
                    <HeartRateBpm><Value>99</Value></HeartRateBpm>
                  </Trackpoint>
                  <Trackpoint>
                    <Time>2025-06-02T08:15:11Z</Time>
                    <HeartRateBpm><Value>98</Value></HeartRateBpm>
                  </Trackpoint>
                </Track>
              </Lap>
              <Creator xsi:type="Device_t">
                <Name>Polar H10 &amp; retrowalk</Name>
                <UnitId>0</UnitId>
                <ProductID>0</ProductID>
                <Version><VersionMajor>1</VersionMajor><VersionMinor>0</VersionMinor></Version>
              </Creator>
            </Activity>
          </Activities>
          <Author xsi:type="Application_t">
            <Name>Hand-written test fixture</Name>
            <Build><Version><VersionMajor>1</VersionMajor><VersionMinor>0</VersionMinor></Version></Build>
            <LangID>en</LangID>
            <PartNumber>000-00000-00</PartNumber>
          </Author>
        </TrainingCenterDatabase>

        """

    /// The heart-rate trackpoints of `walkTCX`: seconds since the first trackpoint and bpm.
    public static let walkTCXSamples: [(time: Double, bpm: UInt16)] = [
        (0, 88), (1.5, 89), (4, 91), (6, 94), (8.25, 97), (10, 99), (11, 98),
    ]
}
