import Foundation

/// Everything one reconciliation of a mailbox and kind decided: one step per record or item considered.
public struct SyncPlan: Codable, Sendable, Hashable {
    public var mailbox: MailboxAddress
    public var kind: EntityKind
    public var plannedAt: Date
    public var steps: [PlanStep]
    /// Pending intents that no longer need an item (their record was deleted or linked otherwise): clear them.
    public var obsoleteIntents: [PendingIntent]

    public init(
        mailbox: MailboxAddress, kind: EntityKind, plannedAt: Date, steps: [PlanStep], obsoleteIntents: [PendingIntent] = []
    ) {
        self.mailbox = mailbox
        self.kind = kind
        self.plannedAt = plannedAt
        self.steps = steps
        self.obsoleteIntents = obsoleteIntents
    }

    public var decisions: [Decision] { steps.map(\.decision) }
    public var conflicts: [Conflict] { steps.flatMap(\.conflicts) }
    public var outlookOperations: [OutlookOperation] { steps.compactMap(\.outlook) }
    public var crmOperations: [CRMOperation] { steps.compactMap(\.crm) }

    /// The intents to persist before performing the Outlook creates.
    public var intentsToPersist: [PendingIntent] {
        steps.compactMap { step in
            if case .create(let intent, _)? = step.outlook { return intent }
            return nil
        }
    }

    /// True when the plan writes nothing to either side (the steady state).
    public var writesNothing: Bool { outlookOperations.isEmpty && crmOperations.isEmpty }
}
