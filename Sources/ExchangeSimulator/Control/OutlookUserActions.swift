import Foundation

/// What a person does in Outlook, applied straight to a mailbox: tests and the demo use these
/// (directly or through the control API) to make changes the sync must pick up.
extension SimulatedExchange {
    public struct ItemSummary: Codable, Sendable, Hashable {
        public var id: String
        public var changeKey: String
        public var kind: String
        public var folder: String
        public var subject: String?
        /// The item as AllProperties XML, extended properties included.
        public var xml: String
    }

    public enum OutlookActionError: Error, CustomStringConvertible {
        case noSuchMailbox(String)
        case noSuchFolder(String)
        case noSuchItem(String)
        case invalid(String)
        public var description: String {
            switch self {
            case .noSuchMailbox(let value): "no mailbox \(value)"
            case .noSuchFolder(let value): "no folder \(value)"
            case .noSuchItem(let value): "no item \(value)"
            case .invalid(let value): value
            }
        }
    }

    func requireMailbox(_ address: String) throws(OutlookActionError) -> SimulatedMailbox {
        guard let mailbox = mailbox(address) else { throw .noSuchMailbox(address) }
        return mailbox
    }

    private static func folderId(_ name: String, in contents: MailboxContents) -> String? {
        contents.folderId(distinguished: name) ?? (contents.folders[name] != nil ? name : nil)
            ?? contents.folders.values.first { $0.displayName == name }?.id
    }

    /// Items of a folder (distinguished name, display name or id), newest first.
    public func items(in address: String, folder: String) throws(OutlookActionError) -> [ItemSummary] {
        let contents = try requireMailbox(address).snapshot
        guard let folderId = Self.folderId(folder, in: contents) else { throw .noSuchFolder(folder) }
        let items = contents.items(inFolder: folderId).sorted { (lhs: StoredItem, rhs: StoredItem) in
            lhs.created == rhs.created ? lhs.id > rhs.id : lhs.created > rhs.created
        }
        return items.map { self.summary($0, contents) }
    }

    public func item(in address: String, id: String) throws(OutlookActionError) -> ItemSummary {
        let contents = try requireMailbox(address).snapshot
        guard let item = contents.items[id] else { throw .noSuchItem(id) }
        return summary(item, contents)
    }

    func summary(_ item: StoredItem, _ contents: MailboxContents) -> ItemSummary {
        let renderer = ItemRenderer(contents: contents, order: order)
        var element = renderer.render(item, shape: ItemShape(base: .allProperties, fieldNames: [], indexedFields: [:], extendedFields: []))
        element.children += item.extendedProperties.sorted { $0.key.description < $1.key.description }.map(\.value)
        let folder = contents.folders[item.folderId]
        return ItemSummary(
            id: item.id, changeKey: item.changeKey, kind: item.kind.rawValue,
            folder: folder?.distinguishedName ?? folder?.displayName ?? item.folderId, subject: item.subject,
            xml: XMLWriter.document(element))
    }

    /// Creates an item from its EWS element (`<t:CalendarItem xmlns:t=…>…`), as Outlook would.
    @discardableResult
    public func createItem(in address: String, folder: String, xml: String) throws(OutlookActionError) -> ItemSummary {
        let mailbox = try requireMailbox(address)
        let element: XMLElementNode
        do { element = try XMLTreeParser.parse(Data(xml.utf8)) } catch { throw .invalid("not well-formed: \(error.message)") }
        let order = self.order
        let result = mailbox.withContents { (contents: inout MailboxContents) -> Result<StoredItem, OutlookActionError> in
            guard let folderId = Self.folderId(folder, in: contents) else { return .failure(.noSuchFolder(folder)) }
            let zone = TimeZoneResolution.timeZone(windowsId: contents.timeZone) ?? .gmt
            do throws(EWSError) {
                let item = try ItemBuilder(order: order, timeZoneContext: zone).build(from: element, folderId: folderId, now: Date())
                contents.insert(item)
                return .success(item)
            } catch {
                return .failure(.invalid("\(error.code): \(error.message)"))
            }
        }
        let item = try result.get()
        return summary(item, mailbox.snapshot)
    }

    /// The id the actions take for an item a client knows by its Graph id (regular or immutable);
    /// nil when `graphID` names no item of the mailbox (an EWS id, for one).
    public func itemID(graphID: String, in address: String) throws(OutlookActionError) -> String? {
        let mailbox = try requireMailbox(address)
        guard case .item(let id)? = try? GraphIds.resolve(graphID, in: mailbox.snapshot) else { return nil }
        return id
    }

