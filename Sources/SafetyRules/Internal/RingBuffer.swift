/// A first-in, first-out buffer of fixed capacity that overwrites nothing and never reallocates.
///
/// The rules engine keeps every sliding window in one of these, so that a 24-hour replay allocates nothing per
/// notification: the storage is reserved once, in `init`.
struct RingBuffer<Element: Sendable>: Sendable {
    private var storage: ContiguousArray<Element>
    private var head = 0
    /// How many elements the buffer holds.
    private(set) var count = 0

    /// Creates an empty buffer; `filler` only initialises the storage.
    init(capacity: Int, filler: Element) {
        precondition(capacity > 0, "a ring buffer needs a capacity above 0")
        storage = ContiguousArray(repeating: filler, count: capacity)
    }

    /// The most elements the buffer holds.
    var capacity: Int { storage.count }
    /// Whether the buffer holds nothing.
    var isEmpty: Bool { count == 0 }
    /// Whether the buffer holds `capacity` elements.
    var isFull: Bool { count == storage.count }

    private func slot(_ offset: Int) -> Int {
        let index = head + offset
        return index >= storage.count ? index - storage.count : index
    }

    /// The element `offset` places after the oldest (0 is the oldest).
    subscript(offset: Int) -> Element {
        get { storage[slot(offset)] }
        set { storage[slot(offset)] = newValue }
    }

    /// The oldest element.
    var first: Element? { count > 0 ? storage[head] : nil }
    /// The newest element.
    var last: Element? { count > 0 ? storage[slot(count - 1)] : nil }

    /// Appends an element; when the buffer is full the oldest one goes and is returned.
    @discardableResult
    mutating func append(_ element: Element) -> Element? {
        if count == storage.count {
            let evicted = storage[head]
            storage[head] = element
            head = slot(1)
            return evicted
        }
        storage[slot(count)] = element
        count += 1
        return nil
    }

    /// Removes and returns the oldest element.
    @discardableResult
    mutating func removeFirst() -> Element {
        precondition(count > 0, "removeFirst on an empty ring buffer")
        let element = storage[head]
        head = slot(1)
        count -= 1
        return element
    }

    /// Forgets every element (the storage stays reserved).
    mutating func removeAll() {
        head = 0
        count = 0
    }
}
