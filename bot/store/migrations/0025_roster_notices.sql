-- A notice to everyone on a group's roster (e.g. a skipped session took its drafts), one row per
-- member still to tell: the whole fan-out is recorded before the first DM goes, each row deleted
-- once its DM has gone, so a stop part-way leaves exactly the rest, which the next start sends
-- (bot/roster_notices.py). The text is kept only until then; decided_at names the attempt (its
-- nonce, and since when a resend looks for a DM that went before the stop).
CREATE TABLE roster_notices (
    key        TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    group_id   INTEGER NOT NULL,
    decided_at TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    PRIMARY KEY (key, user_id)
) WITHOUT ROWID;
