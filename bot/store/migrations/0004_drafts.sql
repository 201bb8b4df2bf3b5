-- Anonymous case drafts (issue 6). Anonymous by construction: no Discord user id of an author is
-- stored anywhere in these tables. The author is known only as
--   author_handle = HMAC-SHA256(bot key, salt, group id, user id)
-- where the key never enters the database and the salt is this draft's own, deleted with the row.
-- A per-draft (not per-session) salt means that even two drafts by the same author cannot be told
-- apart from two authors by anyone holding this file.
-- No timestamps either: when a draft was written would hint at who wrote it.

CREATE TABLE drafts (
    id            INTEGER PRIMARY KEY,
    session_id    INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    author_handle TEXT    NOT NULL,
    salt          BLOB    NOT NULL,
    theme         TEXT    NOT NULL CHECK (length(theme) >= 1),  -- lengths: [drafts] settings
    body          TEXT    NOT NULL CHECK (length(body) >= 1),
    first_name    TEXT             CHECK (first_name IS NULL OR length(first_name) BETWEEN 1 AND 30),
    status        TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
    -- A rejection's reason, kept only until the author has been told (then the row is deleted).
    reject_reason TEXT,
    author_told   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX drafts_by_session ON drafts (session_id, status);
CREATE INDEX drafts_by_group ON drafts (group_id, status);

-- Every message that showed a draft (the leaders' review card, relayed questions and answers, the
-- author's DMs), so they are deleted with it. channel_id is NULL for messages in the author's own
-- DMs: a DM channel id would name the author, so the bot finds that channel again through the
-- handle, while the draft's salt still exists.
CREATE TABLE draft_messages (
    draft_id   INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('card', 'leaders', 'author')),
    channel_id INTEGER,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (draft_id, message_id)
);

-- Leaders' questions to an anonymous author and the author's answers: no user id on either side.
CREATE TABLE draft_questions (
    id       INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    question TEXT    NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
    answer   TEXT             CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 1000)
);

-- The lines this capability gave a session's agenda post, so that
-- a draft withdrawn later, and every draft at expiry, can be taken out of that post again.
-- draft_id 0 is the heading. Deleted at expiry.
CREATE TABLE draft_agenda_lines (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    draft_id   INTEGER NOT NULL,
    line       TEXT    NOT NULL,
    UNIQUE (session_id, draft_id, line)
);
