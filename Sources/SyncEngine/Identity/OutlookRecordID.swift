/// Mints the CRM record id of an item created in Outlook and opted in to the CRM.
///
/// The id is derived from the mailbox and the item id, so that replaying a plan whose results
/// were lost (a crash between the CRM write and the link commit) upserts the same record
/// instead of creating a second one. The hash identifies; it is not a security measure.
public enum OutlookRecordID {
    public static let prefix = "outlook-"

    /// Whether `id` was minted here (a record created from an Outlook item).
    public static func isMinted(_ id: RecordID) -> Bool { id.rawValue.hasPrefix(prefix) }

    public static func mint(mailbox: MailboxAddress, item: ItemID) -> RecordID {
        let input = Array("\(mailbox.rawValue)\n\(item.rawValue)".utf8)
        let high = fnv1a64(input, offset: 0xcbf2_9ce4_8422_2325)
        let low = fnv1a64(input, offset: 0x8422_2325_cbf2_9ce4)
        return RecordID(prefix + hex(high) + hex(low))
    }

    private static func fnv1a64(_ bytes: [UInt8], offset: UInt64) -> UInt64 {
        var hash = offset
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
