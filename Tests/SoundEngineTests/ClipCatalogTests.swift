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

struct ClipSamplesTests {
    @Test("a clip viewed in storage reads, compares and hashes as the same samples owned")
    func viewedEqualsOwned() {
        let values: [Int16] = [0, 1, -1, 32767, -32768, 1234]
        let owned = ClipSamples(values)
        let viewed = ClipSamples(viewing: HeapClipStorage(values))
        #expect(!owned.isViewed && viewed.isViewed)
        #expect(viewed.count == 6 && !viewed.isEmpty)
        #expect(viewed.array == values)
        #expect(viewed.withUnsafeBufferPointer { Array($0) } == values)
        #expect(viewed == owned)
        #expect(viewed.hashValue == owned.hashValue)
        #expect(viewed != ClipSamples(viewing: HeapClipStorage([0, 1, -1, 32767, -32768, 1235])))
        #expect(viewed != ClipSamples(Array(values.dropLast())))
        #expect(ClipSamples(viewing: HeapClipStorage([])).isEmpty)
        #expect(ClipSamples(viewing: HeapClipStorage([])) == ClipSamples([]))
    }

    @Test("a viewed clip keeps its storage alive, and lets it go with its last copy")
    func keepsStorageAlive() {
        weak var weakStorage: HeapClipStorage?
        var catalog: ClipCatalog? = {
            let storage = HeapClipStorage([4, 5, 6])
            weakStorage = storage
            return ClipCatalog(samples: ["k": ClipSamples(viewing: storage)])
        }()
        #expect(weakStorage != nil)
        #expect(catalog?.samples(for: "k") == [4, 5, 6])
        catalog = nil
        #expect(weakStorage == nil)
    }

    @Test("a catalogue of viewed clips looks up, composes and compares as one of owned clips")
    func viewedCatalog() {
        let owned = ClipCatalog(clips: ["a": [1, 1, 1], "b": [2, 2], "c": [3]])
        let viewed = ClipCatalog(samples: [
            "a": ClipSamples(viewing: HeapClipStorage([1, 1, 1])), "b": ClipSamples(viewing: HeapClipStorage([2, 2])),
            "c": ClipSamples([3]),
        ])
        #expect(viewed == owned)
        #expect(viewed.hashValue == owned.hashValue)
        #expect(viewed.keys == ["a", "b", "c"])
        #expect(viewed.samples(for: "b") == [2, 2])
        #expect(viewed.clip(for: "b")?.isViewed == true)
        #expect(viewed.clip(for: "zz") == nil)
        #expect(viewed.compose(["a", "missing", "b", "c"]) == owned.compose(["a", "missing", "b", "c"]))
        #expect(viewed.compose(["c"], gapMilliseconds: 5) == [3])
        #expect(viewed != ClipCatalog(clips: ["a": [1, 1, 1], "b": [2, 2]]))
    }
}
