import ExchangeSimulator
import Foundation
import SyncEngine
import WindowsTimeZones

/// The company's Microsoft 365 tenant as the simulator plays it: the app registration the
/// ERP vendor asked for (with `full_access_as_app` and the Graph roles, admin consent given) and
/// one mailbox per employee.
struct DemoTenant: Sendable {
    let tenantID = "7c1f4e2a-5b3d-4f6e-9a8c-2d0b1e3f5a71"
    let applicationID = "0e6d2b9f-4a1c-4e8b-b7d3-9f2a6c4e1b85"
    /// Generated per run; it reaches the token request and nothing else.
    let clientSecret: String

    init() {
        clientSecret = "Dm0~" + UUID().uuidString.replacingOccurrences(of: "-", with: "") + "x.Q"
    }

    func seed(for company: DemoCompany) -> SimulatorSeed {
        let itemsByMailbox = Dictionary(grouping: company.outlookItems, by: \.mailbox)
        let mailboxes = company.employees.map { employee in
            MailboxSeed(
                primarySmtpAddress: employee.address.rawValue, displayName: employee.displayName,
                timeZone: (try? WindowsTimeZoneMapping.windowsID(forIANA: employee.office.timeZone)) ?? "UTC",
                items: (itemsByMailbox[employee.address] ?? []).map { ItemSeed(folder: $0.folder, xml: $0.xml) })
        }
        return SimulatorSeed(tenants: [
            TenantSeed(
                id: tenantID, domains: [DemoCompany.domain],
                apps: [
                    AppSeed(
                        clientId: applicationID, displayName: "Prextra Sync",
                        secrets: [SecretSeed(id: "5f0c8a3e-2d4b-4c6a-8e1f-3b7d9a2c4e60", value: clientSecret, expiresOn: Date(timeIntervalSince1970: 4_102_444_800))],
                        roles: ["ews": ["full_access_as_app"], "graph": ["Calendars.ReadWrite", "Contacts.ReadWrite", "Tasks.ReadWrite.All"]])
                ],
                mailboxes: mailboxes)
        ])
    }
}
