-- Anonymous feedback: post-session pulses and the end-of-year survey (README → Privacy → Feedback).
-- Times are UTC ISO-8601 text; local dates 'YYYY-MM-DD'. References only core tables and our own.
--
-- How anonymity is built into the tables (not a display setting):
-- * Answers are never stored as rows per voter. Each poll has a fixed grid of counters, one per
--   (item, scale point), created with zeros when the poll opens; an answer adds 1 to some of them.
--   So there is no answer row at all: no user key, no timestamp, no row id and no insertion order
--   that could map to a voter, and the set of rows never changes while the poll is open.
-- * Free-text comments are rows keyed by a random 128-bit id in a WITHOUT ROWID table: they are
--   stored in the order of that random key, not in the order they arrived, and are not linked to
--   the same person's ticks (separate tables, no shared key).
-- * "Has answered" is HMAC(secret key, per-poll salt, user): the key never enters the database,
--   and at close the salt is set to NULL and the poll's rows here are deleted, so from then on
--   nobody, the host included, can tell who answered.

CREATE TABLE feedback_polls (
    id                INTEGER PRIMARY KEY,
    group_id          INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    session_id        INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    kind              TEXT    NOT NULL CHECK (kind IN ('pulse', 'survey')),
    label             TEXT    NOT NULL,                 -- "the session of 3 Sep 2026"
    opens_at          TEXT    NOT NULL,
    closes_at         TEXT    NOT NULL,
    remind_at         TEXT    NOT NULL,
    reminded          INTEGER NOT NULL DEFAULT 0 CHECK (reminded IN (0, 1)),
    status            TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    salt              BLOB,                             -- destroyed (NULL) when the poll closes
    responses         INTEGER NOT NULL DEFAULT 0,       -- never shown while open (no live tallies)
    closed_on         TEXT,                             -- local date of the close
    counts_released   INTEGER NOT NULL DEFAULT 0 CHECK (counts_released IN (0, 1)),
    comments_released INTEGER NOT NULL DEFAULT 0 CHECK (comments_released IN (0, 1)),
    channel_id        INTEGER,                          -- where the "Answer (anonymous)" post is
    message_id        INTEGER,
    CHECK ((status = 'open') = (salt IS NOT NULL)),
    CHECK (closes_at > opens_at)
);
CREATE UNIQUE INDEX feedback_one_pulse_per_session ON feedback_polls (session_id)
    WHERE kind = 'pulse';
CREATE UNIQUE INDEX feedback_one_survey_per_group ON feedback_polls (group_id)
    WHERE kind = 'survey';
CREATE INDEX feedback_polls_open ON feedback_polls (status, closes_at);

-- The counters: how many chose `value` for `item`. Deleted once the poll's counts are released
-- (the release keeps only the pooled aggregate), so small per-poll counts do not linger.
CREATE TABLE feedback_counts (
    poll_id INTEGER NOT NULL REFERENCES feedback_polls (id) ON DELETE CASCADE,
    item    TEXT    NOT NULL,
    value   INTEGER NOT NULL,
    count   INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (poll_id, item, value)
) WITHOUT ROWID;

-- Free text, keyed by a random 16-byte id (physical order = random order). `question` is which
-- free-text question it answers ('comment' for a pulse). Deleted once released to the leaders.
CREATE TABLE feedback_comments (
    id       BLOB    NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    poll_id  INTEGER NOT NULL REFERENCES feedback_polls (id) ON DELETE CASCADE,
    question TEXT    NOT NULL,
    body     TEXT    NOT NULL CHECK (length(trim(body)) > 0)
) WITHOUT ROWID;

-- Who has answered an open poll: HMAC handles only; emptied when the poll closes.
CREATE TABLE feedback_answered (
    poll_id INTEGER NOT NULL REFERENCES feedback_polls (id) ON DELETE CASCADE,
    handle  TEXT    NOT NULL,
    PRIMARY KEY (poll_id, handle)
) WITHOUT ROWID;

-- What was shown to the leaders: one row per release (possibly several polls pooled), with the
-- released aggregate, notes and comments as JSON (see bot/store/feedback.py). Nothing per voter.
CREATE TABLE feedback_releases (
    id                INTEGER PRIMARY KEY,
    group_id          INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('pulse', 'survey')),
    released_at       TEXT    NOT NULL,
    k                 INTEGER NOT NULL CHECK (k >= 3),
    comment_k         INTEGER NOT NULL CHECK (comment_k >= k),
    body              TEXT    NOT NULL,
    shared_at         TEXT,                             -- the summary was posted to the group
    shared_message_id INTEGER
);
CREATE INDEX feedback_releases_by_group ON feedback_releases (group_id, kind, id);

-- A group's own thresholds (/feedback threshold); absent = the settings' defaults.
CREATE TABLE feedback_thresholds (
    group_id      INTEGER NOT NULL PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
    min_responses INTEGER NOT NULL CHECK (min_responses >= 3),
    min_comments  INTEGER NOT NULL CHECK (min_comments >= min_responses)
);
