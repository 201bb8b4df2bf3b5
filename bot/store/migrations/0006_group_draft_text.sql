-- Whether a group shows approved drafts' full text (not only their themes) in its agenda post.
-- A group's own choice (/group edit publish_draft_text); new groups start from the host's
-- drafts.publish_full_text setting.
ALTER TABLE groups ADD COLUMN publish_draft_text INTEGER NOT NULL DEFAULT 0
    CHECK (publish_draft_text IN (0, 1));
