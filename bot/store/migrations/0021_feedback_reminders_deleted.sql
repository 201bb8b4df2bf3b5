-- The feedback reminders are DMs to the trainees who had not answered by then: kept, they would
-- tell whoever holds the bot's token (or Discord) who those were, long after the poll. They are
-- deleted when the poll closes. Nothing per DM is stored for that (a row written only when a
-- reminder went would mark, in the file and its -wal, which turns found someone who had not
-- answered, and its ids would need key material that outlives the poll's salt): the bot looks in
-- every trainee's DMs alike for its reminders of the poll (their Answer button names the poll)
-- and deletes them. `reminders_deleted` says that is done, so a restart finishes it and never
-- repeats it. Polls closed before this migration have their reminders deleted too.
ALTER TABLE feedback_polls ADD COLUMN reminders_deleted INTEGER NOT NULL DEFAULT 0
    CHECK (reminders_deleted IN (0, 1));
