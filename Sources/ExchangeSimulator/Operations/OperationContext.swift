import Foundation

/// What an operation works with: the impersonated mailbox, the organization, and the request's
/// header facts.
struct OperationContext: Sendable {
    let mailbox: SimulatedMailbox
    let exchange: SimulatedExchange
    /// Floating dateTimes are read in this zone (TimeZoneContext, else UTC).
    let timeZoneContext: TimeZone
    let now: Date
    /// The application of the bearer token (subscriptions belong to it).
    var appId: String = ""

    var order: SchemaElementOrder { exchange.order }

    /// The zone recurring series are expanded in when an item has no StartTimeZone.
    func mailboxTimeZone(_ contents: MailboxContents) -> TimeZone {
        TimeZoneResolution.timeZone(windowsId: contents.timeZone) ?? .gmt
    }
}

/// One EWS operation, dispatched on the local name of the Body element.
protocol EWSOperation: Sendable {
    static var name: String { get }
    /// Builds the response element (`m:<Name>Response`); throws an `EWSError` for a fault.
    func respond(to request: XMLElementNode, in context: OperationContext) throws(EWSError) -> XMLElementNode
}

/// Builders for response messages, in `ResponseMessageType` order.
enum ResponseMessage {
    static func success(_ operation: String, _ children: [XMLElementNode] = []) -> XMLElementNode {
        .m("\(operation)ResponseMessage", attributes: ["ResponseClass": "Success"], children: [.m("ResponseCode", "NoError")] + children)
    }

    static func error(_ operation: String, _ error: EWSError, _ trailing: [XMLElementNode] = []) -> XMLElementNode {
        var children: [XMLElementNode] = [.m("MessageText", error.message), .m("ResponseCode", error.code), .m("DescriptiveLinkKey", "0")]
        if !error.messageXml.isEmpty { children.append(.m("MessageXml", children: error.messageXml)) }
        return .m("\(operation)ResponseMessage", attributes: ["ResponseClass": "Error"], children: children + trailing)
    }

    static func envelope(_ operation: String, _ messages: [XMLElementNode]) -> XMLElementNode {
        .m("\(operation)Response", children: [.m("ResponseMessages", children: messages)])
    }

    /// The first error code in a response, or NoError (for the request log).
    static func firstCode(in response: XMLElementNode) -> String {
        for message in response.child("ResponseMessages")?.children ?? [] {
            if let code = message.child("ResponseCode")?.text, code != "NoError" { return code }
        }
        return "NoError"
    }
}

/// Resolves folder and item ids of a request against the impersonated mailbox.
enum TargetResolution {
    static func folderId(_ element: XMLElementNode, in contents: MailboxContents) throws(EWSError) -> String {
        switch element.name {
        case "DistinguishedFolderId":
            if let mailbox = element.descendant("Mailbox", "EmailAddress")?.text,
                mailbox.lowercased() != contents.primarySmtpAddress.lowercased()
            {
                throw EWSError(
                    "ErrorAccessDenied",
                    "Access is denied. The request names mailbox \(mailbox), which is not the impersonated mailbox.")
            }
            guard let name = element[attribute: "Id"], let id = contents.folderId(distinguished: name) else {
                throw EWSError.folderNotFound()
            }
            return id
        case "FolderId":
            guard let id = element[attribute: "Id"], Identifiers.isFolderId(id) else { throw EWSError.malformedId() }
            guard contents.folders[id] != nil else { throw EWSError.folderNotFound() }
            return id
        default:
            throw EWSError("ErrorInvalidRequest", "Unsupported folder id element \(element.name).")
        }
    }

    static func itemId(_ element: XMLElementNode, in contents: MailboxContents) throws(EWSError) -> String {
        guard let id = element[attribute: "Id"], Identifiers.isItemId(id) else { throw EWSError.malformedId() }
        guard contents.items[id] != nil else { throw EWSError.itemNotFound() }
        return id
    }
}
