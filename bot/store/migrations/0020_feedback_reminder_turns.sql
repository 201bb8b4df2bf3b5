-- The feedback reminders survive a restart without a list of who is still to be reminded. Each
-- trainee's reminder time within the window is drawn from HMAC(bot key, the poll's salt, user)
-- (bot/store/feedback.reminder_draws): nothing per member is written. The reminders go one at a
-- time in the order of those draws, and `reminder_turn` is the draw of the turn taken last,
-- written before its reminder is sent, whether or not that trainee has answered (so the column
-- moves at every trainee's time, saying nothing of who answered). `reminders_from` is when the
-- window began (moved later after downtime, so the times after it keep their random spacing).
-- Without the key the draw is an opaque number; once the salt is destroyed at close, nobody can
-- compute it. A poll planned before this migration has no `reminders_from`: as before, a
-- restart loses its reminders not yet sent.
ALTER TABLE feedback_polls ADD COLUMN reminders_from TEXT;
ALTER TABLE feedback_polls ADD COLUMN reminder_turn INTEGER;
