-- A message kept past its draft may also be in a server channel: at /group close, a card or a
-- post to the leaders whose deletion Discord refused for now (the group's rows go next, and the
-- draft's record of that message with them). `author` then holds that channel's id, sealed as
-- a DM's recipient is; `in_channel` says which of the two it is (nothing about an author).
ALTER TABLE draft_dms_to_delete
    ADD COLUMN in_channel INTEGER NOT NULL DEFAULT 0 CHECK (in_channel IN (0, 1));
