import Foundation
import Testing

@testable import MicrosoftGraph

/// A small deterministic generator (SplitMix64), so a failing case can be replayed from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Every malformed answer becomes a typed error naming the operation; nothing crashes and no
/// partial page passes as complete.
@Suite("Decoder robustness")
struct DecoderFuzzTests {
    /// A real-shaped delta page: a single instance with everything, an occurrence skeleton, a removal.
    static let page = #"""
    {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(event)","value":[
     {"@odata.type":"#microsoft.graph.event","@odata.etag":"W/\"DwAAABYAAAAQ\"","id":"AAMkAGI1AAA=","subject":"Review","type":"singleInstance",
      "isAllDay":false,"categories":["Prextra","Blue"],"reminderMinutesBeforeStart":15,"importance":"normal","showAs":"busy",
      "start":{"dateTime":"2026-11-02T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-02T10:00:00.0000000","timeZone":"UTC"},
      "attendees":[{"type":"required","status":{"response":"none","time":"0001-01-01T00:00:00Z"},"emailAddress":{"name":"Ann","address":"ann@contoso.com"}}],
      "recurrence":null,"body":{"contentType":"html","content":"<p>x</p>"},
      "singleValueExtendedProperties":[{"id":"String {00020329-0000-0000-C000-000000000046} Name PrextraRecordId","value":"4711"}]},
     {"@odata.type":"#microsoft.graph.event","@odata.etag":"W/\"2\"","id":"AAMkAGI2AAA=","type":"occurrence","seriesMasterId":"AAMkAGI3AAA=",
      "start":{"dateTime":"2026-11-03T09:00:00.0000000","timeZone":"UTC"},"end":{"dateTime":"2026-11-03T10:00:00.0000000","timeZone":"UTC"}},
     {"@odata.type":"#microsoft.graph.event","id":"AAMkAGI4AAA=","@removed":{"reason":"deleted"}}],
     "@odata.nextLink":"https://graph.microsoft.com/v1.0/users/u1/calendarView/delta?$skiptoken=SK1"}
    """#

    /// Decodes like the client does; returns whether the page was accepted.
    static func accepts(_ data: Data) throws -> Bool {
        do {
            let page = try GraphClient.decodeDeltaPage(data, as: GraphEvent.self, operation: "calendarView/delta", mailbox: "u1")
            // An accepted page always says how the round goes on.
            #expect((page.nextLink == nil) != (page.deltaLink == nil))
            return true
        } catch let error as GraphError {
            #expect(error.kind == .malformedResponse)
            #expect(error.operation == "calendarView/delta")
            return false
        }
    }

    @Test func theRealPageDecodes() throws {
        #expect(try Self.accepts(Data(Self.page.utf8)))
    }

    @Test(arguments: [
        ("truncated", String(DecoderFuzzTests.page.prefix(DecoderFuzzTests.page.utf8.count / 2))),
        ("wrong type", DecoderFuzzTests.page.replacingOccurrences(of: #""isAllDay":false"#, with: #""isAllDay":"false""#)),
        ("no links", DecoderFuzzTests.page.replacingOccurrences(of: #""@odata.nextLink""#, with: #""@odata.other""#)),
        ("value not an array", #"{"value":{"id":"x"},"@odata.deltaLink":"https://graph.microsoft.com/v1.0/d"}"#),
        ("removed without id", #"{"value":[{"@removed":{"reason":"deleted"}}],"@odata.deltaLink":"https://graph.microsoft.com/v1.0/d"}"#),
        ("empty body", ""),
        ("html", "<html><body>Service Unavailable</body></html>"),
        ("unknown enum member", DecoderFuzzTests.page.replacingOccurrences(of: #""type":"occurrence""#, with: #""type":"recurringInstance""#)),
    ])
    func malformedPagesAreRefused(name: String, body: String) throws {
        #expect(try Self.accepts(Data(body.utf8)) == false, "\(name) was accepted")
    }

    @Test func fuzzedPagesNeverCrashAndNeverPassWithoutALink() throws {
        var generator = SeededGenerator(state: 20_261_203)
        let original = Array(Self.page.utf8)
        let cases = 4_000
        var accepted = 0
        for index in 0..<cases {
            var bytes: [UInt8]
            switch index % 5 {
            case 0:
                // Random bytes.
                bytes = (0..<Int.random(in: 0..<512, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            case 1:
                // Truncated at a random point.
                bytes = Array(original.prefix(Int.random(in: 0..<original.count, using: &generator)))
            case 2:
                // A few bytes flipped.
                bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            case 3:
                // A range deleted.
                bytes = original
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let length = Int.random(in: 1...min(64, bytes.count - start), using: &generator)
                bytes.removeSubrange(start..<(start + length))
            default:
                // A structural character swapped for another.
                bytes = original
                let structural: [UInt8] = Array("{}[]\":,0n".utf8)
                let positions = bytes.indices.filter { structural.contains(bytes[$0]) }
                let position = positions[Int.random(in: 0..<positions.count, using: &generator)]
                bytes[position] = structural[Int.random(in: 0..<structural.count, using: &generator)]
            }
            if try Self.accepts(Data(bytes)) { accepted += 1 }
        }
        print("decoder fuzz: \(cases) cases (seed 20261203), \(accepted) accepted as valid pages, \(cases - accepted) refused as malformed")
        #expect(accepted < cases)
    }
}

/// Malformed answers through the real client over HTTP.
@Suite("Malformed answers over HTTP")
struct MalformedAnswerTests {
    @Test func aTruncatedEventIsATypedErrorNamingTheOperation() async throws {
        try await GraphTestFixture.run(handler: { _ in .json(200, #"{"id":"E1","subject":"Rev"#) }) { fixture in
            let error = await #expect(throws: GraphError.self) { try await fixture.client.event(id: "E1", mailbox: "u1") }
            #expect(error?.kind == .malformedResponse)
            #expect(error?.operation == "getEvent")
            #expect(error?.mailbox == "u1")
        }
    }

    @Test func aWrongTypeInAContactIsATypedError() async throws {
        try await GraphTestFixture.run(handler: { _ in .json(200, #"{"id":"C1","businessPhones":"+49 1"}"#) }) { fixture in
            let error = await #expect(throws: GraphError.self) { try await fixture.client.contact(id: "C1", mailbox: "u1") }
            #expect(error?.kind == .malformedResponse)
            #expect(error?.message.contains("businessPhones") == true)
        }
    }

    @Test func aMalformedBatchAnswerIsATypedError() async throws {
        try await GraphTestFixture.run(handler: { _ in .json(200, #"{"responses":[{"id":"1"}]}"#) }) { fixture in
            let error = await #expect(throws: GraphError.self) {
                try await fixture.client.batch([.getEvent(id: "1", eventID: "E", mailbox: "u1")], mailbox: "u1")
            }
            #expect(error?.kind == .malformedResponse)
            #expect(error?.operation == "$batch")
        }
    }
}
