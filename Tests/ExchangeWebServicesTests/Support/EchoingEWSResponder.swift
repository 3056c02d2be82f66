import Foundation
import StreamingXML

/// Builds a plausible success response for any request the client sends, with one response
/// message per input, so that every operation can run against the scripted server.
enum EchoingEWSResponder {
    static func respond(_ request: RecordedRequest) -> ScriptedResponse {
        let builder = XMLTreeBuilder()
        guard (try? XMLPushParser.parse([UInt8](request.body), handler: builder)) != nil,
            let operationNode = builder.root?.child("Body")?.children.first
        else { return ScriptedResponse(status: 500, body: "unreadable request") }
        let operation = operationNode.localName
        var counter = 0
        func nextID() -> String {
            counter += 1
            return ResponseEnvelope.itemID("ID-\(operation)-\(counter)", changeKey: "CK-\(counter)")
        }
        let folder = "<t:CalendarFolder><t:FolderId Id=\"F1\" ChangeKey=\"FCK\"/><t:DisplayName>Prextra</t:DisplayName></t:CalendarFolder>"
        let body: String
        switch operation {
        case "GetFolder":
            let count = operationNode.child("FolderIds")?.children.count ?? 1
            body = ResponseEnvelope.success(operation, messages: Array(repeating: "<m:Folders>\(folder)</m:Folders>", count: count))
        case "FindFolder":
            body = ResponseEnvelope.success(
                operation,
                messages: ["<m:RootFolder TotalItemsInView=\"1\" IncludesLastItemInRange=\"true\"><t:Folders>\(folder)</t:Folders></m:RootFolder>"])
        case "CreateFolder":
            body = ResponseEnvelope.success(operation, messages: ["<m:Folders>\(folder)</m:Folders>"])
        case "SyncFolderItems":
            body = ResponseEnvelope.success(
                operation,
                messages: [
                    "<m:SyncState>STATE-1</m:SyncState><m:IncludesLastItemInRange>true</m:IncludesLastItemInRange>"
                        + "<m:Changes><t:Create><t:CalendarItem>\(nextID())</t:CalendarItem></t:Create></m:Changes>"
                ])
        case "GetItem":
            let count = operationNode.child("ItemIds")?.children.count ?? 0
            body = ResponseEnvelope.success(
                operation, messages: (0..<count).map { _ in "<m:Items><t:CalendarItem>\(nextID())<t:Subject>s</t:Subject></t:CalendarItem></m:Items>" })
        case "CreateItem":
            let items = operationNode.child("Items")?.children ?? []
            body = ResponseEnvelope.success(
                operation, messages: items.map { "<m:Items><t:\($0.localName)>\(nextID())</t:\($0.localName)></m:Items>" })
        case "UpdateItem":
            let changes = operationNode.child("ItemChanges")?.children ?? []
            body = ResponseEnvelope.success(
                operation,
                messages: changes.map { _ in
                    "<m:Items><t:CalendarItem>\(nextID())</t:CalendarItem></m:Items><m:ConflictResults><t:Count>0</t:Count></m:ConflictResults>"
                })
        case "DeleteItem":
            let count = operationNode.child("ItemIds")?.children.count ?? 0
            body = ResponseEnvelope.success(operation, messages: Array(repeating: "", count: count))
        case "FindItem":
            body = ResponseEnvelope.success(
                operation,
                messages: [
                    "<m:RootFolder TotalItemsInView=\"1\" IncludesLastItemInRange=\"true\"><t:Items><t:CalendarItem>\(nextID())</t:CalendarItem></t:Items></m:RootFolder>"
                ])
        default:
            return ScriptedResponse(status: 500, body: "unexpected operation \(operation)")
        }
        return .ok(body)
    }
}
