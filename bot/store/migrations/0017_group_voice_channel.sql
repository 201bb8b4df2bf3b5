-- Voice attendance (opt-in: [sessions] voice_attendance on the host, then /group edit
-- voice_channel): the voice or stage channel where a group meets. Joining it during the check-in
-- window checks a trainee in, as "I'm here" does. NULL: attendance from the button alone.
ALTER TABLE groups ADD COLUMN voice_channel_id INTEGER;
