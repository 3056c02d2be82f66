import ExchangeSimulator
import Foundation
import Testing

/// Measures (does not assert) SyncFolderItems on a 50,000-item calendar: the time to answer one
/// 512-change page over HTTP. Off by default; run with
/// `SIMULATOR_SCALE=1 swift test --filter SyncScaleMeasurement` (add `-c release` for real figures).
@Suite("Scale measurement", .enabled(if: ProcessInfo.processInfo.environment["SIMULATOR_SCALE"] != nil))
struct SyncScaleMeasurement {
    static let itemCount = Int(ProcessInfo.processInfo.environment["SIMULATOR_SCALE_ITEMS"] ?? "") ?? 50_000

    @Test func fiftyThousandItemsAnd512ChangePages() async throws {
        let types = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
        let items = (0..<Self.itemCount).map { index in
            ItemSeed(
                folder: "calendar",
                xml: """
                    <t:CalendarItem \(types)><t:Subject>Appointment \(index)</t:Subject>\
                    <t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="PrextraRecordId" PropertyType="String"/><t:Value>r\(index)</t:Value></t:ExtendedProperty>\
                    <t:Start>2026-01-01T09:00:00Z</t:Start><t:End>2026-01-01T10:00:00Z</t:End></t:CalendarItem>
                    """)
        }
        var seed = SimulatorSeed.demo
        seed.tenants[0].mailboxes[1].items = items
        let clock = ContinuousClock()
        var harness: SimulatorHarness?
        let loading = try await clock.measure { harness = try await SimulatorHarness.start(seed: seed) }
        let simulator = try #require(harness)
        defer { Task { await simulator.shutdown() } }

        func page(_ state: String?, shape: String) async throws -> (Duration, String, Bool, Int) {
            let body = SyncFolderItemsTests.sync("calendar", state: state, max: 512, shape: shape)
            var response: SimulatorHarness.EWSResponse?
            let elapsed = try await clock.measure {
                response = try await simulator.post(SimulatorHarness.envelope(body, mailbox: SimulatorHarness.bob), anchor: SimulatorHarness.bob)
            }
            let page = try SyncFolderItemsTests.page(try #require(response))
            return (elapsed, page.state, page.includesLast, page.changes.count)
        }
        var durations: [Duration] = []
        var state: String?
        var total = 0
        while true {
            let (elapsed, next, last, count) = try await page(state, shape: "IdOnly")
            durations.append(elapsed)
            total += count
            state = next
            if last { break }
        }
        let (allProperties, _, _, allCount) = try await page(nil, shape: "AllProperties")
        durations.sort()
        print("""
            [scale] \(Self.itemCount) items loaded in \(loading)
            [scale] initial sync: \(durations.count) pages, \(total) changes; 512-change IdOnly page (HTTP round trip incl. client-side \
            schema validation): median \(durations[durations.count / 2]), max \(durations.last!)
            [scale] first 512-change AllProperties page: \(allProperties) (\(allCount) items)
            """)
        #expect(total == Self.itemCount)
    }
}
