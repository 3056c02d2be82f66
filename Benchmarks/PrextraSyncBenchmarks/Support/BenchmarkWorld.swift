import ExchangeSimulator
import Foundation
import MicrosoftIdentity

/// The tenant every benchmark runs against: one app with `full_access_as_app`, and mailboxes
/// filled with generated appointments, contacts and tasks shaped like a CRM user's.
enum BenchmarkWorld {
    static let tenantId = "b0000000-0000-4000-8000-000000000001"
    static let clientId = "b0000000-0000-4000-8000-000000000002"
    static let secret = "benchmark-only-secret~not-a-real-credential"
    static let domain = "bench.example"

    static func mailbox(_ index: Int) -> String { "user\(index)@\(domain)" }

    /// What to generate.
    struct Shape: Sendable {
        var mailboxes = 1
        var appointments = 0
        var contacts = 0
        var tasks = 0
        /// Messages, half in the Inbox and half in Sent Items; every tenth involves a CRM contact.
        var messages = 0
        var latencyMilliseconds = 0
        var marking = Marking.crmTags
    }

    /// How every third item is marked for the CRM.
    enum Marking: String, Sendable, CaseIterable {
        /// Appointments carry the Prextra category and a PrextraRecordId tag, as the sync leaves them.
        case crmTags = "crm-tags"
        /// Items of every kind carry only the opt-in category, as a user marks them in Outlook.
        case optInCategory = "opt-in"
    }

    static func seed(_ shape: Shape) -> SimulatorSeed {
        let farFuture = Date(timeIntervalSince1970: 4_102_444_800)
        let mailboxes = (0..<shape.mailboxes).map { index in
            MailboxSeed(
                primarySmtpAddress: mailbox(index), displayName: "Benchmark user \(index)", timeZone: "Romance Standard Time",
                items: (0..<shape.appointments).map { appointment($0, marking: shape.marking) }
                    + (0..<shape.contacts).map { contact($0, marking: shape.marking) }
                    + (0..<shape.tasks).map { task($0, marking: shape.marking) }
                    + (0..<shape.messages).map { message($0, of: mailbox(index)) })
        }
        return SimulatorSeed(tenants: [
            TenantSeed(
                id: tenantId, domains: [domain],
                apps: [
                    AppSeed(
                        clientId: clientId, displayName: "Prextra Sync (benchmark)",
                        secrets: [SecretSeed(id: "b0000000-0000-4000-8000-000000000003", value: secret, expiresOn: farFuture)],
                        roles: [
                            "ews": ["full_access_as_app"],
                            "graph": ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read", "User.Read.All"],
                        ])
                ],
                mailboxes: mailboxes,
                faults: FaultSettings(addedLatencyMilliseconds: shape.latencyMilliseconds))
        ])
    }

    private static let types = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""

    static let optIn = "<t:Categories><t:String>Prextra</t:String></t:Categories>"

