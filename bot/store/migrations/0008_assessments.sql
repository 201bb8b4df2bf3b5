-- The CBDGA assessment rhythm: when a leader recorded that a trainee's assessment was done
-- (/attendance assessed). Reminders skip a trainee with one counting for the current mark
-- (bot/domain/records.py). Deleted with the group at close: it is not part of the ledger.
CREATE TABLE assessments (
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    assessed_on TEXT    NOT NULL,            -- local date
    recorded_by INTEGER NOT NULL,
    recorded_at TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id, assessed_on)
);
