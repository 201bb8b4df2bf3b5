-- The leaders' own practice: the co-leaders' debrief note after a session, and each leader's
-- accreditation log.
--
-- debrief_notes: one shared note per session, written by the group's leaders (what happened in the
-- group, its process, who to keep an eye on), each field passed by the de-identification gate. It
-- is case material: deleted with the session at /group close, and [drafts] expiry_hours after the
-- session ends, like the case drafts. written_by is the leader who saved it last (NULL after
-- their /forgetme).
CREATE TABLE debrief_notes (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    happened   TEXT,
    process    TEXT,
    watch      TEXT,
    written_by INTEGER,
    written_at TEXT    NOT NULL
);

-- leader_log: one leader's record across groups and years, for an accreditation application.
-- Session lines (led, co_led, missed) are filled by the bot when a session ends, one per leader,
-- session and group channel; the leader adds the others (supervision, leadership days and
-- weekends, sessions as a member). No reference to the group: the log outlives /group close (it
-- names the group in group_name) and is erased only by its leader's /forgetme.
CREATE TABLE leader_log (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    day         TEXT    NOT NULL,                  -- local date
    kind        TEXT    NOT NULL CHECK (kind IN ('led', 'co_led', 'missed', 'supervision',
                                                 'workshop', 'weekend', 'member')),
    group_name  TEXT,
    channel_id  INTEGER,                           -- the group's channel, for session lines
    note        TEXT,
    recorded_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX leader_log_session ON leader_log (user_id, channel_id, day)
    WHERE channel_id IS NOT NULL;
CREATE INDEX leader_log_by_user ON leader_log (user_id, day);
