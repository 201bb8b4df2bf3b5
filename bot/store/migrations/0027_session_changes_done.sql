-- How far a leader's change to a session (skip, cancel, restore, move) has been carried out
-- beyond its row: 0 written, 1 the group's channel told, 2 every capability followed it (the
-- native event, posts already out, drafts, volunteers). The next start finishes what a stop left
-- (cogs/sessions/_cog.py). Changes from before were done.
ALTER TABLE session_changes ADD COLUMN done INTEGER NOT NULL DEFAULT 2;
