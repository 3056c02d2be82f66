import Foundation

/// Microsoft To Do (`todoTask`, `todoTaskList`) on the store's EWS tasks.
///
/// Decision (the public record does not say how To Do and EWS tasks share a mailbox): a To Do
/// list is a task folder. The default list (`wellknownListName: defaultList`, "Tasks") is the
/// distinguished `tasks` folder; every other IPF.Task folder is a list (`none`). A To Do task is
/// the EWS Task in that folder, so a task written through one protocol reads through the other:
/// title ↔ Subject, body ↔ Body, status ↔ Status, importance ↔ Importance, dueDateTime ↔ DueDate,
/// startDateTime ↔ StartDate, completedDateTime ↔ CompleteDate, reminderDateTime ↔ ReminderDueBy,
/// isReminderOn ↔ ReminderIsSet, categories ↔ Categories. `todoTask` has no
/// `singleValueExtendedProperties` in v1.0 (the CSDL subset says so), so a body that sends them is 400.
enum GraphTaskMapping {
    static let status: [(graph: String, ews: String)] = [
        ("notStarted", "NotStarted"), ("inProgress", "InProgress"), ("completed", "Completed"),
        ("waitingOnOthers", "WaitingOnOthers"), ("deferred", "Deferred"),
    ]

    static func changes(from body: GraphJSON) throws(GraphError) -> GraphEventMapping.Changes {
        var changes = GraphEventMapping.Changes()
        if let value = body["title"] {
            if let text = value.stringValue { changes.set.append(.t("Subject", text)) } else { changes.remove.append("Subject") }
        }
        if let value = body["body"] {
            if value.isNull {
                changes.remove.append("Body")
            } else {
                let type = value["contentType"]?.stringValue == "html" ? "HTML" : "Text"
                changes.set.append(.t("Body", value["content"]?.stringValue ?? "", attributes: ["BodyType": type]))
            }
        }
        if let value = body["status"]?.stringValue, let mapped = GraphEventMapping.ews(status, value) {
            changes.set.append(.t("Status", mapped))
            if mapped == "Completed" { changes.set.append(.t("PercentComplete", "100")) }
        }
        if let value = body["importance"]?.stringValue, let mapped = GraphEventMapping.ews(GraphEventMapping.importance, value) {
            changes.set.append(.t("Importance", mapped))
        }
        for (graph, ews) in [("dueDateTime", "DueDate"), ("startDateTime", "StartDate"), ("completedDateTime", "CompleteDate"), ("reminderDateTime", "ReminderDueBy")] {
            guard let value = body[graph] else { continue }
            if value.isNull {
                changes.remove.append(ews)
            } else {
                changes.set.append(.t(ews, EWSDateTime.format(try GraphDateTime.parse(value, property: graph).date)))
            }
        }
        if let value = body["isReminderOn"]?.boolValue { changes.set.append(.t("ReminderIsSet", value ? "true" : "false")) }
        if let categories = body["categories"] {
            let names = categories.arrayValue?.compactMap(\.stringValue) ?? []
            if names.isEmpty { changes.remove.append("Categories") } else { changes.set.append(.t("Categories", children: names.map { .t("String", $0) })) }
        }
        return changes
    }

    static func render(_ item: StoredItem, options: GraphRenderOptions) -> GraphJSON {
        var fields: [GraphJSON.Member] = [
            .init("@odata.etag", .string(GraphEventMapping.etag(item.changeKey))),
            .init("id", .string(GraphIds.restId(of: item, immutable: options.immutableIds))),
        ]
        func add(_ name: String, _ value: GraphJSON) {
            if options.includes(name) { fields.append(.init(name, value)) }
        }
        func date(_ ews: String) -> GraphJSON {
            guard let text = item.property(ews)?.text, let value = EWSDateTime.parse(text, floatingIn: .gmt) else { return .null }
            return GraphDateTime.value(value, zoneName: options.zoneName)
        }
        add("importance", .string(GraphEventMapping.graph(GraphEventMapping.importance, item.property("Importance")?.text) ?? "normal"))
        add("isReminderOn", .bool(item.property("ReminderIsSet")?.text == "true"))
        add("status", .string(GraphEventMapping.graph(status, item.property("Status")?.text) ?? "notStarted"))
        add("title", .string(item.property("Subject")?.text ?? ""))
        add("createdDateTime", .string(GraphDateTime.formatSeconds(item.created)))
        add("lastModifiedDateTime", .string(GraphDateTime.formatSeconds(item.lastModified)))
        add("hasAttachments", .bool(false))
        add("categories", .array((item.property("Categories")?.children("String") ?? []).map { .string($0.text) }))
        add("body", .fields(["content": .string(item.property("Body")?.text ?? ""), "contentType": .string(item.property("Body")?[attribute: "BodyType"] == "HTML" ? "html" : "text")]))
        add("dueDateTime", date("DueDate"))
        add("startDateTime", date("StartDate"))
        add("completedDateTime", date("CompleteDate"))
        add("reminderDateTime", date("ReminderDueBy"))
        if options.expandsLinkedResources {
            fields.append(.init("linkedResources", .array(item.linkedResources.map(renderLinkedResource))))
        }
        return .object(fields)
    }

    static func renderLinkedResource(_ resource: LinkedResource) -> GraphJSON {
        .fields([
            "id": .string(resource.id),
            "applicationName": resource.applicationName.map(GraphJSON.string) ?? .null,
            "displayName": resource.displayName.map(GraphJSON.string) ?? .null,
            "externalId": resource.externalId.map(GraphJSON.string) ?? .null,
            "webUrl": resource.webUrl.map(GraphJSON.string) ?? .null,
        ])
    }

    /// The linked resources of a validated `todoTask` body (deep insert on create), or of one
    /// `linkedResource` body.
    static func linkedResources(from body: GraphJSON) -> [LinkedResource] {
        (body["linkedResources"]?.arrayValue ?? []).map(linkedResource(from:))
    }

    static func linkedResource(from body: GraphJSON) -> LinkedResource {
        LinkedResource(
            id: Identifiers.newImmutableId(), applicationName: body["applicationName"]?.stringValue,
            displayName: body["displayName"]?.stringValue, externalId: body["externalId"]?.stringValue, webUrl: body["webUrl"]?.stringValue)
    }

    static func renderList(_ folder: FolderRecord) -> GraphJSON {
        .fields([
            "@odata.etag": .string(GraphEventMapping.etag(folder.changeKey)),
            "displayName": .string(folder.distinguishedName == "tasks" ? "Tasks" : folder.displayName),
            "isOwner": .bool(true),
            "isShared": .bool(false),
            "wellknownListName": .string(folder.distinguishedName == "tasks" ? "defaultList" : "none"),
            "id": .string(GraphIds.restId(fromEWS: folder.id)),
        ])
    }
}
