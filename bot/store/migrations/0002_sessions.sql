-- Sessions: attendance (check-ins, declared absences, leaders' corrections, absences decided at
-- close), drift-away alerts, agendas, the T-72h "I have a case in mind" count, and the log of
-- calendar changes. Times are UTC ISO-8601 text. References only core tables and our own.

-- What is known about a trainee at a session. One row per (session, trainee):
--   attended / late  from the "I'm here" button (checked_in_at) or a leader's correction;
--   excused          a declared absence (reason is a category, never free text) or a correction;
--   absent           decided when the session closed (no check-in, no declared absence).
-- source says who decided it last; marked_by is the leader behind a correction.
CREATE TABLE attendance (
    session_id    INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('attended', 'late', 'excused', 'absent')),
    reason        TEXT    CHECK (reason IN ('leave', 'on_call', 'post_nights', 'ltft', 'sick', 'other')),
    checked_in_at TEXT,
    source        TEXT    NOT NULL CHECK (source IN ('checkin', 'declared', 'closed', 'leader')),
    marked_by     INTEGER,
    updated_at    TEXT    NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX attendance_by_user ON attendance (user_id, session_id);

-- Sessions whose attendance was decided at close (absences recorded once). counted = 0 when the
-- check-in was never posted (the bot was offline), so nobody was marked absent for it.
CREATE TABLE attendance_closed (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    closed_at  TEXT    NOT NULL,
    counted    INTEGER NOT NULL DEFAULT 1 CHECK (counted IN (0, 1))
);

-- Drift-away alerts sent to leaders: one per streak, a streak named by its first unexcused absence.
CREATE TABLE drift_alerts (
    group_id         INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id          INTEGER NOT NULL,
    first_session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    alerted_at       TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id, first_session_id)
);

-- The leaders' agenda for a session (NULL text = the gentle default) and where it was posted.
-- pinned = 1 while it is the pinned agenda of its channel (next week's post unpins it).
CREATE TABLE agendas (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    text       TEXT,
    set_by     INTEGER,
    updated_at TEXT,
    channel_id INTEGER,
    message_id INTEGER,
    pinned     INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
);
CREATE INDEX agendas_pinned ON agendas (pinned) WHERE pinned = 1;

-- "I have a case in mind" (the T-72h button): only an HMAC handle of the member under the bot's
-- key, per session, so the file alone never says who; only the count is ever shown. Emptied when
-- the session closes.
CREATE TABLE case_intents (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    handle     TEXT    NOT NULL,
    PRIMARY KEY (session_id, handle)
);

-- Leaders' changes to the calendar: the calendar file's SEQUENCE, which posts a restore reopens,
-- and an audit of who changed what.
CREATE TABLE session_changes (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    change        TEXT    NOT NULL CHECK (change IN ('skipped', 'moved', 'cancelled', 'restored')),
    reason        TEXT,
    old_starts_at TEXT    NOT NULL,
    new_starts_at TEXT    NOT NULL,
    changed_by    INTEGER NOT NULL,
    changed_at    TEXT    NOT NULL
);
CREATE INDEX session_changes_by_session ON session_changes (session_id);
