-- A private reflective log the bot could not send its author when their group closed (their
-- direct messages were closed): kept for them alone, fetched with /reflect export in the group's
-- old channel, until the closed group's attendance ledger goes (keep_until), or /forgetme.
-- group_id is the closed group's old id (no reference: the group is gone).
CREATE TABLE kept_reflections (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    group_name   TEXT    NOT NULL,
    user_id      INTEGER NOT NULL,
    session_date TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    written_at   TEXT    NOT NULL,
    answers      TEXT    NOT NULL,
    keep_until   TEXT    NOT NULL
);
CREATE INDEX kept_reflections_by_user ON kept_reflections (user_id, channel_id);
