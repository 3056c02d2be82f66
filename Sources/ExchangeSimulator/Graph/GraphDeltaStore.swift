import Foundation
import Synchronization

/// Delta sync state of the Graph side, held server-side and handed out as opaque tokens.
///
/// A *chain* starts with an initial `delta` call. Every link the chain hands out (each page's
/// `@odata.nextLink`, each round's `@odata.deltaLink`) is a new *generation*; only the newest
/// `keptGenerations` stay valid, so an old nextLink or an old deltaLink gets 410
/// `SyncStateNotFound`, as on Exchange Online ("The sync state generation is not found;
/// generation=149;[highest=157][157][155][156]").
final class GraphDeltaStore: Sendable {
    /// What the client has been shown of one collection: key → what it saw.
    typealias Snapshot = [String: Seen]

    struct Seen: Sendable, Hashable {
        var version: String
        var restId: String
        var immutableRestId: String
    }

    /// What a delta query covers.
    enum Scope: Sendable, Hashable {
        case calendarView(folderId: String, start: Date, end: Date)
        case contacts(folderId: String)
        case tasks(folderId: String)
        /// A mail folder, from `receivedSince` when the first request filtered on `receivedDateTime`;
        /// `select` is the first request's `$select`, which Graph keeps in the links it hands out.
        case messages(folderId: String, receivedSince: Date?, select: Set<String>?, expand: [String]?)
    }

    enum Entry: Sendable, Hashable {
        case changed(key: String)
        case removed(key: String, seen: Seen)
    }

    /// One round's answer, paged out over several links.
    struct Round: Sendable {
        var entries: [Entry]
        /// What the client will have seen once the round is complete.
        var snapshot: Snapshot
        var startedAt: Date
    }

    /// A link handed out; it keeps the page size of the request that started the chain, so
    /// that links followed verbatim (without `Prefer`) page the same way.
    enum Link: Sendable {
        case page(Round, offset: Int, pageSize: Int)
        case delta(Snapshot, since: Date, pageSize: Int)
    }

    private struct Chain {
        var mailbox: String
        var scope: Scope
        var highest = 0
        var links: [Int: Link] = [:]
        var lastUsed: Date
    }

    static let keptGenerations = 4
    static let chainsPerMailbox = 64

    private let chains = Mutex<[String: Chain]>([:])

    func reset() { chains.withLock { $0.removeAll() } }

    /// Starts a chain and returns its id.
    func startChain(mailbox: String, scope: Scope, now: Date) -> String {
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        chains.withLock { chains in
            chains[id] = Chain(mailbox: mailbox.lowercased(), scope: scope, lastUsed: now)
            let mine = chains.filter { $0.value.mailbox == mailbox.lowercased() }
            if mine.count > Self.chainsPerMailbox, let oldest = mine.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                chains[oldest] = nil
            }
        }
        return id
    }

    /// Hands out a link of the chain: a new generation; the oldest beyond the kept ones expire.
    func issue(_ link: Link, chain id: String, now: Date) -> String {
        chains.withLock { chains in
            guard var chain = chains[id] else { return Self.token(chain: id, generation: 0) }
            chain.highest += 1
            chain.links[chain.highest] = link
            for generation in chain.links.keys where generation <= chain.highest - Self.keptGenerations {
                chain.links[generation] = nil
            }
            chain.lastUsed = now
            chains[id] = chain
            return Self.token(chain: id, generation: chain.highest)
        }
    }

    /// The link a token names, or 410 `SyncStateNotFound` when its generation expired.
    func resolve(_ token: String, mailbox: String, now: Date) throws(GraphError) -> (chain: String, scope: Scope, link: Link) {
        guard let parsed = Self.parse(token) else {
            throw GraphError.badRequest("The delta or skip token is not valid.", code: "ErrorInvalidUrlQuery")
        }
        let (id, generation) = parsed
        let found = chains.withLock { chains -> Result<(Scope, Link), GraphError> in
            guard var chain = chains[id], chain.mailbox == mailbox.lowercased() else {
                return .failure(GraphError.syncStateNotFound(generation: generation, kept: []))
            }
            guard let link = chain.links[generation] else {
                return .failure(GraphError.syncStateNotFound(generation: generation, kept: Array(chain.links.keys)))
            }
            chain.lastUsed = now
            chains[id] = chain
            return .success((chain.scope, link))
        }
        let (scope, link) = try found.get()
        return (id, scope, link)
    }

    static func token(chain: String, generation: Int) -> String {
        Data("\(chain).\(generation)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func parse(_ token: String) -> (String, Int)? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".")
        guard parts.count == 2, let generation = Int(parts[1]) else { return nil }
        return (String(parts[0]), generation)
    }
}
