import Foundation

extension SimulatorSeed {
    /// The built-in demo world: tenant Contoso (app "Prextra Sync" with EWS `full_access_as_app`
    /// and the Graph roles the sync asks for, mailboxes alice and bob, a few items), and tenant
    /// Fabrikam with one mailbox, so that cross-tenant impersonation can be shown failing.
    public static var demo: SimulatorSeed {
        let farFuture = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        let graphRoles = ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All", "Mail.Read", "User.Read.All"]
        let types = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
        return SimulatorSeed(tenants: [
            TenantSeed(
                id: "11111111-1111-4111-8111-111111111111", domains: ["contoso.example"],
                apps: [
                    AppSeed(
                        clientId: "22222222-2222-4222-8222-222222222222", displayName: "Prextra Sync",
                        secrets: [SecretSeed(id: "33333333-3333-4333-8333-333333333333", value: "demo-secret-value~contoso", expiresOn: farFuture)],
                        roles: ["ews": ["full_access_as_app"], "graph": graphRoles])
                ],
                mailboxes: [
                    MailboxSeed(
                        primarySmtpAddress: "alice@contoso.example", displayName: "Alice Martin", timeZone: "Romance Standard Time",
                        items: [
                            ItemSeed(
                                folder: "calendar",
                                xml: """
                                    <t:CalendarItem \(types)><t:Subject>Weekly CRM review</t:Subject>\
                                    <t:Start>2026-01-05T09:00:00</t:Start><t:End>2026-01-05T10:00:00</t:End>\
                                    <t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek></t:WeeklyRecurrence>\
                                    <t:NumberedRecurrence><t:StartDate>2026-01-05</t:StartDate><t:NumberOfOccurrences>10</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>\
                                    <t:StartTimeZone Id="Romance Standard Time"/><t:EndTimeZone Id="Romance Standard Time"/></t:CalendarItem>
                                    """),
                            ItemSeed(
                                folder: "contacts",
                                xml: """
                                    <t:Contact \(types)><t:GivenName>Jean</t:GivenName><t:CompanyName>Dupont SA</t:CompanyName>\
                                    <t:EmailAddresses><t:Entry Key="EmailAddress1">jean@dupont.example</t:Entry></t:EmailAddresses>\
                                    <t:Surname>Dupont</t:Surname></t:Contact>
                                    """),
                            ItemSeed(
                                folder: "tasks",
                                xml: "<t:Task \(types)><t:Subject>Call Dupont SA</t:Subject><t:DueDate>2026-01-09T00:00:00Z</t:DueDate></t:Task>"),
                        ]),
                    MailboxSeed(primarySmtpAddress: "bob@contoso.example", displayName: "Bob Leroy", timeZone: "Romance Standard Time"),
                ]),
            TenantSeed(
                id: "44444444-4444-4444-8444-444444444444", domains: ["fabrikam.example"],
                apps: [
                    AppSeed(
                        clientId: "55555555-5555-4555-8555-555555555555", displayName: "Prextra Sync",
                        secrets: [SecretSeed(id: "66666666-6666-4666-8666-666666666666", value: "demo-secret-value~fabrikam", expiresOn: farFuture)],
                        roles: ["ews": ["full_access_as_app"], "graph": graphRoles])
                ],
                mailboxes: [MailboxSeed(primarySmtpAddress: "carol@fabrikam.example", displayName: "Carol Weber", timeZone: "W. Europe Standard Time")]),
        ])
    }
}
