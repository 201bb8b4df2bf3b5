-- A trainee's evidence across groups and years.
--
-- assessments.outcome: the CBDGA outcome a leader recorded (/attendance assessed ... outcome);
-- rows from before were recorded as done, and count as satisfactory.
ALTER TABLE assessments ADD COLUMN outcome TEXT NOT NULL DEFAULT 'satisfactory'
    CHECK (outcome IN ('satisfactory', 'unsatisfactory'));

-- A closed group's CBDGA outcomes, kept with its attendance ledger (and deleted with it): they
-- count toward the trainee's target like the sessions do.
CREATE TABLE ledger_assessments (
    ledger_id   INTEGER NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    assessed_on TEXT    NOT NULL,
    outcome     TEXT    NOT NULL CHECK (outcome IN ('satisfactory', 'unsatisfactory')),
    PRIMARY KEY (ledger_id, user_id, assessed_on)
);
CREATE INDEX ledger_assessments_by_user ON ledger_assessments (user_id);

-- A less-than-full-time trainee's fraction of full time, set by the group's leaders: the scheme's
-- target is pro-rata. Per group (a trainee's pattern can change between rotations); deleted with
-- the group and by the trainee's /forgetme.
CREATE TABLE ltft_fractions (
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    fraction REAL    NOT NULL CHECK (fraction > 0 AND fraction <= 1),
    set_by   INTEGER,
    set_at   TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

-- /attendance share: a trainee lets this group's leaders see their record from earlier groups
-- (sessions attended, CBDGA outcomes, endorsements; never the sessions' detail). Nothing crosses
-- groups without it. Deleted with the group, by /attendance share off and by /forgetme.
CREATE TABLE record_shares (
    group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    shared_at TEXT    NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
