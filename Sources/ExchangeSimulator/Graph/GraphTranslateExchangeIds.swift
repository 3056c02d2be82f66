import Foundation

/// `POST /users/{id}/translateExchangeIds`: `{"inputIds":[…],"sourceIdType":"ewsId","targetIdType":"restImmutableEntryId"}`
/// (parameter names matched case-insensitively: msgraph-sdk writes `InputIds`, the docs `inputIds`).
/// Supported formats: `ewsId`, `restId`, `restImmutableEntryId`; `entryId` and
/// `immutableEntryId` (binary MAPI entry ids) are refused with 400 by the simulator.
enum GraphTranslateExchangeIds {
    static let maximumIds = 1000
    static let supported: Set<String> = ["ewsId", "restId", "restImmutableEntryId"]

    static func run(_ context: GraphCallContext) throws(GraphError) -> GraphHTTPResponse {
        let body = try context.body()
        guard case .object = body else { throw GraphError.badRequest("The request body must be an object.") }
        let formats = context.schema.members(ofEnum: "exchangeIdFormat") ?? []
        func parameter(_ name: String) throws(GraphError) -> String {
            guard let value = body.member(caseInsensitive: name) else {
                throw GraphError.badRequest("The parameter '\(name)' is missing.", code: "BadRequest")
            }
            guard let text = value.stringValue, formats.contains(text) else {
                throw GraphError(400, "RequestBodyRead", "The parameter '\(name)' has the invalid value '\(value.stringValue ?? value.serialized())'.")
            }
            return text
        }
        for member in body.members where !["inputids", "sourceidtype", "targetidtype"].contains(member.key.lowercased()) && !member.key.contains("@") {
            throw GraphError(400, "RequestBodyRead", "The parameter '\(member.key)' in the request payload is not a valid parameter for the operation 'translateExchangeIds'.")
        }
        guard let inputs = body.member(caseInsensitive: "inputIds")?.arrayValue else {
            throw GraphError.badRequest("The parameter 'inputIds' is missing or not a collection.")
        }
        let source = try parameter("sourceIdType")
        let target = try parameter("targetIdType")
        guard supported.contains(source), supported.contains(target) else {
            throw GraphError.badRequest("The simulator translates ewsId, restId and restImmutableEntryId only.", code: "ErrorInvalidParameter")
        }
        guard inputs.count <= maximumIds else {
            throw GraphError.badRequest("Too many ids: at most \(maximumIds) per request.", code: "ErrorInvalidParameter")
        }
        let contents = context.mailbox.snapshot
        var results: [GraphJSON] = []
        for input in inputs {
            guard let id = input.stringValue else { throw GraphError(400, "RequestBodyRead", "inputIds must hold strings.") }
            let item = lookup(id, format: source, in: contents)
            guard let item else {
                results.append(.fields(["sourceId": .string(id), "errorDetails": .fields(["code": .string("ErrorItemNotFound"), "message": .string("The specified object was not found in the store.")])]))
                continue
            }
            let translated: String =
                switch target {
                case "ewsId": item.id
                case "restId": GraphIds.restId(fromEWS: item.id)
                default: GraphIds.restId(fromEWS: item.immutableId)
                }
            results.append(.fields(["targetId": .string(translated), "sourceId": .string(id)]))
        }
        return .json(.fields(["value": .array(results)]))
    }

    static func lookup(_ id: String, format: String, in contents: MailboxContents) -> StoredItem? {
        let raw = format == "ewsId" ? id : GraphIds.ewsId(fromREST: id)
        switch format {
        case "restImmutableEntryId":
            return Identifiers.isImmutableId(raw) ? contents.item(immutableId: raw) : nil
        default:
            return Identifiers.isItemId(raw) ? contents.items[raw] : nil
        }
    }
}
