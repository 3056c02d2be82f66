import Foundation
import SyncEngine
import Testing
@testable import SyncStore

/// SQLite-only: the SQLite store's JSON text for field sets.
@Suite("Field sets as stored JSON")
struct FieldSetJSONTests {
    static let awkward: FieldSet = [
        "": .text(""),
        "quote\"and\\backslash": .text("line\nbreak\ttab\r\u{1}\u{1F}/slash \"quoted\" \\"),
        "unicode": .text("Zoë · 東京 · 🇫🇷 · e\u{301} · \u{10FFFF}"),
        "extremes": .list([.integer(Int.min), .integer(Int.max), .integer(0), .integer(-1)]),
        "instants": .list([
            .instant(Date(timeIntervalSince1970: 0)), .instant(Date(timeIntervalSince1970: -86_400.5)),
            .instant(Date(timeIntervalSince1970: 1_800_000_000.123456)), .instant(Date(timeIntervalSinceReferenceDate: 0.1)),
        ]),
        "flags": .list([.boolean(true), .boolean(false)]),
        "day": .day("2027-03-28"),
        "nested": .map(["empty list": .list([]), "empty map": .map([:]), "deeper": .map(["x": .list([.map(["y": .text("z")])])])]),
    ]

    @Test("Every kind of value round-trips exactly, including escapes, astral characters and extreme numbers")
    func roundTrip() throws {
        for fields in [Self.awkward, Fixture.sampleFields, FieldSet()] {
            let text = FieldSetJSON.encode(fields)
            #expect(try FieldSetJSON.decode(text) == fields)
            // It is plain JSON that other tools can read.
            #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [String: Any])
        }
    }

    @Test("Equal sets are stored as equal text, whatever the insertion order")
    func stableText() {
        var first = FieldSet()
        var second = FieldSet()
        for (index, name) in ["b", "a", "d", "c"].enumerated() { first[name] = .integer(index) }
        for (index, name) in ["b", "a", "d", "c"].enumerated().reversed() { second[name] = .integer(index) }
        #expect(FieldSetJSON.encode(first) == FieldSetJSON.encode(second))
        #expect(FieldSetJSON.encode(["a": .text("x")]) == #"{"a":{"text":"x"}}"#)
    }

    @Test("Escaped input from other writers is understood", arguments: [
        (#"{"a":{"text":"\u00e9\ud83d\ude00\/"}}"#, FieldSet(["a": .text("é😀/")])),
        (#" { "a" : { "integer" : -12 } , "b" : { "boolean" : false } } "#, FieldSet(["a": .integer(-12), "b": .boolean(false)])),
        (#"{"a":{"instant":8.2e8}}"#, FieldSet(["a": .instant(Date(timeIntervalSinceReferenceDate: 820_000_000))])),
    ])
    func foreignInput(text: String, expected: FieldSet) throws {
        #expect(try FieldSetJSON.decode(text) == expected)
    }

    @Test("Malformed text is a typed storage error", arguments: [
        "", "{", #"{"a":{"text":"x"}"#, #"{"a":{"colour":"red"}}"#, #"{"a":{"integer":99999999999999999999}}"#,
        #"{"a":{"text":"\ud800"}}"#, #"{"a":{"boolean":maybe}}"#, #"{"a":{"text":"x"}} trailing"#,
    ])
    func malformed(text: String) {
        #expect {
            try FieldSetJSON.decode(text)
        } throws: { error in
            guard case .storageFailure = error as? SyncStoreError else { return false }
            return true
        }
    }

    @Test("Random field sets round-trip exactly (seeded, 2,000 cases)")
    func randomRoundTrip() throws {
        var random = SplitMix64(seed: 0x5EED_5107E)
        for _ in 0..<2_000 {
            let fields = FieldSet(Self.randomMap(&random, depth: 0))
            let text = FieldSetJSON.encode(fields)
            #expect(try FieldSetJSON.decode(text) == fields, "\(text)")
        }
    }

    static func randomMap(_ random: inout SplitMix64, depth: Int) -> [String: FieldValue] {
        var map: [String: FieldValue] = [:]
        for _ in 0..<Int(random.next() % 5) { map[randomString(&random)] = randomValue(&random, depth: depth) }
        return map
    }

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> FieldValue {
        switch random.next() % (depth < 3 ? 7 : 5) {
        case 0: return .text(randomString(&random))
        case 1: return .integer(Int(bitPattern: UInt(random.next())))
        case 2: return .boolean(random.next() % 2 == 0)
        case 3:
            var seconds = Double(bitPattern: random.next())
            if !seconds.isFinite { seconds = 0 }
            return .instant(Date(timeIntervalSinceReferenceDate: seconds))
        case 4: return .day(randomString(&random))
        case 5: return .list((0..<Int(random.next() % 4)).map { _ in randomValue(&random, depth: depth + 1) })
        default: return .map(randomMap(&random, depth: depth + 1))
        }
    }

    static func randomString(_ random: inout SplitMix64) -> String {
        var string = ""
        for _ in 0..<Int(random.next() % 12) {
            let value = UInt32(truncatingIfNeeded: random.next())
            // Mostly ASCII (control characters and quotes included), sometimes anything.
            let candidate = random.next() % 3 == 0 ? value % 0x110000 : value % 0x80
            if let scalar = Unicode.Scalar(candidate) { string.unicodeScalars.append(scalar) }
        }
        return string
    }
}

/// A small seeded generator, so that a failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
