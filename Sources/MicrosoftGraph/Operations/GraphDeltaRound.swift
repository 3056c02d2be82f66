/// One delta round: pages from the first call (or a stored deltaLink) until a page ends with a
/// deltaLink. Each page link is used once, exactly as Graph wrote it, and the round only moves
/// forward: an old page link is never sent again (Graph answers those with 410 once later pages
/// were read).
///
/// A 410 (`SyncStateNotFound`) resets the round to its first call and is thrown as
/// `GraphError.Kind.syncStateNotFound`: the caller drops what it gathered in this round and calls
/// `nextPage` again, which then reads everything from the start (a full resync; merge by id, and
/// treat what the complete round did not return as deleted).
public struct GraphDeltaRound<Item: GraphModel>: Sendable {
    public let query: GraphDeltaQuery<Item>
    /// Where the next page is read from.
    private var link: String
    /// The deltaLink that ended the round; store it for the next round.
    public private(set) var deltaLink: String?
    /// Whether the round started again from its first call after a 410.
    public private(set) var restarted = false
    public private(set) var pagesRead = 0

    /// A round from the first call (no deltaLink stored yet) or from the deltaLink of the last round.
    public init(_ query: GraphDeltaQuery<Item>, resumingFrom storedDeltaLink: String? = nil) {
        self.query = query
        link = storedDeltaLink ?? query.initialURL
    }

    public var isComplete: Bool { deltaLink != nil }

    /// Where the round goes on from: the nextLink of the page read last, or the deltaLink once the
    /// round is complete. A caller that reads one page per call (and commits between pages) stores
    /// it and resumes with `init(_:resumingFrom:)`.
    public var position: String { deltaLink ?? link }

    /// The entries of the next page, or nil when the round is complete.
    public mutating func nextPage(from client: GraphClient) async throws -> [GraphDeltaEntry<Item>]? {
        guard deltaLink == nil else { return nil }
        let page: GraphCollectionPage<GraphDeltaEntry<Item>>
        do {
            page = try await client.deltaPage(link, of: query)
        } catch let error as GraphError where error.kind == .syncStateNotFound {
            link = query.initialURL
            restarted = true
            pagesRead = 0
            throw error
        }
        pagesRead += 1
        if let next = page.nextLink {
            link = next
        } else {
            deltaLink = page.deltaLink
        }
        return page.value
    }
}
