import Foundation
import Testing

@Suite("retrowalk rest")
struct RestCommandTests {
    @Test("measures the simulated walker's resting HR and saves it into the user's profile, keeping the rest")
    func measureAndSave() throws {
        // Given a user profile that sets the age
        let folder = try TemporaryFolder()
        let config = folder.path("config")
        try FileManager.default.createDirectory(atPath: config + "/retrowalk", withIntermediateDirectories: true)
        try "age: 72\nresting_bpm: 80\n".write(
            toFile: config + "/retrowalk/profile.yaml", atomically: true, encoding: .utf8)
        // When the resting HR is measured on the simulator (whose heart rests at 68 bpm) and saved
        let output = try RetroWalkBinary.run(
            ["rest", "--simulate", "--save", "--json"], environment: ["XDG_CONFIG_HOME": config])
        #expect(output.status == 0, "stderr: \(output.stderr)")
        let result = try #require(output.lines.last.flatMap(EventLine.init))
        let bpm = try #require(result["resting_bpm"] as? Int)
        #expect(abs(bpm - 68) <= 1)
        // Then the file has the new resting HR and still the age, and the profile uses it
        let text = try String(contentsOfFile: config + "/retrowalk/profile.yaml", encoding: .utf8)
        #expect(text == "age: 72\nresting_bpm: \(bpm)  # measured by 'retrowalk rest'\n")
        let profile = try RetroWalkBinary.run(["profile", "--json"], environment: ["XDG_CONFIG_HOME": config])
        #expect(profile.stdout.contains("\"resting_bpm\": \(bpm)"))
    }

    @Test("a measurement shorter than 90 s is refused")
    func tooShort() throws {
        let output = try RetroWalkBinary.run(["rest", "--simulate", "--seconds", "30"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("--seconds must be 90 to 1800"))
    }
}
