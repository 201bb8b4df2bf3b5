-- Where a timed post went is kept only for a server channel: a private message's channel id names
-- its recipient to anyone holding the bot's token (the last member nudged, prompted to reflect or
-- offered a reserve place), and it stayed after /forgetme. Earlier rows lose any other channel.
UPDATE deliveries SET channel_id = NULL, message_id = NULL
WHERE channel_id IS NOT NULL
  AND channel_id NOT IN (SELECT channel_id FROM groups)
  AND channel_id NOT IN (SELECT leaders_channel_id FROM groups WHERE leaders_channel_id IS NOT NULL);
