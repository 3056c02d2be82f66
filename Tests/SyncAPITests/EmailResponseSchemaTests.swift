import ChildProcessSupport
import Foundation
import SyncEngine
import SyncStore
import Testing

/// The e-mail bodies the API returns, checked against `openapi/prextra-sync.yaml` with a JSON
/// Schema 2020-12 validator (`scripts/openapi_body_check.py`, jsonschema_rs from the `.venv`).
/// Schemathesis checks every operation too, but its service has no mail, so the e-mail record
/// shapes (`EmailFields`, whose properties are closed) are only ever seen here.
@Suite(
    "E-mail responses match the OpenAPI document",
    .enabled(
        if: RepositoryPython.python(importing: ["jsonschema_rs", "yaml"]) != nil
            || ProcessInfo.processInfo.environment["PREXTRA_REQUIRE_INTEROP"] != nil,
        "the repository's .venv has no jsonschema_rs/pyyaml (run scripts/test.sh)"))
struct EmailResponseSchemaTests {
    /// Every field set, at its limits: a full record must still match the closed `EmailFields`.
    static func fullEmail(in mailbox: MailboxAddress) -> TrackedEmail {
        TrackedEmail(
            internetMessageID: InternetMessageID("<reply@fabrikam.example>")!, inReplyTo: InternetMessageID("<quote@prextra.example>"),
            conversationID: "AAQkAGI2", from: EmailParticipant(name: "Client, The", address: "client@fabrikam.example"),
            to: [EmailParticipant(name: "Jane", address: mailbox.rawValue)],
            cc: [EmailParticipant(address: "undisclosed-recipients:;")], subject: "Re: Quote",
            sentAt: Date(timeIntervalSince1970: 1_767_225_600), receivedAt: Date(timeIntervalSince1970: 1_767_225_660),
            direction: .inbound, body: "Thanks — agreed.", bodyTruncated: true,
            attachments: [EmailAttachment(name: "quote.pdf", contentType: "application/pdf", size: 48_213), EmailAttachment(name: "notes")],
            mailboxes: [mailbox], matchedContacts: [RecordID(rawValue: "C-1"), RecordID(rawValue: "C-2")], reason: .matchedContact,
            warnings: ["a Cc address is malformed"])
    }

    @Test("The e-mail record, the e-mail page and the change feed page with e-mail entries match their schemas; a wrong body does not")
    func bodiesMatchTheDocument() async throws {
        let python = try #require(RepositoryPython.python(importing: ["jsonschema_rs", "yaml"]), "the .venv needs schemathesis (scripts/python-requirements.txt)")
        let api = try await APIHarness.start()
        defer { api.remove() }
        let jane = MailboxAddress("jane@prextra.example"), paul = MailboxAddress("paul@prextra.example")
        let full = Self.fullEmail(in: jane)
        _ = try await api.store.recordTrackedEmail(full, environment: "prextra", at: Date())
        _ = try await api.store.addEmailSighting(full.internetMessageID, mailbox: paul, environment: "prextra", at: Date())
        // A message with nothing optional.
        _ = try await api.store.recordTrackedEmail(
            TrackedEmail(internetMessageID: InternetMessageID("<bare@fabrikam.example>")!, direction: .outbound, mailboxes: [jane], reason: .category),
            environment: "prextra", at: Date())

        var checks: [[String: Any]] = []
        for (schema, path) in [
            ("TrackedEmail", "/v1/environments/prextra/emails/email-1"), ("TrackedEmail", "/v1/environments/prextra/emails/email-2"),
            ("TrackedEmailPage", "/v1/environments/prextra/emails"), ("ChangePage", "/v1/environments/prextra/changes"),
        ] {
            let answer = try await api.request(.GET, path)
            #expect(answer.status == 200, "\(path)")
            checks.append(["schema": schema, "body": answer.json])
        }
        // The check itself can fail: a field the document does not name is refused.
        var wrong = try #require(checks.first?["body"] as? [String: Any])
        var fields = try #require(wrong["fields"] as? [String: Any])
        fields["bcc"] = ["someone@fabrikam.example"]
        wrong["fields"] = fields
        checks.append(["schema": "TrackedEmail", "body": wrong])

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("email-bodies-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONSerialization.data(withJSONObject: checks).write(to: file)
        let run = try await ChildProcess.run(
            python, arguments: [RepositoryPython.repository.appendingPathComponent("scripts/openapi_body_check.py").path, file.path],
            mergingErrors: true)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == checks.count, "\(run.standardOutput)")
        #expect(Array(lines.prefix(4)) == ["ok TrackedEmail", "ok TrackedEmail", "ok TrackedEmailPage", "ok ChangePage"], "\(run.standardOutput)")
        #expect(lines.last?.hasPrefix("invalid TrackedEmail: fields: Additional properties are not allowed ('bcc'") == true, "\(run.standardOutput)")
        #expect(run.status == 1)
    }
}
