import GRDB

// The schema, as named migrations. A migration, once released, never changes: a new
// column or table is a new migration appended at the end.
//
// Dates are stored as GRDB's UTC text (`YYYY-MM-DD HH:MM:SS.SSS`), which sorts in time
// order; JSON columns hold field sets and name lists. Tables are STRICT so that a wrong
// type is refused rather than stored.
extension SQLiteSyncStore {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("1-environments-and-mailboxes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE environment (
                        name TEXT NOT NULL PRIMARY KEY CHECK (name <> ''),
                        config_fingerprint TEXT,
                        webhook_delivery INTEGER NOT NULL DEFAULT 0 CHECK (webhook_delivery IN (0, 1)),
                        crm_feed_head INTEGER NOT NULL DEFAULT 0 CHECK (crm_feed_head >= 0),
                        outlook_feed_head INTEGER NOT NULL DEFAULT 0 CHECK (outlook_feed_head >= 0),
                        registered_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL
                    ) STRICT;

                    CREATE TABLE mailbox (
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        address TEXT NOT NULL CHECK (address <> '' AND address = lower(address)),
                        state TEXT NOT NULL CHECK (state IN ('enrolled', 'disabled')),
                        enrolled_at TEXT NOT NULL,
                        last_attempt_at TEXT,
                        last_success_at TEXT,
                        last_error TEXT,
                        last_error_diagnostic TEXT,
                        last_error_at TEXT,
                        PRIMARY KEY (environment, address)
                    ) STRICT, WITHOUT ROWID;
                    """)
        }

        migrator.registerMigration("2-links-and-cursors") { db in
            // One link per record per mailbox, one per item per mailbox: a duplicate item
            // cannot be recorded, whatever the code above does.
            try db.execute(
                sql: """
                    CREATE TABLE link (
                        id INTEGER PRIMARY KEY,
                        environment TEXT NOT NULL,
                        mailbox TEXT NOT NULL,
                        entity TEXT NOT NULL CHECK (entity <> ''),
                        record_id TEXT NOT NULL CHECK (record_id <> ''),
                        item_id TEXT NOT NULL CHECK (item_id <> ''),
                        change_key TEXT NOT NULL,
                        base TEXT NOT NULL,
                        tag TEXT NOT NULL,
                        last_written_change_key TEXT,
                        folder_id TEXT,
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE,
                        CONSTRAINT link_one_per_record UNIQUE (environment, mailbox, entity, record_id),
                        CONSTRAINT link_one_per_item UNIQUE (environment, mailbox, item_id)
                    ) STRICT;
                    CREATE INDEX link_by_tag ON link (environment, mailbox, tag);
                    CREATE INDEX link_by_record ON link (environment, entity, record_id);

                    CREATE TABLE sync_state (
                        environment TEXT NOT NULL,
                        mailbox TEXT NOT NULL,
                        folder_id TEXT NOT NULL CHECK (folder_id <> ''),
                        state TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (environment, mailbox, folder_id),
                        FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE
                    ) STRICT, WITHOUT ROWID;

                    -- consumer: '' for the whole environment, else a mailbox address.
                    CREATE TABLE crm_feed_position (
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        consumer TEXT NOT NULL,
                        position INTEGER NOT NULL CHECK (position >= 0),
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (environment, consumer)
                    ) STRICT, WITHOUT ROWID;
                    """)
        }

        migrator.registerMigration("3-records-and-feeds") { db in
            // Feed positions come from the environment's head counters, incremented in the
            // writing transaction: gapless and in commit order (an autoincrement in a
            // shared PostgreSQL would be neither).
            try db.execute(
                sql: """
                    CREATE TABLE record (
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        entity TEXT NOT NULL CHECK (entity <> ''),
                        record_id TEXT NOT NULL CHECK (record_id <> ''),
                        fields TEXT NOT NULL,
                        version INTEGER NOT NULL CHECK (version > 0),
                        deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (environment, entity, record_id)
                    ) STRICT, WITHOUT ROWID;

