import Foundation
import GRDB

extension SQLiteSyncStore: OnboardingStore {
    public func saveInvitation(_ invitation: OnboardingInvitation) async throws {
        try await writing("save an onboarding invitation") { db in
            try db.execute(
                sql: """
                    INSERT INTO onboarding_invitation (token_digest, environment, language, created_at, expires_at, spent_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    invitation.tokenDigest, invitation.environment, invitation.language, invitation.createdAt, invitation.expiresAt,
                    invitation.spentAt,
                ])
        }
    }

    public func invitation(tokenDigest: String) async throws -> OnboardingInvitation? {
        try await reading("read an onboarding invitation") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM onboarding_invitation WHERE token_digest = ?", arguments: [tokenDigest])
                .map(Self.invitation(from:))
        }
    }

    public func invitations() async throws -> [OnboardingInvitation] {
        try await reading("list the onboarding invitations") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM onboarding_invitation ORDER BY created_at DESC, token_digest").map(Self.invitation(from:))
        }
    }

    public func savePendingCertificate(_ sealed: Data, invitationDigest: String, at now: Date) async throws -> Bool {
        try await writing("keep an onboarding certificate") { db in
            try db.execute(
                sql: "UPDATE onboarding_invitation SET pending_certificate = ? WHERE token_digest = ? AND spent_at IS NULL AND expires_at > ?",
                arguments: [sealed, invitationDigest, now])
            return db.changesCount == 1
        }
    }

    public func completeOnboarding(_ environment: OnboardedEnvironment, invitationDigest: String, at now: Date) async throws -> Bool {
        try await writing("complete an onboarding", environment: environment.name) { db in
            try db.execute(
                sql: "UPDATE onboarding_invitation SET spent_at = ?, pending_certificate = NULL WHERE token_digest = ? AND spent_at IS NULL AND expires_at > ?",
                arguments: [now, invitationDigest, now])
            guard db.changesCount == 1 else { return false }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO onboarded_environment
                        (name, tenant_id, application_id, api, credential_kind, sealed_credential, credential_expires_at, onboarded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    environment.name, environment.tenantID, environment.applicationID, environment.api, environment.credentialKind.rawValue,
                    environment.sealedCredential, environment.credentialExpiresAt, environment.onboardedAt,
                ])
            return true
        }
    }

    public func onboardedEnvironments() async throws -> [OnboardedEnvironment] {
        try await reading("list the onboarded environments") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM onboarded_environment ORDER BY name").map { row in
                OnboardedEnvironment(
                    name: row["name"], tenantID: row["tenant_id"], applicationID: row["application_id"], api: row["api"],
                    credentialKind: OnboardedEnvironment.CredentialKind(rawValue: row["credential_kind"]) ?? .secret,
                    sealedCredential: row["sealed_credential"], credentialExpiresAt: row["credential_expires_at"],
                    onboardedAt: row["onboarded_at"])
            }
        }
    }

    static func invitation(from row: Row) -> OnboardingInvitation {
        OnboardingInvitation(
            tokenDigest: row["token_digest"], environment: row["environment"], language: row["language"], createdAt: row["created_at"],
            expiresAt: row["expires_at"], spentAt: row["spent_at"], pendingCertificate: row["pending_certificate"])
    }
}
