-- A notice to members may carry one button (e.g. "Volunteer for Thu 17 Sep" in the DM that a
-- skipped session released one's offer): kept with the row as JSON (custom_id, label, style), so
-- a resend after a stop carries it too.
ALTER TABLE roster_notices ADD COLUMN button TEXT;
