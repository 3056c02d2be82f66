import Foundation
import NIOHTTP1

/// Create, read, update and delete of one item, shared by events, contacts and tasks.
extension GraphClient {
    func createItem<Model: GraphModel>(
        _ item: Model, at collection: GraphPath, mailbox: String, operation: String, isIdempotent: Bool
    ) async throws -> Model {
        let body = try encode(item, operation: operation)
        return try await call(
            GraphRequest(operation: operation, mailbox: mailbox, method: .POST, url: url(collection), body: body, isIdempotent: isIdempotent),
            as: Model.self)
    }

    func readItem<Model: GraphModel>(at path: GraphPath, query: [(String, String)] = [], mailbox: String, operation: String) async throws -> Model {
        try await call(GraphRequest(operation: operation, mailbox: mailbox, method: .GET, url: url(path, query: query)), as: Model.self)
    }

    func updateItem<Model: GraphModel>(
        at path: GraphPath, etag: String, changes: GraphChanges<Model>, mailbox: String, operation: String
    ) async throws -> Model {
        let body = try encode(changes, operation: operation)
        return try await call(
            GraphRequest(
                operation: operation, mailbox: mailbox, method: .PATCH, url: url(path), body: body, headers: [("If-Match", etag)]),
            as: Model.self)
    }

    func deleteItem(at path: GraphPath, etag: String, mailbox: String, operation: String) async throws {
        _ = try await send(
            GraphRequest(operation: operation, mailbox: mailbox, method: .DELETE, url: url(path), headers: [("If-Match", etag)]))
    }

    /// Every page of a collection read (nextLinks followed verbatim); for small, bounded sets only.
    func readAllPages<Model: GraphModel>(at path: GraphPath, query: [(String, String)], mailbox: String, operation: String) async throws -> [Model] {
        var items: [Model] = []
        var next: String? = url(path, query: query)
        while let link = next {
            let page = try await call(
                GraphRequest(operation: operation, mailbox: mailbox, method: .GET, url: try checkedLink(link, operation: operation, mailbox: mailbox), readsPages: true),
                as: GraphCollectionPage<Model>.self)
            items += page.value
            next = page.nextLink
        }
        return items
    }

    /// A nextLink/deltaLink is used exactly as Graph wrote it, but only towards Graph's own host:
    /// a link elsewhere would carry the bearer token away.
    func checkedLink(_ link: String, operation: String, mailbox: String?) throws -> String {
        let base = configuration.baseURL
        guard let parsed = URL(string: link), parsed.scheme == base.scheme, parsed.host == base.host, parsed.port == base.port else {
            throw GraphError(
                kind: .malformedResponse, operation: operation, mailbox: mailbox,
                message: "Graph returned a page link outside \(base.scheme ?? "")://\(base.host ?? ""); it was not followed.")
        }
        return link
    }
}
