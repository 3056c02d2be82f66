import Foundation
import NIOCore
import PostgresNIO

extension PostgresSyncStore: OnboardingStore {
    public func saveInvitation(_ invitation: OnboardingInvitation) async throws {
        try await session("save an onboarding invitation") { db in
            try await db.execute(
                """
                INSERT INTO onboarding_invitation (token_digest, environment, language, created_at, expires_at, spent_at)
                VALUES (\(invitation.tokenDigest), \(invitation.environment), \(invitation.language), \(invitation.createdAt),
                    \(invitation.expiresAt), \(invitation.spentAt))
                """)
        }
    }

    public func invitation(tokenDigest: String) async throws -> OnboardingInvitation? {
        try await session("read an onboarding invitation") { db in
            try await db.row("SELECT * FROM onboarding_invitation WHERE token_digest = \(tokenDigest)").map(Self.invitation(from:))
        }
    }

    public func invitations() async throws -> [OnboardingInvitation] {
        try await session("list the onboarding invitations") { db in
            try await db.rows("SELECT * FROM onboarding_invitation ORDER BY created_at DESC, token_digest COLLATE \"C\"")
                .map(Self.invitation(from:))
        }
    }

    public func savePendingCertificate(_ sealed: Data, invitationDigest: String, at now: Date) async throws -> Bool {
        let bytes = ByteBuffer(bytes: sealed)
        return try await session("keep an onboarding certificate") { db in
            try await db.rows(
                """
                UPDATE onboarding_invitation SET pending_certificate = \(bytes)
                WHERE token_digest = \(invitationDigest) AND spent_at IS NULL AND expires_at > \(now)
                RETURNING 1
                """).count == 1
        }
    }

    public func completeOnboarding(_ environment: OnboardedEnvironment, invitationDigest: String, at now: Date) async throws -> Bool {
        let kind = environment.credentialKind.rawValue
        let sealed = ByteBuffer(bytes: environment.sealedCredential)
        return try await transaction("complete an onboarding", environment: environment.name) { db in
            let spent = try await db.rows(
                """
                UPDATE onboarding_invitation SET spent_at = \(now), pending_certificate = NULL
                WHERE token_digest = \(invitationDigest) AND spent_at IS NULL AND expires_at > \(now)
                RETURNING 1
                """)
            guard spent.count == 1 else { return false }
            try await db.execute(
                """
                INSERT INTO onboarded_environment
                    (name, tenant_id, application_id, api, credential_kind, sealed_credential, credential_expires_at, onboarded_at)
                VALUES (\(environment.name), \(environment.tenantID), \(environment.applicationID), \(environment.api), \(kind), \(sealed),
                    \(environment.credentialExpiresAt), \(environment.onboardedAt))
                ON CONFLICT (name) DO UPDATE SET tenant_id = excluded.tenant_id, application_id = excluded.application_id, api = excluded.api,
                    credential_kind = excluded.credential_kind, sealed_credential = excluded.sealed_credential,
                    credential_expires_at = excluded.credential_expires_at, onboarded_at = excluded.onboarded_at
                """)
            return true
        }
    }

    public func onboardedEnvironments() async throws -> [OnboardedEnvironment] {
        try await session("list the onboarded environments") { db in
            try await db.rows("SELECT * FROM onboarded_environment ORDER BY name COLLATE \"C\"").map { row in
                OnboardedEnvironment(
                    name: try row.value("name"), tenantID: try row.value("tenant_id"), applicationID: try row.value("application_id"),
                    api: try row.value("api"),
                    credentialKind: OnboardedEnvironment.CredentialKind(rawValue: try row.value("credential_kind")) ?? .secret,
                    sealedCredential: Data(try row.value("sealed_credential", as: ByteBuffer.self).readableBytesView),
                    credentialExpiresAt: try row.value("credential_expires_at"), onboardedAt: try row.value("onboarded_at"))
            }
        }
    }

    static func invitation(from row: PostgresRandomAccessRow) throws -> OnboardingInvitation {
        OnboardingInvitation(
            tokenDigest: try row.value("token_digest"), environment: try row.value("environment"), language: try row.value("language"),
            createdAt: try row.value("created_at"), expiresAt: try row.value("expires_at"), spentAt: try row.value("spent_at"),
            pendingCertificate: try row.value("pending_certificate", as: ByteBuffer?.self).map { Data($0.readableBytesView) })
    }
}
