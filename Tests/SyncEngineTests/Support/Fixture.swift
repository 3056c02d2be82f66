import Foundation
import SyncEngine

/// Small builders for the reconciliation tests.
enum Fixture {
    static let alice: MailboxAddress = "alice@contoso.example"
    static let bob: MailboxAddress = "bob@contoso.example"
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func link(
        _ id: RecordID, item: ItemID, changeKey: ChangeKey = "ck-1", base: FieldSet, mailbox: MailboxAddress = alice,
        kind: EntityKind = .contact, detached: Bool = false
    ) -> Link {
        Link(
            recordID: id, mailbox: mailbox, kind: kind, item: ItemReference(id: item, changeKey: changeKey), base: base,
            tag: SyncTag(record: id), isDetached: detached)
    }

    static func record(
        _ id: RecordID, _ fields: FieldSet, owners: Set<MailboxAddress> = [alice], modifiedAt: Date? = nil
    ) -> CRMRecord {
        CRMRecord(id: id, fields: fields, owners: owners, modifiedAt: modifiedAt)
    }

    static func item(
        _ id: ItemID, changeKey: ChangeKey = "ck-2", _ fields: FieldSet, tag: SyncTag? = nil, modifiedAt: Date? = nil
    ) -> OutlookItem {
        OutlookItem(reference: ItemReference(id: id, changeKey: changeKey), fields: fields, tag: tag, modifiedAt: modifiedAt)
    }

    static func plan(
        policy: SyncPolicy = SyncPolicy(), kind: EntityKind = .contact, mailbox: MailboxAddress = alice, links: [Link] = [],
        crm: CRMChanges = CRMChanges(), outlook: MailboxChanges = MailboxChanges(), recovery: IntentRecovery = .none
    ) -> SyncPlan {
        Reconciler(policy: policy).plan(
            ReconciliationInput(mailbox: mailbox, kind: kind, links: links, crm: crm, outlook: outlook, recovery: recovery),
            now: now)
    }
}

extension SyncPlan {
    /// The only step of a plan expected to hold one.
    var onlyStep: PlanStep? { steps.count == 1 ? steps[0] : nil }
}
