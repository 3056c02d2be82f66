import Foundation
import Hummingbird

/// The JSON control API under `/control`, for tests and the demo: act as the Outlook user,
/// inspect mailboxes, list the invitations that would have been sent, read the request log,
/// change throttling and faults (notification faults included), reset.
struct ControlAPI: Sendable {
    let exchange: SimulatedExchange

    struct CreateRequest: Decodable { var folder: String; var xml: String }
    struct UpdateRequest: Decodable { var set: [String: String]?; var setXML: [String]?; var remove: [String]? }
    struct MoveRequest: Decodable { var folder: String }

    /// Item ids are base64 and may hold `/`, `+` and `=`: callers percent-encode them in the path.
    static func itemId(_ context: BasicRequestContext) throws -> String { try decoded("id", named: "item id", context) }

    /// The mailbox address of the path, `@` written as is or as `%40`.
    static func address(_ context: BasicRequestContext) throws -> String { try decoded("address", named: "mailbox address", context) }

    private static func decoded(_ parameter: String, named name: String, _ context: BasicRequestContext) throws -> String {
        guard let value = try context.parameters.require(parameter).removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "The \(name) in the path is not valid percent-encoding.")
        }
        return value
    }

    func addRoutes(to router: Router<BasicRequestContext>) {
        let exchange = self.exchange
        let group = router.group("control")
        group.get("mailboxes") { _, _ in try Self.json(exchange.mailboxAddresses) }
        group.get("mailboxes/:address/folders/:folder/items") { _, context in
            try Self.run { () throws in
                try exchange.items(in: Self.address(context), folder: context.parameters.require("folder"))
            }
        }
        group.get("mailboxes/:address/items/:id") { _, context in
            try Self.run { () throws in
                try exchange.item(in: Self.address(context), id: Self.itemId(context))
            }
        }
        group.post("mailboxes/:address/items") { request, context in
            let body = try await request.decode(as: CreateRequest.self, context: context)
            return try Self.run { () throws in
                try exchange.createItem(in: Self.address(context), folder: body.folder, xml: body.xml)
            }
        }
        group.post("mailboxes/:address/messages") { request, context in
            let body = try await request.decode(as: SimulatedExchange.InboundMessage.self, context: context)
            return try Self.run { () throws in
                try exchange.deliverInbound(body, to: Self.address(context))
            }
        }
        group.patch("mailboxes/:address/items/:id") { request, context in
            let body = try await request.decode(as: UpdateRequest.self, context: context)
            return try Self.run { () throws in
                try exchange.updateItem(
                    in: Self.address(context), id: Self.itemId(context), set: body.set ?? [:],
                    setXML: body.setXML ?? [], remove: body.remove ?? [])
            }
        }
        group.post("mailboxes/:address/items/:id/move") { request, context in
            let body = try await request.decode(as: MoveRequest.self, context: context)
            return try Self.run { () throws in
                try exchange.moveItem(in: Self.address(context), id: Self.itemId(context), to: body.folder)
            }
        }
        group.post("mailboxes/:address/items/:id/reimport") { _, context in
            try Self.run { () throws in
                try exchange.reimportItem(in: Self.address(context), id: Self.itemId(context))
            }
        }
        group.delete("mailboxes/:address/items/:id") { _, context in
            try Self.run { () throws -> [String: Bool] in
                try exchange.deleteItem(in: Self.address(context), id: Self.itemId(context))
                return ["deleted": true]
            }
        }
        group.get("invitations") { _, _ in try Self.json(exchange.sentInvitations) }
        group.get("requests") { _, _ in try Self.json(exchange.requestLog) }
        group.delete("requests") { _, _ in
            exchange.clearRequestLog()
            return try Self.json(["cleared": true])
        }
        group.get("tenants/:tenant/faults") { _, context in
            try Self.json(exchange.faults.settings(tenantId: context.parameters.require("tenant")))
        }
        group.put("tenants/:tenant/faults") { request, context in
            let settings = try await request.decode(as: FaultSettings.self, context: context)
            exchange.faults.update(tenantId: try context.parameters.require("tenant"), to: settings)
            return try Self.json(settings)
        }
        GraphSubscriptionControl(exchange: exchange).addRoutes(to: group)
        group.get("notifications") { _, _ in try Self.json(exchange.notificationFaults.settings) }
        group.put("notifications") { request, context in
            let settings = try await request.decode(as: NotificationFaults.Settings.self, context: context)
            exchange.notificationFaults.update(settings)
            return try Self.json(exchange.notificationFaults.settings)
        }
        group.delete("streaming/subscriptions") { _, _ in
            exchange.streaming.dropAll()
            return try Self.json(["dropped": true])
        }
        group.post("reset") { _, _ in
            try exchange.reset()
            return try Self.json(["reset": true])
        }
    }

    private static func run<Value: Encodable>(_ body: () throws -> Value) throws -> Response {
        do {
            return try json(try body())
        } catch let error as SimulatedExchange.OutlookActionError {
            let status: HTTPResponse.Status =
                switch error {
                case .invalid: .badRequest
                default: .notFound
                }
            var response = try json(["error": error.description])
            response.status = status
            return response
        }
    }

    static func json<Value: Encodable>(_ value: Value) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
