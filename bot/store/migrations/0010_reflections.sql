-- Private reflections: a trainee's own notes for their portfolio, seen by nobody but them.
-- Opt-in per group (reflection_optins); prompted after a session they attended or presented at.
-- Deleted with the group at close (each author first gets their log by private message), and by
-- /forgetme. answers: JSON {question: answer}, each answer passed the de-identification gate.
CREATE TABLE reflection_optins (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    since    TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE reflections (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    session_date TEXT    NOT NULL,                 -- the session's local date (or the day written)
    kind         TEXT    NOT NULL CHECK (kind IN ('session', 'presented', 'free')),
    written_at   TEXT    NOT NULL,
    answers      TEXT    NOT NULL
);
CREATE INDEX reflections_by_user ON reflections (user_id, session_date);
