import SyncEngine
import SyncStore

/// The ERP's side of the day: it changes CRM records through the store, exactly as its
/// API calls (`PUT /v1/environments/{environment}/appointments/{id}`) would.
struct DemoERP: Sendable {
    let store: any SyncStore
    let environment: String

    /// Rewrites an appointment with `change` applied; the write carries the version read (If-Match).
    @discardableResult
    func updateAppointment(_ key: RecordKey, _ change: (inout AppointmentFields) -> Void) async throws -> AppointmentFields {
        guard let record = try await store.record(environment: environment, key: key), !record.isDeleted else {
            throw DemoError.missingItem("record \(key)")
        }
        var fields = try AppointmentFields(fields: record.fields)
        change(&fields)
        try await store.upsertRecord(
            environment: environment, record: key, fields: fields.fields, owners: record.owners, ifMatch: record.version)
        return fields
    }
}