    /// A one-hour appointment spread over two years; every tenth is a weekly series, every
    /// third is marked.
    static func appointment(_ index: Int, marking: Marking = .crmTags) -> ItemSeed {
        let day = index % 730
        let hour = 7 + index % 10
        let date = Date(timeIntervalSince1970: 1_767_225_600 + Double(day) * 86_400)  // from 2026-01-01
        let dateText = ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate])
        let start = "\(dateText)T\(hour < 10 ? "0" : "")\(hour):00:00"
        let end = "\(dateText)T\(hour + 1 < 10 ? "0" : "")\(hour + 1):00:00"
        let tagged = index % 3 == 0
        var xml = "<t:CalendarItem \(types)><t:Subject>Customer meeting \(index) with Dupont SA</t:Subject>"
        xml += "<t:Body BodyType=\"Text\">Agenda: offer \(index), delivery dates, open questions about the last invoice.</t:Body>"
        if tagged { xml += "<t:Categories><t:String>Prextra</t:String></t:Categories>" }
        xml += "<t:ReminderMinutesBeforeStart>15</t:ReminderMinutesBeforeStart>"
        if tagged, marking == .crmTags {
            xml += "<t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId=\"PublicStrings\" PropertyName=\"PrextraRecordId\" PropertyType=\"String\"/><t:Value>appointment-\(index)</t:Value></t:ExtendedProperty>"
        }
        xml += "<t:Start>\(start)</t:Start><t:End>\(end)</t:End><t:Location>Room \(index % 12)</t:Location>"
        if index % 10 == 0 {
            xml += "<t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence>"
            xml += "<t:NumberedRecurrence><t:StartDate>\(dateText)</t:StartDate><t:NumberOfOccurrences>10</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>"
        }
        xml += "<t:StartTimeZone Id=\"Romance Standard Time\"/><t:EndTimeZone Id=\"Romance Standard Time\"/></t:CalendarItem>"
        return ItemSeed(folder: "calendar", xml: xml)
    }

    /// The e-mail addresses of the CRM contacts the generated mail is exchanged with.
    static let crmContactCount = 200
    static func crmContactAddress(_ index: Int) -> String { "buyer\(index % crmContactCount)@customer.example" }

    /// A message of a CRM user: even ones received in the Inbox, odd ones sent from Sent Items;
    /// every tenth is with a CRM contact, the others with outside addresses the CRM does not know.
    static func message(_ index: Int, of owner: String) -> ItemSeed {
        let other = index % 10 == 0 ? crmContactAddress(index / 10) : "someone\(index)@elsewhere.example"
        let received = index % 2 == 0
        let (from, to) = received ? (other, owner) : (owner, other)
        func mailbox(_ address: String) -> String { "<t:Mailbox><t:EmailAddress>\(address)</t:EmailAddress></t:Mailbox>" }
        var xml = "<t:Message \(types)><t:Subject>Order \(index): delivery and invoice</t:Subject>"
        xml += "<t:Body BodyType=\"Text\">Hello, about order \(index): the delivery is planned for next week. Regards.</t:Body>"
        xml += "<t:ToRecipients>\(mailbox(to))</t:ToRecipients><t:From>\(mailbox(from))</t:From>"
        xml += "<t:InternetMessageId>&lt;m\(index).\(owner)&gt;</t:InternetMessageId><t:IsRead>true</t:IsRead></t:Message>"
        return ItemSeed(folder: received ? "inbox" : "sentitems", xml: xml)
    }

    static func contact(_ index: Int, marking: Marking = .crmTags) -> ItemSeed {
        var xml = "<t:Contact \(types)>"
        if marking == .optInCategory, index % 3 == 0 { xml += optIn }
        xml += "<t:FileAs>Contact\(index), Jean</t:FileAs><t:GivenName>Jean</t:GivenName>"
        xml += "<t:CompanyName>Company \(index % 400) SA</t:CompanyName>"
        xml += "<t:EmailAddresses><t:Entry Key=\"EmailAddress1\">jean.contact\(index)@company\(index % 400).example</t:Entry></t:EmailAddresses>"
        xml += "<t:PhoneNumbers><t:Entry Key=\"BusinessPhone\">+41 21 555 \(String(format: "%04d", index % 10_000))</t:Entry></t:PhoneNumbers>"
        xml += "<t:JobTitle>Purchasing manager</t:JobTitle><t:Surname>Contact\(index)</t:Surname></t:Contact>"
        return ItemSeed(folder: "contacts", xml: xml)
    }

    static func task(_ index: Int, marking: Marking = .crmTags) -> ItemSeed {
        let category = marking == .optInCategory && index % 3 == 0 ? optIn : ""
        return ItemSeed(
            folder: "tasks",
            xml: "<t:Task \(types)><t:Subject>Follow up offer \(index)</t:Subject>\(category)<t:DueDate>2026-03-\(String(format: "%02d", 1 + index % 28))T00:00:00Z</t:DueDate></t:Task>")
    }

    /// The app registration against a simulator at `authority`.
    static func registration(authority: URL) -> AppRegistration {
        AppRegistration(
            tenantId: tenantId, clientId: clientId, credential: .secret(ClientSecret(secret)), cloud: .custom(authority: authority))
    }

    static func tokenProvider(authority: URL) -> ClientCredentialsTokenProvider {
        ClientCredentialsTokenProvider(registration: registration(authority: authority), resource: .exchangeOnline(in: .custom(authority: authority)))
    }
}
