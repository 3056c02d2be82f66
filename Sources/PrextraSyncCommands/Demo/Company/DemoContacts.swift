import SyncEngine
import SyncStore

/// The CRM's contacts: people at the customer companies, each owned by one account manager
/// and, for about a quarter of them, a second colleague.
enum DemoContacts {
    static func make(count: Int, employees: [DemoEmployee], random: inout DemoRandom) -> [DemoRecord] {
        var usedAddresses = Set<String>()
        return (0..<count).map { index in
            let customer = DemoCustomers.all[index % DemoCustomers.all.count]
            var given = random.pick(DemoNames.givenNames)
            var surname = random.pick(DemoNames.surnames)
            var local = DemoNames.localPart(given, surname)
            while !usedAddresses.insert("\(local)@\(customer.domain)").inserted {
                given = random.pick(DemoNames.givenNames)
                surname = random.pick(DemoNames.surnames)
                local = DemoNames.localPart(given, surname)
            }
            var phones: [PhoneKind: String] = [.business: "\(customer.phonePrefix) \(random.int(10...99)) \(random.int(10...99))"]
            if random.chance(50) { phones[.mobile] = "\(customer.phonePrefix) \(random.int(100...999)) \(random.int(10...99))" }
            let contact = ContactFields(
                givenName: given, surname: surname, displayName: "\(given) \(surname)", companyName: customer.name,
                jobTitle: random.pick(DemoNames.jobTitles), department: random.pick(DemoNames.departments),
                emailAddresses: ["\(local)@\(customer.domain)"], phones: phones,
                addresses: [
                    .business: PhysicalAddress(
                        street: customer.street, city: customer.city, postalCode: customer.postalCode,
                        countryOrRegion: customer.country)
                ],
                notes: random.chance(20) ? "Met at the \(customer.city) trade fair." : nil)
            var owners: Set<MailboxAddress> = [employees[index % employees.count].address]
            if random.chance(25) { owners.insert(random.pick(employees).address) }
            let id = RecordID(String(format: "C-%05d", 10_001 + index))
            return DemoRecord(
                key: RecordKey(.contact, id), fields: contact.fields, owners: owners,
                title: "\(given) \(surname) (\(customer.name))")
        }
    }
}
