import Synchronization
import SyncEngine

/// What the current delta round of each mailbox's folder has gathered across its pages (a round's
/// pages are read one after the other, by one cycle, under the mailbox's lease).
///
/// - A **full round** (from no cursor: a first sync, a resync) only gathers ids; on its last page
///   the connector reads them all at once by listing the folder with what delta pages lack (the
///   tag, the zones), a hundred items a request, instead of one read per item: a calendar of
///   10,000 events would otherwise spend the whole per-mailbox request budget.
/// - An **incremental round** (from a deltaLink) remembers the series it has read, so that a series
///   whose instances fill several pages is read once.
///
/// Forgotten when a round ends or another starts; a process that restarts starts its rounds again
/// from the stored cursor, which is always the end of a round.
final class GraphDeltaRoundMemory: Sendable {
    struct Round: Sendable {
        var isFull: Bool
        /// Items to read at the end of a full round (contacts, tasks, single events), in order.
        var items: [String] = []
        /// Series masters to read at the end of a full round.
        var series: [String] = []
        /// Every id gathered or read in this round.
        var seen: Set<String> = []
    }

    private struct Key: Hashable {
        var mailbox: MailboxAddress
        var kind: EntityKind
    }

    private let rounds = Mutex<[Key: Round]>([:])

    /// The round a page read from `cursor` belongs to: a new full round from no cursor, a new
    /// incremental round from a deltaLink, the round in progress from a nextLink (incremental
    /// when nothing is remembered of it).
    func round(of kind: EntityKind, in mailbox: MailboxAddress, cursor: String?) -> Round {
        let key = Key(mailbox: mailbox, kind: kind)
        return rounds.withLock { rounds in
            guard let cursor else { return Round(isFull: true) }
            if cursor.range(of: "deltatoken", options: .caseInsensitive) != nil { return Round(isFull: false) }
            return rounds[key] ?? Round(isFull: false)
        }
    }

    /// Keeps `round` for the next page, or forgets it when the round is over.
    func keep(_ round: Round?, of kind: EntityKind, in mailbox: MailboxAddress) {
        rounds.withLock { $0[Key(mailbox: mailbox, kind: kind)] = round }
    }
}
