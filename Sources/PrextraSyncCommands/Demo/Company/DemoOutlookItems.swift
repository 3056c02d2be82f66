import Foundation
import SyncEngine
import WindowsTimeZones

/// An item that exists in a mailbox before the first sync, created by its owner in Outlook.
/// Those with the Prextra category are opted in and reach the CRM; the others stay private.
struct DemoOutlookItem: Sendable, Hashable {
    var mailbox: MailboxAddress
    /// A distinguished folder: `calendar`, `contacts` or `tasks`.
    var folder: String
    var kind: EntityKind
    /// The subject, or a contact's display name.
    var subject: String
    var optedIn: Bool
    /// The item as the EWS element CreateItem would carry.
    var xml: String
}

enum DemoOutlookItems {
    static let typesNamespace = "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""

    /// The private appointment a user later tags with the category (the scripted day's fourth step).
    static func coffeeSubject(_ company: String) -> String { "Coffee with Marc Leroy (\(company))" }

    static func make(week: LocalDate, employees: [DemoEmployee], category: String) -> [DemoOutlookItem] {
        let zurich = employees[0], paris = employees[1], newYork = employees[2], tokyo = employees[3]
        let gerber = DemoCustomers.all[0], fabre = DemoCustomers.all[1], kobayashi = DemoCustomers.all[3]
        return [
            contact(
                zurich, given: "Hans", surname: "Gerber", company: gerber.name, email: "hans.gerber@\(gerber.domain)",
                phone: "\(gerber.phonePrefix) 12 34", categories: [category]),
            appointment(zurich, subject: "Dentist", day: week.adding(days: 4), hour: 7, minutes: 45, categories: [], sensitivity: "Private"),
            appointment(paris, subject: coffeeSubject(fabre.name), day: week.adding(days: 3), hour: 8, minutes: 30, categories: [], location: "Café de Flore"),
            task(newYork, subject: "Renew the trade show booth", due: week.adding(days: 9), categories: [category]),
            task(tokyo, subject: "Buy omiyage for the Zürich visit", due: week.adding(days: 6), categories: []),
            appointment(
                tokyo, subject: "Lunch with \(kobayashi.name)", day: week.adding(days: 1), hour: 12, minutes: 60, categories: [category],
                location: "Umeda, Osaka"),
        ]
    }

    private static func categoriesXML(_ categories: [String]) -> String {
        categories.isEmpty ? "" : "<t:Categories>" + categories.map { "<t:String>\(escaped($0))</t:String>" }.joined() + "</t:Categories>"
    }

    private static func windowsZone(_ employee: DemoEmployee) -> String {
        (try? WindowsTimeZoneMapping.windowsID(forIANA: employee.office.timeZone)) ?? "UTC"
    }

    /// Local wall-clock text (no offset): the simulator reads it in the item's StartTimeZone.
    private static func local(_ day: LocalDate, _ hour: Int, _ minute: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(day)T\(two(hour)):\(two(minute)):00"
    }

    static func appointment(
        _ employee: DemoEmployee, subject: String, day: LocalDate, hour: Int, minutes: Int, categories: [String],
        location: String? = nil, sensitivity: String? = nil
    ) -> DemoOutlookItem {
        let endMinutes = hour * 60 + minutes
        let zone = windowsZone(employee)
        let xml =
            "<t:CalendarItem \(typesNamespace)><t:Subject>\(escaped(subject))</t:Subject>"
            + (sensitivity.map { "<t:Sensitivity>\($0)</t:Sensitivity>" } ?? "") + categoriesXML(categories)
            + "<t:Start>\(local(day, hour, 0))</t:Start><t:End>\(local(day, endMinutes / 60, endMinutes % 60))</t:End>"
            + (location.map { "<t:Location>\(escaped($0))</t:Location>" } ?? "")
            + "<t:StartTimeZone Id=\"\(zone)\"/><t:EndTimeZone Id=\"\(zone)\"/></t:CalendarItem>"
        return DemoOutlookItem(
            mailbox: employee.address, folder: "calendar", kind: .appointment, subject: subject, optedIn: !categories.isEmpty, xml: xml)
    }

    static func contact(
        _ employee: DemoEmployee, given: String, surname: String, company: String, email: String, phone: String, categories: [String]
    ) -> DemoOutlookItem {
        let xml =
            "<t:Contact \(typesNamespace)>" + categoriesXML(categories)
            + "<t:DisplayName>\(escaped("\(given) \(surname)"))</t:DisplayName><t:GivenName>\(escaped(given))</t:GivenName>"
            + "<t:CompanyName>\(escaped(company))</t:CompanyName>"
            + "<t:EmailAddresses><t:Entry Key=\"EmailAddress1\">\(escaped(email))</t:Entry></t:EmailAddresses>"
            + "<t:PhoneNumbers><t:Entry Key=\"BusinessPhone\">\(escaped(phone))</t:Entry></t:PhoneNumbers>"
            + "<t:Surname>\(escaped(surname))</t:Surname></t:Contact>"
        return DemoOutlookItem(
            mailbox: employee.address, folder: "contacts", kind: .contact, subject: "\(given) \(surname)",
            optedIn: !categories.isEmpty, xml: xml)
    }

    static func task(_ employee: DemoEmployee, subject: String, due: LocalDate, categories: [String]) -> DemoOutlookItem {
        let xml =
            "<t:Task \(typesNamespace)><t:Subject>\(escaped(subject))</t:Subject>" + categoriesXML(categories)
            + "<t:DueDate>\(due)T00:00:00Z</t:DueDate></t:Task>"
        return DemoOutlookItem(
            mailbox: employee.address, folder: "tasks", kind: .task, subject: subject, optedIn: !categories.isEmpty, xml: xml)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
