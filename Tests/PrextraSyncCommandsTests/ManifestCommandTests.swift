import Foundation
import Testing

@Suite("prextra-sync manifest")
struct ManifestCommandTests {
    private func resources(_ api: String) async throws -> [String: [String]] {
        let run = await CommandLineRun.run(["manifest", "--api", api])
        #expect(run.exitCode == 0)
        #expect(run.standardError.contains("Grant admin consent"))
        let json = try run.json()
        let list = try #require(json["requiredResourceAccess"] as? [[String: Any]])
        var byResource: [String: [String]] = [:]
        for resource in list {
            let appID = try #require(resource["resourceAppId"] as? String)
            let access = try #require(resource["resourceAccess"] as? [[String: String]])
            #expect(access.allSatisfy { $0["type"] == "Role" }, "application permissions only")
            byResource[appID] = access.compactMap { $0["id"] }
        }
        return byResource
    }

    @Test func ewsNeedsFullAccessAsApp() async throws {
        #expect(try await resources("ews") == ["00000002-0000-0ff1-ce00-000000000000": ["dc890d15-9560-4a4c-9b7f-a736ec74ec40"]])
    }

    /// User.Read.All: app-only translateExchangeIds needs it, and moving from EWS to Graph translates the stored ids.
    @Test func graphNeedsCalendarsContactsTasksMailReadAndUserReadAll() async throws {
        #expect(try await resources("graph") == ["00000003-0000-0000-c000-000000000000": [
            "ef54d2bf-783f-4e0f-bca1-3210c0444d99",  // Calendars.ReadWrite
            "6918b873-d17a-4dc1-b314-35f528134491",  // Contacts.ReadWrite
            "44e666d1-d276-445b-a5fc-8815eeb81d55",  // Tasks.ReadWrite.All
            "810c84a8-4a9e-49e6-bf7d-12d183f40d01",  // Mail.Read
            "df021288-bdef-4463-88db-98f22de89214",  // User.Read.All
        ]])
    }

    @Test func bothListsBothResources() async throws {
        let both = try await resources("both")
        #expect(both.keys.sorted() == ["00000002-0000-0ff1-ce00-000000000000", "00000003-0000-0000-c000-000000000000"])
        #expect(both["00000003-0000-0000-c000-000000000000"]?.count == 5)
    }

    @Test func unknownAPIIsAUsageError() async {
        let run = await CommandLineRun.run(["manifest", "--api", "soap"])
        #expect(run.exitCode == 64)
        #expect(run.standardError.contains("soap"))
        #expect(run.standardOutput.isEmpty)
    }
}
