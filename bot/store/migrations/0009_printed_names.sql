-- The name a trainee chose to have printed on their attendance certificates (/attendance name).
-- One per person, for every group, kept after a group closes (its ledger's certificates use it).
CREATE TABLE printed_names (
    user_id INTEGER PRIMARY KEY,
    name    TEXT    NOT NULL,
    set_at  TEXT    NOT NULL
);
