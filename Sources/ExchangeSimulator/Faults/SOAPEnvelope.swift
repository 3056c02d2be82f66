/// Builds the SOAP 1.1 envelopes the simulator answers with.
enum SOAPEnvelope {
    /// Exchange Online's answer to `RequestServerVersion` (Exchange 2016 family).
    static let serverVersionInfo = XMLElementNode.t(
        "ServerVersionInfo",
        attributes: [
            "MajorVersion": "15", "MinorVersion": "20", "MajorBuildNumber": "7452", "MinorBuildNumber": "28",
            "Version": "V2018_01_08",
        ])

    static func response(body: XMLElementNode) -> String {
        let envelope = XMLElementNode(
            EWSNamespace.soap, "Envelope",
            children: [
                XMLElementNode(EWSNamespace.soap, "Header", children: [serverVersionInfo]),
                XMLElementNode(EWSNamespace.soap, "Body", children: [body]),
            ])
        return XMLWriter.document(envelope)
    }

    /// A request-level fault (HTTP 500), shaped like Exchange's.
    static func fault(_ error: EWSError) -> String {
        var detail = "<e:ResponseCode xmlns:e=\"\(EWSNamespace.errors)\">\(XMLWriter.escape(error.code))</e:ResponseCode>"
        detail += "<e:Message xmlns:e=\"\(EWSNamespace.errors)\">\(XMLWriter.escape(error.message))</e:Message>"
        if !error.messageXml.isEmpty {
            let messageXml = XMLElementNode.t("MessageXml", children: error.messageXml)
            // The writer declares the t prefix on the MessageXml element itself.
            let written = XMLWriter.document(messageXml)
            detail += String(written.dropFirst("<?xml version=\"1.0\" encoding=\"utf-8\"?>".count))
        }
        return """
            <?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="\(EWSNamespace.soap)"><s:Body><s:Fault>\
            <faultcode xmlns:a="\(EWSNamespace.types)">a:\(XMLWriter.escape(error.code))</faultcode>\
            <faultstring xml:lang="en-US">\(XMLWriter.escape(error.message))</faultstring>\
            <detail>\(detail)</detail></s:Fault></s:Body></s:Envelope>
            """
    }
}
