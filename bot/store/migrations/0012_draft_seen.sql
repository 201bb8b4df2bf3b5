-- What the leaders last saw of each draft (issue 10, leak 2): the text and status as of the last
-- round that showed it, and each answer as of that round. Between rounds every leader view
-- (/draft review, the buttons on a card and their replies) reads these, never the author's
-- current version, so nothing a leader sees can date an edit, an answer or a withdrawal. NULL
-- seen_status: not shown to the leaders yet. The next round copies the current version over.
ALTER TABLE drafts ADD COLUMN seen_theme TEXT;
ALTER TABLE drafts ADD COLUMN seen_body TEXT;
ALTER TABLE drafts ADD COLUMN seen_first_name TEXT;
ALTER TABLE drafts ADD COLUMN seen_status TEXT;
ALTER TABLE draft_questions ADD COLUMN seen_answer TEXT;

-- Drafts already on the leaders' cards: what they saw is what is stored (as of their last round
-- an edit set the card aside, so those are left NULL and shown with the next round).
UPDATE drafts SET seen_theme = theme, seen_body = body, seen_first_name = first_name,
    seen_status = status
WHERE status IN ('pending', 'approved')
  AND EXISTS (SELECT 1 FROM draft_messages m WHERE m.draft_id = drafts.id AND m.kind = 'card');
UPDATE draft_questions SET seen_answer = answer
WHERE draft_id IN (SELECT id FROM drafts WHERE seen_status IS NOT NULL);
