import Foundation
import HTTPTypes
import Hummingbird
import SyncEngine
import SyncStore

/// `PUT`, `GET` and `DELETE /v1/environments/{environment}/{contacts|appointments|tasks}/{id}`:
/// the ERP's CRM records, with their owner mailboxes, versioned by ETag.
struct RecordRoutes: Sendable {
    let store: any SyncStore
    let environments: EnvironmentResolver
    let limits: APILimits
    /// Told of every write that changed a record, so that its owners' cycles run soon.
    var trigger: (any SyncTrigger)?

    /// The collections and the entity each holds.
    static let collections: [(path: String, kind: EntityKind)] = [
        ("contacts", .contact), ("appointments", .appointment), ("tasks", .task),
    ]
    static let maxOwners = 100

    func add(to router: Router<APIRequestContext>) {
        for (collection, kind) in Self.collections {
            let path = RouterPath("/v1/environments/:environment/\(collection)/:id")
            router.put(path) { request, context in try await self.put(kind, request: request, context: context) }
            router.get(path) { request, context in try await self.get(kind, request: request, context: context) }
            router.delete(path) { request, context in try await self.delete(kind, request: request, context: context) }
        }
    }

    func put(_ kind: EntityKind, request: Request, context: APIRequestContext) async throws -> Response {
        let environment = try environments.resolve(context)
        let key = RecordKey(kind, try RequestInput.recordID(in: context))
        let body = try await RequestInput.jsonBody(request, maxBytes: limits.maxBodyBytes)
        let (fields, owners) = try Self.decodeBody(body, kind: kind)
        let ifMatch = try await expectedVersion(request, environment: environment, key: key)
        do {
            let previousOwners = try await store.record(environment: environment, key: key)?.owners ?? []
            let result = try await store.upsertRecord(
                environment: environment, record: key, fields: fields, owners: owners, ifMatch: ifMatch)
            if result.outcome != .unchanged {
                // A mailbox that lost the record must remove its item: it is told too.
                await trigger?.recordsChanged(environment: environment, mailboxes: owners.union(previousOwners))
            }
            guard let record = try await store.record(environment: environment, key: key) else {
                throw APIProblem.notFound("The \(kind.rawValue) vanished while it was written; retry.", field: "id")
            }
            var headers: [(HTTPField.Name, String)] = [(.eTag, result.version.etag)]
            if result.outcome == .created {
                headers.append((.location, request.uri.path))
            }
            return try JSONResponse.make(result.outcome == .created ? .created : .ok, RecordRepresentation(record), headers: headers)
        } catch {
            throw APIProblem.from(error) ?? error
        }
    }

    func get(_ kind: EntityKind, request: Request, context: APIRequestContext) async throws -> Response {
        let environment = try environments.resolve(context)
        let key = RecordKey(kind, try RequestInput.recordID(in: context))
        guard let record = try await store.record(environment: environment, key: key), !record.isDeleted else {
            throw APIProblem.notFound("No \(kind.rawValue) with this id in this environment.", field: "id")
        }
        return try JSONResponse.make(.ok, RecordRepresentation(record), headers: [(.eTag, record.version.etag)])
    }

    func delete(_ kind: EntityKind, request: Request, context: APIRequestContext) async throws -> Response {
        let environment = try environments.resolve(context)
        let key = RecordKey(kind, try RequestInput.recordID(in: context))
        let ifMatch = try await expectedVersion(request, environment: environment, key: key)
        do {
            let owners = try await store.record(environment: environment, key: key)?.owners ?? []
            let result = try await store.deleteRecord(environment: environment, record: key, ifMatch: ifMatch)
            if result.outcome != .unchanged { await trigger?.recordsChanged(environment: environment, mailboxes: owners) }
            var headers = HTTPFields()
            headers[.eTag] = result.version.etag
            return Response(status: .noContent, headers: headers)
        } catch {
            throw APIProblem.from(error) ?? error
        }
    }

    /// `If-Match`: one ETag (`"7"`), or `*` (the record must exist). Absent: no check.
    func expectedVersion(_ request: Request, environment: String, key: RecordKey) async throws -> RecordVersion? {
        guard let header = request.headers[.ifMatch]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if header == "*" {
            guard let current = try await store.record(environment: environment, key: key), !current.isDeleted else {
                throw APIProblem(
                    .preconditionFailed, kind: "version-mismatch", title: "Version mismatch",
                    detail: "If-Match: * requires the \(key.entity.rawValue) to exist, and it does not.",
                    field: "If-Match")
            }
            return current.version
        }
        guard let version = RecordVersion(etag: header) else {
            throw APIProblem.invalid("If-Match", "must be one ETag as returned by the API, such as \"3\", or *.")
        }
        return version
    }

    /// Reads `{ "fields": {…}, "owners": […] }`.
    static func decodeBody(_ body: JSONValue, kind: EntityKind) throws(APIProblem) -> (FieldSet, Set<MailboxAddress>) {
        guard case .object(let members) = body else {
            throw .invalid("body", "must be a JSON object with fields and owners, but is \(body.kindName).")
        }
        for name in members.keys where name != "fields" && name != "owners" {
            throw .invalid(name, "is not a member of a record; send fields and owners.")
        }
        guard let fieldsValue = members["fields"] else { throw .invalid("fields", "is missing.") }
        let fields = try RecordFieldsDecoder.decode(fieldsValue, kind: kind)
        guard let ownersValue = members["owners"] else {
            throw .invalid("owners", "is missing; list the mailboxes the record belongs in (it may be empty).")
        }
        guard case .array(let ownerValues) = ownersValue else {
            throw .invalid("owners", "must be an array of mailbox addresses, but is \(ownersValue.kindName).")
        }
        guard ownerValues.count <= maxOwners else { throw .invalid("owners", "has more than \(maxOwners) mailboxes.") }
        var owners = Set<MailboxAddress>()
        for (index, value) in ownerValues.enumerated() {
            guard case .string(let text) = value else {
                throw .invalid("owners[\(index)]", "must be a mailbox address string, but is \(value.kindName).")
            }
            owners.insert(try RequestInput.mailboxAddress(text, field: "owners[\(index)]"))
        }
        return (fields, owners)
    }
}