    /// Edits an item: sets simple properties by element name (`Subject`, `Location`, `Start`…)
    /// or from EWS elements, and removes others. The ChangeKey changes, as in Outlook.
    @discardableResult
    public func updateItem(
        in address: String, id: String, set values: [String: String] = [:], setXML: [String] = [], remove: [String] = []
    ) throws(OutlookActionError) -> ItemSummary {
        let mailbox = try requireMailbox(address)
        var elements: [XMLElementNode] = []
        for xml in setXML {
            do { elements.append(try XMLTreeParser.parse(Data(xml.utf8))) } catch { throw .invalid("not well-formed: \(error.message)") }
        }
        let order = self.order
        let result = mailbox.withContents { (contents: inout MailboxContents) -> Result<StoredItem, OutlookActionError> in
            guard var item = contents.items[id] else { return .failure(.noSuchItem(id)) }
            let zone = TimeZoneResolution.timeZone(windowsId: contents.timeZone) ?? .gmt
            var properties = values.sorted { $0.key < $1.key }.map { XMLElementNode.t($0.key, $0.value) }
            properties += elements.filter { $0.name != "ExtendedProperty" }
            for property in properties where !order.has(property.name, in: item.kind.schemaType) || ItemPropertyRules.readOnly.contains(property.name) {
                return .failure(.invalid("\(property.name) is not a settable property of a \(item.kind.rawValue)"))
            }
            do throws(EWSError) {
                try ItemPropertyRules.normalizeDates(&properties, schemaType: item.kind.schemaType, order: order, context: zone, existing: item)
                for property in properties { item.setProperty(property) }
                for element in elements where element.name == "ExtendedProperty" {
                    guard let uri = element.child("ExtendedFieldURI"), let key = ExtendedPropertyKey(fieldURI: uri) else {
                        return .failure(.invalid("invalid ExtendedFieldURI"))
                    }
                    item.extendedProperties[key] = element
                }
                for name in remove { item.removeProperty(name) }
                try ItemBuilder(order: order, timeZoneContext: zone).complete(&item)
            } catch {
                return .failure(.invalid("\(error.code): \(error.message)"))
            }
            item.touch(at: Date())
            contents.replace(item)
            return .success(item)
        }
        return summary(try result.get(), mailbox.snapshot)
    }

    /// Moves an item to another folder; it gets a new ItemId.
    @discardableResult
    public func moveItem(in address: String, id: String, to folder: String) throws(OutlookActionError) -> ItemSummary {
        let mailbox = try requireMailbox(address)
        let result = mailbox.withContents { (contents: inout MailboxContents) -> Result<StoredItem, OutlookActionError> in
            guard let folderId = Self.folderId(folder, in: contents) else { return .failure(.noSuchFolder(folder)) }
            guard let moved = contents.move(id, to: folderId, at: Date()) else { return .failure(.noSuchItem(id)) }
            return .success(moved)
        }
        return summary(try result.get(), mailbox.snapshot)
    }

    /// Exports an item and imports it again (a PST import, a restore by a backup tool): the item
    /// stays in its folder with every property, extended properties included, under a new ItemId.
    @discardableResult
    public func reimportItem(in address: String, id: String) throws(OutlookActionError) -> ItemSummary {
        let mailbox = try requireMailbox(address)
        let result = mailbox.withContents { (contents: inout MailboxContents) -> Result<StoredItem, OutlookActionError> in
            guard let reimported = contents.reimport(id, at: Date()) else { return .failure(.noSuchItem(id)) }
            return .success(reimported)
        }
        return summary(try result.get(), mailbox.snapshot)
    }

    /// Puts a mailbox over its storage quota, or back under it (an administrator's action, or the
    /// user emptying Deleted Items): over it, creates and updates fail with `ErrorQuotaExceeded`.
    public func setOverQuota(_ address: String, _ over: Bool) throws(OutlookActionError) {
        try requireMailbox(address).withContents { $0.isOverQuota = over }
    }

    /// Deletes an item for good (Shift+Delete).
    public func deleteItem(in address: String, id: String) throws(OutlookActionError) {
        let mailbox = try requireMailbox(address)
        let found = mailbox.withContents { contents -> Bool in
            guard contents.items[id] != nil else { return false }
            contents.remove(id)
            return true
        }
        if !found { throw .noSuchItem(id) }
    }
}
