import Foundation
import GRDB

extension SQLiteSyncStore: OperatorSessionStore {
    public func startOperatorSession(_ session: OperatorSession, now: Date) async throws {
        try await writing("start an operator session") { db in
            try db.execute(sql: "DELETE FROM operator_session WHERE expires_at <= ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO operator_session (token_digest, key_name, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [session.tokenDigest, session.keyName, session.createdAt, session.expiresAt])
        }
    }

    public func operatorSession(tokenDigest: String, at now: Date) async throws -> OperatorSession? {
        try await reading("read an operator session") { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM operator_session WHERE token_digest = ? AND expires_at > ?", arguments: [tokenDigest, now]
            ).map { row in
                OperatorSession(tokenDigest: row["token_digest"], keyName: row["key_name"], createdAt: row["created_at"], expiresAt: row["expires_at"])
            }
        }
    }

    public func extendOperatorSession(tokenDigest: String, until: Date, now: Date) async throws {
        try await writing("extend an operator session") { db in
            try db.execute(
                sql: "UPDATE operator_session SET expires_at = ? WHERE token_digest = ? AND expires_at > ? AND expires_at < ?",
                arguments: [until, tokenDigest, now, until])
        }
    }

    public func endOperatorSession(tokenDigest: String) async throws {
        try await writing("end an operator session") { db in
            try db.execute(sql: "DELETE FROM operator_session WHERE token_digest = ?", arguments: [tokenDigest])
        }
    }
}
