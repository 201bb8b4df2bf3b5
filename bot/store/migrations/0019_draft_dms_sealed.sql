-- The author's DMs about a draft are kept to be deleted with it, but a DM's message id finds its
-- recipient to anyone holding the bot's token (ask each member's DM channel for it). So an
-- 'author' row keeps the id only sealed: `sealed` = the id XOR a one-time pad made with the bot's
-- key (never in the database) and the draft's salt (bot/domain/anonymity.seal_id), and its
-- message_id is a random number, the pad's nonce, unique within the draft. Rows written before
-- this migration are sealed by the bot when it starts (it has the key; SQL does not).
ALTER TABLE draft_messages ADD COLUMN sealed BLOB
    CHECK (sealed IS NULL OR (kind = 'author' AND length(sealed) = 8));
