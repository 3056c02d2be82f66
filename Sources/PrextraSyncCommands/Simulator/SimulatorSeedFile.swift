import ExchangeSimulator
import Foundation

/// Reads a simulator seed file (`--seed FILE`, documented in docs/simulator.md) and checks what
/// the decoder cannot: every problem names the file and the field, e.g.
/// `tenants[0].mailboxes[1].primarySmtpAddress`.
enum SimulatorSeedFile {
    static func load(_ path: String) throws(SimulatorSeedError) -> SimulatorSeed {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SimulatorSeedError(file: path, field: nil, problem: "cannot be read (\(Self.reason(of: error))).")
        }
        let seed: SimulatorSeed
        do {
            seed = try SimulatorSeed.decoder.decode(SimulatorSeed.self, from: data)
        } catch let error as DecodingError {
            throw Self.describe(error, file: path)
        } catch {
            throw SimulatorSeedError(file: path, field: nil, problem: "is not valid JSON (\(Self.reason(of: error))).")
        }
        try check(seed, file: path)
        return seed
    }

    /// What JSON decoding cannot see: ids, duplicates, an app the service could use.
    static func check(_ seed: SimulatorSeed, file: String) throws(SimulatorSeedError) {
        guard !seed.tenants.isEmpty else {
            throw SimulatorSeedError(file: file, field: "tenants", problem: "is empty; the simulator needs at least one tenant.")
        }
        var addresses: [String: String] = [:]
        var tenantIds = Set<String>()
        for (t, tenant) in seed.tenants.enumerated() {
            let prefix = "tenants[\(t)]"
            guard UUID(uuidString: tenant.id) != nil else {
                throw SimulatorSeedError(file: file, field: "\(prefix).id", problem: "is \"\(tenant.id)\", not a GUID (Entra ID tenant ids are GUIDs).")
            }
            guard tenantIds.insert(tenant.id.lowercased()).inserted else {
                throw SimulatorSeedError(file: file, field: "\(prefix).id", problem: "repeats the tenant \(tenant.id).")
            }
            for (a, app) in tenant.apps.enumerated() where UUID(uuidString: app.clientId) == nil {
                throw SimulatorSeedError(
                    file: file, field: "\(prefix).apps[\(a)].clientId", problem: "is \"\(app.clientId)\", not a GUID.")
            }
            for (m, mailbox) in tenant.mailboxes.enumerated() {
                let field = "\(prefix).mailboxes[\(m)].primarySmtpAddress"
                let address = mailbox.primarySmtpAddress.trimmingCharacters(in: .whitespaces).lowercased()
                let parts = address.split(separator: "@", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty, parts[1].contains(".") else {
                    throw SimulatorSeedError(file: file, field: field, problem: "is \"\(mailbox.primarySmtpAddress)\", not an SMTP address.")
                }
                if let earlier = addresses[address] {
                    throw SimulatorSeedError(file: file, field: field, problem: "repeats \(address), already at \(earlier).")
                }
                addresses[address] = field
            }
        }
    }

    static func describe(_ error: DecodingError, file: String) -> SimulatorSeedError {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String? {
            let keys = codingPath + (last.map { [$0] } ?? [])
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? nil : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return SimulatorSeedError(file: file, field: path(context.codingPath, key), problem: "is missing.")
        case .valueNotFound(let type, let context):
            return SimulatorSeedError(file: file, field: path(context.codingPath), problem: "is null; expected \(Self.name(of: type)).")
        case .typeMismatch(let type, let context):
            return SimulatorSeedError(file: file, field: path(context.codingPath), problem: "has the wrong type; expected \(Self.name(of: type)).")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field == nil {
                let underlying = context.underlyingError.map { Self.reason(of: $0) } ?? context.debugDescription
                return SimulatorSeedError(file: file, field: nil, problem: "is not valid JSON (\(underlying)).")
            }
            // Linux's decoder stops the path at the object holding a bad date; the message says it is one.
            let isDate = context.codingPath.last?.stringValue == "expiresOn" || context.debugDescription.lowercased().contains("date")
            let hint = isDate ? " Write dates in ISO 8601 with a zone, e.g. 2027-06-30T00:00:00Z." : ""
            return SimulatorSeedError(file: file, field: field, problem: "is invalid: \(context.debugDescription)\(hint)")
        @unknown default:
            return SimulatorSeedError(file: file, field: nil, problem: "cannot be decoded (\(error)).")
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is UInt64.Type: "an integer"
        case is Double.Type: "a number"
        case is Date.Type: "an ISO 8601 date"
        default: "\(type)".hasPrefix("Array") ? "a list [ … ]" : "an object { … }"
        }
    }

    private static func reason(of error: any Error) -> String {
        let nsError = error as NSError
        if let description = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return description }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError { return underlying.localizedDescription }
        return nsError.localizedDescription
    }
}

/// A seed file the simulator cannot start from, with where the problem is.
struct SimulatorSeedError: Error, CustomStringConvertible, Equatable {
    var file: String
    /// The JSON path of the offending field, when the problem is inside the file.
    var field: String?
    var problem: String

    var description: String {
        if let field { return "seed file \(file): \(field) \(problem)" }
        return "seed file \(file) \(problem)"
    }
}
