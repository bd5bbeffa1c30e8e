import SoundEngine
import Testing

struct ClipCatalogTests {
    let catalog = ClipCatalog(clips: ["a": [1, 1, 1], "b": [2, 2], "c": [3]])

    @Test("missing keys are reported in order, once each")
    func missingKeys() {
        #expect(catalog.missingKeys(["a", "x", "b", "y", "x"]) == ["x", "y"])
        #expect(catalog.missingKeys(["a", "b", "c"]).isEmpty)
        #expect(catalog.keys == ["a", "b", "c"])
    }

    @Test("samples are looked up by key")
    func lookup() {
        #expect(catalog.samples(for: "b") == [2, 2])
        #expect(catalog.samples(for: "zz") == nil)
    }

    @Test("compose puts the gap between clips only, and skips keys without a clip")
    func compose() {
        let gap = [Int16](repeating: 0, count: 1920)  // 120 ms at 16 kHz
        #expect(catalog.compose(["a", "b"]) == [1, 1, 1] + gap + [2, 2])
        #expect(
            catalog.compose(["a", "missing", "c"], gapMilliseconds: 1) == [1, 1, 1] + Array(repeating: 0, count: 16) + [
                3
            ])
        #expect(catalog.compose(["missing"]).isEmpty)
        #expect(catalog.compose([]).isEmpty)
    }
}
