import Foundation

extension SimulatedExchange {
    /// A message from outside the organization, as a test hands it to the control API
    /// (`POST /control/mailboxes/{address}/messages`): what Exchange's transport would receive.
    public struct InboundMessage: Codable, Sendable, Hashable {
        public struct Address: Codable, Sendable, Hashable {
            public var name: String?
            public var address: String
            public init(name: String? = nil, address: String) {
                self.name = name
                self.address = address
            }
        }

        public var from: Address
        public var to: [Address]
        public var cc: [Address]?
        public var subject: String?
        public var body: String?
        /// `Text` (the default) or `HTML`.
        public var bodyType: String?
        /// The `Message-ID` header; the transport mints one when absent.
        public var internetMessageId: String?
        /// The `In-Reply-To` header.
        public var inReplyTo: String?
        /// The `References` header, as written.
        public var references: String?
        /// `Normal` (the default), `Personal`, `Private` or `Confidential`.
        public var sensitivity: String?
        /// When the sender sent it, as an xs:dateTime (`2026-12-01T09:30:00Z`); now when absent.
        public var sentAt: String?
        /// File attachments, as a sender's mail client attaches them.
        public var attachments: [Attachment]?

        /// A file attached to an inbound message: its content in base64, as Graph's `contentBytes`.
        public struct Attachment: Codable, Sendable, Hashable {
            public var name: String
            /// `application/octet-stream` when absent.
            public var contentType: String?
            public var contentBytes: String
            /// An inline attachment (a signature image) is not counted by `HasAttachments`.
            public var isInline: Bool?

            public init(name: String, contentType: String? = nil, contentBytes: String, isInline: Bool? = nil) {
                self.name = name
                self.contentType = contentType
                self.contentBytes = contentBytes
                self.isInline = isInline
            }
        }

        public init(
            from: Address, to: [Address], cc: [Address]? = nil, subject: String? = nil, body: String? = nil, bodyType: String? = nil,
            internetMessageId: String? = nil, inReplyTo: String? = nil, references: String? = nil, sensitivity: String? = nil,
            sentAt: String? = nil, attachments: [Attachment]? = nil
        ) {
            self.from = from
            self.to = to
            self.cc = cc
            self.subject = subject
            self.body = body
            self.bodyType = bodyType
            self.internetMessageId = internetMessageId
            self.inReplyTo = inReplyTo
            self.references = references
            self.sensitivity = sensitivity
            self.sentAt = sentAt
            self.attachments = attachments
        }
    }

    /// Delivers a message from outside to the Inbox of `address`, with its headers, as Exchange would
    /// on receiving it: a new conversation unless it replies to a message the mailbox holds.
    @discardableResult
    public func deliverInbound(_ inbound: InboundMessage, to address: String) throws(OutlookActionError) -> ItemSummary {
        let mailbox = try requireMailbox(address)
        guard !inbound.to.isEmpty || !(inbound.cc ?? []).isEmpty else { throw .invalid("an inbound message needs a recipient") }
        let sensitivity = inbound.sensitivity ?? "Normal"
        guard ["Normal", "Personal", "Private", "Confidential"].contains(sensitivity) else {
            throw .invalid("sensitivity must be Normal, Personal, Private or Confidential, not \(sensitivity)")
        }
        let bodyType = inbound.bodyType ?? "Text"
        guard ["Text", "HTML"].contains(bodyType) else { throw .invalid("bodyType must be Text or HTML, not \(bodyType)") }
        func recipients(_ list: [InboundMessage.Address]) -> [XMLElementNode] {
            list.map { MailTransport.senderElement(name: $0.name, address: $0.address) }
        }
        var element = XMLElementNode.t("Message", children: [.t("Subject", inbound.subject ?? ""), .t("Sensitivity", sensitivity)])
        if let body = inbound.body { element.children.append(.t("Body", body, attributes: ["BodyType": bodyType])) }
        if let inReplyTo = inbound.inReplyTo { element.children.append(.t("InReplyTo", inReplyTo)) }
        if !inbound.to.isEmpty { element.children.append(.t("ToRecipients", children: recipients(inbound.to))) }
        if let cc = inbound.cc, !cc.isEmpty { element.children.append(.t("CcRecipients", children: recipients(cc))) }
        element.children.append(.t("From", children: recipients([inbound.from])))
        let domain = inbound.from.address.split(separator: "@").last.map(String.init) ?? "outside.invalid"
        element.children.append(.t("InternetMessageId", inbound.internetMessageId ?? MailTransport.newInternetMessageId(domain: domain)))
        if let references = inbound.references { element.children.append(.t("References", references)) }

        let now = Date()
        var attachments: [StoredAttachment] = []
        for attachment in inbound.attachments ?? [] {
            guard !attachment.name.isEmpty else { throw .invalid("an attachment needs a name") }
            guard let content = Data(base64Encoded: attachment.contentBytes) else {
                throw .invalid("the contentBytes of attachment \(attachment.name) are not base64")
            }
            attachments.append(
                StoredAttachment(
                    name: attachment.name, contentType: attachment.contentType, content: content, isInline: attachment.isInline ?? false,
                    lastModified: now))
        }
        var sent = now
        if let text = inbound.sentAt {
            guard let date = EWSDateTime.parse(text, floatingIn: .gmt) else { throw .invalid("sentAt is not an xs:dateTime: \(text)") }
            sent = date
        }
        let order = self.order
        let result = mailbox.withContents { (contents: inout MailboxContents) -> Result<StoredItem, OutlookActionError> in
            do throws(EWSError) {
                var message = try ItemBuilder(order: order, timeZoneContext: .gmt).build(from: element, folderId: contents.root, now: now)
                message.setProperty(.t("Sender", children: recipients([inbound.from])))
                message.setProperty(.t("DateTimeSent", EWSDateTime.format(sent)))
                message.setProperty(.t("DateTimeReceived", EWSDateTime.format(now)))
                message.attachments = attachments
                guard let delivered = MailTransport.deliverToInbox(message, in: &contents, now: now) else {
                    return .failure(.invalid("the mailbox has no Inbox"))
                }
                return .success(delivered)
            } catch {
                return .failure(.invalid("\(error.code): \(error.message)"))
            }
        }
        let item = try result.get()
        return summary(item, mailbox.snapshot)
    }
}
