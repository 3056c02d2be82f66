import ExchangeSimulator
import Foundation
import Testing

/// Graph strictness: each check has a test that fails if the check is removed.
@Suite("Graph: strictness")
struct GraphStrictnessTests {
    static let alice = SimulatorHarness.alice
    static let window = "startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-12-01T00:00:00Z"
    static func encoded(_ id: String) -> String { id.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

    static func event(_ subject: String, day: Int = 2, extra: String = "") -> String {
        let date = "2026-11-\(day < 10 ? "0" : "")\(day)"
        return """
            {"subject":"\(subject)","start":{"dateTime":"\(date)T09:00:00","timeZone":"UTC"},"end":{"dateTime":"\(date)T10:00:00","timeZone":"UTC"}\(extra)}
            """
    }

    // MARK: Bodies against the CSDL

    @Test func bodiesAreCheckedAgainstTheCSDL() async throws {
        try await SimulatorHarness.with { harness in
            let lists = try await harness.graph(.GET, "/users/\(Self.alice)/todo/lists")
            let listId = try #require(lists.value.first?["id"]?.stringValue)
            // todoTask is not an open type: an unknown property is 400.
            let unknown = try await harness.graph(.POST, "/users/\(Self.alice)/todo/lists/\(listId)/tasks", body: #"{"title":"x","colour":"red"}"#)
            #expect(unknown.status == 400)
            #expect(unknown.json?["error"]?["message"]?.stringValue?.contains("colour") == true)
            #expect(unknown.json?["error"]?["innerError"]?["request-id"]?.stringValue != nil)
            #expect(unknown.json?["error"]?["innerError"]?["date"]?.stringValue != nil)
            // ... and so is one inside a complex type of an open entity.
            let nested = try await harness.graph(
                .POST, "/users/\(Self.alice)/events",
                body: Self.event("x", extra: #","body":{"contentType":"text","content":"a","colour":"red"}"#))
            #expect(nested.status == 400)
            // event is open: an unknown top-level property is accepted.
            let open = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("open", extra: #","someExtension":"x""#))
            #expect(open.status == 201, "\(open.text)")
            // Wrong JSON type: O365's "isOnlineMeeting":"false".
            let wrongType = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("x", extra: #","isOnlineMeeting":"false""#))
            #expect(wrongType.status == 400)
            let wrongInt = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("x", extra: #","reminderMinutesBeforeStart":1.5"#))
            #expect(wrongInt.status == 400)
            // Bad enum member (members are case-sensitive).
            let badEnum = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("x", extra: #","showAs":"sleeping""#))
            #expect(badEnum.status == 400)
            let upperEnum = try await harness.graph(
                .POST, "/users/\(Self.alice)/events", body: Self.event("x", extra: #","body":{"contentType":"HTML","content":"a"}"#))
            #expect(upperEnum.status == 201, "enum members match case-insensitively, as on Graph")
            #expect(upperEnum["body"]?["contentType"]?.stringValue == "html")
            // @odata.type is accepted and ignored.
            let annotated = try await harness.graph(
                .POST, "/users/\(Self.alice)/events", body: Self.event("typed", extra: ##","@odata.type":"#microsoft.graph.event""##))
            #expect(annotated.status == 201)
            let notJSON = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: "{\"subject\":")
            #expect(notJSON.status == 400)
        }
    }

    // MARK: $batch

    @Test func batchRefusesAbsoluteURLsTooManyRequestsAndDuplicateIds() async throws {
        try await SimulatorHarness.with { harness in
            let absolute = try await harness.graph(
                .POST, "/$batch",
                body: #"{"requests":[{"id":"1","method":"GET","url":"\#(harness.baseURL.absoluteString)/v1.0/users/\#(Self.alice)/events"},{"id":"2","method":"GET","url":"/users/\#(Self.alice)/events"}]}"#)
            #expect(absolute.status == 200)
            let responses = try #require(absolute["responses"]?.arrayValue)
            #expect(responses.first { $0["id"]?.stringValue == "1" }?["status"]?.integerValue == 400)
            #expect(responses.first { $0["id"]?.stringValue == "2" }?["status"]?.integerValue == 200)

            let many = (1...21).map { #"{"id":"\#($0)","method":"GET","url":"/users/\#(Self.alice)/events"}"# }.joined(separator: ",")
            let tooMany = try await harness.graph(.POST, "/$batch", body: #"{"requests":[\#(many)]}"#)
            #expect(tooMany.status == 400)
            let twenty = (1...20).map { #"{"id":"\#($0)","method":"GET","url":"/users/\#(Self.alice)/events"}"# }.joined(separator: ",")
            let ok = try await harness.graph(.POST, "/$batch", body: #"{"requests":[\#(twenty)]}"#)
            #expect(ok.status == 200)

            let duplicate = try await harness.graph(
                .POST, "/$batch",
                body: #"{"requests":[{"id":"1","method":"GET","url":"/users/\#(Self.alice)/events"},{"id":"1","method":"GET","url":"/users/\#(Self.alice)/contacts"}]}"#)
            #expect(duplicate.status == 400)
        }
    }

    @Test func batchAnswers424ToDependantsOfAFailedRequestAndIgnoresDependsOnWithUnderscore() async throws {
        try await SimulatorHarness.with { harness in
            let body = """
                {"requests":[
                 {"id":"1","method":"POST","url":"/users/\(Self.alice)/events","headers":{"content-type":"application/json"},"body":{"subject":"no times","showAs":"sleeping"}},
                 {"id":"2","method":"GET","url":"/users/\(Self.alice)/events","dependsOn":["1"]},
                 {"id":"3","method":"GET","url":"/users/\(Self.alice)/contacts","depends_on":["1"]}]}
                """
            let response = try await harness.graph(.POST, "/$batch", body: body)
            let responses = try #require(response["responses"]?.arrayValue)
            func status(_ id: String) -> Int64? { responses.first { $0["id"]?.stringValue == id }?["status"]?.integerValue }
            #expect(status("1") == 400)
            #expect(status("2") == 424)
            #expect(status("3") == 200, "depends_on is not Graph's: treated as absent")
            let forward = try await harness.graph(
                .POST, "/$batch", body: #"{"requests":[{"id":"1","method":"GET","url":"/users/\#(Self.alice)/events","dependsOn":["2"]},{"id":"2","method":"GET","url":"/users/\#(Self.alice)/events"}]}"#)
            #expect(forward.status == 400, "dependsOn names earlier requests only")
        }
    }

    // MARK: calendarView/delta

    @Test func calendarViewDeltaNeedsItsWindow() async throws {
        try await SimulatorHarness.with { harness in
            let missing = try await harness.graph(.GET, "/users/\(Self.alice)/calendarView/delta()")
            #expect(missing.status == 400)
            #expect(missing.errorCode == "ErrorInvalidParameter")
            let present = try await harness.graph(.GET, "/users/\(Self.alice)/calendarView/delta()?\(Self.window)")
            #expect(present.status == 200)
            #expect(present.headers.first(name: "Preference-Applied")?.contains("odata.track-changes") == true)
        }
    }

    @Test func deltaReturnsOccurrenceSkeletonsWithoutTheMasterAndOutOfWindowChangesAsRemoved() async throws {
        try await SimulatorHarness.with { harness in
            let series = """
                {"subject":"Standup","start":{"dateTime":"2026-11-02T09:00:00","timeZone":"UTC"},"end":{"dateTime":"2026-11-02T09:15:00","timeZone":"UTC"},
                 "recurrence":{"pattern":{"type":"daily","interval":1},"range":{"type":"numbered","startDate":"2026-11-02","numberOfOccurrences":3}}}
                """
            let master = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: series)
            let masterId = try #require(master["id"]?.stringValue)
            _ = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("Single", day: 5))
            let first = try await harness.graph(
                .GET, "/users/\(Self.alice)/calendarView/delta()?\(Self.window)", headers: ["Prefer": "odata.maxpagesize=50"])
            #expect(first.status == 200, "\(first.text)")
            let values = first.value
            #expect(values.count == 4, "\(first.text)")
            #expect(!values.contains { $0["id"]?.stringValue == masterId }, "no series master in calendarView")
            let occurrences = values.filter { $0["type"]?.stringValue == "occurrence" }
            #expect(occurrences.count == 3)
            for occurrence in occurrences {
                #expect(Set(occurrence.members.map(\.key)) == ["@odata.type", "@odata.etag", "id", "seriesMasterId", "type", "start", "end"])
                #expect(occurrence["seriesMasterId"]?.stringValue == masterId)
            }
            #expect(values.contains { $0["subject"]?.stringValue == "Single" })
            let deltaLink = try #require(first["@odata.deltaLink"]?.stringValue)

            // An event created outside the window is reported as removed.
            let outside = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("Far away", day: 2).replacingOccurrences(of: "2026-11", with: "2027-03"))
            let outsideId = try #require(outside["id"]?.stringValue)
            let second = try await harness.graphLink(deltaLink)
            #expect(second.status == 200)
            #expect(second.value.count == 1, "\(second.text)")
            #expect(second.value.first?["id"]?.stringValue == outsideId)
            #expect(second.value.first?["@removed"]?["reason"]?.stringValue == "deleted")
        }
    }

    @Test func oldDeltaGenerationsGet410SyncStateNotFound() async throws {
        try await SimulatorHarness.with { harness in
            for day in 1...6 { _ = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("E\(day)", day: day)) }
            let first = try await harness.graph(.GET, "/users/\(Self.alice)/calendarView/delta()?\(Self.window)", headers: ["Prefer": "odata.maxpagesize=1"])
            let firstNext = try #require(first["@odata.nextLink"]?.stringValue)
            var link = firstNext
            for _ in 0..<4 {
                let page = try await harness.graphLink(link)
                #expect(page.status == 200)
                link = try #require(page["@odata.nextLink"]?.stringValue)
            }
            let old = try await harness.graphLink(firstNext)
            #expect(old.status == 410)
            #expect(old.errorCode == "SyncStateNotFound")
            #expect(old.json?["error"]?["message"]?.stringValue?.hasPrefix("The sync state generation is not found") == true)
            let current = try await harness.graphLink(link)
            #expect(current.status == 200, "the newest link still works")
            // Restarting the round with the window works.
            let restart = try await harness.graph(.GET, "/users/\(Self.alice)/calendarView/delta()?\(Self.window)")
            #expect(restart.status == 200)
        }
    }

    // MARK: Prefer

    @Test func outlookTimezoneAppliesToGetOnlyAndPreferIsParsedInAnyOrder() async throws {
        try await SimulatorHarness.with { harness in
            let prefer = #"outlook.timezone="W. Europe Standard Time", IdType="ImmutableId""#
            let created = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("TZ"), headers: ["Prefer": prefer])
            #expect(created["start"]?["timeZone"]?.stringValue == "UTC", "POST answers ignore outlook.timezone")
            let id = try #require(created["id"]?.stringValue)
            let read = try await harness.graph(
                .GET, "/users/\(Self.alice)/events/\(Self.encoded(id))", headers: ["Prefer": #"IdType="ImmutableId", outlook.timezone="W. Europe Standard Time""#])
            #expect(read.status == 200, "the immutable id from the POST works: IdType was parsed")
            #expect(read["start"]?["timeZone"]?.stringValue == "W. Europe Standard Time")
            #expect(read["start"]?["dateTime"]?.stringValue == "2026-11-02T10:00:00.0000000")
            let patched = try await harness.graph(
                .PATCH, "/users/\(Self.alice)/events/\(Self.encoded(id))", body: #"{"subject":"TZ2"}"#, headers: ["Prefer": prefer])
            #expect(patched["start"]?["timeZone"]?.stringValue == "UTC", "PATCH answers ignore outlook.timezone")
            #expect(patched["id"]?.stringValue == id)
        }
    }

    // MARK: transactionId, etags, ids

    @Test func transactionIdDeduplicatesCreates() async throws {
        try await SimulatorHarness.with { harness in
            let body = Self.event("Once", extra: #","transactionId":"erp-APT-42""#)
            let first = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: body)
            let again = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: body)
            #expect(first.status == 201)
            #expect(again["id"]?.stringValue == first["id"]?.stringValue, "a retry gets the existing event")
            let other = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("Other", extra: #","transactionId":"erp-APT-42""#))
            #expect(other.status == 400)
            #expect(other.errorCode == "ErrorDuplicateTransactionId")
            let all = try harness.exchange.items(in: Self.alice, folder: "calendar").filter { $0.subject == "Once" || $0.subject == "Other" }
            #expect(all.count == 1)
        }
    }

    @Test func aStaleEtagGets412() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.graph(.POST, "/users/\(Self.alice)/contacts", body: #"{"givenName":"Ada"}"#)
            let id = try #require(created["id"]?.stringValue)
            let etag = try #require(created["@odata.etag"]?.stringValue)
            let first = try await harness.graph(.PATCH, "/users/\(Self.alice)/contacts/\(Self.encoded(id))", body: #"{"surname":"L"}"#, headers: ["If-Match": etag])
            #expect(first.status == 200)
            let stale = try await harness.graph(.PATCH, "/users/\(Self.alice)/contacts/\(Self.encoded(id))", body: #"{"surname":"M"}"#, headers: ["If-Match": etag])
            #expect(stale.status == 412)
            let staleDelete = try await harness.graph(.DELETE, "/users/\(Self.alice)/contacts/\(Self.encoded(id))", headers: ["If-Match": etag])
            #expect(staleDelete.status == 412)
            let fresh = try await harness.graph(
                .DELETE, "/users/\(Self.alice)/contacts/\(Self.encoded(id))", headers: ["If-Match": try #require(first["@odata.etag"]?.stringValue)])
            #expect(fresh.status == 204)
        }
    }

    @Test func pathIdsArePercentDecodedAndARawSlashIsMalformed() async throws {
        try await SimulatorHarness.with { harness in
            let created = try await harness.graph(.POST, "/users/\(Self.alice)/events", body: Self.event("Ids"))
            let id = try #require(created["id"]?.stringValue)
            let encoded = try await harness.graph(.GET, "/users/\(Self.alice)/events/\(Self.encoded(id))")
            #expect(encoded.status == 200)
            let raw = try await harness.graph(.GET, "/users/\(Self.alice)/events/\(id)")
            #expect(raw.status == 200, "a raw '=' is accepted too")
            let slash = try await harness.graph(.GET, "/users/\(Self.alice)/events/AAMkAG/EVENT1=")
            #expect(slash.status == 400)
            #expect(slash.errorCode == "ErrorInvalidIdMalformed")
            let garbage = try await harness.graph(.GET, "/users/\(Self.alice)/events/notanid")
            #expect(garbage.errorCode == "ErrorInvalidIdMalformed")
        }
    }
}
