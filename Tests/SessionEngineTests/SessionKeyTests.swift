import RetroWalkCore
import SessionEngine
import Testing

@Suite("Session keys")
struct SessionKeyTests {
    @Test(
        "each documented key means what the README says",
        arguments: [
            ("d", SessionKey.symptom(.dizzy)), ("K", .symptom(.kneePain)), ("s", .stop), ("a", .acknowledge),
            (" ", .acknowledge), ("r", .resume), ("E", .end), ("h", .heartRate), ("x", .other), ("?", .other),
        ] as [(Character, SessionKey)])
    func characters(character: Character, key: SessionKey) {
        #expect(SessionKey(character: character) == key)
    }

    @Test("digits build an effort rating that Enter confirms; backspace edits; a letter abandons it")
    func ratingEditor() {
        var editor = KeyLineEditor()
        #expect(editor.type("1") == nil)
        #expect(editor.type("4") == nil)
        #expect(editor.type("\u{7f}") == nil)
        #expect(editor.type("3") == nil)
        #expect(editor.type("\n") == .rating(13))
        #expect(editor.type("\n") == nil)
        #expect(editor.type("9") == nil)
        #expect(editor.type("d") == .symptom(.dizzy))
        #expect(editor.type("\r") == nil)
    }

    @Test("--keys parses names, letters and ratings, and sorts them by time")
    func script() throws {
        var script = try KeyScript(parsing: "resume@440, dizzy@400,a@410,13@800,fine@120")
        #expect(script.presses.map(\.time) == [120, 400, 410, 440, 800])
        #expect(
            script.presses.map(\.key) == [.other, .symptom(.dizzy), .acknowledge, .resume, .rating(13)])
        #expect(script.take(upTo: 410).map(\.key) == [.other, .symptom(.dizzy), .acknowledge])
        #expect(script.take(upTo: 439.9).isEmpty)
        #expect(script.take(upTo: 1000).map(\.key) == [.resume, .rating(13)])
    }

    @Test(
        "a malformed --keys entry names itself and the accepted forms",
        arguments: ["dizzy", "dizzy@", "dizzy@-1", "jump@10", "d@ten", "@5", "d@5@6"])
    func badScript(text: String) {
        #expect {
            try KeyScript(parsing: text)
        } throws: { error in
            "\(error)".hasPrefix("--keys entry '\(text)' is not KEY@SECONDS.")
        }
    }
}