                    CREATE TABLE record_owner (
                        environment TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        mailbox TEXT NOT NULL CHECK (mailbox <> '' AND mailbox = lower(mailbox)),
                        PRIMARY KEY (environment, entity, record_id, mailbox),
                        FOREIGN KEY (environment, entity, record_id)
                            REFERENCES record(environment, entity, record_id) ON DELETE CASCADE
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX record_owner_by_mailbox ON record_owner (environment, mailbox, entity, record_id);

                    -- origin_mailbox NULL: the ERP made the change.
                    CREATE TABLE crm_change (
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        position INTEGER NOT NULL CHECK (position > 0),
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        operation TEXT NOT NULL CHECK (operation IN ('upsert', 'delete')),
                        version INTEGER NOT NULL CHECK (version > 0),
                        changed_fields TEXT NOT NULL,
                        owners_added TEXT NOT NULL,
                        owners_removed TEXT NOT NULL,
                        origin_mailbox TEXT,
                        recorded_at TEXT NOT NULL,
                        PRIMARY KEY (environment, position)
                    ) STRICT, WITHOUT ROWID;

                    CREATE TABLE outlook_change (
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        position INTEGER NOT NULL CHECK (position > 0),
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        operation TEXT NOT NULL CHECK (operation IN ('created', 'updated', 'deleted')),
                        fields TEXT NOT NULL,
                        cleared_fields TEXT NOT NULL,
                        mailbox TEXT NOT NULL,
                        item_id TEXT,
                        record_version INTEGER NOT NULL CHECK (record_version > 0),
                        occurred_at TEXT NOT NULL,
                        PRIMARY KEY (environment, position)
                    ) STRICT, WITHOUT ROWID;
                    """)
        }

        migrator.registerMigration("4-webhook-outbox-and-intents") { db in
            try db.execute(
                sql: """
                    CREATE TABLE webhook_outbox (
                        environment TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                        next_attempt_at TEXT NOT NULL,
                        last_error TEXT,
                        delivered_at TEXT,
                        PRIMARY KEY (environment, position),
                        FOREIGN KEY (environment, position)
                            REFERENCES outlook_change(environment, position) ON DELETE CASCADE
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX webhook_outbox_due ON webhook_outbox (environment, next_attempt_at)
                        WHERE delivered_at IS NULL;

                    CREATE TABLE intent (
                        environment TEXT NOT NULL,
                        id TEXT NOT NULL CHECK (id <> ''),
                        mailbox TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        tag TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('pending', 'completed', 'abandoned')),
                        created_at TEXT NOT NULL,
                        resolved_at TEXT,
                        PRIMARY KEY (environment, id),
                        FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE
                    ) STRICT, WITHOUT ROWID;
                    -- At most one creation in flight per record and mailbox.
                    CREATE UNIQUE INDEX intent_one_pending_per_record ON intent (environment, mailbox, entity, record_id)
                        WHERE state = 'pending';
                    """)
        }

        migrator.registerMigration("5-history-and-leases") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        mailbox TEXT,
                        worker TEXT,
                        started_at TEXT NOT NULL,
                        finished_at TEXT,
                        outcome TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'abandoned')),
                        counts TEXT NOT NULL,
                        error TEXT
                    ) STRICT;
                    CREATE INDEX run_by_mailbox ON run (environment, mailbox, id);

                    CREATE TABLE decision (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
                        mailbox TEXT,
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        item_id TEXT,
                        action TEXT NOT NULL CHECK (action <> ''),
                        target TEXT NOT NULL CHECK (target IN ('outlook', 'crm', 'both', 'neither')),
                        fields TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        decided_at TEXT NOT NULL
                    ) STRICT;
                    CREATE INDEX decision_by_record ON decision (environment, entity, record_id, id);
                    CREATE INDEX decision_by_item ON decision (environment, mailbox, item_id, id);
                    CREATE INDEX decision_by_run ON decision (run_id);

                    CREATE TABLE conflict (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        run_id INTEGER REFERENCES run(id) ON DELETE SET NULL,
                        mailbox TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        item_id TEXT,
                        fields TEXT NOT NULL,
                        policy TEXT NOT NULL,
                        winner TEXT NOT NULL CHECK (winner IN ('crm', 'outlook')),
                        detected_at TEXT NOT NULL
                    ) STRICT;
                    CREATE INDEX conflict_by_record ON conflict (environment, entity, record_id, id);
                    CREATE INDEX conflict_by_mailbox ON conflict (environment, mailbox, id);

                    -- A released lease keeps its row so that the fencing token keeps growing.
                    CREATE TABLE lease (
                        resource TEXT NOT NULL PRIMARY KEY,
                        holder TEXT,
                        token INTEGER NOT NULL CHECK (token >= 0),
                        acquired_at TEXT,
                        expires_at TEXT
                    ) STRICT, WITHOUT ROWID;
                    """)
        }

        migrator.registerMigration("6-detached-links-and-intent-fields") { db in
            // The engine keeps a detached pair (delete policy `unlink`) and creates an item
            // from the fields its intent names; both must survive a restart.
            try db.execute(
                sql: """
                    ALTER TABLE link ADD COLUMN detached INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1));
                    ALTER TABLE intent ADD COLUMN fields TEXT;
                    """)
        }

        migrator.registerMigration("7-crm-change-owners") { db in
            // Each mailbox's cycle reads only the CRM changes of records it owns, owned or gains,
            // instead of loading every record the environment changed (quadratic in mailboxes).
            try db.execute(sql: "ALTER TABLE crm_change ADD COLUMN owners TEXT")
        }

        migrator.registerMigration("8-link-uncommitted-write") { db in
            // An Outlook update sent by a cycle that has not committed: what it wrote (values, and
            // fields cleared) under the change key it produced (`last_written_change_key`), so that
            // the next cycle recognises it as ours after an interruption.
            try db.execute(
                sql: """
                    ALTER TABLE link ADD COLUMN uncommitted_write TEXT;
                    ALTER TABLE link ADD COLUMN uncommitted_clears TEXT;
                    """)
        }

        migrator.registerMigration("10-link-awaiting-read-back") { db in
            // A link whose item was created after the folder's sync state, and not reported by a
            // committed read since: if the next read does not report it, the user removed it
            // before we read it back (net changes), and the delete must not be lost.
            try db.execute(
                sql: """
                    ALTER TABLE link ADD COLUMN awaiting_read_back INTEGER NOT NULL DEFAULT 0
                        CHECK (awaiting_read_back IN (0, 1));
                    """)
        }

        migrator.registerMigration("11-failed-items") { db in
            // Outlook writes the server refused: counted per record and mailbox, quarantined at
            // the attempt limit so that the rest of the mailbox moves on.
            try db.execute(
                sql: """
                    CREATE TABLE failed_item (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        environment TEXT NOT NULL,
                        mailbox TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        item_id TEXT,
                        operation TEXT NOT NULL,
                        code TEXT NOT NULL,
                        message TEXT NOT NULL,
                        remedy TEXT NOT NULL,
                        attempts INTEGER NOT NULL CHECK (attempts >= 0),
                        state TEXT NOT NULL CHECK (state IN ('retrying', 'quarantined')),
                        first_failed_at TEXT NOT NULL,
                        last_failed_at TEXT NOT NULL,
                        UNIQUE (environment, mailbox, entity, record_id),
                        FOREIGN KEY (environment, mailbox) REFERENCES mailbox(environment, address) ON DELETE CASCADE
                    ) STRICT;
                    """)
            // The ERP learns of a quarantined write through its change feed: `failed` entries
            // carry the reason. SQLite cannot widen a CHECK in place, so the table is rebuilt
            // (the migrator runs with foreign keys off and checks them afterwards; the webhook
            // outbox refers to the table by name).
            try db.execute(
                sql: """
                    CREATE TABLE outlook_change_new (
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        position INTEGER NOT NULL CHECK (position > 0),
                        entity TEXT NOT NULL,
                        record_id TEXT NOT NULL,
                        operation TEXT NOT NULL CHECK (operation IN ('created', 'updated', 'deleted', 'failed')),
                        fields TEXT NOT NULL,
                        cleared_fields TEXT NOT NULL,
                        mailbox TEXT NOT NULL,
                        item_id TEXT,
                        record_version INTEGER NOT NULL CHECK (record_version > 0),
                        occurred_at TEXT NOT NULL,
                        failure TEXT,
                        PRIMARY KEY (environment, position)
                    ) STRICT, WITHOUT ROWID;
                    INSERT INTO outlook_change_new (environment, position, entity, record_id, operation, fields,
                        cleared_fields, mailbox, item_id, record_version, occurred_at)
                    SELECT environment, position, entity, record_id, operation, fields, cleared_fields, mailbox, item_id,
                        record_version, occurred_at
                    FROM outlook_change;
                    DROP TABLE outlook_change;
                    ALTER TABLE outlook_change_new RENAME TO outlook_change;
                    """)
        }

        migrator.registerMigration("12-environment-api-choice") { db in
            // The API the service reaches the environment through (`Api: Auto` decides at each
            // start), for `status` and the HTTP API.
            try db.execute(
                sql: """
                    ALTER TABLE environment ADD COLUMN api TEXT CHECK (api IN ('ews', 'graph'));
                    ALTER TABLE environment ADD COLUMN api_automatic INTEGER NOT NULL DEFAULT 0 CHECK (api_automatic IN (0, 1));
                    ALTER TABLE environment ADD COLUMN api_notice TEXT;
                    ALTER TABLE environment ADD COLUMN api_decided_at TEXT;
                    """)
        }

        migrator.registerMigration("13-outlook-change-by-record") { db in
            // The webhook outbox holds a record's change back while an earlier one of the same
            // record is undelivered: found through the record's changes, not the whole feed.
            try db.execute(sql: "CREATE INDEX outlook_change_by_record ON outlook_change (environment, entity, record_id, position)")
        }

        migrator.registerMigration("14-crm-change-by-mailbox") { db in
            // Each mailbox's cycle reads the entries that concern it through this index instead
            // of paging through the environment's whole feed. Entries from before migration 7
            // (no owners) concern every mailbox, as `CRMChange.concerns` says.
            try db.execute(
                sql: """
                    CREATE TABLE crm_change_mailbox (
                        environment TEXT NOT NULL,
                        mailbox TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        PRIMARY KEY (environment, mailbox, position),
                        FOREIGN KEY (environment, position) REFERENCES crm_change(environment, position) ON DELETE CASCADE
                    ) STRICT, WITHOUT ROWID;
                    CREATE INDEX crm_change_mailbox_by_position ON crm_change_mailbox (environment, position);

                    INSERT OR IGNORE INTO crm_change_mailbox (environment, mailbox, position)
                    SELECT c.environment, j.value, c.position FROM crm_change c, json_each(c.owners) j WHERE c.owners IS NOT NULL
                    UNION SELECT c.environment, j.value, c.position FROM crm_change c, json_each(c.owners_added) j
                    UNION SELECT c.environment, j.value, c.position FROM crm_change c, json_each(c.owners_removed) j
                    UNION SELECT c.environment, m.address, c.position FROM crm_change c
                        JOIN mailbox m ON m.environment = c.environment WHERE c.owners IS NULL;
                    """)
        }

        migrator.registerMigration("15-change-subscriptions") { db in
            // Graph change-notification subscriptions, so that a restart renews them instead of
            // creating more, and a notification is traced to its mailbox and checked.
            try db.execute(
                sql: """
                    CREATE TABLE change_subscription (
                        id TEXT PRIMARY KEY NOT NULL,
                        environment TEXT NOT NULL REFERENCES environment(name) ON DELETE CASCADE,
                        mailbox TEXT NOT NULL,
                        resource TEXT NOT NULL,
                        client_state_digest TEXT NOT NULL,
                        expires_at TEXT NOT NULL,
                        UNIQUE (environment, mailbox, resource)
                    ) STRICT;
                    """)
        }

        migrator.registerMigration("16-workers") { db in
            // The workers sharing the store, so that they share its mailboxes out and notice a
            // dead one: each announces itself every few seconds, and lapses when it stops.
            try db.execute(
                sql: """
                    CREATE TABLE worker (
                        id TEXT PRIMARY KEY NOT NULL,
                        started_at TEXT NOT NULL,
                        expires_at TEXT NOT NULL
                    ) STRICT;
                    """)
        }

        migrator.registerMigration("17-onboarding") { db in
            // Self-service onboarding: invitations (only their token's digest) and the
            // environments customers enrolled, their credential sealed by the service.
            try db.execute(
                sql: """
                    CREATE TABLE onboarding_invitation (
                        token_digest TEXT PRIMARY KEY NOT NULL,
                        environment TEXT NOT NULL,
                        language TEXT NOT NULL CHECK (language IN ('fr', 'en')),
                        created_at TEXT NOT NULL,
                        expires_at TEXT NOT NULL,
                        spent_at TEXT
                    ) STRICT;
                    CREATE TABLE onboarded_environment (
                        name TEXT PRIMARY KEY NOT NULL,
                        tenant_id TEXT NOT NULL,
                        application_id TEXT NOT NULL,
                        api TEXT NOT NULL CHECK (api IN ('ews', 'graph')),
                        credential_kind TEXT NOT NULL CHECK (credential_kind IN ('secret', 'certificate')),
                        sealed_credential BLOB NOT NULL,
                        credential_expires_at TEXT,
                        onboarded_at TEXT NOT NULL
                    ) STRICT;
                    """)
        }

        migrator.registerMigration("18-onboarding-certificate") { db in
            // The certificate made for an invitation, sealed, between the guide and the submit.
            try db.execute(sql: "ALTER TABLE onboarding_invitation ADD COLUMN pending_certificate BLOB")
        }

        migrator.registerMigration("19-operator-sessions") { db in
            // The dashboard's sessions: the cookie token's digest and the API key's name.
            try db.execute(
                sql: """
                    CREATE TABLE operator_session (
                        token_digest TEXT PRIMARY KEY NOT NULL,
                        key_name TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        expires_at TEXT NOT NULL
                    ) STRICT;
                    """)
        }

        migrator.registerMigration("20-service-events") { db in
            // Service events for the webhook (an environment onboarded, a credential expiring),
            // queued once per key.
            try db.execute(
                sql: """
                    CREATE TABLE service_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_key TEXT NOT NULL UNIQUE,
                        type TEXT NOT NULL,
                        environment TEXT NOT NULL,
                        data BLOB NOT NULL,
                        occurred_at TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        next_attempt_at TEXT NOT NULL,
                        last_error TEXT,
                        delivered_at TEXT
                    ) STRICT;
                    CREATE INDEX service_event_due ON service_event (next_attempt_at) WHERE delivered_at IS NULL;
                    """)
        }

        migrator.registerMigration("21-tracked-emails") { db in
            // E-mail tracking (one way, Outlook to the CRM): one record per environment and
            // InternetMessageId, and the feed head that numbers records and orders their changes.
            try db.execute(
                sql: """
                    CREATE TABLE tracked_email (
                        environment TEXT NOT NULL,
                        internet_message_id TEXT NOT NULL CHECK (internet_message_id <> ''),
                        record_id TEXT NOT NULL,
                        fields TEXT NOT NULL,
                        mailboxes TEXT NOT NULL,
                        conversation_id TEXT,
                        version INTEGER NOT NULL CHECK (version > 0),
                        position INTEGER NOT NULL CHECK (position > 0),
                        created_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (environment, internet_message_id)
                    ) STRICT;
                    CREATE UNIQUE INDEX tracked_email_by_position ON tracked_email (environment, position);
                    CREATE UNIQUE INDEX tracked_email_by_record ON tracked_email (environment, record_id);
                    CREATE TABLE tracked_email_head (
                        environment TEXT PRIMARY KEY NOT NULL,
                        next_position INTEGER NOT NULL CHECK (next_position > 0),
                        next_record INTEGER NOT NULL CHECK (next_record > 0)
                    ) STRICT;
                    """)
        }

        return migrator
    }()

    /// Migrates the file. Two processes opening a new file at once may race on the first
    /// migration; the loser finds the schema in place on its retry.
    static func migrate(_ pool: DatabasePool) throws {
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError where attempt < 3 && error.resultCode == .SQLITE_ERROR {
                attempt += 1
            }
        }
    }
}
