import SyncEngine
import SyncStore

/// Checks that both sides converged: for every mailbox and kind, every link's record equals
/// its item as read back through the connector, every live record the mailbox owns has exactly one
/// item, and no item carries the tag of a record it is not linked to.
struct DemoConvergenceCheck: Sendable {
    let store: any SyncStore
    let environment: String
    let driver: any DemoSyncDriver

    func run(mailboxes: [MailboxAddress]) async throws -> DemoConvergenceReport {
        var divergences: [DemoConvergenceReport.Divergence] = []
        var linksCompared = 0, recordsChecked = 0, itemsRead = 0
        for mailbox in mailboxes {
            for kind in EntityKind.allCases {
                let items = try await driver.readItems(of: kind, in: mailbox)
                itemsRead += items.count
                let itemsByID = Dictionary(items.map { ($0.id.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
                let links = try await store.links(environment: environment, mailbox: mailbox, entity: kind)
                let owned = try await store.records(environment: environment, ownedBy: mailbox, entity: kind)
                recordsChecked += owned.count
                func diverge(_ record: RecordKey?, _ itemID: String?, _ problem: String, _ fields: [String] = []) {
                    divergences.append(
                        .init(mailbox: mailbox.rawValue, record: record?.description, itemID: itemID, problem: problem, fields: fields))
                }

                for link in links {
                    let record = try await store.record(environment: environment, key: link.record)
                    guard let record, !record.isDeleted else {
                        diverge(link.record, link.itemID, "linked to a record the CRM no longer has")
                        continue
                    }
                    guard let item = itemsByID[link.itemID] else {
                        diverge(link.record, link.itemID, "linked to an item that is not in the mailbox")
                        continue
                    }
                    linksCompared += 1
                    let itemFields = driver.comparableFields(item.fields, kind: kind, record: record.fields)
                    let differing = DemoFieldComparison.differences(record: record.fields, item: itemFields)
                    if !differing.isEmpty {
                        diverge(
                            link.record, link.itemID, "fields differ",
                            differing.map {
                                "\($0): CRM \(DemoFieldComparison.describe(record.fields.normalized()[$0])) ≠ Outlook \(DemoFieldComparison.describe(itemFields.normalized()[$0]))"
                            })
                    }
                }

                let linkedRecords = Set(links.map(\.record))
                for record in owned where !linkedRecords.contains(record.key) {
                    diverge(record.key, nil, "owned by the mailbox but has no item there")
                }

                let linkedItems = Set(links.map(\.itemID))
                var tagCounts: [SyncTag: Int] = [:]
                for item in items {
                    guard let tag = item.tag else { continue }
                    tagCounts[tag, default: 0] += 1
                    if !linkedItems.contains(item.id.rawValue) {
                        diverge(RecordKey(kind, tag.recordID), item.id.rawValue, "carries a record's tag but is not linked (orphan or duplicate)")
                    }
                }
                for (tag, count) in tagCounts where count > 1 {
                    diverge(RecordKey(kind, tag.recordID), nil, "\(count) items carry the same tag (duplicates)")
                }
            }
        }
        return DemoConvergenceReport(
            mailboxes: mailboxes.count, linksCompared: linksCompared, recordsChecked: recordsChecked, itemsRead: itemsRead,
            divergences: divergences)
    }
}
