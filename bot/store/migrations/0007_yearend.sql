-- The year's end: endorsed certificates, and the attendance ledger a closed group leaves behind.
--
-- Closing a group deletes its `groups` row, and with it (ON DELETE CASCADE) its sessions, roster,
-- agendas, rota, drafts, feedback and delivery ledger. What must outlive it, so certificates can be
-- re-issued and verified, is copied first into `ledgers` + `ledger_lines`, which are deleted
-- automatically at keep_until.

CREATE TABLE ledgers (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    timezone    TEXT    NOT NULL,
    start_date  TEXT    NOT NULL,
    end_date    TEXT    NOT NULL,
    leaders     TEXT    NOT NULL,            -- the leaders' names as printed on certificates
    target      INTEGER NOT NULL,            -- sessions to attend, as it was when closed
    settings    TEXT    NOT NULL,            -- JSON: the group's settings, for /group renew
    closed_at   TEXT    NOT NULL,
    keep_until  TEXT    NOT NULL
);
CREATE INDEX ledgers_by_channel ON ledgers (channel_id);
CREATE INDEX ledgers_by_expiry ON ledgers (keep_until);

-- One line per trainee and session that met: status NULL when only a presentation is known.
CREATE TABLE ledger_lines (
    ledger_id  INTEGER NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    local_date TEXT    NOT NULL,
    starts_at  TEXT    NOT NULL,
    status     TEXT    CHECK (status IN ('attended', 'late', 'excused', 'absent')),
    reason     TEXT,
    presented  INTEGER NOT NULL DEFAULT 0 CHECK (presented IN (0, 1)),
    PRIMARY KEY (ledger_id, user_id, local_date)
);
CREATE INDEX ledger_lines_by_user ON ledger_lines (user_id);

-- A leader's endorsement of a trainee's record up to covers_until. While the group is open it
-- belongs to the group (group_id); at close it moves to the ledger (ledger_id) and goes with it.
-- fingerprint: SHA-256 of the dated lines the certificate stated (bot/domain/records.py).
CREATE TABLE endorsements (
    code         TEXT    PRIMARY KEY,
    group_id     INTEGER REFERENCES groups (id) ON DELETE SET NULL,
    ledger_id    INTEGER REFERENCES ledgers (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    member_name  TEXT    NOT NULL,
    leader_id    INTEGER NOT NULL,
    leader_name  TEXT    NOT NULL,
    endorsed_at  TEXT    NOT NULL,
    covers_until TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    summary      TEXT    NOT NULL             -- the certificate's summary sentence
);
CREATE INDEX endorsements_by_member ON endorsements (user_id);
