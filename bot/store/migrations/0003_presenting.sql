-- Presenting: who offered a case for which session, the fair rota's memory, nudges and follow-ups.
-- Times are UTC ISO-8601 text; local dates 'YYYY-MM-DD'. References only core tables and our own.

-- A member who offered a case for a session. status is who presents now ('presenter') or waits
-- ('reserve'); the order of reserves is not stored, it is the fairness rule applied on reading.
-- named: the member agreed to be named in the agenda. pinned: set by a leader with /presenter set,
-- so the fairness rule never moves them.
CREATE TABLE volunteers (
    session_id     INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL,
    volunteered_at TEXT    NOT NULL,
    named          INTEGER NOT NULL DEFAULT 0 CHECK (named IN (0, 1)),
    status         TEXT    NOT NULL CHECK (status IN ('presenter', 'reserve')),
    pinned         INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX volunteers_by_user ON volunteers (user_id);

-- Volunteers released because their session was skipped or cancelled: they keep their place as
-- carried reserves (a RESERVE outcome on that date for the fairness rule).
CREATE TABLE carried_reserves (
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    local_date  TEXT    NOT NULL,
    reason      TEXT    NOT NULL CHECK (reason IN ('skipped', 'cancelled')),
    released_at TEXT    NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX carried_reserves_by_group ON carried_reserves (group_id, user_id);

-- The leaders' record of a past session: who presented, or "no case". A row here replaces the
-- schedule as the truth for fairness and the portfolio; confirming again replaces it.
CREATE TABLE session_confirmations (
    session_id   INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    no_case      INTEGER NOT NULL DEFAULT 0 CHECK (no_case IN (0, 1)),
    confirmed_by INTEGER NOT NULL,
    confirmed_at TEXT    NOT NULL
);
CREATE TABLE presentations (
    session_id INTEGER NOT NULL REFERENCES session_confirmations (session_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX presentations_by_user ON presentations (user_id);

-- Members who asked for no "would you bring a case?" nudges in a group.
CREATE TABLE nudge_optouts (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    since    TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

-- Private messages this capability sent, one per (session, member, kind): a retried delivery
-- never sends a member the same nudge, offer or question twice. kind: 'nudge', 'offer', 'followup'.
CREATE TABLE presenting_dms (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    sent_at    TEXT    NOT NULL,
    PRIMARY KEY (session_id, user_id, kind)
);

-- "Would you like to give the group an update on that case?" weeks after presenting.
-- A yes gives the member a short slot on the agenda of update_session_id.
CREATE TABLE followups (
    session_id        INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id           INTEGER NOT NULL,
    asked_at          TEXT    NOT NULL,
    answer            TEXT    CHECK (answer IN ('yes', 'no')),
    answered_at       TEXT,
    update_session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX followups_by_update ON followups (update_session_id);
