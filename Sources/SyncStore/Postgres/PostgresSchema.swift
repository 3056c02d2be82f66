import Logging
import PostgresNIO

/// The PostgreSQL schema, as named migrations applied in order and recorded in
/// `schema_migration`. A migration, once released, never changes: a new column or table is a
/// new migration appended at the end (as in `SQLiteSchema.swift`).
///
/// The first migration is the SQLite store's schema as of its migration 15, in PostgreSQL's types:
/// dates are `timestamptz`, flags `boolean`, counters and positions `bigint`. JSON columns
/// (field sets, name lists, counts) are `text` holding exactly the SQLite store's encoding
/// (`FieldSetJSON`, `StoreJSON`): no re-parsing on write, and a copied row is the same bytes.
///
/// Migrations run under a transaction-scoped advisory lock, so that workers starting together
/// migrate one at a time; the later ones find the migrations recorded and skip them.
enum PostgresSchema {
    struct Migration: Sendable {
        var name: String
        var statements: [String]
    }

    /// Key of the advisory lock held while migrating (an arbitrary constant: "PrxSync1").
    static let migrationLock: Int64 = 0x5072_7853_796E_6331

    static let migrations: [Migration] = [
        Migration(
            name: "1-initial-schema",
            statements: [
                """
                CREATE TABLE environment (
                    name text NOT NULL PRIMARY KEY CHECK (name <> ''),
                    config_fingerprint text,
                    webhook_delivery boolean NOT NULL DEFAULT false,
                    -- The feed heads: the next position of a feed is taken by incrementing its head
                    -- in the writing transaction (see PostgresSyncStore+Records.swift).
                    crm_feed_head bigint NOT NULL DEFAULT 0 CHECK (crm_feed_head >= 0),
                    outlook_feed_head bigint NOT NULL DEFAULT 0 CHECK (outlook_feed_head >= 0),
                    registered_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    api text CHECK (api IN ('ews', 'graph')),
                    api_automatic boolean NOT NULL DEFAULT false,
                    api_notice text,
                    api_decided_at timestamptz
                )
                """,
                """
                CREATE TABLE mailbox (
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    address text NOT NULL CHECK (address <> '' AND address = lower(address)),
                    state text NOT NULL CHECK (state IN ('enrolled', 'disabled')),
                    enrolled_at timestamptz NOT NULL,
                    last_attempt_at timestamptz,
                    last_success_at timestamptz,
                    last_error text,
                    last_error_diagnostic text,
                    last_error_at timestamptz,
                    PRIMARY KEY (environment, address)
                )
                """,
                // One link per record per mailbox, one per item per mailbox: a duplicate item
                // cannot be recorded, whatever the code above does.
                """
                CREATE TABLE link (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    environment text NOT NULL,
                    mailbox text NOT NULL,
                    entity text NOT NULL CHECK (entity <> ''),
                    record_id text NOT NULL CHECK (record_id <> ''),
                    item_id text NOT NULL CHECK (item_id <> ''),
                    change_key text NOT NULL,
                    base text NOT NULL,
                    tag text NOT NULL,
                    last_written_change_key text,
                    folder_id text,
                    detached boolean NOT NULL DEFAULT false,
                    uncommitted_write text,
                    uncommitted_clears text,
                    awaiting_read_back boolean NOT NULL DEFAULT false,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE,
                    CONSTRAINT link_one_per_record UNIQUE (environment, mailbox, entity, record_id),
                    CONSTRAINT link_one_per_item UNIQUE (environment, mailbox, item_id)
                )
                """,
                "CREATE INDEX link_by_tag ON link (environment, mailbox, tag)",
                "CREATE INDEX link_by_record ON link (environment, entity, record_id)",
                """
                CREATE TABLE sync_state (
                    environment text NOT NULL,
                    mailbox text NOT NULL,
                    folder_id text NOT NULL CHECK (folder_id <> ''),
                    state text NOT NULL,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (environment, mailbox, folder_id),
                    FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE
                )
                """,
                // consumer: '' for the whole environment, else a mailbox address.
                """
                CREATE TABLE crm_feed_position (
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    consumer text NOT NULL,
                    position bigint NOT NULL CHECK (position >= 0),
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (environment, consumer)
                )
                """,
                """
                CREATE TABLE record (
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    entity text NOT NULL CHECK (entity <> ''),
                    record_id text NOT NULL CHECK (record_id <> ''),
                    fields text NOT NULL,
                    version bigint NOT NULL CHECK (version > 0),
                    deleted boolean NOT NULL,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (environment, entity, record_id)
                )
                """,
                """
                CREATE TABLE record_owner (
                    environment text NOT NULL,
                    entity text NOT NULL,
                    record_id text NOT NULL,
                    mailbox text NOT NULL CHECK (mailbox <> '' AND mailbox = lower(mailbox)),
                    PRIMARY KEY (environment, entity, record_id, mailbox),
                    FOREIGN KEY (environment, entity, record_id)
                        REFERENCES record(environment, entity, record_id) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX record_owner_by_mailbox ON record_owner (environment, mailbox, entity, record_id)",
                // origin_mailbox NULL: the ERP made the change. owners: the record's owners just
                // after the change, a JSON array.
                """
                CREATE TABLE crm_change (
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    position bigint NOT NULL CHECK (position > 0),
                    entity text NOT NULL,
                    record_id text NOT NULL,
                    operation text NOT NULL CHECK (operation IN ('upsert', 'delete')),
                    version bigint NOT NULL CHECK (version > 0),
                    changed_fields text NOT NULL,
                    owners_added text NOT NULL,
                    owners_removed text NOT NULL,
                    origin_mailbox text,
                    recorded_at timestamptz NOT NULL,
                    owners text,
                    PRIMARY KEY (environment, position)
                )
                """,
                // Each mailbox's cycle reads the entries that concern it through this table.
                """
                CREATE TABLE crm_change_mailbox (
                    environment text NOT NULL,
                    mailbox text NOT NULL,
                    position bigint NOT NULL,
                    PRIMARY KEY (environment, mailbox, position),
                    FOREIGN KEY (environment, position) REFERENCES crm_change(environment, position) ON DELETE CASCADE
                )
                """,
                "CREATE INDEX crm_change_mailbox_by_position ON crm_change_mailbox (environment, position)",
                """
                CREATE TABLE outlook_change (
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    position bigint NOT NULL CHECK (position > 0),
                    entity text NOT NULL,
                    record_id text NOT NULL,
                    operation text NOT NULL CHECK (operation IN ('created', 'updated', 'deleted', 'failed')),
                    fields text NOT NULL,
                    cleared_fields text NOT NULL,
                    mailbox text NOT NULL,
                    item_id text,
                    record_version bigint NOT NULL CHECK (record_version > 0),
                    occurred_at timestamptz NOT NULL,
                    failure text,
                    PRIMARY KEY (environment, position)
                )
                """,
                // The webhook outbox holds a record's change back while an earlier one of the same
                // record is undelivered: found through the record's changes, not the whole feed.
                "CREATE INDEX outlook_change_by_record ON outlook_change (environment, entity, record_id, position)",
                """
                CREATE TABLE webhook_outbox (
                    environment text NOT NULL,
                    position bigint NOT NULL,
                    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    next_attempt_at timestamptz NOT NULL,
                    last_error text,
                    delivered_at timestamptz,
                    PRIMARY KEY (environment, position),
                    FOREIGN KEY (environment, position)
                        REFERENCES outlook_change(environment, position) ON DELETE CASCADE
                )
                """,
                """
                CREATE INDEX webhook_outbox_due ON webhook_outbox (environment, next_attempt_at)
                    WHERE delivered_at IS NULL
                """,
                """
                CREATE TABLE intent (
                    environment text NOT NULL,
                    id text NOT NULL CHECK (id <> ''),
                    mailbox text NOT NULL,
                    entity text NOT NULL,
                    record_id text NOT NULL,
                    tag text NOT NULL,
                    state text NOT NULL CHECK (state IN ('pending', 'completed', 'abandoned')),
                    fields text,
                    created_at timestamptz NOT NULL,
                    resolved_at timestamptz,
                    PRIMARY KEY (environment, id),
                    FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE
                )
                """,
                // At most one creation in flight per record and mailbox.
                """
                CREATE UNIQUE INDEX intent_one_pending_per_record ON intent (environment, mailbox, entity, record_id)
                    WHERE state = 'pending'
                """,
                """
                CREATE TABLE run (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    mailbox text,
                    worker text,
                    started_at timestamptz NOT NULL,
                    finished_at timestamptz,
                    outcome text NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'abandoned')),
                    counts text NOT NULL,
                    error text
                )
                """,
                "CREATE INDEX run_by_mailbox ON run (environment, mailbox, id)",
                """
                CREATE TABLE decision (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    run_id bigint REFERENCES run(id) ON DELETE SET NULL,
                    mailbox text,
                    entity text NOT NULL,
                    record_id text NOT NULL,
                    item_id text,
                    action text NOT NULL CHECK (action <> ''),
                    target text NOT NULL CHECK (target IN ('outlook', 'crm', 'both', 'neither')),
                    fields text NOT NULL,
                    reason text NOT NULL,
                    decided_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX decision_by_record ON decision (environment, entity, record_id, id)",
                "CREATE INDEX decision_by_item ON decision (environment, mailbox, item_id, id)",
                "CREATE INDEX decision_by_run ON decision (run_id)",
                """
                CREATE TABLE conflict (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    run_id bigint REFERENCES run(id) ON DELETE SET NULL,
                    mailbox text NOT NULL,
                    entity text NOT NULL,
                    record_id text NOT NULL,
                    item_id text,
                    fields text NOT NULL,
                    policy text NOT NULL,
                    winner text NOT NULL CHECK (winner IN ('crm', 'outlook')),
                    detected_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX conflict_by_record ON conflict (environment, entity, record_id, id)",
                "CREATE INDEX conflict_by_mailbox ON conflict (environment, mailbox, id)",
                // A released lease keeps its row so that the fencing token keeps growing.
                """
                CREATE TABLE lease (
                    resource text NOT NULL PRIMARY KEY,
                    holder text,
                    token bigint NOT NULL CHECK (token >= 0),
                    acquired_at timestamptz,
                    expires_at timestamptz
                )
                """,
                // Outlook writes the server refused: counted per record and mailbox, quarantined at
                // the attempt limit so that the rest of the mailbox moves on.
                """
                CREATE TABLE failed_item (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    environment text NOT NULL,
                    mailbox text NOT NULL,
                    entity text NOT NULL,
                    record_id text NOT NULL,
                    item_id text,
                    operation text NOT NULL,
                    code text NOT NULL,
                    message text NOT NULL,
                    remedy text NOT NULL,
                    attempts integer NOT NULL CHECK (attempts >= 0),
                    state text NOT NULL CHECK (state IN ('retrying', 'quarantined')),
                    first_failed_at timestamptz NOT NULL,
                    last_failed_at timestamptz NOT NULL,
                    UNIQUE (environment, mailbox, entity, record_id),
                    FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE
                )
                """,
                """
                CREATE TABLE change_subscription (
                    id text NOT NULL PRIMARY KEY,
                    environment text NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                    mailbox text NOT NULL,
                    resource text NOT NULL,
                    client_state_digest text NOT NULL,
                    expires_at timestamptz NOT NULL,
                    UNIQUE (environment, mailbox, resource)
                )
                """,
            ]),
        Migration(
            name: "2-workers",
            statements: [
                // The workers sharing the store (SQLite's migration 16).
                """
                CREATE TABLE worker (
                    id text NOT NULL PRIMARY KEY,
                    started_at timestamptz NOT NULL,
                    expires_at timestamptz NOT NULL
                )
                """,
            ]),
        Migration(
            name: "3-onboarding",
            statements: [
                // Self-service onboarding (SQLite's migration 17).
                """
                CREATE TABLE onboarding_invitation (
                    token_digest text NOT NULL PRIMARY KEY,
                    environment text NOT NULL,
                    language text NOT NULL CHECK (language IN ('fr', 'en')),
                    created_at timestamptz NOT NULL,
                    expires_at timestamptz NOT NULL,
                    spent_at timestamptz
                )
                """,
                """
                CREATE TABLE onboarded_environment (
                    name text NOT NULL PRIMARY KEY,
                    tenant_id text NOT NULL,
                    application_id text NOT NULL,
                    api text NOT NULL CHECK (api IN ('ews', 'graph')),
                    credential_kind text NOT NULL CHECK (credential_kind IN ('secret', 'certificate')),
                    sealed_credential bytea NOT NULL,
                    credential_expires_at timestamptz,
                    onboarded_at timestamptz NOT NULL
                )
                """,
            ]),
        Migration(
            name: "4-onboarding-certificate",
            statements: [
                // The certificate made for an invitation, sealed (SQLite's migration 18).
                "ALTER TABLE onboarding_invitation ADD COLUMN pending_certificate bytea",
            ]),
        Migration(
            name: "5-operator-sessions",
            statements: [
                // The dashboard's sessions (SQLite's migration 19).
                """
                CREATE TABLE operator_session (
                    token_digest text NOT NULL PRIMARY KEY,
                    key_name text NOT NULL,
                    created_at timestamptz NOT NULL,
                    expires_at timestamptz NOT NULL
                )
                """,
            ]),
        Migration(
            name: "6-service-events",
            statements: [
                // Service events for the webhook (SQLite's migration 20).
                """
                CREATE TABLE service_event (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    event_key text NOT NULL UNIQUE,
                    type text NOT NULL,
                    environment text NOT NULL,
                    data bytea NOT NULL,
                    occurred_at timestamptz NOT NULL,
                    attempts integer NOT NULL,
                    next_attempt_at timestamptz NOT NULL,
                    last_error text,
                    delivered_at timestamptz
                )
                """,
                "CREATE INDEX service_event_due ON service_event (next_attempt_at) WHERE delivered_at IS NULL",
            ]),
        Migration(
            name: "7-tracked-emails",
            statements: [
                // E-mail tracking (SQLite's migration 21).
                """
                CREATE TABLE tracked_email (
                    environment text NOT NULL,
                    internet_message_id text NOT NULL CHECK (internet_message_id <> ''),
                    record_id text NOT NULL,
                    fields text NOT NULL,
                    mailboxes text NOT NULL,
                    conversation_id text,
                    version bigint NOT NULL CHECK (version > 0),
                    position bigint NOT NULL CHECK (position > 0),
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL,
                    PRIMARY KEY (environment, internet_message_id)
                )
                """,
                "CREATE UNIQUE INDEX tracked_email_by_position ON tracked_email (environment, position)",
                "CREATE UNIQUE INDEX tracked_email_by_record ON tracked_email (environment, record_id)",
                """
                CREATE TABLE tracked_email_head (
                    environment text NOT NULL PRIMARY KEY,
                    next_position bigint NOT NULL CHECK (next_position > 0),
                    next_record bigint NOT NULL CHECK (next_record > 0)
                )
                """,
            ]),
    ]

    /// Applies the migrations not yet recorded, each in its own transaction, under the
    /// migration lock. Returns the names applied now.
    @discardableResult
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await PostgresTransaction.run(on: connection, logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migration (
                    name text NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
        }
        var applied: [String] = []
        for migration in migrations {
            let ran = try await PostgresTransaction.run(on: connection, logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
                let done = try await connection.query(
                    "SELECT 1 FROM schema_migration WHERE name = \(migration.name)", logger: logger
                ).collect()
                guard done.isEmpty else { return false }
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migration (name) VALUES (\(migration.name))", logger: logger)
                return true
            }
            if ran {
                logger.info("Applied migration \(migration.name) to the PostgreSQL store")
                applied.append(migration.name)
            }
        }
        return applied
    }
}
