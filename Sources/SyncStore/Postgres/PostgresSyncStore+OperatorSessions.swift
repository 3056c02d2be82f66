import Foundation
import PostgresNIO

extension PostgresSyncStore: OperatorSessionStore {
    public func startOperatorSession(_ session: OperatorSession, now: Date) async throws {
        try await transaction("start an operator session") { db in
            try await db.execute("DELETE FROM operator_session WHERE expires_at <= \(now)")
            try await db.execute(
                """
                INSERT INTO operator_session (token_digest, key_name, created_at, expires_at)
                VALUES (\(session.tokenDigest), \(session.keyName), \(session.createdAt), \(session.expiresAt))
                """)
        }
    }

    public func operatorSession(tokenDigest: String, at now: Date) async throws -> OperatorSession? {
        try await session("read an operator session") { db in
            try await db.row("SELECT * FROM operator_session WHERE token_digest = \(tokenDigest) AND expires_at > \(now)").map { row in
                OperatorSession(
                    tokenDigest: try row.value("token_digest"), keyName: try row.value("key_name"), createdAt: try row.value("created_at"),
                    expiresAt: try row.value("expires_at"))
            }
        }
    }

    public func extendOperatorSession(tokenDigest: String, until: Date, now: Date) async throws {
        try await session("extend an operator session") { db in
            try await db.execute(
                """
                UPDATE operator_session SET expires_at = \(until)
                WHERE token_digest = \(tokenDigest) AND expires_at > \(now) AND expires_at < \(until)
                """)
        }
    }

    public func endOperatorSession(tokenDigest: String) async throws {
        try await session("end an operator session") { db in
            try await db.execute("DELETE FROM operator_session WHERE token_digest = \(tokenDigest)")
        }
    }
}
