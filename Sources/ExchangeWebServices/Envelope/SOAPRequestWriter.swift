import StreamingXML

/// The SOAP header values of one request.
struct SOAPRequestHeader {
    var serverVersion: ExchangeServerVersion
    /// The mailbox to impersonate (its primary SMTP address).
    var impersonatedMailbox: String?
    /// Windows id of the zone unzoned times are read in.
    var timeZoneContext: String?
    var dateTimePrecision: DateTimePrecision?
}

/// Writes a whole request envelope, prefixes `soap`, `m` and `t` declared once on the root.
enum SOAPRequestWriter {
    static func envelope(header: SOAPRequestHeader, body: (inout XMLWriter) throws -> Void) rethrows -> [UInt8] {
        var writer = XMLWriter(capacity: 2048)
        writer.declaration()
        writer.startElement("soap:Envelope")
        writer.namespaceDeclaration(prefix: "soap", uri: EWSNamespace.soap)
        writer.namespaceDeclaration(prefix: "m", uri: EWSNamespace.messages)
        writer.namespaceDeclaration(prefix: "t", uri: EWSNamespace.types)
        writer.element("soap:Header") { writer in
            writer.emptyElement("t:RequestServerVersion", attributes: ["Version": header.serverVersion.rawValue])
            if let mailbox = header.impersonatedMailbox {
                writer.element("t:ExchangeImpersonation") { writer in
                    writer.element("t:ConnectingSID") { $0.element("t:PrimarySmtpAddress", text: mailbox) }
                }
            }
            if let zone = header.timeZoneContext {
                writer.element("t:TimeZoneContext") { $0.emptyElement("t:TimeZoneDefinition", attributes: ["Id": zone]) }
            }
            if let precision = header.dateTimePrecision {
                writer.element("t:DateTimePrecision", text: precision.rawValue)
            }
        }
        writer.startElement("soap:Body")
        try body(&writer)
        writer.endElement()
        writer.endElement()
        return writer.bytes
    }
}

extension XMLWriter {
    mutating func writeFolderID(_ folder: FolderID) {
        switch folder {
        case .id(let id, let changeKey):
            startElement("t:FolderId")
            attribute("Id", id)
            if let changeKey { attribute("ChangeKey", changeKey) }
            endElement()
        case .distinguished(let name, let mailbox):
            startElement("t:DistinguishedFolderId")
            attribute("Id", name.rawValue)
            if let mailbox { element("t:Mailbox") { $0.element("t:EmailAddress", text: mailbox) } }
            endElement()
        }
    }

    mutating func writeItemID(_ item: ItemID) {
        startElement("t:ItemId")
        attribute("Id", item.id)
        if let changeKey = item.changeKey { attribute("ChangeKey", changeKey) }
        endElement()
    }

    mutating func writeItemShape(_ shape: ItemShape, elementName: String = "m:ItemShape") {
        element(elementName) { writer in
            writer.element("t:BaseShape", text: shape.baseShape.rawValue)
            if let bodyType = shape.bodyType { writer.element("t:BodyType", text: bodyType.rawValue) }
            if !shape.additionalProperties.isEmpty {
                writer.element("t:AdditionalProperties") { writer in
                    for field in shape.additionalProperties { writer.writeFieldPath(field) }
                }
            }
        }
    }

    mutating func writeFieldPath(_ field: ItemField) {
        switch field.path {
        case .field(let uri):
            emptyElement("t:FieldURI", attributes: ["FieldURI": uri])
        case .indexed(let uri, let index):
            emptyElement("t:IndexedFieldURI", attributes: ["FieldURI": uri, "FieldIndex": index])
        case .extended(let path):
            ItemXMLWriter.writeExtendedFieldURI(path, into: &self)
        }
    }
}
