import SyncEngine
import SyncStore

/// How big a company to generate.
struct DemoCompanySize: Sendable, Hashable {
    var employees: Int
    var contacts: Int
    var visitsPerEmployee: Int
    var tasksPerEmployee: Int

    /// About 20 employees, a few hundred contacts, a hundred-odd appointments, sixty tasks.
    static let standard = DemoCompanySize(employees: 20, contacts: 300, visitsPerEmployee: 5, tasksPerEmployee: 3)
    /// The smallest company that still plays every step of the day.
    static let small = DemoCompanySize(employees: 4, contacts: 12, visitsPerEmployee: 1, tasksPerEmployee: 1)
}

/// The demo's company, generated deterministically from a seed number: its employees (one
/// mailbox each, across time zones), the CRM records the ERP owns, and the items some
/// employees already keep in Outlook.
struct DemoCompany: Sendable {
    static let name = "Alpenglow Instruments"
    static let domain = "alpenglow.example"
    /// The environment name, as in the `Exchange` section of a configuration.
    static let environment = "alpenglow"

    var seedNumber: UInt64
    /// The Monday the calendar starts on.
    var week: LocalDate
    var employees: [DemoEmployee]
    var contacts: [DemoRecord]
    var appointments: [DemoRecord]
    var tasks: [DemoRecord]
    var outlookItems: [DemoOutlookItem]
    var highlights: DemoAppointments.Highlights
    var taskDeletedInOutlook: RecordKey

    var records: [DemoRecord] { contacts + appointments + tasks }

    static func generate(seedNumber: UInt64, size: DemoCompanySize, week: LocalDate, category: String) -> DemoCompany {
        var random = DemoRandom(seed: seedNumber)
        let employees = DemoEmployees.make(count: size.employees, domain: domain)
        let contacts = DemoContacts.make(count: max(size.contacts, 4), employees: employees, random: &random)
        let appointments = DemoAppointments.make(
            week: week, employees: employees, contacts: contacts, visitsPerEmployee: size.visitsPerEmployee, random: &random)
        let tasks = DemoTasks.make(
            week: week, employees: employees, contacts: contacts, tasksPerEmployee: max(size.tasksPerEmployee, 1), random: &random)
        return DemoCompany(
            seedNumber: seedNumber, week: week, employees: employees, contacts: contacts, appointments: appointments.records,
            tasks: tasks.records, outlookItems: DemoOutlookItems.make(week: week, employees: employees, category: category),
            highlights: appointments.highlights, taskDeletedInOutlook: tasks.taskDeletedInOutlook)
    }

    func employee(_ address: MailboxAddress) -> DemoEmployee? { employees.first { $0.address == address } }
    func record(_ key: RecordKey) -> DemoRecord? { records.first { $0.key == key } }
}
