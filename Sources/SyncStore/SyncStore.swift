/// Everything the synchronization service persists, as one protocol.
///
/// The store is split into focused parts so that a caller can depend on only what it uses
/// (the ERP API needs ``RecordStore`` and ``ChangeFeedStore``; a cycle needs ``LinkStore``,
/// ``CursorStore`` and ``UnitOfWorkStore``). Nothing here assumes SQLite:
/// - every write that must be atomic with others goes through a ``UnitOfWork`` committed
///   in one transaction by ``UnitOfWorkStore/commit(_:)``;
/// - feed positions are gapless, per environment, and assigned in commit order, so a
///   reader that resumes `after` a position never skips a change committed later;
/// - several workers coordinate through ``LeaseStore`` leases with fencing tokens, and a
///   unit of work can require that its lease still holds when it commits.
///
/// `SQLiteSyncStore` is the embedded implementation; a PostgreSQL one shared by several
/// workers implements the same protocol.
public protocol SyncStore:
    EnvironmentStore,
    MailboxStore,
    LinkStore,
    CursorStore,
    RecordStore,
    ChangeFeedStore,
    WebhookOutboxStore,
    IntentStore,
    DecisionLogStore,
    ConflictStore,
    RunHistoryStore,
    FailedItemStore,
    HistoryRetentionStore,
    LeaseStore,
    UnitOfWorkStore,
    ChangeSubscriptionStore,
    OnboardingStore,
    OperatorSessionStore,
    ServiceEventStore,
    WorkerMembershipStore,
    TrackedEmailStore
{}
