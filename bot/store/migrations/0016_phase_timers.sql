-- The session's structure: the phase timer a leader starts in a session (/session start), so a
-- restart resumes it. Only the timer's state and the message that shows it: nothing about what is
-- said, and nobody's id. Deleted with the session (and its group); when the leaders stop it or
-- its last phase ends.
CREATE TABLE phase_timers (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    minutes    TEXT    NOT NULL,                   -- JSON: each phase's minutes, fixed at start
    phase      INTEGER NOT NULL,
    started_at TEXT    NOT NULL,                   -- when the current phase began (UTC)
    paused_at  TEXT
);
