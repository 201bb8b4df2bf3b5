-- Core: groups, their closed rosters, their sessions, the delivery ledger for scheduled posts.
-- Times are stored in UTC as ISO-8601 text ('2026-09-03T08:00:00+00:00'); local dates as 'YYYY-MM-DD'.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE groups (
    id                 INTEGER PRIMARY KEY,
    guild_id           INTEGER NOT NULL,
    channel_id         INTEGER NOT NULL UNIQUE,
    name               TEXT    NOT NULL,
    weekday            INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- Monday = 0
    start_time         TEXT    NOT NULL,                                 -- local 'HH:MM'
    duration_minutes   INTEGER NOT NULL CHECK (duration_minutes BETWEEN 15 AND 240),
    timezone           TEXT    NOT NULL,                                 -- IANA name
    start_date         TEXT    NOT NULL,
    end_date           TEXT    NOT NULL,
    leader_role_id     INTEGER,
    trainee_role_id    INTEGER,
    leaders_channel_id INTEGER,
    case_slots         INTEGER NOT NULL DEFAULT 1 CHECK (case_slots BETWEEN 1 AND 3),
    created_at         TEXT    NOT NULL,
    CHECK (end_date > start_date)
);
CREATE INDEX groups_by_guild ON groups (guild_id);

-- The closed roster. A member who leaves keeps their row (left_at) so their record stays.
CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    role      TEXT    NOT NULL CHECK (role IN ('leader', 'trainee')),
    joined_at TEXT    NOT NULL,
    left_at   TEXT,
    PRIMARY KEY (group_id, user_id)
);

-- One row per meeting. local_date is the regular date the session belongs to (the key for skip and
-- restore); a moved session keeps its local_date and gets new starts_at/ends_at.
CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    local_date TEXT    NOT NULL,
    starts_at  TEXT    NOT NULL,
    ends_at    TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'scheduled'
               CHECK (status IN ('scheduled', 'skipped', 'cancelled')),
    reason     TEXT,
    moved      INTEGER NOT NULL DEFAULT 0,
    event_id   INTEGER,
    UNIQUE (group_id, local_date)
);
CREATE INDEX sessions_by_start ON sessions (starts_at);

-- The delivery ledger: one row per scheduled post (session, kind), written in the same transaction
-- that decides to post. 'claimed' = decided, not yet confirmed sent (retried with the same nonce).
CREATE TABLE deliveries (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('claimed', 'sent', 'missed', 'skipped')),
    due_at     TEXT    NOT NULL,
    decided_at TEXT    NOT NULL,
    late       INTEGER NOT NULL DEFAULT 0,
    channel_id INTEGER,
    message_id INTEGER,
    PRIMARY KEY (session_id, kind)
);

-- Things told to leaders once (e.g. a missing permission), so they are not repeated.
CREATE TABLE notices (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    key      TEXT    NOT NULL,
    told_at  TEXT    NOT NULL,
    PRIMARY KEY (group_id, key)
);
