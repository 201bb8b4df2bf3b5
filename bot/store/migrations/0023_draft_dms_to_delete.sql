-- A DM to a draft's author that is still to delete when its draft's row (and salt) goes: at
-- /group close (the drafts go with the group, their authors' DMs only once the close is over,
-- out of the leaders' sight) and wherever a deletion failed (Discord answered 5xx or 429 until
-- the retries ran out; /forgetme unlinks the draft right after). Kept across a stop, as
-- feedback_reminders_after_close is, until the DM is deleted; then the row goes. Nothing here
-- reads without the bot's key: the message id and its recipient are both sealed (XOR one-time
-- pads from the key and the row's random nonce, bot/domain/anonymity.seal_id), no draft, group
-- or time is kept, and the key's column comes first (WITHOUT ROWID: no order of insertion).
CREATE TABLE draft_dms_to_delete (
    nonce   INTEGER NOT NULL PRIMARY KEY,
    message BLOB    NOT NULL CHECK (length(message) = 8),
    author  BLOB    NOT NULL CHECK (length(author) = 8)
) WITHOUT ROWID;
