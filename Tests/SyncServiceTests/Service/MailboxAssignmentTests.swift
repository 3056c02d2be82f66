import SyncEngine
@testable import SyncService
import Testing

@Suite("Mailbox assignment among workers")
struct MailboxAssignmentTests {
    static let mailboxes = (0..<3_000).map { MailboxAddress("user\($0)@contoso.example") }
    static let workers = ["vm1:4242:1a2b3c4d", "vm2:4242:5e6f7a8b", "vm3:17:9c0d1e2f"]

    static func owners(_ assignment: MailboxAssignment) -> [MailboxAddress: String] {
        Dictionary(uniqueKeysWithValues: mailboxes.map { ($0, assignment.owner(environment: "contoso", mailbox: $0)!) })
    }

    @Test("Three workers get a third each, within 10 %, and every worker computes the same answer")
    func balanced() {
        let assignment = MailboxAssignment(workers: Self.workers)
        let counts = Dictionary(grouping: Self.owners(assignment).values, by: { $0 }).mapValues(\.count)
        #expect(counts.count == 3)
        for (worker, count) in counts { #expect((900...1_100).contains(count), "\(worker): \(count) of 3,000") }
        // The order the workers are listed in, and a repeated name, change nothing.
        let shuffled = MailboxAssignment(workers: Self.workers.reversed() + [Self.workers[0]])
        #expect(Self.owners(shuffled) == Self.owners(assignment))
        #expect(MailboxAssignment(workers: []).owner(environment: "contoso", mailbox: Self.mailboxes[0]) == nil)
    }

    @Test("A worker that joins takes about a quarter, only from the others; one that leaves hands only its own share out")
    func minimalMovement() {
        let three = Self.owners(MailboxAssignment(workers: Self.workers))
        let four = Self.owners(MailboxAssignment(workers: Self.workers + ["vm4:99:aabbccdd"]))
        let moved = Self.mailboxes.filter { three[$0] != four[$0] }
        #expect(moved.allSatisfy { four[$0] == "vm4:99:aabbccdd" })
        #expect((600...900).contains(moved.count), "\(moved.count) of 3,000 moved")

        let two = Self.owners(MailboxAssignment(workers: Array(Self.workers.dropLast())))
        let reassigned = Self.mailboxes.filter { three[$0] != two[$0] }
        #expect(reassigned.allSatisfy { three[$0] == Self.workers[2] })
        #expect(reassigned.count == three.values.filter { $0 == Self.workers[2] }.count)
    }

    @Test("The same mailbox in two environments is scored independently; addresses are compared case-insensitively")
    func keys() {
        let assignment = MailboxAssignment(workers: Self.workers)
        let differing = Self.mailboxes.prefix(300).filter {
            assignment.owner(environment: "contoso", mailbox: $0) != assignment.owner(environment: "fabrikam", mailbox: $0)
        }
        #expect(differing.count > 100)
        #expect(
            assignment.owner(environment: "Contoso", mailbox: MailboxAddress("User7@Contoso.example"))
                == assignment.owner(environment: "contoso", mailbox: MailboxAddress("user7@contoso.example")))
    }
}
