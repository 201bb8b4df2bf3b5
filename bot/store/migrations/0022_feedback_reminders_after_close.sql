-- /group close deletes a group's polls and roster with it (ON DELETE CASCADE), and deletes their
-- reminders only once the close is over (in between, the time that takes would show in the gaps
-- the leaders watch). What finding them needs, kept across a stop in between: each of the
-- group's polls whose reminders are not deleted yet, when its reminders began, and whose DMs to
-- look in: everyone ever on the roster, answered or not (the roster as it was, nothing about
-- answers). The rows go as soon as the reminders have; /forgetme takes the member's at once.
-- (The key's columns come first: this SQLite's quick_check misreads a WITHOUT ROWID table whose
-- key is not, and would call the file damaged.)
CREATE TABLE feedback_reminders_after_close (
    poll_id   INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    remind_at TEXT    NOT NULL,
    PRIMARY KEY (poll_id, user_id)
) WITHOUT ROWID;
